package pipeline

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gen/themes"
)

// TestRemoveTree removes a tree deeper and wider than the two levels it
// splits the work at, with files at every level and a link to a folder
// outside it, which must survive with its contents.
func TestRemoveTree(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, ".public.old-1")
	outside := filepath.Join(base, "outside")
	write := func(p string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("页"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "keep.html"))
	write(filepath.Join(dir, "index.html"))
	for _, sec := range []string{"活动记录", "reports", "search"} {
		write(filepath.Join(dir, sec, "index.html"))
		for _, y := range []string{"2023", "2024"} {
			write(filepath.Join(dir, sec, y, "index.html"))
			write(filepath.Join(dir, sec, y, "走访", "index.html"))
			write(filepath.Join(dir, sec, y, "a", "b", "c", "index.html"))
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "empty", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	linked := os.Symlink(outside, filepath.Join(dir, "reports", "link")) == nil
	if err := removeTree(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s still there after removeTree (%v)", dir, err)
	}
	if linked {
		if _, err := os.Stat(filepath.Join(outside, "keep.html")); err != nil {
			t.Errorf("removing a link in the tree removed what it points to: %v", err)
		}
	}
	if err := removeTree(filepath.Join(base, "missing")); err != nil {
		t.Errorf("removing a folder that is not there: %v", err)
	}
}

// builtOnce builds a small archive into base/public, a new folder, and
// returns both and the site, for a test to build again over it.
func builtOnce(t *testing.T) (base, dest string, site fs.FS) {
	t.Helper()
	base = t.TempDir()
	dest = filepath.Join(base, "public")
	site = corpusFS(20)
	if _, err := ToDir(t.Context(), Options{Site: site, Builtin: themes.FS}, dest); err != nil {
		t.Fatal(err)
	}
	return base, dest, site
}

// TestToDirReplacesPrevious builds twice into the same folder: the second
// build replaces the first whole and leaves nothing beside it.
func TestToDirReplacesPrevious(t *testing.T) {
	base, dest, site := builtOnce(t)
	stray := filepath.Join(dest, "reports", "stray.html") // not a page of the build: must go with the old build
	if err := os.WriteFile(stray, []byte("旧"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ToDir(t.Context(), Options{Site: site, Builtin: themes.FS}, dest); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stray); !os.IsNotExist(err) {
		t.Errorf("a file of the previous build survived the new one (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Errorf("the new build has no home page: %v", err)
	}
	left, _ := os.ReadDir(base)
	for _, e := range left {
		if e.Name() != "public" {
			t.Errorf("%s left beside the build", e.Name())
		}
	}
}

// TestToDirOldBuildLeftOver makes a file of the previous build impossible
// to remove (immutable, as a file held open is on Windows): the new build
// is in place all the same, so ToDir succeeds with a warning naming what
// is left, instead of reporting a failed build.
func TestToDirOldBuildLeftOver(t *testing.T) {
	base, dest, site := builtOnce(t)
	stuck := filepath.Join(dest, "index.html")
	if out, err := exec.Command("chattr", "+i", stuck).CombinedOutput(); err != nil {
		t.Skipf("cannot make a file immutable here (chattr needs root and a file system that has the flag): %v %s", err, out)
	}
	var left string
	t.Cleanup(func() {
		if left != "" {
			exec.Command("chattr", "-i", filepath.Join(left, "index.html")).Run()
		}
	})
	res, err := ToDir(t.Context(), Options{Site: site, Builtin: themes.FS}, dest)
	entries, _ := os.ReadDir(base)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.old-") {
			left = filepath.Join(base, e.Name())
		}
	}
	if err != nil {
		t.Fatalf("the new build is in place, but ToDir failed: %v", err)
	}
	if left == "" {
		t.Fatal("the old build, with a file that cannot be removed, is not beside the new one")
	}
	found := false
	for _, w := range res.Warnings {
		found = found || strings.Contains(w.Error(), left)
	}
	if !found {
		t.Errorf("no warning names %s: %v", left, res.Warnings)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Errorf("the new build is not in place: %v", err)
	}
}

// TestFullDisk builds into a small tmpfs: a small site fits, a larger one
// does not, and its build ends with one line that says the disk is full,
// how much the build needed and how much was free — not one error per file
// — while the previous output stays whole.
func TestFullDisk(t *testing.T) {
	base := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", base).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (needs root on Linux): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", base).Run() })
	dest := filepath.Join(base, "public")
	if _, err := ToDir(t.Context(), Options{Site: corpusFS(10), Builtin: themes.FS}, dest); err != nil {
		t.Fatalf("a small site does not fit 3 MB: %v", err)
	}
	want := treeSums(t, dest)
	_, err := ToDir(t.Context(), Options{Site: corpusFS(1500), Builtin: themes.FS}, dest)
	if err == nil {
		t.Fatal("a build larger than the disk succeeded")
	}
	msg := err.Error()
	if strings.Count(msg, "\n") > 0 || !strings.Contains(msg, "the disk is full: the build needs ") || !strings.Contains(msg, "is free there") {
		t.Errorf("the full disk is reported as:\n%s", msg)
	}
	t.Logf("full disk: %s", msg)
	checkOneOutput(t, "after the full disk", dest, want)
}

// TestTwoBuildsIntoOneFolder starts two builds into one folder at once: the
// second waits for the first's lock instead of clearing its work folder,
// both succeed, and one whole output is left.
func TestTwoBuildsIntoOneFolder(t *testing.T) {
	base := t.TempDir()
	dest := filepath.Join(base, "public")
	site := corpusFS(200)
	want := func() map[string][32]byte {
		ref := filepath.Join(t.TempDir(), "ref")
		if _, err := ToDir(t.Context(), Options{Site: site, Builtin: themes.FS}, ref); err != nil {
			t.Fatal(err)
		}
		return treeSums(t, ref)
	}()
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := ToDir(t.Context(), Options{Site: site, Builtin: themes.FS}, dest)
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("one of two builds at once: %v", err)
		}
	}
	checkOneOutput(t, "after two builds at once", dest, want)
}
