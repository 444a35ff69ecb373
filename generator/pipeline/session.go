package pipeline

import (
	"context"
	"hash/maphash"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"

	"gen/generator/content"
	"gen/generator/markdown"
	"gen/generator/output"
	"gen/generator/render"
	"gen/generator/search"
	"gen/generator/site"
)

// Session builds the same site again and again (gen serve), reusing what did
// not change. Each Build returns a complete new set of files in memory; the
// previous set is not touched, so a server can swap from one to the next.
//
// What is reused, and when:
//   - a parsed entry, when its file is not among the changed paths;
//   - a rendered body, when the file's bytes are the same and every link in
//     it resolves to the same place as before;
//   - a rendered page, when the inputs it shows are the same: for an entry
//     its file, body, neighbours and the navigation; for a list page the
//     entries (and events) it lists; the overview pages (home, sections,
//     years, timeline, taxonomy indexes) are always rendered again;
//   - templates, when no file under layouts/, themes/ or i18n/ changed;
//   - static files and attachments, when not among the changed paths.
//
// A change to config.toml or to any template makes every page render again.
// Caches hold only data from successful builds, and are never changed once
// made (STYLE: data that lives across builds is immutable).
type Session struct {
	opts    Options
	mu      sync.Mutex
	prev    *cache
	prevOut *output.Mem
	pending map[string]bool // paths changed since the last successful build
	full    bool            // the next build may reuse nothing that depends on file contents
}

// NewSession returns a session; opts.Out is ignored (each build makes its own).
func NewSession(opts Options) *Session {
	return &Session{opts: opts, pending: map[string]bool{}, full: true}
}

// Build builds the site. changed lists the site paths (slash-separated,
// relative to the site folder) changed since the last call; nil means
// unknown, and every file is read again. On failure the previous build
// stays the last good one, and its changes are remembered for the next call.
func (s *Session) Build(ctx context.Context, changed []string) (*Result, *output.Mem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if changed == nil {
		s.full = true
	}
	for _, p := range changed {
		s.pending[p] = true
	}
	mem := output.NewMem()
	opts := s.opts
	opts.Out = mem
	r := &run{ctx: ctx, opts: opts, res: &Result{Sources: map[string]*Source{}}, mem: mem}
	r.next = newCache(s.prev)
	if s.prev != nil && !s.full {
		r.prev = s.prev
		r.prev.changed = s.pending
		r.prevOut = s.prevOut
	}
	if s.prev != nil && s.prev.index != nil && r.prev == nil {
		// a full rebuild: the kept index is dropped, a new one is made
		s.prev.index = nil
	}
	res, err := r.all()
	if err != nil {
		if r.quick { // its caches were being changed in place: start afresh
			s.prev, s.prevOut, s.full = nil, nil, true
		}
		return res, nil, err
	}
	res.Changed, res.Removed = r.mem.Diff(s.prevOut)
	s.prev, s.prevOut, s.pending, s.full = r.next, r.mem, map[string]bool{}, false
	return res, r.mem, nil
}

// cache is what one build of a Session leaves for the next.
type cache struct {
	seed     maphash.Seed
	changed  map[string]bool // set on the previous cache while the next build reads it
	cfgSrc   string
	renderer *render.Renderer
	themeGen int                       // counts template reloads, part of every page key
	entries  map[string]*content.Entry // parsed entries by content path
	bodies   map[string]*body          // rendered bodies by content path
	pages    map[string]cachedPage     // rendered pages by URL
	files    map[string][]byte         // static files and attachments by shown path
	navKey   uint64
	tree     *content.Tree                // the scan of content/
	site     *site.Site                   // the archive model, taken over by the next build when only texts changed
	listing  map[*site.Entry][]*site.Page // the list pages each entry appears on (quick rebuilds)
	intros   map[string]template.HTML     // rendered _index.md bodies
	summary  uint64                       // archive-wide counts (summaryKeyOf)
	index    *search.Index                // the search index, updated in place by the next build
	indexed  map[string]uint64            // what the index holds of each entry, by URL (searchKey)
	inputs   map[string]entryInputs
}

