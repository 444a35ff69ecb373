package pipeline

import (
	"fmt"
	"hash/maphash"
	"html/template"

	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/parallel"
	"gen/generator/render"
	"gen/generator/site"
)

// renderCompilations renders every volume of the years' compilations with
// the full text of its entries, one volume per goroutine. The bodies are
// rendered again for the volume's page: links and pictures resolve from
// its folder, and heading IDs get the entry's number in front, so the
// entries of one volume do not share IDs. (A one-shot build keeps no
// bodies from the entries stage: 50,000 would not fit its memory.)
//
// A Session's texts-only build with Options.Later renders none: it leaves
// the volumes holding the changed entries to Session.Finish (r.later).
func (r *run) renderCompilations() error {
	pages := r.site.Compilations
	if r.plan.scope == scopeTexts {
		pages = r.compilationsHolding(r.plan.texts)
		if r.opts.Later {
			r.later = pages
			return nil
		}
	}
	return r.compile(pages)
}

// compile renders and writes the volumes pages.
func (r *run) compile(pages []*site.Page) error {
	errs := make([]error, len(pages))
	rendered := make([]bool, len(pages))
	kept := make([]cachedPage, len(pages))
	err := parallel.For(r.ctx, len(pages), func(i int) {
		kept[i], rendered[i], errs[i] = r.renderCompilation(pages[i])
	})
	if err != nil {
		return err
	}
	var list diag.List
	for i, p := range pages {
		if errs[i] != nil {
			list = append(list, errs[i])
			continue
		}
		if r.keep != nil {
			r.keep.pages[p.URL] = kept[i]
		}
		if rendered[i] {
			r.res.Rendered++
		}
	}
	r.res.Pages += len(pages)
	return list.Err()
}

// renderCompilation renders and writes one volume, or writes the previous
// build's when none of its entries changed.
func (r *run) renderCompilation(p *site.Page) (cachedPage, bool, error) {
	key := r.compilationKey(p)
	if old, ok := r.plan.page(p.URL, key); ok {
		return old, false, r.writePage(p.URL, old)
	}
	d := &render.Data{Page: p, Site: r.site, Bodies: map[*site.Entry]template.HTML{}, Galleries: map[*site.Entry][]*site.Photo{}}
	for _, g := range p.Compilation.Groups {
		for _, it := range g.Items {
			html, shown, err := r.compiledBody(it.Entry, p.URL)
			if err != nil {
				return cachedPage{}, false, err
			}
			d.Bodies[it.Entry] = html
			d.Galleries[it.Entry] = r.gallery(it.Entry, shown)
		}
	}
	page, err := r.renderPage(p.URL, d, key)
	if err != nil || page.html == nil {
		return page, true, err // or written straight to disk
	}
	if err := r.writePage(p.URL, page); err != nil {
		return cachedPage{}, false, fmt.Errorf("writing %s: %w", p.URL, err)
	}
	return page, true, nil
}

// compiledBody renders an entry's text for the compilation page at pageURL.
// Its broken links were reported with its own page; here they lead to it.
func (r *run) compiledBody(e *site.Entry, pageURL string) (template.HTML, []string, error) {
	src, line, err := content.ReadBody(r.contentFS, e.Path, e.DropH1, nil)
	if err != nil {
		return "", nil, prefixed([]error{err})[0]
	}
	doc, err := r.md.Render(src, markdown.Context{FirstLine: line, IDPrefix: "c" + e.ID + "-",
		Resolve: func(dest string, line int, _ bool) string {
			broken := false
			href := r.links.resolve(e.Path, pageURL, dest, line, func(error) { broken = true })
			if broken {
				return site.Rel(pageURL, e.URL)
			}
			return href
		}, Picture: r.picture(e.Path, pageURL)})
	if err != nil {
		return "", nil, diag.Errorf("content/"+e.Path, 0, "markdown: %w", err)
	}
	return template.HTML(doc.HTML), doc.Shown, nil
}

// compilationKey stands for what a volume shows: its place, its entries'
// files and metadata, the templates. 0 (never reused) in a one-shot build.
func (r *run) compilationKey(p *site.Page) uint64 {
	if r.keep == nil {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(r.keep.seed)
	writeInt(&h, int(r.keep.navKey))
	h.WriteString(p.URL)
	c := p.Compilation
	for _, v := range c.Volumes { // volumes and the index link each other by their ranges
		h.WriteString(v.URL)
	}
	for _, g := range c.Groups {
		h.WriteString(g.Title)
		for _, it := range g.Items {
			listKey(&h, it.Entry)
			photosKey(&h, it.Entry)
			writeInt(&h, int(it.Entry.Meta))
			if b := r.keep.bodies[it.Entry.Path]; b != nil { // where its links lead now
				for _, l := range b.links {
					h.WriteString(l.href)
				}
			}
		}
	}
	for _, row := range c.Figures {
		h.WriteString(fmt.Sprint(row.Total, row.Parts))
	}
	return h.Sum64()
}

// compilationsHolding are the volumes that hold one of entries.
func (r *run) compilationsHolding(entries []*site.Entry) []*site.Page {
	changed := map[*site.Entry]bool{}
	for _, e := range entries {
		changed[e] = true
	}
	var out []*site.Page
	for _, p := range r.site.Compilations {
		if holdsAny(p.Compilation, changed) {
			out = append(out, p)
		}
	}
	return out
}

func holdsAny(c *site.Compilation, entries map[*site.Entry]bool) bool {
	for _, g := range c.Groups {
		for _, it := range g.Items {
			if entries[it.Entry] {
				return true
			}
		}
	}
	return false
}
