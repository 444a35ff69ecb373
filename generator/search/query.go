package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
)

// Searcher answers queries from written index files the way search.js does,
// step for step, so Go tests can check the algorithm the browser runs
// against brute force over thousands of queries.
type Searcher struct {
	read     func(name string) ([]byte, error)
	manifest manifestJSON
	years    []int // by document id
	shards   map[int]map[string]string
	urls     map[int]string
	lz       *lz
}

// Hit is one result: a document id, how many of the query's terms occur in
// its title, and how many times the terms occur in all.
type Hit struct {
	ID, InTitle, Count int
}

// Open reads the manifest through read, which returns a file of the index
// by its name (ManifestFile, search/g/…, search/d/…).
func Open(read func(name string) ([]byte, error)) (*Searcher, error) {
	s := &Searcher{read: read, shards: map[int]map[string]string{}, urls: map[int]string{}}
	if err := s.load(ManifestFile, "m", &s.manifest); err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(s.manifest.Years); i += 2 {
		for range s.manifest.Years[i+1] {
			s.years = append(s.years, s.manifest.Years[i])
		}
	}
	return s, nil
}

// load reads one script file and decodes the value it registers.
func (s *Searcher) load(name, kind string, v any) error {
	b, err := s.read(name)
	if err != nil {
		return err
	}
	prefix := fmt.Appendf(nil, "GenSearch.put(%q,", kind)
	if !bytes.HasPrefix(b, prefix) || !bytes.HasSuffix(b, []byte(");\n")) {
		return fmt.Errorf("%s: not an index file", name)
	}
	b = b[len(prefix) : len(b)-3]
	i := bytes.IndexByte(b, ',')
	if i < 0 {
		return fmt.Errorf("%s: not an index file", name)
	}
	if err := json.Unmarshal(b[i+1:], v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// list returns the postings of a gram, nil when no document has it.
func (s *Searcher) list(g []rune) ([]posting, error) {
	key := bigram(g[0], 0)
	if len(g) == 1 {
		key = unigram(g[0])
	} else {
		key = bigram(g[0], g[1])
	}
	k := shardOf(key, s.manifest.Shards)
	sh, ok := s.shards[k]
	if !ok {
		if err := s.load(shardFile(k), "g", &sh); err != nil {
			return nil, err
		}
		s.shards[k] = sh
	}
	enc, ok := sh[string(g)]
	if !ok {
		return nil, nil
	}
	return decodeList(enc, len(g) == 2), nil
}

// posting is one document of a gram's list.
type posting struct {
	doc     int
	cnt, tc int
	pos     []int // bigrams only
}

func decodeList(enc string, bigram bool) []posting {
	r := bitReader{s: enc}
	n := int(r.gamma())
	kGap := uint(r.gamma() - 1)
	var kFirst, kDelta uint
	if bigram {
		kFirst, kDelta = uint(r.gamma()-1), uint(r.gamma()-1)
	}
	out := make([]posting, n)
	doc := -1
	for i := range out {
		doc += int(r.rice(kGap)) + 1
		p := posting{doc: doc, cnt: int(r.gamma()), tc: int(r.gamma()) - 1}
		if bigram {
			p.pos = make([]int, p.cnt)
			at := int(r.rice(kFirst))
			p.pos[0] = at
			for j := 1; j < p.cnt; j++ {
				at += int(r.rice(kDelta)) + 1
				p.pos[j] = at
			}
		}
		out[i] = p
	}
	return out
}

// cover is the bigram offsets whose positions pin down every rune of a term
// of n ≥ 3 runes: 0, 2, 4 … and n-2.
func cover(n int) []int {
	var offs []int
	for o := 0; o+2 <= n; o += 2 {
		offs = append(offs, o)
	}
	if offs[len(offs)-1] != n-2 {
		offs = append(offs, n-2)
	}
	return offs
}

// term returns the documents containing t as a substring, with how often
// and whether in the title.
func (s *Searcher) term(t []rune) (map[int]Hit, error) {
	out := map[int]Hit{}
	if len(t) <= 2 {
		l, err := s.list(t)
		for _, p := range l {
			out[p.doc] = Hit{ID: p.doc, Count: p.cnt, InTitle: min(p.tc, 1)}
		}
		return out, err
	}
	offs := cover(len(t))
	lists := make([]map[int][]int, len(offs))
	var first []posting
	for j, o := range offs {
		l, err := s.list(t[o : o+2])
		if err != nil || l == nil {
			return out, err
		}
		if j == 0 {
			first = l
		}
		lists[j] = make(map[int][]int, len(l))
		for _, p := range l {
			lists[j][p.doc] = p.pos
		}
	}
	for _, p := range first {
		h := Hit{ID: p.doc}
	next:
		for i, at := range p.pos {
			for j := 1; j < len(offs); j++ {
				if _, ok := slices.BinarySearch(lists[j][p.doc], at+offs[j]); !ok {
					continue next
				}
			}
			h.Count++
			if i < p.tc {
				h.InTitle = 1
			}
		}
		if h.Count > 0 {
			out[p.doc] = h
		}
	}
	return out, nil
}

// Search returns the documents matching every term of query, ranked: more
// terms in the title first, then more occurrences, then newer.
func (s *Searcher) Search(query string) ([]Hit, error) {
	var acc map[int]Hit
	for _, t := range Terms(query) {
		hits, err := s.term([]rune(t))
		if err != nil {
			return nil, err
		}
		if acc == nil {
			acc = hits
			continue
		}
		for id, h := range acc {
			if o, ok := hits[id]; ok {
				acc[id] = Hit{ID: id, InTitle: h.InTitle + o.InTitle, Count: h.Count + o.Count}
			} else {
				delete(acc, id)
			}
		}
	}
	out := make([]Hit, 0, len(acc))
	for _, h := range acc {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b Hit) int {
		if c := cmp.Compare(b.InTitle, a.InTitle); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(s.year(b.ID), s.year(a.ID)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

func (s *Searcher) year(id int) int {
	if id < len(s.years) {
		return s.years[id]
	}
	return 0
}

// URL returns the page of document id, read from its file.
func (s *Searcher) URL(id int) (string, error) {
	if u, ok := s.urls[id]; ok {
		return u, nil
	}
	d, err := s.Doc(id)
	s.urls[id] = d.URL
	return d.URL, err
}

// Doc reads the file of document id.
func (s *Searcher) Doc(id int) (Entry, error) {
	if s.lz == nil {
		var v lzJSON
		if err := s.load(DictFile, "z", &v); err != nil {
			return Entry{}, err
		}
		s.lz = &lz{table: []rune(v.Table), dict: []rune(v.Dict), k: v.K}
	}
	var enc string
	if err := s.load(docFile(id), "d", &enc); err != nil {
		return Entry{}, err
	}
	return readEntry(enc, s.lz)
}
