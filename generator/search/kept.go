package search

import (
	"cmp"
	"slices"
	"sort"
)

// The update cache: for gen serve, each gram's encoded list as last written,
// by shard in gram order, so that Put and Remove change only the lists a
// document's postings differ in, and a shard file is rebuilt by joining its
// lists' strings (a large list's file is the list alone). A list is changed
// in place, in its bit stream: a long one (longMin documents or more) keeps the statistics that choose its Rice
// parameters and a skip entry every skipEvery records, so that changing one
// document's record reads a few records, writes the new one and copies the
// bits before and after it; when the parameters would change, or for a
// short list, the list is decoded, changed and encoded again. Either way the
// list is exactly what a full build writes for the same documents.

const (
	longMin   = 64
	skipEvery = 32
	// A locate that reads more records than this since its skip entry
	// (documents were added there) has the list's skip entries rebuilt.
	skipDrift = 4 * skipEvery
)

// kept is one gram's list as last written.
type kept struct {
	g     gram
	enc   string
	n     uint32    // documents
	nbits uint32    // bits of enc without the padding
	hdr   uint8     // bits of the header
	k     [3]uint8  // the Rice parameters of gaps, first positions, further positions
	long  *longList // nil for a short list
	big   bool      // a long list, in a file of its own (neighbours.go)
	tops  [2]rune   // its top neighbours, 0 for none
	modes [2]uint8  // how they are told
	ex    [2]uint32 // occurrences without them
}

// longList is what a long list keeps to be edited in place.
type longList struct {
	stats [3]riceStats // of the gaps, first positions and further position gaps
	skips []skip       // by offset
}

// skip is where a record starts, in bits after the header, and the
// document of the record before it (-1 for the first).
type skip struct {
	prev int32
	off  uint32
}

// docPosting is one document's part of one gram's list.
type docPosting struct {
	g       gram
	shard   int32
	cnt, tc uint32
	pos     []int32 // bigrams: the positions
	flags   []uint8 // long bigram lists with top neighbours: the exceptions (values.flags)
}

func (p *docPosting) same(q *docPosting) bool {
	return p.cnt == q.cnt && p.tc == q.tc && slices.Equal(p.pos, q.pos) && slices.Equal(p.flags, q.flags)
}

// postingsOf returns the postings of slot s, by gram.
func (ix *Index) postingsOf(s *slot) []docPosting {
	type occ struct {
		at    int32 // the gram's index in out
		p     int32
		title bool
	}
	var occs []occ
	var out []docPosting
	at := map[gram]int32{}
	tk := ix.tokenizer()
	text := tk.grams(s, nil, ix.shards, 0, ix.shards, func(g gram, k int, p int32, inTitle bool, _, _ rune) {
		i, ok := at[g]
		if !ok {
			i = int32(len(out))
			at[g] = i
			out = append(out, docPosting{g: g, shard: int32(k)})
		}
		occs = append(occs, occ{i, p, inTitle})
		out[i].cnt++
	})
	// Positions in one array, in order of occurrence within each gram.
	pos, n := make([]int32, len(occs)), 0
	for i := range out {
		if out[i].g.isBigram() {
			out[i].pos, n = pos[n:n:n+int(out[i].cnt)], n+int(out[i].cnt)
		}
	}
	for _, o := range occs {
		dp := &out[o.at]
		if o.title {
			dp.tc++
		}
		if dp.g.isBigram() {
			dp.pos = append(dp.pos, o.p)
		}
	}
	for i := range out {
		out[i].setFlags(ix.big[out[i].g], tk, text)
	}
	slices.SortFunc(out, func(a, b docPosting) int { return cmp.Compare(a.g, b.g) })
	return out
}

// setFlags sets the flags of a bigram posting against top neighbours tops
// (none: no flags), text being its document's.
func (p *docPosting) setFlags(tops [2]rune, tk *tokenizer, text []uint32) {
	p.flags = nil
	if !p.g.isBigram() || tops == [2]rune{} {
		return
	}
	p.flags = make([]uint8, len(p.pos))
	for j, at := range p.pos {
		if tops[0] > 0 && tk.neighbour(text, at-1) != tops[0] {
			p.flags[j] |= 1
		}
		if tops[1] > 0 && tk.neighbour(text, at+2) != tops[1] {
			p.flags[j] |= 2
		}
	}
}

