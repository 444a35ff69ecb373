// Package site is the archive model: from a content.Library it works out every
// page the archive has and what each lists — sections, years, the timeline,
// taxonomies, previous/next links and pagination — and where each page goes.
//
// URLs in the model are paths relative to the site root, unescaped and ending
// in a file ("reports/2022/index.html"); Rel turns one into an href relative
// to the page it appears on, so the output works under any sub-path, from
// file:// and from a Windows share.
//
// The model holds metadata only (no rendered bodies), so it stays small for
// 50,000 entries. It is built anew for every build and not changed
// afterwards, except for each Entry's Summary, which the build fills in after
// rendering the bodies. The content.Entry values it points to are shared
// between builds of gen serve and are never changed.
package site

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
)

// Site is the whole archive model.
type Site struct {
	Config     *config.Config
	Home       content.Home
	Sections   []*Section
	Entries    []*Entry // chronological: oldest first
	Years      []*Year  // newest first
	Taxonomies []*Taxonomy
	Files      []content.File
	Pages      []*Page // every page except entry pages and compilations, in a stable order
	// Compilations are the volumes of the years' printable compilations;
	// the build renders them with the entries' full text.
	Compilations []*Page
	// Figures charts each tracked figure across the years.
	Figures []*FigureSeries
	// Aliases are the redirect pages at entries' old addresses (tools.go);
	// AliasWarnings says which were left out, and why.
	Aliases       []*Alias
	AliasWarnings []error

	byPath  map[string]*Entry
	byURL   map[string]*Entry
	section map[string]*Section
	year    map[int]*Year

	sectionCompile map[string]string // "reports/2022" → its compilation's URL
}

// Entry is a content.Entry placed in the archive.
//
// The fields templates show most are copied out of the embedded
// content.Entry: text/template finds a promoted field of an embedded struct
// by a slow search on every access, which cost a fifth of rendering a page.
type Entry struct {
	*content.Entry
	Title       string
	URL         string
	Date        time.Time
	HasDate     bool
	Year        int
	Units       []string
	Tags        []string
	Attachments []content.Attachment
	Summary     string // the front matter's, else the first paragraph's (set by the build)
	Sec         *Section
	Prev, Next  *Entry   // neighbours in the section, chronological
	ID          string   // a short id made of its URL: stable, unique in practice, for anchors
	Photos      []*Photo // its pictures with their copies, in file-name order (set by the build)
}

// Section is a first-level content folder with its entries.
type Section struct {
	*content.Section
	Name    string // copied out of content.Section for templates (see Entry)
	Title   string
	URL     string
	Entries []*Entry // chronological
	Years   []*Count // newest first
	Figures []*FigureSeries
}

// Count is a year, a month or a term with how many entries it has.
type Count struct {
	Key   int
	Label string
	Count int
	URL   string
}

// Year is one year of the archive: entries reported on it, events dated in it.
type Year struct {
	Year        int
	URL         string // years/2022/index.html
	TimelineURL string // timeline/2022/index.html
	Entries     []*Entry
	Events      []*Event
	Months      [12]int // entries and events per month, for the timeline overview
	// MonthURLs is where the timeline shows each month: a fragment of
	// TimelineURL, or the month's own page when the year's timeline is split.
	MonthURLs [12]string
	// Figures adds up the year's tracked figures.
	Figures []*FigureRow
	// CompileURL is the year's compilation ("" when it has nothing to compile).
	CompileURL string
	// PhotosURL is the year's page of photos ("" when it has none).
	PhotosURL string
}

// Event is an event of an entry, placed on the timeline.
type Event struct {
	Date  time.Time
	Title string
	Note  string
	Entry *Entry
}

// Taxonomy is a way of grouping entries: tags, units, or one from config.
type Taxonomy struct {
	Key   string
	Label string // from config; empty for the theme's default label
	URL   string // tags/index.html
	Terms []*Term
}

// Term is one value of a taxonomy ("党风廉政").
type Term struct {
	Name    string
	Slug    string
	URL     string
	Entries []*Entry // chronological
}

// New builds the model. The error is a diag.List of URL collisions.
func New(cfg *config.Config, lib *content.Library) (*Site, error) {
	s := &Site{Config: cfg, Home: lib.Home, Files: lib.Files,
		byPath: map[string]*Entry{}, byURL: map[string]*Entry{}, section: map[string]*Section{}, year: map[int]*Year{},
		sectionCompile: map[string]string{}}
	var errs diag.List
	if err := s.placeSections(lib.Sections); err != nil {
		errs = append(errs, err...)
	}
	s.placeEntries(lib.Entries)
	s.groupYears()
	s.groupTaxonomies()
	s.figures()
	s.compilations()
	s.pages()
	errs = append(errs, s.collisions()...)
	s.placeAliases()
	return s, errs.Err()
}

