package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
//
// The recursive fsnotify watch is here; the polling fallback is poller
// (poll.go) and the gathering of events into bursts is batcher (batch.go).
type Watcher struct {
	Changes <-chan []string
	root    string
	opts    WatchOptions
	batch   *batcher
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
	w := &Watcher{root: root, opts: opts, batch: newBatcher(opts.Quiet)}
	w.Changes = w.batch.out
	go w.batch.run(ctx)
	poll := func() {
		p := &poller{root: root, interval: opts.Interval, ignore: opts.Ignore}
		go p.run(ctx, w.batch.add)
	}
	if opts.Poll {
		poll()
		return w, nil
	}
	if reason := remoteReason(root); reason != "" {
		opts.Notice(fmt.Sprintf("watching by polling every %v: %s", opts.Interval, reason))
		poll()
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
		poll()
		return w, nil
	}
	go w.events(ctx, fw)
	return w, nil
}

func (w *Watcher) rel(p string) string { return relTo(w.root, p) }

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
				w.batch.lose()
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
		w.batch.add(w.filesUnder(ev.Name)...)
	}
	w.batch.add(rel)
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