func newCache(prev *cache) *cache {
	c := &cache{entries: map[string]*content.Entry{}, bodies: map[string]*body{}, pages: map[string]cachedPage{},
		files: map[string][]byte{}, indexed: map[string]uint64{}, inputs: map[string]entryInputs{}}
	if prev != nil {
		c.seed, c.themeGen = prev.seed, prev.themeGen
	} else {
		c.seed = maphash.MakeSeed()
	}
	return c
}

// body is a rendered Markdown body and the links it resolved.
type body struct {
	hash     uint64 // of the source file
	doc      *markdown.Doc
	links    []link
	htmlHash uint64
	warns    []error // about its links
}

// entryInputs are the objects an entry page is made from; the same objects
// make the same page.
type entryInputs struct {
	ce         *content.Entry
	se         *site.Entry
	prev, next *site.Entry
	nav        uint64
}

type link struct {
	dest string
	line int
	href string
}

// cachedPage is a rendered page and the key of what went into it.
type cachedPage struct {
	key  uint64
	html []byte
}

func (c *cache) hashString(s string) uint64 { return maphash.String(c.seed, s) }

func (r *run) changed(p string) bool { return r.prev.changed[p] }

// reuseEntry hands content.Load an entry parsed by the previous build.
func (r *run) reuseEntry(p string) *content.Entry {
	if r.prev == nil || r.prev.cfgSrc != string(r.cfgSrc) || r.changed("content/"+p) {
		return nil
	}
	return r.prev.entries[p]
}

// reuseTree returns the previous scan of content/ when every changed file
// under it is an entry or an _index.md that was there and still is: then no
// file appeared or went, and the folder need not be walked again.
func (r *run) reuseTree() *content.Tree {
	if r.prev == nil || r.prev.tree == nil {
		return nil
	}
	for p := range r.prev.changed {
		rel, ok := strings.CutPrefix(p, "content/")
		if !ok {
			continue
		}
		if !strings.HasSuffix(rel, ".md") {
			return nil // an attachment's size may have changed, or a folder came or went
		}
		if !r.prev.tree.Has(rel) && path.Base(rel) != "_index.md" {
			return nil
		}
		if info, err := fs.Stat(r.contentFS, rel); err != nil || !info.Mode().IsRegular() {
			return nil
		}
	}
	return r.prev.tree
}

// reuseModel takes over the previous build's archive model when no entry's
// metadata changed — the writer edited texts only — giving the model the
// newly read entries. Everything else is as the previous build left it,
// including the summaries of unchanged entries (the entries stage sets the
// changed ones').
func (r *run) reuseModel() bool {
	if r.prev == nil || r.prev.site == nil || r.lib.Tree != r.prev.tree || r.prev.cfgSrc != string(r.cfgSrc) {
		return false
	}
	changed := map[string]*content.Entry{}
	for p := range r.prev.changed {
		rel, ok := strings.CutPrefix(p, "content/")
		if !ok {
			continue
		}
		if path.Base(rel) == "_index.md" {
			return false // a section's title or weight may have changed
		}
		old := r.prev.entries[rel]
		if old == nil {
			return false
		}
		changed[rel] = old
	}
	s := r.prev.site
	var fresh []*content.Entry
	var ses []*site.Entry
	for _, e := range r.lib.Entries {
		if old, ok := changed[e.Path]; ok {
			se := s.EntryBySource(e.Path)
			if e.Meta != old.Meta || se == nil {
				return false
			}
			fresh, ses = append(fresh, e), append(ses, se)
		}
	}
	if len(fresh) != len(changed) {
		return false // a changed entry is now a draft, or failed to load
	}
	old := make(map[*site.Entry]string, len(ses))
	for i, e := range fresh {
		old[ses[i]] = ses[i].Summary
		ses[i].Entry, ses[i].Summary = e, e.Summary
	}
	r.site = s
	r.next.site = s
	r.prev.site = nil // now this build's: a failed build must not leave it behind
	if r.prev.index != nil && r.prevOut != nil && !r.templatesChanged() {
		// a quick rebuild: the previous build's caches and output are taken
		// over and changed in place (Session.Build drops them on failure)
		r.quick, r.quickEntries, r.quickSummaries = true, ses, old
		r.next, r.prev.site = r.prev, s
		r.mem = output.Over(r.prevOut)
		r.opts.Out = r.mem
	}
	return true
}

