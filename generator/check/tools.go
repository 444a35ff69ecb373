package check

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/pipeline"
)

// htmlRemoved reports what the sanitiser took out of each page's raw HTML
// (rule html), at the Markdown line it was written on.
func htmlRemoved(sources map[string]*pipeline.Source) []*diag.Error {
	var issues []*diag.Error
	for _, src := range sources {
		for _, r := range src.Removed {
			issues = append(issues, &diag.Error{Rule: "html", Path: src.Path, Line: r.Line,
				Msg: fmt.Sprintf("raw HTML: %s removed (the archive keeps structure and text markup only; html = \"unsafe\" in config.toml lets everything through)", r.What)})
		}
	}
	return issues
}

// Template syntax of other site generators, which gen does not run: the
// page shows it as text. Hugo's shortcodes first, so that {{< … >}} is not
// also taken for Liquid output.
var templateSyntax = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`\{\{[<%].*?(?:[>%]\}\}|$)`), "Hugo shortcode"},
	{regexp.MustCompile(`\{%.*?(?:%\}|$)`), "Hexo/Jekyll tag"},
	{regexp.MustCompile(`\{\{.*?\}\}`), "Liquid/template output"},
}

var (
	reFenceOpen = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	reBackticks = regexp.MustCompile("`+")
)

// shortcodes reports template syntax in the Markdown body of file (rule
// shortcode). Fenced code blocks, indented code blocks (after a blank
// line) and inline code are skipped: there such text is quoted on purpose.
func shortcodes(file string, src []byte) []*diag.Error {
	src, err := content.Normalize(file, src)
	if err != nil {
		return nil
	}
	_, body, bodyLine, err := content.Split(file, src)
	if err != nil {
		return nil
	}
	var issues []*diag.Error
	fence, prevBlank, inIndented := "", true, false
	for i, line := range strings.Split(string(body), "\n") {
		if fence != "" {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if m := reFenceOpen.FindStringSubmatch(line); m != nil {
			fence = m[1]
			continue
		}
		indented := strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")
		inIndented = indented && (prevBlank || inIndented)
		prevBlank = strings.TrimSpace(line) == ""
		if inIndented || !strings.Contains(line, "{") {
			continue
		}
		text := maskCode(line)
		for _, ts := range templateSyntax {
			for _, loc := range ts.re.FindAllStringIndex(text, -1) {
				found := text[loc[0]:loc[1]]
				issues = append(issues, &diag.Error{Rule: "shortcode", Path: file, Line: bodyLine + i,
					Msg: fmt.Sprintf("%s %s: gen does not run it, the page shows it as text (write it as Markdown or HTML, or put it in `code`)", ts.what, shorten(found, 60))})
				text = text[:loc[0]] + strings.Repeat(" ", loc[1]-loc[0]) + text[loc[1]:]
			}
		}
	}
	return issues
}

// maskCode blanks the inline code spans of a line: a run of backticks up
// to the next run of the same length.
func maskCode(line string) string {
	b := []byte(line)
	runs := reBackticks.FindAllIndex(b, -1)
	for i := 0; i < len(runs); i++ {
		n := runs[i][1] - runs[i][0]
		for j := i + 1; j < len(runs); j++ {
			if runs[j][1]-runs[j][0] == n {
				copy(b[runs[i][0]:runs[j][1]], bytes.Repeat([]byte(" "), runs[j][1]-runs[i][0]))
				i = j
				break
			}
		}
	}
	return string(b)
}

func shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
