package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math/bits"
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
	big      map[string]bigInfo // the large lists, by gram
	from     map[string]int     // the lists promoted to large: the id from which the delta's postings are not in their files
	bigs     map[string]string  // those loaded
	urls     map[int]string
	extra    map[string]map[string]string // delta and recent shards loaded, by file
	secs     []int                        // by document id: its section's index
	rank     []int                        // by document id: its place in the ranking (manifest o)
	packs    map[int][]*Entry
	lz       *lz
}

// bigInfo is what the manifest tells of a large list.
type bigInfo struct {
	tops [2]rune // 0 for none
	size int     // KB
}

// Hit is one result: a document id, how many of the query's terms occur in
// its title, and how many times the terms occur in all.
type Hit struct {
	ID, InTitle, Count int
}

// Open reads the manifest through read, which returns a file of the index
// by its name (ManifestFile, search/g/…, search/d/…).
func Open(read func(name string) ([]byte, error)) (*Searcher, error) {
	s := &Searcher{read: read, shards: map[int]map[string]string{}, urls: map[int]string{},
		big: map[string]bigInfo{}, bigs: map[string]string{}, packs: map[int][]*Entry{}}
	if err := s.load(ManifestFile, "m", &s.manifest); err != nil {
		return nil, err
	}
	b := []rune(s.manifest.Big)
	var grams []string // of b, in order
	for i := 0; i+4 <= len(b) && i/4 < len(s.manifest.BigSize); i += 4 {
		g := string(b[i : i+2])
		if b[i+1] == ' ' {
			g = string(b[i : i+1])
		}
		var info bigInfo
		for d := range 2 {
			if b[i+2+d] != ' ' {
				info.tops[d] = b[i+2+d]
			}
		}
		info.size = s.manifest.BigSize[i/4]
		s.big[g] = info
		grams = append(grams, g)
	}
	s.extra = map[string]map[string]string{}
	var err error
	if s.from, err = wholeOf(s.manifest.Whole, grams); err != nil {
		return nil, err
	}
	width := uint(bits.Len(uint(len(s.manifest.Sections))))
	r := bitReader{s: s.manifest.Section}
	for range s.manifest.Docs {
		s.secs = append(s.secs, int(r.bits(width)))
	}
	s.rank = make([]int, s.manifest.Docs)
	for i := range s.rank {
		s.rank[i] = i
	}
	for i, at := 0, 0; i+1 < len(s.manifest.Order); i += 2 {
		for id := s.manifest.Order[i]; id < s.manifest.Order[i]+s.manifest.Order[i+1] && id < len(s.rank); id++ {
			s.rank[id], at = at, at+1
		}
	}
	for i := 0; i+1 < len(s.manifest.Years); i += 2 {
		for range s.manifest.Years[i+1] {
			s.years = append(s.years, s.manifest.Years[i])
		}
	}
	if s.manifest.Ranks != "" {
		rank, years, base, err := ranksOf(s.manifest.Ranks, s.manifest.Docs)
		if err != nil {
			return nil, err
		}
		s.rank, s.years = rank, append(s.years[:min(base, len(s.years))], years...)
	}
	return s, nil
}

// load reads one script file and decodes the value it registers.
func (s *Searcher) load(name, kind string, v any) error {
	b, err := s.read(name)
	if err != nil {
		return err
	}
	return parseScript(name, b, kind, v)
}

