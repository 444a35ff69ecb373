//go:build !linux && !darwin && !freebsd && !windows

package output

// Free cannot tell on this system.
func Free(path string) (int64, bool) { return 0, false }
