package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gen/generator/output"
	"gen/themes"
)

// TestBuildStopsInSearchStage cancels a build as its last stage, the search
// index, starts (Ctrl-C during gen build) and requires the build to stop
// there: it returns the cancellation and writes no index file. The same
// build not cancelled writes hundreds of them.
func TestBuildStopsInSearchStage(t *testing.T) {
	fsys := corpusFS(400)
	searchFiles := func(m *output.Mem) int {
		n := 0
		for _, name := range m.Names() {
			if strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".js") {
				n++
			}
		}
		return n
	}
	full := output.NewMem()
	if _, err := Build(context.Background(), Options{Site: fsys, Builtin: themes.FS, Out: full, Lean: true}); err != nil {
		t.Fatal(err)
	}
	if n := searchFiles(full); n < 50 {
		t.Fatalf("the build not cancelled wrote %d search files; the test needs an index of many", n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mem := output.NewMem()
	_, err := Build(ctx, Options{Site: fsys, Builtin: themes.FS, Out: mem, Lean: true,
		Progress: func(stage string, done, total int) {
			if stage == "search" {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build returned %v, want context.Canceled", err)
	}
	if n := searchFiles(mem); n > 0 {
		t.Errorf("cancelled when the search stage began, the build still wrote %d search files", n)
	}
}
