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
	"strings"
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
	// Prev, when set, is the previous build's output folder. CopyFile
	// copies a file by giving it the source's modification time; a file
	// of Prev with the source's size and time is then a copy of that same
	// source, and CopyFile links it into Root instead of copying it again
	// (a hard link: one more name for the same bytes, so a cached rebuild
	// of an archive of photos does not copy gigabytes of originals). Prev
	// itself is never written: a name that was linked is removed before
	// anything is written to it.
	Prev   string
	mu     sync.Mutex
	made   map[string]bool
	linked map[string]bool

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
	d.unlink(name)
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
	d.unlink(name)
	in, err := src.Open(srcPath)
	if err != nil {
		return err
	}
	defer in.Close()
	dst := filepath.Join(d.Root, filepath.FromSlash(name))
	st, err := in.Stat()
	if err == nil && d.Prev != "" && st.Size() >= linkMin {
		prev := filepath.Join(d.Prev, filepath.FromSlash(name))
		if pi, err := os.Lstat(prev); err == nil && pi.Mode().IsRegular() && pi.Size() == st.Size() && pi.ModTime().Equal(st.ModTime()) {
			if os.Link(prev, dst) == nil {
				d.mu.Lock()
				if d.linked == nil {
					d.linked = map[string]bool{}
				}
				d.linked[name] = true
				d.mu.Unlock()
				d.bytes.Add(st.Size())
				return nil
			}
		}
	}
	out, err := os.Create(dst)
	if err != nil {
		return d.noteFull(err)
	}
	n, err := io.Copy(out, in)
	d.bytes.Add(n)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && st != nil && d.Prev != "" && st.Size() >= linkMin {
		os.Chtimes(dst, st.ModTime(), st.ModTime()) // for the next build to link it (best effort)
	}
	return d.noteFull(err)
}

// linkMin is the smallest file CopyFile links from Prev: below it a copy
// costs about what the checks do.
const linkMin = 64 << 10

