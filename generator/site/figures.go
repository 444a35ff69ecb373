package site

import (
	"sort"

	"gen/generator/config"
)

// Figures: the numbers an archive's entries report ([figures] in front
// matter) for the figures the site tracks ([[figures]] in config.toml),
// added up per year — in total, per section and per unit — and as a
// series across the years for the charts of the home and section pages.

// FigureRow is one tracked figure in one year (or one section's year).
type FigureRow struct {
	Figure *config.Figure
	Total  float64
	Count  int          // entries that report it
	Parts  []FigurePart // per section, then per unit, where more than one contributes
}

// FigurePart is the share of a section or a unit in a FigureRow.
type FigurePart struct {
	By    string // "section" or "unit"
	Label string
	Value float64
}

// FigureSeries is one tracked figure across the years, oldest first.
type FigureSeries struct {
	Figure *config.Figure
	Points []FigurePoint
}

// FigurePoint is a figure's value in one year.
type FigurePoint struct {
	Year  int
	URL   string // the year's page
	Value float64
}

// figureRows adds up the tracked figures of entries (chronological).
// A figure with Sum false takes the latest entry's value, in total and
// in each part.
func figureRows(cfg *config.Config, entries []*Entry) []*FigureRow {
	var rows []*FigureRow
	for i := range cfg.Figures {
		f := &cfg.Figures[i]
		row := &FigureRow{Figure: f}
		bySec, byUnit := newTally(f.Sum), newTally(f.Sum)
		for _, e := range entries {
			v, ok := e.figure(f.Name)
			if !ok {
				continue
			}
			row.Count++
			row.Total = combine(f.Sum, row.Total, v)
			bySec.add(e.Sec.Title, v)
			for _, u := range e.Units {
				byUnit.add(u, v)
			}
		}
		if row.Count == 0 {
			continue
		}
		row.Parts = append(bySec.parts("section"), byUnit.parts("unit")...)
		rows = append(rows, row)
	}
	return rows
}

func (e *Entry) figure(name string) (float64, bool) {
	for _, fv := range e.Figures {
		if fv.Name == name {
			return fv.Value, true
		}
	}
	return 0, false
}

func combine(sum bool, acc, v float64) float64 {
	if sum {
		return acc + v
	}
	return v // entries come oldest first: the last one stands
}

// tally adds values up by label, remembering the order labels came in.
type tally struct {
	sum    bool
	order  []string
	values map[string]float64
}

func newTally(sum bool) *tally { return &tally{sum: sum, values: map[string]float64{}} }

func (t *tally) add(label string, v float64) {
	if _, ok := t.values[label]; !ok {
		t.order = append(t.order, label)
	}
	t.values[label] = combine(t.sum, t.values[label], v)
}

// parts are the tally's labels, or none when only one label contributed
// (its share is the total, which says it already).
func (t *tally) parts(by string) []FigurePart {
	if len(t.order) < 2 {
		return nil
	}
	out := make([]FigurePart, len(t.order))
	for i, l := range t.order {
		out[i] = FigurePart{By: by, Label: l, Value: t.values[l]}
	}
	return out
}

// figureSeries charts each tracked figure across the years that report it;
// entriesOf gives a year's entries, urlOf the page a point links to.
func figureSeries(cfg *config.Config, years []*Year, entriesOf func(*Year) []*Entry, urlOf func(*Year) string) []*FigureSeries {
	var out []*FigureSeries
	for i := range cfg.Figures {
		f := &cfg.Figures[i]
		s := &FigureSeries{Figure: f}
		for _, y := range years {
			for _, row := range figureRows(&config.Config{Figures: []config.Figure{*f}}, entriesOf(y)) {
				s.Points = append(s.Points, FigurePoint{Year: y.Year, URL: urlOf(y), Value: row.Total})
			}
		}
		if len(s.Points) == 0 {
			continue
		}
		sort.Slice(s.Points, func(a, b int) bool { return s.Points[a].Year < s.Points[b].Year })
		out = append(out, s)
	}
	return out
}
