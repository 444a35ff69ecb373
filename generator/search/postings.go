package search

import (
	"encoding/binary"
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
}

func (l *list) add(doc int32, p int32, inTitle, withPos bool) {
	if doc != l.doc {
		l.flush()
		l.recs = binary.AppendUvarint(l.recs, uint64(doc-l.doc-1))
		l.doc, l.n = doc, l.n+1
		if withPos {
			l.pos = binary.AppendUvarint(l.pos, uint64(p))
		}
	} else if withPos {
		l.pos = binary.AppendUvarint(l.pos, uint64(p-l.last-1))
		l.deltaN++
	}
	l.last = p
	l.cnt++
	if inTitle {
		l.tc++
	}
}

func (l *list) flush() {
	if l.cnt > 0 {
		l.recs = binary.AppendUvarint(l.recs, uint64(l.cnt))
		l.recs = binary.AppendUvarint(l.recs, uint64(l.tc))
	}
	l.cnt, l.tc = 0, 0
}

// values are the numbers of a list in the order the format writes them.
type values struct {
	gaps, counts, titles []uint32 // per document: id gap - 1, count, title count
	firsts, deltas       []uint32 // bigrams: per document its first position, then the gaps - 1 of the others
}

func (l *list) values(bigram bool) *values {
	l.flush()
	next := func(b *[]byte) uint32 {
		v, n := binary.Uvarint(*b)
		*b = (*b)[n:]
		return uint32(v)
	}
	v := &values{gaps: make([]uint32, l.n), counts: make([]uint32, l.n), titles: make([]uint32, l.n)}
	for i, recs := 0, l.recs; i < int(l.n); i++ {
		v.gaps[i], v.counts[i], v.titles[i] = next(&recs), next(&recs), next(&recs)
	}
	if bigram {
		v.firsts = make([]uint32, 0, l.n)
		v.deltas = make([]uint32, 0, l.deltaN)
		for i, pos := 0, l.pos; i < int(l.n); i++ {
			v.firsts = append(v.firsts, next(&pos))
			for j := uint32(1); j < v.counts[i]; j++ {
				v.deltas = append(v.deltas, next(&pos))
			}
		}
	}
	return v
}

// encode writes the values of gram g's list in the shard format (see the
// package comment). With keep, a long list also gets what editing it in
// place needs (see kept).
func (v *values) encode(g gram, keep bool) *kept {
	bigram := g.isBigram()
	var st [3]riceStats
	st[0] = statsOf(v.gaps)
	if bigram {
		st[1], st[2] = statsOf(v.firsts), statsOf(v.deltas)
	}
	k := [3]uint8{st[0].best(), st[1].best(), st[2].best()}
	n := len(v.gaps)
	var w bitWriter
	writeHeader(&w, uint32(n), k, bigram)
	l := &kept{g: g, n: uint32(n), hdr: uint8(w.len()), k: k}
	long := keep && n >= longMin
	var skips []skip
	doc, d := int32(-1), 0
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
	}
	l.nbits = uint32(w.len())
	l.enc = w.String()
	if long {
		l.long = &longList{stats: st, skips: skips}
	}
	return l
}

func writeHeader(w *bitWriter, n uint32, k [3]uint8, bigram bool) {
	w.gamma(n)
	w.gamma(uint32(k[0]) + 1)
	if bigram {
		w.gamma(uint32(k[1]) + 1)
		w.gamma(uint32(k[2]) + 1)
	}
}

// shardLists are the lists of the grams of one shard.
type shardLists map[gram]*list

func (s shardLists) add(g gram, doc, p int32, inTitle bool) {
	l := s[g]
	if l == nil {
		l = &list{doc: -1}
		s[g] = l
	}
	l.add(doc, p, inTitle, g.isBigram())
}

// encode returns the shard's encoded lists, sorted by gram. With keep,
// long lists also keep what editing them in place needs.
func (s shardLists) encode(keep bool) []*kept {
	gs := make([]gram, 0, len(s))
	for g := range s {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	out := make([]*kept, len(gs))
	for i, g := range gs {
		out[i] = s[g].values(g.isBigram()).encode(g, keep)
		out[i].key = string(appendJSON(nil, g.String()))
	}
	return out
}
