//go:build !unix && !windows

package output

// diskFull cannot tell on this system.
func diskFull(err error) bool { return false }
