package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"gen/generator/output"
	"gen/generator/parallel"
)

// deltaLayout is what the manifest of an index carried over tells of its
// delta (write.go's writeManifest).
type deltaLayout struct {
	base   int      // ids below it are the base's
	shards int      // 0 when the index is its base alone, as a fresh one
	files  string   // by delta shard: '1' where it has a file
	recent string   // by recent shard, likewise
	sums   []uint64 // of the delta and recent shards' files, by name, for the version
}

// writeDelta writes the index carried over from state l (see delta.go). It
// returns why it did not when the state does not fit the documents (too
// many gone, too many new), having written nothing.
func (ix *Index) writeDelta(ctx context.Context, w output.Writer, l *loaded, cw *cacheWriter) (int, string, error) {
	st := &l.st
	gone, delta, changed := ix.takeIDs(st)
	why := ""
	switch {
	case gone*10 > st.Base:
		why = fmt.Sprintf("%d of the %d documents of the previous index are gone or changed", gone, st.Base)
	case delta*4 > st.Base:
		why = fmt.Sprintf("%d documents are new or changed since the index was written fresh, against %d", delta, st.Base)
	}
	var dict lzJSON
	if why == "" {
		b, err := l.read(DictFile)
		if err == nil {
			err = parseScript(DictFile, b, "z", &dict)
		}
		if err != nil {
			why = err.Error()
		}
	}
	if why != "" {
		ix.ids, ix.byURL = nil, nil
		return 0, why, nil
	}
	ix.shards, ix.fixed = st.Shards, true
	ix.big, ix.bigSize = parseBigGrams(st.Big, st.BigSize)
	if err := ix.loadPromoted(st.Promoted); err != nil {
		ix.ids, ix.byURL = nil, nil
		return 0, err.Error(), nil
	}
	ix.lz = lzOf([]rune(dict.Table), []rune(dict.Dict), dict.K)
	ix.dictSum = l.files[DictFile]
	ix.shardSum, ix.bigSum = make([]uint64, ix.shards), map[gram]uint64{}
	for k := range ix.shardSum {
		ix.shardSum[k] = l.files[shardFile(k)]
	}
	for g := range ix.big {
		if s, ok := l.files[bigFile(g)]; ok {
			ix.bigSum[g] = s
		}
	}

	live := make([]int, 0, delta) // the delta's live ids, rising
	for id := st.Base; id < len(ix.ids); id++ {
		if ix.ids[id] >= 0 {
			live = append(live, id)
		}
	}
	ix.tokenizer()
	posts := make([][]docPosting, len(live))
	if err := parallel.For(ctx, len(live), func(i int) { posts[i] = ix.postingsOf(&ix.slots[ix.ids[live[i]]]) }); err != nil {
		return 0, "", err
	}
	sw := &sumWriter{w: w, sums: map[string]uint64{}}
	var rewritten []string
	replaced := map[string]bool{}
	if changed {
		// a promoted list's postings in the delta get no flags here: all of
		// them are below its bound, in its file
		var err error
		if rewritten, replaced, err = ix.rewriteLists(l, live, posts, sw, cw, deltaRewrite/2); err != nil {
			return 0, "", err
		}
	}
	next := *st
	next.Absorbed = slices.Clone(st.Absorbed)
	chosen := map[int]bool{} // nothing changed: the same files as the last build
	if changed {
		// a large list written whole takes the place of a delta shard's
		// rewrite: a build writes no more files for it
		chosen = ix.chooseDelta(l, live, posts, next.Absorbed, ix.rewrite-len(rewritten))
	}
	lists, recent := ix.deltaLists(st, live, posts, chosen)

	files, err := ix.writeDeltaFiles(sw, l, chosen, replaced, lists, recent, cw)
	if err != nil {
		return 0, "", err
	}
	files = append(files, rewritten...)
	slices.Sort(files)
	next.Docs, next.Files, next.Promoted = ix.stateDocs(), files, ix.promotedState()
	n, err := ix.finishDelta(ctx, sw, &next, chosen, recent)
	if err != nil {
		return 0, "", err
	}
	if cw.err == nil {
		cw.err = cw.save(&next)
	}
	return n, "", nil
}

// chooseDelta picks the delta shards this build rewrites — those behind
// (a live document above their bound has a gram there, or a document below
// it is gone), the longest behind first, at most most — and moves
// their bounds to the next id.
func (ix *Index) chooseDelta(l *loaded, live []int, posts [][]docPosting, absorbed []int, most int) map[int]bool {
	n := len(absorbed)
	behind := make([]bool, n)
	for i, id := range live {
		for _, p := range posts[i] {
			if j := shardOf(p.g, n); id >= absorbed[j] {
				behind[j] = true
			}
		}
	}
	for id := l.st.Base; id < len(l.st.Docs); id++ {
		if ix.ids[id] >= 0 {
			continue
		}
		for j := range n {
			if _, ok := l.files[deltaFile(j)]; ok && id < absorbed[j] {
				behind[j] = true
			}
		}
	}
	var cands []int
	for j, b := range behind {
		if b {
			cands = append(cands, j)
		}
	}
	slices.SortStableFunc(cands, func(a, b int) int { return cmp.Compare(absorbed[a], absorbed[b]) })
	chosen := map[int]bool{}
	for _, j := range cands[:min(len(cands), max(most, 0))] {
		chosen[j] = true
		absorbed[j] = len(ix.ids)
	}
	return chosen
}

