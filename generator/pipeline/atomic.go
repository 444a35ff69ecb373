package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"gen/generator/diag"
	"gen/generator/dirlock"
	"gen/generator/output"
	"gen/generator/parallel"
)

func atomicAdd(n *int64) int64 { return atomic.AddInt64(n, 1) }

// How a build replaces its output folder, so that at every moment — a kill
// at any instant included — there is exactly one whole output:
//
//   - the build holds the lock file .<name>.lock beside dest (dirlock): a
//     second build into the same folder waits for it, and every
//     .<name>.tmp-…, .new-… or .old-… folder found beside dest while the
//     lock is held was left by a run that is gone, and is removed;
//   - the new build is written to .<name>.tmp-… and, once whole, renamed
//     .<name>.new-…;
//   - on Linux the new folder and dest are exchanged in one step
//     (renameat2 with RENAME_EXCHANGE): dest is never missing. Elsewhere (or
//     on a file system that cannot exchange) dest is renamed .<name>.old-…
//     and the new folder renamed dest; a kill between the two leaves no
//     dest, and the next run of gen restores it (Recover) before anything
//     else, from the .new- folder (whole, or it would not have that name),
//     else from the .old- one;
//   - the previous build is removed last; one that cannot be removed (a
//     file held open on Windows) is a warning, and the next build removes it.

// lockWait is how long a build waits for another build of the same folder.
const lockWait = 10 * time.Minute

// testHooks lets this package's tests stop a build at a moment of the swap;
// nil in every real build.
type testHooks struct {
	beforeSwap func()
	midSwap    func() // between the two renames, where there is no exchange
	noExchange bool
}

// ToDir builds into a new folder beside dest and, only when the build
// succeeded, swaps it in for dest (see above). A failed build removes its
// folder and leaves dest as it was.
func ToDir(ctx context.Context, opts Options, dest string) (*Result, error) {
	dest = filepath.Clean(dest)
	parent, name := filepath.Dir(dest), filepath.Base(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	lock, err := dirlock.Acquire(ctx, lockPath(dest), dirlock.Options{Wait: lockWait, StaleAfter: 24 * time.Hour, Doing: "built", Folder: dest})
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	recoverDest(dest)
	tmp, err := os.MkdirTemp(parent, "."+name+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a folder beside %s: %w", dest, err)
	}
	dir := output.NewDir(tmp)
	dir.Prev = dest // unchanged large files are linked from the previous build (output.Dir)
	opts.Out = dir
	res, err := Build(ctx, opts)
	if wanted, full := dir.Full(); full != nil {
		removeTree(tmp)
		return res, fullError(dest, wanted, full)
	}
	if err != nil {
		removeTree(tmp)
		return res, err
	}
	old, err := swap(tmp, dest, opts.hooks)
	if err != nil {
		removeTree(tmp)
		return res, err
	}
	if old != "" {
		// The new build is in place: a file of the old one held open (on
		// Windows, say) is not a failed build, only something left over.
		if err := removeTree(old); err != nil {
			res.Warnings = append(res.Warnings, diag.Warning(fmt.Errorf("the previous build could not be removed entirely, %s is left (the next build removes it): %w", old, err)))
		}
	}
	return res, nil
}

func lockPath(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".lock")
}

// fullError is the one line a build into a full disk ends with.
func fullError(dest string, wanted int64, err error) error {
	msg := fmt.Sprintf("the disk is full: the build needs %s", mb(wanted))
	if free, ok := output.Free(filepath.Dir(dest)); ok {
		msg += fmt.Sprintf(" and %s is free there", mb(free))
	}
	msg += "; make room, or build elsewhere with --destination (" + dest + " was left as it was)"
	return &diag.Error{Path: dest, Msg: msg, Err: err}
}

