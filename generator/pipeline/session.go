package pipeline

import (
	"context"
	"hash/maphash"
	"html/template"
	"io/fs"
	"strings"
	"sync"
	"time"

	"gen/generator/content"
	"gen/generator/markdown"
	"gen/generator/output"
	"gen/generator/photo"
	"gen/generator/render"
	"gen/generator/search"
	"gen/generator/site"
)

// Session builds the same site again and again (gen serve), reusing what did
// not change. Each Build returns a complete set of files in memory; the
// previous set is never changed, so a server can go on serving it while
// the next build runs and swap to the new one when it is done.
//
// What a build takes over is decided once, by its plan (plan.go), from the
// kinds of the paths changed since the last good build (change.go):
//   - a parsed entry, when its file is not among the changed paths;
//   - a rendered body, when the file's bytes are the same and every link in
//     it resolves to the same place as before;
//   - a rendered page, when the inputs it shows are the same: for an entry
//     its file, body, neighbours and the navigation; for a list page the
//     entries (and events) it lists; the overview pages (home, sections,
//     years, timeline, taxonomy indexes) when the archive-wide counts and
//     the newest entries they show are the same;
//   - templates, when no file under layouts/, themes/ or i18n/ changed;
//   - static files and attachments, when not among the changed paths.
//
// A change to config.toml or to any template makes every page render again.
//
// With Options.Later, a texts-only build leaves the compilation volumes
// holding the changed entries as they were, and Finish renders them into
// an output of its own over the build's: gen serve publishes the saved
// entry first, its volumes a few milliseconds later. A build that comes
// before Finish takes the volumes still to do over.
//
// What lives from one build to the next, and what changes in place. A
// build makes a new cache and a new output for what it changes, except in
// the plan of texts only (a saved entry whose front matter is unchanged),
// which, to cost what it touches at 50,000 entries, takes over the previous
// cache and changes it in place: its maps (entries, bodies, pages, inputs,
// indexed), the Entry and Summary of the changed entries in the previous
// archive model (so the previous Result.Site sees them too), and the search
// index. Every build that updates the search index takes it over from the
// previous cache this way (the previous cache lets go of it first). This
// is safe because the cache, the model and the index are read and written
// only by Build, under the session's lock, never by a served request or
// another build; what a request reads is a build's output, which no later
// build changes (a texts-only build writes into a new output.Mem layered
// over the previous one); and a build that fails after it started to
// change them in place drops the whole cache, so the next build starts
// afresh. Caches hold only data from successful builds.
type Session struct {
	opts    Options
	mu      sync.Mutex
	prev    *cache
	prevOut *output.Mem
	pending map[string]bool // paths changed since the last successful build
	full    bool            // the next build may reuse nothing that depends on file contents
	pack    *output.Packer  // packs the pages of every build (Diff compares them packed)
	later   *run            // the last build, if it left compilation volumes to Finish (run.later)
	// photos MakePhotos could not make, by content path, until their file
	// changes: the photos stage warns of them instead of waiting for them
	failedPhotos map[string]error
}

// NewSession returns a session; opts.Out is ignored (each build makes its own).
func NewSession(opts Options) *Session {
	return &Session{opts: opts, pending: map[string]bool{}, full: true, pack: &output.Packer{}}
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
		delete(s.failedPhotos, strings.TrimPrefix(p, "content/")) // changed: try it again
	}
	p := everything()
	switch {
	case s.prev != nil && !s.full:
		p = planFor(s.prev, s.prevOut, s.pending)
	case s.prev != nil:
		s.prev.index = nil // a full rebuild makes a new index: let go of the kept one at once
	}
	p.failedPhotos = s.failedPhotos
	keep := newCache(s.prev, s.pack)
	opts := s.opts
	opts.Out = output.NewPackedMem(keep.pack)
	r := newRun(ctx, opts, p, keep)
	res, err := r.all()
	if err != nil {
		if p.scope == scopeTexts { // its caches were being changed in place: start afresh
			s.prev, s.prevOut, s.full, s.later = nil, nil, true, nil
		}
		return res, nil, err
	}
	mem := r.opts.Out.(*output.Mem)
	res.Changed, res.Removed = mem.Diff(s.prevOut)
	s.prev, s.prevOut, s.pending, s.full = r.keep, mem, map[string]bool{}, false
	if s.later != nil && s.later.site == r.site { // the same model: its volumes are still to do
		r.later = unionPages(s.later.later, r.later)
	}
	s.later = nil
	if len(r.later) > 0 {
		s.later = r
	}
	return res, mem, nil
}

