package site

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"gen/generator/diag"
)

// Page kinds. Entry pages are not in Site.Pages: they come from Site.Entries.
const (
	KindHome         = "home"
	KindEntry        = "entry"
	KindSection      = "section"
	KindSectionYear  = "section-year"
	KindYears        = "years"
	KindYear         = "year"
	KindTimeline     = "timeline"
	KindTimelineYear = "timeline-year"
	KindTaxonomy     = "taxonomy"
	KindTerm         = "term"
	KindSearch       = "search"
	Kind404          = "404"
)

// Page is one output page and what it lists. Which fields are set depends on
// Kind; the theme builds titles and breadcrumbs from them.
type Page struct {
	Kind     string
	URL      string
	Section  *Section  // section, section-year, entry
	Year     *Year     // section-year, year, timeline-year
	Taxonomy *Taxonomy // taxonomy, term
	Term     *Term     // term
	Entry    *Entry    // entry
	Groups   []*Group  // the entries (and events) this page lists, grouped
	Pager    *Pager    // set when the list is split over several pages
}

// Group is a heading in a list page with the items under it.
type Group struct {
	Key       int    // the year or month the group stands for, if any
	Title     string // a section title or term, if the group stands for one
	ID        string // fragment id ("m07", "y2022", a section name)
	URL       string // where the group's own page is, if it has one
	Total     int    // items in the whole group, across pages
	Continued bool   // the group started on an earlier page
	Items     []Item
}

// Item is an entry or an event in a list.
type Item struct {
	Entry *Entry
	Event *Event
}

// Pager links the numbered pages of a split list.
type Pager struct {
	Number int // 1-based
	Pages  []string
}

// Prev is the previous page's URL, or "".
func (p *Pager) Prev() string {
	if p.Number > 1 {
		return p.Pages[p.Number-2]
	}
	return ""
}

// Next is the next page's URL, or "".
func (p *Pager) Next() string {
	if p.Number < len(p.Pages) {
		return p.Pages[p.Number]
	}
	return ""
}

// Root is the relative path from a page to the site root ("../../").
func Root(pageURL string) string {
	return strings.Repeat("../", strings.Count(pageURL, "/"))
}

// Rel returns target (a site-root URL, possibly with #fragment) as an href
// relative to the page at from, each path segment percent-encoded.
func Rel(from, target string) string {
	path, frag, hasFrag := strings.Cut(target, "#")
	var b strings.Builder
	b.WriteString(Root(from))
	for i, seg := range strings.Split(path, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(seg))
	}
	if hasFrag {
		b.WriteByte('#')
		b.WriteString(url.PathEscape(frag))
	}
	return b.String()
}

// EntryPage is the page of an entry.
func (s *Site) EntryPage(e *Entry) *Page {
	return &Page{Kind: KindEntry, URL: e.URL, Section: e.Sec, Entry: e}
}

// pages lists every non-entry page.
func (s *Site) pages() {
	add := func(p *Page) { s.Pages = append(s.Pages, p) }
	add(&Page{Kind: KindHome, URL: "index.html"})
	for _, sec := range s.Sections {
		add(&Page{Kind: KindSection, URL: sec.URL, Section: sec})
		byYear := map[int][]Item{}
		for _, e := range sec.Entries {
			byYear[e.Year] = append(byYear[e.Year], Item{Entry: e})
		}
		for _, c := range sec.Years {
			y := s.year[c.Key]
			s.paginate(&Page{Kind: KindSectionYear, URL: c.URL, Section: sec, Year: y},
				[]*Group{{Key: c.Key, ID: fmt.Sprintf("y%d", c.Key), Items: byYear[c.Key]}})
		}
	}
	add(&Page{Kind: KindYears, URL: "years/index.html"})
	add(&Page{Kind: KindTimeline, URL: "timeline/index.html"})
	for _, y := range s.Years {
		s.paginate(&Page{Kind: KindYear, URL: y.URL, Year: y}, s.yearGroups(y))
		s.paginate(&Page{Kind: KindTimelineYear, URL: y.TimelineURL, Year: y}, timelineGroups(y))
	}
	for _, tax := range s.Taxonomies {
		add(&Page{Kind: KindTaxonomy, URL: tax.URL, Taxonomy: tax})
		for _, t := range tax.Terms {
			s.paginate(&Page{Kind: KindTerm, URL: t.URL, Taxonomy: tax, Term: t}, termGroups(t))
		}
	}
	add(&Page{Kind: KindSearch, URL: "search/index.html"})
	add(&Page{Kind: Kind404, URL: "404.html"})
}

