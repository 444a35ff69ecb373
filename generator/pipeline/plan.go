package pipeline

import (
	"io/fs"
	"sort"
	"strings"

	"gen/generator/content"
	"gen/generator/output"
	"gen/generator/site"
)

// A plan says what one build makes anew and what it takes over from the
// previous build of a Session. The stages read it; none of them looks at
// the changed paths or at the Session.
//
// The one-shot build is the plan "everything" (prev is nil): every entry
// is read and rendered, every page written, templates loaded, the search
// index built anew, and nothing is kept. A Session's plan is made from the
// kinds of the paths changed since its last good build (planFor) and
// completed in two steps that the paths alone cannot decide: once
// config.toml is read (sameConfig: its bytes, not its event, decide) and
// once content/ is read (planModel: whether a saved entry changed its front
// matter or only its text).
//
// What a plan can take over, from most to least:
//
//   - texts only (scope texts): no file came or went, no front matter or
//     _index.md changed, the templates hold. The previous archive model,
//     cache and search index are taken over and changed in place, the
//     output is a layer over the previous one, and only the changed entries
//     and the list pages showing them are rendered.
//   - the model is made anew (scope all), but parsed entries, rendered
//     bodies, pages, templates and files whose inputs are unchanged are
//     taken over from the previous cache, and the search index is updated
//     with the entries that changed.
//   - everything (prev nil): nothing is taken over.
type plan struct {
	prev    *cache            // what may be taken over; nil: nothing
	prevOut *output.Mem       // the previous build's files (a Session's only)
	changed map[string]change // site path → kind, since the last good build

	sameConfig bool // config.toml's bytes are the previous build's
	templates  bool // a layout, theme or label changed: templates load again
	rescan     bool // a file under content/ came, went or is no entry: walk content/ again
	intros     bool // an _index.md changed: sections may have other titles or order

	scope scope
	// For scope texts: the entries whose files changed, and their
	// summaries in the previous build (a list row shows the summary).
	texts     []*site.Entry
	summaries map[*site.Entry]string
	index     indexPlan
	// photos a Session could not make in the background (MakePhotos), by
	// content path: the photos stage warns of them instead of waiting
	failedPhotos map[string]error
}

// scope is how much of the archive a build renders.
type scope int

const (
	scopeAll   scope = iota // every entry and page (most of them perhaps taken over)
	scopeTexts              // the changed entries and the pages that show them
)

// indexPlan is what happens to the search index.
type indexPlan int

const (
	indexNew    indexPlan = iota // built anew from every entry
	indexUpdate                  // the previous index, with the entries that changed put in and out
)

// everything is the plan of a one-shot build, and of a Session's first
// build or one after unknown changes.
func everything() *plan { return &plan{templates: true, rescan: true, intros: true} }

// planFor plans a Session's build over prev after the changed paths.
func planFor(prev *cache, prevOut *output.Mem, changed map[string]bool) *plan {
	p := &plan{prev: prev, prevOut: prevOut, changed: make(map[string]change, len(changed))}
	for path := range changed {
		c := classify(path)
		p.changed[path] = c
		switch {
		case c.templates():
			p.templates = true
		case c == changeIntro:
			p.intros = true
		case c == changeFile:
			p.rescan = true
		}
	}
	if prev.index != nil && prevOut != nil {
		p.index = indexUpdate
	}
	return p
}

// readConfig completes the plan once config.toml is read: a changed
// configuration takes over no parsed entry, body or template.
func (p *plan) readConfig(src []byte) {
	p.sameConfig = p.prev != nil && p.prev.cfgSrc == string(src)
	if !p.sameConfig {
		p.templates = true
	}
}

func (p *plan) isChanged(sitePath string) bool {
	_, ok := p.changed[sitePath]
	return ok
}

// entry is content.Load's Reuse: the previous build's parsed entry at a
// content path, unless its file changed.
func (p *plan) entry(contentPath string) *content.Entry {
	if !p.sameConfig || p.prev.lib == nil || p.isChanged("content/"+contentPath) {
		return nil
	}
	return p.prev.lib.Entry(contentPath)
}

