package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
)

// A .md with YAML or JSON front matter (a post of a Hugo, Hexo or Jekyll
// site) is an entry already; importing it rewrites its front matter in
// TOML, the format gen writes, with the same keys and meaning — dates as
// TOML dates in the site's time zone, lists and tables as they were — and
// keeps its Markdown as written (no outline or watermark rules: the writer
// chose its markup). A .md with TOML front matter is refused as before:
// it can be copied in as it is.

// dateKeys are the keys whose values are dates, written as TOML dates.
var dateKeys = map[string]bool{"date": true, "lastmod": true, "updated": true, "last_modified_at": true,
	"publishDate": true, "expiryDate": true}

// convertFront converts the .md text with YAML or JSON front matter; ok is
// false when the text has none of those (TOML, or no front matter).
func convertFront(src source, text string, cfg *config.Config, fr *FileResult) (e *entry, ok bool) {
	fm, body, _, err := content.Split(src.name, []byte(text))
	if err == nil && (fm.Format == "" || fm.Format == "toml") {
		return nil, false
	}
	fail := func(err error) (*entry, bool) {
		fr.Outcome, fr.Reason = Failed, err
		return nil, true
	}
	if err != nil {
		return fail(err)
	}
	ce, _, err := content.Parse(src.name, []byte(text), cfg)
	if err != nil {
		return fail(err)
	}
	doc, err := fm.Doc(src.name)
	if err != nil {
		return fail(err)
	}
	front, err := tomlFront(doc, cfg, src.base)
	if err != nil {
		return fail(diag.Errorf(src.name, 1, "cannot write the front matter as TOML: %w", err))
	}
	fr.Title, fr.Year = ce.Title, ce.Year
	if ce.HasDate {
		fr.Date = time.Date(ce.Date.Year(), ce.Date.Month(), ce.Date.Day(), 0, 0, 0, 0, time.UTC)
	}
	stem := strings.TrimSuffix(src.base, filepath.Ext(src.base))
	b := strings.TrimLeft(string(body), "\n")
	if b != "" {
		b = "\n" + b
	}
	return &entry{src: src, slug: Slug(stem), title: ce.Title, year: ce.Year, date: fr.Date, front: front, body: b}, true
}

// tomlFront writes doc's keys as TOML front matter, in the order they were
// written, tables last (TOML needs them there).
func tomlFront(doc *config.Doc, cfg *config.Config, base string) (string, error) {
	keys := make([]string, 0, len(doc.Map))
	for k := range doc.Map {
		keys = append(keys, k)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ti, tj := isTable(doc.Map[keys[i]]), isTable(doc.Map[keys[j]])
		if ti != tj {
			return tj
		}
		if li, lj := doc.Line(keys[i]), doc.Line(keys[j]); li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	var b bytes.Buffer
	b.WriteString("+++\n")
	_, hasSource := doc.Map["source"]
	source := func() {
		if !hasSource {
			fmt.Fprintf(&b, "source = %s\n", tomlString(base))
			hasSource = true
		}
	}
	for _, k := range keys {
		if isTable(doc.Map[k]) {
			source() // before the tables, or it would be a key of the last
			b.WriteString("\n")
		}
		v, err := tomlValue(k, doc.Map[k], cfg)
		if err != nil {
			return "", err
		}
		if d, isDate := v.(localDate); isDate { // the encoder writes no local dates of its own
			fmt.Fprintf(&b, "%s = %s\n", tomlKey(k), d)
			continue
		}
		enc := toml.NewEncoder(&b)
		enc.Indent = ""
		if err := enc.Encode(map[string]any{k: v}); err != nil {
			return "", fmt.Errorf("%s: %w", k, err)
		}
	}
	source()
	b.WriteString("+++\n")
	return b.String(), nil
}

// localDate is a TOML local date, 2022-07-01: a day in the site's zone.
type localDate string

func tomlKey(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return tomlString(k)
		}
	}
	return k
}

func isTable(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		return true
	case []any:
		return len(v) > 0 && allTables(v)
	}
	return false
}

func allTables(list []any) bool {
	for _, x := range list {
		if _, ok := x.(map[string]any); !ok {
			return false
		}
	}
	return true
}

// tomlValue is v ready for the TOML encoder: dates as TOML dates (a
// local date when at midnight, else a datetime with its offset), a list of
// tables as [[key]] tables (events' dates too).
func tomlValue(key string, v any, cfg *config.Config) (any, error) {
	switch x := v.(type) {
	case string:
		if !dateKeys[key] {
			return x, nil
		}
		d, err := content.ParseDate(x, cfg.Location)
		if err != nil {
			return x, nil // content.Parse has reported it already
		}
		if d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0 && d.Nanosecond() == 0 {
			return localDate(d.Format("2006-01-02")), nil
		}
		return d, nil
	case []any:
		if len(x) == 0 || !allTables(x) {
			return x, nil
		}
		out := make([]map[string]any, len(x))
		for i, m := range x {
			t := map[string]any{}
			for k, mv := range m.(map[string]any) {
				cv, err := tomlValue(k, mv, cfg)
				if err != nil {
					return nil, err
				}
				if d, isDate := cv.(localDate); isDate {
					cv = string(d) // read as a date all the same
				}
				t[k] = cv
			}
			out[i] = t
		}
		return out, nil
	}
	return v, nil
}
