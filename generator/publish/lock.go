package publish

import (
	"context"
	"path/filepath"
	"time"

	"gen/generator/dirlock"
)

// LockName is the lock file a publish holds in dest while it runs.
const LockName = ".gen-publish.lock"

// LockedError says another publish holds dest.
type LockedError = dirlock.LockedError

// acquire takes dest's lock: a lock held by a running publish is waited for
// up to wait, then refused with a LockedError; a stale one is taken over.
func acquire(ctx context.Context, dest string, wait, staleAfter time.Duration) (*dirlock.Lock, error) {
	return dirlock.Acquire(ctx, filepath.Join(dest, LockName),
		dirlock.Options{Wait: wait, StaleAfter: staleAfter, Doing: "published", Folder: dest})
}