func (ix *Index) tokenizer() *tokenizer {
	if table := ix.runes.table(); ix.tk == nil || len(ix.tk.fold) < len(table) {
		ix.tk = newTokenizer(table)
	}
	return ix.tk
}

// update changes the lists of document id from postings old to new.
func (ix *Index) update(id int, old, new []docPosting) {
	d := int32(id)
	for i, j := 0, 0; i < len(old) || j < len(new); {
		switch {
		case j == len(new) || i < len(old) && old[i].g < new[j].g:
			ix.edit(old[i].g, old[i].shard, d, nil)
			i++
		case i == len(old) || new[j].g < old[i].g:
			ix.edit(new[j].g, new[j].shard, d, &new[j])
			j++
		default:
			if !old[i].same(&new[j]) {
				ix.edit(new[j].g, new[j].shard, d, &new[j])
			}
			i, j = i+1, j+1
		}
	}
}

// edit sets document d's record in gram g's list to p, or takes it out
// when p is nil.
func (ix *Index) edit(g gram, shard int32, d int32, p *docPosting) {
	tops, big := ix.big[g]
	if big {
		ix.pendingBig[g] = true
	} else {
		ix.pending[int(shard)] = true
	}
	l := ix.lists[g]
	ls := ix.shardLists[shard]
	if l == nil {
		l = encodePostings(g, []posting{p.posting(d)}, tops)
		l.big = big
		i, _ := slices.BinarySearchFunc(ls, g, func(l *kept, g gram) int { return cmp.Compare(l.g, g) })
		ix.shardLists[shard] = slices.Insert(ls, i, l)
		ix.lists[g] = l
		return
	}
	if l.long != nil && l.splice(d, p) {
		return
	}
	if l.rewrite(d, p); l.n == 0 {
		i, _ := slices.BinarySearchFunc(ls, g, func(l *kept, g gram) int { return cmp.Compare(l.g, g) })
		ix.shardLists[shard] = slices.Delete(ls, i, i+1)
		delete(ix.lists, g)
	}
}

func (p *docPosting) posting(d int32) posting {
	q := posting{doc: int(d), cnt: int(p.cnt), tc: int(p.tc), flags: p.flags}
	for _, x := range p.pos {
		q.pos = append(q.pos, int(x))
	}
	return q
}

// encodePostings encodes a list to be kept, with top neighbours tops.
func encodePostings(g gram, ps []posting, tops [2]rune) *kept {
	return valuesOf(g, ps, tops).encode(g, true, new(bitWriter))
}

// valuesOf is the values of a list, with top neighbours tops.
func valuesOf(g gram, ps []posting, tops [2]rune) *values {
	v := &values{}
	prev := -1
	withFlags := g.isBigram() && tops != [2]rune{}
	for _, p := range ps {
		v.gaps = append(v.gaps, uint32(p.doc-prev-1))
		v.counts = append(v.counts, uint32(p.cnt))
		v.titles = append(v.titles, uint32(p.tc))
		prev = p.doc
		if g.isBigram() {
			v.firsts = append(v.firsts, uint32(p.pos[0]))
			for j := 1; j < len(p.pos); j++ {
				v.deltas = append(v.deltas, uint32(p.pos[j]-p.pos[j-1]-1))
			}
		}
		if withFlags {
			if p.flags != nil {
				v.flags = append(v.flags, p.flags...)
			} else {
				v.flags = append(v.flags, make([]uint8, len(p.pos))...)
			}
		}
	}
	if withFlags {
		v.setModes(tops)
	}
	return v
}

// rewrite sets document d's record to p (nil: takes it out) by decoding the
// whole list and encoding it again.
func (l *kept) rewrite(d int32, p *docPosting) {
	ps := decodeList(l.enc, l.g.isBigram())
	i, found := slices.BinarySearchFunc(ps, int(d), func(p posting, d int) int { return cmp.Compare(p.doc, d) })
	switch {
	case p == nil && found:
		ps = slices.Delete(ps, i, i+1)
	case p != nil && found:
		ps[i] = p.posting(d)
	case p != nil:
		ps = slices.Insert(ps, i, p.posting(d))
	}
	if len(ps) == 0 {
		l.n = 0 // the caller drops the list
		return
	}
	big := l.big
	*l = *encodePostings(l.g, ps, l.tops)
	l.big = big
}

