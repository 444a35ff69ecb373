package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

func mmdd(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("01-02")
}

// chart draws entries per year as an inline SVG bar chart, oldest year on
// the left, each bar a link to its year page. It is inline markup so it needs
// no script and no file, and prints.
func (r *Renderer) chart(d *Data) template.HTML {
	years := d.Site.Years
	if len(years) == 0 {
		return ""
	}
	maxN := 1
	for _, y := range years {
		maxN = max(maxN, len(y.Entries))
	}
	const barW, gap, h, top, bottom = 22, 6, 120, 18, 22
	w := len(years)*(barW+gap) + gap
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		w, h+top+bottom, w, h+top+bottom, template.HTMLEscapeString(r.labels.T("chartLabel")))
	for i := range years {
		y := years[len(years)-1-i]
		n := len(y.Entries)
		bh := n * h / maxN
		if n > 0 && bh < 2 {
			bh = 2
		}
		x := gap + i*(barW+gap)
		label := r.dates.year(y.Year)
		fmt.Fprintf(&b, `<a href="%s"><title>%s: %d</title>`, template.HTMLEscapeString(string(d.Rel(y.URL))), label, n)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d"></rect>`, x, top+h-bh, barW, bh)
		fmt.Fprintf(&b, `<text class="n" x="%d" y="%d">%d</text>`, x+barW/2, top+h-bh-4, n)
		fmt.Fprintf(&b, `<text class="y" x="%d" y="%d">%02d</text></a>`, x+barW/2, top+h+15, y.Year%100)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
