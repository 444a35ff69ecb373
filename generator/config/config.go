// Package config reads a site's config.toml into a Config, filling in defaults,
// and is the place where TOML is read the gen way (see Doc), so front matter
// errors and config errors look alike.
//
// Keys (all optional):
//
//	title         site title (default "档案")
//	languageCode  "zh-CN" (default) or "en": the language of the theme's labels and dates
//	theme         theme folder name under themes/ (default "default", built in)
//	timeZone      IANA zone for dates written without one (default "Asia/Shanghai")
//	html          what raw HTML in Markdown becomes: "sanitize" (default: an
//	              allowlist keeps structure and text markup, removes scripts,
//	              styles, event handlers, unsafe URLs; gen check reports what
//	              it removed), "escape" (shown as text) or "unsafe" (as written)
//	unsafe        true is html = "unsafe" (default false)
//	maxListed     rows one list page shows before the list is split by year, then
//	              by month, then into numbered parts of a month (default 1000)
//	[params]      anything; templates see it as .Site.Config.Params
//	[taxonomies]  front-matter key = label: more taxonomies beside tags and units
//	[check]       lint settings shared by gen check and gen import (see Check)
//	[[figures]]   name, unit, sum: a figure entries report in their [figures] (see Figure)
//	[compilation] title, unit, maxEntries: the year's printable compilation (see Compilation)
//	[photos]      originals, display, thumb, quality, cache: photos' copies (see Photos)
//
// An unknown key is a warning with its line; a value of the wrong type is an
// error with its line.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"

	"gen/generator/diag"
)

// Config is a site's configuration after defaults.
type Config struct {
	Title        string
	LanguageCode string
	Theme        string
	TimeZone     string
	Location     *time.Location
	Unsafe       bool   // html = "unsafe"
	HTML         string // "sanitize", "escape" or "unsafe" (the markdown package's modes)
	MaxListed    int    // rows per list page before it is split (see site)
	Params       map[string]any
	Taxonomies   []Taxonomy
	Check        Check
	Figures      []Figure
	Compilation  Compilation
	Photos       Photos

	Path  string         // the file read, for messages ("config.toml")
	Lines map[string]int // line of each top-level key, for messages
}

// Errorf returns an error at the line of a top-level key of config.toml.
func (c *Config) Errorf(key, format string, args ...any) error {
	return diag.Errorf(c.Path, c.Lines[key], format, args...)
}

// Taxonomy is a front-matter key whose values group entries (tags, units, …).
// Key is both the front-matter key and the URL folder.
type Taxonomy struct {
	Key   string
	Label string // empty: the theme's label for tags/units, else Key
}

// Check holds the lint settings of gen check, shared with gen import.
type Check struct {
	Placeholders []*regexp.Regexp // unfilled template text such as xx
	Watermarks   []*regexp.Regexp // lines pasted from template web sites
	// Rules maps a rule id to "error", "warning" or "off"; RuleLines gives
	// the line where each was set, so gen check can point at a rule id it
	// does not know.
	Rules     map[string]string
	RuleLines map[string]int
	// MaxAttachmentMB is the largest attachment before the size rule fires.
	MaxAttachmentMB float64
}

// Default placeholder and watermark patterns. Go's regexp has no look-behind,
// so "not part of a Latin word" is spelled with explicit edges.
var (
	DefaultPlaceholders = []string{
		`(?:^|[^A-Za-z])[xX×]{2,}(?:[^A-Za-z]|$)`,
		`(?:^|[^A-Za-z])[xX×](?:名|人|个|次|场|项|家|户|期|篇|万元|元|余人)`,
	}
	DefaultWatermarks = []string{
		// "（笔杆儿网，www.example.net）" at the end of a paragraph
		`[（(][^（）()]{0,40}(?:www\.|https?://)[^（）()]*[）)]\s*$`,
	}
)

// DefaultMaxListed is how many rows a list page shows before it is split:
// enough that most lists are one page, few enough that a page of a
// 50,000-entry archive still opens quickly from a file share.
const DefaultMaxListed = 1000

// Lang returns "en" or "zh", the two label languages of the theme.
func (c *Config) Lang() string {
	if strings.HasPrefix(strings.ToLower(c.LanguageCode), "en") {
		return "en"
	}
	return "zh"
}