// splice sets document d's record to p (nil: takes it out) in the bit
// stream of a long list: it reads from the skip entry before d to d's
// record, writes the new header and record, and copies the bits before and
// after them. When that would change the list's Rice parameters it reports
// false and changes nothing.
func (l *kept) splice(d int32, p *docPosting) bool {
	pl := l.find(d)
	if !pl.found && p == nil {
		return true
	}
	st, n := l.restat(pl, p)
	if n == 0 {
		return false
	}
	for c := range 3 {
		if (c == 0 || l.g.isBigram()) && (!st[c].current() || st[c].best() != l.k[c]) {
			return false
		}
	}
	ex := addExceptions(l.ex, pl.oldFlags, ^uint32(0))
	if p != nil {
		ex = addExceptions(ex, p.flags, 1)
	}
	for d := range 2 {
		if l.tops[d] != 0 && (ex[d] == 0) != (l.modes[d] == modeAlways) {
			return false // the mode changes: every record changes
		}
	}
	l.rewriteAt(pl, p, st, n)
	l.ex = ex
	return true
}

// place is where document d's record is, or would go, in a long list's
// stream; offsets are in bits from the stream's start.
type place struct {
	d, prev   int32    // the document, and the one before its place (-1: none)
	found     bool     // whether d has a record
	at        int      // where d's record starts, or the successor's when it has none
	old       []uint32 // bigrams: the first position and position gaps of d's record
	oldFlags  []uint8  // and its exceptions
	succ      int32    // the document after d's place, -1 for none
	succStart int      // where its record starts
	tail      int      // where the bits after its gap start
	read      int      // records read from the skip entry
}

// find reads from the last skip entry before d to d's place.
func (l *kept) find(d int32) place {
	bigram, hdr, end := l.g.isBigram(), int(l.hdr), int(l.nbits)
	r, pl := bitReader{s: l.enc, pos: hdr}, place{d: d, prev: -1, succ: -1, at: end}
	skips := l.long.skips
	if i := sort.Search(len(skips), func(i int) bool { return skips[i].prev >= d }) - 1; i >= 0 {
		r.pos, pl.prev = hdr+int(skips[i].off), skips[i].prev
	}
	for r.pos < end {
		at := r.pos
		doc := pl.prev + int32(r.rice(uint(l.k[0]))) + 1
		if doc >= d {
			pl.at, pl.found, pl.succ, pl.succStart, pl.tail = at, doc == d, doc, at, r.pos
			break
		}
		l.skipRecord(&r)
		pl.prev, pl.read = doc, pl.read+1
	}
	if !pl.found {
		return pl
	}
	cnt := r.gamma()
	r.gamma()
	if bigram {
		pl.old = append(pl.old, r.rice(uint(l.k[1])))
		for c := cnt; c > 1; c-- {
			pl.old = append(pl.old, r.rice(uint(l.k[2])))
		}
		if l.modes != [2]uint8{} {
			pl.oldFlags = make([]uint8, cnt)
			readExceptions(&r, l.modes, pl.oldFlags)
		}
	}
	pl.succ, pl.succStart, pl.tail = -1, r.pos, r.pos
	if r.pos < end {
		pl.succ = d + int32(r.rice(uint(l.k[0]))) + 1
		pl.tail = r.pos
	}
	return pl
}

func gap(a, b int32) uint32 { return uint32(b - a - 1) }

