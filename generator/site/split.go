package site

import (
	"fmt"
	"slices"
	"strings"
)

// Splitting long lists.
//
// A list with more rows (entries, and events on the timeline) than
// Config.MaxListed is split at the archive's natural boundaries, so that a
// page's address always names the same range of entries and an addition
// changes only the pages whose range holds it:
//
//	tags/主题党日/index.html          the years, with counts
//	tags/主题党日/2008/index.html     the entries of 2008 (or, if still too
//	                                  long, its months with counts)
//	tags/主题党日/2008/05/index.html  the entries of May 2008
//	tags/主题党日/2008/05/p2/index.html  the second part of a month too long
//	                                  for one page (numbered parts: Pager)
//
// A year's lists (section-year, year, timeline year) start at the months.
// The page that lists the ranges shows their counts (Nav.Ranges); the pages
// of the ranges link to their neighbours without counts (Nav.Levels), so a
// new entry does not rewrite every sibling page.

// Nav places a page of a split list among the ranges of its list.
type Nav struct {
	// Levels are the splits this page is inside, outermost first: a month
	// page of a tag has the tag's years, then the year's months. Each
	// level's Current is the range this page is in.
	Levels []*Level
	// Ranges is set when the page is the index of a split: the years or
	// months below it, each with its count and page.
	Ranges *Level
}

// Level is one split of a list: its ranges in order (years newest first,
// months January first).
type Level struct {
	By      string   // "year" or "month"
	Year    int      // for months: their year
	Index   string   // URL of the page that lists these ranges with counts
	Up      int      // the year the index page stands for, 0 when it is the list's own page
	Ranges  []*Count // Key: the year or month; Count: its rows; URL: its page
	Current int      // the range the page is in; 0 on the index page itself
}

// Earlier is the range before the current one in time, or nil.
func (l *Level) Earlier() *Count { return l.step(-1) }

// Later is the range after the current one in time, or nil.
func (l *Level) Later() *Count { return l.step(+1) }

func (l *Level) step(dir int) *Count {
	var best *Count
	for _, c := range l.Ranges {
		if (dir < 0 && c.Key < l.Current && (best == nil || c.Key > best.Key)) ||
			(dir > 0 && c.Key > l.Current && (best == nil || c.Key < best.Key)) {
			best = c
		}
	}
	return best
}

// list is a list to be placed on one or more pages.
type list struct {
	page  *Page  // the list's own page; copied for each range
	items []Item // chronological
	// by are the boundaries to split at, outermost first ("year", "month").
	by []string
	// year is the year of a list that is one year (section-year, year,
	// timeline year); 0 for a term's list across years.
	year int
	// groups arranges the items of one page into headed groups.
	groups func(items []Item) []*Group
}

// place adds the pages of l, split as far as its length needs. It returns
// the first split (the ranges the list's own page shows), or nil when the
// list is one page.
func (s *Site) place(l list) *Level {
	return s.placeRange(l, l.page, l.items, nil, l.year)
}

func (s *Site) placeRange(l list, p *Page, items []Item, levels []*Level, year int) *Level {
	max := s.Config.MaxListed
	if max < 1 {
		max = 1
	}
	depth := len(levels)
	if len(items) <= max || depth == len(l.by) {
		s.parts(p, l.groups(items), levels, max)
		return nil
	}
	by := l.by[depth]
	keys, byKey := splitItems(items, by, year)
	dir := strings.TrimSuffix(p.URL, "index.html")
	lv := &Level{By: by, Year: year, Index: p.URL}
	if depth > 0 {
		lv.Up = levels[depth-1].Current
	}
	for _, k := range keys {
		lv.Ranges = append(lv.Ranges, &Count{Key: k, Label: rangeLabel(by, k), Count: len(byKey[k]),
			URL: fmt.Sprintf("%s%s/index.html", dir, rangeLabel(by, k))})
	}
	index := *p
	index.Nav = &Nav{Levels: levels, Ranges: lv}
	s.Pages = append(s.Pages, &index)
	for _, c := range lv.Ranges {
		here := *lv
		here.Current = c.Key
		sub := *p
		sub.URL = c.URL
		sub.Nav = nil
		y := year
		if by == "year" {
			y = c.Key
		}
		s.placeRange(l, &sub, byKey[c.Key], append(levels[:depth:depth], &here), y)
	}
	return lv
}

// splitItems sorts items into years (newest first) or months (January
// first). An entry's month is MonthOf its year; an event's, its date's.
func splitItems(items []Item, by string, year int) ([]int, map[int][]Item) {
	byKey := map[int][]Item{}
	var keys []int
	for _, it := range items {
		k := itemYear(it)
		if by == "month" {
			k = itemMonth(it, year)
		}
		if byKey[k] == nil {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], it)
	}
	slices.Sort(keys)
	if by == "year" {
		slices.Reverse(keys)
	}
	return keys, byKey
}

func itemYear(it Item) int {
	if it.Event != nil {
		return it.Event.Date.Year()
	}
	return it.Entry.Year
}

func itemMonth(it Item, year int) int {
	if it.Event != nil {
		return int(it.Event.Date.Month())
	}
	return MonthOf(it.Entry, year)
}

func rangeLabel(by string, k int) string {
	if by == "month" {
		return fmt.Sprintf("%02d", k)
	}
	return fmt.Sprint(k)
}

// parts adds p with its groups; a page still too long (a month with more
// rows than max: an import of a thousand documents of one day) is cut into
// numbered parts: p.URL, then <dir>p2/index.html, …
func (s *Site) parts(p *Page, groups []*Group, levels []*Level, max int) {
	total := 0
	for _, g := range groups {
		g.Total = len(g.Items)
		total += len(g.Items)
	}
	p.Nav = nil
	if len(levels) > 0 {
		p.Nav = &Nav{Levels: levels}
	}
	if total <= max {
		p.Groups = groups
		s.Pages = append(s.Pages, p)
		return
	}
	n := (total + max - 1) / max
	dir := strings.TrimSuffix(p.URL, "index.html")
	urls := make([]string, n)
	for i := range urls {
		urls[i] = p.URL
		if i > 0 {
			urls[i] = fmt.Sprintf("%sp%d/index.html", dir, i+1)
		}
	}
	gi, off := 0, 0
	for i := 0; i < n; i++ {
		page := *p
		page.URL = urls[i]
		page.Pager = &Pager{Number: i + 1, Pages: urls}
		page.Groups = nil
		for room := max; room > 0 && gi < len(groups); {
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