// templatesChanged reports whether a file of the templates, labels or
// theme changed since the previous build.
func (r *run) templatesChanged() bool {
	for p := range r.prev.changed {
		if strings.HasPrefix(p, "layouts/") || strings.HasPrefix(p, "themes/") || strings.HasPrefix(p, "i18n/") {
			return true
		}
	}
	return false
}

// keepEntries records this build's parsed entries for the next.
func (r *run) keepEntries() {
	r.next.tree = r.lib.Tree
	r.next.cfgSrc = string(r.cfgSrc)
	if r.quick {
		for _, e := range r.quickEntries {
			r.next.entries[e.Path] = e.Entry
		}
		return
	}
	for _, e := range r.lib.Entries {
		r.next.entries[e.Path] = e
	}
}

// reuseTemplates reports whether the previous build's templates still hold.
func (r *run) reuseTemplates() bool {
	if r.next == nil {
		return false
	}
	if r.prev != nil && r.prev.renderer != nil && r.prev.cfgSrc == string(r.cfgSrc) {
		if !r.templatesChanged() {
			r.renderer = r.prev.renderer
			r.next.renderer = r.renderer
			r.next.navKey = r.navKey()
			return true
		}
	}
	r.next.themeGen++
	r.next.navKey = 0
	defer func() { r.next.navKey = r.navKey() }()
	return false
}

// navKey covers what every page shows: the configuration, the templates and
// the navigation (sections and taxonomies with their titles).
func (r *run) navKey() uint64 {
	var h maphash.Hash
	h.SetSeed(r.next.seed)
	h.WriteString(r.next.cfgSrc)
	writeInt(&h, r.next.themeGen)
	for _, s := range r.site.Sections {
		h.WriteString(s.Name + "\x00" + s.Title + "\x00")
	}
	for _, t := range r.site.Taxonomies {
		h.WriteString(t.Key + "\x00" + t.Label + "\x00")
	}
	return h.Sum64()
}

func writeInt(h *maphash.Hash, n int) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.Write(b[:])
}

// prevBody returns the previous build's body of e if its file is unchanged.
func (r *run) prevBody(e *site.Entry) *body {
	if r.prev == nil {
		return nil
	}
	b := r.prev.bodies[e.Path]
	if b == nil || b.hash != e.Hash || r.prev.cfgSrc != string(r.cfgSrc) {
		return nil
	}
	return b
}

// prevPage returns the previous build's page at url if it was made from the
// same inputs.
func (r *run) prevPage(url string, key uint64) (cachedPage, bool) {
	if r.prev == nil || r.next == nil {
		return cachedPage{}, false
	}
	p, ok := r.prev.pages[url]
	return p, ok && p.key == key && key != 0
}

// prevFile returns the previous build's copy of a static file or attachment.
func (r *run) prevFile(shown string) ([]byte, bool) {
	if r.prev == nil || r.changed(shown) {
		return nil, false
	}
	b, ok := r.prev.files[shown]
	return b, ok
}

// searchKey stands for what the search index holds of an entry: its file,
// its place and its section's title.
func (r *run) searchKey(e *site.Entry) uint64 {
	var h maphash.Hash
	h.SetSeed(r.next.seed)
	listKey(&h, e)
	h.WriteString(e.Sec.Title)
	return h.Sum64()
}

