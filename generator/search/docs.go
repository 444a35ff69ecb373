package search

import (
	"context"
	"encoding/json"
	"runtime"
	"strconv"
	"sync"

	"gen/generator/output"
	"gen/generator/parallel"
)

// Entry is what a result shows of a document: its document file holds it as
// JSON compressed with the index's lz coder.
type Entry struct {
	Title string   `json:"t"`
	URL   string   `json:"u"`
	Date  string   `json:"d,omitempty"`
	Units []string `json:"n,omitempty"`
	Tags  []string `json:"g,omitempty"`
	Text  string   `json:"x"`
}

// dictRunes is the size of the lz dictionary, in runes. Every first query
// loads it: 4K runes (11 KB at 10,000 entries) make the document files 3%
// larger than 8K would, and the download 10 KB smaller.
const dictRunes = 4 << 10

// lzJSON is the content of DictFile: the lz coder's rune table by rank,
// its dictionary and its literal order.
type lzJSON struct {
	Table string `json:"t"`
	Dict  string `json:"d"`
	K     uint   `json:"k"`
}

// appendEntry appends the JSON of document id's Entry, as appendJSON
// would, to b as runes — what the lz coder compresses — without reflection
// or a copy of the text; buf is scratch space.
func (ix *Index) appendEntry(b []rune, table []rune, id int, buf *[]uint32) []rune {
	s := &ix.slots[ix.ids[id]]
	b = appendASCII(b, `{"t":`)
	b = appendString(b, s.doc.Title)
	b = appendASCII(b, `,"u":`)
	b = appendString(b, s.doc.URL)
	if !s.doc.Date.IsZero() {
		b = appendASCII(b, `,"d":"`)
		var tmp [16]byte
		b = appendASCII(b, string(s.doc.Date.AppendFormat(tmp[:0], "2006-01-02")))
		b = append(b, '"')
	}
	for _, f := range []struct {
		key  string
		list []string
	}{{`,"n":[`, s.doc.Units}, {`,"g":[`, s.doc.Tags}} {
		if len(f.list) == 0 {
			continue
		}
		b = appendASCII(b, f.key)
		for i, x := range f.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, x)
		}
		b = append(b, ']')
	}
	b = appendASCII(b, `,"x":"`)
	*buf = ids(s.text, *buf)
	for _, id := range (*buf)[s.body:] {
		b = appendRune(b, table[id])
	}
	return appendASCII(b, `"}`)
}

func appendASCII(b []rune, s string) []rune {
	for i := 0; i < len(s); i++ {
		b = append(b, rune(s[i]))
	}
	return b
}

func appendString(b []rune, s string) []rune {
	b = append(b, '"')
	for _, r := range s {
		b = appendRune(b, r)
	}
	return append(b, '"')
}

// appendRune appends r as encoding/json writes it inside a string, HTML
// characters escaped.
func appendRune(b []rune, r rune) []rune {
	const hex = "0123456789abcdef"
	switch {
	case r == '"' || r == '\\':
		return append(b, '\\', r)
	case r == '\n':
		return append(b, '\\', 'n')
	case r == '\r':
		return append(b, '\\', 'r')
	case r == '\t':
		return append(b, '\\', 't')
	case r == '\b':
		return append(b, '\\', 'b')
	case r == '\f':
		return append(b, '\\', 'f')
	case r < 0x20 || r == '<' || r == '>' || r == '&' || r == 0x2028 || r == 0x2029:
		return append(b, '\\', 'u', rune(hex[r>>12&15]), rune(hex[r>>8&15]), rune(hex[r>>4&15]), rune(hex[r&15]))
	}
	return append(b, r)
}

func (ix *Index) entry(table []rune, id int) Entry {
	s := &ix.slots[ix.ids[id]]
	text := ids(s.text, make([]uint32, 0, s.runes))
	body := make([]rune, 0, len(text)-int(s.body))
	for _, id := range text[s.body:] {
		body = append(body, table[id])
	}
	d := Entry{Title: s.doc.Title, URL: s.doc.URL, Units: s.doc.Units, Tags: s.doc.Tags, Text: string(body)}
	if !s.doc.Date.IsZero() {
		d.Date = s.doc.Date.Format("2006-01-02")
	}
	return d
}