func (s *Site) yearGroups(y *Year) []*Group {
	var groups []*Group
	for _, sec := range s.Sections {
		g := &Group{Title: sec.Title, ID: sec.Name, URL: fmt.Sprintf("%s/%d/index.html", sec.Name, y.Year)}
		for _, e := range y.Entries {
			if e.Sec == sec {
				g.Items = append(g.Items, Item{Entry: e})
			}
		}
		if len(g.Items) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// timelineGroups puts a year's entries and events under their months,
// January first; within a month, by date.
func timelineGroups(y *Year) []*Group {
	var months [12][]Item
	for _, e := range y.Entries {
		m := MonthOf(e, y.Year) - 1
		months[m] = append(months[m], Item{Entry: e})
	}
	for _, ev := range y.Events {
		m := int(ev.Date.Month()) - 1
		months[m] = insertEvent(months[m], ev)
	}
	var groups []*Group
	for m, items := range months {
		if len(items) > 0 {
			groups = append(groups, &Group{Key: m + 1, ID: fmt.Sprintf("m%02d", m+1), Items: items})
		}
	}
	return groups
}

// insertEvent places an event among a month's items by date (events before
// entries of the same moment).
func insertEvent(items []Item, ev *Event) []Item {
	i := 0
	for i < len(items) && itemTime(items[i]).Before(ev.Date) {
		i++
	}
	items = append(items, Item{})
	copy(items[i+1:], items[i:])
	items[i] = Item{Event: ev}
	return items
}

func itemTime(it Item) time.Time {
	if it.Event != nil {
		return it.Event.Date
	}
	return SortKey(it.Entry.Entry)
}

func termGroups(t *Term) []*Group {
	var groups []*Group
	byYear := map[int]*Group{}
	for i := len(t.Entries) - 1; i >= 0; i-- { // newest year first
		e := t.Entries[i]
		g := byYear[e.Year]
		if g == nil {
			g = &Group{Key: e.Year, ID: fmt.Sprintf("y%d", e.Year)}
			byYear[e.Year] = g
			groups = append(groups, g)
		}
		g.Items = append(g.Items, Item{Entry: e})
	}
	for _, g := range groups { // chronological within a year
		for i, j := 0, len(g.Items)-1; i < j; i, j = i+1, j-1 {
			g.Items[i], g.Items[j] = g.Items[j], g.Items[i]
		}
	}
	return groups
}

// paginate adds p, split into pages of at most MaxListed items when its
// groups hold more: p.URL, then <dir>/page/2/index.html, …
func (s *Site) paginate(p *Page, groups []*Group) {
	total := 0
	for _, g := range groups {
		g.Total = len(g.Items)
		total += len(g.Items)
	}
	if total <= MaxListed {
		p.Groups = groups
		s.Pages = append(s.Pages, p)
		return
	}
	n := (total + MaxListed - 1) / MaxListed
	dir := strings.TrimSuffix(p.URL, "index.html")
	urls := make([]string, n)
	for i := range urls {
		urls[i] = p.URL
		if i > 0 {
			urls[i] = fmt.Sprintf("%spage/%d/index.html", dir, i+1)
		}
	}
	gi, off := 0, 0
	for i := 0; i < n; i++ {
		page := *p
		page.URL = urls[i]
		page.Pager = &Pager{Number: i + 1, Pages: urls}
		page.Groups = nil
		room := MaxListed
		for room > 0 && gi < len(groups) {
			g := groups[gi]
			take := min(room, len(g.Items)-off)
			part := *g
			part.Items = g.Items[off : off+take]
			part.Continued = off > 0
			page.Groups = append(page.Groups, &part)
			room -= take
			off += take
			if off == len(g.Items) {
				gi, off = gi+1, 0
			}
		}
		s.Pages = append(s.Pages, &page)
	}
}

// collisions reports two things written to one output path.
func (s *Site) collisions() diag.List {
	var errs diag.List
	owner := map[string]string{}
	for _, p := range s.Pages {
		owner[p.URL] = "the archive's " + p.Kind + " page"
	}
	for _, e := range s.Entries {
		key := e.URL
		if prev, ok := owner[key]; ok {
			// Paths in messages are relative to content/; the build adds the
			// prefix to the error's own path, so add it to the other file here.
			errs = append(errs, diag.Errorf(e.Path, e.SlugLine, "its page %s is also %s (set a different slug or rename the file)", e.URL, prev))
			continue
		}
		owner[key] = "content/" + e.Path
		s.byURL[e.URL] = e
	}
	return errs
}
