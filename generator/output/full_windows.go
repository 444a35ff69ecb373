//go:build windows

package output

import (
	"errors"
	"syscall"
)

// diskFull reports whether err says the disk is full (ERROR_DISK_FULL,
// ERROR_HANDLE_DISK_FULL).
func diskFull(err error) bool {
	var errno syscall.Errno
	return errors.As(err, &errno) && (errno == 112 || errno == 39)
}
