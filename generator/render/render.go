// Package render turns the archive model into HTML with html/template.
//
// Templates are looked up in the site's layouts/, then in themes/<theme>/ of
// the site, then in the built-in default theme (see Theme). Every page is
// rendered with layouts/baseof.html, which calls the block "main" that the
// page kind's template defines. Kind templates: home.html, entry.html,
// section.html, section-year.html, years.html, year.html, timeline.html,
// timeline-year.html, taxonomy.html, term.html, search.html, 404.html; a
// missing one falls back to list.html. Everything in layouts/partials/ is
// available to every page as {{template "partials/NAME.html" .}}.
//
// What a template sees as "." is a *Data:
//
//	.Kind .URL               the page kind (site.Kind*) and its output path
//	.Site                    *site.Site: .Site.Config.Title, .Site.Sections, .Site.Years,
//	                         .Site.Taxonomies, .Site.Entries (chronological)
//	.Section .Year .Taxonomy .Term .Entry   what the page is about (by kind)
//	.Groups .Pager           what a list page lists (site.Group, site.Pager)
//	.Nav                     where the page is in a list split by year or month (site.Nav)
//	.Content                 the rendered body of an entry, or the intro of
//	                         the home page or a section
//	.TOC                     an entry's h2/h3 headings (markdown.Heading)
//	.Newest                  newest entries (home, section)
//	.Rel URL                 an href to a site path, relative to this page
//	.RelShort URL            the shortest such href (a picture beside the page)
//	.Root                    the relative path to the site root ("../../")
//	.Head                    extra markup for <head> (empty in gen build)
//	.Compilation             a compilation volume: .Year, .Section, .Volume, .Volumes,
//	                         .Groups (by section), .Entries, .Figures, .Last (site.Compilation)
//	.Figures                 a section-year's tracked figures (site.FigureRow); a year's are .Year.Figures
//	.Bodies                  the rendered texts of a compilation's entries (use body . ENTRY)
//	.Gallery                 an entry's photos its text does not show (site.Photo: .Name,
//	                         .Display and .Thumb with .URL .Width .Height, .Link, .Original, .Size)
//	.Entry.Photos            all of an entry's photos; .Page.PhotoGroups a year's page of photos
//
// partials/row.html sees a *RowData (.Page, .Entry, .Year: the list's
// year, 0 for any) and partials/term-link.html a *TermData (.Page,
// .Taxonomy, .Name, .URL).
//
// Template functions (every one of the FuncMap):
//
//	T key                    a label in the site's language, from i18n/<lang>.toml
//	lang                     "zh" or "en"
//	date t                   2022年7月1日 (1 July 2022 in English)
//	mmdd t                   07-01
//	listDate entry year      07-01 when the entry's date is in that year, else 2023-01-15
//	yearLabel n, monthLabel n   2022年, 7月 (2022, July in English)
//	bytes n                  1.2 MB
//	add a b                  a + b
//	join list sep            strings.Join
//	dict k v …               a map, to pass several values to a partial
//	attachmentURL entry name the site path of an entry's attachment
//	termURL taxonomyKey term tags/党建/index.html
//	taxLabel taxonomy        a taxonomy's label (its config label, else T of its key)
//	sectionCount section year   the section's site.Count for that year, or nil
//	yearBefore site year, yearAfter site year   the older and the newer *site.Year, or nil
//	chart .                  the entries-per-year chart (inline SVG)
//	cachedRow page entry year   partials/row.html for that entry, rendered once per
//	                         build for each entry, summary, list year and page depth
//	partialCached name data key…   a partial rendered once per build for each distinct
//	                         key and reused (the header of every page is the same for the
//	                         same .Root and navigation item; rendering it for each of
//	                         50,000 pages was a third of the build)
//	navCurrent .             the navigation item a page belongs to, for partialCached's key
//	pageKey .                everything about a page but the entry it shows (kind, depth,
//	                         section, year, taxonomy, term): the key of the breadcrumbs
//	termLink . taxonomyKey term   partials/term-link.html, rendered once per build for
//	                         each term and page depth
//	groupsHTML .             the groups of .Groups as the built-in groups.html writes them
//	                         (without its pager), one template.HTML per group; it stands in
//	                         for groups.html while that and row.html are the built-in ones
//	figure n                 a figure's number: 1732, 12.5
//	figureChart . series     one tracked figure across the years (site.FigureSeries), inline SVG
//	volumeLabel n            a compilation's volume: 第一册 (Volume 1 in English)
//	body . entry             a compilation entry's rendered text (from .Bodies)
//
// Fast paths. Entry pages are nearly every page, and the template engine
// spends ten times longer on one than writing its markup takes; so while
// the site and its theme keep baseof.html, entry.html, partials/row.html
// and partials/groups.html byte for byte as built in, fast.go writes what
// they would, in Go (a test pins the four files' hashes, differential
// tests compare both ways). A site's own copy of one of them is executed
// as a template like every other file; Renderer.Overridden lists such
// copies with what they cost, for gen build -v and gen check.
//
// Errors in templates are reported as "path:line: message" of the template file.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"gen/generator/config"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/site"
)

