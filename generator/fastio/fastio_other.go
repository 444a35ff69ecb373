//go:build !unix

package fastio

import (
	"io/fs"
	"os"
)

// ReadFile returns the content of the file at path.
func ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// ReadFileInto returns the content of the file at path (in new memory:
// os.ReadFile's).
func ReadFileInto(path string, buf []byte, limit int64) ([]byte, error) {
	if limit > 0 {
		if info, err := os.Stat(path); err == nil && info.Size() > limit {
			return nil, &TooLargeError{Path: path, Size: info.Size(), Limit: limit}
		}
	}
	return os.ReadFile(path)
}

// WriteFile writes data to the file at path, creating it with perm or
// truncating it.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(path, data, perm)
}
