package search

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
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
//   - Ranks: ids no longer tell which document is newer, so the manifest
//     holds the documents in the order of a fresh index as runs of ids
//     (o); results rank as a fresh index ranks them.
//
// The base is written fresh again — every file of the index changes, once
// — when its tombstones pass a tenth of it or the delta a quarter; and
// whenever the state is missing, damaged, of another format or another
// site, with a note saying why.
const (
	recentShards = 4
	deltaRewrite = 16
	deltaDir     = "search/e/"
	recentDir    = "search/r/"
)

func deltaShards(shards int) int { return min(max(shards/8, 8), 256) }
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
	var runs []int
	for _, id := range order {
		if n := len(runs); n > 0 && runs[n-2]+runs[n-1] == id {
			runs[n-1]++
		} else {
			runs = append(runs, id, 1)
		}
	}
	return runs
}
