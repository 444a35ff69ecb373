package search

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// A gram is one rune (for one-character queries) or two adjacent runes, as a
// key: the first rune in the high half, the second plus one in the low half
// (zero for a single rune). Grams sort as their strings do: UTF-8 keeps the
// order of code points, and a rune sorts before the pairs it begins.
type gram uint64

func unigram(r rune) gram     { return gram(uint64(r) << 32) }
func bigram(a, b rune) gram   { return gram(uint64(a)<<32 | uint64(b) + 1) }
func (g gram) isBigram() bool { return uint32(g) != 0 }

func (g gram) String() string {
	if !g.isBigram() {
		return string(rune(g >> 32))
	}
	return string([]rune{rune(g >> 32), rune(uint32(g) - 1)})
}

// shardOf is the shard a gram's list is stored in, out of n (a power of
// two). search.js computes the same hash over the code points of the gram.
func shardOf(g gram, n int) int {
	h := uint32(2166136261)
	h = (h ^ uint32(g>>32)) * 16777619
	if g.isBigram() {
		h = (h ^ (uint32(g) - 1)) * 16777619
	}
	return mix(h, n)
}

// mix is the last step of shardOf: FNV-1a's low bits alone depend only on
// the low bits of the runes.
func mix(h uint32, n int) int {
	h ^= h >> 16
	h *= 0x45d9f3b
	h ^= h >> 16
	return int(h & uint32(n-1))
}

// list is one gram's postings while they are collected, document by
// document in id order, as uvarints; encode turns it into the bit stream.
type list struct {
	recs   []byte // per document: id gap - 1, count, title count
	pos    []byte // bigrams: per occurrence, first position, then gaps
	n      uint32 // documents
	doc    int32  // current document id, -1 before the first
	cnt    uint32 // occurrences in the current document
	tc     uint32 // of them in the title
	last   int32  // last position in the current document
	deltaN int    // positions after the first of each document
	vote   [2]vote
	npos   int32    // bigrams: occurrences so far
	since  [2]int32 // since which occurrence the vote's candidates have been what they are
	parts  []part   // when lists of consecutive documents were joined: each one's vote
	more   []*list  // those lists but the first, whose records follow l's own (join)
}

// part is what a list collected from some of the documents knew of the
// vote on its occurrences: their number, the vote, and since when its
// candidates were what they are.
type part struct {
	n     int32
	vote  [2]vote
	since [2]int32
}

func (l *list) allParts() []part {
	if l.parts != nil {
		return l.parts
	}
	return []part{{n: l.npos, vote: l.vote, since: l.since}}
}

// join appends b, the list of the same gram over later documents, to l.
// b's records are not copied (the copy would hold both at once): valuesInto
// reads them after l's own, b's first gap counted from l's last document
// instead of from -1.
func (l *list) join(b *list) {
	l.flush()
	b.flush()
	l.parts = append(l.allParts(), b.allParts()...)
	l.n, l.deltaN, l.npos, l.doc = l.n+b.n, l.deltaN+b.deltaN, l.npos+b.npos, b.doc
	more := b.more
	for _, m := range more { // b keeps the counts of its own records only
		b.n, b.deltaN, b.npos = b.n-m.n, b.deltaN-m.deltaN, b.npos-m.npos
	}
	b.more, b.parts = nil, nil
	l.more = append(append(l.more, b), more...)
}

// merge is the vote over the occurrences of two parts from the votes of
// each: a rune with more than half of all the occurrences is still the
// candidate, and a candidate with V votes over N occurrences still came
// at most (N+V)/2 times.
func (v vote) merge(w vote) vote {
	switch {
	case v.cand == w.cand:
		return vote{v.cand, v.votes + w.votes}
	case v.votes >= w.votes:
		return vote{v.cand, v.votes - w.votes}
	}
	return vote{w.cand, w.votes - v.votes}
}

