package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"

	"gen/generator/site"
)

// Entry pages are nearly every page of an archive, and html/template spent
// 70 µs on each — ten times what writing its markup takes — in reflective
// calls: a field, a function and two or three escapers for every value.
// When a site uses the built-in theme's baseof.html and entry.html as they
// are, writeEntry writes the page those two templates make, byte for byte
// (a test builds archives both ways and compares every page); the partials
// they call — header, breadcrumbs, term links — still run as templates,
// once per page depth, through the same caches. A site or theme with its
// own baseof.html or entry.html gets the templates, as always.

// fastFiles are the templates writeEntry stands for; rowFile and
// groupsFile are those writeRow and groupsHTML stand for.
var fastFiles = []string{"layouts/baseof.html", "layouts/entry.html"}

const (
	rowFile    = "layouts/partials/row.html"
	groupsFile = "layouts/partials/groups.html"
)

// groupsHTMLTemplate replaces the built-in groups.html when groupsHTML
// writes its groups: the same output, the pager still its template.
const groupsHTMLTemplate = "{{range groupsHTML .}}{{.}}{{end}}{{template \"partials/pager.html\" .}}\n"

// Override is a template of the site or its theme that replaces one of the
// built-in templates this file writes in Go, and what that costs: the
// pages it is part of go through the template engine instead.
type Override struct {
	File string // the replacing copy, as shown in messages: "layouts/entry.html", "themes/blue/layouts/partials/row.html"
	Cost string // "entry pages are rendered by the template engine, about 10× slower"
}

// String is "layouts/entry.html replaces the built-in template: entry pages …".
func (o Override) String() string { return o.File + " replaces the built-in template: " + o.Cost }

// fastCosts names each template written in Go with what its own copy
// costs (measured on the benchmark corpus: an entry page 6 µs in Go and
// 60–85 µs through the templates; a term page of 376 entries 0.2 ms and
// 0.8–1 ms, 4.5 ms while its rows are first rendered).
func fastCosts() [][2]string {
	return [][2]string{
		{"layouts/baseof.html", "entry pages are rendered by the template engine, about 10× slower"},
		{"layouts/entry.html", "entry pages are rendered by the template engine, about 10× slower"},
		{rowFile, "the rows of list pages are rendered by the template engine, and so are the lists around them: list pages about 4× slower"},
		{groupsFile, "the lists of list pages are rendered by the template engine, about 4× slower"},
	}
}

// overrides lists the theme's own copies of the templates written in Go.
func overrides(t *Theme) []Override {
	var out []Override
	for _, fc := range fastCosts() {
		if t.builtinUsed(fc[0]) {
			continue
		}
		_, shown, _, _ := t.find(fc[0])
		if shown == "" {
			shown = fc[0]
		}
		out = append(out, Override{File: shown, Cost: fc[1]})
	}
	return out
}

// Overridden lists the templates of the site or its theme that replace
// built-in ones the renderer would otherwise write in Go, each with what
// it costs, for gen build -v and gen check to say so. Empty with the
// built-in theme, or when the site's copies are byte for byte the same.
func (r *Renderer) Overridden() []Override { return r.overridden }

// builtinUsed reports whether the theme's copy of each file is the built-in
// theme's, byte for byte.
func (t *Theme) builtinUsed(names ...string) bool {
	builtin := t.layers[len(t.layers)-1].fsys
	for _, name := range names {
		src, _, ok, err := t.find(name)
		if err != nil || !ok {
			return false
		}
		want, err := fs.ReadFile(builtin, name)
		if err != nil || !bytes.Equal(src, want) {
			return false
		}
	}
	return true
}

