package docx

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The few helpers on runs the reader needs; package importer has its own
// for its own block form.

// trimRuns removes white space (U+3000 indentation included) from both ends
// of the runs' text, dropping runs left empty.
func trimRuns(runs []Run) []Run {
	for len(runs) > 0 {
		r := &runs[0]
		if r.Image != "" || r.Note > 0 {
			break
		}
		r.Text = strings.TrimLeftFunc(r.Text, unicode.IsSpace)
		if r.Text != "" {
			break
		}
		runs = runs[1:]
	}
	for len(runs) > 0 {
		r := &runs[len(runs)-1]
		if r.Image != "" || r.Note > 0 {
			break
		}
		r.Text = strings.TrimRightFunc(r.Text, unicode.IsSpace)
		if r.Text != "" {
			break
		}
		runs = runs[:len(runs)-1]
	}
	return runs
}

// unformatted drops bold and italic: a heading is bold by itself.
func unformatted(runs []Run) []Run {
	out := make([]Run, len(runs))
	for i, r := range runs {
		r.Bold, r.Italic = false, false
		out[i] = r
	}
	return out
}

// joinCJK joins two pieces of text with a space unless a CJK character
// meets CJK text, where Chinese writes no space.
func joinCJK(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if isCJK(ra) || isCJK(rb) {
		return a + b
	}
	return a + " " + b
}

// isCJK reports whether r is a Chinese/Japanese character or full-width
// punctuation.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}