// restat returns the list's statistics and number of documents once d's
// record at pl is p.
func (l *kept) restat(pl place, p *docPosting) ([3]riceStats, uint32) {
	st, n, d := l.long.stats, l.n, pl.d
	if len(pl.old) > 0 {
		st[1].remove(pl.old[0])
		for _, v := range pl.old[1:] {
			st[2].remove(v)
		}
	}
	if p != nil && l.g.isBigram() {
		st[1].add(uint32(p.pos[0]))
		for j := 1; j < len(p.pos); j++ {
			st[2].add(uint32(p.pos[j] - p.pos[j-1] - 1))
		}
	}
	switch {
	case p == nil: // the successor's gap now counts from prev
		n--
		st[0].remove(gap(pl.prev, d))
		if pl.succ >= 0 {
			st[0].remove(gap(d, pl.succ))
			st[0].add(gap(pl.prev, pl.succ))
		}
	case !pl.found: // the successor's gap now counts from d
		n++
		st[0].add(gap(pl.prev, d))
		if pl.succ >= 0 {
			st[0].remove(gap(pl.prev, pl.succ))
			st[0].add(gap(d, pl.succ))
		}
	}
	return st, n
}

// rewriteAt writes the list with d's record at pl set to p, given its new
// statistics and number of documents, and moves the skip entries after it.
func (l *kept) rewriteAt(pl place, p *docPosting, st [3]riceStats, n uint32) {
	bigram, hdr, end := l.g.isBigram(), int(l.hdr), int(l.nbits)
	var w bitWriter
	w.out = make([]byte, 0, len(l.enc)+64)
	writeHeader(&w, n, l.k, l.modes, bigram)
	nh := w.len()
	w.copyBits(l.enc, hdr, pl.at)
	newPrev := pl.prev
	if p != nil {
		writeRecord(&w, gap(pl.prev, pl.d), p, l.k, l.modes, bigram)
		newPrev = pl.d
	}
	newSucc := w.len() - nh
	if pl.succ >= 0 {
		w.rice(gap(newPrev, pl.succ), uint(l.k[0]))
		w.copyBits(l.enc, pl.tail, end)
	}
	delta := (w.len() - nh) - (end - hdr) // how far the records after the successor moved
	l.n, l.nbits, l.hdr, l.enc, l.long.stats = n, uint32(w.len()), uint8(nh), w.String(), st
	if pl.read > skipDrift {
		l.long.skips = l.scanSkips()
		return
	}
	atB, succB := pl.at-hdr, pl.succStart-hdr
	skips := l.long.skips[:0]
	for _, s := range l.long.skips {
		switch o := int(s.off); {
		case o == atB && p == nil && pl.succ < 0:
			continue // no record starts there now
		case o <= atB:
		case o == succB:
			s = skip{prev: newPrev, off: uint32(newSucc)}
		default:
			s.off = uint32(o + delta)
		}
		if k := len(skips); k > 0 && skips[k-1].off == s.off {
			continue
		}
		skips = append(skips, s)
	}
	l.long.skips = skips
}

// skipRecord reads the rest of a record after its gap.
func (l *kept) skipRecord(r *bitReader) {
	cnt := r.gamma()
	r.gamma()
	if l.g.isBigram() {
		r.rice(uint(l.k[1]))
		for c := cnt; c > 1; c-- {
			r.rice(uint(l.k[2]))
		}
		if l.modes != [2]uint8{} {
			skipExceptions(r, l.modes, cnt)
		}
	}
}

// scanSkips reads the whole list for its skip entries.
func (l *kept) scanSkips() []skip {
	var out []skip
	r, prev := bitReader{s: l.enc, pos: int(l.hdr)}, int32(-1)
	for i := 0; r.pos < int(l.nbits); i++ {
		if i%skipEvery == 0 {
			out = append(out, skip{prev: prev, off: uint32(r.pos - int(l.hdr))})
		}
		prev += int32(r.rice(uint(l.k[0]))) + 1
		l.skipRecord(&r)
	}
	return out
}

func writeRecord(w *bitWriter, gap uint32, p *docPosting, k [3]uint8, modes [2]uint8, bigram bool) {
	w.rice(gap, uint(k[0]))
	w.gamma(p.cnt)
	w.gamma(p.tc + 1)
	if bigram {
		w.rice(uint32(p.pos[0]), uint(k[1]))
		for j := 1; j < len(p.pos); j++ {
			w.rice(uint32(p.pos[j]-p.pos[j-1]-1), uint(k[2]))
		}
		if modes != [2]uint8{} {
			flags := p.flags
			if flags == nil {
				flags = make([]uint8, len(p.pos))
			}
			writeExceptions(w, modes, flags)
		}
	}
}
