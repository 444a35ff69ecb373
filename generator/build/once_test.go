package build

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// countFS counts the reads that reach it.
type countFS struct {
	fstest.MapFS
	reads map[string]int
}

func (c countFS) ReadFile(name string) ([]byte, error) {
	c.reads[name]++
	return c.MapFS.ReadFile(name)
}

// TestOnceFS: a file read through it is kept for exactly one more read
// while the budget lasts; past the budget, and after drop, reads go to the
// folder.
func TestOnceFS(t *testing.T) {
	c := countFS{fstest.MapFS{"a.md": {Data: []byte("甲甲")}, "b.md": {Data: []byte("乙乙乙乙")}, "c.md": {Data: []byte("丙")}}, map[string]int{}}
	o := newOnceFS(c, 9) // a.md (6 bytes) fits, b.md (12) does not, c.md (3) fits after a.md
	for _, name := range []string{"a.md", "b.md", "c.md", "a.md", "b.md", "c.md", "a.md"} {
		b, err := fs.ReadFile(o, name)
		if err != nil || string(b) != string(c.MapFS[name].Data) {
			t.Fatalf("%s: %q, %v", name, b, err)
		}
	}
	if c.reads["a.md"] != 2 || c.reads["b.md"] != 2 || c.reads["c.md"] != 1 {
		t.Errorf("reads that reached the folder: %v, want a.md 2 (third read), b.md 2 (over budget), c.md 1", c.reads)
	}
	o.drop()
	fs.ReadFile(o, "c.md")
	fs.ReadFile(o, "c.md")
	if c.reads["c.md"] != 3 {
		t.Errorf("after drop, c.md read %d times from the folder, want 3", c.reads["c.md"])
	}
	if entries, err := fs.ReadDir(o, "."); err != nil || len(entries) != 3 {
		t.Errorf("ReadDir: %d entries, %v", len(entries), err)
	}
}
