package search

import (
	"context"
	"encoding/json"
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

// dictRunes is the size of the lz dictionary, in runes.
const dictRunes = 8 << 10

// lzJSON is the content of DictFile: the lz coder's rune table by rank,
// its dictionary and its literal order.
type lzJSON struct {
	Table string `json:"t"`
	Dict  string `json:"d"`
	K     uint   `json:"k"`
}

func (ix *Index) entry(table []rune, id int) Entry {
	s := &ix.slots[ix.ids[id]]
	body := make([]rune, 0, 256)
	decode(table, s.text, func(p int, r rune) {
		if int32(p) >= s.body {
			body = append(body, r)
		}
	})
	d := Entry{Title: s.doc.Title, URL: s.doc.URL, Units: s.doc.Units, Tags: s.doc.Tags, Text: string(body)}
	if !s.doc.Date.IsZero() {
		d.Date = s.doc.Date.Format("2006-01-02")
	}
	return d
}

// makeLZ builds the coder of document files: runes ranked by how often the
// archive uses them, and a dictionary of documents sampled evenly across
// the archive (their JSON, so keys and URL patterns are in it too).
func (ix *Index) makeLZ() *lz {
	table := ix.runes.table()
	byID := make([]int, len(table))
	var live []int
	for id, s := range ix.ids {
		if s < 0 {
			continue
		}
		live = append(live, id)
		b := ix.slots[s].text
		for len(b) > 0 {
			v, n := uvarint(b)
			byID[v]++
			b = b[n:]
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
	b := script("z", 0, appendJSON(nil, v))
	ix.dictSum = sum64(b)
	return w.WriteFile(DictFile, b)
}

// writeDocs writes the files of the given document ids, those whose content
// changed unless all is set, and returns the names written.
func (ix *Index) writeDocs(w output.Writer, ids []int, all bool) ([]string, error) {
	table := ix.runes.table()
	errs := make([]error, len(ids))
	written := make([]bool, len(ids))
	states := sync.Pool{New: func() any { return new(lzState) }}
	parallel.For(context.Background(), len(ids), func(i int) {
		id := ids[i]
		st := states.Get().(*lzState)
		enc := ix.lz.compress([]rune(string(appendJSON(nil, ix.entry(table, id)))), st)
		states.Put(st)
		b := script("d", id, appendJSON(nil, enc))
		if s := sum64(b); all || s != ix.docSum[id] {
			ix.docSum[id], written[i] = s, true
			errs[i] = w.WriteFile(docFile(id), b)
		}
	})
	var names []string
	for i, id := range ids {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if written[i] {
			names = append(names, docFile(id))
		}
	}
	return names, nil
}

// readEntry decodes a document file's value.
func readEntry(enc string, z *lz) (Entry, error) {
	var d Entry
	err := json.Unmarshal([]byte(string(z.decompress(enc))), &d)
	return d, err
}