// deltaLists gathers the lists of the chosen delta shards and of the
// recent shards: a gram's postings go to its delta shard when that is
// rewritten, else to its recent shard when they are above its delta
// shard's bound.
func (ix *Index) deltaLists(st *state, live []int, posts [][]docPosting, chosen map[int]bool) (map[int]map[gram][]posting, [recentShards]map[gram][]posting) {
	lists := map[int]map[gram][]posting{}
	var recent [recentShards]map[gram][]posting
	for i, id := range live {
		for k := range posts[i] {
			p := &posts[i][k]
			if from, ok := ix.promoted[p.g]; ok && id < from {
				continue // in the promoted list's file
			}
			j := shardOf(p.g, st.Delta)
			var m map[gram][]posting
			switch {
			case chosen[j]:
				if lists[j] == nil {
					lists[j] = map[gram][]posting{}
				}
				m = lists[j]
			case id >= st.Absorbed[j]:
				r := shardOf(p.g, recentShards)
				if recent[r] == nil {
					recent[r] = map[gram][]posting{}
				}
				m = recent[r]
			default:
				continue
			}
			m[p.g] = append(m[p.g], p.posting(int32(id)))
		}
	}
	return lists, recent
}

// writeDeltaFiles writes the copies of the previous build's files but the
// delta shards rewritten and the large lists replaced (by rewriteLists),
// then those delta shards and the recent shards, and returns
// the files the next state carries. The cache gets the rewritten ones.
func (ix *Index) writeDeltaFiles(w output.Writer, l *loaded, chosen map[int]bool, replaced map[string]bool, lists map[int]map[gram][]posting, recent [recentShards]map[gram][]posting, cw *cacheWriter) ([]string, error) {
	var files []string
	names := make([]string, 0, len(l.files))
	for name := range l.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.HasPrefix(name, deltaDir) && chosen[deltaIndex(name)] || replaced[name] {
			continue
		}
		b, err := l.read(name)
		if err == nil && sum64(b) != l.files[name] {
			err = fmt.Errorf("%s changed while it was read", name)
		}
		if err != nil {
			return nil, err
		}
		if err := w.WriteFile(name, b); err != nil {
			return nil, err
		}
		files = append(files, name+" "+hashString(l.files[name]))
	}
	if err := cw.forget(); err != nil {
		cw.err = err
	}
	js := make([]int, 0, len(chosen))
	for j := range chosen {
		js = append(js, j)
	}
	slices.Sort(js)
	for _, j := range js {
		if len(lists[j]) == 0 {
			cw.remove(deltaFile(j))
			continue
		}
		b := ix.gramsFile("e", j, lists[j])
		cw.put(deltaFile(j), b)
		if err := w.WriteFile(deltaFile(j), b); err != nil {
			return nil, err
		}
		files = append(files, deltaFile(j)+" "+hashString(sum64(b)))
	}
	for i, m := range recent {
		if len(m) > 0 {
			if err := w.WriteFile(recentFile(i), ix.gramsFile("r", i, m)); err != nil {
				return nil, err
			}
		}
	}
	slices.Sort(files)
	return files, nil
}

func deltaIndex(name string) int {
	var j int
	fmt.Sscanf(strings.TrimPrefix(name, deltaDir), "%d.js", &j)
	return j
}

// finishDelta writes the document files and the manifest.
func (ix *Index) finishDelta(ctx context.Context, sw *sumWriter, next *state, chosen map[int]bool, recent [recentShards]map[gram][]posting) (int, error) {
	d := &deltaLayout{base: next.Base}
	present := map[string]bool{}
	for _, f := range next.Files {
		name, _, _ := strings.Cut(f, " ")
		present[name] = true
	}
	var names []string
	for name := range sw.sums {
		if strings.HasPrefix(name, deltaDir) || strings.HasPrefix(name, recentDir) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		d.sums = append(d.sums, sw.sums[name])
	}
	if len(names) > 0 || countLive(ix.ids) < len(ix.ids) {
		d.shards = next.Delta
	}
	var b strings.Builder
	for j := range next.Delta {
		b.WriteByte("01"[btoi(present[deltaFile(j)])])
	}
	d.files = b.String()
	b.Reset()
	for _, m := range recent {
		b.WriteByte("01"[btoi(len(m) > 0)])
	}
	d.recent = b.String()
	ix.delta, ix.man = d, nil
	ix.docSum = make([]uint64, (len(ix.ids)+packSize-1)/packSize)
	packs := make([]int, 0, len(ix.docSum))
	for p := range ix.docSum {
		if ix.packLive(p) {
			packs = append(packs, p)
		}
	}
	if _, err := ix.writeDocs(ctx, sw, packs, true); err != nil {
		return 0, err
	}
	if _, err := ix.writeManifest(sw, true); err != nil {
		return 0, err
	}
	return len(sw.sums), nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// gramsFile is a delta or recent shard's file: GenSearch.put(kind, k,
// {gram: list, …}) in gram order, each list over ids as a base's is.
func (ix *Index) gramsFile(kind string, k int, m map[gram][]posting) []byte {
	gs := make([]gram, 0, len(m))
	for g := range m {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	b := fmt.Appendf(nil, "GenSearch.put(%q,%d,{", kind, k)
	for _, g := range gs {
		b = appendShardList(b, g, encodePostings(g, m[g], ix.big[g]).enc)
	}
	return shardEnd(b)
}

// parseBigGrams reads the manifest's account of the large lists (bigJSON).
func parseBigGrams(s string, sizes []int) (map[gram][2]rune, map[gram]int) {
	big, size := map[gram][2]rune{}, map[gram]int{}
	b := []rune(s)
	for i := 0; i+4 <= len(b) && i/4 < len(sizes); i += 4 {
		g := bigram(b[i], b[i+1])
		if b[i+1] == ' ' {
			g = unigram(b[i])
		}
		var tops [2]rune
		for d := range 2 {
			if b[i+2+d] != ' ' {
				tops[d] = b[i+2+d]
			}
		}
		big[g], size[g] = tops, sizes[i/4]
	}
	return big, size
}
