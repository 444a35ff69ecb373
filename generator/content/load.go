package content

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"gen/generator/config"
	"gen/generator/diag"
	"gen/generator/fastio"
	"gen/generator/parallel"
)

// Options changes what Load keeps.
type Options struct {
	Drafts bool // keep entries with draft = true
	// Reuse, when set, is asked for each entry file before it is read. It
	// returns the entry parsed from the same, unchanged file by an earlier
	// Load (gen serve knows which files changed), or nil to read the file.
	Reuse func(path string) *Entry
	// Tree, when set, is an earlier Load's scan of the same files (no file
	// added or removed since), used instead of walking the folder again.
	Tree *Tree
	// Prev and Changed, when Prev was loaded from Tree with the same
	// Drafts, say that only the entry files Changed (paths relative to
	// content/) differ from what Prev read: Load then reads those alone
	// and takes the rest from Prev, in time proportional to the change
	// rather than to the archive (gen serve at 50,000 entries).
	Prev    *Library
	Changed []string
}

// Has reports whether p (relative to content/) is an entry of the tree.
func (t *Tree) Has(p string) bool {
	_, ok := t.entryIndex[p]
	return ok
}

// Load reads every entry of fsys (rooted at content/) in parallel. The error is
// a diag.List of every broken file; warnings are problems that do not stop a
// build (a Markdown file outside any section, say).
func Load(ctx context.Context, fsys fs.FS, cfg *config.Config, opts Options) (*Library, []error, error) {
	lib := &Library{}
	var warns []error
	var errs diag.List
	scan := opts.Tree
	if scan == nil {
		var err error
		if scan, err = scanTree(fsys); err != nil {
			return nil, nil, err
		}
	}
	lib.Tree = scan
	for _, name := range scan.sections {
		s, err := readSection(fsys, name, cfg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		lib.Sections = append(lib.Sections, s)
	}
	sort.SliceStable(lib.Sections, func(i, j int) bool {
		a, b := lib.Sections[i], lib.Sections[j]
		if a.Weight != b.Weight {
			return WeightBefore(a.Weight, b.Weight)
		}
		return a.Name < b.Name
	})
	if scan.home {
		h, err := readHome(fsys, cfg)
		if err != nil {
			errs = append(errs, err)
		} else {
			lib.Home = h
		}
	}
	warns = append(warns, scan.warns...)
	lib.Files = scan.files

	if opts.Prev != nil && opts.Tree != nil && opts.Prev.Tree == opts.Tree && opts.Prev.drafts == opts.Drafts {
		errs = append(errs, lib.loadChanged(ctx, fsys, cfg, opts)...)
	} else {
		errs = append(errs, lib.loadAll(ctx, fsys, cfg, opts)...)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if len(errs) > 0 {
		return nil, warns, errs.Err()
	}
	return lib, warns, nil
}

// loadAll reads every entry file of the scan, or takes it from
// opts.Reuse.
func (lib *Library) loadAll(ctx context.Context, fsys fs.FS, cfg *config.Config, opts Options) []error {
	scan := lib.Tree
	entries := make([]*Entry, len(scan.entries))
	failures := make([]error, len(scan.entries))
	// Each file is read into memory reused for the next (an entry keeps
	// nothing of its file's bytes: strings are copied out of them).
	bufs := sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}
	err := parallel.For(ctx, len(scan.entries), func(i int) {
		p := scan.entries[i]
		if opts.Reuse != nil {
			if old := opts.Reuse(p); old != nil {
				if opts.Tree != nil {
					entries[i] = old // the same scan: the same attachments too
					return
				}
				e := *old // shared entries are never changed: copy, then set what the scan found
				e.Attachments = nil
				if e.Bundle {
					e.Attachments = scan.attachments[path.Dir(p)]
				}
				entries[i] = &e
				return
			}
		}
		entries[i], failures[i] = readEntry(fsys, scan, p, cfg, &bufs)
	})
	if err != nil {
		return nil // ctx is done: Load says so
	}
	var errs []error
	lib.all, lib.shown, lib.drafts = entries, make([]int32, len(entries)), opts.Drafts
	lib.Entries = make([]*Entry, 0, len(entries))
	for i, e := range entries {
		lib.shown[i] = -1
		if failures[i] != nil {
			errs = append(errs, diag.Flatten(failures[i])...)
			continue
		}
		if e.Draft && !opts.Drafts {
			continue
		}
		lib.shown[i] = int32(len(lib.Entries))
		lib.Entries = append(lib.Entries, e)
	}
	return errs
}

// loadChanged reads the changed entry files of the scan and takes every
// other entry from opts.Prev, loaded from the same scan. When no changed
// entry came into or went out of the list (by turning draft), the list is
// the previous one with the changed entries put in their places.
func (lib *Library) loadChanged(ctx context.Context, fsys fs.FS, cfg *config.Config, opts Options) []error {
	prev, scan := opts.Prev, lib.Tree
	var idx []int
	for _, p := range opts.Changed {
		if i, ok := scan.entryIndex[p]; ok {
			idx = append(idx, i)
		}
	}
	fresh := make([]*Entry, len(idx))
	failures := make([]error, len(idx))
	bufs := sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}
	if err := parallel.For(ctx, len(idx), func(k int) {
		fresh[k], failures[k] = readEntry(fsys, scan, scan.entries[idx[k]], cfg, &bufs)
	}); err != nil {
		return nil
	}
	var errs []error
	for _, f := range failures {
		if f != nil {
			errs = append(errs, diag.Flatten(f)...)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	lib.all, lib.shown, lib.drafts = slices.Clone(prev.all), prev.shown, prev.drafts
	same := true
	for k, i := range idx {
		lib.all[i] = fresh[k]
		wasShown, isShown := prev.shown[i] >= 0, !fresh[k].Draft || opts.Drafts
		same = same && wasShown == isShown
	}
	if same {
		lib.Entries = slices.Clone(prev.Entries)
		for k, i := range idx {
			if prev.shown[i] >= 0 {
				lib.Entries[prev.shown[i]] = fresh[k]
			}
		}
		return nil
	}
	lib.shown = make([]int32, len(lib.all))
	lib.Entries = make([]*Entry, 0, len(lib.all))
	for i, e := range lib.all {
		lib.shown[i] = -1
		if e.Draft && !opts.Drafts {
			continue
		}
		lib.shown[i] = int32(len(lib.Entries))
		lib.Entries = append(lib.Entries, e)
	}
	return nil
}

// readEntry reads and parses the entry file at p, in a buffer from bufs.
func readEntry(fsys fs.FS, scan *Tree, p string, cfg *config.Config, bufs *sync.Pool) (*Entry, error) {
	buf := bufs.Get().(*[]byte)
	defer bufs.Put(buf)
	src, err := readFile(fsys, p, *buf)
	if err != nil {
		return nil, fileErr(p, err)
	}
	if cap(src) > cap(*buf) {
		*buf = src[:0] // grown for a long file: keep the larger buffer
	}
	e, _, err := Parse(p, src, cfg)
	if err != nil {
		return nil, err
	}
	e.Hash, e.Size = hash(src), int64(len(src))
	e.Attachments = scan.attachments[path.Dir(p)]
	if !e.Bundle {
		e.Attachments = nil
	}
	return e, nil
}

// WeightBefore orders weights: smaller first, and 0 (no weight) after any
// weight, as Hugo does, so weighting one item does not move the rest ahead.
func WeightBefore(a, b int) bool {
	if a == 0 || b == 0 {
		return b == 0 && a != 0
	}
	return a < b
}

// hash tells whether a file changed between builds of one gen serve: two
// CRC-32s, which processors compute at many GB/s (FNV-1a, a byte at a
// time, took a tenth of reading the files).
func hash(b []byte) uint64 {
	return uint64(crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))<<32 | uint64(crc32.ChecksumIEEE(b))
}

// Tree is what a scan of content/ found: which files are sections, entries,
// attachments and loose files. gen serve keeps it between builds and scans
// again only when a file appeared or went.
type Tree struct {
	sections    []string
	home        bool
	entries     []string
	entryIndex  map[string]int          // entry path → its index in entries
	attachments map[string][]Attachment // bundle folder → files
	files       []File
	warns       []error
}

// Ignored reports whether a file or folder name is not content: hidden files,
// editor backups and swap files (so a save in progress is never an entry).
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || strings.HasPrefix(name, "~$") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp")
}

