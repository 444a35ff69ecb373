package check

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"gen/generator/diag"
	"gen/generator/site"
)

// lintEntries applies the rules about front matter: dates, years, titles.
// today is the current day in the site's time zone.
func lintEntries(entries []*site.Entry, today time.Time) []*diag.Error {
	var issues []*diag.Error
	add := func(rule string, e *site.Entry, line int, format string, args ...any) {
		issues = append(issues, &diag.Error{Rule: rule, Path: "content/" + e.Path, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	for _, e := range entries {
		switch {
		case !e.HasDate:
			add("date-missing", e, e.YearLine, "no date, only the year %d (add date = YYYY-MM-DD to the front matter)", e.Year)
		case afterDay(e.Date.In(today.Location()), today):
			add("date-future", e, e.DateLine, "date %s is in the future (today is %s)", e.Date.Format("2006-01-02"), today.Format("2006-01-02"))
		}
		if e.HasDate && e.Year < e.Date.Year()-1 {
			add("year-before-date", e, e.YearLine, "year %d is more than a year before the date %s", e.Year, e.Date.Format("2006-01-02"))
		}
		if strings.TrimFunc(e.Title, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) }) == "" {
			add("title-empty", e, e.TitleLine, "title %q has no words", e.Title)
		}
	}
	return append(issues, duplicateTitles(entries)...)
}

// afterDay reports whether t falls on a later calendar day than today.
func afterDay(t, today time.Time) bool {
	ty, tm, td := t.Date()
	y, m, d := today.Date()
	return time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC).After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// duplicateTitles reports each entry whose title an earlier entry (by
// source path) of the same section and year already has. Across years a
// title may repeat: a yearly activity (重阳节走访慰问) keeps its name, and
// the archive lists entries under their year.
func duplicateTitles(entries []*site.Entry) []*diag.Error {
	sorted := append([]*site.Entry(nil), entries...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	type key struct {
		section string
		year    int
		title   string
	}
	first := map[key]*site.Entry{}
	var issues []*diag.Error
	for _, e := range sorted {
		k := key{e.Section, e.Year, strings.TrimSpace(e.Title)}
		if f, ok := first[k]; ok {
			issues = append(issues, &diag.Error{Rule: "title-duplicate", Path: "content/" + e.Path, Line: e.TitleLine,
				Msg: fmt.Sprintf("title %q is also the title of content/%s, in the same section and year", e.Title, f.Path)})
			continue
		}
		first[k] = e
	}
	return issues
}

// duplicateURLs reports each entry whose page another entry, or a page of
// the archive (a section, a year, …), already has. A successful build
// never has one (the model refuses it), so this runs when the build failed.
func duplicateURLs(s *site.Site, entries []*site.Entry) []*diag.Error {
	owner := map[string]string{}
	for _, p := range s.Pages {
		owner[p.URL] = "the archive's " + p.Kind + " page"
	}
	var issues []*diag.Error
	for _, e := range entries { // in the model's order, so the same entry as the build's error is named
		if prev, ok := owner[e.URL]; ok {
			issues = append(issues, &diag.Error{Rule: "url-duplicate", Path: "content/" + e.Path, Line: e.SlugLine,
				Msg: fmt.Sprintf("its page %s is also %s (set a different slug or rename the file)", e.URL, prev)})
			continue
		}
		owner[e.URL] = "the page of content/" + e.Path
	}
	return issues
}

// origins maps output paths to the site files they come from, so a name
// problem is reported where the writer can fix it.
func origins(s *site.Site) map[string]string {
	m := map[string]string{}
	for _, e := range s.Entries {
		m[e.URL] = "content/" + e.Path
		for _, a := range e.Attachments {
			m[e.Dir()+"/"+a.Name] = "content/" + a.Path
		}
	}
	for _, f := range s.Files {
		m[f.Path] = "content/" + f.Path
	}
	return m
}

// attachmentSizes reports bundle attachments and loose content files
// larger than max megabytes (0: no limit).
func attachmentSizes(s *site.Site, maxMB float64) []*diag.Error {
	if maxMB <= 0 {
		return nil
	}
	limit := int64(maxMB * (1 << 20))
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	var issues []*diag.Error
	for _, e := range s.Entries {
		for _, a := range e.Attachments {
			if a.Size > limit {
				issues = append(issues, &diag.Error{Rule: "attachment-size", Path: "content/" + e.Path,
					Msg: fmt.Sprintf("attachment %q is %s, more than check.maxAttachmentMB (%g)", a.Name, mb(a.Size), maxMB)})
			}
		}
	}
	for _, f := range s.Files {
		if f.Size > limit {
			issues = append(issues, &diag.Error{Rule: "attachment-size", Path: "content/" + f.Path,
				Msg: fmt.Sprintf("file is %s, more than check.maxAttachmentMB (%g)", mb(f.Size), maxMB)})
		}
	}
	return issues
}
