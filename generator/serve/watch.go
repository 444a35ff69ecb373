package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions configure Watch.
type WatchOptions struct {
	Poll     bool          // poll even where file-system events work
	Interval time.Duration // between polls (default 500ms)
	Quiet    time.Duration // a burst of events ends after this long without one (default 10ms)
	// Ignore tells whether a path (slash-separated, relative to the root)
	// is not part of the site: build output, hidden and editor files.
	Ignore func(rel string, dir bool) bool
	// Notice is told, once, when watching falls back to polling, and why.
	Notice func(msg string)
}

// Watcher reports changes under a folder. Each value of Changes is one
// burst of changes: the paths (slash-separated, relative to the root) of
// files and folders created, written, renamed or removed. A nil value means
// changes were lost (the event queue overflowed) and everything must be
// read again.
type Watcher struct {
	Changes <-chan []string
	changes chan []string
	root    string
	opts    WatchOptions

	mu      sync.Mutex
	pending map[string]bool
	lost    bool
	kick    chan struct{}
}

// Watch watches root and everything below it — folders created later too —
// until ctx is done. fsnotify does not watch sub-folders by itself
// (https://github.com/fsnotify/fsnotify/issues/18), so every folder is added
// on its own, and a folder that appears is added and read, since files may
// have been written into it before its watch began. An editor's save by
// rename (vim, VS Code) or by delete-then-create shows up as events on the
// file's path, which is all the build needs. Where events do not arrive —
// network drives and file shares, or when the OS limit on watches is
// reached — Watch polls instead and says so once through opts.Notice.
func Watch(ctx context.Context, root string, opts WatchOptions) (*Watcher, error) {
	if opts.Interval == 0 {
		opts.Interval = 500 * time.Millisecond
	}
	if opts.Quiet == 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	if opts.Ignore == nil {
		opts.Ignore = func(string, bool) bool { return false }
	}
	if opts.Notice == nil {
		opts.Notice = func(string) {}
	}
	w := &Watcher{changes: make(chan []string), root: root, opts: opts, pending: map[string]bool{}, kick: make(chan struct{}, 1)}
	w.Changes = w.changes
	go w.deliver(ctx)
	if opts.Poll {
		go w.poll(ctx)
		return w, nil
	}
	if reason := remoteReason(root); reason != "" {
		opts.Notice(fmt.Sprintf("watching by polling every %v: %s", opts.Interval, reason))
		go w.poll(ctx)
		return w, nil
	}
	fw, err := fsnotify.NewWatcher()
	if err == nil {
		err = w.addTree(fw, root)
		if err != nil {
			fw.Close()
		}
	}
	if err != nil {
		opts.Notice(fmt.Sprintf("watching by polling every %v: file-system events are not available (%v)", opts.Interval, err))
		go w.poll(ctx)
		return w, nil
	}
	go w.events(ctx, fw)
	return w, nil
}

func (w *Watcher) rel(p string) string {
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// addTree watches dir and every folder below it that is not ignored.
func (w *Watcher) addTree(fw *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished meanwhile
		}
		if !d.IsDir() {
			return nil
		}
		if p != w.root && w.opts.Ignore(w.rel(p), true) {
			return filepath.SkipDir
		}
		return fw.Add(p)
	})
}

// note adds changed paths to the burst being collected.
func (w *Watcher) note(paths ...string) {
	w.mu.Lock()
	for _, p := range paths {
		w.pending[p] = true
	}
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

func (w *Watcher) noteLost() {
	w.mu.Lock()
	w.lost = true
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// deliver waits for a burst to end (no event for Quiet) and hands it over;
// while the receiver is busy, later changes join the next burst.
func (w *Watcher) deliver(ctx context.Context) {
	defer close(w.changes)
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.kick:
		}
		quiet := time.NewTimer(w.opts.Quiet)
	burst:
		for {
			select {
			case <-ctx.Done():
				quiet.Stop()
				return
			case <-w.kick:
				quiet.Reset(w.opts.Quiet)
			case <-quiet.C:
				break burst
			}
		}
		w.mu.Lock()
		var batch []string
		if !w.lost {
			batch = make([]string, 0, len(w.pending))
			for p := range w.pending {
				batch = append(batch, p)
			}
			sort.Strings(batch)
		}
		w.pending, w.lost = map[string]bool{}, false
		w.mu.Unlock()
		if batch != nil && len(batch) == 0 {
			continue
		}
		select {
		case w.changes <- batch:
		case <-ctx.Done():
			return
		}
	}
}

func (w *Watcher) events(ctx context.Context, fw *fsnotify.Watcher) {
	defer fw.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-fw.Events:
			if !ok {
				return
			}
			w.event(fw, ev)
		case err, ok := <-fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.noteLost()
			}
		}
	}
}

func (w *Watcher) event(fw *fsnotify.Watcher, ev fsnotify.Event) {
	rel := w.rel(ev.Name)
	if rel == "." || strings.HasPrefix(rel, "../") {
		return
	}
	info, statErr := os.Lstat(ev.Name)
	isDir := statErr == nil && info.IsDir()
	if w.opts.Ignore(rel, isDir) {
		return
	}
	if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Create) {
		return // permission or timestamp change only (and the Chmod a delete sends first)
	}
	if isDir && ev.Has(fsnotify.Create) {
		if err := w.addTree(fw, ev.Name); err != nil {
			w.opts.Notice(fmt.Sprintf("could not watch the new folder %s (%v): changes in it may be missed; restart gen serve with --poll", rel, err))
		}
		w.note(w.filesUnder(ev.Name)...)
	}
	w.note(rel)
}

// filesUnder lists the files below dir, as changed paths.
func (w *Watcher) filesUnder(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel := w.rel(p)
		if w.opts.Ignore(rel, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			out = append(out, rel)
		}
		return nil
	})
	return out
}

type fileState struct {
	size  int64
	mtime time.Time
	dir   bool
}

// snapshot records size and modification time of everything under root.
func (w *Watcher) snapshot() map[string]fileState {
	m := map[string]fileState{}
	_ = filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == w.root {
			return nil
		}
		rel := w.rel(p)
		if w.opts.Ignore(rel, d.IsDir()) {
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

// poll compares snapshots every Interval. Modification times on a share
// are coarse, so a size change counts too.
func (w *Watcher) poll(ctx context.Context) {
	prev := w.snapshot()
	t := time.NewTicker(w.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := w.snapshot()
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
		prev = cur
		if len(changed) > 0 {
			w.note(changed...)
		}
	}
}
