package search

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"gen/generator/output"
)

// An index carried over between builds, each in its own process (gen
// build, then gen publish days later), so that publishing one new entry
// copies a few files of the index instead of most of them:
//
//   - The base: the shards, large lists and dictionary of the last fresh
//     index, copied unchanged from the cache folder. Its documents keep
//     their ids; a document removed or changed since is a tombstone — its
//     id's section in the manifest is "removed", and a query skips its
//     postings.
//   - New and changed documents take the next ids (so every id of the
//     delta is above the base's). Their postings are in the delta shards,
//     search/e/<j>.js, one of deltaShards(base shards) chosen by the same
//     hash as the base's, or, when they came after shard j was last
//     written, in the recent shards, search/r/<i>.js, of which there are
//     recentShards. Each build rewrites at most deltaRewrite delta shards —
//     those that are behind, the longest behind first — taking into each
//     the postings of its grams from every live document of the delta, and
//     writes the recent shards with what no delta shard has yet. Every
//     file is made from the documents as they are now, but for the base's,
//     which are copies.
//   - A query loads, for each gram, the base's list, the delta shard's and
//     the recent shard's, and reads them in that order: ids rise through
//     them, so the three lists joined are one list in id order.
//   - A bigram list that has grown large since the base is promoted, and
//     a large list whose part in the delta passed a sixteenth of it is
//     written whole again (promote.go): its postings of every document
//     are written to its own file, in place of one delta shard's rewrite,
//     and the delta's below that build's id are left out of (or skipped
//     in) the delta and recent shards.
//   - Ranks: ids no longer tell which document is newer, so the manifest
//     holds, for the delta's documents, their years and places among the
//     base's in the order of a fresh index, bit-packed (z, rankBits: about
//     4 bytes a document, where runs of ids, o, took 20); results rank as
//     a fresh index ranks them.
//
// The sizes trade what a publish copies against what a query loads. Each
// file a gram's list is spread over is one more for its first query to
// load: a delta shard holds the delta's postings of four base shards'
// worth of grams (small shards: at 2 % of the archive new, a few hundred
// bytes a gram), and a recent shard those of every gram not yet taken into
// a delta shard, which grows with deltaShards/deltaRewrite builds' worth
// of documents. Eight recent shards keep that small while an edit — all
// recent shards, up to deltaRewrite delta shards, the manifest and a
// document file — stays within 30 files. BenchmarkCarriedGrowth measures
// it: after 1,000 additions and 300 deletions at 10,000 entries the first
// download of a query is 1.16× a fresh index's on average, 2.0× at worst
// (a query with no results: the manifest, 15 KB against 9, is most of
// it); before large lists were written whole again (promote.go) it was
// 1.25× and 3.0×.
//
// The base is written fresh again — every file of the index changes, once
// — when its tombstones pass a tenth of it or the delta a quarter; and
// whenever the state is missing, damaged, of another format or another
// site, with a note saying why.
const (
	recentShards = 8
	deltaRewrite = 16
	deltaDir     = "search/e/"
	recentDir    = "search/r/"
)

func deltaShards(shards int) int { return min(max(shards/4, 8), 1024) }
func deltaFile(j int) string     { return deltaDir + strconv.Itoa(j) + ".js" }
func recentFile(i int) string    { return recentDir + strconv.Itoa(i) + ".js" }

// Options say where an index can be carried over from and to.
type Options struct {
	Cache string           // the cache folder; "" writes a fresh index and keeps nothing
	Key   string           // names the site: a state of another key is not used
	Note  func(msg string) // told why a fresh index was written, when it was not carried over
}

// WriteWith writes the index as Write does, carrying the previous build's
// over from opts.Cache when it can, and leaves there what the next build
// needs. A cache that cannot be read or written never fails the build: the
// index is then written fresh, or not kept.
func (ix *Index) WriteWith(ctx context.Context, w output.Writer, opts Options) (int, error) {
	note := opts.Note
	if note == nil {
		note = func(string) {}
	}
	if err := ix.unspill(); err != nil {
		return 0, err
	}
	if opts.Cache == "" {
		return ix.Write(ctx, w)
	}
	cw := &cacheWriter{dir: opts.Cache}
	if l, err := loadState(opts.Cache, opts.Key); err != nil {
		note(fmt.Sprintf("search index written fresh: %v", err))
	} else if n, why, err := ix.writeDelta(ctx, w, l, cw); err != nil || why == "" {
		if cw.err != nil {
			note(fmt.Sprintf("search index not kept for the next build: %v", cw.err))
		}
		return n, err
	} else {
		note("search index written fresh: " + why)
	}
	if err := cw.forget(); err == nil {
		err = os.RemoveAll(filepath.Join(opts.Cache, "search"))
		cw.err = err
	} else {
		cw.err = err
	}
	n, err := ix.Write(ctx, &teeWriter{w: w, c: cw})
	if err != nil {
		return n, err
	}
	st := ix.freshState(opts.Key)
	if err := cw.save(st); err != nil {
		note(fmt.Sprintf("search index not kept for the next build: %v", err))
	}
	return n, nil
}

