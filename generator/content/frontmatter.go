package content

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"path"
	"strings"
	"unicode/utf8"

	"gen/generator/config"
	"gen/generator/diag"
)

// MaxFileSize is the largest entry file gen reads. Reports are tens of KB;
// anything near this is a mistake (a pasted binary, a log), and reading it
// would hold the whole build up.
const MaxFileSize = 8 << 20

// Normalize checks that src is text gen can read and returns it as UTF-8 with
// LF line ends and no byte order mark. The error says what the file is instead.
func Normalize(file string, src []byte) ([]byte, error) {
	if len(src) > MaxFileSize {
		return nil, diag.Errorf(file, 0, "file is %.1f MB; entries are limited to %d MB (is it really Markdown?)", float64(len(src))/(1<<20), MaxFileSize>>20)
	}
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		src = src[3:]
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return nil, diag.Errorf(file, 0, "file is in UTF-16; save it as UTF-8 (or bring it in with gen import)")
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, diag.Errorf(file, lineAt(src, i), "file contains NUL bytes: it is binary, or in an encoding other than UTF-8")
	}
	if !utf8.Valid(src) {
		bad := firstInvalid(src)
		return nil, diag.Errorf(file, lineAt(src, bad), "file is not UTF-8 (it looks like GB18030/GBK, as older Windows programs save it); save it as UTF-8, or bring it in with gen import")
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

func lineAt(b []byte, off int) int { return bytes.Count(b[:off], []byte("\n")) + 1 }

// Parse reads one entry file. path is relative to content/ (slash-separated)
// and is used in messages; src is the raw file. It returns the entry and its
// Markdown body, or a diag.List of every problem in the file.
func Parse(path string, src []byte, cfg *config.Config) (*Entry, []byte, error) {
	src, err := Normalize(path, src)
	if err != nil {
		return nil, nil, err
	}
	fm, body, bodyLine, err := Split(path, src)
	if err != nil {
		return nil, nil, err
	}
	e := &Entry{Path: path, Section: firstSegment(path), BodyLine: bodyLine}
	e.Bundle = strings.HasSuffix(path, "/index.md")
	var errs diag.List
	titleKey := false
	if fm.Src != nil {
		doc, err := fm.Doc(path)
		if err != nil {
			return nil, nil, err
		}
		_, titleKey = doc.Map["title"]
		errs = e.readFrontMatter(doc, cfg)
	}
	if !titleKey {
		if t, ok := h1(body); ok {
			e.Title, e.DropH1, e.TitleLine = t, true, firstContentLine(body)+bodyLine-1
		} else {
			errs = append(errs, diag.Errorf(path, 1, "no title: add title = \"…\" to the front matter, or start the text with a \"# \" heading"))
		}
	}
	if !e.HasDate {
		if d, ok := dateFromName(path, cfg); ok {
			e.Date, e.HasDate = d, true
		}
	}
	if e.Year == 0 {
		switch {
		case e.HasDate:
			e.Year = e.Date.Year()
		default:
			if y, ok := yearFromFolders(path); ok {
				e.Year = y
			} else if len(errs) == 0 {
				errs = append(errs, diag.Errorf(path, 1, "no date: add date = 2022-07-01 (or year = 2022) to the front matter, or start the file name with 2022-07-01-"))
			}
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs.Err()
	}
	e.URL = entryURL(path, e.Slug)
	e.placeOwnURL()
	e.Meta = metaHash(path, fm.Src, e)
	return e, body, nil
}

// readFrontMatter fills e from doc and returns every problem found.
func (e *Entry) readFrontMatter(doc *config.Doc, cfg *config.Config) diag.List {
	var errs diag.List
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var ok bool
	var err error
	if e.Title, ok, err = doc.String("title"); ok {
		note(err)
		e.TitleLine = doc.Line("title")
		if err == nil && strings.TrimSpace(e.Title) == "" {
			note(doc.Errorf("title", "title is empty"))
		}
		e.Title = strings.TrimSpace(e.Title)
	}
	if v, ok := doc.Raw("date"); ok {
		e.DateLine = doc.Line("date")
		d, err := ParseDate(v, cfg.Location)
		switch {
		case err != nil:
			note(doc.Errorf("date", "date: %w", err))
		case d.Year() < 1000 || d.Year() > 9999:
			note(doc.Errorf("date", "date: %d is not a four-digit year", d.Year()))
		default:
			e.Date, e.HasDate = d, true
		}
	}
	if e.Year, ok, err = doc.Int("year"); ok {
		note(err)
		e.YearLine = doc.Line("year")
		if err == nil && (e.Year < 1000 || e.Year > 9999) {
			note(doc.Errorf("year", "year %d is not a four-digit year", e.Year))
		}
	}
	if e.Draft, _, err = doc.Bool("draft"); err != nil {
		note(err)
	}
	if e.Summary, _, err = doc.String("summary"); err != nil {
		note(err)
	}
	if e.Weight, _, err = doc.Int("weight"); err != nil {
		note(err)
	}
	if e.Slug, ok, err = doc.String("slug"); ok {
		note(err)
		e.SlugLine = doc.Line("slug")
		if err == nil && !validSlug(e.Slug) {
			note(doc.Errorf("slug", "slug %q must be one non-empty path segment (no / \\ ? # or ..)", e.Slug))
		}
	}
	for _, tax := range cfg.Taxonomies {
		key := tax.Key
		if key == "units" && !doc.Has("units") {
			key = "unit" // a single unit is written unit = "…"
		}
		terms, _, err := doc.Strings(key)
		note(err)
		terms = cleanTerms(terms)
		if len(terms) > 0 {
			e.Terms = append(e.Terms, Terms{Key: tax.Key, Values: terms})
		}
	}
	e.Tags, e.Units = e.TermsOf("tags"), e.TermsOf("units")
	note(e.readEvents(doc, cfg))
	note(e.readFigures(doc))
	if b, ok, err := doc.Bool("compile"); ok {
		note(err)
		e.NoCompile = err == nil && !b
	}
	errs = append(errs, e.readToolKeys(doc, cfg)...)
	for _, k := range doc.Unused() {
		if e.Params == nil {
			e.Params = map[string]any{}
		}
		e.Params[k] = doc.Map[k]
	}
	return errs
}

func (e *Entry) readEvents(doc *config.Doc, cfg *config.Config) error {
	list, ok, err := doc.Tables("events")
	if !ok || err != nil {
		return err
	}
	var errs diag.List
	for i, m := range list {
		line := doc.TableLine("events", i)
		ev := Event{Line: line}
		for k, v := range m {
			switch k {
			case "date":
				d, err := ParseDate(v, cfg.Location)
				if err != nil {
					errs = append(errs, diag.Errorf(doc.Path, line, "events[%d].date: %w", i+1, err))
				}
				ev.Date = d
			case "title", "note":
				s, isStr := v.(string)
				if !isStr {
					errs = append(errs, diag.Errorf(doc.Path, line, "events[%d].%s must be a string", i+1, k))
				}
				if k == "title" {
					ev.Title = strings.TrimSpace(s)
				} else {
					ev.Note = strings.TrimSpace(s)
				}
			default:
				errs = append(errs, diag.Errorf(doc.Path, line, "events[%d]: unknown key %q (an event has date, title and note)", i+1, k))
			}
		}
		if _, has := m["date"]; !has {
			errs = append(errs, diag.Errorf(doc.Path, line, "events[%d] has no date", i+1))
		}
		if ev.Title == "" {
			errs = append(errs, diag.Errorf(doc.Path, line, "events[%d] has no title", i+1))
		}
		e.Events = append(e.Events, ev)
	}
	return errs.Err()
}

func cleanTerms(terms []string) []string {
	out := terms[:0]
	seen := map[string]bool{}
	for _, t := range terms {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func validSlug(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\\?#%") && strings.TrimSpace(s) == s
}

// h1 returns the text of a "# " heading on the body's first non-blank line.
func h1(body []byte) (string, bool) {
	for _, l := range strings.Split(string(body), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.HasPrefix(l, "# ") {
			t := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(l[2:]), "#"))
			return t, t != ""
		}
		return "", false
	}
	return "", false
}

func firstContentLine(body []byte) int {
	for i, l := range strings.Split(string(body), "\n") {
		if strings.TrimSpace(l) != "" {
			return i + 1
		}
	}
	return 1
}

// DropFirstH1 removes the "# title" line that became the entry's title.
func DropFirstH1(body []byte) []byte {
	for i := 0; i < len(body); {
		l, _, _ := bytes.Cut(body[i:], []byte("\n"))
		if len(bytes.TrimSpace(l)) == 0 {
			i += len(l) + 1
			continue
		}
		if bytes.HasPrefix(l, []byte("# ")) {
			// keep the newline so line numbers below stay right
			out := make([]byte, 0, len(body))
			out = append(out, body[:i]...)
			return append(out, body[i+len(l):]...)
		}
		break
	}
	return body
}

// metaHash stands for everything an entry's metadata is made of, so gen
// serve can tell a change of the text alone (the archive's lists stay as
// they are) from a change of title, date, tags … .
func metaHash(path string, fm []byte, e *Entry) uint64 {
	h := fnv.New64a()
	h.Write([]byte(path))
	h.Write([]byte{0})
	h.Write(fm)
	if e.DropH1 {
		h.Write([]byte{0})
		h.Write([]byte(e.Title))
	}
	return h.Sum64()
}

func firstSegment(p string) string {
	s, _, _ := strings.Cut(p, "/")
	return s
}

// entryURL places an entry's page: reports/2022/总结.md → reports/2022/总结/index.html,
// a bundle reports/2022/总结/index.md → the same; slug replaces the last segment.
func entryURL(p, slug string) string {
	dir := strings.TrimSuffix(p, ".md")
	if strings.HasSuffix(p, "/index.md") {
		dir = path.Dir(p)
	}
	if slug != "" {
		dir = path.Join(path.Dir(dir), slug)
	}
	return dir + "/index.html"
}

func yearFromFolders(p string) (int, bool) {
	segs := strings.Split(path.Dir(p), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		var y int
		if len(segs[i]) == 4 {
			if _, err := fmt.Sscanf(segs[i], "%4d", &y); err == nil && y >= 1000 {
				return y, true
			}
		}
	}
	return 0, false
}
