// Package check is gen check: it builds a site in memory and reports every
// broken internal link and every lint rule the site breaks, each problem as
// a diag.Error (an issue) at "path:line" — the Markdown source line where
// the writer can fix it, else the output page — with its rule and severity.
//
// In: Options (the site folder as an fs.FS, the built-in themes, drafts,
// the current time). Out: a Report with the issues sorted by path and line,
// counts, and the checked build itself (Output), which gen publish then
// copies, so what is published is exactly what was checked.
//
// Links: every href and src of every HTML page that has no scheme must name
// a file of the output (relative to the page, ending in a file, not above
// the top folder, not starting with "/"), and every #fragment an id (or
// <a name>) on the page it names. Pages are scanned and links resolved in
// parallel. A broken link written in Markdown is reported at its line; one
// from the theme's templates at the first page it is on, with how many
// more pages have it.
//
// Rules, each with an id that config.toml's [check.rules] sets to "error",
// "warning" or "off" (default in brackets):
//
//	link              [error]   an internal href or src names no file of the output
//	anchor            [error]   a #fragment names no id on the page it points to
//	placeholder       [error]   unfilled template text: check.placeholders (default xx, XX, ××, x名, xx万元 …)
//	watermark         [warning] a pasted web-site line: check.watermarks (default "（某某网，www.…）" at a line end)
//	date-missing      [warning] an entry with a year but no date
//	date-future       [error]   a date after today (Options.Now) in the site's timeZone
//	year-before-date  [warning] year more than one year before the date's year
//	title-empty       [error]   a title with no words (only spaces and punctuation)
//	title-duplicate   [warning] two entries of one section and one year with one title
//	url-duplicate     [error]   two entries, or an entry and an archive page, with one URL
//	case-collision    [error]   two output paths that differ only in letter case
//	windows-name      [error]   an output name with <>:"|?*\ or a control character, ending
//	                            in a dot or space, or reserved (CON, PRN, AUX, NUL, COM1–9,
//	                            LPT1–9, also with an extension)
//	attachment-size   [warning] an attachment or content file over check.maxAttachmentMB (default 20)
//	html              [warning] raw HTML the sanitiser removed (a script, an event handler, a
//	                            javascript: link …), at its Markdown line; html = "sanitize" only
//	shortcode         [warning] another generator's template syntax, which gen shows as text:
//	                            Hugo {{< … >}} and {{% … %}}, Hexo/Jekyll {% … %}, Liquid {{ … }};
//	                            not in code blocks or inline code
//	build-warning     [warning] a problem the build reported without stopping
//	figures           [warning] a figure the site does not track, or one the text states otherwise
//	slow-template     [warning] a template of the site or its theme replaces a built-in one
//	                            that gen writes without the template engine (baseof.html,
//	                            entry.html, partials/row.html, partials/groups.html), so the
//	                            pages it is part of take several times longer to build
//	build             [error]   the build failed; cannot be changed
//
// placeholder and watermark read the Markdown files (entries, _index.md) as
// written, front matter included, line by line, skipping fenced code
// blocks (``` or ~~~): those hold text quoted as it is. Indented blocks are
// read: text pasted from Word is often indented, and is prose all the same.
// Drafts are checked only with Options.Drafts, as they are built only then.
//
// When the build fails, its errors are reported (rule build) with the
// front-matter rules when the content could be read; links are not checked.
//
// The JSON form of a Report (see JSON) is for scripts; its schema is stable.
package check

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/parallel"
	"gen/generator/pipeline"
	"gen/generator/site"
)

// Options say what to check.
type Options struct {
	Site    fs.FS  // the site folder
	Builtin fs.FS  // the built-in themes (themes.FS)
	Drafts  bool   // build and check entries marked draft
	SiteDir string // the site folder on disk, for the photos' cache ("" for none)
	Now     time.Time
	// SearchCache and SearchKey are the build's (pipeline.Options).
	SearchCache, SearchKey string
}

