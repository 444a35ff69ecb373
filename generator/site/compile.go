package site

import (
	"fmt"
	"time"
)

// KindCompilation is a volume of a year's printable compilation (汇编).
const KindCompilation = "compilation"

// Compilation is one volume of the year's archive as one printable
// document: every entry of the year (or of one section's year) that is not
// a draft and not compile = false, by section, then by date. A year with
// more entries than Config.Compilation.MaxEntries is cut into volumes (册)
// at section boundaries; a section too large for one volume is cut at
// month boundaries.
type Compilation struct {
	Year    *Year
	Section *Section  // nil: the whole year
	Volume  *Volume   // this volume; nil on the index page of a compilation in volumes
	Volumes []*Volume // every volume, when there are more than one
	Groups  []*Group  // the entries by section, each group's ID its section name
	Entries int       // in this volume
	Figures []*FigureRow
	Last    time.Time // the newest date among its entries: the date it was compiled as of
}

// Volume is one volume (册) of a compilation cut into several, and the
// range it holds: a section, or a quarter, a month or a part of a month of
// it (0 where not cut so fine).
type Volume struct {
	N       int // 1-based, in the order printed
	URL     string
	Section *Section
	Quarter int
	Month   int
	Part    int
	Entries int
}

// compileDir is the folder a year's (or a section's year's) compilation
// goes in.
func compileDir(y int, sec *Section) string {
	if sec != nil {
		return fmt.Sprintf("%s/%d/汇编/", sec.Name, y)
	}
	return fmt.Sprintf("years/%d/汇编/", y)
}

// compilations adds the volumes of every year's and every section-year's
// compilation to s.Compilations, and sets the URL the year and
// section-year pages link to.
//
// A year that fits one volume (Config.Compilation.MaxEntries) is one
// page, and each section's year a small compilation of its own. A larger
// year is cut at the archive's natural boundaries into volumes that each
// hold one section — the whole section, else its quarters, else its
// months, else numbered parts of a month — at addresses that name their
// range (years/2024/汇编/activities-05/index.html), under an index page
// that lists them; a section's compilation is then its own volumes. So an
// entry is printed in one volume, and an addition rewrites that one.
func (s *Site) compilations() {
	max := max(1, s.Config.Compilation.MaxEntries)
	for _, y := range s.Years {
		var all []*Entry
		for _, e := range y.Entries {
			if !e.Draft && !e.NoCompile {
				all = append(all, e)
			}
		}
		if len(all) == 0 {
			continue
		}
		if len(all) <= max {
			y.CompileURL = s.addVolumes(y, nil, []volume{{entries: all}})[0]
			for _, sec := range s.Sections {
				if mine := inSection(all, sec); len(mine) > 0 {
					s.sectionCompile[fmt.Sprintf("%s/%d", sec.Name, y.Year)] = s.addVolumes(y, sec, []volume{{entries: mine}})[0]
				}
			}
			continue
		}
		var vols []volume
		first := map[*Section]int{}
		for _, sec := range s.Sections {
			if mine := inSection(all, sec); len(mine) > 0 {
				first[sec] = len(vols)
				vols = append(vols, sectionVolumes(sec, mine, y.Year, max)...)
			}
		}
		urls := s.addVolumes(y, nil, vols)
		y.CompileURL = compileDir(y.Year, nil) + "index.html"
		for sec, i := range first {
			s.sectionCompile[fmt.Sprintf("%s/%d", sec.Name, y.Year)] = urls[i]
		}
	}
}

// volume is a run of entries printed together, and the range it names.
type volume struct {
	entries []*Entry
	slug    string // "activities-q2", "activities-05-p2"; "" for a whole year
	Volume         // the range it holds
}

// sectionVolumes cuts a section's entries of a year into volumes of at
// most max: the section, else quarters, else months, else parts.
func sectionVolumes(sec *Section, entries []*Entry, year, max int) []volume {
	if len(entries) <= max {
		return []volume{{entries: entries, slug: sec.Name, Volume: Volume{Section: sec}}}
	}
	quarters := runs(entries, func(e *Entry) int { return (MonthOf(e, year) + 2) / 3 })
	fits := true
	for _, q := range quarters {
		fits = fits && len(q) <= max
	}
	var out []volume
	if fits {
		for _, q := range quarters {
			n := (MonthOf(q[0], year) + 2) / 3
			out = append(out, volume{entries: q, slug: fmt.Sprintf("%s-q%d", sec.Name, n), Volume: Volume{Section: sec, Quarter: n}})
		}
		return out
	}
	for _, m := range runs(entries, func(e *Entry) int { return MonthOf(e, year) }) {
		month := MonthOf(m[0], year)
		for k := 0; k < len(m); k += max {
			v := volume{entries: m[k:min(k+max, len(m))], slug: fmt.Sprintf("%s-%02d", sec.Name, month), Volume: Volume{Section: sec, Month: month}}
			if k > 0 {
				v.slug += fmt.Sprintf("-p%d", k/max+1)
				v.Part = k/max + 1
			}
			out = append(out, v)
		}
	}
	return out
}

// runs cuts entries (chronological) where key changes.
func runs(entries []*Entry, key func(*Entry) int) [][]*Entry {
	var out [][]*Entry
	for i := 0; i < len(entries); {
		j := i
		for j < len(entries) && key(entries[j]) == key(entries[i]) {
			j++
		}
		out = append(out, entries[i:j])
		i = j
	}
	return out
}

func inSection(entries []*Entry, sec *Section) []*Entry {
	var out []*Entry
	for _, e := range entries {
		if e.Sec == sec {
			out = append(out, e)
		}
	}
	return out
}

// addVolumes adds the pages of one compilation — with more than one
// volume, also the index page that lists them — and returns the volumes'
// URLs.
func (s *Site) addVolumes(y *Year, sec *Section, vols []volume) []string {
	dir := compileDir(y.Year, sec)
	infos := make([]*Volume, len(vols))
	for i, v := range vols {
		url := dir + "index.html"
		if len(vols) > 1 {
			url = dir + v.slug + "/index.html"
		}
		info := v.Volume
		info.N, info.URL, info.Entries = i+1, url, len(v.entries)
		infos[i] = &info
	}
	if len(vols) > 1 {
		idx := &Compilation{Year: y, Section: sec, Volumes: infos, Figures: figureRows(s.Config, joined(vols))}
		s.Compilations = append(s.Compilations, &Page{Kind: KindCompilation, URL: dir + "index.html", Section: sec, Year: y, Compilation: idx})
	}
	urls := make([]string, len(vols))
	for i, v := range vols {
		c := &Compilation{Year: y, Section: sec, Volume: infos[i], Volumes: infos, Entries: len(v.entries),
			Groups: s.sectionGroups(entryItems(v.entries), y.Year), Figures: figureRows(s.Config, v.entries)}
		if len(vols) > 1 {
			c.Figures = nil // the index has the year's figures
		}
		for _, e := range v.entries {
			if e.HasDate && e.Date.After(c.Last) {
				c.Last = e.Date
			}
		}
		for _, g := range c.Groups {
			g.Total = len(g.Items)
		}
		urls[i] = infos[i].URL
		s.Compilations = append(s.Compilations, &Page{Kind: KindCompilation, URL: urls[i], Section: sec, Year: y, Compilation: c})
	}
	return urls
}

func joined(vols []volume) []*Entry {
	var out []*Entry
	for _, v := range vols {
		out = append(out, v.entries...)
	}
	return out
}
