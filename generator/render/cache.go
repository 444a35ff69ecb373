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

func (c *partialCache) reset(s *site.Site) {
	if c.site != s {
		c.site, c.m, c.rows, c.terms = s, map[string]template.HTML{}, map[rowKey]template.HTML{}, map[termKey]template.HTML{}
	}
}

// cached returns what the map pick chooses holds at k for site s's build,
// or renders it, keeps it there and returns it.
func cached[K comparable](c *partialCache, s *site.Site, pick func(*partialCache) map[K]template.HTML, k K, render func(*bytes.Buffer) error) (template.HTML, error) {
	c.mu.Lock()
	c.reset(s)
	h, ok := pick(c)[k]
	c.mu.Unlock()
	if ok {
		return h, nil
	}
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return "", err
	}
	h = template.HTML(b.String())
	c.mu.Lock()
	if c.site == s {
		pick(c)[k] = h
	}
	c.mu.Unlock()
	return h, nil
}

func partials(c *partialCache) map[string]template.HTML { return c.m }
func rows(c *partialCache) map[rowKey]template.HTML     { return c.rows }
func terms(c *partialCache) map[termKey]template.HTML   { return c.terms }

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
	return cached(&r.cached, d.Site, partials, name+"\x00"+fmt.Sprint(key...), func(b *bytes.Buffer) error {
		return r.sets[d.Kind].ExecuteTemplate(b, name, d)
	})
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
	if d.Nav != nil { // the ranges of a split list each have their own crumbs
		for _, lv := range d.Nav.Levels {
			b.WriteByte('|')
			b.WriteString(lv.Index)
		}
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
	return cached(&r.cached, d.Site, terms, termKey{tax: tax, name: name, root: site.Root(d.URL)}, func(b *bytes.Buffer) error {
		td := &TermData{Page: d, Taxonomy: tax, Name: name, URL: d.Rel(termURL(tax, name))}
		return r.sets[d.Kind].ExecuteTemplate(b, "partials/term-link.html", td)
	})
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
	return cached(&r.cached, d.Site, rows, rowKey{e: e, summary: e.Summary, year: year, root: site.Root(d.URL)}, func(b *bytes.Buffer) error {
		if r.fastRow {
			r.writeRow(b, d, e, year)
			return nil
		}
		return r.sets[d.Kind].ExecuteTemplate(b, "partials/row.html", &RowData{Page: d, Entry: e, Year: year})
	})
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