// vote is Boyer and Moore's majority vote over the previous (or next)
// runes of a bigram's occurrences: if one rune comes at more than half of
// them, it is cand (see topsAndFlags).
type vote struct {
	cand  rune
	votes int32
}

// add votes for r and reports whether the candidate changed.
func (v *vote) add(r rune) bool {
	switch {
	case v.votes == 0:
		changed := v.cand != r
		v.cand, v.votes = r, 1
		return changed
	case v.cand == r:
		v.votes++
	default:
		v.votes--
	}
	return false
}

// add adds an occurrence; for a bigram, nb are its flags against the
// current candidates of the vote (values.flags), kept in the two low bits
// of its position.
func (l *list) add(doc int32, p int32, inTitle, withPos bool, nb uint8) {
	if doc != l.doc {
		l.flush()
		l.recs = appendUvarint(l.recs, uint64(doc-l.doc-1))
		l.doc, l.n = doc, l.n+1
		if withPos {
			l.pos = appendUvarint(l.pos, uint64(p)<<2|uint64(nb))
		}
	} else if withPos {
		l.pos = appendUvarint(l.pos, uint64(p-l.last-1)<<2|uint64(nb))
		l.deltaN++
	}
	l.last = p
	l.cnt++
	if inTitle {
		l.tc++
	}
}

// appendUvarint appends x, which takes at most five bytes, to b, doubling
// b's array when it is full: append grows a large slice by a quarter, and
// the list of an archive's commonest gram grows to megabytes, which would
// leave four times its size behind as garbage instead of once.
func appendUvarint(b []byte, x uint64) []byte {
	if cap(b)-len(b) < 5 {
		nb := make([]byte, len(b), max(8, 2*cap(b)))
		copy(nb, b)
		b = nb
	}
	return binary.AppendUvarint(b, x)
}

func (l *list) flush() {
	if l.cnt > 0 {
		l.recs = appendUvarint(l.recs, uint64(l.cnt))
		l.recs = appendUvarint(l.recs, uint64(l.tc))
	}
	l.cnt, l.tc = 0, 0
}

// values are the numbers of a list in the order the format writes them.
type values struct {
	gaps, counts, titles []uint32 // per document: id gap - 1, count, title count
	firsts, deltas       []uint32 // bigrams: per document its first position, then the gaps - 1 of the others
	tops                 [2]rune  // bigrams: the top neighbours, 0 for none (see neighbours)
	modes                [2]uint8 // how the previous and the next rune are told
	flags                []uint8  // with a mode: per position, bit d set when its neighbour d is not the top one
	parts                []part   // the votes for the top neighbours (list.parts)
	voted                []uint8  // per position, flags against the candidates of its time
	st                   [3]riceStats
	k                    *[3]uint8 // the Rice parameters, once params worked them out
}

// valuesInto decodes the list into v, whose slices it reuses: encodeLists turns
// hundreds of thousands of lists into values one after the other.
func (l *list) valuesInto(bigram bool, v *values) {
	l.flush()
	next := func(b *[]byte) uint32 {
		x, n := binary.Uvarint(*b)
		*b = (*b)[n:]
		return uint32(x)
	}
	n := int(l.n)
	*v = values{gaps: grow(v.gaps, n), counts: grow(v.counts, n), titles: grow(v.titles, n),
		firsts: v.firsts[:0], deltas: v.deltas[:0], voted: v.voted[:0], parts: l.allParts()}
	// l's own records, then those of each list joined to it
	own := l.n
	for _, m := range l.more {
		own -= m.n
	}
	segment := func(seg int) (*list, int) {
		if seg < 0 {
			return l, int(own)
		}
		return l.more[seg], int(l.more[seg].n)
	}
	i, doc := 0, int64(-1)
	for seg := -1; seg < len(l.more); seg++ {
		s, cnt := segment(seg)
		recs := s.recs
		for j := 0; j < cnt; i, j = i+1, j+1 {
			g := next(&recs)
			if j == 0 && seg >= 0 { // counted from -1: its document's id
				g = uint32(int64(g) - doc - 1)
			}
			doc += int64(g) + 1
			v.gaps[i], v.counts[i], v.titles[i] = g, next(&recs), next(&recs)
		}
	}
	if !bigram {
		v.firsts, v.deltas, v.voted = nil, nil, nil
		return
	}
	v.firsts = slices.Grow(v.firsts, n)
	v.deltas = slices.Grow(v.deltas, l.deltaN)
	v.voted = slices.Grow(v.voted, n+l.deltaN)
	i = 0
	for seg := -1; seg < len(l.more); seg++ {
		s, cnt := segment(seg)
		pos := s.pos
		for j := 0; j < cnt; i, j = i+1, j+1 {
			x := next(&pos)
			v.firsts, v.voted = append(v.firsts, x>>2), append(v.voted, uint8(x&3))
			for k := uint32(1); k < v.counts[i]; k++ {
				x := next(&pos)
				v.deltas, v.voted = append(v.deltas, x>>2), append(v.voted, uint8(x&3))
			}
		}
	}
}