var reservedSections = map[string]bool{"years": true, "timeline": true, "search": true, "assets": true, "index.html": true, "404.html": true}

func (s *Site) placeSections(list []*content.Section) diag.List {
	var errs diag.List
	for _, cs := range list {
		if reservedSections[cs.Name] || s.isTaxonomy(cs.Name) {
			errs = append(errs, diag.Errorf(cs.Name, 0, "a section cannot be called %q: the archive has its own pages there (rename the folder)", cs.Name))
			continue
		}
		sec := &Section{Section: cs, Name: cs.Name, Title: cs.Title, URL: cs.Name + "/index.html"}
		s.Sections = append(s.Sections, sec)
		s.section[cs.Name] = sec
	}
	return errs
}

func (s *Site) isTaxonomy(name string) bool {
	for _, t := range s.Config.Taxonomies {
		if t.Key == name {
			return true
		}
	}
	return false
}

// sortEntries orders entries as Before does, computing each entry's keys
// once rather than in every comparison (calendar days are not cheap).
func sortEntries(list []*Entry) {
	type keyed struct {
		day    int   // yyyymmdd
		at     int64 // nanoseconds
		weight int
		e      *Entry
	}
	keys := make([]keyed, len(list))
	for i, e := range list {
		t := SortKey(e.Entry)
		y, m, d := t.Date()
		keys[i] = keyed{y*10000 + int(m)*100 + d, t.UnixNano(), e.Weight, e}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		switch {
		case a.day != b.day:
			return cmp.Compare(a.day, b.day)
		case a.weight != b.weight:
			if content.WeightBefore(a.weight, b.weight) {
				return -1
			}
			return 1
		case a.at != b.at:
			return cmp.Compare(a.at, b.at)
		}
		return strings.Compare(a.e.Path, b.e.Path) // paths are unique: the order is total
	})
	for i := range keys {
		list[i] = keys[i].e
	}
}

// shortID is 8 hex digits of FNV-1a of s.
func shortID(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return fmt.Sprintf("%08x", h.Sum32())
}

// SortKey is the moment an entry sorts at: its date, or the end of its year.
func SortKey(e *content.Entry) time.Time {
	if e.HasDate {
		return e.Date
	}
	return time.Date(e.Year, 12, 31, 23, 59, 59, 0, time.UTC)
}

// Before orders entries chronologically; weight orders entries of one day.
func Before(a, b *content.Entry) bool {
	ka, kb := SortKey(a), SortKey(b)
	if !sameDay(ka, kb) {
		return ka.Before(kb)
	}
	if a.Weight != b.Weight {
		return content.WeightBefore(a.Weight, b.Weight)
	}
	if !ka.Equal(kb) {
		return ka.Before(kb)
	}
	return a.Path < b.Path
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func (s *Site) placeEntries(list []*content.Entry) {
	all := make([]*Entry, 0, len(list))
	for _, ce := range list {
		sec := s.section[ce.Section]
		if sec == nil {
			continue // its section was refused above
		}
		e := &Entry{Entry: ce, Sec: sec, Summary: ce.Summary, Title: ce.Title, URL: ce.URL, Date: ce.Date,
			HasDate: ce.HasDate, Year: ce.Year, Units: ce.Units, Tags: ce.Tags, Attachments: ce.Attachments}
		all = append(all, e)
		s.byPath[ce.Path] = e
	}
	sortEntries(all)
	for _, e := range all {
		e.ID = shortID(e.URL)
	}
	s.Entries = all
	for _, e := range all {
		e.Sec.Entries = append(e.Sec.Entries, e)
	}
	for _, sec := range s.Sections {
		for i, e := range sec.Entries {
			if i > 0 {
				e.Prev = sec.Entries[i-1]
			}
			if i+1 < len(sec.Entries) {
				e.Next = sec.Entries[i+1]
			}
		}
		counts := map[int]int{}
		for _, e := range sec.Entries {
			counts[e.Year]++
		}
		for _, y := range sortedDesc(counts) {
			sec.Years = append(sec.Years, &Count{Key: y, Label: strconv.Itoa(y), Count: counts[y], URL: fmt.Sprintf("%s/%d/index.html", sec.Name, y)})
		}
	}
}

func sortedDesc(m map[int]int) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(keys)))
	return keys
}

func (s *Site) yearOf(y int) *Year {
	if s.year[y] == nil {
		s.year[y] = &Year{Year: y, URL: fmt.Sprintf("years/%d/index.html", y), TimelineURL: fmt.Sprintf("timeline/%d/index.html", y)}
	}
	return s.year[y]
}

