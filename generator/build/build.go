// Package build runs the stages of a build in order — config, content, the
// archive model, templates, entry pages, list pages, files — and writes the
// result through an output.Writer. ToDir adds the atomic swap of gen build:
// the new site is built beside the destination and replaces it only when
// the whole build succeeded.
package build

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"time"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/output"
	"gen/generator/parallel"
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
	// Progress, when set, is told how far a stage has got.
	Progress func(stage string, done, total int)
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Pages    int     // HTML pages written
	Files    int     // other files written
	Warnings []error // problems that did not stop the build
	Stages   []Stage
	Took     time.Duration
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
	lib       *content.Library
	site      *site.Site
	renderer  *render.Renderer
	md        *markdown.Markdown
	links     *linker
	contentFS fs.FS
	index     *search.Index
}

// Build runs every stage. The error is a diag.List of everything that broke;
// nothing is promised about what was written to Out when it is not nil.
func Build(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	r := &run{ctx: ctx, opts: opts, res: &Result{}}
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
		{"search", r.writeIndex},
		{"files", r.copyFiles},
	}
	for _, st := range stages {
		t := time.Now()
		if err := st.f(); err != nil {
			return r.res, err
		}
		if err := ctx.Err(); err != nil {
			return r.res, err
		}
		r.res.Stages = append(r.res.Stages, Stage{Name: st.name, Took: time.Since(t)})
	}
	r.res.Site = r.site
	r.res.Took = time.Since(start)
	return r.res, nil
}

func (r *run) warn(errs ...error) { r.res.Warnings = append(r.res.Warnings, errs...) }

func (r *run) progress(stage string, done, total int) {
	if r.opts.Progress != nil {
		r.opts.Progress(stage, done, total)
	}
}

func (r *run) loadConfig() error {
	cfg, warns, err := config.Load(r.opts.Site, "config.toml")
	r.warn(warns...)
	r.cfg = cfg
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
	lib, warns, err := content.Load(r.ctx, sub, r.cfg, content.Options{Drafts: r.opts.Drafts})
	r.warn(prefixed(warns)...)
	if err != nil {
		return prefixed(diag.Flatten(err)).Err()
	}
	r.lib = lib
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
	s, err := site.New(r.cfg, r.lib)
	if err != nil {
		return prefixed(diag.Flatten(err)).Err()
	}
	r.site = s
	r.links = newLinker(s)
	r.md = markdown.New(markdown.Options{Unsafe: r.cfg.Unsafe})
	return nil
}

func (r *run) loadTemplates() error {
	theme, err := render.LoadTheme(r.opts.Site, r.opts.Builtin, r.cfg)
	if err != nil {
		return err
	}
	r.renderer, err = render.New(theme, r.cfg)
	return err
}

// renderEntries renders every entry page in parallel, one result slot each.
func (r *run) renderEntries() error {
	entries := r.site.Entries
	summaries := make([]string, len(entries))
	failures := make([]error, len(entries))
	warns := make([][]error, len(entries))
	var done int64
	r.index = search.New(len(entries))
	err := parallel.For(r.ctx, len(entries), func(i int) {
		warn := func(err error) { warns[i] = append(warns[i], err) }
		summaries[i], failures[i] = r.renderEntry(i, warn)
		if n := atomicAdd(&done); n%256 == 0 {
			r.progress("entries", int(n), len(entries))
		}
	})
	if err != nil {
		return err
	}
	var errs diag.List
	for i, e := range entries {
		if failures[i] != nil {
			errs = append(errs, failures[i])
		}
		r.warn(warns[i]...)
		if e.Summary == "" {
			e.Summary = summaries[i]
		}
	}
	r.res.Pages += len(entries)
	return errs.Err()
}

