// Package output is where a build's files go: a folder on disk (Dir) or memory
// (Mem, for gen serve and tests). Every stage writes through a Writer, so the
// same build code serves both and tests never touch the disk.
package output

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
)

// Writer receives a build's files. Names are slash-separated paths relative
// to the output root. Implementations are safe for concurrent use.
type Writer interface {
	WriteFile(name string, data []byte) error
	CopyFile(name string, src fs.FS, srcPath string) error
}

// Dir writes into a folder on disk.
type Dir struct {
	Root string
	mu   sync.Mutex
	made map[string]bool
}

// NewDir returns a Writer into root, which must exist.
func NewDir(root string) *Dir { return &Dir{Root: root, made: map[string]bool{}} }

func (d *Dir) mkdir(name string) error {
	dir := path.Dir(name)
	d.mu.Lock()
	done := d.made[dir]
	d.mu.Unlock()
	if done || dir == "." {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(d.Root, filepath.FromSlash(dir)), 0o755); err != nil {
		return err
	}
	d.mu.Lock()
	d.made[dir] = true
	d.mu.Unlock()
	return nil
}

// WriteFile implements Writer.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := d.mkdir(name); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(d.Root, filepath.FromSlash(name)), data, 0o644)
}

// CopyFile implements Writer, streaming so large attachments are not held in memory.
func (d *Dir) CopyFile(name string, src fs.FS, srcPath string) error {
	if err := d.mkdir(name); err != nil {
		return err
	}
	in, err := src.Open(srcPath)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(filepath.Join(d.Root, filepath.FromSlash(name)))
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Mem keeps files in memory.
type Mem struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMem returns an empty Mem.
func NewMem() *Mem { return &Mem{files: map[string][]byte{}} }

// WriteFile implements Writer. data must not be changed afterwards.
func (m *Mem) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	m.files[name] = data
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
	b, ok := m.files[name]
	return b, ok
}

// Delete removes a file.
func (m *Mem) Delete(name string) {
	m.mu.Lock()
	delete(m.files, name)
	m.mu.Unlock()
}

// Names lists every file, sorted.
func (m *Mem) Names() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]string, 0, len(m.files))
	for n := range m.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Len is the number of files.
func (m *Mem) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.files)
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
