package serve

import (
	"context"
	"io/fs"
	"path/filepath"
	"time"
)

// poller finds changes under a folder by reading it again every interval
// and comparing: the fallback where file-system events do not arrive
// (network drives and file shares, or the OS limit on watches reached), as
// Hugo's watcher/filenotify poller is. Modification times on a share are
// coarse, so a change of size counts too.
type poller struct {
	root     string
	interval time.Duration
	ignore   func(rel string, dir bool) bool
}

// fileState is what a poll compares of a file or folder.
type fileState struct {
	size  int64
	mtime time.Time
	dir   bool
}

// run calls note with the paths (slash-separated, relative to the root)
// that appeared, changed or disappeared since the poll before, until ctx
// is done. The first snapshot is taken at once.
func (p *poller) run(ctx context.Context, note func(paths ...string)) {
	prev := p.snapshot()
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := p.snapshot()
		if changed := diffStates(prev, cur); len(changed) > 0 {
			note(changed...)
		}
		prev = cur
	}
}

// diffStates lists the paths that are in only one of prev and cur, or
// differ.
func diffStates(prev, cur map[string]fileState) []string {
	var changed []string
	for p, st := range cur {
		if old, ok := prev[p]; !ok || old != st {
			changed = append(changed, p)
		}
	}
	for p := range prev {
		if _, ok := cur[p]; !ok {
			changed = append(changed, p)
		}
	}
	return changed
}

// snapshot records size and modification time of everything under root
// that is not ignored.
func (p *poller) snapshot() map[string]fileState {
	m := map[string]fileState{}
	_ = filepath.WalkDir(p.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == p.root {
			return nil
		}
		rel := relTo(p.root, path)
		if p.ignore(rel, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		m[rel] = fileState{size: info.Size(), mtime: info.ModTime(), dir: d.IsDir()}
		return nil
	})
	return m
}

// relTo is p relative to root, slash-separated.
func relTo(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}