// Kinds lists every page kind with a template.
var kinds = []string{site.KindHome, site.KindEntry, site.KindSection, site.KindSectionYear, site.KindYears,
	site.KindYear, site.KindTimeline, site.KindTimelineYear, site.KindTaxonomy, site.KindTerm, site.KindSearch, site.Kind404,
	site.KindCompilation, site.KindYearPhotos}

// Renderer executes the theme's templates; safe for concurrent use.
type Renderer struct {
	cached partialCache
	theme  *Theme
	sets   map[string]*template.Template // kind → template set, executed as "baseof.html"
	labels labels
	dates  dates
	bufs   *buffers
	// fastEntry: the theme's baseof.html and entry.html are the built-in
	// ones, which writeEntry writes without the template engine.
	fastEntry bool
	// fastRow, fastGroups: the same for partials/row.html and groups.html.
	fastRow, fastGroups bool
	overridden          []Override // the theme's own copies of those templates
}

// Data is "." in templates. It copies the fields of its site.Page rather
// than embedding it, because text/template looks up promoted fields slowly.
type Data struct {
	Page     *site.Page
	Kind     string
	URL      string
	Section  *site.Section
	Year     *site.Year
	Taxonomy *site.Taxonomy
	Term     *site.Term
	Entry    *site.Entry
	Groups   []*site.Group
	Nav      *site.Nav
	Pager    *site.Pager

	Compilation *site.Compilation
	Figures     []*site.FigureRow
	// Bodies are the rendered texts of a compilation's entries.
	Bodies map[*site.Entry]template.HTML
	// Gallery are an entry's photos its text does not show; TextPictures
	// counts those it shows (the page's first picture is not lazy).
	Gallery      []*site.Photo
	TextPictures int
	// Galleries are the galleries of a compilation's entries.
	Galleries map[*site.Entry][]*site.Photo

	Site    *site.Site
	Content template.HTML
	TOC     []markdown.Heading
	Newest  []*site.Entry
	Head    template.HTML
}

// Rel returns an href for target relative to this page.
func (d *Data) Rel(target string) template.URL {
	return template.URL(site.Rel(d.URL, target))
}

// RelShort returns the shortest href for target from this page (a photo
// beside the page: "现场1-1600.jpg").
func (d *Data) RelShort(target string) template.URL {
	return template.URL(site.RelShort(d.URL, target))
}

// Root is the relative path from this page to the site root.
func (d *Data) Root() string { return site.Root(d.URL) }

