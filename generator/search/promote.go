package search

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gen/generator/output"
)

// Promoting a list to large in an index carried over. Which lists are
// large, and their top neighbours, are the base's layout; but lists grow
// with the archive, and a bigram list that passes bigMin since is large in
// a fresh index of the same archive, where its top neighbours let a term
// of three or four runes be answered from it alone (neighbours.go). Kept
// in the base's shard, the same term needs its neighbours' lists as well:
// a query for 织建设 loaded 29 KB where a fresh index loads 8 KB. So a
// carried build promotes such a list: it writes the whole list as it is —
// the base's documents still live and the delta's — to a large list's own
// file, with the top neighbours a fresh index would find, once; the
// manifest names it with the large lists, and says from which id on (pf)
// its postings are in the delta and recent shards, where those below are
// left out (and, in a delta shard written before, skipped by the query).
//
// The base remembers which of its shards' bigram lists are near large —
// half of bigMin or more — with their sizes and documents; a carried build
// reckons each one's size now as that and the size of the delta's part of
// it, and builds the lists reckoned large, at most maxPromote a build
// (each is a file more to publish), promoting those that are.
const (
	nearShare  = 2 // a bigram list of bigMin/nearShare bytes or more is near large
	maxPromote = 4
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

// bigKey is gram g with its top neighbours as bigJSON writes them.
func bigKey(g gram, tops [2]rune) string {
	rs := []rune(g.String())
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

// promote promotes the near-large lists of state l that are large now, at
// most maxPromote, writing their files; live and posts are the delta's
// documents and their postings (without the promoted lists' flags: the
// caller works them out again when promote returns any). It returns the
// files written, as the state lists them.
func (ix *Index) promote(l *loaded, live []int, posts [][]docPosting, w output.Writer, cw *cacheWriter) ([]string, error) {
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
	if len(near) == 0 {
		return nil, nil
	}
	added := map[gram][]posting{} // the delta's postings of each
	for i, id := range live {
		for _, p := range posts[i] {
			if _, ok := near[p.g]; ok {
				added[p.g] = append(added[p.g], p.posting(int32(id)))
			}
		}
	}
	type cand struct {
		g   gram
		est int
	}
	var cands []cand
	for g, ps := range added {
		if est := near[g].Size + valuesOf(g, ps, [2]rune{}).size(true); est >= ix.bigMin {
			cands = append(cands, cand{g, est})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.est, a.est); c != 0 {
			return c
		}
		return cmp.Compare(a.g, b.g)
	})
	var files []string
	shards := map[int]map[string]string{}
	for _, c := range cands[:min(len(cands), maxPromote)] {
		k := shardOf(c.g, l.st.Shards)
		sh, ok := shards[k]
		if !ok {
			b, err := l.read(shardFile(k))
			if err == nil {
				err = parseScript(shardFile(k), b, "g", &sh)
			}
			if err != nil {
				return nil, err
			}
			shards[k] = sh
		}
		enc, ok := sh[c.g.String()]
		if !ok {
			continue
		}
		ps := ix.wholeList(c.g, enc, l.st.Base, live, posts)
		if valuesOf(c.g, ps, [2]rune{}).size(true) < ix.bigMin {
			continue // reckoned large, but not yet: a fresh index would not have it large
		}
		tops := ix.topsOf(ps)
		enc = encodePostings(c.g, ps, tops).enc
		if len(files) == 0 {
			if err := cw.forget(); err != nil { // the cache changes from here on
				return nil, err
			}
		}
		b := bigScript(c.g, enc)
		if err := w.WriteFile(bigFile(c.g), b); err != nil {
			return nil, err
		}
		cw.put(bigFile(c.g), b)
		ix.big[c.g], ix.bigSize[c.g], ix.bigSum[c.g] = tops, (len(enc)+1023)>>10, sum64(b)
		ix.promoted[c.g] = len(ix.ids)
		ix.bigMan.stale = true
		files = append(files, bigFile(c.g)+" "+hashString(sum64(b)))
	}
	return files, nil
}

// wholeList is gram g's list over every live document: the base's, from
// its shard's encoding enc, then the delta's.
func (ix *Index) wholeList(g gram, enc string, base int, live []int, posts [][]docPosting) []posting {
	var out []posting
	for _, p := range decodeList(enc, true) {
		if p.doc < base && ix.ids[p.doc] >= 0 {
			out = append(out, p)
		}
	}
	for i, id := range live {
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

// promotedJSON is the manifest's pg and pf.
func (ix *Index) promotedJSON() (string, []int) {
	gs := make([]gram, 0, len(ix.promoted))
	for g := range ix.promoted {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	var b strings.Builder
	from := make([]int, len(gs))
	for i, g := range gs {
		b.WriteString(g.String())
		from[i] = ix.promoted[g]
	}
	return b.String(), from
}