// grow returns s with length n, reusing its array when it is large enough.
func grow(s []uint32, n int) []uint32 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]uint32, n)
}

// each calls f for every position of a bigram list: the document, the
// position and its index among all the list's positions.
func (v *values) each(f func(doc int32, p int32, i int)) { v.upTo(-1, f) }

// upTo is each for the first n positions, or all when n < 0.
func (v *values) upTo(n int32, f func(doc int32, p int32, i int)) {
	doc, d, i := int32(-1), 0, 0
	for r := range v.gaps {
		if n >= 0 && i >= int(n) {
			return
		}
		doc += int32(v.gaps[r]) + 1
		p := int32(v.firsts[r])
		f(doc, p, i)
		i++
		for j := uint32(1); j < v.counts[r]; j++ {
			p += int32(v.deltas[d]) + 1
			d++
			f(doc, p, i)
			i++
		}
	}
}

// setModes sets the modes from the flags: none where there is no top rune,
// always where no position is an exception, flagged otherwise.
func (v *values) setModes(tops [2]rune) {
	v.tops = tops
	var ex [2]bool
	for _, f := range v.flags {
		ex[0], ex[1] = ex[0] || f&1 != 0, ex[1] || f&2 != 0
	}
	for d := range 2 {
		switch {
		case tops[d] == 0:
			v.modes[d] = modeNone
		case ex[d]:
			v.modes[d] = modeFlagged
		default:
			v.modes[d] = modeAlways
		}
	}
	if v.modes == [2]uint8{} {
		v.flags = nil
	}
}

// encode writes the values of gram g's list in the shard format (see the
// package comment). With keep, a large list also gets what editing it in
// place needs (see kept).
func (v *values) encode(g gram, keep bool, w *bitWriter) *kept {
	bigram := g.isBigram()
	st, k := v.params(bigram)
	n := len(v.gaps)
	*w = bitWriter{out: w.out[:0]}
	writeHeader(w, uint32(n), k, v.modes, bigram)
	l := &kept{g: g, n: uint32(n), hdr: uint8(w.len()), k: k, modes: v.modes, tops: v.tops}
	long := keep && n >= longMin
	var skips []skip
	doc, d, fl := int32(-1), 0, 0
	for i := range v.gaps {
		if long && i%skipEvery == 0 {
			skips = append(skips, skip{prev: doc, off: uint32(w.len() - int(l.hdr))})
		}
		doc += int32(v.gaps[i]) + 1
		w.rice(v.gaps[i], uint(k[0]))
		w.gamma(v.counts[i])
		w.gamma(v.titles[i] + 1)
		if !bigram {
			continue
		}
		w.rice(v.firsts[i], uint(k[1]))
		for j := uint32(1); j < v.counts[i]; j++ {
			w.rice(v.deltas[d], uint(k[2]))
			d++
		}
		if v.flags != nil {
			c := int(v.counts[i])
			l.ex = addExceptions(l.ex, v.flags[fl:fl+c], 1)
			writeExceptions(w, v.modes, v.flags[fl:fl+c])
			fl += c
		}
	}
	l.nbits = uint32(w.len())
	if keep {
		l.enc = w.String()
	} else {
		w.finish() // the caller takes w.out
	}
	if long {
		l.long = &longList{stats: st, skips: skips}
	}
	return l
}

