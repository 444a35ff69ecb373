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
//
// What a build makes anew and what it takes over is its plan (plan.go),
// made once from the kinds of the paths changed since the last build
// (change.go: content entry, _index.md, other content file, layout, theme,
// labels, static, config, other); the stages read the plan and never the
// changed paths. The one-shot build is the plan "everything". Session says
// what lives from one build to the next and what of it changes in place.
package pipeline

import (
	"context"
	"errors"
	"html/template"
	"io/fs"
	"sync"
	"time"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/output"
	"gen/generator/photo"
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
	// SiteDir is the site folder on disk, where [photos] cache (a folder
	// relative to it) keeps photos' copies between runs; "" keeps none.
	SiteDir string
	// SearchCache, when set, is the folder where the search index is kept
	// for the next build in another process to carry over (search.Options):
	// gen build and gen publish use .gen/cache/search in the site folder.
	// SearchKey names the site there.
	SearchCache, SearchKey string
	// Later lets a Session leave work to after the build: the compilation
	// volumes of a texts-only build (an entry saved with its front matter
	// unchanged) to Session.Finish — the volume holding the entry renders
	// the text of every entry around it, the better part of such a build
	// at 50,000 entries, and gen serve sends the saved page to the browser
	// first — and the copies of photos not in the cache to
	// Session.MakePhotos (Result.PendingPhotos), shown as their originals
	// until then.
	Later bool

	hooks *testHooks // this package's tests only
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Pages    int           // HTML pages written
	Files    int           // other files written
	Rendered int           // pages whose template ran (the rest were reused by a Session)
	Warnings []*diag.Error // problems that did not stop the build, of severity warning
	// PhotoStats counts the photos stage's work: decodes, cache hits.
	PhotoStats photo.Stats
	// PendingPhotos are the content paths of the photos a Session's build
	// with Options.Later showed as their originals, their copies not yet
	// in the cache (Session.MakePhotos makes them).
	PendingPhotos []string
	// Overridden lists the site's or theme's own copies of the built-in
	// templates the renderer writes in Go, which make the pages they are
	// part of slower (see render.Override).
	Overridden []render.Override
	// Changed and Removed list the output files that differ from the
	// previous build of a Session (all files after its first build).
	Changed, Removed []string
	// Sources tells, for each page made from Markdown (entries, and the
	// home and section pages with an _index.md), which file it came from
	// and every link written in it with its line, so gen check can name
	// the source line of a broken link. Set only with Options.Sources.
	Sources map[string]*Source
	Stages  []Stage
	// Notes are what gen build prints under -v besides the stages: why the
	// search index was written fresh instead of carried over.
	Notes []string
	Took  time.Duration
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
	ctx  context.Context
	opts Options
	res  *Result
	plan *plan  // what this build makes anew and what it takes over (plan.go)
	keep *cache // what this build leaves for the next; nil in a one-shot build

	cfg       *config.Config
	cfgSrc    []byte
	contentFS fs.FS
	lib       *content.Library
	site      *site.Site
	renderer  *render.Renderer
	md        *markdown.Markdown
	links     *linker
	index     *search.Index

	intros     map[string]template.HTML // rendered _index.md bodies, by content path
	photos     map[string]*site.Photo   // pictures with copies, by content path
	summaryKey uint64                   // archive-wide counts (Session)
	later      []*site.Page             // compilation volumes left to Session.Finish (Options.Later)
	scratch    sync.Pool                // *bodyScratch, for bodies whose pages are written and forgotten
}

// Build runs every stage. The error is a diag.List of everything that broke;
// nothing is promised about what was written to Out when it is not nil.
func Build(ctx context.Context, opts Options) (*Result, error) {
	return newRun(ctx, opts, everything(), nil).all()
}

func newRun(ctx context.Context, opts Options, p *plan, keep *cache) *run {
	return &run{ctx: ctx, opts: opts, res: &Result{Sources: map[string]*Source{}}, plan: p, keep: keep}
}

func (r *run) all() (*Result, error) {
	start := time.Now()
	defer func() {
		if r.index != nil && r.keep == nil { // a build that failed before its search stage
			r.index.Discard()
		}
	}()
	stages := []struct {
		name string
		f    func() error
	}{
		{"config", r.loadConfig},
		{"content", r.loadContent},
		{"model", r.buildModel},
		{"templates", r.loadTemplates},
		{"photos", r.makePhotos},
		{"entries", r.renderEntries},
		{"lists", r.renderLists},
		{"compilations", r.renderCompilations},
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
	if r.renderer != nil { // a lean build let go of it before its search stage
		r.res.Overridden = r.renderer.Overridden()
	}
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
	r.plan.readConfig(src)
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
	if r.plan.prev != nil {
		opts.Reuse, opts.Tree = r.plan.entry, r.plan.tree(sub)
		opts.Prev, opts.Changed = r.plan.library()
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

// buildModel makes the archive model, or, when the plan keeps the
// previous one, puts the changed entries' new files into it.
func (r *run) buildModel() error {
	if fresh, places, ok := r.plan.planModel(r.lib); ok {
		for i, e := range fresh {
			places[i].Entry, places[i].Summary = e, e.Summary
		}
		r.site = r.plan.prev.site
		r.plan.prev.site = nil // now this build's: a failed build must not leave it behind
		if r.plan.scope == scopeTexts {
			// the previous cache is taken over and changed in place, the
			// output is a layer over the previous one (see Session)
			r.keep, r.opts.Out = r.plan.prev, output.Over(r.plan.prevOut)
		}
	} else {
		s, err := site.New(r.cfg, r.lib)
		if err != nil {
			return prefixed(diag.Flatten(err)).Err()
		}
		r.site = s
	}
	r.keepEntries()
	r.links = newLinker(r.site, r.contentFS)
	r.md = markdown.New(markdown.Options{HTML: r.cfg.HTML, Unsafe: r.cfg.Unsafe})
	return nil
}

// keepEntries records this build's parsed entries and model for the next.
func (r *run) keepEntries() {
	if r.keep == nil {
		return
	}
	r.keep.tree, r.keep.cfgSrc, r.keep.site, r.keep.lib = r.lib.Tree, string(r.cfgSrc), r.site, r.lib
}

// loadTemplates loads the templates, or takes over the previous build's
// when the plan says they hold.
func (r *run) loadTemplates() error {
	if r.keep != nil && !r.plan.templates && r.plan.prev.renderer != nil {
		r.renderer = r.plan.prev.renderer
		r.keep.renderer, r.keep.navKey = r.renderer, r.navKey()
		return nil
	}
	theme, err := render.LoadTheme(r.opts.Site, r.opts.Builtin, r.cfg)
	if err != nil {
		return err
	}
	r.renderer, err = render.New(theme, r.cfg)
	if r.keep != nil {
		r.keep.themeGen++
		r.keep.renderer, r.keep.navKey = r.renderer, r.navKey()
	}
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