// writeEntry writes d's entry page as baseof.html with entry.html's blocks.
func (r *Renderer) writeEntry(b *bytes.Buffer, d *Data) error {
	e := d.Entry
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	if r.dates.zh {
		b.WriteString("zh-CN")
	} else {
		b.WriteString("en")
	}
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"gen\">\n<title>")
	escText(b, e.Title)
	b.WriteString(" - ")
	escText(b, d.Site.Config.Title)
	b.WriteString("</title>\n<link rel=\"stylesheet\" href=\"")
	r.href(b, d, "assets/gen.css")
	b.WriteString("\">\n<link rel=\"icon\" href=\"")
	r.href(b, d, "assets/favicon.svg")
	b.WriteString("\" type=\"image/svg+xml\">\n")
	b.WriteString(string(d.Head))
	b.WriteString("\n</head>\n<body class=\"kind-")
	escText(b, d.Kind)
	b.WriteString("\">\n")
	header, err := r.partialCached("partials/header.html", d, d.Root(), navCurrent(d))
	if err != nil {
		return err
	}
	b.WriteString(string(header))
	b.WriteString("\n<main id=\"main\" tabindex=\"-1\">")
	crumbs, err := r.partialCached("partials/crumbs.html", d, pageKey(d))
	if err != nil {
		return err
	}
	b.WriteString(string(crumbs))
	b.WriteString("\n")
	if err := r.writeArticle(b, d); err != nil {
		return err
	}
	b.WriteString("\n</main>\n<footer class=\"site-footer\">\n  <p>")
	escText(b, d.Site.Config.Title)
	b.WriteString(" · ")
	escText(b, r.labels.T("generator"))
	b.WriteString("</p>\n</footer>\n</body>\n</html>\n")
	return nil
}

// writeArticle is entry.html's "main" block.
func (r *Renderer) writeArticle(b *bytes.Buffer, d *Data) error {
	e := d.Entry
	b.WriteString("\n<article class=\"entry")
	if len(d.TOC) > 0 {
		b.WriteString(" has-toc")
	}
	b.WriteString("\">\n  <header class=\"entry-head\">\n    <h1>")
	escText(b, e.Title)
	b.WriteString("</h1>\n    <p class=\"meta\">")
	if e.HasDate {
		b.WriteString("<time datetime=\"")
		escText(b, e.Date.Format("2006-01-02"))
		b.WriteString("\">")
		escText(b, r.dates.long(e.Date))
		b.WriteString("</time>")
	}
	b.WriteString("\n      <span class=\"sep\">·</span> <a href=\"")
	r.href(b, d, "years/"+strconv.Itoa(e.Year)+"/index.html")
	b.WriteString("\">")
	escText(b, r.dates.year(e.Year))
	if r.dates.zh {
		b.WriteString("度")
	}
	b.WriteString("</a>")
	for _, u := range e.Units {
		b.WriteString(" <span class=\"sep\">·</span> ")
		if err := r.writeTermLink(b, d, "units", u); err != nil {
			return err
		}
	}
	if len(e.Tags) > 0 {
		b.WriteString(" <span class=\"sep\">·</span> <span class=\"tags\">")
		for _, t := range e.Tags {
			if err := r.writeTermLink(b, d, "tags", t); err != nil {
				return err
			}
		}
		b.WriteString("</span>")
	}
	if e.HasMore() { // categories, authors, lastmod: rare enough for the template
		if err := r.sets[d.Kind].ExecuteTemplate(b, "partials/entry-more.html", d); err != nil {
			return err
		}
	}
	b.WriteString("\n    </p>\n  </header>")
	if len(d.TOC) > 0 {
		b.WriteString("\n  <nav class=\"toc\" aria-labelledby=\"toc-title\">\n    <h2 id=\"toc-title\">")
		escText(b, r.labels.T("toc"))
		b.WriteString("</h2>\n    <ol>")
		for _, h := range d.TOC {
			b.WriteString("\n      <li class=\"l")
			b.WriteString(strconv.Itoa(h.Level))
			b.WriteString("\"><a href=\"#")
			escURL(b, h.ID, false)
			b.WriteString("\">")
			escText(b, h.Text)
			b.WriteString("</a></li>")
		}
		b.WriteString("\n    </ol>\n  </nav>")
	}
	b.WriteString("\n  <div class=\"body\">\n    ")
	b.WriteString(string(d.Content))
	r.writeGallery(b, d)
	if len(e.Attachments) > 0 {
		b.WriteString("\n    <section class=\"attachments\" aria-labelledby=\"att-title\">\n      <h2 id=\"att-title\">")
		escText(b, r.labels.T("attachments"))
		b.WriteString("</h2>\n      <ul>")
		for _, a := range e.Attachments {
			b.WriteString("\n        <li><a href=\"")
			r.href(b, d, e.Dir()+"/"+a.Name)
			b.WriteString("\">")
			escText(b, a.Name)
			b.WriteString("</a> <span class=\"size\">")
			escText(b, humanBytes(a.Size))
			b.WriteString("</span></li>")
		}
		b.WriteString("\n      </ul>\n    </section>")
	}
	prev, next := r.labels.T("prev"), r.labels.T("next")
	b.WriteString("\n  </div>\n  <nav class=\"prevnext\" aria-label=\"")
	escText(b, prev)
	b.WriteString(" / ")
	escText(b, next)
	b.WriteString("\">")
	for _, n := range []struct {
		e          *site.Entry
		rel, label string
	}{{e.Prev, "prev", prev}, {e.Next, "next", next}} {
		if n.e == nil {
			continue
		}
		fmt.Fprintf(b, "<a class=\"%s\" rel=\"%s\" href=\"", n.rel, n.rel)
		r.href(b, d, n.e.URL)
		b.WriteString("\"><span>")
		escText(b, n.label)
		b.WriteString("</span>")
		escText(b, n.e.Title)
		b.WriteString("</a>")
	}
	b.WriteString("\n  </nav>\n</article>\n")
	return nil
}

