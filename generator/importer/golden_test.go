package importer

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gen/generator/config"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// importFixtures writes every fixture into in/ of a temporary folder and
// imports them into the site in site/, running from that folder so that
// messages name files as a user would see them.
func importFixtures(t *testing.T, opts Options) (*Result, string) {
	t.Helper()
	root := t.TempDir()
	t.Chdir(root)
	if err := os.MkdirAll("in", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtures() {
		if err := os.WriteFile(filepath.Join("in", f.file), f.build(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts.Site = "site"
	res, err := Import(context.Background(), config.Default(), []string{"in"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, root
}

// TestGolden compares each fixture's entry, and the report about it, with
// testdata/<name>.md and testdata/<name>.report. Refresh: go test -update.
func TestGolden(t *testing.T) {
	res, _ := importFixtures(t, Options{})
	bySource := map[string]FileResult{}
	for _, f := range res.Files {
		bySource[filepath.Base(f.Source)] = f
	}
	for _, fx := range fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			fr, ok := bySource[fx.file]
			if !ok {
				t.Fatalf("%s was not imported at all", fx.file)
			}
			if fr.Outcome != Imported {
				t.Fatalf("%s: outcome %v: %v", fx.file, fr.Outcome, fr.Reason)
			}
			got, err := os.ReadFile(filepath.Join("site", filepath.FromSlash(fr.Entry)))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, fx.name+".md", got)
			golden(t, fx.name+".report", []byte(report(fr)))
		})
	}
}

func report(fr FileResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "entry: %s\n", fr.Entry)
	fmt.Fprintf(&b, "dated: %s\n", fr.Dated)
	files := append([]string(nil), fr.Files...)
	sort.Strings(files)
	for _, f := range files {
		fmt.Fprintf(&b, "attachment: %s\n", f)
	}
	for _, e := range fr.Removed {
		fmt.Fprintf(&b, "%s\n", e)
	}
	for _, e := range fr.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", e)
	}
	return b.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(testdataDir(t), name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// testdataDir is the package's testdata folder, found from the source
// file, as tests chdir into temporary folders.
func testdataDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("IMPORTER_TESTDATA"); dir != "" {
		return dir
	}
	return filepath.Join(pkgDir, "testdata")
}

// pkgDir is the package folder, read before any test changes directory.
var pkgDir = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return wd
}()
