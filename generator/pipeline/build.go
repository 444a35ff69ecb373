// Package pipeline runs the stages of a build in order — config, content, the
// archive model, templates, entry pages, list pages, files, the search index —
// and writes the result through an output.Writer.
//
// Build is one complete build. ToDir adds the atomic swap of gen build: the
// new site is built beside the destination and replaces it only when the
// whole build succeeded. A Session is for gen serve: it keeps what one build
// can reuse in the next (parsed entries, rendered bodies, pages whose inputs
// did not change), so a saved entry re-renders that entry and the list pages
// it appears on, not the whole archive.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync"
	"time"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/output"
	"gen/generator/render"
	"gen/generator/search"
	"gen/generator/site"
)

// Options say what to build and where.
type Options struct {
	Site    fs.FS // the site folder: config.toml, content/, layouts/, static/, themes/
	Builtin fs.FS // the built-in themes (themes.FS)
	Drafts  bool  // build entries marked draft
	Out     output.Writer
	// Progress, when set, is told when each stage starts (done and total
	// zero) and how far the entries stage has got.
	Progress func(stage string, done, total int)
	// Loaded, when set, is told how many entries the build has and the
	// size of their files once they are read, before the work whose memory
	// grows with them (gen build sets its memory limit from it).
	Loaded func(entries int, bytes int64)
	// Lean says the caller wants the files and the counts only: a one-shot
	// build then lets go of the archive model before it writes the search
	// index, which needs memory in proportion to the archive too
	// (Result.Site is nil).
	Lean bool
	// Sources asks for Result.Sources (gen check needs it; at 50,000
	// entries it is memory a plain build does without).
	Sources bool

	hooks *testHooks // this package's tests only
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Pages    int           // HTML pages written
	Files    int           // other files written
	Rendered int           // pages whose template ran (the rest were reused by a Session)
	Warnings []*diag.Error // problems that did not stop the build, of severity warning
	// Changed and Removed list the output files that differ from the
	// previous build of a Session (all files after its first build).
	Changed, Removed []string
	// Sources tells, for each page made from Markdown (entries, and the
	// home and section pages with an _index.md), which file it came from
	// and every link written in it with its line, so gen check can name
	// the source line of a broken link. Set only with Options.Sources.
	Sources map[string]*Source
	Stages  []Stage
	Took    time.Duration
}

// Source is the Markdown file behind a page.
type Source struct {
	Path  string          // site path: "content/reports/2022/a.md"
	Links []markdown.Link // as written, with file lines
	// Removed is what the sanitiser took out of its raw HTML (gen check's
	// rule html).
	Removed []markdown.Removed
}

// Stage is one step of the build and how long it took.
type Stage struct {
	Name string
	Took time.Duration
}

// run carries one build's state from stage to stage.
type run struct {
	ctx       context.Context
	opts      Options
	res       *Result
	cfg       *config.Config
	cfgSrc    []byte
	lib       *content.Library
	site      *site.Site
	renderer  *render.Renderer
	md        *markdown.Markdown
	links     *linker
	index     *search.Index
	fullIndex bool        // the index is built anew (always, except in a Session with a kept index)
	prevOut   *output.Mem // a Session's previous build, whose search files a kept index updates

	intros     map[string]template.HTML // rendered _index.md bodies, by content path
	summaryKey uint64                   // archive-wide counts (Session)

	// quick is a Session's rebuild after texts alone changed: the previous
	// model, caches and output are taken over and changed in place, and
	// only the changed entries and the pages listing them are rendered.
	quick          bool
	quickEntries   []*site.Entry
	quickSummaries map[*site.Entry]string // their summaries before
	mem            *output.Mem            // a Session's output
	contentFS      fs.FS
	scratch        sync.Pool // *bodyScratch, for bodies whose pages are written and forgotten

	prev *cache // what the previous build of a Session left; nil in a one-shot build
	next *cache // what this build leaves for the next one; nil in a one-shot build
}

// Build runs every stage. The error is a diag.List of everything that broke;
// nothing is promised about what was written to Out when it is not nil.
func Build(ctx context.Context, opts Options) (*Result, error) {
	r := &run{ctx: ctx, opts: opts, res: &Result{Sources: map[string]*Source{}}}
	return r.all()
}

func (r *run) all() (*Result, error) {
	start := time.Now()
	stages := []struct {
		name string
		f    func() error
	}{
		{"config", r.loadConfig},
		{"content", r.loadContent},
		{"model", r.buildModel},
		{"templates", r.loadTemplates},
		{"entries", r.renderEntries},
		{"lists", r.renderLists},
		{"files", r.copyFiles},
		{"aliases", r.writeAliases},
		{"search", r.writeIndex},
	}
	for _, st := range stages {
		t := time.Now()
		r.progress(st.name, 0, 0)
		if err := st.f(); err != nil {
			return r.res, err
		}
		if err := r.ctx.Err(); err != nil {
			return r.res, err
		}
		r.res.Stages = append(r.res.Stages, Stage{Name: st.name, Took: time.Since(t)})
	}
	r.res.Site = r.site
	r.res.Took = time.Since(start)
	return r.res, nil
}

func (r *run) warn(errs ...error) { r.res.Warnings = append(r.res.Warnings, diag.Warnings(errs)...) }

func (r *run) progress(stage string, done, total int) {
	if r.opts.Progress != nil {
		r.opts.Progress(stage, done, total)
	}
}

