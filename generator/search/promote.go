package search

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"gen/generator/output"
)

// Writing a large list whole again in an index carried over. Which lists
// are large, and their top neighbours, are the base's layout, and a large
// list's postings of the delta's documents are in the delta and recent
// shards. Both drift from what a fresh index of the same archive has:
//
//   - A bigram list that passes bigMin after the base was written is large
//     in a fresh index, where its top neighbours let a term of three or
//     four runes be answered from it alone (neighbours.go); kept in the
//     base's shard, the same term needed its neighbours' lists as well: a
//     query for 垃圾分类 loaded 8 KB from a fresh index and 52 KB from one
//     carried over through 1,000 additions at 10,000 entries. Such a list
//     is promoted: the base remembers its bigram lists near large — half
//     of bigMin or more — with their sizes, a carried build reckons each
//     one's size now from the delta's part of it, and writes those that
//     are large to a large list's own file, with the top neighbours a
//     fresh index would find.
//   - A large list's postings in the delta grow with it, and a delta
//     shard holds those of every large list whose gram falls in it: after
//     the same 1,000 additions a query loaded 10–40 KB of delta shards
//     where the base's lists were a few KB. Once the delta's part of a
//     large list passes 1/listShare of it, the list is written whole again.
//
// Either way the list's file holds its postings of every live document
// below an id, which the manifest gives (pf, with the grams in pg); from it
// on they are in the delta and recent shards, where those below are left
// out, or, in a delta shard written before, skipped by the query. A build
// writes at most half of deltaRewrite such files, each in place of a delta
// shard's rewrite, so it writes no more files for them, and listBytes of
// them (the largest list of the 50,000-entry corpus is 350 KB): the
// promotions first, then the lists the most of which is in the delta.
const (
	nearShare = 2         // a bigram list of bigMin/nearShare bytes or more is near large
	listShare = 16        // a large list is written whole again once the delta's part of it passes 1/listShare
	listBytes = 384 << 10 // of lists a build writes whole, at most (a promoted list always fits)
)

// nearList is a bigram list of the base near large: its size in bytes and
// its documents.
type nearList struct {
	g        gram
	size, df int
}

// stateNear is a nearList in the state; statePromoted a promoted list:
// its gram and top neighbours as the manifest's b has them (bigJSON), its
// size in KB and the id from which the delta's postings are not in its file.
type stateNear struct {
	G    string `json:"g"`
	Size int    `json:"s"`
	DF   int    `json:"d"`
}

type statePromoted struct {
	G    string `json:"g"`
	Size int    `json:"s"`
	From int    `json:"f"`
}

// nearState is the base's near-large lists for the state, in gram order.
func (ix *Index) nearState() []stateNear {
	ns := slices.Clone(ix.near)
	slices.SortFunc(ns, func(a, b nearList) int { return cmp.Compare(a.g, b.g) })
	out := make([]stateNear, len(ns))
	for i, n := range ns {
		out[i] = stateNear{n.g.String(), n.size, n.df}
	}
	return out
}

// bigKey is gram g with its top neighbours as bigJSON writes them: four
// runes, a one-rune gram padded with a space.
func bigKey(g gram, tops [2]rune) string {
	rs := []rune(pairOf(g))
	for _, t := range tops {
		if t == 0 {
			t = ' '
		}
		rs = append(rs, t)
	}
	return string(rs)
}

// loadPromoted takes the lists promoted by earlier builds into the layout.
func (ix *Index) loadPromoted(ps []statePromoted) error {
	ix.promoted = map[gram]int{}
	for _, p := range ps {
		rs := []rune(p.G)
		if len(rs) != 4 {
			return fmt.Errorf("%s is damaged", stateFile)
		}
		var tops [2]rune
		for d := range 2 {
			if rs[2+d] != ' ' {
				tops[d] = rs[2+d]
			}
		}
		g := bigram(rs[0], rs[1])
		if rs[1] == ' ' {
			g = unigram(rs[0])
		}
		ix.big[g], ix.bigSize[g], ix.promoted[g] = tops, p.Size, p.From
	}
	return nil
}

// promotedState is the promoted lists for the state, in gram order.
func (ix *Index) promotedState() []statePromoted {
	out := make([]statePromoted, 0, len(ix.promoted))
	for g, from := range ix.promoted {
		out = append(out, statePromoted{bigKey(g, ix.big[g]), ix.bigSize[g], from})
	}
	slices.SortFunc(out, func(a, b statePromoted) int { return strings.Compare(a.G, b.G) })
	return out
}