// listKey stands for how an entry looks in a list: everything shown there
// (title, date, unit, summary, events) comes from its file and its path.
func listKey(h *maphash.Hash, e *site.Entry) {
	h.WriteString(e.Path)
	writeInt(h, int(e.Hash))
}

// entryPageKey is the key of an entry's page.
func (r *run) entryPageKey(e *site.Entry, b *body) uint64 {
	if r.next == nil {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(r.next.seed)
	writeInt(&h, int(r.next.navKey))
	listKey(&h, e)
	writeInt(&h, int(b.htmlHash))
	for _, n := range []*site.Entry{e.Prev, e.Next} {
		if n != nil {
			h.WriteString(n.URL + "\x00" + n.Title + "\x00")
		}
		h.WriteByte(1)
	}
	for _, a := range e.Attachments {
		h.WriteString(a.Name)
		writeInt(&h, int(a.Size))
	}
	return h.Sum64()
}

// summaryKey stands for the archive-wide counts the overview pages show:
// sections, years with their months, taxonomy terms.
func (r *run) summaryKeyOf() uint64 {
	var h maphash.Hash
	h.SetSeed(r.next.seed)
	for _, s := range r.site.Sections {
		h.WriteString(s.Name)
		writeInt(&h, len(s.Entries))
		for _, c := range s.Years {
			writeInt(&h, c.Key)
			writeInt(&h, c.Count)
		}
	}
	for _, y := range r.site.Years {
		writeInt(&h, y.Year)
		writeInt(&h, len(y.Entries))
		writeInt(&h, len(y.Events))
		for _, m := range y.Months {
			writeInt(&h, m)
		}
	}
	for _, t := range r.site.Taxonomies {
		h.WriteString(t.Key)
		for _, term := range t.Terms {
			h.WriteString(term.Name)
			writeInt(&h, len(term.Entries))
		}
	}
	return h.Sum64()
}

// listPageKey is the key of a list page; cacheable is false for the 404
// and search pages (cheap, and showing nothing that changes).
func (r *run) listPageKey(p *site.Page) (key uint64, cacheable bool) {
	if r.next == nil {
		return 0, false
	}
	var h maphash.Hash
	h.SetSeed(r.next.seed)
	writeInt(&h, int(r.next.navKey))
	h.WriteString(p.Kind + "\x00" + p.URL + "\x00")
	switch p.Kind {
	case site.KindSectionYear, site.KindYear, site.KindTimelineYear, site.KindTerm:
	case site.KindHome, site.KindSection, site.KindYears, site.KindTimeline, site.KindTaxonomy:
		// overview pages show archive-wide counts, the newest entries, an intro
		writeInt(&h, int(r.summaryKey))
		var newestOf []*site.Entry
		switch p.Kind {
		case site.KindHome:
			newestOf = newest(r.site.Entries, 10)
			writeInt(&h, int(r.next.hashString(string(r.intros[r.site.Home.IntroPath]))))
		case site.KindSection:
			newestOf = newest(p.Section.Entries, 20)
			writeInt(&h, int(r.next.hashString(string(r.intros[p.Section.IntroPath]))))
		}
		for _, e := range newestOf {
			listKey(&h, e)
		}
		return h.Sum64(), true
	default:
		return 0, false
	}
	if p.Pager != nil {
		writeInt(&h, p.Pager.Number)
		writeInt(&h, len(p.Pager.Pages))
	}
	if p.Year != nil { // neighbouring years are linked from timeline pages
		for _, y := range r.site.Years {
			writeInt(&h, y.Year)
		}
	}
	for _, g := range p.Groups {
		h.WriteString(g.Title + "\x00" + g.ID + "\x00" + g.URL + "\x00")
		writeInt(&h, g.Key)
		writeInt(&h, g.Total)
		for _, it := range g.Items {
			if it.Event != nil {
				h.WriteByte('e')
				listKey(&h, it.Event.Entry)
				h.WriteString(it.Event.Title)
				continue
			}
			listKey(&h, it.Entry)
		}
	}
	return h.Sum64(), true
}