// params returns the Rice statistics and parameters of the list, worked
// out once.
func (v *values) params(bigram bool) ([3]riceStats, [3]uint8) {
	if v.k == nil {
		v.st[0] = statsOf(v.gaps)
		if bigram {
			v.st[1], v.st[2] = statsOf(v.firsts), statsOf(v.deltas)
		}
		v.k = &[3]uint8{v.st[0].best(), v.st[1].best(), v.st[2].best()}
	}
	return v.st, *v.k
}

// size is the length of the encoded list without neighbours, in bytes.
func (v *values) size(bigram bool) int {
	st, k := v.params(bigram)
	bits := gammaLen(uint32(len(v.gaps))) + gammaLen(uint32(k[0])+1)
	bits += st[0].costOf(k[0])
	for i := range v.counts {
		bits += gammaLen(v.counts[i]) + gammaLen(v.titles[i]+1)
	}
	if bigram {
		bits += gammaLen(uint32(k[1])+1) + gammaLen(uint32(k[2])+1) + 4
		bits += st[1].costOf(k[1]) + st[2].costOf(k[2])
	}
	return (bits + 12) / 13 * 2
}

func gammaLen(v uint32) int { return 2*bits.Len32(v) - 1 }

func writeHeader(w *bitWriter, n uint32, k [3]uint8, modes [2]uint8, bigram bool) {
	w.gamma(n)
	w.gamma(uint32(k[0]) + 1)
	if bigram {
		w.gamma(uint32(k[1]) + 1)
		w.gamma(uint32(k[2]) + 1)
		w.bits(uint32(modes[0])<<2|uint32(modes[1]), 4)
	}
}

// writeExceptions writes, for each flagged direction, how many of a
// record's positions are exceptions and the index of each.
func writeExceptions(w *bitWriter, modes [2]uint8, flags []uint8) {
	width := uint(bits.Len(uint(len(flags) - 1)))
	for d := range 2 {
		if modes[d] != modeFlagged {
			continue
		}
		e := uint32(0)
		for _, f := range flags {
			e += uint32(f>>d) & 1
		}
		w.gamma(e + 1)
		for i, f := range flags {
			if f>>d&1 != 0 {
				w.bits(uint32(i), width)
			}
		}
	}
}

// readExceptions reads what writeExceptions wrote for a record of cnt
// positions into flags (len cnt, zero on entry).
func readExceptions(r *bitReader, modes [2]uint8, flags []uint8) {
	width := uint(bits.Len(uint(len(flags) - 1)))
	for d := range 2 {
		if modes[d] != modeFlagged {
			continue
		}
		for e := r.gamma() - 1; e > 0; e-- {
			if i := r.bits(width); int(i) < len(flags) {
				flags[i] |= 1 << d
			}
		}
	}
}

func skipExceptions(r *bitReader, modes [2]uint8, cnt uint32) {
	width := uint(bits.Len(uint(cnt - 1)))
	for d := range 2 {
		if modes[d] == modeFlagged {
			for e := r.gamma() - 1; e > 0; e-- {
				r.bits(width)
			}
		}
	}
}

// addExceptions adds sign (1 or -1 as ^0) times the exceptions among flags
// to ex.
func addExceptions(ex [2]uint32, flags []uint8, sign uint32) [2]uint32 {
	for _, f := range flags {
		ex[0] += sign * uint32(f&1)
		ex[1] += sign * uint32(f>>1&1)
	}
	return ex
}
