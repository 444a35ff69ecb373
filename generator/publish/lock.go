package publish

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// LockName is the lock file a publish holds in dest while it runs.
const LockName = ".gen-publish.lock"

// lockInfo is what the lock file says.
type lockInfo struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	Token   string    `json:"token"` // tells this lock from a later one of the same process
}

// LockedError says another publish holds dest.
type LockedError struct {
	Path string
	Info lockInfo
}

func (e *LockedError) Error() string {
	if e.Info.PID == 0 {
		return fmt.Sprintf("another publish is starting in %s (lock file %s); try again in a moment", filepath.Dir(e.Path), e.Path)
	}
	return fmt.Sprintf("%s is being published by process %d on %s since %s (lock file %s): wait for it to finish; if that publish is gone, delete the lock file",
		filepath.Dir(e.Path), e.Info.PID, e.Info.Host, e.Info.Started.Local().Format("2006-01-02 15:04:05"), e.Path)
}

// lock is a held lock.
type lock struct {
	path string
	info lockInfo
}

// acquire takes dest's lock. A lock held by a running publish is waited
// for up to wait, then refused with a LockedError. A stale lock — left by a
// publish whose process is gone (same host), or older than staleAfter (any
// host, where the process cannot be asked) — is taken over.
func acquire(ctx context.Context, dest string, wait, staleAfter time.Duration) (*lock, error) {
	host, _ := os.Hostname()
	l := &lock{path: filepath.Join(dest, LockName), info: lockInfo{PID: os.Getpid(), Host: host, Token: newToken()}}
	deadline := time.Now().Add(wait)
	for {
		l.info.Started = time.Now().UTC()
		err := l.create()
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("cannot make the lock file %s: %w", l.path, err)
		}
		held, readable, age := readLock(l.path)
		if stale(held, readable, age, host, staleAfter) {
			takeOver(l.path, held)
			continue
		}
		if time.Now().After(deadline) {
			return nil, &LockedError{Path: l.path, Info: held}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// create makes the lock file, failing when it exists (O_EXCL works on
// local disks and on SMB shares alike).
func (l *lock) create() error {
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(l.info)
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(l.path)
	}
	return err
}

// release removes the lock file if it is still this publish's.
func (l *lock) release() {
	if held, ok, _ := readLock(l.path); ok && held.Token == l.info.Token {
		os.Remove(l.path)
	}
}

// readLock reads a lock file; readable is false when it cannot be parsed
// (being written right now, or damaged). age is the file's age.
func readLock(path string) (info lockInfo, readable bool, age time.Duration) {
	st, err := os.Stat(path)
	if err == nil {
		age = time.Since(st.ModTime())
	}
	b, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(b, &info) != nil || info.Token == "" {
		return lockInfo{}, false, age
	}
	return info, true, age
}

// stale decides whether a lock may be taken over.
func stale(held lockInfo, readable bool, age time.Duration, host string, staleAfter time.Duration) bool {
	if !readable {
		// a lock being written is readable within moments; one that
		// stays unreadable was cut short by a crash (gen publish waits
		// longer than this, so a rerun after such a crash goes ahead)
		return age > 5*time.Second
	}
	if held.Host == host && !processAlive(held.PID) {
		return true
	}
	return time.Since(held.Started) > staleAfter && age > staleAfter
}

// takeOver removes a stale lock. It first moves the lock to a name of its
// own and reads it again: if another publish replaced the stale lock with
// a fresh one in the meantime, that one is put back rather than removed.
// (Two publishes taking over one stale lock at the same instant is the one
// case this cannot rule out on a file share without hard links.)
func takeOver(path string, held lockInfo) {
	aside := filepath.Join(filepath.Dir(path), tempPrefix+"lock-"+newToken())
	if err := os.Rename(path, aside); err != nil {
		return
	}
	now, readable, _ := readLock(aside)
	if readable && now.Token != held.Token {
		os.Rename(aside, path) // a fresh lock: put it back
		return
	}
	os.Remove(aside)
}

func newToken() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
