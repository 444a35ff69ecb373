package pipeline

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"gen/generator/fastio"
	"gen/generator/internal/corpus"
	"gen/themes"
)

// The kill test runs this test binary again as a child that builds, and
// kills it. In the child these say what to build and where to stop.
const (
	killChildEnv = "GEN_KILL_CHILD" // the site folder
	killDestEnv  = "GEN_KILL_DEST"
	killPauseEnv = "GEN_KILL_PAUSE" // "before-swap" or "mid-swap": stop there and wait to be killed
)

// TestKillChild is the child: it does nothing in a normal test run.
func TestKillChild(t *testing.T) {
	site := os.Getenv(killChildEnv)
	if site == "" {
		t.Skip("run by TestKillAnyMoment only")
	}
	opts := Options{Site: fastio.DirFS(site), Builtin: themes.FS}
	pause := func() {
		os.WriteFile(os.Getenv(killDestEnv)+".paused", nil, 0o644)
		time.Sleep(time.Minute)
	}
	switch os.Getenv(killPauseEnv) {
	case "before-swap":
		opts.hooks = &testHooks{beforeSwap: pause}
	case "mid-swap":
		opts.hooks = &testHooks{midSwap: pause, noExchange: true}
	}
	if _, err := ToDir(context.Background(), opts, os.Getenv(killDestEnv)); err != nil {
		t.Fatal(err)
	}
}

// TestKillAnyMoment kills a build of the 1,000-entry corpus (250 with the
// race detector) with SIGKILL
// at seven moments spread over its whole run, and at the two moments of the swap
// (after the new build is whole, and — where folders are not exchanged in
// one step — between the two renames). After each kill, the next command
// (Recover, as every gen command starts with, then a build) must leave
// exactly one output folder beside the lock, whole: the same files, byte
// for byte, as a build never interrupted.
func TestKillAnyMoment(t *testing.T) {
	if testing.Short() {
		t.Skip("kills builds in a child process")
	}
	base := t.TempDir()
	site := filepath.Join(base, "site")
	entries := 1000
	if raceOn {
		entries = 250
	}
	if err := corpus.Write(site, entries, 3); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(base, "out", "public")
	start := time.Now()
	if _, err := ToDir(t.Context(), Options{Site: fastio.DirFS(site), Builtin: themes.FS}, dest); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	want := treeSums(t, dest)

	type point struct {
		after time.Duration
		pause string
	}
	var points []point
	for i := 0; i < 7; i++ { // from start-up to the end
		points = append(points, point{after: took * time.Duration(i) / 6})
	}
	points = append(points, point{pause: "before-swap"}, point{pause: "mid-swap"})
	for _, p := range points {
		name := fmt.Sprintf("kill after %v", p.after.Round(time.Millisecond))
		if p.pause != "" {
			name = "kill at " + p.pause
		}
		missing := killBuild(t, site, dest, p.after, p.pause)
		left := len(leftovers(filepath.Dir(dest), filepath.Base(dest)))
		Recover(dest)
		checkOneOutput(t, name+", then Recover", dest, want)
		if _, err := ToDir(t.Context(), Options{Site: fastio.DirFS(site), Builtin: themes.FS}, dest); err != nil {
			t.Fatalf("%s: the next build: %v", name, err)
		}
		checkOneOutput(t, name+", then a build", dest, want)
		t.Logf("%s: %d work folders left, public missing: %v; one whole output after Recover and after the next build", name, left, missing)
	}
}

// killBuild starts a child build, kills it after d (or once it paused at
// pause), and reports whether dest was missing right after the kill.
func killBuild(t *testing.T, site, dest string, d time.Duration, pause string) bool {
	t.Helper()
	os.Remove(dest + ".paused")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), killChildEnv+"="+site, killDestEnv+"="+dest, killPauseEnv+"="+pause)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if pause != "" {
		deadline := time.Now().Add(time.Minute)
		for !exists(dest+".paused") && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if !exists(dest + ".paused") {
			cmd.Process.Kill()
			t.Fatalf("the child never reached %s", pause)
		}
	} else {
		time.Sleep(d)
	}
	cmd.Process.Kill()
	cmd.Wait()
	os.Remove(dest + ".paused")
	return !exists(dest)
}

func exists(p string) bool { _, err := os.Lstat(p); return err == nil }

// checkOneOutput requires dest to be the only thing in its folder and to
// hold exactly the files of want.
func checkOneOutput(t *testing.T, name, dest string, want map[string][32]byte) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if e.Name() != filepath.Base(dest) {
			t.Errorf("%s: %s is left beside the output", name, e.Name())
		}
	}
	got := treeSums(t, dest)
	if len(got) != len(want) {
		t.Errorf("%s: the output has %d files, a whole build %d", name, len(got), len(want))
	}
	for p, sum := range want {
		if got[p] != sum {
			t.Errorf("%s: %s differs from a whole build's", name, p)
			return
		}
	}
}

func treeSums(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		sums[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Errorf("reading %s: %v", root, err)
	}
	return sums
}
