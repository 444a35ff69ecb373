package importer

import (
	"errors"
	"regexp"
	"strings"
	"unicode"
)

var (
	reATX      = regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	reFence    = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	reMDMarker = regexp.MustCompile(`^(?:[ \t]|[>|<]|[-*+](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)|#|\[\^?[^\]]*\]:|!?\[|(?:\*\s*){3,}$|(?:-\s*){3,}$|(?:_\s*){3,}$)`)
)

// errFrontMatter marks a .md file that is an entry already.
var errFrontMatter = errors.New("it has front matter already: it is an entry, copy it into content/ as it is")

// readText turns a plain text file into blocks: every non-empty line is a
// paragraph, its indentation (spaces, tabs, U+3000) and trailing space
// trimmed. Line numbers are kept for messages.
func readText(text string) []block {
	var out []block
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" {
			out = append(out, block{kind: para, runs: textRuns(l), line: i + 1})
		}
	}
	return out
}

// readMarkdown turns a Markdown file without front matter into blocks,
// keeping its Markdown: an ATX heading becomes a heading; a paragraph of one
// plain line stays open to outline numbering and lead phrases (it may be a
// typed 一、 heading); everything else — multi-line paragraphs, lists,
// tables, quotes, code — passes through untouched, except that U+3000
// indentation is removed from the start of lines outside code.
func readMarkdown(text string) ([]block, error) {
	lines := strings.Split(text, "\n")
	if first := strings.TrimRight(lines[0], " \t"); first == "+++" || first == "---" {
		return nil, errFrontMatter
	}
	var out []block
	for i := 0; i < len(lines); {
		l := lines[i]
		switch {
		case strings.TrimSpace(l) == "":
			i++
		case reFence.MatchString(l):
			end := fenceEnd(lines, i)
			out = append(out, block{kind: raw, code: true, text: strings.Join(lines[i:end], "\n"), line: i + 1})
			i = end
		default:
			end := i + 1
			for end < len(lines) && strings.TrimSpace(lines[end]) != "" && !reFence.MatchString(lines[end]) {
				end++
			}
			out = append(out, mdGroup(lines[i:end], i+1))
			i = end
		}
	}
	return out, nil
}

// fenceEnd returns the index after the fenced code block opening at i.
func fenceEnd(lines []string, i int) int {
	fence := reFence.FindStringSubmatch(lines[i])[1]
	for j := i + 1; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j])
		if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
			return j + 1
		}
	}
	return len(lines)
}

// mdGroup makes a block of consecutive non-blank Markdown lines.
func mdGroup(lines []string, line int) block {
	for k, l := range lines {
		lines[k] = strings.TrimLeft(l, "\u3000")
	}
	if len(lines) == 1 {
		l := strings.TrimRightFunc(lines[0], unicode.IsSpace)
		if m := reATX.FindStringSubmatch(l); m != nil && strings.TrimSpace(m[2]) != "" {
			return block{kind: heading, level: len(m[1]), runs: []run{{text: m[2], md: true}}, line: line, styled: true, md: true}
		}
		if !reMDMarker.MatchString(l) {
			return block{kind: para, runs: []run{{text: strings.TrimSpace(l), md: true}}, line: line, md: true}
		}
	}
	return block{kind: raw, text: strings.Join(lines, "\n"), line: line}
}
