package search

import (
	"cmp"
	"slices"
	"sync"
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
	runes    *runes
	scratch  sync.Pool // *[]byte for makeSlot
	encoders sync.Pool // *scratch for encodeLists
	slots    []slot
	total    atomic.Int64 // runes of searchable text, to size shards
	byURL    map[string]int
	ids      []int            // document id → slot, -1 for a removed document
	shards   int              // number of gram shards, fixed by the first Write
	lz       *lz              // the coder of document files, fixed likewise
	fixed    bool             // whether the layout of large lists is (neighbours.go)
	bigMin   int              // bytes from which a list is long
	big      map[gram][2]rune // the large lists and their top neighbours (0: none)
	bigSize  map[gram]int     // their sizes in KB as last written
	bigMan   bigManifest

	// what the last Write left, for WriteChanged
	shardSum   []uint64
	bigSum     map[gram]uint64
	docSum     []uint64
	manifest   uint64
	dictSum    uint64
	man        *manifestJSON // the manifest's value but its version, nil when a document's section or year changed
	pending    map[int]bool  // shards changed since
	pendingBig map[gram]bool // large lists changed since
	dirtyDocs  map[int]bool  // document ids changed since

	// the update cache (kept.go): kept by Write after KeepForUpdates, or
	// built by the first Put or Remove
	keep       bool
	last       lastPut // update.go
	lists      map[gram]*kept
	shardLists [][]*kept // by shard, in gram order
	tk         *tokenizer

	delta    *deltaLayout // an index carried over from a previous build (delta.go)
	spill    *spill       // where Add keeps the texts until Write, if anywhere (spill.go)
	near     []nearList   // the near-large lists a fresh Write found (promote.go)
	rewrite  int          // delta shards a carried build rewrites at most: deltaRewrite; tests set it lower
	promoted map[gram]int // carried over: the lists promoted to large, and the id from which the delta has their postings
}

// slot is one document as kept between Add and Write: its metadata and its
// searchable text in compact form (text.go), never the Doc's strings of text.
type slot struct {
	doc   Doc    // Text is empty
	text  []byte // compact searchable text (see searchable)
	runes int32  // its length in runes
	title int32  // runes of the title
	body  int32  // where the body starts
	id    int    // document id, -1 until the first Write
	hash  uint64 // of everything the index keeps of the Doc (docHash)
	gone  bool

	spilled bool  // text is in the spill file (spill.go), at at, size bytes
	size    int32 // of the text
	at      int64
}

// New returns an index with room for n documents.
func New(n int) *Index {
	ix := &Index{runes: newRunes(), slots: make([]slot, n), bigMin: bigMin, rewrite: deltaRewrite}
	ix.scratch.New = func() any { return new([]byte) }
	return ix
}

// Add puts doc in slot i (0 ≤ i < n). Before the first Write only.
func (ix *Index) Add(i int, doc Doc) {
	ix.slots[i] = ix.makeSlot(doc)
	ix.total.Add(int64(ix.slots[i].runes))
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

// makeSlot keeps what the index needs of d: the text searchable returns,
// encoded straight from d's strings into a scratch buffer and copied to
// one of its exact size, which is all that stays.
func (ix *Index) makeSlot(d Doc) slot {
	sc := ix.scratch.Get().(*[]byte)
	buf, n := (*sc)[:0], 0
	add := func(s string) {
		var k int
		buf, k = ix.runes.encodeString(buf, s)
		n += k
	}
	add(d.Title)
	title := int32(n)
	for _, f := range [][]string{d.Tags, d.Units} {
		for _, s := range f {
			add("\n")
			add(s)
		}
	}
	add("\n")
	body := int32(n)
	add(d.Text)
	h := docHash(&d)
	d.Text = ""
	s := slot{doc: d, runes: int32(n), title: title, body: body, id: -1, hash: h}
	if ix.spill != nil {
		s.at, s.size, s.spilled = ix.spill.put(buf), int32(len(buf)), true
	} else {
		s.text = append([]byte(nil), buf...)
	}
	*sc = buf
	ix.scratch.Put(sc)
	return s
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
	slices.SortStableFunc(order, func(a, b int) int { return newer(&ix.slots[a].doc, &ix.slots[b].doc) })
	ix.ids = order
	ix.byURL = make(map[string]int, len(order))
	for id, s := range order {
		ix.slots[s].id = id
		ix.byURL[ix.slots[s].doc.URL] = s
	}
}

// newer orders documents newest first: by year, then date, then URL. A
// fresh index numbers its documents in this order; an index carried over
// from a previous build (delta.go) tells it in the manifest's ranks.
func newer(da, db *Doc) int {
	if c := cmp.Compare(db.Year, da.Year); c != 0 {
		return c
	}
	if c := db.Date.Compare(da.Date); c != 0 {
		return c
	}
	return cmp.Compare(da.URL, db.URL)
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
// rune number — its folded rune and whether it is a space — is worked out
// once; so is a number for each folded rune, for collect's arrays.
type tokenizer struct {
	fold   []rune
	space  []bool
	folded []int32 // by rune number: the number of its folded rune, -1 for a space
	runeOf []rune  // by folded-rune number: the folded rune
}

func newTokenizer(table []rune) *tokenizer {
	t := &tokenizer{fold: make([]rune, len(table)), space: make([]bool, len(table)), folded: make([]int32, len(table))}
	number := map[rune]int32{}
	for id, r := range table {
		f := Fold(r)
		t.fold[id], t.space[id] = f, isSpace(f)
		if t.space[id] {
			t.folded[id] = -1
			continue
		}
		n, ok := number[f]
		if !ok {
			n = int32(len(t.runeOf))
			number[f] = n
			t.runeOf = append(t.runeOf, f)
		}
		t.folded[id] = n
	}
	return t
}

// grams calls emit for every gram occurrence of slot s whose shard of n is
// in [lo, hi), with its shard and, for a bigram, the runes before and after
// it (-1 for none). buf is for the text's rune numbers, reused. (Writing
// the index goes over every text once per group of shards: the grams of
// other shards are skipped here, before the call.)
func (t *tokenizer) grams(s *slot, buf []uint32, n, lo, hi int, emit func(g gram, shard int, p int32, inTitle bool, prev, next rune)) []uint32 {
	buf = ids(s.text, buf)
	at := func(p int) rune {
		if p < len(buf) {
			return t.rune(buf[p])
		}
		return -1
	}
	// the folded runes at i-1 … i+2, -1 for a space or none
	prev, cur, next, after := rune(-1), at(0), at(1), at(2)
	for i := range buf {
		if cur >= 0 {
			p := int32(i)
			h := (2166136261 ^ uint32(cur)) * 16777619
			if k := mix(h, n); k >= lo && k < hi {
				emit(unigram(cur), k, p, p < s.title, 0, 0)
			}
			if next >= 0 {
				if k := mix((h^uint32(next))*16777619, n); k >= lo && k < hi {
					emit(bigram(cur, next), k, p, p < s.title, prev, after)
				}
			}
		}
		prev, cur, next, after = cur, next, after, at(i+3)
	}
	return buf
}

// rune is the folded rune numbered id, -1 for a space.
func (t *tokenizer) rune(id uint32) rune {
	if t.space[id] {
		return -1
	}
	return t.fold[id]
}

// neighbour is the folded rune at position p of a text's rune numbers, -1
// when p is outside it or a space there.
func (t *tokenizer) neighbour(text []uint32, p int32) rune {
	if p < 0 || int(p) >= len(text) {
		return -1
	}
	return t.rune(text[p])
}