// Default returns the configuration of a site with no config.toml.
func Default() *Config {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	c := &Config{
		Title:        "档案",
		LanguageCode: "zh-CN",
		Theme:        "default",
		HTML:         "sanitize",
		TimeZone:     "Asia/Shanghai",
		Location:     loc,
		MaxListed:    DefaultMaxListed,
		Params:       map[string]any{},
		Taxonomies:   []Taxonomy{{Key: "tags"}, {Key: "units"}},
		Compilation:  DefaultCompilation(),
		Photos:       DefaultPhotos(),
		Check:        Check{Rules: map[string]string{}, RuleLines: map[string]int{}, MaxAttachmentMB: 20},
		Path:         "config.toml",
		Lines:        map[string]int{},
	}
	c.Check.Placeholders = mustCompile(DefaultPlaceholders)
	c.Check.Watermarks = mustCompile(DefaultWatermarks)
	return c
}

func mustCompile(pats []string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(pats))
	for i, p := range pats {
		out[i] = regexp.MustCompile(p)
	}
	return out
}

// Load reads name from fsys. A missing file gives Default(). Warnings (unknown
// keys) come back separately from the error, which is a diag.List of every
// problem found.
func Load(fsys fs.FS, name string) (*Config, []error, error) {
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil, nil
	}
	if err != nil {
		return nil, nil, &diag.Error{Path: name, Msg: err.Error(), Err: err}
	}
	return Parse(name, src)
}

