// Package publish is gen publish: it brings a destination folder — usually
// a Windows file share mounted on the writer's machine — to exactly a
// finished build, copying only what changed, so people browsing the share
// never see a broken or half-written archive.
//
// In: a Source (the build; check.Output is one) and Options. Out: a
// Summary of what was copied, left unchanged and removed.
//
// What a publish does, in order:
//
//  1. Refuses a dest that is the site folder, inside it or above it
//     (CheckDest), and a dest that is not empty and has no manifest unless
//     Force is set (it would replace or remove files gen did not put there).
//  2. Takes the lock file .gen-publish.lock in dest (process id, host, start
//     time). A second publish waits up to Options.Wait, then refuses saying
//     who holds it. A lock whose process is gone (same host) or older than
//     Options.StaleAfter (default two hours; any host) is taken over, so a
//     crashed publish never blocks forever.
//  3. Hashes every file of the build (SHA-256; modification times on shares
//     are unreliable) and compares with the manifest .gen-manifest.json,
//     which records the size and hash of every published file. Policy: a
//     file the manifest lists is trusted when its size in dest is the
//     listed size — dest is not read. A file missing from dest, or whose
//     size differs (changed behind gen's back), is copied; a file the
//     manifest does not list but that has the new size is read and hashed
//     once. A change on the share that keeps the exact size goes unnoticed;
//     to re-read every file, delete the manifest and publish with Force.
//  4. Removes temporary files left by a killed publish (.gen-tmp-*).
//  5. Rewrites the manifest without the files it is about to replace or
//     remove, then copies the changed files: each is written under a
//     temporary name in its own folder, flushed (fsync), and renamed over
//     the real name. Files other than pages first (style sheets, scripts,
//     search index, pictures, attachments), then pages, deepest first, and
//     the home page index.html last.
//  6. Removes the files no longer in the build (pages first), then the
//     folders left empty — only ever paths found inside dest, never dest
//     itself, never through a symbolic link.
//  7. Writes the new manifest (temporary name, flush, rename) and releases
//     the lock.
//
// Why a kill at any point is safe: a file under its real name only ever
// changes by a rename of a complete, flushed file, or disappears; so it is
// the old version or the new. The manifest is replaced the same way, and
// at every moment lists only files whose content in dest it states
// correctly (step 5 drops the files about to change before any changes),
// so the next publish never skips a file it should copy. Running gen
// publish again removes the leftovers and finishes the job.
//
// DryRun computes the same plan, reads dest and changes nothing (it takes
// no lock).
package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gen/generator/parallel"
)

// Source is a finished build.
type Source interface {
	Names() []string // every file, slash-separated, relative to the build's top
	Open(name string) (io.ReadCloser, error)
}

// Options say where and how to publish.
type Options struct {
	Dest   string // the destination folder; made if its parent exists
	Site   string // the site folder, refused as dest (CheckDest); "" skips the test
	DryRun bool
	// Force publishes into a folder that is not empty and has no manifest
	// (its files not in the build are removed).
	Force bool
	// Wait is how long to wait for another publish's lock (0: refuse at once).
	Wait time.Duration
	// StaleAfter is the age after which a lock is stale whatever its
	// host (default 2h).
	StaleAfter time.Duration
	// Hook, for tests, is told of every change before it is made (see the
	// Op constants); an error stops the publish there, as a kill would.
	// Files are copied in parallel, so it is called from several
	// goroutines at once.
	Hook func(op, name string) error
}

// Summary says what a publish did (or, in a dry run, would do).
type Summary struct {
	Copied, Unchanged, Removed                int
	CopiedBytes, UnchangedBytes, RemovedBytes int64
	CopiedNames, RemovedNames                 []string // in the order of the changes
	Foreign                                   int      // removed files no manifest listed (with Force)
	Cleaned                                   int      // leftover temporary files removed
	Took                                      time.Duration
}

// ErrNotOurs is returned for a dest that has files but no manifest.
var ErrNotOurs = errors.New("not empty and not published by gen")

