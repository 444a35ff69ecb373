package search

import (
	"context"
	"math/bits"
	"runtime"
	"slices"

	"gen/generator/parallel"
)

// gramList is a gram and its list, as collect hands them to encodeLists: a
// shard's lists in gram order.
type gramList struct {
	g gram
	l *list
}

// collect builds the lists of every shard k in [lo, hi), each shard's in
// gram order. Each of GOMAXPROCS goroutines reads its share of the
// documents, consecutive by id, and keeps the grams of those shards (a
// collector); then the lists of each gram are joined in document order,
// shard by shard in parallel (list.join). Once ctx is done it returns
// early with lists the caller must not use.
func (ix *Index) collect(ctx context.Context, lo, hi int, tk *tokenizer) [][]gramList {
	workers := runtime.GOMAXPROCS(0)
	// the shard of each one-rune gram, by folded-rune number
	uniShard, h1 := make([]int32, len(tk.runeOf)), make([]uint32, len(tk.runeOf))
	for f, r := range tk.runeOf {
		uniShard[f] = int32(shardOf(unigram(r), ix.shards))
		h1[f] = (2166136261 ^ uint32(r)) * 16777619
	}
	chunks := make([][][]gramList, workers)
	parallel.For(ctx, workers, func(w int) {
		c := &collector{tk: tk, n: ix.shards, lo: lo, hi: hi, uniShard: uniShard, h1: h1, uni: make([]int32, len(tk.runeOf))}
		var buf []int32
		for id := w * len(ix.ids) / workers; id < (w+1)*len(ix.ids)/workers; id++ {
			if id%1024 == 0 && ctx.Err() != nil {
				break
			}
			if s := ix.ids[id]; s >= 0 {
				buf = c.add(&ix.slots[s], int32(id), buf)
			}
		}
		chunks[w] = c.byShard()
	})
	out := make([][]gramList, ix.shards)
	parallel.For(ctx, hi-lo, func(i int) {
		k := lo + i
		m := chunks[0][k]
		for w := 1; w < workers; w++ {
			m = joinLists(m, chunks[w][k])
			chunks[w][k] = nil
		}
		out[k] = m
	})
	return out
}

// joinLists merges a and b, lists in gram order of the same shard from
// consecutive documents (b's after a's), joining the lists of a gram both
// have.
func joinLists(a, b []gramList) []gramList {
	if len(b) == 0 {
		return a
	}
	out := make([]gramList, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].g < b[j].g:
			out = append(out, a[i])
			i++
		case a[i].g > b[j].g:
			out = append(out, b[j])
			j++
		default:
			a[i].l.join(b[j].l)
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// collector gathers the lists of one goroutine's documents. Every rune of
// the text is looked up twice — as a one-rune gram and as the start of a
// bigram — so neither goes through a Go map: a one-rune gram's list is
// found by its folded rune's number, a bigram's in an open-addressing table.
type collector struct {
	tk       *tokenizer
	n        int      // shards
	lo, hi   int      // the shards collected
	uniShard []int32  // by folded-rune number: its one-rune gram's shard
	h1       []uint32 // by folded-rune number: FNV-1a of its rune, the first step of a bigram's shard
	uni      []int32  // by folded-rune number: its list's index in lists + 1, 0 for none yet
	bi       gramTable
	lists    []list
	grams    []gram // the gram of each of lists
}

// add adds the grams of slot s, document doc, in the collector's shards.
// buf is for the text's folded-rune numbers, reused. Most of the grams
// of a text are in other shards when the index is written in several
// groups, so those cost as little as they can: two table lookups and a
// hash for a bigram.
func (c *collector) add(s *slot, doc int32, buf []int32) []int32 {
	buf = foldedIDs(s.text, buf, c.tk.folded)
	runeOf, uniShard, h1 := c.tk.runeOf, c.uniShard, c.h1
	r := func(p int) rune { // the folded rune at p, -1 for a space or none
		if p < 0 || p >= len(buf) || buf[p] < 0 {
			return -1
		}
		return runeOf[buf[p]]
	}
	lo, hi := int32(c.lo), int32(c.hi)
	for i, cur := range buf {
		if cur < 0 {
			continue
		}
		if k := uniShard[cur]; k >= lo && k < hi {
			if c.uni[cur] == 0 {
				c.uni[cur] = c.newList(unigram(runeOf[cur]))
			}
			c.lists[c.uni[cur]-1].add(doc, int32(i), int32(i) < s.title, false, 0)
		}
		if i+1 == len(buf) || buf[i+1] < 0 {
			continue
		}
		b := runeOf[buf[i+1]]
		if k := int32(mix((h1[cur]^uint32(b))*16777619, c.n)); k >= lo && k < hi {
			g := bigram(runeOf[cur], b)
			v := c.bi.slot(g)
			if *v == 0 {
				*v = c.newList(g)
			}
			c.lists[*v-1].addBigram(doc, int32(i), int32(i) < s.title, r(i-1), r(i+2))
		}
	}
	return buf
}

// newList adds an empty list for g and returns its index + 1.
func (c *collector) newList(g gram) int32 {
	c.lists = append(c.lists, list{doc: -1})
	c.grams = append(c.grams, g)
	return int32(len(c.lists))
}

// byShard returns the collector's lists by shard, each shard's in gram order.
func (c *collector) byShard() [][]gramList {
	out := make([][]gramList, c.n)
	for i, g := range c.grams {
		k := shardOf(g, c.n)
		out[k] = append(out[k], gramList{g, &c.lists[i]})
	}
	for _, ls := range out {
		slices.SortFunc(ls, func(a, b gramList) int {
			switch {
			case a.g < b.g:
				return -1
			case a.g > b.g:
				return 1
			}
			return 0
		})
	}
	return out
}

// addBigram adds an occurrence of a bigram with the runes before and after
// it (-1 for none), voting for its top neighbours (see vote) and flagging
// it against the candidates of the moment.
func (l *list) addBigram(doc, p int32, inTitle bool, prev, next rune) {
	var nb uint8
	for d, r := range [2]rune{prev, next} {
		if l.vote[d].add(r) {
			l.since[d] = l.npos
		}
		if l.vote[d].cand != r {
			nb |= 1 << d
		}
	}
	l.npos++
	l.add(doc, p, inTitle, true, nb)
}

// gramTable maps bigrams to numbers with open addressing and linear
// probing (a bigram is never 0: its low half is the second rune plus one).
type gramTable struct {
	keys  []gram
	vals  []int32
	used  int
	shift uint // 64 - log2(len(keys))
}

// slot returns where g's number is kept, 0 when g is new.
func (t *gramTable) slot(g gram) *int32 {
	if 2*t.used >= len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for i := uint64(g) * 0x9E3779B97F4A7C15 >> t.shift; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case g:
			return &t.vals[i]
		case 0:
			t.keys[i] = g
			t.used++
			return &t.vals[i]
		}
	}
}

func (t *gramTable) grow() {
	keys, vals := t.keys, t.vals
	size := max(1<<12, 2*len(keys))
	t.keys, t.vals, t.used = make([]gram, size), make([]int32, size), 0
	t.shift = uint(64 - bits.Len(uint(size-1)))
	for i, g := range keys {
		if g != 0 {
			*t.slot(g) = vals[i]
		}
	}
}