// Report is the result of a check.
type Report struct {
	// Issues are the problems found, each with its Rule and Severity set,
	// and Page for link and anchor; sorted by path, line, rule, message
	// (diag.Sort); rules set "off" left out.
	Issues []*diag.Error
	Pages  int // HTML pages whose links were checked
	Links  int // internal links followed
	Files  int // files in the output
	Took   time.Duration
	// Output is the checked build; nil when the build failed.
	Output *Output
	// Build is the build's result; nil when the build failed.
	Build *pipeline.Result
}

// Errors counts the issues of severity error.
func (r *Report) Errors() int { return r.count(Error) }

// Warnings counts the issues of severity warning.
func (r *Report) Warnings() int { return r.count(Warning) }

func (r *Report) count(s Severity) int {
	n := 0
	for _, is := range r.Issues {
		if is.Severity == s {
			n++
		}
	}
	return n
}

// Counts gives the number of issues of each rule that has any.
func (r *Report) Counts() map[string]int {
	m := map[string]int{}
	for _, is := range r.Issues {
		m[is.Rule]++
	}
	return m
}

// Run builds the site and checks it. The error is not about the site (the
// site's problems are Issues) but about the run: ctx cancelled.
func Run(ctx context.Context, opts Options) (*Report, error) {
	start := time.Now()
	if opts.Now.IsZero() {
		opts.Now = start
	}
	out := NewOutput()
	res, err := pipeline.Build(ctx, pipeline.Options{Site: opts.Site, SiteDir: opts.SiteDir, Builtin: opts.Builtin, Drafts: opts.Drafts, Out: out, Sources: true,
		SearchCache: opts.SearchCache, SearchKey: opts.SearchKey})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	rep := &Report{}
	var issues []*diag.Error
	cfg := siteConfig(res, opts.Site)
	sev, _ := newSeverities(config.Default())
	if cfg != nil {
		var warns []*diag.Error
		sev, warns = newSeverities(cfg)
		issues = append(issues, warns...)
	}
	if err != nil {
		more, err := failed(ctx, opts, cfg, err)
		if err != nil {
			return nil, err
		}
		issues = append(issues, more...)
	} else {
		rep.Output, rep.Build = out, res
		more, err := checkBuild(ctx, opts, res, out, rep)
		if err != nil {
			return nil, err
		}
		issues = append(issues, more...)
	}
	rep.Issues = finish(issues, sev)
	rep.Took = time.Since(start)
	return rep, nil
}

// checkBuild runs every check on a finished build.
func checkBuild(ctx context.Context, opts Options, res *pipeline.Result, out *Output, rep *Report) ([]*diag.Error, error) {
	s := res.Site
	var issues []*diag.Error
	for _, w := range res.Warnings {
		// The build warns about a Markdown link to nothing (rule link); the
		// link check below reports the same link, with what it misses.
		if w.Rule == "link" {
			continue
		}
		issues = append(issues, fromError("build-warning", w))
	}
	for _, o := range res.Overridden {
		issues = append(issues, &diag.Error{Rule: "slow-template", Severity: diag.SeverityWarning, Path: o.File, Msg: "replaces the built-in template: " + o.Cost})
	}
	copies := map[string]bool{}
	if res.Site != nil {
		for _, p := range res.Site.Compilations {
			copies[p.URL] = true
		}
	}
	linkIssues, pages, links, err := checkLinks(ctx, out, res.Sources, opts.Site, copies)
	if err != nil {
		return nil, err
	}
	rep.Pages, rep.Links = pages, links
	names := out.Names()
	rep.Files = len(names)
	issues = append(issues, linkIssues...)
	issues = append(issues, htmlRemoved(res.Sources)...)
	more, err := lintSite(ctx, opts, s)
	if err != nil {
		return nil, err
	}
	issues = append(issues, more...)
	origin := origins(s)
	issues = append(issues, caseCollisions(names, origin)...)
	issues = append(issues, windowsNames(names, origin)...)
	return issues, nil
}

