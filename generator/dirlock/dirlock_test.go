package dirlock

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A lock is released only by its holder: after a stale lock was taken
// over, the old holder's release leaves the new lock alone.
func TestReleaseKeepsOthersLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	a, err := Acquire(context.Background(), path, Options{StaleAfter: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(a.path)
	b, err := Acquire(context.Background(), path, Options{StaleAfter: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	a.Release()
	if held, ok, _ := Read(b.path); !ok || held.Token != b.info.Token {
		t.Errorf("the old holder removed the new lock")
	}
	b.Release()
	if _, err := os.Stat(b.path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("release left the lock: %v", err)
	}
}
