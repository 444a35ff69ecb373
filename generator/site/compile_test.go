package site

import (
	"fmt"
	"testing"

	"gen/generator/config"
	"gen/generator/content"
)

// TestCompilations: a small year is one volume, with a small compilation
// per section; compile = false and drafts are left out; a year larger than
// maxEntries is cut into volumes of one section each — whole, by quarter,
// by month, by parts — at addresses naming the range, under an index.
func TestCompilations(t *testing.T) {
	cfg := config.Default()
	cfg.Compilation.MaxEntries = 10
	var entries []*content.Entry
	add := func(sec string, year, month, n int) {
		for i := 0; i < n; i++ {
			entries = append(entries, entry(fmt.Sprintf("%s/%d/m%02d-%02d.md", sec, year, month, i), "t", fmt.Sprintf("%d-%02d-%02d", year, month, 1+i), 0, 0))
		}
	}
	add("reports", 2021, 3, 3)
	skipped := entry("reports/2021/skip.md", "t", "2021-04-01", 0, 0)
	skipped.NoCompile = true
	draft := entry("reports/2021/draft.md", "t", "2021-04-02", 0, 0)
	draft.Draft = true
	entries = append(entries, skipped, draft)
	add("activities", 2021, 5, 2)
	add("reports", 2022, 12, 4)    // one volume
	add("activities", 2022, 1, 8)  // Q1: 8
	add("activities", 2022, 4, 9)  // Q2: 9 + 3 = 12: by months
	add("activities", 2022, 6, 3)  //
	add("activities", 2022, 9, 23) // September: 23, in three parts
	s, err := New(cfg, library(entries...))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*Compilation{}
	for _, p := range s.Compilations {
		got[p.URL] = p.Compilation
	}
	for _, c := range []struct {
		url     string
		entries int
		volume  int // 0: the index of a compilation in volumes
	}{
		{"years/2021/汇编/index.html", 5, 1},
		{"reports/2021/汇编/index.html", 3, 1},
		{"activities/2021/汇编/index.html", 2, 1},
		{"years/2022/汇编/index.html", 0, 0},
		{"years/2022/汇编/reports/index.html", 4, 1},
		{"years/2022/汇编/activities-01/index.html", 8, 2},
		{"years/2022/汇编/activities-04/index.html", 9, 3},
		{"years/2022/汇编/activities-06/index.html", 3, 4},
		{"years/2022/汇编/activities-09/index.html", 10, 5},
		{"years/2022/汇编/activities-09-p2/index.html", 10, 6},
		{"years/2022/汇编/activities-09-p3/index.html", 3, 7},
	} {
		comp := got[c.url]
		if comp == nil {
			t.Errorf("no compilation at %s", c.url)
			continue
		}
		n := 0
		if comp.Volume != nil {
			n = comp.Volume.N
		}
		if comp.Entries != c.entries || n != c.volume {
			t.Errorf("%s: %d entries, volume %d; want %d, %d", c.url, comp.Entries, n, c.entries, c.volume)
		}
	}
	if len(got) != 11 {
		t.Errorf("%d compilation pages, want 11", len(got))
	}
	if u := s.SectionCompileURL(s.SectionNamed("activities"), 2022); u != "years/2022/汇编/activities-01/index.html" {
		t.Errorf("activities 2022 compile at %q", u)
	}
	if s.YearOf(2022).CompileURL != "years/2022/汇编/index.html" {
		t.Errorf("2022 compile at %q", s.YearOf(2022).CompileURL)
	}
}