// makeLZ builds the coder of document files: runes ranked by how often the
// archive uses them, and a dictionary of documents sampled evenly across
// the archive (their JSON, so keys and URL patterns are in it too). It
// returns nil once ctx is done.
func (ix *Index) makeLZ(ctx context.Context) *lz {
	table := ix.runes.table()
	var live []int
	for id, s := range ix.ids {
		if s >= 0 {
			live = append(live, id)
		}
	}
	// how often each rune comes, counted by every goroutine over its share
	workers := runtime.GOMAXPROCS(0)
	perWorker := make([][]int, workers)
	err := parallel.For(ctx, workers, func(w int) {
		byID := make([]int, len(table))
		var buf []uint32
		for _, id := range live[w*len(live)/workers : (w+1)*len(live)/workers] {
			buf = ids(ix.slots[ix.ids[id]].text, buf)
			for _, r := range buf {
				byID[r]++
			}
		}
		perWorker[w] = byID
	})
	if err != nil {
		return nil // some goroutines never counted
	}
	byID := perWorker[0]
	for _, c := range perWorker[1:] {
		for id, n := range c {
			byID[id] += n
		}
	}
	var dict []rune
	for i := 0; i < len(live) && len(dict) < 2*dictRunes; i += max(1, len(live)/48) {
		dict = append(dict, []rune(string(appendJSON(nil, ix.entry(table, live[i]))))...)
	}
	if len(dict) > dictRunes {
		dict = dict[len(dict)-dictRunes:]
	}
	counts := make(map[rune]int, len(table))
	for id, n := range byID {
		if n > 0 {
			counts[table[id]] += n
		}
	}
	for _, r := range dict {
		counts[r]++
	}
	return newLZ(counts, dict)
}

func (ix *Index) writeDict(w output.Writer) error {
	v := lzJSON{Table: string(ix.lz.table), Dict: string(ix.lz.dict), K: ix.lz.k}
	b := script("z", "0", appendJSON(nil, v))
	ix.dictSum = sum64(b)
	return w.WriteFile(DictFile, b)
}

// packLive reports whether document file p holds a document.
func (ix *Index) packLive(p int) bool {
	for id := p * packSize; id < min((p+1)*packSize, len(ix.ids)); id++ {
		if ix.ids[id] >= 0 {
			return true
		}
	}
	return false
}

// writeDocs writes the given document files, those whose content changed
// unless all is set, and returns the names written. A file holds the JSON
// array of the Entries of its documents (null for a removed one),
// compressed as one text.
func (ix *Index) writeDocs(ctx context.Context, w output.Writer, packs []int, all bool) ([]string, error) {
	table := ix.runes.table()
	errs := make([]error, len(packs))
	written := make([]bool, len(packs))
	states := sync.Pool{New: func() any { return new(lzState) }}
	retains := retains(w)
	err := parallel.For(ctx, len(packs), func(i int) {
		p := packs[i]
		st := states.Get().(*lzState)
		src := append(st.src[:0], '[')
		for id := p * packSize; id < min((p+1)*packSize, len(ix.ids)); id++ {
			if id > p*packSize {
				src = append(src, ',')
			}
			if ix.ids[id] < 0 {
				src = appendASCII(src, "null")
			} else {
				src = ix.appendEntry(src, table, id, &st.ids)
			}
		}
		src = append(src, ']')
		enc := ix.lz.compress(src, st)
		st.src = src
		var b []byte
		if !retains {
			b = st.file[:0]
		}
		b = appendDocScript(b, p, enc)
		if s := sum64(b); all || s != ix.docSum[p] {
			ix.docSum[p], written[i] = s, true
			errs[i] = w.WriteFile(packFile(p), b)
		}
		if !retains {
			st.file = b
		}
		states.Put(st)
	})
	if err != nil {
		return nil, err
	}
	var names []string
	for i, p := range packs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if written[i] {
			names = append(names, packFile(p))
		}
	}
	return names, nil
}

// appendDocScript appends document file p of enc, a bit stream's
// characters, to b: script("d", p, appendJSON(nil, string(enc))). Of those
// characters only <, > and & are escaped in JSON (as appendJSON does).
func appendDocScript(b []byte, p int, enc []byte) []byte {
	b = append(b, `GenSearch.put("d",`...)
	b = strconv.AppendInt(b, int64(p), 10)
	b = append(b, ',', '"')
	for _, c := range enc {
		switch c {
		case '<':
			b = append(b, `\u003c`...)
		case '>':
			b = append(b, `\u003e`...)
		case '&':
			b = append(b, `\u0026`...)
		default:
			b = append(b, c)
		}
	}
	return append(b, "\");\n"...)
}

// readPack decodes a document file's value.
func readPack(enc string, z *lz) ([]*Entry, error) {
	var ds []*Entry
	err := json.Unmarshal([]byte(string(z.decompress(enc))), &ds)
	return ds, err
}
