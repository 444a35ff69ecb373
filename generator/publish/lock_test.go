package publish

import (
	"context"
	"encoding/json"
	"errors"
	"gen/generator/dirlock"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func writeLock(t *testing.T, dest string, info dirlock.Info, age time.Duration) {
	t.Helper()
	b, _ := json.Marshal(info)
	p := filepath.Join(dest, LockName)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if age > 0 {
		old := time.Now().Add(-age)
		os.Chtimes(p, old, old)
	}
}

// A second publish waits for the first; one that cannot wait long enough
// refuses, saying who holds the folder.
func TestConcurrentPublish(t *testing.T) {
	out := buildOut(t, exampleFS(t))
	dest := t.TempDir()
	l, err := acquire(context.Background(), dest, 0, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Publish(context.Background(), out, Options{Dest: dest, Wait: 300 * time.Millisecond})
	var locked *LockedError
	host, _ := os.Hostname()
	if !errors.As(err, &locked) || !strings.Contains(err.Error(), "is being published by process") ||
		!strings.Contains(err.Error(), host) || !strings.Contains(err.Error(), "delete the lock file") {
		t.Fatalf("publish while locked: %v", err)
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 1 {
		t.Errorf("a refused publish changed dest: %v", entries)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		l.Release()
	}()
	sum := publishTo(t, dest, out, Options{Wait: 10 * time.Second})
	if sum.Copied != len(out.Names()) {
		t.Errorf("the waiting publish: %+v", sum)
	}

	// Two at once: both finish, one after the other, and dest is whole.
	v2 := buildOut(t, retitle(t, exampleFS(t), "并发标题"))
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, src := range []Source{out, v2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = Publish(context.Background(), src, Options{Dest: dest, Wait: 30 * time.Second})
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("concurrent publishes: %v", errs)
	}
	assertWhole(t, dest, out, v2)
	if _, err := os.Stat(filepath.Join(dest, LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock left behind: %v", err)
	}
}

func TestStaleLock(t *testing.T) {
	out := buildOut(t, exampleFS(t))
	host, _ := os.Hostname()
	dead := deadPID(t)
	for _, c := range []struct {
		name  string
		info  dirlock.Info
		age   time.Duration
		stale bool
	}{
		{"process gone on this host", dirlock.Info{PID: dead, Host: host, Started: time.Now(), Token: "a"}, 0, true},
		{"other host, recent", dirlock.Info{PID: 1, Host: "other-pc", Started: time.Now(), Token: "b"}, 0, false},
		{"other host, three hours old", dirlock.Info{PID: 1, Host: "other-pc", Started: time.Now().Add(-3 * time.Hour), Token: "c"}, 3 * time.Hour, true},
		{"this host, running", dirlock.Info{PID: os.Getpid(), Host: host, Started: time.Now(), Token: "d"}, 0, false},
		{"cut short by a crash", dirlock.Info{}, time.Minute, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dest := t.TempDir()
			if c.info.Token == "" {
				os.WriteFile(filepath.Join(dest, LockName), []byte(`{"pid": 12`), 0o644)
				old := time.Now().Add(-c.age)
				os.Chtimes(filepath.Join(dest, LockName), old, old)
			} else {
				writeLock(t, dest, c.info, c.age)
			}
			_, err := Publish(context.Background(), out, Options{Dest: dest})
			if c.stale && err != nil || !c.stale && err == nil {
				t.Fatalf("stale %v: publish: %v", c.stale, err)
			}
			if c.stale {
				assertPublished(t, dest, out)
			}
		})
	}
}

// deadPID returns the id of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	exe, _ := os.Executable()
	cmd := exec.Command(exe, "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}
