//go:build !linux && !windows

package serve

// remoteReason: other systems' watchers are trusted; use --poll on a share.
func remoteReason(string) string { return "" }
