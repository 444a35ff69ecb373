package pipeline

import (
	"fmt"
	"os"

	"gen/generator/output"
	"gen/generator/search"
)

// startIndex makes a new search index, or takes over the one the previous
// build kept, to be updated with the entries that changed (plan.index).
func (r *run) startIndex(n int) {
	if r.plan.index == indexUpdate {
		r.index = r.plan.prev.index
		r.plan.prev.index = nil // from here on it is changing: a failed build must not leave it behind
	} else {
		r.index = search.New(n)
		if r.keep != nil {
			r.index.KeepForUpdates() // so the next build's Put costs what changed
		} else if r.opts.Lean {
			// the texts wait on disk while the list pages and compilations
			// are rendered (search.Index.Spill); without a file they stay
			_ = r.index.Spill(os.TempDir())
		}
	}
	if r.keep != nil {
		r.keep.index = r.index
	}
}

// removeFromIndex takes out of an updated index the entries no longer built.
func (r *run) removeFromIndex() {
	if r.plan.index != indexUpdate || r.plan.scope == scopeTexts { // texts only: the same entries
		return
	}
	for url := range r.plan.prev.indexed {
		if _, ok := r.keep.indexed[url]; !ok {
			r.index.Remove(url)
		}
	}
}

// writeIndex writes the search index files: all of them, or, for an
// updated index, the previous build's with the changed ones replaced.
func (r *run) writeIndex() error {
	if r.plan.index == indexNew {
		if r.opts.Lean && r.keep == nil { // the renderer forgot its caches after the lists
			r.site, r.lib, r.links, r.intros = nil, nil, nil, nil
			r.res.Overridden = r.renderer.Overridden()
			r.renderer, r.md, r.photos, r.later = nil, nil, nil, nil
		}
		n, err := r.index.WriteWith(r.ctx, r.opts.Out, search.Options{Cache: r.opts.SearchCache, Key: r.opts.SearchKey,
			Note: func(m string) { r.res.Notes = append(r.res.Notes, m) }})
		r.res.Files += n
		if r.keep == nil {
			r.index = nil
		}
		return err
	}
	mem, ok := r.opts.Out.(*output.Mem)
	if !ok { // an updated index is only for a Session, which writes to memory
		return fmt.Errorf("updating the search index needs an in-memory output, not %T", r.opts.Out)
	}
	if r.plan.scope != scopeTexts { // a new output: start from the previous build's search files
		mem.CopyFrom(r.plan.prevOut, "search/")
	}
	changed, removed, err := r.index.WriteChanged(mem)
	for _, name := range removed {
		mem.Delete(name)
	}
	if r.plan.scope != scopeTexts {
		r.res.Files += len(changed)
	}
	return err
}