func scanTree(fsys fs.FS) (*Tree, error) {
	r := &Tree{attachments: map[string][]Attachment{}}
	var files []string
	sizes := map[string]int64{}
	bundles := map[string]bool{}
	var links []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fileErr(p, err)
		}
		if p == "." {
			return nil
		}
		if Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if !strings.Contains(p, "/") {
				r.sections = append(r.sections, p)
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			links = append(links, p)
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		files = append(files, p)
		if !strings.HasSuffix(p, ".md") { // sizes of attachments only: a stat per entry would slow serve
			if info, err := d.Info(); err == nil {
				sizes[p] = info.Size()
			}
		}
		if d.Name() == "index.md" && strings.Contains(p, "/") {
			bundles[path.Dir(p)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(links) > 0 {
		r.warns = append(r.warns, symlinkWarning(links))
	}
	for _, p := range files {
		if b := bundleOf(p, bundles); b != "" {
			if p != b+"/index.md" {
				r.attachments[b] = append(r.attachments[b], Attachment{Name: p[len(b)+1:], Path: p, Size: sizes[p]})
				continue
			}
		}
		switch {
		case p == "_index.md":
			r.home = true
		case !strings.HasSuffix(p, ".md"):
			r.files = append(r.files, File{Path: p, Size: sizes[p]})
		case !strings.Contains(p, "/"):
			r.warns = append(r.warns, diag.Errorf(p, 0, "not in a section folder, so not part of the archive (move it into a folder such as reports/)"))
		case path.Base(p) == "_index.md":
			if strings.Count(p, "/") > 1 {
				r.warns = append(r.warns, diag.Errorf(p, 0, "only content/_index.md and content/<section>/_index.md are used; this one is ignored"))
			}
		default:
			r.entries = append(r.entries, p)
		}
	}
	r.entryIndex = make(map[string]int, len(r.entries))
	for i, p := range r.entries {
		r.entryIndex[p] = i
	}
	return r, nil
}

// bundleOf returns the nearest folder above p that holds an index.md.
func bundleOf(p string, bundles map[string]bool) string {
	for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
		if bundles[d] {
			return d
		}
	}
	return ""
}

func readSection(fsys fs.FS, name string, cfg *config.Config) (*Section, error) {
	s := &Section{Name: name, Title: name}
	p := name + "/_index.md"
	src, err := readFile(fsys, p, nil)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	meta, err := readIntro(p, src, cfg)
	if err != nil {
		return nil, err
	}
	s.IntroPath = p
	if meta.title != "" {
		s.Title = meta.title
	}
	s.Weight, s.Params = meta.weight, meta.params
	return s, nil
}

func readHome(fsys fs.FS, cfg *config.Config) (Home, error) {
	src, err := readFile(fsys, "_index.md", nil)
	if err != nil {
		return Home{}, fileErr("_index.md", err)
	}
	meta, err := readIntro("_index.md", src, cfg)
	if err != nil {
		return Home{}, err
	}
	return Home{Title: meta.title, IntroPath: "_index.md", Params: meta.params}, nil
}

type introMeta struct {
	title  string
	weight int
	params map[string]any
}

// readIntro reads the front matter of an _index.md: title, weight, params.
func readIntro(p string, src []byte, cfg *config.Config) (introMeta, error) {
	var m introMeta
	src, err := Normalize(p, src)
	if err != nil {
		return m, err
	}
	fm, _, _, err := Split(p, src)
	if err != nil || fm.Src == nil {
		return m, err
	}
	doc, err := fm.Doc(p)
	if err != nil {
		return m, err
	}
	var errs diag.List
	if s, _, err := doc.String("title"); err != nil {
		errs = append(errs, err)
	} else {
		m.title = strings.TrimSpace(s)
	}
	if w, _, err := doc.Int("weight"); err != nil {
		errs = append(errs, err)
	} else {
		m.weight = w
	}
	for _, k := range doc.Unused() {
		if m.params == nil {
			m.params = map[string]any{}
		}
		m.params[k] = doc.Map[k]
	}
	return m, errs.Err()
}

// ReadBody reads an entry's (or an _index.md's) Markdown body again for
// rendering, without the front matter and without a "# " line that became
// the title. Line numbers inside it start at bodyLine. When buf is not nil
// and fsys can read into given memory (fastio.ReaderInto), the body may be
// in buf's.
func ReadBody(fsys fs.FS, p string, dropH1 bool, buf []byte) (body []byte, bodyLine int, err error) {
	src, err := readFile(fsys, p, buf)
	if err != nil {
		return nil, 0, fileErr(p, err)
	}
	src, err = Normalize(p, src)
	if err != nil {
		return nil, 0, err
	}
	_, body, bodyLine, err = Split(p, src)
	if err != nil {
		return nil, 0, err
	}
	if dropH1 {
		body = DropFirstH1(body)
	}
	return body, bodyLine, nil
}

// readFile reads file p of fsys, into buf's memory when buf is not nil and
// fsys can (fastio.ReaderInto). A file over MaxFileSize is refused before
// it is read whole: a 1 GB file is not read at all.
func readFile(fsys fs.FS, p string, buf []byte) ([]byte, error) {
	if rf, ok := fsys.(fastio.ReaderInto); ok {
		src, err := rf.ReadFileInto(p, buf, MaxFileSize)
		var big *fastio.TooLargeError
		if errors.As(err, &big) {
			return nil, tooLarge(p, big.Size)
		}
		return src, err
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > MaxFileSize {
		return nil, tooLarge(p, info.Size())
	}
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// symlinkWarning says once that links in content/ were skipped: a link may
// loop, or lead out of the site, so gen follows none.
func symlinkWarning(links []string) *diag.Error {
	w := diag.Errorf(links[0], 0, "a symbolic link, skipped: gen does not follow links in content/ (copy the file or folder in instead)")
	if len(links) > 1 {
		w.Msg += fmt.Sprintf("; %d more links skipped", len(links)-1)
	}
	w.Rule, w.Severity = "symlink", diag.SeverityWarning
	return w
}

// fileErr names the file in a read error, unless the error names it already.
func fileErr(p string, err error) error {
	var de *diag.Error
	if errors.As(err, &de) {
		return err
	}
	return diag.Errorf(p, 0, "%w", err)
}

func tooLarge(p string, size int64) error {
	return diag.Errorf(p, 0, "file is %.1f MB; entries are limited to %d MB (is it really Markdown?)", float64(size)/(1<<20), MaxFileSize>>20)
}