func (r *run) loadConfig() error {
	src, err := fs.ReadFile(r.opts.Site, "config.toml")
	var cfg *config.Config
	var warns []error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		cfg, src, err = config.Default(), nil, nil
	case err != nil:
		return &diag.Error{Path: "config.toml", Msg: err.Error(), Err: err}
	default:
		cfg, warns, err = config.Parse("config.toml", src)
	}
	r.warn(warns...)
	r.cfg, r.cfgSrc = cfg, src
	return err
}

func (r *run) loadContent() error {
	if info, err := fs.Stat(r.opts.Site, "content"); err != nil || !info.IsDir() {
		return diag.Errorf("content", 0, "no content/ folder here: is this a site folder? (gen new site DIR makes one)")
	}
	sub, err := fs.Sub(r.opts.Site, "content")
	if err != nil {
		return err
	}
	r.contentFS = sub
	opts := content.Options{Drafts: r.opts.Drafts}
	if r.next != nil {
		opts.Reuse = r.reuseEntry
		opts.Tree = r.reuseTree()
	}
	lib, warns, err := content.Load(r.ctx, sub, r.cfg, opts)
	r.warn(prefixed(warns)...)
	if err != nil {
		return prefixed(diag.Flatten(err)).Err()
	}
	r.lib = lib
	if r.opts.Loaded != nil {
		var size int64
		for _, e := range lib.Entries {
			size += e.Size
		}
		r.opts.Loaded(len(lib.Entries), size)
	}
	return nil
}

// prefixed makes content paths site paths ("content/reports/a.md"), so
// messages name files the way the writer sees them.
func prefixed(errs []error) diag.List {
	out := make(diag.List, len(errs))
	for i, err := range errs {
		var e *diag.Error
		if errors.As(err, &e) && e.Path != "" {
			c := *e
			c.Path = "content/" + e.Path
			out[i] = &c
			continue
		}
		out[i] = err
	}
	return out
}

func (r *run) buildModel() error {
	if r.reuseModel() {
		r.keepEntries()
		r.links = newLinker(r.site, r.contentFS)
		r.md = markdown.New(markdown.Options{HTML: r.cfg.HTML, Unsafe: r.cfg.Unsafe})
		return nil
	}
	if r.next != nil {
		r.keepEntries()
	}
	s, err := site.New(r.cfg, r.lib)
	if err != nil {
		return prefixed(diag.Flatten(err)).Err()
	}
	r.site = s
	if r.next != nil {
		r.next.site = s
	}
	r.links = newLinker(s, r.contentFS)
	r.md = markdown.New(markdown.Options{HTML: r.cfg.HTML, Unsafe: r.cfg.Unsafe})
	return nil
}

func (r *run) loadTemplates() error {
	if r.reuseTemplates() {
		return nil
	}
	theme, err := render.LoadTheme(r.opts.Site, r.opts.Builtin, r.cfg)
	if err != nil {
		return err
	}
	r.renderer, err = render.New(theme, r.cfg)
	if r.next != nil {
		r.next.renderer = r.renderer
	}
	return err
}

// startIndex makes a new search index, or in a Session takes over the one
// the previous build kept, to be updated with the entries that changed.
func (r *run) startIndex(n int) {
	r.fullIndex = true
	if r.next == nil {
		r.index = search.New(n)
		return
	}
	if r.prev != nil && r.prev.index != nil && r.prevOut != nil {
		r.index, r.fullIndex = r.prev.index, false
		r.prev.index = nil // from here on it is changing: a failed build must not leave it behind
	} else {
		r.index = search.New(n)
		r.index.KeepForUpdates() // so the next build's Put costs what changed
	}
	r.next.index = r.index
}

// removeFromIndex takes out of a kept index the entries no longer built.
func (r *run) removeFromIndex() {
	if r.fullIndex || r.next == nil {
		return
	}
	for url := range r.prev.indexed {
		if _, ok := r.next.indexed[url]; !ok {
			r.index.Remove(url)
		}
	}
}

// writeIndex writes the search index files: all of them, or, for a kept
// index, the previous build's with the changed ones replaced.
func (r *run) writeIndex() error {
	if r.fullIndex {
		if r.opts.Lean && r.next == nil { // the renderer forgot its caches after the lists
			r.site, r.lib, r.links, r.intros = nil, nil, nil, nil
		}
		n, err := r.index.Write(r.ctx, r.opts.Out)
		r.res.Files += n
		if r.next == nil {
			r.index = nil
		}
		return err
	}
	mem, ok := r.opts.Out.(*output.Mem)
	if !ok { // a kept index is only for a Session, which writes to memory
		return fmt.Errorf("updating the search index needs an in-memory output, not %T", r.opts.Out)
	}
	if r.quick { // the output is over the previous build's: write the changes only
		_, removed, err := r.index.WriteChanged(mem)
		for _, name := range removed {
			mem.Delete(name)
		}
		return err
	}
	r.prevOut.Range(func(name string, b []byte) { // Names would sort every file of the site
		if strings.HasPrefix(name, "search/") {
			mem.WriteFile(name, b)
		}
	})
	changed, removed, err := r.index.WriteChanged(mem)
	for _, name := range removed {
		mem.Delete(name)
	}
	r.res.Files += len(changed)
	return err
}

func nonNil(errs []error) []error {
	var out []error
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}