// Parse reads a config.toml's bytes.
func Parse(name string, src []byte) (*Config, []error, error) {
	src = trimBOM(src)
	doc, err := ParseDoc(name, src, 0)
	if err != nil {
		return nil, nil, err
	}
	c := Default()
	c.Path = name
	for k := range doc.Map {
		c.Lines[k] = doc.Line(k)
	}
	var errs diag.List
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	str := func(key string, dst *string) {
		s, ok, err := doc.String(key)
		note(err)
		if ok && err == nil {
			*dst = s
		}
	}
	str("title", &c.Title)
	str("languageCode", &c.LanguageCode)
	str("theme", &c.Theme)
	str("timeZone", &c.TimeZone)
	_, _, _ = doc.String("baseURL") // accepted for Hugo users; links are relative anyway
	note(c.parseHTML(doc))
	if n, ok, err := doc.Int("maxListed"); ok {
		note(err)
		if err == nil && n < 1 {
			note(doc.Errorf("maxListed", "maxListed must be at least 1, not %d", n))
		} else if err == nil {
			c.MaxListed = n
		}
	}
	if m, ok, err := doc.Table("params"); ok {
		note(err)
		if m != nil {
			c.Params = m
		}
	}
	if c.Theme == "" || strings.ContainsAny(c.Theme, `/\`) || c.Theme == "." || c.Theme == ".." {
		note(doc.Errorf("theme", "theme %q is not a folder name", c.Theme))
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		note(doc.Errorf("timeZone", "unknown timeZone %q (write an IANA name such as \"Asia/Shanghai\")", c.TimeZone))
	} else {
		c.Location = loc
	}
	note(c.parseTaxonomies(doc))
	note(c.parseCheck(doc))
	note(c.parseFigures(doc))
	note(c.parseCompilation(doc))
	note(c.parsePhotos(doc))
	var warns []error
	for _, k := range doc.Unused() {
		warns = append(warns, doc.Errorf(k, "unknown key %q (ignored)", k))
	}
	if len(errs) > 0 {
		return nil, warns, errs.Err()
	}
	return c, warns, nil
}

// parseHTML reads html and unsafe, which must not disagree.
func (c *Config) parseHTML(doc *Doc) error {
	var errs diag.List
	b, hasUnsafe, err := doc.Bool("unsafe")
	if err != nil {
		errs = append(errs, err)
	}
	h, hasHTML, err := doc.String("html")
	switch {
	case err != nil:
		errs = append(errs, err)
	case hasHTML && h != "sanitize" && h != "escape" && h != "unsafe":
		errs = append(errs, doc.Errorf("html", "html must be \"sanitize\", \"escape\" or \"unsafe\", not %q", h))
	case hasHTML && hasUnsafe && b != (h == "unsafe"):
		errs = append(errs, doc.Errorf("unsafe", "unsafe = %t disagrees with html = %q (keep one of them)", b, h))
	case hasHTML:
		c.HTML = h
	}
	if hasUnsafe && b {
		c.HTML = "unsafe"
	}
	c.Unsafe = c.HTML == "unsafe"
	return errs.Err()
}

func (c *Config) parseTaxonomies(doc *Doc) error {
	m, ok, err := doc.Table("taxonomies")
	if !ok || err != nil {
		return err
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortByLine(keys, func(k string) int { return doc.Line("taxonomies", k) })
	for _, k := range keys {
		label, isStr := m[k].(string)
		if !isStr {
			return diag.Errorf(doc.Path, doc.Line("taxonomies", k), "taxonomies.%s must be a string (the label shown for it)", k)
		}
		if !validKey(k) {
			return diag.Errorf(doc.Path, doc.Line("taxonomies", k), "taxonomy %q: use letters, digits and - only (it becomes a folder name)", k)
		}
		if reservedTaxonomy(k) {
			return diag.Errorf(doc.Path, doc.Line("taxonomies", k), "taxonomy %q would collide with a front-matter key or a page of the archive", k)
		}
		found := false
		for i := range c.Taxonomies {
			if c.Taxonomies[i].Key == k {
				c.Taxonomies[i].Label, found = label, true
			}
		}
		if !found {
			c.Taxonomies = append(c.Taxonomies, Taxonomy{Key: k, Label: label})
		}
	}
	return nil
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func reservedTaxonomy(k string) bool {
	switch k {
	case "title", "date", "year", "draft", "summary", "slug", "weight", "events", "figures", "compile",
		"years", "timeline", "search", "assets", "static":
		return true
	}
	return false
}

func (c *Config) parseCheck(doc *Doc) error {
	m, ok, err := doc.Table("check")
	if !ok || err != nil {
		return err
	}
	var errs diag.List
	for k, v := range m {
		line := doc.Line("check", k)
		switch k {
		case "placeholders", "watermarks":
			res, err := compileList(doc, k, v, line)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if k == "placeholders" {
				c.Check.Placeholders = res
			} else {
				c.Check.Watermarks = res
			}
		case "maxAttachmentMB":
			switch n := v.(type) {
			case int64:
				c.Check.MaxAttachmentMB = float64(n)
			case float64:
				c.Check.MaxAttachmentMB = n
			default:
				errs = append(errs, diag.Errorf(doc.Path, line, "check.maxAttachmentMB must be a number, not %s", typeName(v)))
			}
		case "rules":
			rules, isMap := v.(map[string]any)
			if !isMap {
				errs = append(errs, diag.Errorf(doc.Path, line, "check.rules must be a table of rule = \"error\" | \"warning\" | \"off\""))
				continue
			}
			for id, sev := range rules {
				s, isStr := sev.(string)
				if !isStr || (s != "error" && s != "warning" && s != "off") {
					errs = append(errs, diag.Errorf(doc.Path, doc.Line("check", "rules", id), "check.rules.%s must be \"error\", \"warning\" or \"off\"", id))
					continue
				}
				c.Check.Rules[id] = s
				c.Check.RuleLines[id] = doc.Line("check", "rules", id)
			}
		default:
			errs = append(errs, diag.Errorf(doc.Path, line, "unknown key check.%s", k))
		}
	}
	return errs.Err()
}

func compileList(doc *Doc, key string, v any, line int) ([]*regexp.Regexp, error) {
	pats, _, err := doc.AsStrings("check."+key, v)
	if err != nil {
		return nil, diag.Errorf(doc.Path, line, "check.%s must be a list of regular expressions", key)
	}
	out := make([]*regexp.Regexp, 0, len(pats))
	for _, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, diag.Errorf(doc.Path, line, "check.%s: bad regular expression %q: %w", key, p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

func sortByLine(keys []string, line func(string) int) {
	sort.SliceStable(keys, func(i, j int) bool {
		li, lj := line(keys[i]), line(keys[j])
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
}

// String summarises the config for -v output.
func (c *Config) String() string {
	return fmt.Sprintf("title=%q lang=%s theme=%s tz=%s", c.Title, c.Lang(), c.Theme, c.TimeZone)
}
