package importer

import (
	"fmt"
	"regexp"
	"strings"

	"gen/generator/diag"
)

// cleaner removes pasted watermarks (config check.watermarks, the patterns
// gen check lints with) and lists unfilled placeholders (check.placeholders),
// which stay in the text: filling them in is the writer's job.
//
// Every match of a watermark pattern is cut out of its paragraph; a
// paragraph left with nothing but white space and punctuation is dropped.
// With the default pattern that removes whole pasted lines and the
// "（笔杆儿网，www.…）" fragments at the end of paragraphs.
type cleaner struct {
	name       string // the input file, for messages
	docx       bool   // block lines are paragraph numbers
	watermarks []*regexp.Regexp
	holders    []*regexp.Regexp
	removed    []error
	warns      []error
}

// at makes a message about line (or paragraph) n of the input. A paragraph
// is the message's place, not part of its text, so that 70 text boxes are
// one warning, grouped (diag.Group).
func (c *cleaner) at(n int, format string, args ...any) error {
	e := diag.Errorf(c.name, n, format, args...)
	if c.docx {
		e.Unit = "paragraph"
	}
	return e
}

func (c *cleaner) clean(blocks []block) []block {
	out := blocks[:0]
	for _, b := range blocks {
		switch b.kind {
		case table:
			for r := range b.cells {
				for k := range b.cells[r] {
					b.cells[r][k].runs = c.runs(b.cells[r][k].runs, b.line)
				}
			}
		case raw:
			if b.code {
				break // code is quoted, not prose: nothing to clean or fill in
			}
			b.text = c.rawLines(b.text, b.line)
			if strings.TrimSpace(b.text) == "" {
				continue
			}
		default:
			had := len(b.runs) > 0
			b.runs = c.runs(b.runs, b.line)
			if had && len(b.runs) == 0 {
				continue
			}
		}
		out = append(out, b)
	}
	return out
}

// runs cleans one paragraph's text; it returns nil when a watermark was all
// there was to it.
func (c *cleaner) runs(runs []run, line int) []run {
	cut := false
	for _, re := range c.watermarks {
		text := plain(runs)
		locs := re.FindAllStringIndex(text, -1)
		for i := len(locs) - 1; i >= 0; i-- {
			lo, hi := locs[i][0], locs[i][1]
			if lo == hi {
				continue
			}
			c.removed = append(c.removed, c.at(line, "removed watermark %q", strings.TrimSpace(text[lo:hi])))
			runs, cut = cutRuns(runs, lo, hi), true
		}
	}
	runs = trimRuns(runs)
	if cut && !hasImage(runs) && strings.TrimFunc(plain(runs), isSpaceOrPunct) == "" {
		return nil
	}
	c.placeholders(plain(runs), line)
	return runs
}

// rawLines cleans Markdown passed through as it is, line by line.
func (c *cleaner) rawLines(text string, first int) string {
	lines := strings.Split(text, "\n")
	out := lines[:0]
	for i, l := range lines {
		n := first + i
		cleaned := l
		for _, re := range c.watermarks {
			for _, m := range re.FindAllString(cleaned, -1) {
				if m != "" {
					c.removed = append(c.removed, c.at(n, "removed watermark %q", strings.TrimSpace(m)))
				}
			}
			cleaned = re.ReplaceAllLiteralString(cleaned, "")
		}
		if cleaned != l {
			cleaned = strings.TrimRight(cleaned, " \t\u3000")
			if strings.TrimFunc(cleaned, isSpaceOrPunct) == "" {
				continue
			}
		}
		c.placeholders(cleaned, n)
		out = append(out, cleaned)
	}
	return strings.Join(out, "\n")
}

// placeholders warns once per line about the placeholders in it, quoting
// each with a little of the text around it so the writer can find it.
func (c *cleaner) placeholders(text string, line int) {
	var found []string
	seen := map[string]bool{}
	for _, re := range c.holders {
		for _, loc := range re.FindAllStringIndex(text, -1) {
			q := fmt.Sprintf("%q", around(text, loc[0], loc[1]))
			if loc[0] < loc[1] && !seen[q] {
				seen[q] = true
				found = append(found, q)
			}
		}
	}
	switch len(found) {
	case 0:
	case 1:
		c.warns = append(c.warns, c.at(line, "placeholder kept, fill it in: %s", found[0]))
	default:
		c.warns = append(c.warns, c.at(line, "placeholders kept, fill them in: %s", strings.Join(found, ", ")))
	}
}

// contextRunes is how much text around a placeholder a warning quotes.
const contextRunes = 6

// around returns text[lo:hi] with up to contextRunes characters on each
// side, and "…" where the text goes on.
func around(text string, lo, hi int) string {
	before, after := []rune(text[:lo]), []rune(text[hi:])
	pre, post := "", ""
	if len(before) > contextRunes {
		before, pre = before[len(before)-contextRunes:], "…"
	}
	if len(after) > contextRunes {
		after, post = after[:contextRunes], "…"
	}
	return strings.TrimSpace(pre + string(before) + text[lo:hi] + string(after) + post)
}
