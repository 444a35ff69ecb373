package search

import (
	"encoding/binary"
	"slices"
	"strings"
)

// A gram is one rune (for one-character queries) or two adjacent runes, as a
// key: the first rune in the high half, the second plus one in the low half
// (zero for a single rune).
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

// encode writes the list in the shard format (see the package comment).
func (l *list) encode(bigram bool) string {
	l.flush()
	next := func(b *[]byte) uint32 {
		v, n := binary.Uvarint(*b)
		*b = (*b)[n:]
		return uint32(v)
	}
	gaps, counts, titles := make([]uint32, l.n), make([]uint32, l.n), make([]uint32, l.n)
	for i, recs := 0, l.recs; i < int(l.n); i++ {
		gaps[i], counts[i], titles[i] = next(&recs), next(&recs), next(&recs)
	}
	var firsts, deltas []uint32
	if bigram {
		firsts = make([]uint32, 0, l.n)
		deltas = make([]uint32, 0, l.deltaN)
		for i, pos := 0, l.pos; i < int(l.n); i++ {
			firsts = append(firsts, next(&pos))
			for j := uint32(1); j < counts[i]; j++ {
				deltas = append(deltas, next(&pos))
			}
		}
	}
	var w bitWriter
	kGap, kFirst, kDelta := bestRice(gaps), bestRice(firsts), bestRice(deltas)
	w.gamma(l.n)
	w.gamma(uint32(kGap) + 1)
	if bigram {
		w.gamma(uint32(kFirst) + 1)
		w.gamma(uint32(kDelta) + 1)
	}
	d := 0
	for i := range gaps {
		w.rice(gaps[i], kGap)
		w.gamma(counts[i])
		w.gamma(titles[i] + 1)
		if !bigram {
			continue
		}
		w.rice(firsts[i], kFirst)
		for j := uint32(1); j < counts[i]; j++ {
			w.rice(deltas[d], kDelta)
			d++
		}
	}
	return w.String()
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

// encode returns the shard's grams and their encoded lists, sorted by gram.
func (s shardLists) encode() (keys []string, lists []string) {
	gs := make([]gram, 0, len(s))
	for g := range s {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b gram) int { return strings.Compare(a.String(), b.String()) })
	for _, g := range gs {
		keys = append(keys, g.String())
		lists = append(lists, s[g].encode(g.isBigram()))
	}
	return keys, lists
}
