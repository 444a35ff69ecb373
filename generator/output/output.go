// Package output is where a build's files go: a folder on disk (Dir) or memory
// (Mem, for gen serve and tests). Every stage writes through a Writer, so the
// same build code serves both and tests never touch the disk.
package output

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"gen/generator/fastio"
)

// Writer receives a build's files. Names are slash-separated paths relative
// to the output root. Implementations are safe for concurrent use.
type Writer interface {
	WriteFile(name string, data []byte) error
	CopyFile(name string, src fs.FS, srcPath string) error
}

// Retains reports whether w keeps the bytes handed to WriteFile (Mem does;
// Dir writes them out at once, so a caller may reuse its buffer).
func Retains(w Writer) bool {
	_, isDir := w.(*Dir)
	return !isDir
}

// Dir writes into a folder on disk.
//
// When the disk is full, the first write that fails says so and every later
// one only counts its bytes: a build into a full disk fails once, not once
// per file, and Full tells how much it needed.
type Dir struct {
	Root string
	mu   sync.Mutex
	made map[string]bool

	bytes atomic.Int64 // written, or wanted after the disk was full
	full  atomic.Pointer[error]
}

// NewDir returns a Writer into root, which must exist.
func NewDir(root string) *Dir { return &Dir{Root: root, made: map[string]bool{}} }

func (d *Dir) mkdir(name string) error { return d.makeDir(path.Dir(name)) }

// makeDir makes dir and the folders above it that this Dir has not made
// yet: one mkdir call per folder (os.MkdirAll would first stat it and its
// parent, three calls for each of an archive's 50,000 entry folders).
func (d *Dir) makeDir(dir string) error {
	if dir == "." {
		return nil
	}
	d.mu.Lock()
	done := d.made[dir]
	d.mu.Unlock()
	if done {
		return nil
	}
	if err := d.makeDir(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(d.Root, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.mu.Lock()
	d.made[dir] = true
	d.mu.Unlock()
	return nil
}

// WriteFile implements Writer.
func (d *Dir) WriteFile(name string, data []byte) error {
	d.bytes.Add(int64(len(data)))
	if d.full.Load() != nil {
		return nil
	}
	err := d.mkdir(name)
	if err == nil {
		err = fastio.WriteFile(filepath.Join(d.Root, filepath.FromSlash(name)), data, 0o644)
	}
	return d.noteFull(err)
}

// CopyFile implements Writer, streaming so large attachments are not held in memory.
func (d *Dir) CopyFile(name string, src fs.FS, srcPath string) error {
	if d.full.Load() != nil {
		if info, err := fs.Stat(src, srcPath); err == nil {
			d.bytes.Add(info.Size())
		}
		return nil
	}
	if err := d.mkdir(name); err != nil {
		return d.noteFull(err)
	}
	in, err := src.Open(srcPath)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(filepath.Join(d.Root, filepath.FromSlash(name)))
	if err != nil {
		return d.noteFull(err)
	}
	n, err := io.Copy(out, in)
	d.bytes.Add(n)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return d.noteFull(err)
}

// noteFull remembers the first "no space left" error; it is returned once.
func (d *Dir) noteFull(err error) error {
	if err == nil || !diskFull(err) {
		return err
	}
	if d.full.CompareAndSwap(nil, &err) {
		return err
	}
	return nil
}

// Full reports whether a write failed because the disk was full, with the
// bytes written and wanted so far (what the whole build needs, once it has
// run to its end) and the first such error.
func (d *Dir) Full() (bytes int64, err error) {
	if p := d.full.Load(); p != nil {
		return d.bytes.Load(), *p
	}
	return d.bytes.Load(), nil
}

// Mem keeps files in memory. A Mem made by Over holds another Mem's files
// plus its own changes, without copying or touching the other one: gen
// serve's quick rebuilds write only what changed.
type Mem struct {
	mu    sync.RWMutex
	files map[string][]byte // written here
	gone  map[string]bool   // files of base deleted here
	base  *Mem              // read-only files under this one's, or nil
}

// NewMem returns an empty Mem.
func NewMem() *Mem { return &Mem{files: map[string][]byte{}, gone: map[string]bool{}} }

// Over returns a Mem holding base's files, to which writes and deletions
// apply without changing base; base must not be written to afterwards.
// Layers stay one deep: over a Mem that is itself over another, the new one
// takes its changes over (or, once they are many, a flat copy of it).
func Over(base *Mem) *Mem {
	m := NewMem()
	base.mu.RLock()
	defer base.mu.RUnlock()
	switch {
	case base.base == nil:
		m.base = base
	case len(base.files)+len(base.gone) > len(base.base.files)/8+64:
		flat := NewMem()
		base.rangeLocked(func(name string, b []byte) { flat.files[name] = b })
		m.base = flat
	default:
		m.base = base.base
		for k, v := range base.files {
			m.files[k] = v
		}
		for k := range base.gone {
			m.gone[k] = true
		}
	}
	return m
}

// WriteFile implements Writer. data must not be changed afterwards.
func (m *Mem) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	m.files[name] = data
	delete(m.gone, name)
	m.mu.Unlock()
	return nil
}

// CopyFile implements Writer.
func (m *Mem) CopyFile(name string, src fs.FS, srcPath string) error {
	b, err := fs.ReadFile(src, srcPath)
	if err != nil {
		return err
	}
	return m.WriteFile(name, b)
}

// Get returns a file's content.
func (m *Mem) Get(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.getLocked(name)
}

func (m *Mem) getLocked(name string) ([]byte, bool) {
	if b, ok := m.files[name]; ok {
		return b, true
	}
	if m.base == nil || m.gone[name] {
		return nil, false
	}
	return m.base.Get(name)
}

// Delete removes a file.
func (m *Mem) Delete(name string) {
	m.mu.Lock()
	delete(m.files, name)
	if m.base != nil {
		if _, ok := m.base.Get(name); ok {
			m.gone[name] = true
		}
	}
	m.mu.Unlock()
}

// Names lists every file, sorted.
func (m *Mem) Names() []string {
	var out []string
	m.Range(func(name string, _ []byte) { out = append(out, name) })
	sort.Strings(out)
	return out
}

// Range calls f for every file, in no particular order. f must not write
// to m.
func (m *Mem) Range(f func(name string, data []byte)) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	m.rangeLocked(f)
}