// library is content.Load's Prev and Changed: the previous build's entries
// and the changed paths under content/, when the configuration they were
// parsed with is the same.
func (p *plan) library() (*content.Library, []string) {
	if !p.sameConfig || p.prev.lib == nil {
		return nil, nil
	}
	var changed []string
	for sitePath := range p.changed {
		if rel, ok := strings.CutPrefix(sitePath, "content/"); ok {
			changed = append(changed, rel)
		}
	}
	sort.Strings(changed)
	return p.prev.lib, changed
}

// tree returns the previous scan of content/ when every changed file under
// it is an entry or an _index.md that was there and still is: then no file
// appeared or went, and the folder need not be walked again.
func (p *plan) tree(contentFS fs.FS) *content.Tree {
	if p.prev == nil || p.prev.tree == nil || p.rescan {
		return nil
	}
	for sitePath, c := range p.changed {
		if c != changeEntry && c != changeIntro {
			continue
		}
		rel := strings.TrimPrefix(sitePath, "content/")
		if c == changeEntry && !p.prev.tree.Has(rel) {
			return nil
		}
		if info, err := fs.Stat(contentFS, rel); err != nil || !info.Mode().IsRegular() {
			return nil
		}
	}
	return p.prev.tree
}

// planModel completes the plan once content/ is read: the previous archive
// model is kept when no entry's metadata changed — the writer edited texts
// only — and then, if the templates hold and there is an index to update,
// the build renders texts only. It returns the changed entries' new parsed
// files and their places in the kept model; keep is false when the model
// is made anew.
func (p *plan) planModel(lib *content.Library) (fresh []*content.Entry, places []*site.Entry, keep bool) {
	if p.prev == nil || p.prev.site == nil || lib.Tree != p.prev.tree || !p.sameConfig || p.intros {
		return nil, nil, false
	}
	var changed []string
	for sitePath, c := range p.changed {
		if c == changeEntry {
			changed = append(changed, strings.TrimPrefix(sitePath, "content/"))
		}
	}
	sort.Strings(changed) // the entries in one order, build after build
	s := p.prev.site
	for _, rel := range changed {
		old, e, se := p.prev.lib.Entry(rel), lib.Entry(rel), s.EntryBySource(rel)
		if old == nil || e == nil || se == nil || e.Meta != old.Meta {
			return nil, nil, false // new, now a draft, or other metadata
		}
		fresh, places = append(fresh, e), append(places, se)
	}
	if p.index == indexUpdate && !p.templates {
		p.scope, p.texts = scopeTexts, places
		p.summaries = make(map[*site.Entry]string, len(places))
		for _, se := range places {
			p.summaries[se] = se.Summary
		}
	}
	return fresh, places, true
}

// entries lists the entries whose pages the build writes.
func (p *plan) entries(s *site.Site) []*site.Entry {
	if p.scope == scopeTexts {
		return p.texts
	}
	return s.Entries
}

// changedInLists lists the changed entries that look different in a list:
// with their metadata unchanged, only a new summary shows (a list row is
// date, title, unit, summary).
func (p *plan) changedInLists() []*site.Entry {
	var shown []*site.Entry
	for _, e := range p.texts {
		if e.Summary != p.summaries[e] {
			shown = append(shown, e)
		}
	}
	return shown
}

// body returns the previous build's body of e if its file is unchanged.
func (p *plan) body(e *site.Entry) *body {
	if !p.sameConfig {
		return nil
	}
	b := p.prev.bodies[e.Path]
	if b == nil || b.hash != e.Hash {
		return nil
	}
	return b
}

// page returns the previous build's page at url if it was made from the
// same inputs (key 0 is no key: a one-shot build computes none).
func (p *plan) page(url string, key uint64) (cachedPage, bool) {
	if p.prev == nil || key == 0 {
		return cachedPage{}, false
	}
	pg, ok := p.prev.pages[url]
	return pg, ok && pg.key == key
}

// file returns the previous build's copy of a static file or attachment.
func (p *plan) file(shown string) ([]byte, bool) {
	if p.prev == nil || p.isChanged(shown) {
		return nil, false
	}
	b, ok := p.prev.files[shown]
	return b, ok
}

// copies reports whether the files stage copies the file shown as shown:
// a texts-only build copies only changed theme files (the rest are in the
// output it is over) and no file of content/.
func (p *plan) copies(shown string) bool {
	if p.scope != scopeTexts {
		return true
	}
	return !strings.HasPrefix(shown, "content/") && p.isChanged(shown)
}
