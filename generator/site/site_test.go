package site

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/internal/corpus"
)

func TestRel(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"index.html", "reports/index.html", "reports/index.html"},
		{"reports/2022/总结/index.html", "reports/2021/index.html", "../../../reports/2021/index.html"},
		{"tags/党建/index.html", "reports/2022/总结/index.html#一、问题", "../../reports/2022/%E6%80%BB%E7%BB%93/index.html#%E4%B8%80%E3%80%81%E9%97%AE%E9%A2%98"},
		{"404.html", "a b/c?d.html", "a%20b/c%3Fd.html"},
	} {
		if got := Rel(c.from, c.to); got != c.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

func TestTermSlug(t *testing.T) {
	for in, want := range map[string]string{"党风廉政": "党风廉政", "AI/ML": "ai-ml", " 三会 一课 ": "三会-一课", "a?b#c": "a-b-c", "...": "-", "CON": "con"} {
		if got := TermSlug(in); got != want {
			t.Errorf("TermSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func entry(path, title string, date string, year, weight int, tags ...string) *content.Entry {
	e := &content.Entry{Path: path, Section: strings.Split(path, "/")[0], Title: title, Year: year, Weight: weight,
		Terms: []content.Terms{{Key: "tags", Values: tags}}, Tags: tags}
	if date != "" {
		e.Date, _ = time.Parse("2006-01-02", date)
		e.HasDate = true
		if e.Year == 0 {
			e.Year = e.Date.Year()
		}
	}
	e.URL = strings.TrimSuffix(path, ".md") + "/index.html"
	return e
}

func library(entries ...*content.Entry) *content.Library {
	return &content.Library{
		Sections: []*content.Section{{Name: "reports", Title: "报告"}, {Name: "activities", Title: "活动"}},
		Entries:  entries,
	}
}

func TestModel(t *testing.T) {
	lib := library(
		entry("reports/2022/r.md", "2022年报告", "2023-01-15", 2022, 0, "党建"),
		entry("activities/2022/b.md", "七一B", "2022-07-01", 0, 2, "党建", "宣讲"),
		entry("activities/2022/a.md", "七一A", "2022-07-01", 0, 1),
		entry("activities/2021/c.md", "无日期", "", 2021, 0),
	)
	lib.Entries[0].Events = []content.Event{{Date: time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC), Title: "宣誓"}}
	s, err := New(config.Default(), lib)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range s.SectionNamed("activities").Entries {
		order = append(order, e.Title)
	}
	if got := strings.Join(order, ","); got != "无日期,七一A,七一B" {
		t.Errorf("section order = %s", got)
	}
	a := s.EntryBySource("activities/2022/a.md")
	if a.Prev.Title != "无日期" || a.Next.Title != "七一B" || a.Next.Next != nil {
		t.Errorf("prev/next wrong around %s", a.Title)
	}
	y := s.YearOf(2022)
	if len(y.Entries) != 3 || len(y.Events) != 1 || y.Months[6] != 3 || y.Months[11] != 1 {
		t.Errorf("2022 = %d entries, %d events, months %v", len(y.Entries), len(y.Events), y.Months)
	}
	if s.Years[0].Year != 2022 || s.Years[1].Year != 2021 {
		t.Errorf("years not newest first")
	}
	tags := s.Taxonomies[0]
	if tags.Terms[0].Name != "党建" || len(tags.Terms[0].Entries) != 2 || tags.Terms[0].URL != "tags/党建/index.html" {
		t.Errorf("tags = %+v", tags.Terms[0])
	}
	kinds := map[string]int{}
	for _, p := range s.Pages {
		kinds[p.Kind]++
	}
	want := map[string]int{"home": 1, "section": 2, "section-year": 3, "years": 1, "year": 2, "timeline": 1,
		"timeline-year": 2, "taxonomy": 2, "term": 2, "search": 1, "404": 1}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("pages = %v, want %v", kinds, want)
	}
	// The 2022 timeline: July holds the event before the entries of that
	// day, the January 2023 report closes December.
	for _, p := range s.Pages {
		if p.Kind == KindTimelineYear && p.Year.Year == 2022 {
			if len(p.Groups) != 2 || p.Groups[0].ID != "m07" || p.Groups[0].Items[0].Event == nil || p.Groups[1].ID != "m12" {
				t.Errorf("timeline 2022 groups = %+v", p.Groups)
			}
		}
	}
}

// TestSplit builds lists longer than MaxListed and checks that each is
// split by year, then month, then into numbered parts of one month, with
// addresses that name the range and navigation that links the ranges.
func TestSplit(t *testing.T) {
	cfg := config.Default()
	cfg.MaxListed = 10
	var entries []*content.Entry
	add := func(n int, year, month int, tag string) {
		for i := 0; i < n; i++ {
			date := fmt.Sprintf("%d-%02d-%02d", year, month, 1+i%28)
			entries = append(entries, entry(fmt.Sprintf("reports/%d/%s%02d-%03d.md", year, tag, month, i), fmt.Sprint(i), date, 0, 0, tag))
		}
	}
	add(5, 2019, 3, "甲") // 甲: 5 + 4 + 25 = 34 rows, split by year
	add(4, 2020, 5, "甲")
	add(25, 2021, 7, "甲") // its 2021 is split by month, July into 3 parts
	add(6, 2021, 2, "乙")  // 乙: one page
	s, err := New(cfg, library(entries...))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*Page{}
	for _, p := range s.Pages {
		if got[p.URL] != nil {
			t.Errorf("two pages at %s", p.URL)
		}
		got[p.URL] = p
	}
	rows := func(p *Page) (n int) {
		for _, g := range p.Groups {
			n += len(g.Items)
		}
		return n
	}
	for _, c := range []struct {
		url     string
		rows    int
		ranges  string // keys of Nav.Ranges with counts
		current string // Current of each of Nav.Levels
		part    int    // Pager.Number
	}{
		{url: "tags/甲/index.html", ranges: "2021:25 2020:4 2019:5"},
		{url: "tags/甲/2019/index.html", rows: 5, current: "2019"},
		{url: "tags/甲/2020/index.html", rows: 4, current: "2020"},
		{url: "tags/甲/2021/index.html", ranges: "7:25", current: "2021"},
		{url: "tags/甲/2021/07/index.html", rows: 10, current: "2021 7", part: 1},
		{url: "tags/甲/2021/07/p2/index.html", rows: 10, current: "2021 7", part: 2},
		{url: "tags/甲/2021/07/p3/index.html", rows: 5, current: "2021 7", part: 3},
		{url: "tags/乙/index.html", rows: 6},
		{url: "reports/2021/index.html", ranges: "2:6 7:25"},
		{url: "reports/2021/02/index.html", rows: 6, current: "2"},
		{url: "reports/2021/07/p3/index.html", rows: 5, current: "7", part: 3},
		{url: "reports/2019/index.html", rows: 5},
		{url: "years/2021/07/p2/index.html", rows: 10, current: "7", part: 2},
		{url: "timeline/2021/index.html", ranges: "2:6 7:25"},
		{url: "timeline/2021/02/index.html", rows: 6, current: "2"},
	} {
		p := got[c.url]
		if p == nil {
			t.Errorf("no page %s", c.url)
			continue
		}
		if n := rows(p); n != c.rows {
			t.Errorf("%s lists %d rows, want %d", c.url, n, c.rows)
		}
		var ranges, current []string
		if p.Nav != nil {
			if p.Nav.Ranges != nil {
				for _, r := range p.Nav.Ranges.Ranges {
					ranges = append(ranges, fmt.Sprintf("%d:%d", r.Key, r.Count))
					if got[r.URL] == nil {
						t.Errorf("%s links a range to %s, which is no page", c.url, r.URL)
					}
				}
			}
			for _, lv := range p.Nav.Levels {
				current = append(current, fmt.Sprint(lv.Current))
				if got[lv.Index] == nil {
					t.Errorf("%s: level index %s is no page", c.url, lv.Index)
				}
			}
		}
		if strings.Join(ranges, " ") != c.ranges || strings.Join(current, " ") != c.current {
			t.Errorf("%s: ranges %q, levels %q; want %q, %q", c.url, ranges, current, c.ranges, c.current)
		}
		part := 0
		if p.Pager != nil {
			part = p.Pager.Number
		}
		if part != c.part {
			t.Errorf("%s is part %d, want %d", c.url, part, c.part)
		}
	}
	// The year pages of a term link to the earlier and later year.
	lv := got["tags/甲/2020/index.html"].Nav.Levels[0]
	if lv.Earlier().Key != 2019 || lv.Later().Key != 2021 {
		t.Errorf("2020 of 甲: earlier %v, later %v", lv.Earlier(), lv.Later())
	}
	if l := got["tags/甲/2019/index.html"].Nav.Levels[0]; l.Earlier() != nil {
		t.Errorf("2019 has an earlier year %v", l.Earlier())
	}
	// The continued group of a part keeps the month's total.
	g := got["tags/甲/2021/07/p2/index.html"].Groups[0]
	if g.Total != 25 || !g.Continued {
		t.Errorf("part 2 group: total %d continued %v", g.Total, g.Continued)
	}
	// The timeline overview links each month where it is shown.
	y := s.YearOf(2021)
	if y.MonthURLs[6] != "timeline/2021/07/index.html" || y.MonthURLs[1] != "timeline/2021/02/index.html" {
		t.Errorf("2021 month URLs %q", y.MonthURLs)
	}
	if u := s.YearOf(2019).MonthURLs[2]; u != "timeline/2019/index.html#m03" {
		t.Errorf("2019 March is at %q", u)
	}
	for _, p := range s.Pages {
		if rows(p) > cfg.MaxListed {
			t.Errorf("%s lists %d rows, more than %d", p.URL, rows(p), cfg.MaxListed)
		}
	}
}

func TestCollisions(t *testing.T) {
	a := entry("reports/2022/a.md", "A", "2022-01-01", 0, 0)
	b := entry("reports/2022/b.md", "B", "2022-01-02", 0, 0)
	b.URL = a.URL // as a slug would
	c := entry("reports/2022.md", "C", "2022-01-03", 0, 0)
	c.URL = "reports/2022/index.html" // where the section-year page goes
	_, err := New(config.Default(), library(a, b, c))
	if err == nil {
		t.Fatal("no error for two entries at one URL")
	}
	msg := err.Error()
	for _, want := range []string{"reports/2022/b.md: its page reports/2022/a/index.html is also content/reports/2022/a.md",
		"reports/2022.md: its page reports/2022/index.html is also the archive's section-year page"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	lib := library()
	lib.Sections = append(lib.Sections, &content.Section{Name: "tags"})
	if _, err := New(config.Default(), lib); err == nil || !strings.Contains(err.Error(), `a section cannot be called "tags"`) {
		t.Errorf("section named tags: %v", err)
	}
}

func BenchmarkNew(b *testing.B) {
	sub := fstest.MapFS{}
	for name, data := range corpus.Files(10000, 1) {
		if rest, ok := strings.CutPrefix(name, "content/"); ok {
			sub[rest] = &fstest.MapFile{Data: data}
		}
	}
	cfg := config.Default()
	lib, _, err := content.Load(context.Background(), sub, cfg, content.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(cfg, lib); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRelShort(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"activities/2024/植树/index.html", "activities/2024/植树/现场1-1600.jpg", "%E7%8E%B0%E5%9C%BA1-1600.jpg"},
		{"activities/2024/植树/index.html", "activities/2024/现场.jpg", "../%E7%8E%B0%E5%9C%BA.jpg"},
		{"years/2024/photos/index.html", "activities/2024/植树/a-480.jpg", "../../../activities/2024/%E6%A4%8D%E6%A0%91/a-480.jpg"},
		{"index.html", "a/b.jpg", "a/b.jpg"},
	} {
		if got := RelShort(c.from, c.to); got != c.want {
			t.Errorf("RelShort(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}
