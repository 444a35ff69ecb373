package publish

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var errKilled = errors.New("killed by the test")

// killAfter returns a hook that lets n changes through and stops the
// publish at every one after, as a kill would.
func killAfter(n int64) func(op, name string) error {
	var done atomic.Int64
	return func(op, name string) error {
		if done.Add(1) > n {
			return errKilled
		}
		return nil
	}
}

// copyDir copies a published folder, so each kill starts from the same state.
func copyDir(t testing.TB, from string) string {
	t.Helper()
	to := t.TempDir()
	for name, b := range snapshot(t, from) {
		p := filepath.Join(to, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// assertWhole checks what a killed publish left: every file under its
// real name is whole — the old build's version or the new one's — and the
// manifest is true of every file it lists. Temporary files may be left;
// so may the lock of a killed process.
func assertWhole(t testing.TB, dest string, old, new Source) {
	t.Helper()
	versions := map[string][][]byte{}
	for _, src := range []Source{old, new} {
		for _, n := range src.Names() {
			versions[n] = append(versions[n], content(t, src, n))
		}
	}
	for name, b := range snapshot(t, dest) {
		if strings.HasPrefix(filepath.Base(name), tempPrefix) || name == ManifestName || name == LockName {
			continue
		}
		whole := false
		for _, v := range versions[name] {
			whole = whole || bytes.Equal(b, v)
		}
		if !whole {
			t.Errorf("%s is neither the old nor the new version (%d bytes)", name, len(b))
		}
	}
	assertManifestTrue(t, dest)
}

// TestKillAtEveryPoint stops a publish after each of its changes in turn
// (every one when there are few, else spread evenly with the first and
// last ones), checks that dest is whole, then publishes again — the same
// build, the old one, or a third — and checks dest is exactly that build.
// Publishing another build after the kill is what would go wrong if the
// manifest ever vouched for a file the killed publish had replaced.
func TestKillAtEveryPoint(t *testing.T) {
	fsys := exampleFS(t)
	v1 := buildOut(t, fsys)
	v2 := buildOut(t, withoutBundle(retitle(t, fsys, "2023年度书记抓党建工作述职报告")))
	v3 := buildOut(t, retitle(t, fsys, "第三版标题"))
	start := t.TempDir()
	publishTo(t, start, v1, Options{})

	var count atomic.Int64
	publishTo(t, copyDir(t, start), v2, Options{Hook: func(op, name string) error { count.Add(1); return nil }})
	total := count.Load()
	if total < 20 {
		t.Fatalf("a publish of the change makes only %d changes", total)
	}
	points := map[int64]bool{}
	step := max(total/25, 1)
	for n := int64(0); n < total; n += step {
		points[n] = true
	}
	for _, n := range []int64{1, 2, 3, total - 3, total - 2, total - 1} {
		points[n] = true
	}
	t.Logf("%d changes; killing at %d points", total, len(points))
	for n := range points {
		dest := copyDir(t, start)
		_, err := Publish(context.Background(), v2, Options{Dest: dest, Hook: killAfter(n)})
		if !errors.Is(err, errKilled) {
			t.Fatalf("killed after %d changes: %v", n, err)
		}
		assertWhole(t, dest, v1, v2)
		again := []Source{v2, v1, v3}[n%3]
		publishTo(t, dest, again, Options{})
		assertPublished(t, dest, again)
		if t.Failed() {
			t.Fatalf("after a kill at change %d of %d", n, total)
		}
	}
}

// A first publish into an empty folder killed part way is completed too.
func TestKillFirstPublish(t *testing.T) {
	v1 := buildOut(t, exampleFS(t))
	for _, n := range []int64{0, 1, 5, 50, 200, 400} {
		dest := t.TempDir()
		_, err := Publish(context.Background(), v1, Options{Dest: dest, Hook: killAfter(n)})
		if !errors.Is(err, errKilled) {
			t.Fatalf("killed after %d changes: %v", n, err)
		}
		publishTo(t, dest, v1, Options{})
		assertPublished(t, dest, v1)
	}
}

// TestKillProcess runs a real publish in a child process (this test binary
// again), slowed down, and kills it (SIGKILL on Unix, TerminateProcess on
// Windows) at several moments. Each time dest must be whole, and a new
// publish must take over the lock the dead process left and finish.
func TestKillProcess(t *testing.T) {
	if dest := os.Getenv("GEN_PUBLISH_CHILD"); dest != "" {
		childPublish(t, dest)
		return
	}
	if testing.Short() {
		t.Skip("kills child processes")
	}
	fsys := exampleFS(t)
	v1 := buildOut(t, fsys)
	v2 := buildOut(t, withoutBundle(retitle(t, fsys, "2023年度书记抓党建工作述职报告")))
	start := t.TempDir()
	publishTo(t, start, v1, Options{})
	for _, delay := range []time.Duration{0, 40 * time.Millisecond, 120 * time.Millisecond, 250 * time.Millisecond} {
		dest := copyDir(t, start)
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GEN_PUBLISH_CHILD="+dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitFor(t, filepath.Join(dest, LockName))
		time.Sleep(delay)
		cmd.Process.Kill()
		cmd.Wait()
		assertWhole(t, dest, v1, v2)
		if _, err := os.Stat(filepath.Join(dest, LockName)); err != nil {
			t.Logf("after %v the child had finished (no lock left)", delay)
		}
		// a kill while the lock was being made leaves it empty: the rerun
		// waits for it to go stale, as gen publish does
		publishTo(t, dest, v2, Options{Wait: 10 * time.Second})
		assertPublished(t, dest, v2)
		if _, err := os.Stat(filepath.Join(dest, LockName)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("lock left after a finished publish: %v", err)
		}
	}
}

func waitFor(t *testing.T, p string) {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		if _, err := os.Stat(p); err == nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s never appeared", p)
}

// childPublish is the child of TestKillProcess: a publish of the change,
// each step slowed so the parent can kill it in the middle.
func childPublish(t *testing.T, dest string) {
	v2 := buildOut(t, withoutBundle(retitle(t, exampleFS(t), "2023年度书记抓党建工作述职报告")))
	publishTo(t, dest, v2, Options{Hook: func(op, name string) error {
		time.Sleep(2 * time.Millisecond)
		return nil
	}})
}