func (m *Mem) rangeLocked(f func(name string, data []byte)) {
	for n, b := range m.files {
		f(n, b)
	}
	if m.base != nil {
		m.base.Range(func(n string, b []byte) {
			if _, mine := m.files[n]; !mine && !m.gone[n] {
				f(n, b)
			}
		})
	}
}

// Len is the number of files.
func (m *Mem) Len() int {
	n := 0
	m.Range(func(string, []byte) { n++ })
	return n
}

// Equal reports whether the file holds data (for tests and diffs). Bytes
// handed from one build to the next are the same slice, found equal at once.
func (m *Mem) Equal(name string, data []byte) bool {
	b, ok := m.Get(name)
	if !ok || len(b) != len(data) {
		return false
	}
	return len(b) == 0 || &b[0] == &data[0] || bytes.Equal(b, data)
}

// Diff lists the files of m that prev lacks or holds other bytes of, and the
// files of prev that m lacks, both sorted. When m was made Over prev (or
// over what prev was over) only the changes are looked at.
func (m *Mem) Diff(prev *Mem) (changed, removed []string) {
	m.mu.RLock()
	layered := prev != nil && m.base != nil && (m.base == prev || m.base == prev.base)
	m.mu.RUnlock()
	if layered {
		m.mu.RLock()
		for name, b := range m.files {
			if !prev.Equal(name, b) {
				changed = append(changed, name)
			}
		}
		for name := range m.gone {
			if _, ok := prev.Get(name); ok {
				removed = append(removed, name)
			}
		}
		m.mu.RUnlock()
		if m.base == prev.base && prev != m.base { // prev's own deletions that m undid are in m.files
			prev.mu.RLock()
			for name := range prev.files {
				if _, ok := m.Get(name); !ok {
					removed = append(removed, name)
				}
			}
			prev.mu.RUnlock()
		}
	} else {
		m.Range(func(name string, b []byte) {
			if prev == nil || !prev.Equal(name, b) {
				changed = append(changed, name)
			}
		})
		if prev != nil {
			prev.Range(func(name string, _ []byte) {
				if _, ok := m.Get(name); !ok {
					removed = append(removed, name)
				}
			})
		}
	}
	sort.Strings(changed)
	removed = dedupe(removed)
	return changed, removed
}

func dedupe(list []string) []string {
	sort.Strings(list)
	out := list[:0]
	for i, s := range list {
		if i == 0 || s != list[i-1] {
			out = append(out, s)
		}
	}
	return out
}
