package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"gen/generator/site"
)

// partialCache holds partials rendered by partialCached during one build:
// the entries belong to one *site.Site and are dropped when a page of
// another build (gen serve reuses the Renderer) asks.
type partialCache struct {
	mu    sync.Mutex
	site  *site.Site
	m     map[string]template.HTML
	rows  map[rowKey]template.HTML
	terms map[termKey]template.HTML
}

// termKey is what a link to a term depends on: the taxonomy, the term as
// written and the page's depth.
type termKey struct{ tax, name, root string }

// rowKey is what a list row depends on within one model: the entry (whose
// metadata a model fixes), its summary (a text edit can change it), the
// list's year and the page's depth.
type rowKey struct {
	e       *site.Entry
	summary string
	year    int
	root    string
}

func (c *partialCache) get(s *site.Site, key string) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset(s)
	h, ok := c.m[key]
	return h, ok
}

func (c *partialCache) reset(s *site.Site) {
	if c.site != s {
		c.site, c.m, c.rows, c.terms = s, map[string]template.HTML{}, map[rowKey]template.HTML{}, map[termKey]template.HTML{}
	}
}

func (c *partialCache) put(s *site.Site, key string, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.site == s {
		c.m[key] = h
	}
}

// Forget drops what partialCached, cachedRow and termLink keep: a one-shot build
// calls it after its last page, so the rows of 50,000 entries do not stay
// in memory while the search index is written.
func (r *Renderer) Forget() {
	r.cached.mu.Lock()
	r.cached.site, r.cached.m, r.cached.rows, r.cached.terms = nil, nil, nil, nil
	r.cached.mu.Unlock()
}

// partialCached renders the partial name with d, or returns what it rendered
// before for the same key in this build.
func (r *Renderer) partialCached(name string, d *Data, key ...any) (template.HTML, error) {
	k := name + "\x00" + fmt.Sprint(key...)
	if h, ok := r.cached.get(d.Site, k); ok {
		return h, nil
	}
	set := r.sets[d.Kind]
	var b bytes.Buffer
	if err := set.ExecuteTemplate(&b, name, d); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	r.cached.put(d.Site, k, h)
	return h, nil
}

// pageKey stands for everything about a page but the entry it shows: kind,
// depth, section, year (the entry's, on an entry page), taxonomy and term —
// what breadcrumbs are made of, for partialCached.
func pageKey(d *Data) string {
	var b strings.Builder
	b.WriteString(d.Kind)
	b.WriteByte('|')
	b.WriteString(site.Root(d.URL))
	b.WriteByte('|')
	if d.Section != nil {
		b.WriteString(d.Section.Name)
	}
	b.WriteByte('|')
	switch {
	case d.Entry != nil:
		b.WriteString(strconv.Itoa(d.Entry.Year))
	case d.Year != nil:
		b.WriteString(strconv.Itoa(d.Year.Year))
	}
	b.WriteByte('|')
	if d.Taxonomy != nil {
		b.WriteString(d.Taxonomy.Key)
	}
	b.WriteByte('|')
	if d.Term != nil {
		b.WriteString(d.Term.Slug)
	}
	return b.String()
}

// TermData is "." of partials/term-link.html.
type TermData struct {
	Page     *Data
	Taxonomy string       // its key: "tags", "units", …
	Name     string       // the term as written
	URL      template.URL // of the term's page, relative to Page
}

// termLink renders partials/term-link.html, a link to a term's page, or
// returns the link rendered before for the same term at the same depth:
// an entry page shows its units and tags, and rendering each link anew
// was a quarter of the page's cost.
func (r *Renderer) termLink(d *Data, tax, name string) (template.HTML, error) {
	k := termKey{tax: tax, name: name, root: site.Root(d.URL)}
	r.cached.mu.Lock()
	r.cached.reset(d.Site)
	h, ok := r.cached.terms[k]
	r.cached.mu.Unlock()
	if ok {
		return h, nil
	}
	var b bytes.Buffer
	td := &TermData{Page: d, Taxonomy: tax, Name: name, URL: d.Rel(termURL(tax, name))}
	if err := r.sets[d.Kind].ExecuteTemplate(&b, "partials/term-link.html", td); err != nil {
		return "", err
	}
	h = template.HTML(b.String())
	r.cached.mu.Lock()
	if r.cached.site == d.Site {
		r.cached.terms[k] = h
	}
	r.cached.mu.Unlock()
	return h, nil
}

func termURL(tax, name string) string { return tax + "/" + site.TermSlug(name) + "/index.html" }

// RowData is "." of partials/row.html.
type RowData struct {
	Page  *Data
	Entry *site.Entry
	Year  int
}

// cachedRow renders partials/row.html for an entry in a list, or returns
// the row rendered before for the same entry, summary, year and depth. A
// 50,000-entry archive lists every entry on four or five pages, mostly at
// one depth; rendering each row once is most of the lists' cost saved, and
// gen serve keeps the rows of entries it did not change.
func (r *Renderer) cachedRow(d *Data, e *site.Entry, year int) (template.HTML, error) {
	k := rowKey{e: e, summary: e.Summary, year: year, root: site.Root(d.URL)}
	r.cached.mu.Lock()
	r.cached.reset(d.Site)
	h, ok := r.cached.rows[k]
	r.cached.mu.Unlock()
	if ok {
		return h, nil
	}
	var b bytes.Buffer
	if r.fastRow {
		r.writeRow(&b, d, e, year)
	} else if err := r.sets[d.Kind].ExecuteTemplate(&b, "partials/row.html", &RowData{Page: d, Entry: e, Year: year}); err != nil {
		return "", err
	}
	h = template.HTML(b.String())
	r.cached.mu.Lock()
	if r.cached.site == d.Site {
		r.cached.rows[k] = h
	}
	r.cached.mu.Unlock()
	return h, nil
}

// navCurrent is the navigation item a page belongs to: its section, the
// timeline, the years, or its taxonomy.
func navCurrent(d *Data) string {
	switch {
	case d.Section != nil:
		return "section:" + d.Section.Name
	case d.Taxonomy != nil:
		return "taxonomy:" + d.Taxonomy.Key
	case strings.HasPrefix(d.Kind, "timeline"):
		return "timeline"
	case d.Kind == site.KindYears || d.Kind == site.KindYear:
		return "years"
	}
	return ""
}