// parseScript decodes the value an index file of this kind registers.
func parseScript(name string, b []byte, kind string, v any) error {
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
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// list returns the postings of a gram, nil when no document has it: the
// base's list, then, for an index carried over, the delta shard's and the
// recent shard's (ids rise through the three), without the documents
// removed.
func (s *Searcher) list(g []rune) ([]posting, error) {
	base, err := s.baseList(g)
	if err != nil || s.manifest.Delta == 0 {
		return base, err
	}
	key := unigram(g[0])
	if len(g) == 2 {
		key = bigram(g[0], g[1])
	}
	out := base[:0:0]
	for _, p := range base {
		if !s.removed(p.doc) {
			out = append(out, p)
		}
	}
	for _, f := range []struct {
		kind  string
		k     int
		files string
		name  string
	}{
		{"e", shardOf(key, s.manifest.Delta), s.manifest.DeltaFiles, ""},
		{"r", shardOf(key, max(1, len(s.manifest.Recent))), s.manifest.Recent, ""},
	} {
		if f.k >= len(f.files) || f.files[f.k] != '1' {
			continue
		}
		name := deltaFile(f.k)
		if f.kind == "r" {
			name = recentFile(f.k)
		}
		sh, ok := s.extra[name]
		if !ok {
			if err := s.load(name, f.kind, &sh); err != nil {
				return nil, err
			}
			s.extra[name] = sh
		}
		if enc, ok := sh[string(g)]; ok {
			for _, p := range decodeList(enc, len(g) == 2) {
				if !s.removed(p.doc) && p.doc >= s.from[string(g)] {
					out = append(out, p)
				}
			}
		}
	}
	return out, nil
}

// removed reports whether document id was removed (its section is the
// one past the last).
func (s *Searcher) removed(id int) bool {
	return id < len(s.secs) && s.secs[id] == len(s.manifest.Sections)
}

// baseList returns the postings of a gram in the base: a large list or a shard's.
func (s *Searcher) baseList(g []rune) ([]posting, error) {
	key := bigram(g[0], 0)
	if len(g) == 1 {
		key = unigram(g[0])
	} else {
		key = bigram(g[0], g[1])
	}
	if _, ok := s.big[string(g)]; ok {
		enc, ok := s.bigs[string(g)]
		if !ok {
			if err := s.load(bigFile(key), "l", &enc); err != nil {
				return nil, err
			}
			s.bigs[string(g)] = enc
		}
		return decodeList(enc, len(g) == 2), nil
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
	pos     []int   // bigrams only
	flags   []uint8 // those of a list with top neighbours: bit d set where neighbour d is not the top one
}

func decodeList(enc string, bigram bool) []posting {
	r := bitReader{s: enc}
	n := int(r.gamma())
	kGap := uint(r.gamma() - 1)
	var kFirst, kDelta uint
	var modes [2]uint8
	if bigram {
		kFirst, kDelta = uint(r.gamma()-1), uint(r.gamma()-1)
		m := r.bits(4)
		modes = [2]uint8{uint8(m >> 2), uint8(m & 3)}
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
			if modes != [2]uint8{} {
				p.flags = make([]uint8, p.cnt)
				readExceptions(&r, modes, p.flags)
			}
		}
		out[i] = p
	}
	return out
}

// window is one list a term of three runes or more is checked against: the
// bigram at offset o of the term, and whether the occurrences must have the
// list's top previous and next neighbours, which then stand for the runes
// before and after it in the term.
type window struct {
	o          int
	prev, next bool
}

func (w window) span() (from, to int) { // runes of the term it checks, to exclusive
	from, to = w.o, w.o+2
	if w.prev {
		from--
	}
	if w.next {
		to++
	}
	return from, to
}

// smallCost is what loading a list that is not large is reckoned to cost,
// in KB: the shard it is in.
const smallCost = 20

// plan chooses the windows of a term t of three runes or more: lists whose
// windows together cover every rune of t, at the least cost in KB, large
// lists costing their size. Ties go to the first found, windows taken by
// their end, then their offset; search.js plans alike.
func plan(t []rune, big map[string]bigInfo) []window {
	n := len(t)
	var ws []window
	var costs []int
	for o := 0; o+2 <= n; o++ {
		w, cost := window{o: o}, smallCost
		if b, ok := big[string(t[o:o+2])]; ok {
			cost = max(b.size, 1)
			w.prev = o > 0 && b.tops[0] == t[o-1]
			w.next = o+2 < n && b.tops[1] == t[o+2]
		}
		ws, costs = append(ws, w), append(costs, cost)
	}
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		_, ea := ws[a].span()
		_, eb := ws[b].span()
		return cmp.Compare(ea, eb)
	})
	// best[x]: least cost of windows covering runes [0, x); from[x]: the
	// last window taken and where the cover before it ended.
	best := make([]int, n+1)
	type step struct{ w, x int }
	from := make([]step, n+1)
	for x := 1; x <= n; x++ {
		best[x] = -1
	}
	for _, i := range order {
		s, e := ws[i].span()
		for x := s; x < e; x++ {
			if best[x] >= 0 && (best[e] < 0 || best[x]+costs[i] < best[e]) {
				best[e], from[e] = best[x]+costs[i], step{i, x}
			}
		}
	}
	var out []window
	for x := n; x > 0; x = from[x].x {
		out = append(out, ws[from[x].w])
	}
	slices.SortFunc(out, func(a, b window) int { return cmp.Compare(a.o, b.o) })
	return out
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
	ws := plan(t, s.big)
	lists := make([]map[int][]int, len(ws)) // by window: document → starts of the term it allows
	ls := make([][]posting, len(ws))
	lead := 0 // the list with the fewest documents leads; any window tells the title (a match never spans its end)
	for j, w := range ws {
		l, err := s.list(t[w.o : w.o+2])
		if err != nil || l == nil {
			return out, err
		}
		ls[j] = l
		if len(l) < len(ls[lead]) {
			lead = j
		}
		lists[j] = make(map[int][]int, len(l))
		for _, p := range l {
			lists[j][p.doc] = starts(p, w)
		}
	}
	for _, p := range ls[lead] {
		h := Hit{ID: p.doc}
		for i, at := range p.pos {
			if !usable(p, i, ws[lead]) {
				continue
			}
			start, ok := at-ws[lead].o, true
			for j := 0; j < len(ws) && ok; j++ {
				if j != lead {
					_, ok = slices.BinarySearch(lists[j][p.doc], start)
				}
			}
			if ok {
				h.Count++
				if i < p.tc {
					h.InTitle = 1
				}
			}
		}
		if h.Count > 0 {
			out[p.doc] = h
		}
	}
	return out, nil
}

