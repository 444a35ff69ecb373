package pipeline

import (
	"fmt"
	"html/template"
	"sync/atomic"

	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/output"
	"gen/generator/parallel"
	"gen/generator/render"
	"gen/generator/search"
	"gen/generator/site"
)

// renderEntries renders every entry page in parallel, one result slot each
// (in a Session's quick rebuild, only the entries whose text changed).
func (r *run) renderEntries() error {
	entries := r.plan.entries(r.site)
	results := make([]entryResult, len(entries))
	var done atomic.Int64
	r.startIndex(len(r.site.Entries))
	err := parallel.For(r.ctx, len(entries), func(i int) {
		results[i] = r.renderEntry(entries[i], i)
		if n := done.Add(1); n%256 == 0 {
			r.progress("entries", int(n), len(entries))
		}
	})
	if err != nil {
		return err
	}
	var errs diag.List
	for i, e := range entries {
		res := &results[i]
		if res.err != nil {
			errs = append(errs, res.err)
			continue
		}
		r.warn(res.warns...)
		if r.opts.Sources {
			r.res.Sources[e.URL] = &Source{Path: "content/" + e.Path, Links: res.links, Removed: res.removed}
		}
		if e.Summary == "" {
			e.Summary = res.summary
		}
		if r.keep != nil {
			r.keep.bodies[e.Path] = res.body
			r.keep.pages[e.URL] = res.page
			r.keep.inputs[e.URL] = entryInputs{ce: e.Entry, se: e, prev: e.Prev, next: e.Next, nav: r.keep.navKey}
			r.keep.indexed[e.URL] = res.searchKey
			if res.searchDoc != nil {
				r.index.Put(*res.searchDoc)
			}
		}
		if res.rendered {
			r.res.Rendered++
		}
	}
	r.res.Pages += len(entries)
	if err := errs.Err(); err != nil {
		return err
	}
	r.removeFromIndex()
	return nil
}

// entryResult is one entry's slot. A one-shot build keeps only the summary
// and the links of each entry once its page is written; a Session keeps the
// rendered body and page for the next build.
type entryResult struct {
	summary   string
	links     []markdown.Link
	removed   []markdown.Removed
	body      *body
	page      cachedPage
	rendered  bool
	searchKey uint64      // what the search index holds of the entry (Session)
	searchDoc *search.Doc // to put into a kept index: new or changed (Session)
	warns     []error
	err       error
}

// renderEntry renders one entry; slot is its place in the index being
// built anew (unused when a kept index is updated).
func (r *run) renderEntry(e *site.Entry, slot int) (res entryResult) {
	if r.unchangedEntry(e, &res) {
		return res
	}
	var sc *bodyScratch
	if r.keep == nil && !output.Retains(r.opts.Out) { // the page is written and forgotten: so is its body
		sc, _ = r.scratch.Get().(*bodyScratch)
		if sc == nil {
			sc = &bodyScratch{src: make([]byte, 0, 16<<10)}
		}
		defer r.scratch.Put(sc)
	}
	res.body, res.warns, res.err = r.entryBody(e, sc)
	if res.err != nil {
		return res
	}
	var key uint64
	old, reuse := cachedPage{}, false
	needText := r.plan.index == indexNew
	if r.keep != nil {
		res.searchKey, key = r.searchKey(e), r.entryPageKey(e, res.body)
		old, reuse = r.plan.page(e.URL, key)
		needText = needText || r.plan.prev.indexed[e.URL] != res.searchKey
		if res.body.slim && (needText || !reuse) { // the kept body has no HTML and text
			if res.body, res.warns, res.err = r.renderBody(e, nil); res.err != nil {
				return res
			}
		}
	}
	doc := res.body.doc
	if needText {
		sdoc := search.Doc{URL: e.URL, Title: e.Title, Date: e.Date, Year: e.Year, Section: e.Section,
			SectionTitle: e.Sec.Title, Units: e.Units, Tags: e.Tags, Text: doc.Text}
		if r.plan.index == indexNew {
			r.index.Add(slot, sdoc)
		} else {
			res.searchDoc = &sdoc
		}
	}
	res.summary, res.links = doc.Summary, doc.Links
	if reuse {
		res.page = old
	} else {
		page := &render.Data{Page: r.site.EntryPage(e), Site: r.site, Content: template.HTML(doc.HTML), TOC: doc.TOC,
			Gallery: r.gallery(e, doc.Shown), TextPictures: len(doc.Shown)}
		res.rendered = true
		if res.page, res.err = r.renderPage(e.URL, page, key); res.err != nil || res.page.html == nil {
			res.body = nil
			return res // or written straight to disk
		}
	}
	if err := r.writePage(e.URL, res.page); err != nil {
		res.err = fmt.Errorf("writing %s: %w", e.URL, err)
		return res
	}
	res.removed = doc.Removed
	if r.keep == nil { // 50,000 rendered bodies and pages would not fit in 256 MB
		res.body, res.page = nil, cachedPage{}
	} else {
		res.body = res.body.slimmed()
	}
	return res
}

