package check

import (
	"bytes"
	"io"
	"io/fs"
	"sort"
	"sync"
)

// Output is a build kept for checking and publishing. It is an
// output.Writer that holds what the build generates (pages, the search
// index) in memory, as output.Mem does, but keeps only a reference to each
// file the build copies (static files, attachments): an archive of scanned
// PDFs and photos would not fit in memory, and gen publish streams those
// straight from the site folder to the share.
//
// A copied file is read again when it is opened, so the site folder must
// not change between the build and the publish that follows it.
type Output struct {
	mu    sync.RWMutex
	files map[string]outFile
}

type outFile struct {
	data []byte // generated content; nil for a copied file
	src  fs.FS  // a copied file's source
	path string // … and its path in src
	size int64
}

// NewOutput returns an empty Output.
func NewOutput() *Output { return &Output{files: map[string]outFile{}} }

// WriteFile implements output.Writer. data must not be changed afterwards.
func (o *Output) WriteFile(name string, data []byte) error {
	o.mu.Lock()
	o.files[name] = outFile{data: data, size: int64(len(data))}
	o.mu.Unlock()
	return nil
}

// CopyFile implements output.Writer: it records where the file comes from
// and its size, and reads nothing.
func (o *Output) CopyFile(name string, src fs.FS, srcPath string) error {
	info, err := fs.Stat(src, srcPath)
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.files[name] = outFile{src: src, path: srcPath, size: info.Size()}
	o.mu.Unlock()
	return nil
}

// Names lists every file, sorted.
func (o *Output) Names() []string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	out := make([]string, 0, len(o.files))
	for n := range o.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the build wrote name.
func (o *Output) Has(name string) bool {
	o.mu.RLock()
	defer o.mu.RUnlock()
	_, ok := o.files[name]
	return ok
}

// Size is a file's size in bytes; ok is false when there is no such file.
func (o *Output) Size(name string) (size int64, ok bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	f, ok := o.files[name]
	return f.size, ok
}

// Generated returns the content of a file the build generated; ok is false
// for a copied file or no file.
func (o *Output) Generated(name string) (data []byte, ok bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	f, ok := o.files[name]
	return f.data, ok && f.src == nil
}

// Open opens a file of the build for reading.
func (o *Output) Open(name string) (io.ReadCloser, error) {
	o.mu.RLock()
	f, ok := o.files[name]
	o.mu.RUnlock()
	switch {
	case !ok:
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	case f.src == nil:
		return io.NopCloser(bytes.NewReader(f.data)), nil
	default:
		return f.src.Open(f.path)
	}
}