// usable reports whether occurrence i of a posting has the neighbours
// window w needs.
func usable(p posting, i int, w window) bool {
	return p.flags == nil || (!w.prev || p.flags[i]&1 == 0) && (!w.next || p.flags[i]&2 == 0)
}

// starts returns where the term starts at the usable occurrences of p.
func starts(p posting, w window) []int {
	out := make([]int, 0, len(p.pos))
	for i, at := range p.pos {
		if usable(p, i, w) {
			out = append(out, at-w.o)
		}
	}
	return out
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
		if s.manifest.Order != nil || s.manifest.Ranks != "" {
			return cmp.Compare(s.rank[a.ID], s.rank[b.ID])
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
	if id < 0 || id >= s.manifest.Docs {
		return Entry{}, fmt.Errorf("no document %d", id)
	}
	if s.lz == nil {
		var v lzJSON
		if err := s.load(DictFile, "z", &v); err != nil {
			return Entry{}, err
		}
		s.lz = &lz{table: []rune(v.Table), dict: []rune(v.Dict), k: v.K}
	}
	size := max(s.manifest.Pack, 1)
	p := id / size
	pack, ok := s.packs[p]
	if !ok {
		var enc string
		if err := s.load(packFile(p), "d", &enc); err != nil {
			return Entry{}, err
		}
		var err error
		if pack, err = readPack(enc, s.lz); err != nil {
			return Entry{}, fmt.Errorf("%s: %w", packFile(p), err)
		}
		s.packs[p] = pack
	}
	if i := id % size; i < len(pack) && pack[i] != nil {
		return *pack[i], nil
	}
	return Entry{}, fmt.Errorf("document %d was removed", id)
}