// New parses every template of theme.
func New(theme *Theme, cfg *config.Config) (*Renderer, error) {
	lab, err := theme.labels(cfg.Lang())
	if err != nil {
		return nil, err
	}
	r := &Renderer{theme: theme, sets: map[string]*template.Template{}, labels: lab, dates: dates{zh: cfg.Lang() == "zh"}}
	r.bufs = newBuffers(4 * runtime.GOMAXPROCS(0))
	r.fastEntry = theme.builtinUsed(fastFiles...)
	r.fastRow = theme.builtinUsed(rowFile)
	r.fastGroups = r.fastRow && theme.builtinUsed(groupsFile)
	r.overridden = overrides(theme)
	common, err := r.parseCommon(cfg)
	if err != nil {
		return nil, err
	}
	var errs diag.List
	for _, kind := range kinds {
		set, err := r.parseKind(common, kind)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r.sets[kind] = set
	}
	return r, errs.Err()
}

func (r *Renderer) parseCommon(cfg *config.Config) (*template.Template, error) {
	src, shown, ok, err := r.theme.find("layouts/baseof.html")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, diag.Errorf("layouts/baseof.html", 0, "the theme has no baseof.html")
	}
	t := template.New("baseof.html").Funcs(r.funcs(cfg))
	if _, err := t.Parse(string(src)); err != nil {
		return nil, templateError(err, map[string]string{"baseof.html": shown})
	}
	for _, p := range r.theme.list("layouts/partials") {
		src, shown, _, err := r.theme.find(p)
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(p, "layouts/")
		if p == groupsFile && r.fastGroups {
			src = []byte(groupsHTMLTemplate)
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return nil, templateError(err, map[string]string{name: shown})
		}
	}
	return t, nil
}

func (r *Renderer) parseKind(common *template.Template, kind string) (*template.Template, error) {
	name := "layouts/" + kind + ".html"
	src, shown, ok, err := r.theme.find(name)
	if err == nil && !ok {
		name = "layouts/list.html"
		src, shown, ok, err = r.theme.find(name)
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, diag.Errorf("layouts/"+kind+".html", 0, "the theme has no template for %s pages (and no list.html)", kind)
	}
	set, err := common.Clone()
	if err != nil {
		return nil, err
	}
	short := strings.TrimPrefix(name, "layouts/")
	if _, err := set.New(short).Parse(string(src)); err != nil {
		return nil, templateError(err, map[string]string{short: shown})
	}
	return set, nil
}

// Page renders one page. d.Page is required; the fields it copies are
// filled in from it.
func (r *Renderer) Page(d *Data) ([]byte, error) {
	var out []byte
	err := r.PageTo(d, func(b []byte) error {
		out = bytes.Clone(b)
		return nil
	})
	return out, err
}

// PageTo renders one page and hands its bytes to use, which must not keep
// them after it returns (they are the renderer's buffer): a build writing
// straight to disk saves a copy of every page.
func (r *Renderer) PageTo(d *Data, use func([]byte) error) error {
	p := d.Page
	d.Kind, d.URL, d.Section, d.Year, d.Taxonomy, d.Term, d.Entry, d.Groups, d.Nav, d.Pager =
		p.Kind, p.URL, p.Section, p.Year, p.Taxonomy, p.Term, p.Entry, p.Groups, p.Nav, p.Pager
	d.Compilation, d.Figures = p.Compilation, p.Figures
	set := r.sets[d.Kind]
	buf := r.bufs.get()
	defer r.bufs.put(buf)
	if d.Kind == site.KindEntry && r.fastEntry {
		if err := r.writeEntry(buf, d); err != nil {
			return templateError(err, r.shownNames())
		}
		return use(buf.Bytes())
	}
	if err := set.ExecuteTemplate(buf, "baseof.html", d); err != nil {
		return templateError(err, r.shownNames())
	}
	return use(buf.Bytes())
}

// Theme is the stack of layers the renderer reads.
func (r *Renderer) Theme() *Theme { return r.theme }

// T returns a label in the site's language.
func (r *Renderer) T(key string) string { return r.labels.T(key) }

