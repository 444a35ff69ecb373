package check

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"gen/generator/diag"
)

// textRules are the patterns a Markdown file is searched for, line by line.
type textRules struct {
	placeholders, watermarks []pattern
}

func newTextRules(placeholders, watermarks []*regexp.Regexp) *textRules {
	return &textRules{placeholders: newPatterns(placeholders), watermarks: newPatterns(watermarks)}
}

// scan reports placeholders and watermarks in a Markdown file. Lines of
// fenced code blocks (``` or ~~~) are skipped: they hold text quoted as it
// is — a form to fill in, a file name — not the writer's own words.
// Indented blocks are checked: text pasted from Word is often indented with
// spaces, which Markdown takes for code, yet it is prose.
func (t *textRules) scan(path string, src []byte) []*diag.Error {
	if !t.mayMatch(src) {
		return nil
	}
	var issues []*diag.Error
	var fence []byte
	line := 0
	for len(src) > 0 {
		var text []byte
		text, src, _ = bytes.Cut(src, []byte{'\n'})
		line++
		text = bytes.TrimSuffix(text, []byte{'\r'})
		if f, isFence := fenceOf(text); isFence {
			switch {
			case fence == nil:
				fence = f
				continue
			case bytes.HasPrefix(f, fence) && len(bytes.TrimSpace(text)) == len(f):
				fence = nil
				continue
			}
		}
		if fence != nil {
			continue
		}
		if m, re := find(t.placeholders, text); m != nil {
			issues = append(issues, &diag.Error{Rule: "placeholder", Path: path, Line: line,
				Msg: fmt.Sprintf("placeholder %q left unfilled", core(re, m))})
		}
		if m, _ := find(t.watermarks, text); m != nil {
			issues = append(issues, &diag.Error{Rule: "watermark", Path: path, Line: line,
				Msg: fmt.Sprintf("pasted watermark or advert %q", strings.TrimSpace(string(m)))})
		}
	}
	return issues
}

// mayMatch reports whether any pattern might match somewhere in src.
func (t *textRules) mayMatch(src []byte) bool {
	for _, list := range [][]pattern{t.placeholders, t.watermarks} {
		for _, p := range list {
			if p.mayMatch(src) {
				return true
			}
		}
	}
	return false
}

// find returns the first match of the first pattern that matches text.
func find(list []pattern, text []byte) ([]byte, *regexp.Regexp) {
	for _, p := range list {
		if !p.mayMatch(text) {
			continue
		}
		if loc := p.re.FindIndex(text); loc != nil {
			return text[loc[0]:loc[1]], p.re
		}
	}
	return nil, nil
}

// fenceOf returns the run of ` or ~ opening a line (after up to three
// spaces) when it is at least three long.
func fenceOf(line []byte) ([]byte, bool) {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	line = line[i:]
	if len(line) < 3 || (line[0] != '`' && line[0] != '~') {
		return nil, false
	}
	n := 0
	for n < len(line) && line[n] == line[0] {
		n++
	}
	if n < 3 {
		return nil, false
	}
	return line[:n], true
}

// core shortens a match to the least text the pattern still matches, so
// the message shows "xx" rather than the characters around it that the
// pattern needs as edges ("至xx年").
func core(re *regexp.Regexp, m []byte) string {
	s := string(m)
	for {
		_, n := utf8.DecodeRuneInString(s)
		if n == 0 || !re.MatchString(s[n:]) {
			break
		}
		s = s[n:]
	}
	for {
		_, n := utf8.DecodeLastRuneInString(s)
		if n == 0 || !re.MatchString(s[:len(s)-n]) {
			break
		}
		s = s[:len(s)-n]
	}
	return strings.TrimFunc(s, unicode.IsSpace)
}