func (r *run) renderEntry(i int, warn func(error)) (summary string, err error) {
	e := r.site.Entries[i]
	body, line, err := content.ReadBody(r.contentFS, e.Path, e.DropH1)
	if err != nil {
		return "", prefixed([]error{err})[0]
	}
	src := "content/" + e.Path
	doc, err := r.md.Render(body, markdown.Context{FirstLine: line, Resolve: func(dest string, line int, _ bool) string {
		return r.links.resolve(e.Path, e.URL, dest, line, func(err error) { warn(prefixed([]error{err})[0]) })
	}})
	if err != nil {
		return "", diag.Errorf(src, 0, "markdown: %v", err)
	}
	r.index.Add(i, search.Doc{URL: e.URL, Title: e.Title, Date: e.Date, Year: e.Year, Section: e.Section,
		SectionTitle: e.Sec.Title, Units: e.Units, Tags: e.Tags, Text: doc.Text})
	page := &render.Data{Page: r.site.EntryPage(e), Site: r.site, Content: template.HTML(doc.HTML), TOC: doc.TOC}
	html, err := r.renderer.Page(page)
	if err != nil {
		return "", err
	}
	if err := r.opts.Out.WriteFile(e.URL, html); err != nil {
		return "", fmt.Errorf("writing %s: %w", e.URL, err)
	}
	for _, a := range e.Attachments {
		if err := r.opts.Out.CopyFile(e.Dir()+"/"+a.Name, r.contentFS, a.Path); err != nil {
			return "", diag.Errorf("content/"+a.Path, 0, "copying attachment: %v", err)
		}
	}
	return doc.Summary, nil
}

// renderLists renders every page that is not an entry.
func (r *run) renderLists() error {
	intros := map[string]template.HTML{}
	intro := func(p, pageURL string) error {
		if p == "" {
			return nil
		}
		body, line, err := content.ReadBody(r.contentFS, p, false)
		if err != nil {
			return prefixed([]error{err})[0]
		}
		doc, err := r.md.Render(body, markdown.Context{FirstLine: line, Resolve: func(dest string, line int, _ bool) string {
			return r.links.resolve(p, pageURL, dest, line, func(err error) { r.warn(prefixed([]error{err})...) })
		}})
		if err != nil {
			return err
		}
		intros[p] = template.HTML(doc.HTML)
		return nil
	}
	if err := intro(r.site.Home.IntroPath, "index.html"); err != nil {
		return err
	}
	for _, sec := range r.site.Sections {
		if err := intro(sec.IntroPath, sec.URL); err != nil {
			return err
		}
	}
	pages := r.site.Pages
	failures := make([]error, len(pages))
	err := parallel.For(r.ctx, len(pages), func(i int) {
		p := pages[i]
		d := &render.Data{Page: p, Site: r.site}
		switch p.Kind {
		case site.KindHome:
			d.Content = intros[r.site.Home.IntroPath]
			d.Newest = newest(r.site.Entries, 10)
		case site.KindSection:
			d.Content = intros[p.Section.IntroPath]
			d.Newest = newest(p.Section.Entries, 20)
		}
		html, err := r.renderer.Page(d)
		if err == nil {
			err = r.opts.Out.WriteFile(p.URL, html)
		}
		failures[i] = err
	})
	if err != nil {
		return err
	}
	r.res.Pages += len(pages)
	return diag.List(nonNil(failures)).Err()
}

// writeIndex writes the search index files.
func (r *run) writeIndex() error {
	n, err := r.index.Write(r.opts.Out)
	r.res.Files += n
	return err
}

func newest(entries []*site.Entry, n int) []*site.Entry {
	out := make([]*site.Entry, 0, n)
	for i := len(entries) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, entries[i])
	}
	return out
}

// copyFiles copies the theme's and the site's static files and the files of
// content/ that belong to no bundle.
func (r *run) copyFiles() error {
	var errs diag.List
	for _, f := range r.renderer.Theme().Static() {
		if err := r.opts.Out.CopyFile(f.Out, f.FS, f.Path); err != nil {
			errs = append(errs, diag.Errorf(f.Path, 0, "copying: %v", err))
		}
		r.res.Files++
	}
	for _, f := range r.site.Files {
		if err := r.opts.Out.CopyFile(f.Path, r.contentFS, f.Path); err != nil {
			errs = append(errs, diag.Errorf("content/"+f.Path, 0, "copying: %v", err))
		}
		r.res.Files++
	}
	for _, e := range r.site.Entries {
		r.res.Files += len(e.Attachments)
	}
	return errs.Err()
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
