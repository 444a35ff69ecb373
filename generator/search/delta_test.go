package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gen/generator/internal/corpus"
	"gen/generator/output"
)

// carry writes the index of ds as a build with cache folder dir does, into
// a new output, and returns it and the notes.
func carry(t testing.TB, ds []Doc, dir string, long int) (*output.Mem, []string) {
	t.Helper()
	ix := New(len(ds))
	ix.bigMin = long
	for i, d := range ds {
		ix.Add(i, d)
	}
	mem := output.NewMem()
	var notes []string
	if _, err := ix.WriteWith(context.Background(), mem, Options{Cache: dir, Key: "site", Note: func(m string) { notes = append(notes, m) }}); err != nil {
		t.Fatal(err)
	}
	return mem, notes
}

// ranked is the URLs of a query's results in their order.
func ranked(t testing.TB, s *Searcher, q string) []string {
	t.Helper()
	hits, err := s.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		if out[i], err = s.URL(h.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// searchBytes is the bytes and count of the files under search/ of mem
// that differ from prev's, and of prev's that are gone: what gen publish
// copies and removes.
func searchDelta(prev, mem *output.Mem) (files int, bytes int) {
	changed, removed := mem.Diff(prev)
	for _, n := range append(changed, removed...) {
		if strings.HasPrefix(n, "search/") {
			b, _ := mem.Get(n)
			files, bytes = files+1, bytes+len(b)
		}
	}
	return files, bytes
}

// TestCarriedMatchesFresh is the differential test: an archive changed
// step by step — entries added, removed and edited, each step a new Index
// carried over through the cache folder, as separate builds are — answers
// every query with the same results in the same order as a fresh index of
// the same entries, and each step writes a few files.
func TestCarriedMatchesFresh(t *testing.T) {
	const n, steps = 600, 80
	all := docs(corpus.Entries(n+steps, 3))
	ds := slices.Clone(all[:n])
	extra := all[n:]
	dir := t.TempDir()
	prev, notes := carry(t, ds, dir, 1<<10)
	if len(notes) != 1 || !strings.Contains(notes[0], "no previous index") {
		t.Fatalf("first build's notes = %q", notes)
	}
	r := rand.New(rand.NewPCG(5, 9))
	qs := queries(all, 120, 11)
	maxFiles := 0
	for step := range steps {
		switch step % 5 {
		case 0, 1, 2: // add
			ds = append(ds, extra[step])
		case 3: // remove
			i := r.IntN(len(ds))
			ds = slices.Delete(ds, i, i+1)
		case 4: // edit the body
			i := r.IntN(len(ds))
			ds[i].Text += fmt.Sprintf("\n第%d次修改：增加一段关于志愿服务的内容。", step)
		}
		mem, notes := carry(t, ds, dir, 1<<10)
		if len(notes) > 0 {
			t.Fatalf("step %d: %q", step, notes)
		}
		files, _ := searchDelta(prev, mem)
		maxFiles = max(maxFiles, files)
		prev = mem
		if step%10 != 9 {
			continue
		}
		_, fresh := buildLong(t, ds, 1<<10)
		got, want := open(t, mem), open(t, fresh)
		for _, q := range qs {
			if g, w := ranked(t, got, q), ranked(t, want, q); !slices.Equal(g, w) {
				t.Fatalf("step %d: %q: carried %d results %v…, fresh %d %v…", step, q, len(g), g[:min(3, len(g))], len(w), w[:min(3, len(w))])
			}
		}
	}
	if maxFiles > deltaRewrite+recentShards+4 {
		t.Errorf("a step wrote up to %d files of the index", maxFiles)
	}
}

// TestCarryFallsBack: a cache folder that is damaged, edited, of another
// site or format gives a fresh index and a note saying why, never an error
// or a wrong result.
func TestCarryFallsBack(t *testing.T) {
	ds := docs(corpus.Entries(200, 4))
	for _, c := range []struct {
		name, want string
		spoil      func(dir string) error
	}{
		{"gone", "no previous index", func(dir string) error { return os.RemoveAll(dir) }},
		{"edited", "was changed", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "search", "g", "0.js"), []byte("GenSearch.put(\"g\",0,{});\n"), 0o644)
		}},
		{"removed copy", "no such file", func(dir string) error { return os.Remove(filepath.Join(dir, DictFile)) }},
		{"damaged", "state.json", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, stateFile), []byte("{"), 0o644)
		}},
		{"format", "format", func(dir string) error { return rewriteState(dir, `"format":1`, `"format":0`) }},
		{"site", "another site", func(dir string) error { return rewriteState(dir, `"key":"site"`, `"key":"other"`) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			carry(t, ds[:150], dir, 1<<10)
			if err := c.spoil(dir); err != nil {
				t.Fatal(err)
			}
			mem, notes := carry(t, ds, dir, 1<<10)
			if len(notes) != 1 || !strings.Contains(notes[0], c.want) {
				t.Fatalf("notes = %q, want one saying %q", notes, c.want)
			}
			_, fresh := buildLong(t, ds, 1<<10)
			if changed, removed := mem.Diff(fresh); len(changed)+len(removed) > 0 {
				t.Errorf("not a fresh index: %d files differ, %d missing", len(changed), len(removed))
			}
			if _, notes := carry(t, ds, dir, 1<<10); len(notes) > 0 { // and the next build carries it over
				t.Errorf("after the fresh index: %q", notes)
			}
		})
	}
}

func rewriteState(dir, old, new string) error {
	p := filepath.Join(dir, stateFile)
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if !strings.Contains(string(b), old) {
		return fmt.Errorf("%s has no %s", p, old)
	}
	return os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}