// rewriteLists writes at most most large lists whole (see above): first
// the near-large lists of state l that are large now, the largest first,
// then the large lists whose part in the delta passed 1/listShare of
// them, the largest part first, as long as they fit in listBytes. live and posts are the delta's
// documents and their postings. It returns the files written, as the
// state lists them, and which of them replace a file of the state's.
func (ix *Index) rewriteLists(l *loaded, live []int, posts [][]docPosting, w output.Writer, cw *cacheWriter, most int) (files []string, replaced map[string]bool, err error) {
	near := map[gram]stateNear{}
	for _, n := range l.st.Near {
		rs := []rune(n.G)
		if len(rs) != 2 || n.DF < 1 {
			continue
		}
		g := bigram(rs[0], rs[1])
		if _, ok := ix.big[g]; !ok {
			near[g] = n
		}
	}
	added := map[gram][]posting{} // the delta's postings of each near-large list
	behind := map[gram]int{}      // about the bytes of each large list's postings past its file
	for i, id := range live {
		for _, p := range posts[i] {
			if _, ok := near[p.g]; ok {
				added[p.g] = append(added[p.g], p.posting(int32(id)))
			} else if _, ok := ix.big[p.g]; ok && id >= ix.bound(p.g, l.st.Base) {
				behind[p.g] += 1 + len(p.pos)
			}
		}
	}
	type cand struct {
		g       gram
		promote bool
		weight  int // a promotion: the size reckoned; else the share in the delta, in 1/1024ths
	}
	var cands []cand
	for g, ps := range added {
		if est := near[g].Size + valuesOf(g, ps, [2]rune{}).size(true); est >= ix.bigMin {
			cands = append(cands, cand{g, true, est})
		}
	}
	for g, n := range behind {
		if n*listShare >= ix.bigSize[g]<<10 {
			// by the share of the list that is in the delta, in 1/1024ths
			cands = append(cands, cand{g, false, n << 10 / max(ix.bigSize[g]<<10, 1)})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.promote != b.promote {
			return cmp.Compare(btoi(b.promote), btoi(a.promote))
		}
		if c := cmp.Compare(b.weight, a.weight); c != 0 {
			return c
		}
		return cmp.Compare(a.g, b.g)
	})
	replaced = map[string]bool{}
	shards := map[int]map[string]string{}
	left := listBytes
	for _, c := range cands {
		if len(files) == most {
			break
		}
		if !c.promote && (ix.bigSize[c.g]+1)<<10 > left {
			continue // too large for what this build may still write
		}
		var enc string
		if c.promote {
			k := shardOf(c.g, l.st.Shards)
			sh, ok := shards[k]
			if !ok {
				b, err := l.read(shardFile(k))
				if err == nil {
					err = parseScript(shardFile(k), b, "g", &sh)
				}
				if err != nil {
					return nil, nil, err
				}
				shards[k] = sh
			}
			if enc, ok = sh[c.g.String()]; !ok {
				continue
			}
		} else {
			b, err := l.read(bigFile(c.g))
			if err == nil {
				err = parseScript(bigFile(c.g), b, "l", &enc)
			}
			if err != nil {
				return nil, nil, err
			}
		}
		ps := ix.wholeList(c.g, enc, ix.bound(c.g, l.st.Base), live, posts)
		tops := ix.big[c.g]
		if c.promote {
			if valuesOf(c.g, ps, [2]rune{}).size(true) < ix.bigMin {
				continue // reckoned large, but not yet: a fresh index would not have it large
			}
			tops = ix.topsOf(ps)
		}
		enc = encodePostings(c.g, ps, tops).enc
		if len(files) == 0 {
			if err := cw.forget(); err != nil { // the cache changes from here on
				return nil, nil, err
			}
		}
		b := bigScript(c.g, enc)
		left -= len(b)
		if err := w.WriteFile(bigFile(c.g), b); err != nil {
			return nil, nil, err
		}
		cw.put(bigFile(c.g), b)
		if _, ok := l.files[bigFile(c.g)]; ok {
			replaced[bigFile(c.g)] = true
		}
		ix.big[c.g], ix.bigSize[c.g], ix.bigSum[c.g] = tops, (len(enc)+1023)>>10, sum64(b)
		ix.promoted[c.g] = len(ix.ids)
		ix.bigMan.stale = true
		files = append(files, bigFile(c.g)+" "+hashString(sum64(b)))
	}
	return files, replaced, nil
}

// bound is the id from which large list g's postings are not in its file:
// base, or where it was last written whole.
func (ix *Index) bound(g gram, base int) int {
	if from, ok := ix.promoted[g]; ok {
		return from
	}
	return base
}

