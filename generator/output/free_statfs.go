//go:build linux || darwin || freebsd

package output

import "golang.org/x/sys/unix"

// Free returns the bytes free for this user on the disk that holds path.
func Free(path string) (int64, bool) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}