// renderPage renders a page. A one-shot build writing to disk writes it at
// once and keeps nothing (the cachedPage is empty); a Session keeps it
// packed (output.Packer).
func (r *run) renderPage(url string, d *render.Data, key uint64) (cachedPage, error) {
	switch {
	case r.keep == nil && !output.Retains(r.opts.Out): // straight to disk, no copy kept
		return cachedPage{}, r.renderer.PageTo(d, func(b []byte) error { return r.opts.Out.WriteFile(url, b) })
	case r.keep == nil:
		html, err := r.renderer.Page(d)
		return cachedPage{html: html}, err
	}
	p := cachedPage{key: key, packed: true}
	err := r.renderer.PageTo(d, func(b []byte) error {
		p.html = r.keep.pack.Pack(b)
		return nil
	})
	return p, err
}

// writePage writes a rendered page to the output.
func (r *run) writePage(url string, p cachedPage) error {
	if p.packed {
		return r.opts.Out.(*output.Mem).WritePacked(url, p.html)
	}
	return r.opts.Out.WriteFile(url, p.html)
}

// unchangedEntry hands over the previous build's results for an entry when
// the same parsed file sits in the same model between the same neighbours
// under the same templates: nothing it shows can differ, and nothing need
// be hashed. (A Session whose model was taken over leaves most entries so.)
func (r *run) unchangedEntry(e *site.Entry, res *entryResult) bool {
	prev := r.plan.prev
	if r.plan.index != indexUpdate { // a new index needs every entry's text
		return false
	}
	in := entryInputs{ce: e.Entry, se: e, prev: e.Prev, next: e.Next, nav: r.keep.navKey}
	if prev.inputs[e.URL] != in {
		return false
	}
	b, p := prev.bodies[e.Path], prev.pages[e.URL]
	if b == nil || p.html == nil {
		return false
	}
	res.body, res.page, res.searchKey, res.warns = b, p, prev.indexed[e.URL], b.warns
	res.summary, res.links, res.removed = b.doc.Summary, b.doc.Links, b.doc.Removed
	if err := r.writePage(e.URL, p); err != nil {
		res.err = fmt.Errorf("writing %s: %w", e.URL, err)
	}
	return true
}

// entryBody renders an entry's Markdown, or reuses the previous build's
// rendering when the file is unchanged and its links still resolve the same.
// With sc, the file is read into sc's memory and the body's HTML and text
// are in it too (markdown.RenderScratch), good until sc is used again.
func (r *run) entryBody(e *site.Entry, sc *bodyScratch) (*body, []error, error) {
	var warns []error
	resolve := func(dest string, line int) string {
		return r.links.resolve(e.Path, e.URL, dest, line, func(err error) { warns = append(warns, prefixed([]error{err})[0]) })
	}
	if old := r.plan.body(e); old != nil {
		same := true
		for _, l := range old.links {
			if resolve(l.dest, l.line) != l.href {
				same = false
				break
			}
		}
		if same {
			return old, warns, nil
		}
	}
	return r.renderBody(e, sc)
}

// renderBody renders an entry's Markdown.
func (r *run) renderBody(e *site.Entry, sc *bodyScratch) (*body, []error, error) {
	var warns []error
	resolve := func(dest string, line int) string {
		return r.links.resolve(e.Path, e.URL, dest, line, func(err error) { warns = append(warns, prefixed([]error{err})[0]) })
	}
	var buf []byte
	var msc *markdown.Scratch
	if sc != nil {
		buf, msc = sc.src[:0], &sc.md
	}
	src, line, err := content.ReadBody(r.contentFS, e.Path, e.DropH1, buf)
	if err != nil {
		return nil, nil, prefixed([]error{err})[0]
	}
	b := &body{hash: e.Hash}
	doc, err := r.md.RenderScratch(src, markdown.Context{FirstLine: line, Resolve: func(dest string, line int, _ bool) string {
		href := resolve(dest, line)
		b.links = append(b.links, link{dest: dest, line: line, href: href})
		return href
	}, Picture: r.picture(e.Path, e.URL)}, msc)
	if err != nil {
		return nil, nil, diag.Errorf("content/"+e.Path, 0, "markdown: %w", err)
	}
	b.doc, b.warns = doc, warns
	if sc != nil && cap(src) > cap(sc.src) {
		sc.src = src[:0] // grown for a long file: keep the larger buffer
	}
	if r.keep != nil {
		b.htmlHash = r.keep.hashString(doc.HTML)
	}
	return b, warns, nil
}

// bodyScratch is the memory one goroutine renders bodies in when their
// pages are written and forgotten: the file read and the HTML and text.
type bodyScratch struct {
	src []byte
	md  markdown.Scratch
}
