package importer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	reEntity   = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)
	reListMark = regexp.MustCompile(`^([0-9]{1,9})([.)])(\s|$)`)
)

// render writes blocks as Markdown: blocks separated by a blank line, list
// items of one list by a line break, then the notes as Markdown footnotes
// ([^1]: …). Text from .txt and .docx is escaped so it reads back as the
// same text; Markdown from .md is not touched.
func render(blocks []block, notes [][]run) string {
	var b strings.Builder
	var list []int // marker widths of the open list levels
	for i, bl := range blocks {
		if bl.kind != item {
			list = list[:0]
		}
		if i > 0 {
			if bl.kind == item && blocks[i-1].kind == item {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		switch bl.kind {
		case para:
			b.WriteString(inline(bl.runs, true))
		case heading:
			level := min(max(bl.level, 2), 6) // the title is the page's only level 1
			if bl.md {
				level = bl.level // the writer's own Markdown heading
			}
			b.WriteString(strings.Repeat("#", level) + " " + headingText(bl.runs))
		case item:
			list = renderItem(&b, bl, list)
		case table:
			renderTable(&b, bl.cells)
		case raw:
			b.WriteString(bl.text)
		}
	}
	for i, n := range notes {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "[^%d]: %s", i+1, inline(n, false))
	}
	if b.Len() == 0 {
		return ""
	}
	return b.String() + "\n"
}

func headingText(runs []run) string {
	s := inline(runs, false)
	if strings.HasSuffix(s, "#") {
		s = s[:len(s)-1] + `\#` // else it reads as the closing sequence
	}
	return s
}

// renderItem writes one list item, indented under the open levels, and
// returns the open levels after it. A level deeper than one below the
// current list is taken as one below, so nothing turns into a code block.
func renderItem(b *strings.Builder, bl block, list []int) []int {
	level := min(bl.level, len(list))
	list = list[:level]
	indent := 0
	for _, w := range list {
		indent += w
	}
	marker := "- "
	if bl.ordered {
		marker = fmt.Sprintf("%d. ", max(bl.num, 1))
	}
	b.WriteString(strings.Repeat(" ", indent) + marker + inline(bl.runs, false))
	return append(list, len(marker))
}

// seg is a stretch of runs with one formatting, after merging.
type seg struct {
	run
}

func merge(runs []run) []seg {
	var out []seg
	for _, r := range runs {
		r.text = strings.ReplaceAll(r.text, "\n", " ")
		if n := len(out); n > 0 && r.image == "" && out[n-1].image == "" && r.note == 0 && out[n-1].note == 0 &&
			out[n-1].bold == r.bold && out[n-1].italic == r.italic && out[n-1].link == r.link && out[n-1].md == r.md {
			out[n-1].text += r.text
			continue
		}
		out = append(out, seg{r})
	}
	return out
}

// inline writes runs as one line of Markdown. atStart says the text begins
// a paragraph, where list and heading markers must be escaped too.
func inline(runs []run, atStart bool) string {
	var b strings.Builder
	segs := merge(runs)
	for i, s := range segs {
		next := ' '
		if i+1 < len(segs) {
			next = firstRune(segs[i+1])
		}
		start := atStart && b.Len() == 0
		switch {
		case s.note > 0:
			fmt.Fprintf(&b, "[^%d]", s.note)
		case s.image != "":
			fmt.Fprintf(&b, "![%s](%s)", escape(s.text, false), linkTarget(s.image))
		case s.link != "":
			fmt.Fprintf(&b, "[%s](%s)", escape(s.text, false), linkTarget(s.link))
		case s.bold || s.italic:
			emphasize(&b, s.run, next, start)
		case s.md:
			b.WriteString(s.text)
		default:
			b.WriteString(escape(s.text, start))
		}
	}
	return b.String()
}

func firstRune(s seg) rune {
	switch {
	case s.image != "":
		return '!'
	case s.note > 0:
		return '['
	case s.link != "":
		return '['
	case s.text == "":
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(s.text)
	return r
}

// emphasize writes r between ** (bold), * (italic) or ***. CommonMark only
// opens emphasis at a delimiter that is not followed by punctuation unless
// preceded by space or punctuation, and closes it likewise: "**一是加强学习，**要求"
// stays literal asterisks because the closing ** sits between ， and 要. So
// white space and punctuation at either end move outside the delimiters
// until the delimiters are valid: "**一是加强学习**，要求".
func emphasize(b *strings.Builder, r run, next rune, atStart bool) {
	delim := "**"
	switch {
	case r.bold && r.italic:
		delim = "***"
	case r.italic:
		delim = "*"
	}
	text := r.text
	prev := ' '
	if s := b.String(); s != "" {
		prev, _ = utf8.DecodeLastRuneInString(s)
	}
	var head, tail string
	for text != "" {
		c, n := utf8.DecodeRuneInString(text)
		if !(unicode.IsSpace(c) || isPunct(c) && !isSpaceOrPunct(prev)) {
			break
		}
		head, text, prev = head+text[:n], text[n:], c
	}
	for text != "" {
		c, n := utf8.DecodeLastRuneInString(text)
		if !(unicode.IsSpace(c) || isPunct(c) && !isSpaceOrPunct(next)) {
			break
		}
		tail, text, next = text[len(text)-n:]+tail, text[:len(text)-n], c
	}
	esc := escape
	if r.md {
		esc = func(s string, _ bool) string { return s }
	}
	b.WriteString(esc(head, atStart))
	if text != "" {
		b.WriteString(delim + esc(text, false) + delim)
	}
	b.WriteString(esc(tail, false))
}

// isPunct is CommonMark's (and goldmark's) punctuation: Unicode P and S.
func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// escape backslash-escapes what Markdown would read as markup, so plain text
// stays plain. atStart adds the markers that only count at a line's start.
func escape(s string, atStart bool) string {
	var b strings.Builder
	if atStart {
		if m := reListMark.FindStringSubmatchIndex(s); m != nil {
			b.WriteString(s[:m[4]] + `\`)
			s = s[m[4]:]
		} else if s != "" && strings.ContainsRune("#>-+=|", rune(s[0])) {
			b.WriteString(`\`)
		}
	}
	last := 0
	for _, loc := range reEntity.FindAllStringIndex(s, -1) {
		writeEscaped(&b, s[last:loc[0]])
		b.WriteString(`\` + s[loc[0]:loc[1]])
		last = loc[1]
	}
	writeEscaped(&b, s[last:])
	return b.String()
}

func writeEscaped(b *strings.Builder, s string) {
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
}

// linkTarget writes a link destination; <…> allows spaces and parentheses.
func linkTarget(u string) string {
	if strings.ContainsAny(u, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(u) + ">"
	}
	return u
}
