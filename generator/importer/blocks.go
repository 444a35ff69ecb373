package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is what a block of a document is.
type kind int

const (
	para    kind = iota // a paragraph
	heading             // a heading; level 2–6 (the title is level 1, in front matter)
	item                // a list item; level 0 is the outermost
	table               // a table: rows of cells
	raw                 // Markdown passed through as it is (.md input)
)

// block is one paragraph-level piece of an imported document, the common
// form that the .txt, .md and .docx readers produce and that the outline,
// cleaning and Markdown stages work on.
type block struct {
	kind    kind
	level   int
	ordered bool     // item: numbered, not bulleted
	num     int      // item: its number when ordered
	runs    []run    // para, heading, item: the text
	cells   [][]cell // table: rows of cells
	text    string   // raw: the Markdown lines
	line    int      // where it came from: file line (.txt, .md) or paragraph number (.docx)
	styled  bool     // heading: set by the document's own structure (Word style, Markdown #), not guessed
	title   bool     // .docx: the paragraph has Word's Title style
	md      bool     // runs are Markdown already (.md input): never escaped
	code    bool     // raw: a fenced code block, left exactly as it is
	listFmt string   // .docx: numbering format of a Chinese-numbered paragraph ("" otherwise)
	center  bool     // .docx: the paragraph is centred
	size    int      // .docx: its largest font size in half-points, 0 if not set
	margin  bool     // .docx: from a header or footer, never the title
}

// cell is a table cell: its text (lines split by a run "\n"), and how many
// columns and rows it spans (1 and 1 unless merged).
type cell struct {
	runs       []run
	cols, rows int
	head       bool // in a header row
}

// run is a stretch of text with one formatting.
type run struct {
	text   string
	bold   bool
	italic bool
	link   string // http(s)/mailto target, or ""
	image  string // attachment file name: the run is an image, text is its alt text
	note   int    // a footnote reference: notes[note-1] of the document
	md     bool   // text is Markdown already
}

// plain is the block's text without formatting (images left out).
func plain(runs []run) string {
	var b strings.Builder
	for _, r := range runs {
		if r.image == "" {
			b.WriteString(r.text)
		}
	}
	return b.String()
}

func hasBold(runs []run) bool {
	for _, r := range runs {
		if r.bold && strings.TrimSpace(r.text) != "" {
			return true
		}
	}
	return false
}

func hasImage(runs []run) bool {
	for _, r := range runs {
		if r.image != "" {
			return true
		}
	}
	return false
}

// textRuns is one run of plain text.
func textRuns(s string) []run { return []run{{text: s}} }

// trimRuns removes white space (U+3000 indentation included) from both ends
// of the runs' text, dropping runs left empty.
func trimRuns(runs []run) []run {
	for len(runs) > 0 {
		r := &runs[0]
		if r.image != "" || r.note > 0 {
			break
		}
		r.text = strings.TrimLeftFunc(r.text, unicode.IsSpace)
		if r.text != "" {
			break
		}
		runs = runs[1:]
	}
	for len(runs) > 0 {
		r := &runs[len(runs)-1]
		if r.image != "" || r.note > 0 {
			break
		}
		r.text = strings.TrimRightFunc(r.text, unicode.IsSpace)
		if r.text != "" {
			break
		}
		runs = runs[:len(runs)-1]
	}
	return runs
}

// cutRuns removes the bytes [from, to) of plain(runs) from the runs.
func cutRuns(runs []run, from, to int) []run {
	out := make([]run, 0, len(runs))
	off := 0
	for _, r := range runs {
		if r.image != "" {
			out = append(out, r)
			continue
		}
		start, end := off, off+len(r.text)
		off = end
		lo, hi := max(from, start), min(to, end)
		if lo >= hi {
			out = append(out, r)
			continue
		}
		r.text = r.text[:lo-start] + r.text[hi-start:]
		if r.text != "" {
			out = append(out, r)
		}
	}
	return out
}

// splitRuns splits runs at byte offset at of plain(runs): the part before
// is returned first.
func splitRuns(runs []run, at int) (before, after []run) {
	off := 0
	for i, r := range runs {
		if r.image != "" {
			if off >= at {
				return runs[:i:i], runs[i:]
			}
			continue
		}
		end := off + len(r.text)
		if at <= end {
			a, b := r, r
			a.text, b.text = r.text[:at-off], r.text[at-off:]
			before = append(append([]run{}, runs[:i]...), a)
			after = append([]run{b}, runs[i+1:]...)
			return dropEmpty(before), dropEmpty(after)
		}
		off = end
	}
	return runs, nil
}

func dropEmpty(runs []run) []run {
	out := runs[:0]
	for _, r := range runs {
		if r.text != "" || r.image != "" || r.note > 0 {
			out = append(out, r)
		}
	}
	return out
}

// runeLen counts characters, not bytes: limits in this package are in
// characters, as a writer counts them.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// isCJK reports whether r is a Chinese/Japanese character or full-width
// punctuation, for joining lines without a space between them.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
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
