package site

import (
	"fmt"
	"testing"

	"gen/generator/config"
	"gen/generator/content"
)

// TestFigureRows adds up figures per year, per section and per unit; a
// figure that is not summed takes the latest entry's value.
func TestFigureRows(t *testing.T) {
	cfg := config.Default()
	cfg.Figures = []config.Figure{{Name: "宣讲场次", Unit: "场", Sum: true}, {Name: "党员总数", Unit: "名", Sum: false}, {Name: "未报", Sum: true}}
	mk := func(path, date string, unit string, figs ...any) *content.Entry {
		e := entry(path, path, date, 0, 0)
		if unit != "" {
			e.Units = []string{unit}
		}
		for i := 0; i < len(figs); i += 2 {
			e.Figures = append(e.Figures, content.FigureValue{Name: figs[i].(string), Value: figs[i+1].(float64)})
		}
		return e
	}
	s, err := New(cfg, library(
		mk("reports/2022/a.md", "2022-03-01", "一支部", "宣讲场次", 10.0, "党员总数", 40.0),
		mk("reports/2022/b.md", "2022-11-01", "二支部", "宣讲场次", 5.0, "党员总数", 42.0),
		mk("activities/2022/c.md", "2022-06-01", "一支部", "宣讲场次", 3.0),
		mk("activities/2023/d.md", "2023-06-01", "", "宣讲场次", 7.0),
	))
	if err != nil {
		t.Fatal(err)
	}
	show := func(rows []*FigureRow) string {
		out := ""
		for _, r := range rows {
			out += fmt.Sprintf("%s=%g%v;", r.Figure.Name, r.Total, r.Parts)
		}
		return out
	}
	for _, c := range []struct {
		name string
		got  []*FigureRow
		want string
	}{
		{"2022", s.YearOf(2022).Figures, "宣讲场次=18[{section 报告 15} {section 活动 3} {unit 一支部 13} {unit 二支部 5}];党员总数=42[{unit 一支部 40} {unit 二支部 42}];"},
		{"2023", s.YearOf(2023).Figures, "宣讲场次=7[];"},
	} {
		if got := show(c.got); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if len(s.Figures) != 2 || fmt.Sprint(s.Figures[0].Points) != "[{2022 years/2022/index.html 18} {2023 years/2023/index.html 7}]" {
		t.Errorf("series %v", s.Figures[0].Points)
	}
	sec := s.SectionNamed("reports")
	if len(sec.Figures) != 2 || len(sec.Figures[0].Points) != 1 || sec.Figures[0].Points[0].URL != "reports/2022/index.html" {
		t.Errorf("reports' series %+v", sec.Figures)
	}
}
