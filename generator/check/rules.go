package check

import (
	"fmt"
	"sort"
	"strings"

	"gen/generator/config"
	"gen/generator/diag"
)

// Severity is how much an issue matters: an error fails gen check (exit
// status 1) and stops gen publish; a warning is only shown. It is the
// severity of every problem (diag.Severity); a rule may also be Off, which
// no issue is.
type Severity = diag.Severity

// Severities, as written in config.toml and in the JSON report.
const (
	Error   = diag.SeverityError
	Warning = diag.SeverityWarning
	Off     = Severity("off")
)

// Rule is one kind of problem gen check finds.
type Rule struct {
	ID      string
	Default Severity
	About   string
	// Fixed rules cannot be changed in [check.rules]: without a finished
	// build there is nothing to check or publish.
	Fixed bool
}

// Rules lists every rule, in the order of the package comment.
func Rules() []Rule {
	return []Rule{
		{"link", Error, "an internal href or src points to no file of the output", false},
		{"anchor", Error, "a #fragment names no id on the page it points to", false},
		{"placeholder", Error, "unfilled template text such as xx, XX, x名, ××", false},
		{"watermark", Warning, "a line pasted from a web site, with its address", false},
		{"date-missing", Warning, "an entry with a year but no date", false},
		{"date-future", Error, "a date after today in the site's time zone", false},
		{"year-before-date", Warning, "year more than one year before the date", false},
		{"title-empty", Error, "a title with no words, only punctuation", false},
		{"title-duplicate", Warning, "two entries of one section and one year with the same title", false},
		{"url-duplicate", Error, "two entries, or an entry and an archive page, with one URL", false},
		{"case-collision", Error, "two output paths that differ only in letter case", false},
		{"windows-name", Error, "an output name Windows forbids or reserves", false},
		{"attachment-size", Warning, "an attachment larger than check.maxAttachmentMB", false},
		{"html", Warning, "raw HTML the sanitiser removed (scripts, event handlers, unsafe links …)", false},
		{"shortcode", Warning, "Hugo, Hexo, Jekyll or Liquid template syntax, shown as text", false},
		{"build-warning", Warning, "a problem the build reported without stopping", false},
		{"figures", Warning, "a figure the site does not track, or a number in the text that differs from the entry's [figures]", false},
		{"slow-template", Warning, "a template of the site replaces a built-in one gen writes faster without the template engine", false},
		{"build", Error, "the build failed; nothing else could be checked", true},
	}
}

// severities is each rule's severity for one site.
type severities map[string]Severity

// newSeverities applies config.toml's [check.rules] to the defaults, and
// returns a warning for each rule id it does not know or cannot change.
func newSeverities(cfg *config.Config) (severities, []*diag.Error) {
	s := severities{}
	known := map[string]Rule{}
	var ids []string
	for _, r := range Rules() {
		s[r.ID] = r.Default
		known[r.ID] = r
		ids = append(ids, r.ID)
	}
	var issues []*diag.Error
	keys := make([]string, 0, len(cfg.Check.Rules))
	for id := range cfg.Check.Rules {
		keys = append(keys, id)
	}
	sort.Strings(keys)
	for _, id := range keys {
		r, ok := known[id]
		line := cfg.Check.RuleLines[id]
		switch {
		case !ok:
			issues = append(issues, &diag.Error{Rule: "build-warning", Path: cfg.Path, Line: line,
				Msg: fmt.Sprintf("check.rules.%s: no such rule (the rules are %s)", id, strings.Join(ids, ", "))})
		case r.Fixed:
			issues = append(issues, &diag.Error{Rule: "build-warning", Path: cfg.Path, Line: line,
				Msg: fmt.Sprintf("check.rules.%s cannot be changed: a failed build is always an error", id)})
		default:
			s[id] = Severity(cfg.Check.Rules[id])
		}
	}
	return s, issues
}
