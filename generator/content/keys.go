package content

import (
	"path"
	"strings"

	"gen/generator/config"
	"gen/generator/diag"
)

// Keys other tools give a meaning, read as their users expect (Hugo, Hexo,
// Jekyll, MkDocs), whatever the front matter's format:
//
//	description          the summary, when there is no summary
//	categories           terms of the taxonomy categories (its pages are made
//	                     when any entry has one; see site)
//	author, authors      terms of the taxonomy authors, likewise: shown on the
//	                     entry and each author has a page
//	lastmod              when the entry was last changed: "更新于 …" on its page
//	(updated, last_modified_at: Hexo's and Jekyll's names for it)
//	aliases              old addresses of the entry, each given a small page
//	                     that sends the reader on (see site.Alias)
//	url, permalink       the entry's address, when it is a path inside the site
//
// An address that is not a plain path inside the site (another host, "..",
// characters a file share refuses) is an error at its line, as a bad slug is.

// lastmodKeys are the names of lastmod, first found wins.
var lastmodKeys = []string{"lastmod", "updated", "last_modified_at"}

// readToolKeys fills e from the keys above and returns every problem found.
func (e *Entry) readToolKeys(doc *config.Doc, cfg *config.Config) diag.List {
	if !anyToolKey(doc) {
		return nil // most entries: no key asked for (each getter marks its key used)
	}
	var errs diag.List
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if d, ok, err := doc.String("description"); ok {
		note(err)
		if e.Summary == "" {
			e.Summary = strings.TrimSpace(d)
		}
	}
	for _, k := range lastmodKeys {
		v, ok := doc.Raw(k)
		if !ok || e.HasLastmod {
			continue
		}
		d, err := ParseDate(v, cfg.Location)
		if err != nil {
			note(doc.Errorf(k, "%s: %w", k, err))
			continue
		}
		e.Lastmod, e.HasLastmod = d, true
	}
	errs = append(errs, e.readToolTerms(doc, cfg)...)
	return append(errs, e.readAddresses(doc)...)
}

// readToolTerms reads categories and authors (or author) as terms.
func (e *Entry) readToolTerms(doc *config.Doc, cfg *config.Config) diag.List {
	var errs diag.List
	for _, key := range []string{"categories", "authors"} {
		if declared(cfg, key) && key == "categories" {
			continue // read with the declared taxonomies
		}
		if e.TermsOf(key) != nil {
			continue
		}
		from := key
		if key == "authors" && !doc.Has("authors") {
			from = "author"
		}
		terms, _, err := doc.Strings(from)
		if err != nil {
			errs = append(errs, err)
		}
		if terms = cleanTerms(terms); len(terms) > 0 {
			e.Terms = append(e.Terms, Terms{Key: key, Values: terms})
		}
	}
	return errs
}

// readAddresses reads aliases, and url or permalink.
func (e *Entry) readAddresses(doc *config.Doc) diag.List {
	var errs diag.List
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	aliases, ok, err := doc.Strings("aliases")
	note(err)
	if ok {
		e.AliasLine = doc.Line("aliases")
	}
	for _, a := range aliases {
		p, ok := sitePath(a, path.Dir(e.Path))
		if !ok {
			note(doc.Errorf("aliases", "alias %q is not an address inside the site (write a path such as /posts/old-name/)", a))
			continue
		}
		e.Aliases = append(e.Aliases, p)
	}
	for _, k := range []string{"url", "permalink"} {
		u, ok, err := doc.String(k)
		if !ok || e.ownURL != "" {
			continue
		}
		note(err)
		p, valid := sitePath(u, path.Dir(e.Path))
		if err == nil && !valid {
			note(doc.Errorf(k, "%s %q is not an address inside the site (write a path such as /posts/my-post/)", k, u))
			continue
		}
		e.ownURL, e.SlugLine = p, doc.Line(k)
	}
	return errs
}

// toolKeys are the keys readToolKeys reads.
var toolKeys = []string{"description", "lastmod", "updated", "last_modified_at", "categories",
	"author", "authors", "aliases", "url", "permalink"}

func anyToolKey(doc *config.Doc) bool {
	for _, k := range toolKeys {
		if _, ok := doc.Map[k]; ok {
			return true
		}
	}
	return false
}

func declared(cfg *config.Config, key string) bool {
	for _, t := range cfg.Taxonomies {
		if t.Key == key {
			return true
		}
	}
	return false
}

// sitePath turns an address as Hugo and Jekyll write it into an output
// path: "/posts/a/" and "posts/a" (from the site's root; Hugo's relative
// aliases are from the entry's folder, dir) become "posts/a/index.html",
// "/2016/05/a.html" stays a file. ok is false for an address that is not a
// plain path inside the site.
func sitePath(u, dir string) (string, bool) {
	u = strings.TrimSpace(u)
	if u == "" || strings.ContainsAny(u, "\\?#%:*\"<>|") {
		return "", false
	}
	for _, r := range u {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	p := u
	if !strings.HasPrefix(u, "/") {
		if p = path.Join(dir, u); p == ".." || strings.HasPrefix(p, "../") {
			return "", false
		}
	}
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, s := range segs {
		if s == "" || s == "." || s == ".." || strings.TrimRight(s, " .") != s || strings.TrimSpace(s) != s {
			return "", false
		}
	}
	p = strings.Join(segs, "/")
	if p == "" || p == "." {
		return "", false
	}
	if ext := path.Ext(p); ext == ".html" || ext == ".htm" {
		return p, true
	}
	return p + "/index.html", true
}

// HasUpdate reports whether the entry was changed (lastmod) on a later
// day than its date.
func (e *Entry) HasUpdate() bool {
	if !e.HasLastmod {
		return false
	}
	if !e.HasDate {
		return true
	}
	y1, m1, d1 := e.Date.Date()
	y2, m2, d2 := e.Lastmod.Date()
	return y2 > y1 || y2 == y1 && (m2 > m1 || m2 == m1 && d2 > d1)
}

// placeOwnURL puts the entry at the address its url or permalink names. A
// page is a folder's index.html (Entry.Dir), so "2016/05/a.html" becomes
// 2016/05/a/index.html, and the address as written an alias to it, so old
// links keep working.
func (e *Entry) placeOwnURL() {
	p := e.ownURL
	if p == "" {
		return
	}
	if !strings.HasSuffix(p, "/index.html") {
		e.Aliases = append(e.Aliases, p)
		p = strings.TrimSuffix(p, path.Ext(p)) + "/index.html"
	}
	e.URL = p
}
