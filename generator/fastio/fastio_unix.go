//go:build unix

package fastio

import (
	"io/fs"
	"syscall"
)

// ReadFile returns the content of the file at path.
func ReadFile(path string) ([]byte, error) {
	// read into a buffer on the stack, then copy out at the exact size
	// (a copy of a few KB costs less than the stat that would size it)
	var arr [16 << 10]byte
	b, err := ReadFileInto(path, arr[:0], 0)
	if err != nil {
		return nil, err
	}
	return append(make([]byte, 0, len(b)), b...), nil
}

// ReadFileInto returns the content of the file at path, in buf's memory
// when it is large enough. A file longer than limit (when limit > 0) is not
// read past it: the error is a *TooLargeError with the file's size.
func ReadFileInto(path string, buf []byte, limit int64) ([]byte, error) {
	fd, err := open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	buf = buf[:0]
	for {
		if limit > 0 && int64(len(buf)) > limit {
			var st syscall.Stat_t
			size := int64(len(buf))
			if syscall.Fstat(fd, &st) == nil {
				size = st.Size
			}
			return nil, &TooLargeError{Path: path, Size: size, Limit: limit}
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}

// WriteFile writes data to the file at path, creating it with perm or
// truncating it.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	fd, err := open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return err
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

func open(path string, mode int, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(path, mode, perm)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return fd, nil
	}
}