// unlink removes name from Root if CopyFile linked it, so that writing it
// never changes Prev's file.
func (d *Dir) unlink(name string) {
	d.mu.Lock()
	linked := d.linked[name]
	delete(d.linked, name)
	d.mu.Unlock()
	if linked {
		os.Remove(filepath.Join(d.Root, filepath.FromSlash(name)))
	}
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
//
// A Mem made by NewPackedMem may keep files compressed (WritePacked, see
// Packer): gen serve keeps every page so, a sixth of its size. Get returns
// a file as it was written either way; Diff compares files as they are
// kept.
type Mem struct {
	mu    sync.RWMutex
	files map[string]file // written here
	gone  map[string]bool // files of base deleted here
	base  *Mem            // read-only files under this one's, or nil
	pack  *Packer         // unpacks files written with WritePacked; nil: none are
}

// file is a file as a Mem keeps it.
type file struct {
	data   []byte
	packed bool // data is the file compressed by the Mem's Packer
}

// NewMem returns an empty Mem.
func NewMem() *Mem { return &Mem{files: map[string]file{}, gone: map[string]bool{}} }

// NewPackedMem returns an empty Mem that can keep files packed by p.
func NewPackedMem(p *Packer) *Mem {
	m := NewMem()
	m.pack = p
	return m
}

// Over returns a Mem holding base's files, to which writes and deletions
// apply without changing base; base must not be written to afterwards.
// Layers stay one deep: over a Mem that is itself over another, the new one
// takes its changes over (or, once they are many, a flat copy of it).
func Over(base *Mem) *Mem {
	m := NewPackedMem(base.pack)
	base.mu.RLock()
	defer base.mu.RUnlock()
	switch {
	case base.base == nil:
		m.base = base
	case len(base.files)+len(base.gone) > len(base.base.files)/8+64:
		flat := NewPackedMem(base.pack)
		base.rangeLocked(func(name string, f file) { flat.files[name] = f })
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
	m.put(name, file{data: data})
	return nil
}

// WritePacked keeps a file given packed by the Mem's Packer. packed must
// not be changed afterwards.
func (m *Mem) WritePacked(name string, packed []byte) error {
	if m.pack == nil {
		return errors.New("output: WritePacked to a Mem without a Packer")
	}
	m.put(name, file{data: packed, packed: true})
	return nil
}

func (m *Mem) put(name string, f file) {
	m.mu.Lock()
	m.files[name] = f
	delete(m.gone, name)
	m.mu.Unlock()
}

// CopyFile implements Writer.
func (m *Mem) CopyFile(name string, src fs.FS, srcPath string) error {
	b, err := fs.ReadFile(src, srcPath)
	if err != nil {
		return err
	}
	return m.WriteFile(name, b)
}

// Get returns a file's content, decompressed if it is kept compressed.
func (m *Mem) Get(name string) ([]byte, bool) {
	f, ok := m.kept(name)
	if !ok || !f.packed {
		return f.data, ok
	}
	b, err := m.pack.Unpack(f.data, nil)
	return b, err == nil
}

// Read returns a file's content like Get, but unpacks a packed file into
// buf instead of new memory; grown is buf, grown as needed, for the next
// call (a server reuses it from request to request). data of a file kept
// as written is the Mem's own bytes, not to be changed.
func (m *Mem) Read(name string, buf []byte) (data, grown []byte, ok bool) {
	f, ok := m.kept(name)
	if !ok || !f.packed {
		return f.data, buf, ok
	}
	b, err := m.pack.Unpack(f.data, buf[:0])
	return b, b[:0], err == nil
}

func (m *Mem) kept(name string) (file, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if f, ok := m.files[name]; ok {
		return f, true
	}
	if m.base == nil || m.gone[name] {
		return file{}, false
	}
	return m.base.kept(name)
}

// Delete removes a file.
func (m *Mem) Delete(name string) {
	m.mu.Lock()
	delete(m.files, name)
	if m.base != nil {
		if _, ok := m.base.kept(name); ok {
			m.gone[name] = true
		}
	}
	m.mu.Unlock()
}

// Names lists every file, sorted.
func (m *Mem) Names() []string {
	var out []string
	m.each(func(name string, _ file) { out = append(out, name) })
	sort.Strings(out)
	return out
}

// Range calls f for every file, decompressed, in no particular order. f
// must not write to m.
func (m *Mem) Range(f func(name string, data []byte)) {
	m.each(func(name string, x file) {
		if x.packed {
			x.data, _ = m.pack.Unpack(x.data, nil)
		}
		f(name, x.data)
	})
}

// CopyFrom copies the files of from whose names start with prefix, as
// they are kept, sharing their bytes.
func (m *Mem) CopyFrom(from *Mem, prefix string) {
	from.each(func(name string, f file) {
		if strings.HasPrefix(name, prefix) {
			m.put(name, f)
		}
	})
}

func (m *Mem) each(f func(name string, x file)) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	m.rangeLocked(f)
}

func (m *Mem) rangeLocked(f func(name string, x file)) {
	for n, x := range m.files {
		f(n, x)
	}
	if m.base != nil {
		m.base.each(func(n string, x file) {
			if _, mine := m.files[n]; !mine && !m.gone[n] {
				f(n, x)
			}
		})
	}
}

// Len is the number of files.
func (m *Mem) Len() int {
	n := 0
	m.each(func(string, file) { n++ })
	return n
}

// Equal reports whether the file holds data (for tests and diffs). Bytes
// handed from one build to the next are the same slice, found equal at once.
func (m *Mem) Equal(name string, data []byte) bool {
	f, ok := m.kept(name)
	if ok && f.packed {
		b, _ := m.Get(name)
		return bytes.Equal(b, data)
	}
	return ok && same(f.data, data)
}

// sameKept reports whether m keeps the file as f: the same bytes the same way.
func (m *Mem) sameKept(name string, f file) bool {
	g, ok := m.kept(name)
	return ok && g.packed == f.packed && same(g.data, f.data)
}

func same(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0] || bytes.Equal(a, b))
}

// Diff lists the files of m that prev lacks or holds other bytes of, and the
// files of prev that m lacks, both sorted. Files are compared as they are
// kept: a build that packs its pages compares them packed (the same page
// packs to the same bytes with the same Packer). When m was made Over prev (or over
// what prev was over) only the changes are looked at.
func (m *Mem) Diff(prev *Mem) (changed, removed []string) {
	m.mu.RLock()
	layered := prev != nil && m.base != nil && (m.base == prev || m.base == prev.base)
	m.mu.RUnlock()
	if layered {
		m.mu.RLock()
		for name, f := range m.files {
			if !prev.sameKept(name, f) {
				changed = append(changed, name)
			}
		}
		for name := range m.gone {
			if _, ok := prev.kept(name); ok {
				removed = append(removed, name)
			}
		}
		m.mu.RUnlock()
		if m.base == prev.base && prev != m.base { // prev's own deletions that m undid are in m.files
			prev.mu.RLock()
			for name := range prev.files {
				if _, ok := m.kept(name); !ok {
					removed = append(removed, name)
				}
			}
			prev.mu.RUnlock()
		}
	} else {
		m.each(func(name string, f file) {
			if prev == nil || !prev.sameKept(name, f) {
				changed = append(changed, name)
			}
		})
		if prev != nil {
			prev.each(func(name string, _ file) {
				if _, ok := m.kept(name); !ok {
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