func (s *Site) groupYears() {
	for _, e := range s.Entries {
		y := s.yearOf(e.Year)
		y.Entries = append(y.Entries, e)
		y.Months[MonthOf(e, e.Year)-1]++
		for _, ev := range e.Events {
			ey := s.yearOf(ev.Date.Year())
			ey.Events = append(ey.Events, &Event{Date: ev.Date, Title: ev.Title, Note: ev.Note, Entry: e})
			ey.Months[ev.Date.Month()-1]++
		}
	}
	for _, y := range s.year {
		sort.SliceStable(y.Events, func(i, j int) bool { return y.Events[i].Date.Before(y.Events[j].Date) })
		s.Years = append(s.Years, y)
	}
	sort.Slice(s.Years, func(i, j int) bool { return s.Years[i].Year > s.Years[j].Year })
}

// MonthOf is the month (1–12) an entry is shown under in the given year: its
// date's month, or 12 when it is dated outside that year (a 2022 report
// written in January 2023 closes 2022) or not dated at all.
func MonthOf(e *Entry, year int) int {
	if e.HasDate && e.Date.Year() == year {
		return int(e.Date.Month())
	}
	return 12
}

func (s *Site) groupTaxonomies() {
	for _, tc := range s.taxonomyConfigs() {
		tax := &Taxonomy{Key: tc.Key, Label: tc.Label, URL: tc.Key + "/index.html"}
		bySlug := map[string]*Term{}
		byName := map[string]*Term{} // names seen, so each is made a slug once
		for _, e := range s.Entries {
			for _, name := range e.TermsOf(tc.Key) {
				t := byName[name]
				if t == nil {
					slug := TermSlug(name)
					if t = bySlug[slug]; t == nil {
						t = &Term{Name: name, Slug: slug, URL: tc.Key + "/" + slug + "/index.html"}
						bySlug[slug] = t
						tax.Terms = append(tax.Terms, t)
					}
					byName[name] = t
				}
				t.Entries = append(t.Entries, e)
			}
		}
		sort.SliceStable(tax.Terms, func(i, j int) bool {
			a, b := tax.Terms[i], tax.Terms[j]
			if len(a.Entries) != len(b.Entries) {
				return len(a.Entries) > len(b.Entries)
			}
			return a.Name < b.Name
		})
		s.Taxonomies = append(s.Taxonomies, tax)
	}
}

// TermSlug makes a folder name of a term: Chinese stays Chinese, Latin is
// lower-cased, and characters that are not safe in a URL path segment or a
// Windows file name become "-".
func TermSlug(name string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(name) {
		switch {
		case strings.ContainsRune(`/\?#%:*"<>|&+`, r), r < 0x20, r == ' ', r == '\u3000':
			b.WriteByte('-')
		default:
			b.WriteString(strings.ToLower(string(r)))
		}
	}
	slug := strings.Trim(b.String(), "-.")
	if slug == "" {
		slug = "-"
	}
	return slug
}

// figures adds up the tracked figures per year, and charts them across the
// years for the archive and for each section.
func (s *Site) figures() {
	if len(s.Config.Figures) == 0 {
		return
	}
	for _, y := range s.Years {
		y.Figures = figureRows(s.Config, y.Entries)
	}
	s.Figures = figureSeries(s.Config, s.Years, func(y *Year) []*Entry { return y.Entries }, func(y *Year) string { return y.URL })
	for _, sec := range s.Sections {
		sec.Figures = figureSeries(s.Config, s.Years, func(y *Year) []*Entry { return sec.entriesOf(y.Year) },
			func(y *Year) string { return fmt.Sprintf("%s/%d/index.html", sec.Name, y.Year) })
	}
}

func (sec *Section) entriesOf(year int) []*Entry {
	var out []*Entry
	for _, e := range sec.Entries {
		if e.Year == year {
			out = append(out, e)
		}
	}
	return out
}

// SectionCompileURL is the URL of a section's compilation of a year, or "".
func (s *Site) SectionCompileURL(sec *Section, year int) string {
	return s.sectionCompile[fmt.Sprintf("%s/%d", sec.Name, year)]
}

// EntryBySource finds an entry by its source path (relative to content/).
func (s *Site) EntryBySource(p string) *Entry { return s.byPath[p] }

// Section returns a section by folder name.
func (s *Site) SectionNamed(name string) *Section { return s.section[name] }

// YearOf returns the archive year y, or nil.
func (s *Site) YearOf(y int) *Year { return s.year[y] }
