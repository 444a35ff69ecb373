package search

import (
	"context"
	"slices"

	"gen/generator/output"
	"gen/generator/parallel"
)

// KeepForUpdates makes the next Write keep the update cache (kept.go) that
// Put and Remove change, so that the first of them need not build it. For
// gen serve; a one-shot build does not call it and keeps nothing.
func (ix *Index) KeepForUpdates() { ix.keep = true }

// Put adds doc to an index that was written, or replaces the document with
// the same URL, for WriteChanged. A replaced document keeps its id; a new
// one gets the next id (it ranks as the oldest of its year until the next
// full build renumbers).
func (ix *Index) Put(doc Doc) {
	ix.startUpdates()
	s, ok := ix.byURL[doc.URL]
	var old []docPosting
	if ok {
		if ix.last.url == doc.URL && ix.last.slot == s {
			old = ix.last.postings // the document saved again: its postings are known
		} else {
			old = ix.postingsOf(&ix.slots[s])
		}
		if o := &ix.slots[s].doc; o.Section != doc.Section || o.SectionTitle != doc.SectionTitle || o.Year != doc.Year {
			ix.man = nil
		}
		id := ix.slots[s].id
		ix.slots[s] = ix.makeSlot(doc)
		ix.slots[s].id = id
	} else {
		s = len(ix.slots)
		ix.slots = append(ix.slots, ix.makeSlot(doc))
		ix.slots[s].id = len(ix.ids)
		ix.ids = append(ix.ids, s)
		if len(ix.docSum)*packSize < len(ix.ids) {
			ix.docSum = append(ix.docSum, 0)
		}
		ix.byURL[doc.URL] = s
		ix.man = nil
	}
	id := ix.slots[s].id
	new := ix.postingsOf(&ix.slots[s])
	ix.update(id, old, new)
	ix.last = lastPut{doc.URL, s, new}
	ix.dirtyDocs[id] = true
}

// lastPut is the document Put last and its postings: gen serve sees the
// same entry saved again and again while it is being written.
type lastPut struct {
	url      string
	slot     int
	postings []docPosting
}

// Remove takes the document with this URL out of an index that was written
// and reports whether there was one. Its id stays unused.
func (ix *Index) Remove(url string) bool {
	ix.startUpdates()
	s, ok := ix.byURL[url]
	if !ok {
		return false
	}
	id := ix.slots[s].id
	ix.update(id, ix.postingsOf(&ix.slots[s]), nil)
	ix.last = lastPut{}
	ix.slots[s] = slot{id: id, gone: true}
	ix.ids[id] = -1
	ix.man = nil
	delete(ix.byURL, url)
	ix.dirtyDocs[id] = true
	return true
}

// startUpdates readies a written index for Put and Remove, building the
// update cache if Write did not keep it.
func (ix *Index) startUpdates() {
	if ix.ids == nil {
		panic("search: Put or Remove before the first Write")
	}
	if ix.lists == nil {
		ix.keep = true
		ix.newCache()
		if err := ix.eachShardGroup(context.Background(), nil); err != nil {
			panic(err) // unreachable: nothing is written and nothing cancels
		}
	}
	if ix.pending == nil {
		ix.pending, ix.pendingBig, ix.dirtyDocs = map[int]bool{}, map[gram]bool{}, map[int]bool{}
	}
}

// WriteChanged writes what changed since the last Write or WriteChanged:
// the shards, the documents' files and the manifest whose bytes changed.
// It returns the names it wrote and the names of files that should no
// longer exist (the files of removed documents); a caller serving from
// memory deletes those.
func (ix *Index) WriteChanged(w output.Writer) (changed, removed []string, err error) {
	if ix.ids == nil {
		_, err := ix.Write(context.Background(), w)
		return nil, nil, err
	}
	if len(ix.pending) == 0 && len(ix.pendingBig) == 0 && len(ix.dirtyDocs) == 0 {
		return nil, nil, nil
	}
	changed, err = ix.writeKept(w)
	if err != nil {
		return nil, nil, err
	}
	var packs []int
	seen := map[int]bool{}
	for id := range ix.dirtyDocs {
		p := id / packSize
		switch {
		case seen[p]:
		case !ix.packLive(p):
			if ix.docSum[p] != 0 { // it was written
				removed = append(removed, packFile(p))
			}
			ix.docSum[p] = 0
		default:
			packs = append(packs, p)
		}
		seen[p] = true
	}
	names, err := ix.writeDocs(context.Background(), w, packs, false)
	if err != nil {
		return nil, nil, err
	}
	changed = append(changed, names...)
	if ok, err := ix.writeManifest(w, false); err != nil {
		return nil, nil, err
	} else if ok {
		changed = append(changed, ManifestFile)
	}
	ix.pending, ix.pendingBig, ix.dirtyDocs = nil, nil, nil
	slices.Sort(changed)
	slices.Sort(removed)
	return changed, removed, nil
}

// writeKept writes the shards with a changed list whose bytes differ from
// what was last written (a document put back as it was changes lists twice
// and the bytes not at all), and returns their names.
func (ix *Index) writeKept(w output.Writer) ([]string, error) {
	ks := make([]int, 0, len(ix.pending))
	for k := range ix.pending {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	written := make([]bool, len(ks))
	errs := make([]error, len(ks))
	parallel.For(context.Background(), len(ks), func(i int) {
		k := ks[i]
		b := shardFileOf(k, ix.shardLists[k])
		if s := sum64(b); s != ix.shardSum[k] {
			ix.shardSum[k], written[i] = s, true
			errs[i] = w.WriteFile(shardFile(k), b)
		}
	})
	var names []string
	for i, k := range ks {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if written[i] {
			names = append(names, shardFile(k))
		}
	}
	for g := range ix.pendingBig {
		enc := ""
		if l := ix.lists[g]; l != nil {
			enc = l.enc
		}
		if changed, err := ix.writeBig(w, g, enc, bigScript(g, enc)); err != nil {
			return nil, err
		} else if changed {
			names = append(names, bigFile(g))
		}
	}
	return names, nil
}
