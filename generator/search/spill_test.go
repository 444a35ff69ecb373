package search

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gen/generator/internal/corpus"
	"gen/generator/output"
)

// TestSpill: an index whose texts waited in a file writes the same files
// as one that kept them, and leaves no file behind; one whose file was
// lost fails with an error that names it, and Discard removes the file of
// an index never written.
func TestSpill(t *testing.T) {
	ds := docs(corpus.Entries(300, 8))
	_, want := buildLong(t, ds, 1<<10)
	build := func(dir string, before func(ix *Index)) (*output.Mem, error) {
		ix := New(len(ds))
		ix.bigMin = 1 << 10
		if err := ix.Spill(dir); err != nil {
			t.Fatal(err)
		}
		for i, d := range ds {
			ix.Add(i, d)
		}
		if before != nil {
			before(ix)
		}
		mem := output.NewMem()
		_, err := ix.Write(context.Background(), mem)
		return mem, err
	}
	left := func(dir string) []string {
		es, _ := os.ReadDir(dir)
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}

	dir := t.TempDir()
	got, err := build(dir, func(ix *Index) {
		if n := len(left(dir)); n != 1 {
			t.Errorf("%d files in the folder while the texts wait, want 1", n)
		}
		for i := range ix.slots {
			if ix.slots[i].text != nil {
				t.Fatal("a text was kept in memory")
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	want.Range(func(name string, b []byte) {
		names = append(names, name)
		if g, ok := got.Get(name); !ok || !slices.Equal(g, b) {
			t.Errorf("%s differs from the index that kept its texts", name)
		}
	})
	got.Range(func(name string, _ []byte) {
		if !slices.Contains(names, name) {
			t.Errorf("%s is extra", name)
		}
	})
	if l := left(dir); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}

	dir = t.TempDir()
	_, err = build(dir, func(ix *Index) { // on disk, then cut short by someone else
		ix.spill.w.Flush()
		os.Truncate(filepath.Join(dir, left(dir)[0]), 10)
	})
	if err == nil || !strings.Contains(err.Error(), "gen-search-texts-") {
		t.Errorf("a truncated file of texts: %v", err)
	}

	dir = t.TempDir()
	_, err = build(dir, func(ix *Index) { // on disk, then written over
		ix.spill.w.Flush()
		f, err := os.OpenFile(filepath.Join(dir, left(dir)[0]), os.O_WRONLY, 0)
		if err == nil {
			_, err = f.WriteAt([]byte("覆盖"), 100)
			f.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
	})
	if err == nil || !strings.Contains(err.Error(), "changed while the build ran") {
		t.Errorf("a file of texts written over: %v", err)
	}

	dir = t.TempDir()
	ix := New(1)
	if err := ix.Spill(dir); err != nil {
		t.Fatal(err)
	}
	ix.Add(0, ds[0])
	ix.Discard()
	if l := left(dir); len(l) > 0 {
		t.Errorf("Discard left %v", l)
	}
}