func (r *Renderer) shownNames() map[string]string {
	m := map[string]string{}
	for _, n := range append([]string{"layouts/baseof.html"}, r.theme.list("layouts")...) {
		if _, shown, ok, _ := r.theme.find(n); ok {
			m[strings.TrimPrefix(n, "layouts/")] = shown
		}
	}
	return m
}

var tmplErr = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+):(?:\d+:)?\s*(.*)$`)

// templateError turns html/template's "template: NAME:LINE: msg" into a
// diag.Error at the template's file and line.
func templateError(err error, shown map[string]string) error {
	msg := err.Error()
	m := tmplErr.FindStringSubmatch(msg)
	if m == nil {
		return &diag.Error{Msg: "template: " + msg, Err: err}
	}
	line, _ := strconv.Atoi(m[2])
	file := m[1]
	if s, ok := shown[file]; ok {
		file = s
	}
	return &diag.Error{Path: file, Line: line, Msg: m[3], Err: err}
}

func (r *Renderer) funcs(cfg *config.Config) template.FuncMap {
	return template.FuncMap{
		"T":          r.labels.T,
		"date":       r.dates.long,
		"mmdd":       mmdd,
		"yearLabel":  r.dates.year,
		"monthLabel": r.dates.month,
		"taxLabel":   r.taxLabel,
		"chart":      r.chart,
		"bytes":      humanBytes,
		"lang":       cfg.Lang,
		"add":        func(a, b int) int { return a + b },
		"attachmentURL": func(e *site.Entry, name string) string {
			return e.Dir() + "/" + name
		},
		"listDate":      listDate,
		"join":          strings.Join,
		"cachedRow":     r.cachedRow,
		"partialCached": r.partialCached,
		"pageKey":       pageKey,
		"navCurrent":    navCurrent,
		"termURL":       termURL,
		"termLink":      r.termLink,
		"groupsHTML":    r.groupsHTML,
		"sectionCount":  sectionCount,
		"yearBefore":    func(s *site.Site, y int) *site.Year { return neighbourYear(s, y, +1) },
		"yearAfter":     func(s *site.Site, y int) *site.Year { return neighbourYear(s, y, -1) },
		"dict":          dict,
		"figure":        figureNumber,
		"figureChart":   r.figureChart,
		"volumeLabel":   func(n int) string { return volumeLabel(cfg.Lang(), n) },
		"body":          func(d *Data, e *site.Entry) template.HTML { return d.Bodies[e] },
	}
}

func (r *Renderer) taxLabel(t *site.Taxonomy) string {
	if t.Label != "" {
		return t.Label
	}
	return r.labels.T(t.Key)
}

// listDate is the date column of a list: "07-01" when the entry's date is
// in the year the list is about, the whole date otherwise (year 0: always).
func listDate(e *site.Entry, year int) string {
	if layout := listDateLayout(e, year); layout != "" {
		return e.Date.Format(layout)
	}
	return ""
}

// listDateLayout is the layout of an entry's date in a list of year's
// entries: month and day within the year, the whole date otherwise, and
// "" for an entry without a date.
func listDateLayout(e *site.Entry, year int) string {
	switch {
	case !e.HasDate:
		return ""
	case e.Date.Year() == year:
		return "01-02"
	}
	return "2006-01-02"
}

// sectionCount is a section's count for one year, or nil.
func sectionCount(s *site.Section, year int) *site.Count {
	for _, c := range s.Years {
		if c.Key == year {
			return c
		}
	}
	return nil
}

// neighbourYear finds the year next to y in Site.Years (newest first):
// step +1 is the older one, -1 the newer one.
func neighbourYear(s *site.Site, y, step int) *site.Year {
	for i, yr := range s.Years {
		if yr.Year == y {
			if j := i + step; j >= 0 && j < len(s.Years) {
				return s.Years[j]
			}
		}
	}
	return nil
}

// dict makes a map from key, value pairs, to hand several values to a partial.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key, value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict keys must be strings, not %T", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
