package search

import (
	"cmp"
	"slices"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Doc is what the index knows of one entry.
type Doc struct {
	URL          string // page path relative to the site root
	Title        string
	Date         time.Time // zero when the entry has no date
	Year         int
	Section      string // section folder name
	SectionTitle string
	Units        []string
	Tags         []string
	Text         string // the body as plain text
}

// Index collects documents and writes the index files. Add may be called
// from many goroutines for distinct slots; every other method is for one
// goroutine at a time.
type Index struct {
	runes  *runes
	slots  []slot
	total  atomic.Int64 // runes of searchable text, to size shards
	byURL  map[string]int
	ids    []int // document id → slot, -1 for a removed document
	shards int   // number of gram shards, fixed by the first Write
	lz     *lz   // the coder of document files, fixed likewise

	// what the last Write left, for WriteChanged
	shardSum  []uint64
	docSum    []uint64
	manifest  uint64
	dictSum   uint64
	man       *manifestJSON // the manifest's value but its version, nil when a document's section or year changed
	pending   map[int]bool  // shards changed since
	dirtyDocs map[int]bool  // document ids changed since

	// the update cache (kept.go): kept by Write after KeepForUpdates, or
	// built by the first Put or Remove
	keep       bool
	lists      map[gram]*kept
	shardLists [][]*kept // by shard, in gram order
	tk         *tokenizer
}

// slot is one document as kept between Add and Write: its metadata and its
// searchable text in compact form, never the Doc's strings of text.
type slot struct {
	doc   Doc    // Text is empty
	text  []byte // compact searchable text (see searchable)
	title int32  // runes of the title
	body  int32  // where the body starts
	id    int    // document id, -1 until the first Write
	gone  bool
}

// New returns an index with room for n documents.
func New(n int) *Index {
	return &Index{runes: newRunes(), slots: make([]slot, n)}
}

// Add puts doc in slot i (0 ≤ i < n). Before the first Write only.
func (ix *Index) Add(i int, doc Doc) {
	ix.slots[i] = ix.makeSlot(doc)
	ix.total.Add(int64(len(ix.slots[i].text)))
}

// searchable is the text queries are matched against: the title, each tag,
// each unit and the body, separated by line breaks so that no match spans
// two of them. The section's title is not part of it (the section filter
// covers it, and every entry of a section would otherwise match it).
func searchable(d Doc) (text []rune, title, body int32) {
	text = make([]rune, 0, utf8.RuneCountInString(d.Title)+utf8.RuneCountInString(d.Text)+32)
	text = append(text, []rune(d.Title)...)
	title = int32(len(text))
	for _, f := range [][]string{d.Tags, d.Units} {
		for _, s := range f {
			text = append(text, '\n')
			text = append(text, []rune(s)...)
		}
	}
	text = append(text, '\n')
	body = int32(len(text))
	text = append(text, []rune(d.Text)...)
	return text, title, body
}

func (ix *Index) makeSlot(d Doc) slot {
	text, title, body := searchable(d)
	d.Text = ""
	return slot{doc: d, text: ix.runes.encode(nil, text), title: title, body: body, id: -1}
}

// assignIDs numbers the documents newest first — by year, then date, then
// URL — so that "newer" ranks by id and years form runs in the manifest.
func (ix *Index) assignIDs() {
	order := make([]int, 0, len(ix.slots))
	for i := range ix.slots {
		if !ix.slots[i].gone {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		da, db := &ix.slots[a].doc, &ix.slots[b].doc
		if c := cmp.Compare(db.Year, da.Year); c != 0 {
			return c
		}
		if c := db.Date.Compare(da.Date); c != 0 {
			return c
		}
		return cmp.Compare(da.URL, db.URL)
	})
	ix.ids = order
	ix.byURL = make(map[string]int, len(order))
	for id, s := range order {
		ix.slots[s].id = id
		ix.byURL[ix.slots[s].doc.URL] = s
	}
}

// Len is the number of documents in the index.
func (ix *Index) Len() int {
	n := 0
	for i := range ix.slots {
		if !ix.slots[i].gone {
			n++
		}
	}
	return n
}

// tokenizer finds the grams of a slot: each rune that is not a space, and
// each pair of adjacent ones, at their rune position. What it needs of each
// rune number — its folded rune, whether it is a space, the first step of
// the shard hash — is worked out once.
type tokenizer struct {
	fold  []rune
	space []bool
	h1    []uint32
}

func newTokenizer(table []rune) *tokenizer {
	t := &tokenizer{fold: make([]rune, len(table)), space: make([]bool, len(table)), h1: make([]uint32, len(table))}
	for id, r := range table {
		f := Fold(r)
		t.fold[id], t.space[id], t.h1[id] = f, isSpace(f), (2166136261^uint32(f))*16777619
	}
	return t
}

// grams calls emit for every gram occurrence of slot s with its shard of n.
func (t *tokenizer) grams(s *slot, buf []uint32, n int, emit func(g gram, shard int, p int32, inTitle bool)) []uint32 {
	buf = buf[:0]
	for b := s.text; len(b) > 0; {
		id, k := uvarint(b)
		b = b[k:]
		buf = append(buf, uint32(id))
	}
	for i, id := range buf {
		if t.space[id] {
			continue
		}
		p, r := int32(i), t.fold[id]
		emit(unigram(r), mix(t.h1[id], n), p, p < s.title)
		if i+1 < len(buf) && !t.space[buf[i+1]] {
			r2 := t.fold[buf[i+1]]
			emit(bigram(r, r2), mix((t.h1[id]^uint32(r2))*16777619, n), p, p < s.title)
		}
	}
	return buf
}
