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

func TestPagination(t *testing.T) {
	var entries []*content.Entry
	for i := 0; i < MaxListed*2+10; i++ {
		entries = append(entries, entry(fmt.Sprintf("reports/2020/e%04d.md", i), fmt.Sprint(i), "2020-03-01", 0, 0))
	}
	s, err := New(config.Default(), library(entries...))
	if err != nil {
		t.Fatal(err)
	}
	var pages []*Page
	for _, p := range s.Pages {
		if p.Kind == KindSectionYear {
			pages = append(pages, p)
		}
	}
	if len(pages) != 3 {
		t.Fatalf("section-year pages = %d, want 3", len(pages))
	}
	urls := []string{"reports/2020/index.html", "reports/2020/page/2/index.html", "reports/2020/page/3/index.html"}
	total := 0
	for i, p := range pages {
		if p.URL != urls[i] || p.Pager.Number != i+1 || len(p.Pager.Pages) != 3 {
			t.Errorf("page %d = %s %+v", i, p.URL, p.Pager)
		}
		for _, g := range p.Groups {
			total += len(g.Items)
			if g.Total != len(entries) || g.Continued != (i > 0) {
				t.Errorf("page %d group total %d continued %v", i, g.Total, g.Continued)
			}
		}
	}
	if total != len(entries) {
		t.Errorf("listed %d entries, want %d", total, len(entries))
	}
	if pages[0].Pager.Prev() != "" || pages[0].Pager.Next() != urls[1] || pages[2].Pager.Next() != "" {
		t.Errorf("pager links wrong")
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
