package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func watchDir(t *testing.T, poll bool) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content", "a"), 0o755)
	os.MkdirAll(filepath.Join(dir, "public"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "a", "x.md"), []byte("x"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, err := Watch(ctx, dir, WatchOptions{
		Poll: poll, Interval: 50 * time.Millisecond, Quiet: 30 * time.Millisecond,
		Ignore: func(rel string, _ bool) bool {
			return rel == "public" || strings.HasPrefix(rel, "public/") || strings.HasSuffix(rel, ".swp")
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if poll {
		time.Sleep(60 * time.Millisecond) // let the first snapshot be taken
	}
	return dir, w
}

// waitFor collects bursts until every wanted path was reported.
func waitFor(t *testing.T, w *Watcher, want ...string) []string {
	t.Helper()
	var seen []string
	deadline := time.After(5 * time.Second)
	for {
		missing := false
		for _, p := range want {
			if !contains(seen, p) {
				missing = true
			}
		}
		if !missing {
			return seen
		}
		select {
		case batch := <-w.Changes:
			seen = append(seen, batch...)
		case <-deadline:
			t.Fatalf("wanted %v, saw %v", want, seen)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func testWatch(t *testing.T, poll bool) {
	dir, w := watchDir(t, poll)
	p := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }

	// a plain write
	os.WriteFile(p("content/a/x.md"), []byte("changed"), 0o644)
	waitFor(t, w, "content/a/x.md")

	// a save by rename-over, as vim and VS Code do
	os.WriteFile(p("content/a/.x.md.tmp"), []byte("renamed over"), 0o644)
	os.Rename(p("content/a/.x.md.tmp"), p("content/a/x.md"))
	waitFor(t, w, "content/a/x.md")

	// delete, then create
	os.Remove(p("content/a/x.md"))
	os.WriteFile(p("content/a/x.md"), []byte("again"), 0o644)
	waitFor(t, w, "content/a/x.md")

	// a new folder with a file written into it at once
	os.MkdirAll(p("content/b/2024"), 0o755)
	os.WriteFile(p("content/b/2024/新.md"), []byte("new"), 0o644)
	waitFor(t, w, "content/b/2024/新.md")
	// … and a later write in that folder is seen too
	time.Sleep(100 * time.Millisecond)
	os.WriteFile(p("content/b/2024/新.md"), []byte("newer"), 0o644)
	waitFor(t, w, "content/b/2024/新.md")

	// ignored paths are not reported
	os.WriteFile(p("public/index.html"), []byte("out"), 0o644)
	os.WriteFile(p("content/a/.x.md.swp"), []byte("swap"), 0o644)
	os.WriteFile(p("content/a/y.md"), []byte("y"), 0o644)
	seen := waitFor(t, w, "content/a/y.md")
	for _, s := range seen {
		if strings.HasPrefix(s, "public") || strings.HasSuffix(s, ".swp") {
			t.Errorf("ignored path reported: %s", s)
		}
	}
}

func TestWatchEvents(t *testing.T)  { testWatch(t, false) }
func TestWatchPolling(t *testing.T) { testWatch(t, true) }

// A burst of saves arrives as one batch, or — on a machine so busy that
// the burst spreads past the debounce window — a few, never one per save.
// (batch_test.go checks the debouncer itself exactly, on a fake clock.)
func TestWatchDebounces(t *testing.T) {
	dir, w := watchDir(t, false)
	for i := 0; i < 20; i++ {
		os.WriteFile(filepath.Join(dir, "content", "a", "x.md"), []byte(strings.Repeat("x", i)), 0o644)
	}
	batches, wait := 0, 5*time.Second
	for {
		select {
		case batch := <-w.Changes:
			batches, wait = batches+1, time.Second
			if len(batch) != 1 || batch[0] != "content/a/x.md" {
				t.Errorf("batch = %v", batch)
			}
			continue
		case <-time.After(wait):
			if batches == 0 {
				t.Fatal("no batch")
			}
		}
		break
	}
	if batches > 3 {
		t.Errorf("20 saves in a burst came as %d batches", batches)
	}
}