// Publish brings opts.Dest to exactly the build src.
func Publish(ctx context.Context, src Source, opts Options) (*Summary, error) {
	start := time.Now()
	dest, err := prepare(src, &opts)
	if err != nil {
		return nil, err
	}
	if !opts.DryRun {
		l, err := acquire(ctx, dest, opts.Wait, opts.StaleAfter)
		if err != nil {
			return nil, err
		}
		defer l.Release()
	}
	old, p, st, err := survey(ctx, src, dest, opts)
	if err != nil {
		return nil, err
	}
	sum := summarize(p)
	if !opts.DryRun {
		w := &writer{dest: dest, src: src, hook: opts.Hook, dirs: map[string]bool{}}
		if err := apply(ctx, w, p, st, old, sum); err != nil {
			return sum, err
		}
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// prepare checks opts and makes dest when it does not exist.
func prepare(src Source, opts *Options) (string, error) {
	dest, err := filepath.Abs(opts.Dest)
	if err != nil {
		return "", err
	}
	if opts.Site != "" {
		if err := CheckDest(opts.Site, dest); err != nil {
			return "", err
		}
	}
	if opts.StaleAfter <= 0 {
		opts.StaleAfter = 2 * time.Hour
	}
	for _, n := range src.Names() {
		if !fs.ValidPath(n) || n == "." || !inside(dest, n) {
			return "", fmt.Errorf("the build has a file named %q, which cannot be written inside %s", n, dest)
		}
		if strings.HasPrefix(path.Base(n), tempPrefix) || n == ManifestName || n == LockName {
			return "", fmt.Errorf("the build has a file named %q, which gen publish cannot write (names starting with .gen- are its own)", n)
		}
	}
	info, err := os.Stat(dest)
	switch {
	case err == nil && !info.IsDir():
		return "", fmt.Errorf("%s is a file, not a folder", dest)
	case errors.Is(err, fs.ErrNotExist):
		if _, perr := os.Stat(filepath.Dir(dest)); perr != nil {
			return "", fmt.Errorf("%s does not exist, nor its parent folder (is the share mounted?)", dest)
		}
		if !opts.DryRun {
			if err := os.Mkdir(dest, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return "", err
			}
		}
	case err != nil:
		return "", err
	}
	return dest, nil
}

// inside reports whether the slash path name stays inside dest on this
// system: on Windows a backslash is a separator too (`a\..\..\x` would
// climb out) and ":" names a drive or a stream.
func inside(dest, name string) bool {
	if runtime.GOOS == "windows" && strings.ContainsAny(name, `\:`) {
		return false
	}
	rel, err := filepath.Rel(dest, filepath.Join(dest, filepath.FromSlash(name)))
	return err == nil && rel != "." && !filepath.IsAbs(rel) && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// survey reads the manifest and dest, hashes the build and makes the plan.
func survey(ctx context.Context, src Source, dest string, opts Options) (*Manifest, *plan, *destState, error) {
	old, found, err := readManifest(dest)
	if err != nil && !opts.Force {
		return nil, nil, nil, err
	}
	if err != nil { // damaged, and Force: read every file
		old, found = &Manifest{Files: map[string]Entry{}}, false
	}
	st := &destState{files: map[string]int64{}}
	if _, err := os.Stat(dest); err == nil {
		if st, err = scanDest(dest); err != nil {
			return nil, nil, nil, err
		}
	}
	if !found && len(st.files)+len(st.dirs) > 0 && !opts.Force {
		return nil, nil, nil, fmt.Errorf("%s is %w (no %s): publishing would replace or remove its %d files; use --force if that is what you want",
			dest, ErrNotOurs, ManifestName, len(st.files))
	}
	build, err := hashBuild(ctx, src, src.Names())
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := makePlan(ctx, dest, build, st, old)
	return old, p, st, err
}

func summarize(p *plan) *Summary {
	s := &Summary{Copied: len(p.copy), Unchanged: len(p.unchanged), Removed: len(p.remove),
		RemovedBytes: p.removeBytes, Foreign: p.foreign}
	for _, f := range p.copy {
		s.CopiedBytes += f.size
		s.CopiedNames = append(s.CopiedNames, f.name)
	}
	for _, f := range p.unchanged {
		s.UnchangedBytes += f.size
	}
	s.RemovedNames = append(s.RemovedNames, p.remove...)
	return s
}

// apply makes the changes of the plan, in the order the package comment
// gives.
func apply(ctx context.Context, w *writer, p *plan, st *destState, old *Manifest, sum *Summary) error {
	for _, t := range st.temps {
		if err := w.tell(OpClean, t); err != nil {
			return err
		}
		if err := os.Remove(w.abs(t)); err == nil {
			sum.Cleaned++
		}
	}
	if len(p.copy) == 0 && len(p.remove) == 0 && sameManifest(old, p.keep) {
		return nil
	}
	if err := w.writeManifest(p.keep); err != nil {
		return fmt.Errorf("writing the manifest: %w", err)
	}
	final := &Manifest{Format: manifestFormat, Files: make(map[string]Entry, len(p.keep.Files)+len(p.copy))}
	for k, v := range p.keep.Files {
		final.Files[k] = v
	}
	if err := copyAll(ctx, w, p.copy, final); err != nil {
		return err
	}
	for _, name := range p.remove {
		if err := w.remove(name); err != nil {
			return fmt.Errorf("removing %s: %w", name, err)
		}
	}
	if err := w.rmdirs(append(st.dirs, parents(p.remove)...), folders(p.copy, p.unchanged)); err != nil {
		return err
	}
	return w.writeManifest(final)
}

// copyAll copies the files in their order. Each group — assets, pages,
// the home page — is copied in parallel and finished before the next
// starts, so no page is in place before the files it uses.
func copyAll(ctx context.Context, w *writer, files []file, m *Manifest) error {
	for start := 0; start < len(files); {
		end := start
		for end < len(files) && group(files[end].name) == group(files[start].name) {
			end++
		}
		batch := files[start:end]
		entries := make([]Entry, len(batch))
		errs := make([]error, len(batch))
		if err := parallel.For(ctx, len(batch), func(i int) {
			entries[i], errs[i] = w.copy(batch[i])
		}); err != nil {
			return err
		}
		for i, f := range batch {
			if errs[i] != nil {
				if errors.Is(errs[i], errHook) {
					return errs[i]
				}
				return fmt.Errorf("copying %s: %w", f.name, errs[i])
			}
			m.Files[f.name] = entries[i]
		}
		start = end
	}
	return nil
}

func sameManifest(a, b *Manifest) bool {
	if len(a.Files) != len(b.Files) {
		return false
	}
	for k, v := range a.Files {
		if b.Files[k] != v {
			return false
		}
	}
	return true
}

// parents lists the folders of the given files.
func parents(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		for d := path.Dir(n); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}
