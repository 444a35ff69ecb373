package search

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Large lists and their neighbours. A list of bigMin bytes or more is written
// to a file of its own, named after its gram, so that a query never loads
// it for a short list that shares its shard, and the manifest names it with
// its size, so that a query can plan which lists to load before loading
// any. A large bigram list also tells, where one rune comes before (or
// after) nearly all its occurrences, that rune — its top neighbour — and
// which occurrences do not have it: a word's bigram then stands for three
// or four runes (愿服 for 志愿服务), and a term needs fewer and shorter
// lists (see plan).
//
// Which lists are large and their top neighbours are the layout, fixed by
// the first Write like the number of shards: updates keep it, so that a
// list changes only where its documents do.
const (
	modeNone    = 0 // no top neighbour
	modeAlways  = 1 // every occurrence has the top neighbour
	modeFlagged = 2 // each record lists its occurrences without it

	bigMin   = 8 << 10 // bytes of a large list; tests set Index.bigMin lower
	topShare = 0.75    // of the occurrences that have the top neighbour, at least: over one half (topsAndFlags)
	bigDir   = "search/l/"
)

// bigName names a large list: its code points in hex, joined by "-"; its
// file is bigDir + name + ".js".
func bigName(g gram) string {
	rs := []rune(g.String())
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%x", r)
	}
	return strings.Join(parts, "-")
}

func bigFile(g gram) string { return bigDir + bigName(g) + ".js" }

// texts decodes the text of one document after another, keeping the last.
type texts struct {
	ix  *Index
	doc int32
	buf []uint32
}

func (t *texts) of(doc int32) []uint32 {
	if t.buf == nil || t.doc != doc {
		t.doc, t.buf = doc, ids(t.ix.slots[t.ix.ids[doc]].text, t.buf)
	}
	return t.buf
}

// topsAndFlags sets the flags and modes of a bigram list with top
// neighbours, and reports whether it has any. A top neighbour comes at more
// than half of the occurrences, so it is the candidate of the majority vote
// taken while the list was collected (in parts, over consecutive documents,
// whose votes merge), which also flagged each occurrence against the
// candidates of its time: only the occurrences from before a part's last
// change of candidate, or of a part whose candidate lost, are looked at
// again. The tops do not depend on the parts: a majority is unique.
func (ix *Index) topsAndFlags(v *values, tk *tokenizer) bool {
	var final [2]vote
	for _, p := range v.parts {
		for d := range 2 {
			final[d] = final[d].merge(p.vote[d])
		}
	}
	// A candidate that ends with V votes over N occurrences came at most
	// (N+V)/2 times: half of each run that ended with no votes, and (L+V)/2
	// of the last run of length L.
	n := float64(len(v.voted))
	var tops [2]rune
	var stale [2][]span // occurrences whose flags are against another candidate
	for d := range 2 {
		if c := final[d].cand; c > 0 && (n+float64(final[d].votes))/2 >= topShare*n {
			tops[d] = c
		}
		base := int32(0)
		for _, p := range v.parts {
			to := base + p.since[d]
			if p.vote[d].cand != final[d].cand {
				to = base + p.n
			}
			if to > base {
				stale[d] = append(stale[d], span{base, to})
			}
			base += p.n
		}
	}
	if tops == [2]rune{} {
		return false
	}
	v.flags = v.voted
	var before int32 // occurrences to look at again: those before this
	for d := range 2 {
		if tops[d] == 0 {
			continue
		}
		have, unknown := 0, 0 // occurrences known to have the candidate, and not known
		at := int32(0)
		for _, sp := range stale[d] {
			for _, f := range v.flags[at:sp.from] {
				have += int(^f >> d & 1)
			}
			unknown += int(sp.to - sp.from)
			at = sp.to
		}
		for _, f := range v.flags[at:] {
			have += int(^f >> d & 1)
		}
		if float64(have+unknown) < topShare*n {
			tops[d], stale[d] = 0, nil // even if all those not known had it
		} else if k := len(stale[d]); k > 0 {
			before = max(before, stale[d][k-1].to)
		}
	}
	if before > 0 {
		ts := texts{ix: ix}
		next := [2]int{} // the stale span of each direction at or after i
		v.upTo(before, func(doc, p int32, i int) {
			var s []uint32
			for d := range 2 {
				sp := stale[d]
				for next[d] < len(sp) && sp[next[d]].to <= int32(i) {
					next[d]++
				}
				if next[d] == len(sp) || sp[next[d]].from > int32(i) {
					continue
				}
				if s == nil {
					s = ts.of(doc)
				}
				v.flags[i] &^= 1 << d
				if tk.neighbour(s, p-1+3*int32(d)) != tops[d] {
					v.flags[i] |= 1 << d
				}
			}
		})
	}
	var have [2]int // occurrences with the candidate
	for _, f := range v.flags {
		have[0] += int(^f & 1)
		have[1] += int(^f >> 1 & 1)
	}
	for d := range 2 {
		if float64(have[d]) < topShare*n {
			tops[d] = 0
		}
	}
	if tops == [2]rune{} {
		v.flags, v.modes, v.tops = nil, [2]uint8{}, [2]rune{}
		return false
	}
	for i := range v.flags { // no flags where there is no top
		if tops[0] == 0 {
			v.flags[i] &^= 1
		}
		if tops[1] == 0 {
			v.flags[i] &^= 2
		}
	}
	v.setModes(tops)
	return true
}

