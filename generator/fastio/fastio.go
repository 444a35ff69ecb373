// Package fastio reads and writes whole files with the fewest system calls:
// a build reads every entry twice and writes a file for each, and
// os.ReadFile spends as much again, os.WriteFile a sixth more, on what a
// regular file does not need (a stat to size the buffer, registering the
// descriptor with the runtime's poller, making it non-blocking). On Unix,
// ReadFile, ReadFileInto and WriteFile call open, read or write, and close
// and nothing else; elsewhere they are the os package's. ReadFileInto reads
// into memory the caller reuses from file to file.
package fastio

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// DirFS is os.DirFS(root) whose ReadFile is this package's: fs.ReadFile on
// it, or on an fs.Sub of it, reads with ReadFile.
func DirFS(root string) fs.FS { return dirFS{FS: os.DirFS(root), root: root} }

type dirFS struct {
	fs.FS
	root string
}

// ReadFile implements fs.ReadFileFS.
func (d dirFS) ReadFile(name string) ([]byte, error) {
	return d.read(name, func(path string) ([]byte, error) { return ReadFile(path) })
}

// ReadFileInto is ReadFile into buf's memory when it is large enough, of
// at most limit bytes (see the function ReadFileInto).
func (d dirFS) ReadFileInto(name string, buf []byte, limit int64) ([]byte, error) {
	return d.read(name, func(path string) ([]byte, error) { return ReadFileInto(path, buf, limit) })
}

// TooLargeError says a file is longer than a reader's limit; the file was
// not read past it.
type TooLargeError struct {
	Path        string
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is %d bytes, more than the %d read", e.Path, e.Size, e.Limit)
}

// read reads file name with f, given its path on disk, and reports errors
// with name, as os.DirFS does.
func (d dirFS) read(name string, f func(path string) ([]byte, error)) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, err := f(filepath.Join(d.root, filepath.FromSlash(name)))
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = name
	}
	return b, err
}

// Sub implements fs.SubFS, so that fs.Sub of a DirFS is one too.
func (d dirFS) Sub(dir string) (fs.FS, error) {
	if !fs.ValidPath(dir) {
		return nil, &fs.PathError{Op: "sub", Path: dir, Err: fs.ErrInvalid}
	}
	if dir == "." {
		return d, nil
	}
	return DirFS(filepath.Join(d.root, filepath.FromSlash(dir))), nil
}

// ReaderInto is a file system that can read a file into given memory
// (DirFS is one).
type ReaderInto interface {
	ReadFileInto(name string, buf []byte, limit int64) ([]byte, error)
}

// Stat and ReadDir are os.DirFS's (embedding hides them from fs.Stat and
// fs.ReadDir unless they are promoted by name).
func (d dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }
