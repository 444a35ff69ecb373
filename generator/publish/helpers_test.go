package publish

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"gen/generator/check"
	"gen/generator/pipeline"
	"gen/themes"
)

// exampleFS copies the repository's example site (config.toml, content/)
// into memory, so a test can change an entry before building.
func exampleFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	root := os.DirFS("../..")
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && p != "content" && !strings.HasPrefix(p, "content/") {
				return fs.SkipDir
			}
			return nil
		}
		if p != "config.toml" && !strings.HasPrefix(p, "content/") {
			return nil
		}
		b, err := fs.ReadFile(root, p)
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// buildOut builds a site into a check.Output, as gen publish does.
func buildOut(t testing.TB, fsys fs.FS) *check.Output {
	t.Helper()
	out := check.NewOutput()
	if _, err := pipeline.Build(context.Background(), pipeline.Options{Site: fsys, Builtin: themes.FS, Out: out}); err != nil {
		t.Fatalf("build: %v", err)
	}
	return out
}

func content(t testing.TB, src Source, name string) []byte {
	t.Helper()
	r, err := src.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// snapshot reads every file under dir, by slash path.
func snapshot(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// assertPublished checks that dest holds exactly the build plus the
// manifest: no temporary file, no lock, no empty folder, and a manifest
// that is true of every file.
func assertPublished(t testing.TB, dest string, out Source) {
	t.Helper()
	got := snapshot(t, dest)
	want := map[string]bool{ManifestName: true}
	for _, n := range out.Names() {
		want[n] = true
		if b, ok := got[n]; !ok {
			t.Errorf("%s missing from dest", n)
		} else if !bytes.Equal(b, content(t, out, n)) {
			t.Errorf("%s in dest differs from the build", n)
		}
	}
	for n := range got {
		if !want[n] {
			t.Errorf("dest has %s, which is not in the build", n)
		}
	}
	assertManifestTrue(t, dest)
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != dest {
			if entries, _ := os.ReadDir(p); len(entries) == 0 {
				t.Errorf("empty folder %s left in dest", p)
			}
		}
		return nil
	})
}

// assertManifestTrue checks that every file the manifest lists is in dest
// with the listed size and hash.
func assertManifestTrue(t testing.TB, dest string) {
	t.Helper()
	m, found, err := readManifest(dest)
	if err != nil || !found {
		t.Fatalf("manifest: found %v, %v", found, err)
	}
	for n, e := range m.Files {
		size, sum, err := hashFile(filepath.Join(dest, filepath.FromSlash(n)))
		if err != nil || size != e.Size || sum != e.SHA256 {
			t.Errorf("the manifest says %s is %d bytes %s…; dest has %d bytes %.8s… (%v)", n, e.Size, e.SHA256[:8], size, sum, err)
		}
	}
}

// diff lists the files whose content differs between two builds (new or
// changed in b), and those only in a.
func diff(t testing.TB, a, b Source) (changed, gone []string) {
	t.Helper()
	inA := map[string]bool{}
	for _, n := range a.Names() {
		inA[n] = true
	}
	inB := map[string]bool{}
	for _, n := range b.Names() {
		inB[n] = true
		if !inA[n] || !bytes.Equal(content(t, a, n), content(t, b, n)) {
			changed = append(changed, n)
		}
	}
	for _, n := range a.Names() {
		if !inB[n] {
			gone = append(gone, n)
		}
	}
	return changed, gone
}

func sorted(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

func publishTo(t testing.TB, dest string, out Source, opts Options) *Summary {
	t.Helper()
	opts.Dest = dest
	sum, err := Publish(context.Background(), out, opts)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return sum
}
