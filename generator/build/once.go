package build

import (
	"io/fs"
	"sync"
)

// onceFS keeps the files read through it, up to a budget of bytes, and
// hands each back once more: a one-shot build reads every entry when it
// loads the content and again when it renders it, and for an archive
// whose files fit in the budget the second read costs no system calls.
// Safe for concurrent use; the bytes handed out are shared and must not
// be changed (nothing in content or markdown changes them).
type onceFS struct {
	fsys   fs.FS
	mu     sync.Mutex
	kept   map[string][]byte
	budget int64
}

func newOnceFS(fsys fs.FS, budget int64) *onceFS {
	return &onceFS{fsys: fsys, kept: map[string][]byte{}, budget: budget}
}

func (o *onceFS) Open(name string) (fs.File, error)          { return o.fsys.Open(name) }
func (o *onceFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(o.fsys, name) }
func (o *onceFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.fsys, name) }

// ReadFile returns a kept file and forgets it, or reads the file and keeps
// it while the budget lasts.
func (o *onceFS) ReadFile(name string) ([]byte, error) {
	o.mu.Lock()
	if b, ok := o.kept[name]; ok {
		delete(o.kept, name)
		o.mu.Unlock()
		return b, nil
	}
	o.mu.Unlock()
	b, err := fs.ReadFile(o.fsys, name)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	if o.budget >= int64(len(b)) {
		o.budget -= int64(len(b))
		o.kept[name] = b
	}
	o.mu.Unlock()
	return b, nil
}

// drop forgets every kept file and keeps no more.
func (o *onceFS) drop() {
	o.mu.Lock()
	o.kept, o.budget = map[string][]byte{}, 0
	o.mu.Unlock()
}