// href writes the link from d's page to target, as href="{{.Rel target}}".
func (r *Renderer) href(b *bytes.Buffer, d *Data, target string) {
	writeHref(b, d.URL, target)
}

func (r *Renderer) writeTermLink(b *bytes.Buffer, d *Data, tax, name string) error {
	h, err := r.termLink(d, tax, name)
	b.WriteString(string(h))
	return err
}

// writeRow writes partials/row.html for entry e in a list of year on d's
// page.
func (r *Renderer) writeRow(b *bytes.Buffer, d *Data, e *site.Entry, year int) {
	b.WriteString("<span class=\"d\">")
	if layout := listDateLayout(e, year); layout != "" { // digits and dashes: nothing to escape
		var tmp [16]byte
		b.Write(e.Date.AppendFormat(tmp[:0], layout))
	}
	b.WriteString("</span>\n<span class=\"t\"><a href=\"")
	r.href(b, d, e.URL)
	b.WriteString("\">")
	escText(b, e.Title)
	b.WriteString("</a>")
	if len(e.Units) > 0 {
		b.WriteString(" <span class=\"u\">")
		for i, u := range e.Units {
			if i > 0 {
				b.WriteString("、")
			}
			escText(b, u)
		}
		b.WriteString("</span>")
	}
	if len(e.Photos) > 0 {
		b.WriteString(" <span class=\"p\">")
		b.WriteString(strconv.Itoa(len(e.Photos)))
		b.WriteString(" ")
		escText(b, r.labels.T("photoCount"))
		b.WriteString("</span>")
	}
	b.WriteString("</span>")
	if e.Summary != "" {
		b.WriteString("<span class=\"s\">")
		escText(b, e.Summary)
		b.WriteString("</span>")
	}
}

// groupsHTML is partials/groups.html without its pager: the grouped list
// of a list page, one piece of HTML per group, written without the
// template engine when the theme's groups.html and row.html are the
// built-in ones. The template set then holds, as groups.html,
// groupsHTMLTemplate, which inserts the pieces in order and runs the pager
// as the built-in groups.html does. (One piece per group rather than one
// for the list: the template engine prints a value through a buffer of
// fmt's that is reused only while it stays under 64 KB, and a list of
// 500 entries is 300 KB.)
func (r *Renderer) groupsHTML(d *Data) []template.HTML {
	b := r.bufs.get()
	defer r.bufs.put(b)
	timeline := d.Kind == site.KindTimelineYear
	out := make([]template.HTML, len(d.Groups))
	for i, g := range d.Groups {
		b.Reset()
		r.writeGroup(b, d, g, timeline)
		out[i] = template.HTML(b.String())
	}
	return out
}

// writeGroup writes one group of d's list.
func (r *Renderer) writeGroup(b *bytes.Buffer, d *Data, g *site.Group, timeline bool) {
	r.writeGroupHead(b, d, g, timeline)
	year := g.Key
	if d.Year != nil {
		year = d.Year.Year
	}
	if timeline {
		b.WriteString("\n  <ol class=\"timeline-items\">")
	} else {
		b.WriteString("\n  <ul class=\"entries\">")
	}
	for _, it := range g.Items {
		switch {
		case timeline && it.Event != nil:
			r.writeEvent(b, d, it.Event)
		case timeline:
			b.WriteString("\n    <li class=\"entry\">")
			r.writeRow(b, d, it.Entry, year)
			b.WriteString("</li>")
		default:
			b.WriteString("\n    <li>")
			r.writeRow(b, d, it.Entry, year)
			b.WriteString("</li>")
		}
	}
	if timeline {
		b.WriteString("\n  </ol>")
	} else {
		b.WriteString("\n  </ul>")
	}
	b.WriteString("\n</section>")
}