// wholeList is gram g's list over every live document: those below
// bound from enc, the list in its file (the base's shard, or its own),
// then the delta's from bound on.
func (ix *Index) wholeList(g gram, enc string, bound int, live []int, posts [][]docPosting) []posting {
	var out []posting
	for _, p := range decodeList(enc, g.isBigram()) {
		if p.doc < bound && ix.ids[p.doc] >= 0 {
			out = append(out, p)
		}
	}
	for i, id := range live {
		if id < bound {
			continue
		}
		if j, ok := slices.BinarySearchFunc(posts[i], g, func(p docPosting, g gram) int { return cmp.Compare(p.g, g) }); ok {
			out = append(out, posts[i][j].posting(int32(id)))
		}
	}
	return out
}

// topsOf works out the top neighbours of a bigram list as a fresh index
// does (topsAndFlags: a rune before, or after, at least topShare of the
// occurrences) and sets each posting's flags against them.
func (ix *Index) topsOf(ps []posting) [2]rune {
	tk := ix.tokenizer()
	ts := texts{ix: ix}
	var counts [2]map[rune]int
	counts[0], counts[1] = map[rune]int{}, map[rune]int{}
	n := 0
	nb := func(doc, at, d int) rune {
		text := ts.of(int32(doc))
		if d == 0 {
			return tk.neighbour(text, int32(at-1))
		}
		return tk.neighbour(text, int32(at+2))
	}
	for _, p := range ps {
		for _, at := range p.pos {
			for d := range 2 {
				counts[d][nb(p.doc, at, d)]++
			}
			n++
		}
	}
	var tops [2]rune
	for d := range 2 {
		best, most := rune(0), 0
		for r, c := range counts[d] {
			if r > 0 && (c > most || c == most && r < best) {
				best, most = r, c
			}
		}
		if float64(most) >= topShare*float64(n) {
			tops[d] = best
		}
	}
	for i := range ps {
		p := &ps[i]
		p.flags = nil
		if tops == [2]rune{} {
			continue
		}
		p.flags = make([]uint8, len(p.pos))
		for j, at := range p.pos {
			for d := range 2 {
				if tops[d] > 0 && nb(p.doc, at, d) != tops[d] {
					p.flags[j] |= 1 << d
				}
			}
		}
	}
	return tops
}

// wholeBits is the manifest's w: the large lists written whole since the
// base and, for each, the id from which its postings are in the delta and
// recent shards, as a bit stream (bits.go) —
//
//	gamma(c+1) gamma(lo+1) gamma(width+1)   c lists, their bounds from lo
//	c × gamma(place − previous place), bits(bound − lo, width)
//
// by their places in b (bigJSON's order), the first place counted from
// -1: about 2 bytes a list, where the gram and the id in JSON took 12.
func (ix *Index) wholeBits() string {
	if len(ix.promoted) == 0 {
		return ""
	}
	gs := make([]gram, 0, len(ix.big))
	for g := range ix.big {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b gram) int { return cmp.Compare(a, b) })
	lo, hi := math.MaxInt, 0
	for _, from := range ix.promoted {
		lo, hi = min(lo, from), max(hi, from)
	}
	width := uint(bits.Len(uint(hi - lo)))
	var w bitWriter
	w.gamma(uint32(len(ix.promoted) + 1))
	w.gamma(uint32(lo + 1))
	w.gamma(uint32(width + 1))
	prev := -1
	for place, g := range gs {
		if from, ok := ix.promoted[g]; ok {
			w.gamma(uint32(place - prev))
			w.bits(uint32(from-lo), width)
			prev = place
		}
	}
	return w.String()
}

// wholeOf decodes w (wholeBits) over the grams of b in order: each list's
// bound, by gram.
func wholeOf(w string, grams []string) (map[string]int, error) {
	out := map[string]int{}
	if w == "" {
		return out, nil
	}
	r := bitReader{s: w}
	c, lo, width := int(r.gamma())-1, int(r.gamma())-1, uint(r.gamma()-1)
	place := -1
	for range c {
		place += int(r.gamma())
		from := lo + int(r.bits(width))
		if place < 0 || place >= len(grams) {
			return nil, fmt.Errorf("manifest w: list %d of %d", place, len(grams))
		}
		out[grams[place]] = from
	}
	return out, nil
}

// pairOf is g as two runes, a one-rune gram padded with a space.
func pairOf(g gram) string {
	if g.isBigram() {
		return g.String()
	}
	return g.String() + " "
}
