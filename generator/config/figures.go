package config

import (
	"strings"

	"gen/generator/diag"
)

// Figure is a number the site tracks across its entries and years
// ([[figures]] in config.toml): entries give their values in a [figures]
// table of their front matter, year pages add them up, the home and
// section pages chart them.
type Figure struct {
	Name string // the key entries use: "受众人数"
	Unit string // "人", "场"; shown after the number, and what gen check looks for in the text
	// Sum says values add up over entries (场次, 人数); false: a year's value
	// is the latest entry's (党员总数 at the year's end).
	Sum  bool
	Line int // in config.toml
}

// Compilation configures the year's printable compilation (汇编).
type Compilation struct {
	Title string // "年度资料汇编"
	Unit  string // who compiles it, shown on the cover ("区档案局党组"); optional
	// MaxEntries is the most entries one volume (册) holds; a year with
	// more is split at section boundaries.
	MaxEntries int
}

// DefaultCompilation is the compilation of a site that says nothing.
func DefaultCompilation() Compilation {
	return Compilation{Title: "年度资料汇编", MaxEntries: 150}
}

// Figure returns the tracked figure called name, or nil.
func (c *Config) Figure(name string) *Figure {
	for i := range c.Figures {
		if c.Figures[i].Name == name {
			return &c.Figures[i]
		}
	}
	return nil
}

func (c *Config) parseFigures(doc *Doc) error {
	list, ok, err := doc.Tables("figures")
	if !ok || err != nil {
		return err
	}
	var errs diag.List
	seen := map[string]bool{}
	for i, m := range list {
		line := doc.TableLine("figures", i)
		f := Figure{Sum: true, Line: line}
		for k, v := range m {
			switch k {
			case "name", "unit":
				s, isStr := v.(string)
				if !isStr {
					errs = append(errs, diag.Errorf(doc.Path, line, "figures[%d].%s must be a string", i+1, k))
				}
				if k == "name" {
					f.Name = strings.TrimSpace(s)
				} else {
					f.Unit = strings.TrimSpace(s)
				}
			case "sum":
				b, isBool := v.(bool)
				if !isBool {
					errs = append(errs, diag.Errorf(doc.Path, line, "figures[%d].sum must be true or false", i+1))
				}
				f.Sum = b
			default:
				errs = append(errs, diag.Errorf(doc.Path, line, "figures[%d]: unknown key %q (a figure has name, unit and sum)", i+1, k))
			}
		}
		switch {
		case f.Name == "":
			errs = append(errs, diag.Errorf(doc.Path, line, "figures[%d] has no name", i+1))
		case seen[f.Name]:
			errs = append(errs, diag.Errorf(doc.Path, line, "figure %q is declared twice", f.Name))
		}
		seen[f.Name] = true
		c.Figures = append(c.Figures, f)
	}
	return errs.Err()
}

func (c *Config) parseCompilation(doc *Doc) error {
	m, ok, err := doc.Table("compilation")
	if !ok || err != nil {
		return err
	}
	var errs diag.List
	for k, v := range m {
		line := doc.Line("compilation", k)
		switch k {
		case "title", "unit":
			s, isStr := v.(string)
			if !isStr {
				errs = append(errs, diag.Errorf(doc.Path, line, "compilation.%s must be a string", k))
				continue
			}
			if k == "title" {
				c.Compilation.Title = s
			} else {
				c.Compilation.Unit = s
			}
		case "maxEntries":
			n, isInt := v.(int64)
			if !isInt || n < 1 {
				errs = append(errs, diag.Errorf(doc.Path, line, "compilation.maxEntries must be a whole number of at least 1"))
				continue
			}
			c.Compilation.MaxEntries = int(n)
		default:
			errs = append(errs, diag.Errorf(doc.Path, line, "unknown key compilation.%s (it has title, unit and maxEntries)", k))
		}
	}
	return errs.Err()
}