// teeWriter writes the files a state carries into the cache folder as they
// are written to the output.
type teeWriter struct {
	w output.Writer
	c *cacheWriter
}

func (t *teeWriter) WriteFile(name string, b []byte) error {
	t.c.put(name, b)
	return t.w.WriteFile(name, b)
}

func (t *teeWriter) CopyFile(name string, fsys fs.FS, src string) error {
	return t.w.CopyFile(name, fsys, src)
}

// retains is output.Retains, seeing through the writers of this package.
func retains(w output.Writer) bool {
	switch t := w.(type) {
	case *teeWriter:
		return retains(t.w)
	case *sumWriter:
		return retains(t.w)
	}
	return output.Retains(w)
}

// freshState is the state of an index Write wrote fresh.
func (ix *Index) freshState(key string) *state {
	st := &state{Format: stateFormat, Key: key, Shards: ix.shards, Base: len(ix.ids)}
	st.Big, st.BigSize = ix.bigJSON()
	st.Delta = deltaShards(ix.shards)
	st.Absorbed = make([]int, st.Delta)
	for j := range st.Absorbed {
		st.Absorbed[j] = st.Base
	}
	st.Docs = ix.stateDocs()
	st.Near = ix.nearState()
	for k, s := range ix.shardSum {
		st.Files = append(st.Files, shardFile(k)+" "+hashString(s))
	}
	for g, s := range ix.bigSum {
		st.Files = append(st.Files, bigFile(g)+" "+hashString(s))
	}
	st.Files = append(st.Files, DictFile+" "+hashString(ix.dictSum))
	slices.Sort(st.Files)
	return st
}

func (ix *Index) stateDocs() []stateDoc {
	docs := make([]stateDoc, len(ix.ids))
	for id, s := range ix.ids {
		if s >= 0 {
			docs[id] = stateDoc{URL: ix.slots[s].doc.URL, Hash: hashString(ix.slots[s].hash)}
		}
	}
	return docs
}

// sumWriter remembers the checksum of every file written: the delta's go
// into the manifest's version.
type sumWriter struct {
	w    output.Writer
	mu   sync.Mutex
	sums map[string]uint64
}

func (s *sumWriter) WriteFile(name string, b []byte) error {
	s.mu.Lock()
	s.sums[name] = sum64(b)
	s.mu.Unlock()
	return s.w.WriteFile(name, b)
}

func (s *sumWriter) CopyFile(name string, fsys fs.FS, src string) error {
	return s.w.CopyFile(name, fsys, src)
}

// takeIDs numbers the documents from state st: a document the state has,
// unchanged, keeps its id; the others take the next ids, newest first. It
// returns how many of the base's documents are gone, how many documents
// the delta holds, and whether any document differs from the state's.
func (ix *Index) takeIDs(st *state) (gone, delta int, changed bool) {
	byURL := make(map[string]int, len(st.Docs))
	for id, d := range st.Docs {
		if d.URL != "" {
			byURL[d.URL] = id
		}
	}
	ix.ids = make([]int, len(st.Docs))
	for i := range ix.ids {
		ix.ids[i] = -1
	}
	var fresh []int
	for s := range ix.slots {
		sl := &ix.slots[s]
		if sl.gone {
			continue
		}
		if id, ok := byURL[sl.doc.URL]; ok && st.Docs[id].Hash == hashString(sl.hash) {
			ix.ids[id], sl.id = s, id
			continue
		}
		fresh = append(fresh, s)
	}
	slices.SortStableFunc(fresh, func(a, b int) int { return newer(&ix.slots[a].doc, &ix.slots[b].doc) })
	for _, s := range fresh {
		ix.slots[s].id = len(ix.ids)
		ix.ids = append(ix.ids, s)
	}
	changed = len(fresh) > 0
	ix.byURL = make(map[string]int, len(ix.slots))
	for id, s := range ix.ids {
		if s < 0 {
			if id < st.Base {
				gone++
			}
			changed = changed || id < len(st.Docs) && st.Docs[id].URL != ""
			continue
		}
		ix.byURL[ix.slots[s].doc.URL] = s
	}
	return gone, countLive(ix.ids[st.Base:]), changed
}

