package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// tempPrefix starts the name of every temporary file a publish writes in
// dest; the next publish removes any it finds.
const tempPrefix = ".gen-tmp-"

// The changes a publish makes to dest, as Options.Hook is told of them.
const (
	OpClean    = "clean"    // removing a leftover temporary file
	OpMkdir    = "mkdir"    // making a folder
	OpWrite    = "write"    // a temporary file is half written
	OpRename   = "rename"   // renaming a complete temporary file to its real name
	OpRemove   = "remove"   // removing a file no longer in the build
	OpRmdir    = "rmdir"    // removing an emptied folder
	OpManifest = "manifest" // renaming a new manifest into place
)

// writer makes the changes to dest.
type writer struct {
	dest string
	src  Source
	hook func(op, name string) error

	mu    sync.Mutex
	dirs  map[string]bool        // folders known to exist as real folders
	locks map[string]*sync.Mutex // per folder: held while it is checked and made
}

func (w *writer) tell(op, name string) error {
	if w.hook == nil {
		return nil
	}
	return w.hook(op, name)
}

func (w *writer) abs(name string) string { return filepath.Join(w.dest, filepath.FromSlash(name)) }

// mkdirs makes the folder dir (slash path) and its parents. Whatever is
// in the way — a file or a symbolic link of an older build — is removed,
// so a file is never written through a link to outside dest. One copy at
// a time checks and makes a given folder: two that both found a file in
// the way would otherwise both remove it, the second taking the folder
// the first had made and begun to fill.
func (w *writer) mkdirs(dir string) error {
	if dir == "." || dir == "" {
		return nil
	}
	w.mu.Lock()
	done, l := w.dirs[dir], w.locks[dir]
	if !done && l == nil {
		if w.locks == nil {
			w.locks = map[string]*sync.Mutex{}
		}
		l = new(sync.Mutex)
		w.locks[dir] = l
	}
	w.mu.Unlock()
	if done {
		return nil
	}
	if err := w.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	l.Lock()
	defer l.Unlock()
	w.mu.Lock()
	done = w.dirs[dir]
	w.mu.Unlock()
	if done { // made while this copy waited
		return nil
	}
	p := w.abs(dir)
	info, err := os.Lstat(p)
	if err == nil && !info.IsDir() {
		if err := w.tell(OpRemove, dir); err != nil {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err != nil || !info.IsDir() {
		if err := w.tell(OpMkdir, dir); err != nil {
			return err
		}
		if err := os.Mkdir(p, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		if info, err := os.Lstat(p); err != nil || !info.IsDir() {
			return &fs.PathError{Op: "mkdir", Path: p, Err: errors.New("not a folder")}
		}
	}
	w.mu.Lock()
	w.dirs[dir] = true
	w.mu.Unlock()
	return nil
}

// copy writes one file of the build under a temporary name in its folder,
// flushes it to the disk or share, and renames it over the real name. The
// real name holds the old content or the new, never a part of either.
// It returns the manifest entry of what it wrote.
func (w *writer) copy(f file) (Entry, error) {
	if err := w.mkdirs(path.Dir(f.name)); err != nil {
		return Entry{}, err
	}
	target := w.abs(f.name)
	if info, err := os.Lstat(target); err == nil && info.IsDir() {
		// an older build had a folder of this name
		if err := w.tell(OpRemove, f.name); err != nil {
			return Entry{}, err
		}
		if err := os.RemoveAll(target); err != nil {
			return Entry{}, err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), tempPrefix+"*")
	if err != nil {
		return Entry{}, err
	}
	e, err := w.fill(tmp, f)
	if err != nil {
		if !errors.Is(err, errHook) {
			tmp.Close()
			os.Remove(tmp.Name())
		}
		return Entry{}, err
	}
	if err := w.tell(OpRename, f.name); err != nil {
		return Entry{}, err
	}
	if err := rename(tmp.Name(), target); err != nil {
		os.Remove(tmp.Name())
		return Entry{}, err
	}
	return e, nil
}

// errHook marks an error from Options.Hook: the publish stops there as if
// killed, leaving what it was writing as it is.
var errHook = errors.New("stopped by the hook")

type hookError struct{ err error }

func (h hookError) Error() string        { return h.err.Error() }
func (h hookError) Is(target error) bool { return target == errHook }
func (h hookError) Unwrap() error        { return h.err }

// fill writes f's content into tmp, hashing it as it goes, and closes it.
func (w *writer) fill(tmp *os.File, f file) (Entry, error) {
	r, err := w.src.Open(f.name)
	if err != nil {
		return Entry{}, err
	}
	defer r.Close()
	h := sha256.New()
	out := io.MultiWriter(tmp, h)
	n, err := io.CopyN(out, r, f.size/2)
	if err != nil && err != io.EOF {
		return Entry{}, err
	}
	if err := w.tell(OpWrite, f.name); err != nil {
		return Entry{}, hookError{err}
	}
	m, err := io.Copy(out, r)
	if err != nil {
		return Entry{}, err
	}
	if err := tmp.Chmod(0o644); err != nil && runtime.GOOS != "windows" {
		return Entry{}, err
	}
	if err := tmp.Sync(); err != nil {
		return Entry{}, err
	}
	if err := tmp.Close(); err != nil {
		return Entry{}, err
	}
	return Entry{Size: n + m, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// rename renames from over to. On Windows os.Rename is MoveFileEx with
// MOVEFILE_REPLACE_EXISTING (Go's internal/syscall/windows.Rename, since
// Go 1.5), so it replaces an existing file as on Unix; it fails while
// another program holds the file open without sharing delete (a virus
// scanner, a reader's program), so it is tried a few more times.
func rename(from, to string) error {
	err := os.Rename(from, to)
	for i := 0; err != nil && runtime.GOOS == "windows" && i < 5; i++ {
		time.Sleep(time.Duration(50<<i) * time.Millisecond)
		err = os.Rename(from, to)
	}
	return err
}

// remove removes a file of dest that is not in the build.
func (w *writer) remove(name string) error {
	if err := w.tell(OpRemove, name); err != nil {
		return err
	}
	err := os.Remove(w.abs(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// rmdirs removes the folders that are empty now and are not folders of the
// build, deepest first. dest itself is never among them.
func (w *writer) rmdirs(dirs []string, keep map[string]bool) error {
	sort.Slice(dirs, func(i, j int) bool {
		if di, dj := strings.Count(dirs[i], "/"), strings.Count(dirs[j], "/"); di != dj {
			return di > dj
		}
		return dirs[i] > dirs[j]
	})
	for _, d := range dirs {
		if keep[d] || d == "" || d == "." {
			continue
		}
		entries, err := os.ReadDir(w.abs(d))
		if err != nil || len(entries) > 0 {
			continue
		}
		if err := w.tell(OpRmdir, d); err != nil {
			return err
		}
		if err := os.Remove(w.abs(d)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// writeManifest replaces dest's manifest as a file is replaced: written
// whole under a temporary name, flushed, renamed.
func (w *writer) writeManifest(m *Manifest) error {
	m.Published = time.Now().UTC()
	tmp, err := os.CreateTemp(w.dest, tempPrefix+"manifest-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(m.encode())
	if err == nil {
		err = tmp.Chmod(0o644)
		if runtime.GOOS == "windows" {
			err = nil
		}
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := w.tell(OpManifest, ManifestName); err != nil {
		return err
	}
	return rename(tmp.Name(), filepath.Join(w.dest, ManifestName))
}
