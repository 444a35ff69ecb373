package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gen/generator/parallel"
)

// file is one file of the build: its name, size and SHA-256 (hex).
type file struct {
	name string
	size int64
	sum  string
}

// destState is what dest holds before the publish.
type destState struct {
	files map[string]int64 // by slash name; -1 for what is not a regular file
	dirs  []string
	temps []string // leftovers of a killed publish
}

// scanDest lists dest without following symbolic links: a link is a file
// to replace or remove, never a way out of dest.
func scanDest(dest string) (*destState, error) {
	st := &destState{files: map[string]int64{}}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dest, p)
		if err != nil || rel == "." {
			return err
		}
		name := filepath.ToSlash(rel)
		switch {
		case strings.HasPrefix(d.Name(), tempPrefix) && !d.IsDir():
			st.temps = append(st.temps, name)
		case name == ManifestName || name == LockName:
		case d.IsDir():
			st.dirs = append(st.dirs, name)
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			st.files[name] = info.Size()
		default:
			st.files[name] = -1
		}
		return nil
	})
	return st, err
}

// hashBuild reads every file of the build once, in parallel, for its size
// and hash.
func hashBuild(ctx context.Context, src Source, names []string) ([]file, error) {
	files := make([]file, len(names))
	errs := make([]error, len(names))
	err := parallel.For(ctx, len(names), func(i int) {
		files[i].name = names[i]
		r, err := src.Open(names[i])
		if err != nil {
			errs[i] = err
			return
		}
		defer r.Close()
		files[i].size, files[i].sum, errs[i] = hashReader(r)
	})
	if err != nil {
		return nil, err
	}
	for i, e := range errs {
		if e != nil {
			return nil, fmt.Errorf("reading the build's %s: %w", names[i], e)
		}
	}
	return files, nil
}

func hashReader(r io.Reader) (int64, string, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

func hashFile(p string) (int64, string, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	return hashReader(f)
}

// plan is what a publish will do.
type plan struct {
	copy      []file   // in the order they are written
	unchanged []file   // already in dest
	remove    []string // in the order they are removed
	// keep is the manifest of what stays untouched: written before the
	// first change, so that the manifest in dest never vouches for a file
	// this publish is about to replace.
	keep *Manifest
	// foreign counts the removed files that no manifest listed.
	foreign     int
	removeBytes int64
}

// makePlan compares the build with dest. A file the manifest lists at the
// size dest has is trusted to have the manifest's hash (dest is not read).
// A file the manifest does not list, or lists at another size (changed
// behind gen's back), is read and hashed when its size is the new size,
// else simply copied.
func makePlan(ctx context.Context, dest string, build []file, st *destState, old *Manifest) (*plan, error) {
	p := &plan{keep: &Manifest{Format: manifestFormat, Files: map[string]Entry{}}}
	var unknown []file
	for _, f := range build {
		size, there := st.files[f.name]
		m, listed := old.Files[f.name]
		switch {
		case !there:
			p.copy = append(p.copy, f)
		case listed && m.Size == size && size >= 0:
			p.sort(f, m.SHA256 == f.sum)
		case size == f.size:
			unknown = append(unknown, f)
		default:
			p.copy = append(p.copy, f)
		}
	}
	sums := make([]string, len(unknown))
	err := parallel.For(ctx, len(unknown), func(i int) {
		_, sums[i], _ = hashFile(filepath.Join(dest, filepath.FromSlash(unknown[i].name)))
	})
	if err != nil {
		return nil, err
	}
	for i, f := range unknown {
		p.sort(f, sums[i] == f.sum)
	}
	inBuild := make(map[string]bool, len(build))
	folded := make(map[string]string, len(build))
	for _, f := range build {
		inBuild[f.name] = true
		folded[strings.ToLower(f.name)] = f.name
	}
	dirs := folders(build)
	for name, size := range st.files {
		// a file where the build has a folder is replaced when the
		// folder is made (writer.mkdirs)
		if !inBuild[name] && !dirs[name] && !foldTwin(dest, name, folded) {
			p.remove = append(p.remove, name)
			p.removeBytes += max(size, 0)
			if _, listed := old.Files[name]; !listed {
				p.foreign++
			}
		}
	}
	order(p.copy)
	orderRemovals(p.remove)
	return p, nil
}

// folders is every folder of the files in the lists.
func folders(lists ...[]file) map[string]bool {
	dirs := map[string]bool{}
	for _, list := range lists {
		for _, f := range list {
			for d := path.Dir(f.name); d != "." && !dirs[d]; d = path.Dir(d) {
				dirs[d] = true
			}
		}
	}
	return dirs
}

// sort files f as unchanged (and trusted by the next manifest) or to copy.
func (p *plan) sort(f file, same bool) {
	if same {
		p.unchanged = append(p.unchanged, f)
		p.keep.Files[f.name] = Entry{Size: f.size, SHA256: f.sum}
		return
	}
	p.copy = append(p.copy, f)
}

// foldTwin reports whether name, found in dest, is a file of the build
// spelled in another letter case on a case-insensitive share ("Index.html"
// for "index.html"): one file, which must not be removed.
func foldTwin(dest, name string, folded map[string]string) bool {
	b, ok := folded[strings.ToLower(name)]
	if !ok {
		return false
	}
	a, errA := os.Lstat(filepath.Join(dest, filepath.FromSlash(name)))
	c, errC := os.Lstat(filepath.Join(dest, filepath.FromSlash(b)))
	return errA == nil && errC == nil && os.SameFile(a, c)
}

// order sorts the files to copy so that no page is written before the
// files it uses: first everything that is not a page (style sheets,
// scripts, the search index, pictures, attachments), then the pages, the
// deepest first (entries before the lists that link to them), and the
// home page last, so a reader who opens the archive mid-publish finds
// every link of the home page working.
func order(files []file) {
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].name, files[j].name
		if ga, gb := group(a), group(b); ga != gb {
			return ga < gb
		}
		if da, db := strings.Count(a, "/"), strings.Count(b, "/"); da != db {
			return da > db
		}
		return a < b
	})
}

func group(name string) int {
	switch {
	case name == "index.html":
		return 2
	case isPage(name):
		return 1
	}
	return 0
}

func isPage(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// orderRemovals removes pages first, so no remaining page links to a file
// already gone, then the rest.
func orderRemovals(names []string) {
	sort.SliceStable(names, func(i, j int) bool {
		pi, pj := isPage(names[i]), isPage(names[j])
		if pi != pj {
			return pi
		}
		return names[i] < names[j]
	})
}
