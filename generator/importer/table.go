package importer

import (
	"fmt"
	"html"
	"strings"
)

// Tables. A table whose cells are all one grid cell is written as a GFM
// pipe table, its first row the header, a cell's lines joined by <br>.
// Pipe tables cannot merge cells, and forms (申请表, 登记表) are made of
// merged cells, so a table with any cell spanning columns or rows is
// written as an HTML <table> — table, thead, tbody, tr, th, td, colspan,
// rowspan, br, strong, em, a, img and sup only, the markup the archive's
// HTML sanitiser keeps — with rows Word repeats as headers in <thead> as
// <th>, and no blank line inside, so Markdown reads it as one HTML block.

// renderTable writes a table in the form its cells need.
func renderTable(b *strings.Builder, rows [][]cell) {
	if merged(rows) {
		renderHTMLTable(b, rows)
	} else {
		renderPipeTable(b, rows)
	}
}

func merged(rows [][]cell) bool {
	for _, r := range rows {
		for _, c := range r {
			if c.cols > 1 || c.rows > 1 {
				return true
			}
		}
	}
	return false
}

// renderPipeTable writes a GFM table; the first row is the header.
func renderPipeTable(b *strings.Builder, rows [][]cell) {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	for i, r := range rows {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("|")
		for k := 0; k < cols; k++ {
			text := ""
			if k < len(r) {
				var lines []string
				for _, l := range cellLines(r[k].runs) {
					lines = append(lines, strings.ReplaceAll(inline(l, false), "|", `\|`))
				}
				text = strings.Join(lines, "<br>")
			}
			b.WriteString(" " + text + " |")
		}
		if i == 0 {
			b.WriteString("\n|" + strings.Repeat(" --- |", cols))
		}
	}
}

// renderHTMLTable writes a table with merged cells as HTML.
func renderHTMLTable(b *strings.Builder, rows [][]cell) {
	head := 0
	for head < len(rows) && len(rows[head]) > 0 && rows[head][0].head {
		head++
	}
	b.WriteString("<table>\n")
	section := func(tag string, rows [][]cell, cellTag string) {
		if len(rows) == 0 {
			return
		}
		b.WriteString("<" + tag + ">\n")
		for _, r := range rows {
			b.WriteString("<tr>")
			for _, c := range r {
				b.WriteString("<" + cellTag)
				if c.cols > 1 {
					fmt.Fprintf(b, ` colspan="%d"`, c.cols)
				}
				if c.rows > 1 {
					fmt.Fprintf(b, ` rowspan="%d"`, c.rows)
				}
				b.WriteString(">" + htmlCell(c.runs) + "</" + cellTag + ">")
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</" + tag + ">\n")
	}
	section("thead", rows[:head], "th")
	section("tbody", rows[head:], "td")
	b.WriteString("</table>")
}

// htmlCell writes a cell's text as HTML, its lines joined by <br>.
func htmlCell(runs []run) string {
	var lines []string
	for _, l := range cellLines(runs) {
		var s strings.Builder
		for _, g := range merge(l) {
			text := html.EscapeString(g.text)
			switch {
			case g.note > 0:
				fmt.Fprintf(&s, "<sup>%d</sup>", g.note)
			case g.image != "":
				fmt.Fprintf(&s, `<img src="%s" alt="%s">`, html.EscapeString(g.image), text)
			case g.link != "":
				fmt.Fprintf(&s, `<a href="%s">%s</a>`, html.EscapeString(g.link), text)
			case g.bold && g.italic:
				s.WriteString("<strong><em>" + text + "</em></strong>")
			case g.bold:
				s.WriteString("<strong>" + text + "</strong>")
			case g.italic:
				s.WriteString("<em>" + text + "</em>")
			default:
				s.WriteString(text)
			}
		}
		lines = append(lines, strings.TrimSpace(s.String()))
	}
	return strings.Join(lines, "<br>")
}

// cellLines splits a cell's runs into its lines, at "\n" in their text.
func cellLines(runs []run) [][]run {
	var out [][]run
	var cur []run
	for _, r := range runs {
		parts := strings.Split(r.text, "\n")
		for i, p := range parts {
			if i > 0 {
				out, cur = append(out, trimRuns(cur)), nil
			}
			if p != "" || r.image != "" || r.note > 0 {
				r2 := r
				r2.text = p
				cur = append(cur, r2)
			}
		}
	}
	out = append(out, trimRuns(cur))
	lines := out[:0]
	for _, l := range out {
		if len(l) > 0 {
			lines = append(lines, l)
		}
	}
	return lines
}
