package pipeline

import (
	"strings"
	"testing"

	"gen/generator/output"
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
