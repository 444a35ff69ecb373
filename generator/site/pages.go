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
	Nav      *Nav      // set on the pages of a list split by year or month
	// Compilation is what a compilation volume holds (kind compilation).
	Compilation *Compilation
	// PhotoGroups are a year's photos by month (kind year-photos).
	PhotoGroups []*PhotoGroup
	// Figures are a section-year's tracked figures (section-year pages;
	// a year page has .Year.Figures).
	Figures []*FigureRow
	Pager   *Pager // set on the numbered parts of a month too long for one page
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

// Pager links the numbered parts of a month too long for one page.
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

// pages lists every non-entry page. Lists too long for one page are split
// (see split.go).
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
			key := c.Key
			var figs []*FigureRow
			if len(s.Config.Figures) > 0 {
				figs = figureRows(s.Config, sec.entriesOf(key))
			}
			s.place(list{page: &Page{Kind: KindSectionYear, URL: c.URL, Section: sec, Year: s.year[key], Figures: figs},
				items: byYear[key], by: []string{"month"}, year: key,
				groups: func(items []Item) []*Group {
					return []*Group{{Key: key, ID: fmt.Sprintf("y%d", key), Items: items}}
				}})
		}
	}
	add(&Page{Kind: KindYears, URL: "years/index.html"})
	add(&Page{Kind: KindTimeline, URL: "timeline/index.html"})
	for _, y := range s.Years {
		y := y
		s.place(list{page: &Page{Kind: KindYear, URL: y.URL, Year: y}, items: entryItems(y.Entries),
			by: []string{"month"}, year: y.Year, groups: func(items []Item) []*Group { return s.sectionGroups(items, y.Year) }})
		split := s.place(list{page: &Page{Kind: KindTimelineYear, URL: y.TimelineURL, Year: y},
			items: flatten(timelineGroups(y)), by: []string{"month"}, year: y.Year,
			groups: func(items []Item) []*Group { return monthGroups(items, y.Year) }})
		y.setMonthURLs(split)
	}
	for _, tax := range s.Taxonomies {
		add(&Page{Kind: KindTaxonomy, URL: tax.URL, Taxonomy: tax})
		for _, t := range tax.Terms {
			s.place(list{page: &Page{Kind: KindTerm, URL: t.URL, Taxonomy: tax, Term: t},
				items: entryItems(t.Entries), by: []string{"year", "month"}, groups: yearGroups})
		}
	}
	add(&Page{Kind: KindSearch, URL: "search/index.html"})
	add(&Page{Kind: Kind404, URL: "404.html"})
}

// setMonthURLs says where the timeline shows each month of y: a fragment of
// the year's timeline page, or the month's own page when the year is split.
func (y *Year) setMonthURLs(split *Level) {
	for m := range y.MonthURLs {
		y.MonthURLs[m] = fmt.Sprintf("%s#m%02d", y.TimelineURL, m+1)
	}
	if split == nil {
		return
	}
	for _, c := range split.Ranges {
		y.MonthURLs[c.Key-1] = c.URL
	}
}

func entryItems(entries []*Entry) []Item {
	items := make([]Item, len(entries))
	for i, e := range entries {
		items[i] = Item{Entry: e}
	}
	return items
}

func flatten(groups []*Group) []Item {
	var items []Item
	for _, g := range groups {
		items = append(items, g.Items...)
	}
	return items
}

// sectionGroups puts the entries of a year's page under their sections, in
// the sections' order.
func (s *Site) sectionGroups(items []Item, year int) []*Group {
	var groups []*Group
	for _, sec := range s.Sections {
		g := &Group{Title: sec.Title, ID: sec.Name, URL: fmt.Sprintf("%s/%d/index.html", sec.Name, year)}
		for _, it := range items {
			if it.Entry.Sec == sec {
				g.Items = append(g.Items, it)
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

// monthGroups groups items already in timelineGroups' order by month.
func monthGroups(items []Item, year int) []*Group {
	var groups []*Group
	for _, it := range items {
		m := itemMonth(it, year)
		if len(groups) == 0 || groups[len(groups)-1].Key != m {
			groups = append(groups, &Group{Key: m, ID: fmt.Sprintf("m%02d", m)})
		}
		g := groups[len(groups)-1]
		g.Items = append(g.Items, it)
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

// yearGroups puts a term's entries (chronological) under their years,
// newest year first, chronological within a year.
func yearGroups(items []Item) []*Group {
	var groups []*Group
	byYear := map[int]*Group{}
	for i := len(items) - 1; i >= 0; i-- { // newest year first
		e := items[i].Entry
		g := byYear[e.Year]
		if g == nil {
			g = &Group{Key: e.Year, ID: fmt.Sprintf("y%d", e.Year)}
			byYear[e.Year] = g
			groups = append(groups, g)
		}
		g.Items = append(g.Items, items[i])
	}
	for _, g := range groups { // chronological within a year
		for i, j := 0, len(g.Items)-1; i < j; i, j = i+1, j-1 {
			g.Items[i], g.Items[j] = g.Items[j], g.Items[i]
		}
	}
	return groups
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
