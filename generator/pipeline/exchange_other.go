//go:build !linux

package pipeline

import "errors"

// exchange is not available here: the caller renames in two steps, and
// Recover repairs a swap cut short between them.
func exchange(a, b string) error { return errors.New("no atomic exchange of folders on this system") }