// lintSite applies the rules that read the model and the Markdown files.
func lintSite(ctx context.Context, opts Options, s *site.Site) ([]*diag.Error, error) {
	loc := s.Config.Location
	if loc == nil {
		loc = time.Local
	}
	issues := lintEntries(s.Entries, opts.Now.In(loc))
	issues = append(issues, attachmentSizes(s, s.Config.Check.MaxAttachmentMB)...)
	var files []string
	if s.Home.IntroPath != "" {
		files = append(files, s.Home.IntroPath)
	}
	for _, sec := range s.Sections {
		if sec.IntroPath != "" {
			files = append(files, sec.IntroPath)
		}
	}
	for _, e := range s.Entries {
		files = append(files, e.Path)
	}
	text := newTextRules(s.Config.Check.Placeholders, s.Config.Check.Watermarks)
	figures := newFigureRules(s.Config)
	found := make([][]*diag.Error, len(files))
	err := parallel.For(ctx, len(files), func(i int) {
		p := "content/" + files[i]
		src, err := fs.ReadFile(opts.Site, p)
		if err != nil {
			found[i] = []*diag.Error{{Rule: "build", Path: p, Msg: err.Error()}}
			return
		}
		found[i] = append(text.scan(p, src), shortcodes(p, src)...)
		if e := s.EntryBySource(files[i]); e != nil && len(e.Figures) > 0 {
			found[i] = append(found[i], figures.lint(e, src)...)
		}
	})
	for _, f := range found {
		issues = append(issues, f...)
	}
	return issues, err
}

// failed turns a failed build into issues. When the content can be read,
// the model is made as far as it goes, so that two entries with one URL
// are reported as such and the front-matter rules still run.
func failed(ctx context.Context, opts Options, cfg *config.Config, buildErr error) ([]*diag.Error, error) {
	var issues []*diag.Error
	at := map[string]bool{}
	if cfg != nil {
		if sub, err := fs.Sub(opts.Site, "content"); err == nil {
			if lib, _, err := content.Load(ctx, sub, cfg, content.Options{Drafts: opts.Drafts}); err == nil {
				s, _ := site.New(cfg, lib)
				dups := duplicateURLs(s, s.Entries)
				for _, d := range dups {
					at[fmt.Sprintf("%s:%d", d.Path, d.Line)] = true
				}
				issues = append(issues, dups...)
				more, err := lintSite(ctx, opts, s)
				if err != nil {
					return nil, err
				}
				issues = append(issues, more...)
			}
		}
	}
	for _, e := range diag.Flatten(buildErr) {
		is := fromError("build", e)
		if at[fmt.Sprintf("%s:%d", is.Path, is.Line)] {
			continue // the same collision, reported as url-duplicate
		}
		issues = append(issues, is)
	}
	return issues, nil
}

// siteConfig is the site's configuration: the build's, or read again when
// the build failed; nil when config.toml itself is broken.
func siteConfig(res *pipeline.Result, fsys fs.FS) *config.Config {
	if res != nil && res.Site != nil {
		return res.Site.Config
	}
	cfg, _, err := config.Load(fsys, "config.toml")
	if err != nil {
		return nil
	}
	return cfg
}

func fromError(rule string, err error) *diag.Error {
	is := diag.From(err)
	is.Rule, is.Severity = rule, ""
	return is
}

// finish sets each issue's severity, drops rules set off, and sorts.
func finish(issues []*diag.Error, sev severities) []*diag.Error {
	out := issues[:0]
	for _, is := range issues {
		s := sev[is.Rule]
		if is.Rule == "build" {
			s = Error
		}
		if s == Off {
			continue
		}
		is.Severity = s
		out = append(out, is)
	}
	diag.Sort(out)
	return out
}