// Finish renders what the last build left for later (Options.Later) and
// returns the files that differ from that build's, or a nil Mem when it
// left nothing. A build that comes first takes the work over instead. If
// Finish fails, the next build renders everything again.
func (s *Session) Finish(ctx context.Context) (*Result, *output.Mem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.later
	if r == nil {
		return nil, nil, nil
	}
	s.later = nil
	start := time.Now()
	r.ctx, r.res = ctx, &Result{Sources: map[string]*Source{}}
	r.opts.Out = output.Over(s.prevOut)
	if err := r.compile(r.later); err != nil {
		s.full = true // some volumes show the old text: render them all again
		return r.res, nil, err
	}
	mem := r.opts.Out.(*output.Mem)
	r.res.Changed, r.res.Removed = mem.Diff(s.prevOut)
	r.res.Site, r.res.Took = r.site, time.Since(start)
	r.res.Stages = []Stage{{Name: "compilations", Took: r.res.Took}}
	s.prevOut = mem
	return r.res, mem, nil
}

// MakePhotos makes the display copies and thumbnails of photos (content
// paths, as a build with Options.Later lists them in Result.PendingPhotos)
// into the photo cache, on one core, without holding up builds meanwhile;
// the next build (MakePhotos notes their paths as changed) shows them, or, for a photo
// that could not be made (damaged past its header), warns of it and keeps
// it as an attachment, as a one-shot build does. The error is ctx's.
func (s *Session) MakePhotos(ctx context.Context, names []string) error {
	s.mu.Lock()
	var opts photo.Options
	var fsys fs.FS
	if s.prev != nil {
		opts, fsys = s.prev.photoOpts, s.prev.contentFS
	}
	s.mu.Unlock()
	if fsys == nil || len(names) == 0 {
		return nil
	}
	opts.Workers = 1
	failed, err := photo.New(opts).Fill(ctx, fsys, names)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range failed {
		s.pending["content/"+names[i]] = true
		if f != nil {
			if s.failedPhotos == nil {
				s.failedPhotos = map[string]error{}
			}
			s.failedPhotos[names[i]] = f
		}
	}
	return err
}

// unionPages is a, then the pages of b not in a.
func unionPages(a, b []*site.Page) []*site.Page {
	seen := make(map[*site.Page]bool, len(a))
	out := append([]*site.Page(nil), a...)
	for _, p := range a {
		seen[p] = true
	}
	for _, p := range b {
		if !seen[p] {
			out = append(out, p)
		}
	}
	return out
}

// cache is what one build of a Session leaves for the next.
type cache struct {
	seed     maphash.Seed
	cfgSrc   string
	renderer *render.Renderer
	themeGen int                          // counts template reloads, part of every page key
	navKey   uint64                       // see run.navKey
	tree     *content.Tree                // the scan of content/
	site     *site.Site                   // the archive model, kept by a build whose plan keeps it
	listing  map[*site.Entry][]*site.Page // the list pages each entry appears on (texts-only builds)
	intros   map[string]template.HTML     // rendered _index.md bodies
	summary  uint64                       // archive-wide counts (summaryKeyOf)
	index    *search.Index                // the search index, updated in place by the next build
	lib      *content.Library             // the parsed entries (Library.Entry: by content path)
	bodies   map[string]*body             // rendered bodies by content path
	pages    map[string]cachedPage        // rendered pages by URL
	files    map[string][]byte            // static files and attachments by shown path
	indexed  map[string]uint64            // what the index holds of each entry, by URL (searchKey)
	inputs   map[string]entryInputs       // what each entry page was made from, by URL
	pack     *output.Packer               // the Session's

	photoOpts photo.Options // the photos stage's settings and content/, for MakePhotos
	contentFS fs.FS
}

func newCache(prev *cache, pack *output.Packer) *cache {
	c := &cache{bodies: map[string]*body{}, pages: map[string]cachedPage{},
		files: map[string][]byte{}, indexed: map[string]uint64{}, inputs: map[string]entryInputs{}, pack: pack}
	if prev != nil {
		c.seed, c.themeGen = prev.seed, prev.themeGen
	} else {
		c.seed = maphash.MakeSeed()
	}
	return c
}

// body is a rendered Markdown body and the links it resolved. The bodies
// a Session keeps are slim: their doc has the summary and links only, and
// an entry whose page must be rendered again, or whose text the search
// index must take again, is rendered again (at 50,000 entries the HTML and
// text of every body would be 180 MB kept for the rare build that needs
// them all: one whose templates changed).
type body struct {
	hash     uint64 // of the source file
	doc      *markdown.Doc
	links    []link
	htmlHash uint64
	warns    []error // about its links
	slim     bool    // doc has no HTML, TOC or text
}

// slimmed returns b without the HTML, table of contents and text.
func (b *body) slimmed() *body {
	if b.slim {
		return b
	}
	s := *b
	s.doc, s.slim = &markdown.Doc{Summary: b.doc.Summary, Links: b.doc.Links, Shown: b.doc.Shown}, true
	return &s
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

// cachedPage is a rendered page and the key of what went into it. A
// Session keeps its pages packed (output.Packer: a sixth of their size;
// at 50,000 entries 400 MB of pages would be kept otherwise).
type cachedPage struct {
	key    uint64
	html   []byte
	packed bool // html is packed by the Session's Packer
}

func (c *cache) hashString(s string) uint64 { return maphash.String(c.seed, s) }
