package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestDir writes files at several depths, in an order that makes a folder
// after its subfolder, from several goroutines, and copies one: each file
// ends up whole where its name says, and a file in the way of a folder is
// an error, not a silent loss.
func TestDir(t *testing.T) {
	root := t.TempDir()
	d := NewDir(root)
	names := []string{"a/b/c/页面/index.html", "a/b/index.html", "a/index.html", "index.html", "x/y/index.html", "x/z.css"}
	errs := make(chan error, len(names))
	for _, n := range names {
		go func() { errs <- d.WriteFile(n, []byte("内容 "+n)) }()
	}
	for range names {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := d.CopyFile("a/b/c/附件.pdf", fstest.MapFS{"src.pdf": {Data: []byte("%PDF")}}, "src.pdf"); err != nil {
		t.Fatal(err)
	}
	for _, n := range append(names, "a/b/c/附件.pdf") {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(n)))
		if err != nil {
			t.Fatal(err)
		}
		if want := "内容 " + n; n != "a/b/c/附件.pdf" && string(b) != want {
			t.Errorf("%s holds %q, want %q", n, b, want)
		}
	}
	if err := d.WriteFile("x/z.css/inside.html", []byte("x")); err == nil || !strings.Contains(err.Error(), "z.css") {
		t.Errorf("writing under a file: %v, want an error naming it", err)
	}
}
