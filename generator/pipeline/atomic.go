package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"gen/generator/diag"
	"gen/generator/output"
	"gen/generator/parallel"
)

func atomicAdd(n *int64) int64 { return atomic.AddInt64(n, 1) }

// ToDir builds into a new folder beside dest and, only when the build
// succeeded, swaps it in for dest. A failed build removes its folder and
// leaves dest as it was; a killed one leaves at worst a ".<name>.tmp-…"
// folder beside dest, which the next build clears away.
func ToDir(ctx context.Context, opts Options, dest string) (*Result, error) {
	dest = filepath.Clean(dest)
	parent, name := filepath.Dir(dest), filepath.Base(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	clearStale(parent, name)
	tmp, err := os.MkdirTemp(parent, "."+name+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a folder beside %s: %w", dest, err)
	}
	opts.Out = output.NewDir(tmp)
	res, err := Build(ctx, opts)
	if err != nil {
		removeTree(tmp)
		return res, err
	}
	old, err := swap(tmp, dest)
	if err != nil {
		removeTree(tmp)
		return res, err
	}
	if old != "" {
		// The new build is in place: a file of the old one held open (on
		// Windows, say) is not a failed build, only something left over.
		if err := removeTree(old); err != nil {
			res.Warnings = append(res.Warnings, diag.Warning(fmt.Errorf("the previous build could not be removed entirely, %s is left (a build an hour from now removes it): %w", old, err)))
		}
	}
	return res, nil
}

// swap puts the folder new in place of dest: dest moves aside, new moves in.
// It returns where the old one went ("" when there was none), for the
// caller to remove. Between the two renames dest does not exist for a
// moment, but it is never half-written.
func swap(newDir, dest string) (string, error) {
	if err := os.Chmod(newDir, 0o755); err != nil {
		return "", err
	}
	old := ""
	if _, err := os.Stat(dest); err == nil {
		old = fmt.Sprintf("%s.old-%d", filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)), time.Now().UnixNano())
		if err := os.Rename(dest, old); err != nil {
			return "", fmt.Errorf("cannot move the previous %s aside (is a file in it open?): %w", dest, err)
		}
	}
	if err := os.Rename(newDir, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
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

// clearStale removes folders left by killed builds. Only folders more than
// an hour old are removed, so a build running at the same time is safe.
func clearStale(parent, name string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(n, "."+name+".tmp-") || strings.HasPrefix(n, "."+name+".old-")) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
			removeTree(filepath.Join(parent, n))
		}
	}
}
