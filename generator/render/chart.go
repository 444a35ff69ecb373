package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"gen/generator/site"
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

// figureNumber prints a figure without a needless fraction: 1732, 12.5.
func figureNumber(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// figureChart draws one tracked figure across the years as a line of
// points with their values: black on white, readable printed in black and
// white, each point a link to its year.
func (r *Renderer) figureChart(d *Data, s *site.FigureSeries) template.HTML {
	if s == nil || len(s.Points) == 0 {
		return ""
	}
	maxV := 0.0
	for _, p := range s.Points {
		maxV = max(maxV, p.Value)
	}
	if maxV <= 0 {
		maxV = 1
	}
	const step, h, top, bottom, left = 44, 90, 20, 22, 16
	w := left*2 + (len(s.Points)-1)*step
	name := s.Figure.Name
	if s.Figure.Unit != "" {
		name += "（" + s.Figure.Unit + "）"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart figure-chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		w, h+top+bottom, w, h+top+bottom, template.HTMLEscapeString(name))
	var pts []string
	for i, p := range s.Points {
		x, y := left+i*step, top+h-int(p.Value*h/maxV)
		pts = append(pts, fmt.Sprintf("%d,%d", x, y))
	}
	fmt.Fprintf(&b, `<polyline points="%s"></polyline>`, strings.Join(pts, " "))
	for i, p := range s.Points {
		x, y := left+i*step, top+h-int(p.Value*h/maxV)
		label := r.dates.year(p.Year)
		fmt.Fprintf(&b, `<a href="%s"><title>%s: %s</title>`, template.HTMLEscapeString(string(d.Rel(p.URL))), label, figureNumber(p.Value))
		fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="3.5"></circle>`, x, y)
		fmt.Fprintf(&b, `<text class="n" x="%d" y="%d">%s</text>`, x, y-7, figureNumber(p.Value))
		fmt.Fprintf(&b, `<text class="y" x="%d" y="%d">%02d</text></a>`, x, top+h+15, p.Year%100)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// volumeLabel names a compilation's volume: 第一册, or Volume 1 in English.
func volumeLabel(lang string, n int) string {
	if lang == "en" {
		return fmt.Sprintf("Volume %d", n)
	}
	return "第" + chineseNumber(n) + "册"
}

// chineseNumber writes 1–99 in Chinese numerals (一, 十二, 二十三).
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + strings.TrimPrefix(digits[n%10], "零")
	case n < 100:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
	return fmt.Sprint(n)
}