func countLive(ids []int) int {
	n := 0
	for _, s := range ids {
		if s >= 0 {
			n++
		}
	}
	return n
}

// rankRuns is the manifest's o: the live documents in the order of a fresh
// index, as runs of ids [first, count, first, count …].
func (ix *Index) rankRuns() []int {
	var runs []int
	for _, id := range ix.rankOrder() {
		if n := len(runs); n > 0 && runs[n-2]+runs[n-1] == id {
			runs[n-1]++
		} else {
			runs = append(runs, id, 1)
		}
	}
	return runs
}

// rankOrder is the live documents' ids in the order a fresh index ranks them.
func (ix *Index) rankOrder() []int {
	order := make([]int, 0, len(ix.ids))
	for id, s := range ix.ids {
		if s >= 0 {
			order = append(order, id)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := newer(&ix.slots[ix.ids[a]].doc, &ix.slots[ix.ids[b]].doc); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return order
}

// rankBits is the manifest's z: the years and the ranking of the ids from
// base on, as a bit stream (bits.go) —
//
//	gamma(base+1) gamma(n+1)              n: the ids from base on
//	n × gamma(zigzag(year − previous)+1)  each one's year (a removed id
//	                                      repeats the previous year)
//	gamma(l+1)                            l: the live ones among them
//	l × gamma(place − previous place + 1), bits(id − base, bits.Len(n))
//
// in rank order, place being one more than the base id ranked just before
// it (0: none). The base's ids rank among themselves in id order — they
// were numbered in rank order when the base was written fresh — so the
// ranking is: for each place q from 0 to base, the delta's documents of
// place q in their order, then base id q. It is about 4 bytes a document
// of the delta, where runs of ids (o) took 20. ok is false if the base's
// ids do not rank in id order (then o is written).
func (ix *Index) rankBits(base int) (string, bool) {
	var w bitWriter
	n := len(ix.ids) - base
	w.gamma(uint32(base + 1))
	w.gamma(uint32(n + 1))
	prev := 0
	for id := base; id < len(ix.ids); id++ {
		year := prev
		if s := ix.ids[id]; s >= 0 {
			year = ix.slots[s].doc.Year
		}
		w.gamma(zigzag(year-prev) + 1)
		prev = year
	}
	type placed struct{ place, id int }
	var delta []placed
	place, lastBase := 0, -1
	for _, id := range ix.rankOrder() {
		if id < base {
			if id < lastBase {
				return "", false
			}
			lastBase, place = id, id+1
			continue
		}
		delta = append(delta, placed{place, id})
	}
	w.gamma(uint32(len(delta) + 1))
	width, at := uint(bits.Len(uint(n))), 0
	for _, d := range delta {
		w.gamma(uint32(d.place-at) + 1)
		w.bits(uint32(d.id-base), width)
		at = d.place
	}
	return w.String(), true
}

func zigzag(v int) uint32 { return uint32(v<<1) ^ uint32(v>>63) }

func unzigzag(u uint32) int { return int(u>>1) ^ -int(u&1) }

// yearRuns is the manifest's y over the ids below base when z holds the
// rest: runs of years, a removed id counted in the run it is in.
func (ix *Index) yearRuns(base int) []int {
	runs := []int{}
	for id := range base {
		s := ix.ids[id]
		n := len(runs)
		if n > 0 && (s < 0 || runs[n-2] == ix.slots[s].doc.Year) {
			runs[n-1]++
			continue
		}
		year := 0
		if s >= 0 {
			year = ix.slots[s].doc.Year
		}
		runs = append(runs, year, 1)
	}
	return runs
}

// ranksOf decodes z (rankBits) for n documents: each id's rank and year;
// years below base are left to y.
func ranksOf(z string, n int) (rank []int, years []int, base int, err error) {
	r := bitReader{s: z}
	base = int(r.gamma()) - 1
	nd := int(r.gamma()) - 1
	if base < 0 || nd < 0 || base+nd != n {
		return nil, nil, 0, fmt.Errorf("manifest z: %d + %d ids for %d documents", base, nd, n)
	}
	years = make([]int, nd)
	prev := 0
	for i := range years {
		prev += unzigzag(r.gamma() - 1)
		years[i] = prev
	}
	l := int(r.gamma()) - 1
	width := uint(bits.Len(uint(nd)))
	rank = make([]int, n)
	at, q := 0, 0
	for range l {
		place := q + int(r.gamma()) - 1
		id := base + int(r.bits(width))
		for ; q < place && q < base; q++ {
			rank[q], at = at, at+1
		}
		if id < n {
			rank[id], at = at, at+1
		}
	}
	for ; q < base; q++ {
		rank[q], at = at, at+1
	}
	return rank, years, base, nil
}
