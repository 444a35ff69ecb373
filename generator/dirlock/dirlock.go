// Package dirlock is the lock file one gen process holds on a folder while
// it changes it — gen publish in the destination share, gen build beside
// its output folder — so two runs never write one folder at once.
//
// A lock is a small JSON file (process id, host, start time, a token) made
// with O_EXCL, which works on local disks and on SMB shares alike. Acquire
// waits for a held lock up to Options.Wait, then refuses with a
// *LockedError that says who holds it. A stale lock — left by a process
// that is gone (same host), unreadable for more than 5 s, or older than
// Options.StaleAfter (any host, where the process cannot be asked) — is
// taken over. Release removes the file if it is still this lock's.
package dirlock

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

// Info is what a lock file says.
type Info struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	Token   string    `json:"token"` // tells this lock from a later one of the same process
}

// Options say how to take a lock.
type Options struct {
	Wait       time.Duration // how long to wait for a held lock
	StaleAfter time.Duration // a lock older than this is stale on any host
	// Doing names what the holder does to the folder, for messages:
	// "published" gives "… is being published by process 12 …".
	Doing string
	// Folder is the folder the lock guards, for messages (default: the
	// lock file's folder).
	Folder string
}

// LockedError says another process holds the lock.
type LockedError struct {
	Path   string
	Info   Info
	Doing  string
	Folder string
}

func (e *LockedError) Error() string {
	if e.Info.PID == 0 {
		return fmt.Sprintf("another process is starting to work in %s (lock file %s); try again in a moment", e.Folder, e.Path)
	}
	return fmt.Sprintf("%s is being %s by process %d on %s since %s (lock file %s): wait for it to finish; if that process is gone, delete the lock file",
		e.Folder, e.Doing, e.Info.PID, e.Info.Host, e.Info.Started.Local().Format("2006-01-02 15:04:05"), e.Path)
}

// Lock is a held lock.
type Lock struct {
	path string
	info Info
}

// Acquire takes the lock file at path (see the package comment).
func Acquire(ctx context.Context, path string, opts Options) (*Lock, error) {
	host, _ := os.Hostname()
	if opts.Folder == "" {
		opts.Folder = filepath.Dir(path)
	}
	l := &Lock{path: path, info: Info{PID: os.Getpid(), Host: host, Token: newToken()}}
	deadline := time.Now().Add(opts.Wait)
	for {
		l.info.Started = time.Now().UTC()
		err := l.create()
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("cannot make the lock file %s: %w", l.path, err)
		}
		held, readable, age := Read(l.path)
		if stale(held, readable, age, host, opts.StaleAfter) {
			takeOver(l.path, held)
			continue
		}
		if time.Now().After(deadline) {
			return nil, &LockedError{Path: l.path, Info: held, Doing: opts.Doing, Folder: opts.Folder}
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
func (l *Lock) create() error {
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

// Release removes the lock file if it is still this lock's.
func (l *Lock) Release() {
	if held, ok, _ := Read(l.path); ok && held.Token == l.info.Token {
		os.Remove(l.path)
	}
}

// Read reads a lock file; readable is false when it cannot be parsed
// (being written right now, or damaged). age is the file's age.
func Read(path string) (info Info, readable bool, age time.Duration) {
	st, err := os.Stat(path)
	if err == nil {
		age = time.Since(st.ModTime())
	}
	b, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(b, &info) != nil || info.Token == "" {
		return Info{}, false, age
	}
	return info, true, age
}

// stale decides whether a lock may be taken over.
func stale(held Info, readable bool, age time.Duration, host string, staleAfter time.Duration) bool {
	if !readable {
		// a lock being written is readable within moments; one that
		// stays unreadable was cut short by a crash (gen publish waits
		// longer than this, so a rerun after such a crash goes ahead)
		return age > 5*time.Second
	}
	if held.Host == host && !ProcessAlive(held.PID) {
		return true
	}
	return time.Since(held.Started) > staleAfter && age > staleAfter
}

// takeOver removes a stale lock. It first moves the lock to a name of its
// own and reads it again: if another process replaced the stale lock with
// a fresh one in the meantime, that one is put back rather than removed.
// (Two processes taking over one stale lock at the same instant is the one
// case this cannot rule out on a file share without hard links.)
func takeOver(path string, held Info) {
	aside := path + ".stale-" + newToken()
	if err := os.Rename(path, aside); err != nil {
		return
	}
	now, readable, _ := Read(aside)
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
