package pipeline

import (
	"html/template"
	"slices"

	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/output"
	"gen/generator/parallel"
	"gen/generator/render"
	"gen/generator/site"
)

// renderLists renders every page that is not an entry (in a Session's
// quick rebuild, the pages that list an entry whose text changed).
func (r *run) renderLists() error {
	if r.quick {
		return r.renderPages(r.quickPages())
	}
	intros := map[string]template.HTML{}
	paths := []struct{ src, page string }{{r.site.Home.IntroPath, "index.html"}}
	for _, sec := range r.site.Sections {
		paths = append(paths, struct{ src, page string }{sec.IntroPath, sec.URL})
	}
	for _, p := range paths {
		if p.src == "" {
			continue
		}
		html, err := r.intro(p.src, p.page)
		if err != nil {
			return err
		}
		intros[p.src] = html
	}
	r.intros = intros
	if r.next != nil {
		r.summaryKey = r.summaryKeyOf()
		r.next.intros, r.next.summary, r.next.listing = intros, r.summaryKey, nil
	}
	err := r.renderPages(r.site.Pages)
	if r.next == nil {
		r.renderer.Forget() // a Session keeps its rows for the next build
	}
	return err
}

// renderPages renders list pages in parallel.
func (r *run) renderPages(pages []*site.Page) error {
	results := make([]listResult, len(pages))
	err := parallel.For(r.ctx, len(pages), func(i int) {
		results[i] = r.renderList(pages[i])
	})
	if err != nil {
		return err
	}
	var errs diag.List
	for i, p := range pages {
		if results[i].err != nil {
			errs = append(errs, results[i].err)
			continue
		}
		if r.next != nil {
			r.next.pages[p.URL] = results[i].page
		}
		if results[i].rendered {
			r.res.Rendered++
		}
	}
	r.res.Pages += len(pages)
	return errs.Err()
}

type listResult struct {
	page     cachedPage
	rendered bool
	err      error
}

func (r *run) renderList(p *site.Page) (res listResult) {
	key, cacheable := r.listPageKey(p)
	if old, ok := r.prevPage(p.URL, key); ok && cacheable {
		res.page = old
	} else {
		d := &render.Data{Page: p, Site: r.site}
		switch p.Kind {
		case site.KindHome:
			d.Content = r.intros[r.site.Home.IntroPath]
			d.Newest = newest(r.site.Entries, 10)
		case site.KindSection:
			d.Content = r.intros[p.Section.IntroPath]
			d.Newest = newest(p.Section.Entries, 20)
		}
		if r.next == nil && !output.Retains(r.opts.Out) { // straight to disk, no copy kept
			res.err, res.rendered = r.renderer.PageTo(d, func(b []byte) error { return r.opts.Out.WriteFile(p.URL, b) }), true
			return res
		}
		html, err := r.renderer.Page(d)
		if err != nil {
			res.err = err
			return res
		}
		res.page, res.rendered = cachedPage{key: key, html: html}, true
	}
	res.err = r.opts.Out.WriteFile(p.URL, res.page.html)
	return res
}

// intro renders the body of an _index.md for the page at pageURL.
func (r *run) intro(src, pageURL string) (template.HTML, error) {
	body, line, err := content.ReadBody(r.contentFS, src, false, nil)
	if err != nil {
		return "", prefixed([]error{err})[0]
	}
	doc, err := r.md.Render(body, markdown.Context{FirstLine: line, Resolve: func(dest string, line int, _ bool) string {
		return r.links.resolve(src, pageURL, dest, line, func(err error) { r.warn(prefixed([]error{err})...) })
	}})
	if err != nil {
		return "", err
	}
	if r.opts.Sources {
		r.res.Sources[pageURL] = &Source{Path: "content/" + src, Links: doc.Links, Removed: doc.Removed}
	}
	return template.HTML(doc.HTML), nil
}

// quickPages lists the pages a quick rebuild renders: those listing a
// changed entry, and the home and section pages that show it among the
// newest.
func (r *run) quickPages() []*site.Page {
	r.intros, r.summaryKey = r.next.intros, r.next.summary
	if r.next.listing == nil {
		r.next.listing = map[*site.Entry][]*site.Page{}
		for _, p := range r.site.Pages {
			for _, g := range p.Groups {
				for _, it := range g.Items {
					e := it.Entry
					if it.Event != nil {
						e = it.Event.Entry
					}
					r.next.listing[e] = append(r.next.listing[e], p)
				}
			}
		}
	}
	seen := map[*site.Page]bool{}
	var out []*site.Page
	add := func(p *site.Page) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	// An entry whose metadata is unchanged looks different in a list only
	// if its summary changed (a list row is date, title, unit, summary).
	var shown []*site.Entry
	for _, e := range r.quickEntries {
		if e.Summary != r.quickSummaries[e] {
			shown = append(shown, e)
		}
	}
	for _, e := range shown {
		for _, p := range r.next.listing[e] {
			add(p)
		}
	}
	for _, p := range r.site.Pages {
		var among []*site.Entry
		switch p.Kind {
		case site.KindHome:
			among = newest(r.site.Entries, 10)
		case site.KindSection:
			among = newest(p.Section.Entries, 20)
		}
		for _, e := range among {
			if slices.Contains(shown, e) {
				add(p)
			}
		}
	}
	return out
}

func newest(entries []*site.Entry, n int) []*site.Entry {
	out := make([]*site.Entry, 0, n)
	for i := len(entries) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, entries[i])
	}
	return out
}