func mb(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// Recover makes sure dest is whole before a command reads or replaces it:
// after a build killed in the middle of a swap (where the platform cannot
// exchange two folders in one step) dest is missing and is put back; work
// folders of runs that are gone are removed. It does nothing while another
// build of dest runs (that build does the same when it starts).
func Recover(dest string) {
	dest = filepath.Clean(dest)
	if len(leftovers(filepath.Dir(dest), filepath.Base(dest))) == 0 {
		return // the usual case: one ReadDir, no lock file made
	}
	lock, err := dirlock.Acquire(context.Background(), lockPath(dest), dirlock.Options{StaleAfter: 24 * time.Hour, Doing: "built", Folder: dest})
	if err != nil {
		return
	}
	defer lock.Release()
	recoverDest(dest)
}

// recoverDest does Recover's work; the caller holds the lock.
func recoverDest(dest string) {
	parent, name := filepath.Dir(dest), filepath.Base(dest)
	left := leftovers(parent, name)
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		for _, kind := range []string{".new-", ".old-"} { // the newest whole build first
			if p := newestFolder(left, "."+name+kind); p != "" && os.Rename(p, dest) == nil {
				break
			}
		}
	}
	for _, p := range leftovers(parent, name) {
		removeTree(p)
	}
}

// leftovers lists the work folders of earlier runs beside dest.
func leftovers(parent, name string) []string {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		for _, kind := range []string{".tmp-", ".new-", ".old-"} {
			if e.IsDir() && strings.HasPrefix(n, "."+name+kind) {
				out = append(out, filepath.Join(parent, n))
			}
		}
	}
	return out
}

// newestFolder is the last of the folders with the prefix, by their names' time
// stamps (UnixNano, fixed width).
func newestFolder(paths []string, prefix string) string {
	var match []string
	for _, p := range paths {
		if strings.HasPrefix(filepath.Base(p), prefix) {
			match = append(match, p)
		}
	}
	sort.Strings(match)
	if len(match) == 0 {
		return ""
	}
	return match[len(match)-1]
}

// swap puts the folder newDir in place of dest and returns where the old
// one went ("" when there was none), for the caller to remove.
func swap(newDir, dest string, hooks *testHooks) (string, error) {
	if err := os.Chmod(newDir, 0o755); err != nil {
		return "", err
	}
	base := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest))
	stamp := fmt.Sprintf("%020d", time.Now().UnixNano())
	whole := base + ".new-" + stamp
	if err := os.Rename(newDir, whole); err != nil {
		return "", fmt.Errorf("cannot put the new build in place of %s: %w", dest, err)
	}
	if hooks != nil && hooks.beforeSwap != nil {
		hooks.beforeSwap()
	}
	if _, err := os.Lstat(dest); err != nil {
		if err := os.Rename(whole, dest); err != nil {
			return "", fmt.Errorf("cannot put the new build in place of %s: %w", dest, err)
		}
		return "", nil
	}
	old := base + ".old-" + stamp
	if hooks == nil || !hooks.noExchange {
		if exchange(whole, dest) == nil { // whole now holds the previous build
			if os.Rename(whole, old) != nil {
				return whole, nil
			}
			return old, nil
		}
	}
	if err := os.Rename(dest, old); err != nil {
		os.Rename(whole, newDir) // for the caller to remove
		return "", fmt.Errorf("cannot move the previous %s aside (is a file in it open?): %w", dest, err)
	}
	if hooks != nil && hooks.midSwap != nil {
		hooks.midSwap()
	}
	if err := os.Rename(whole, dest); err != nil {
		os.Rename(old, dest)
		os.Rename(whole, newDir)
		return "", fmt.Errorf("cannot put the new build in place of %s: %w", dest, err)
	}
	return old, nil
}

// removeTree removes dir and everything in it, the folders two levels down
// on every core: removing a tree is the kernel's work, one file at a time,
// and the previous build of a 50,000-entry archive is 120,000 files and
// folders (1.5 s on one core).
func removeTree(dir string) error {
	var parts []string
	top, _ := os.ReadDir(dir)
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			parts = append(parts, p)
			continue
		}
		sub, _ := os.ReadDir(p)
		for _, f := range sub {
			parts = append(parts, filepath.Join(p, f.Name()))
		}
	}
	errs := make([]error, len(parts))
	parallel.For(context.Background(), len(parts), func(i int) {
		errs[i] = os.RemoveAll(parts[i])
	})
	for _, err := range errs {
		if err != nil {
			return err // the first; the others are most likely the same
		}
	}
	return os.RemoveAll(dir)
}