// writeGroupHead opens a group's section and writes its heading.
func (r *Renderer) writeGroupHead(b *bytes.Buffer, d *Data, g *site.Group, timeline bool) {
	b.WriteString("\n<section class=\"group\" id=\"")
	escText(b, g.ID)
	b.WriteString("\">\n  <h2>")
	switch {
	case g.Title != "" && g.URL != "":
		b.WriteString("<a href=\"")
		r.href(b, d, g.URL)
		b.WriteString("\">")
		escText(b, g.Title)
		b.WriteString("</a>")
	case g.Title != "":
		escText(b, g.Title)
	case timeline:
		escText(b, r.dates.month(g.Key))
	case g.Key != 0:
		escText(b, r.dates.year(g.Key))
	}
	if g.Continued {
		b.WriteString(" ")
		escText(b, r.labels.T("continued"))
	}
	b.WriteString("\n    <span class=\"count\">")
	b.WriteString(strconv.Itoa(g.Total))
	b.WriteString(" ")
	if timeline {
		escText(b, r.labels.T("items"))
	} else {
		escText(b, r.labels.T("entries"))
	}
	b.WriteString("</span>\n  </h2>")
}

// writeEvent writes an event's item in a timeline group.
func (r *Renderer) writeEvent(b *bytes.Buffer, d *Data, ev *site.Event) {
	b.WriteString("\n    <li class=\"event\"><span class=\"d\">")
	escText(b, mmdd(ev.Date))
	b.WriteString("</span>\n      <span class=\"t\"><span class=\"mark\">")
	escText(b, r.labels.T("event"))
	b.WriteString("</span> ")
	escText(b, ev.Title)
	if ev.Note != "" {
		b.WriteString("<span class=\"note\">——")
		escText(b, ev.Note)
		b.WriteString("</span>")
	}
	b.WriteString("</span>\n      <span class=\"s\">")
	escText(b, r.labels.T("from"))
	b.WriteString(" <a href=\"")
	r.href(b, d, ev.Entry.URL)
	b.WriteString("\">")
	escText(b, ev.Entry.Title)
	b.WriteString("</a></span></li>")
}

// writeGallery writes entry.html's gallery of the photos the text does not
// show.
func (r *Renderer) writeGallery(b *bytes.Buffer, d *Data) {
	if len(d.Gallery) == 0 {
		return
	}
	b.WriteString("\n    <section class=\"gallery\" aria-labelledby=\"gallery-title\">\n      <h2 id=\"gallery-title\">")
	escText(b, r.labels.T("photos"))
	b.WriteString("（")
	b.WriteString(strconv.Itoa(len(d.Gallery)))
	b.WriteString("）</h2>\n      <ul>")
	for i, p := range d.Gallery {
		b.WriteString("\n        <li><figure><a href=\"")
		escURL(b, site.RelShort(d.URL, p.Display.URL), true)
		b.WriteString("\"><img src=\"")
		escURL(b, site.RelShort(d.URL, p.Thumb.URL), true)
		b.WriteString("\" alt=\"")
		escText(b, p.Name)
		b.WriteString("\" width=\"")
		b.WriteString(strconv.Itoa(p.Thumb.Width))
		b.WriteString("\" height=\"")
		b.WriteString(strconv.Itoa(p.Thumb.Height))
		b.WriteString("\"")
		if i > 0 || d.TextPictures > 0 {
			b.WriteString(" loading=\"lazy\"")
		}
		b.WriteString(" decoding=\"async\"></a>\n          <figcaption>")
		escText(b, p.Name)
		if p.Original != "" {
			b.WriteString(" <a class=\"orig\" href=\"")
			escURL(b, site.RelShort(d.URL, p.Original), true)
			b.WriteString("\">")
			escText(b, r.labels.T("original"))
			b.WriteString(" ")
			escText(b, humanBytes(p.Size))
			b.WriteString("</a>")
		}
		b.WriteString("</figcaption></figure></li>")
	}
	b.WriteString("\n      </ul>\n    </section>")
}
