//go:build !unix && !windows

package publish

// processAlive cannot ask on this system; a lock goes stale by age only.
func processAlive(pid int) bool { return pid > 0 }
