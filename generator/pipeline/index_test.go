package pipeline

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"gen/generator/internal/corpus"
	"gen/generator/output"
	"gen/themes"
)

// Updating a kept search index writes over the previous build in memory;
// given any other output it is an error, not a panic.
func TestWriteIndexKeptNeedsMemory(t *testing.T) {
	r := &run{opts: Options{Out: output.NewDir(t.TempDir())}, plan: &plan{index: indexUpdate}}
	err := r.writeIndex()
	if err == nil || !strings.Contains(err.Error(), "in-memory output") {
		t.Fatalf("writeIndex with a kept index and a folder output = %v, want an error", err)
	}
}

// TestLeanBuildSpillsTexts: a one-shot build keeps the texts for its
// search index in a file of the temporary folder while it renders, and
// leaves none there, whether it finished or was stopped after its entries
// stage; its index answers as a build that kept them in memory.
func TestLeanBuildSpillsTexts(t *testing.T) {
	site := t.TempDir()
	if err := corpus.Write(site, 200, 5); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("TMP", tmp) // Windows
	t.Setenv("TEMP", tmp)
	spilled := false
	opts := Options{Site: os.DirFS(site), Builtin: themes.FS, Lean: true, Progress: func(stage string, done, total int) {
		if stage == "lists" && done == 0 {
			es, _ := os.ReadDir(tmp)
			spilled = len(es) == 1 && strings.HasPrefix(es[0].Name(), "gen-search-texts-")
		}
	}}
	lean := output.NewMem()
	opts.Out = lean
	if _, err := Build(t.Context(), opts); err != nil {
		t.Fatal(err)
	}
	if !spilled {
		t.Error("the texts were not in the temporary folder during the lists stage")
	}
	if es, _ := os.ReadDir(tmp); len(es) > 0 {
		t.Errorf("left in the temporary folder: %v", es)
	}
	full := output.NewMem()
	if _, err := Build(t.Context(), Options{Site: os.DirFS(site), Builtin: themes.FS, Out: full}); err != nil {
		t.Fatal(err)
	}
	full.Range(func(name string, b []byte) {
		if g, ok := lean.Get(name); strings.HasPrefix(name, "search/") && (!ok || !bytes.Equal(g, b)) {
			t.Errorf("%s differs from a build that kept its texts", name)
		}
	})

	ctx, cancel := context.WithCancel(t.Context())
	opts.Out, opts.Progress = output.NewMem(), func(stage string, done, total int) {
		if stage == "compilations" {
			cancel()
		}
	}
	if _, err := Build(ctx, opts); err == nil {
		t.Fatal("a stopped build did not fail")
	}
	if es, _ := os.ReadDir(tmp); len(es) > 0 {
		t.Errorf("a stopped build left in the temporary folder: %v", es)
	}
}