// span is the occurrences from … to, exclusive, by index.
type span struct{ from, to int32 }

// setFlags sets the flags and modes of a bigram list with top neighbours.
func (ix *Index) setFlags(v *values, tops [2]rune, tk *tokenizer) {
	v.flags = make([]uint8, 0, len(v.gaps)+len(v.deltas))
	ts := texts{ix: ix}
	v.each(func(doc, p int32, _ int) {
		s := ts.of(doc)
		var f uint8
		if tops[0] > 0 && tk.neighbour(s, p-1) != tops[0] {
			f |= 1
		}
		if tops[1] > 0 && tk.neighbour(s, p+2) != tops[1] {
			f |= 2
		}
		v.flags = append(v.flags, f)
	})
	v.setModes(tops)
}

// scratch is what encoding a shard's lists reuses from one list to the
// next: the values of a unigram and of a bigram list, and the bit writer.
type scratch struct {
	values [2]values
	w      bitWriter
	shard  []byte // the shard file being written
	big    []byte // a large list's file
}

// file returns *buf emptied to write a file into, or nil when the Writer
// keeps what it is given (retains): the file's bytes cannot be reused then.
func (sc *scratch) file(buf *[]byte, retains bool) []byte {
	if retains {
		return nil
	}
	return (*buf)[:0]
}

// keep keeps b, a file written, in *buf for the next unless retains.
func (sc *scratch) keep(buf *[]byte, b []byte, retains bool) {
	if !retains {
		*buf = b
	}
}

// encodeLists encodes a shard's lists, in gram order, and hands each to
// emit with its encoding (good until the next call), and returns, before
// the layout is fixed, the large ones with their top neighbours. With
// keep, it also returns the lists with their encodings for the update
// cache, the large ones with what editing them in place needs.
func (ix *Index) encodeLists(s []gramList, keep bool, tk *tokenizer, sc *scratch, emit func(l *kept, enc []byte)) ([]*kept, map[gram][2]rune, []nearList) {
	var out []*kept
	if keep {
		out = make([]*kept, len(s))
	}
	var found map[gram][2]rune
	var near []nearList
	for i := range s {
		g := s[i].g
		v := &sc.values[0]
		if g.isBigram() {
			v = &sc.values[1]
		}
		s[i].l.valuesInto(g.isBigram(), v)
		*s[i].l = list{} // its memory can go: v has all of it
		s[i].l = nil
		var l *kept
		if tops, ok := ix.big[g]; ix.fixed && ok {
			if g.isBigram() && tops != [2]rune{} {
				ix.setFlags(v, tops, tk)
			}
			l = v.encode(g, keep, &sc.w)
			l.big = true
		} else {
			size := v.size(g.isBigram())
			large := !ix.fixed && size >= ix.bigMin
			if !ix.fixed && !large && g.isBigram() && size >= ix.bigMin/nearShare {
				near = append(near, nearList{g, size, len(v.gaps)})
			}
			var tops [2]rune
			if large && g.isBigram() && ix.topsAndFlags(v, tk) {
				tops = v.tops
			}
			l = v.encode(g, keep, &sc.w)
			if large {
				l.big = true
				if found == nil {
					found = map[gram][2]rune{}
				}
				found[g] = tops
			}
		}
		if emit != nil {
			emit(l, sc.w.out)
		}
		if keep {
			out[i] = l
		}
	}
	return out, found, near
}

// appendGram appends g as a JSON string, as appendJSON would.
func appendGram(b []byte, g gram) []byte {
	var tmp [14]rune
	esc := appendRune(append(tmp[:0], '"'), rune(g>>32))
	if g.isBigram() {
		esc = appendRune(esc, rune(uint32(g)-1))
	}
	for _, r := range append(esc, '"') {
		b = utf8.AppendRune(b, r)
	}
	return b
}

// bigJSON is the manifest's account of the large lists, by gram: four runes
// each — the gram, a space after a one-rune gram, the top previous and next
// neighbours or spaces — and their sizes in KB, rounded up. It is worked
// out again only when a size changed.
func (ix *Index) bigJSON() (string, []int) {
	if ix.bigMan.sizes != nil && !ix.bigMan.stale {
		return ix.bigMan.grams, ix.bigMan.sizes
	}
	gs := make([]gram, 0, len(ix.big))
	for g := range ix.big {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b gram) int { return cmp.Compare(a, b) })
	var b strings.Builder
	sizes := make([]int, len(gs))
	for i, g := range gs {
		rs := []rune(g.String())
		if len(rs) == 1 {
			rs = append(rs, ' ')
		}
		for _, t := range ix.big[g] {
			if t == 0 {
				t = ' '
			}
			rs = append(rs, t)
		}
		b.WriteString(string(rs))
		sizes[i] = ix.bigSize[g]
	}
	ix.bigMan = bigManifest{grams: b.String(), sizes: sizes}
	return ix.bigMan.grams, ix.bigMan.sizes
}

// bigManifest is what bigJSON last returned.
type bigManifest struct {
	grams string
	sizes []int
	stale bool // a size changed since
}
