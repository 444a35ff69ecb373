package pipeline

import (
	"html/template"
	"slices"

	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/parallel"
	"gen/generator/render"
	"gen/generator/site"
)

// renderLists renders every page that is not an entry (in a Session's
// quick rebuild, the pages that list an entry whose text changed).
func (r *run) renderLists() error {
	if r.plan.scope == scopeTexts {
		return r.renderPages(r.pagesShowing(r.plan.changedInLists()))
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
	if r.keep != nil {
		r.summaryKey = r.summaryKeyOf()
		r.keep.intros, r.keep.summary, r.keep.listing = intros, r.summaryKey, nil
	}
	err := r.renderPages(r.site.Pages)
	if r.keep == nil {
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
		if r.keep != nil {
			r.keep.pages[p.URL] = results[i].page
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
	if old, ok := r.plan.page(p.URL, key); ok && cacheable {
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
		res.rendered = true
		if res.page, res.err = r.renderPage(p.URL, d, key); res.err != nil || res.page.html == nil {
			return res // or written straight to disk
		}
	}
	res.err = r.writePage(p.URL, res.page)
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

// pagesShowing lists the pages a texts-only build renders: those listing
// one of shown, and the home and section pages that show one of them among
// the newest.
func (r *run) pagesShowing(shown []*site.Entry) []*site.Page {
	r.intros, r.summaryKey = r.keep.intros, r.keep.summary
	if r.keep.listing == nil {
		r.keep.listing = listing(r.site.Pages)
	}
	seen := map[*site.Page]bool{}
	var out []*site.Page
	add := func(p *site.Page) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, e := range shown {
		for _, p := range r.keep.listing[e] {
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

// listing maps each entry to the list pages it appears on (by itself or by
// one of its events).
func listing(pages []*site.Page) map[*site.Entry][]*site.Page {
	m := map[*site.Entry][]*site.Page{}
	for _, p := range pages {
		for _, g := range p.Groups {
			for _, it := range g.Items {
				e := it.Entry
				if it.Event != nil {
					e = it.Event.Entry
				}
				m[e] = append(m[e], p)
			}
		}
	}
	return m
}

func newest(entries []*site.Entry, n int) []*site.Entry {
	out := make([]*site.Entry, 0, n)
	for i := len(entries) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, entries[i])
	}
	return out
}
