package search

import (
	"slices"

	"gen/generator/output"
)

// Put adds doc to an index that was written, or replaces the document with
// the same URL, for WriteChanged. A replaced document keeps its id; a new
// one gets the next id (it ranks as the oldest of its year until the next
// full build renumbers).
func (ix *Index) Put(doc Doc) {
	ix.mustBeWritten()
	s, ok := ix.byURL[doc.URL]
	if ok {
		ix.touch(s)
		id := ix.slots[s].id
		ix.slots[s] = ix.makeSlot(doc)
		ix.slots[s].id = id
	} else {
		s = len(ix.slots)
		ix.slots = append(ix.slots, ix.makeSlot(doc))
		ix.slots[s].id = len(ix.ids)
		ix.ids = append(ix.ids, s)
		ix.docSum = append(ix.docSum, 0)
		ix.byURL[doc.URL] = s
	}
	ix.touch(s)
	ix.dirtyDocs[ix.slots[s].id] = true
}

// Remove takes the document with this URL out of an index that was written
// and reports whether there was one. Its id stays unused.
func (ix *Index) Remove(url string) bool {
	ix.mustBeWritten()
	s, ok := ix.byURL[url]
	if !ok {
		return false
	}
	ix.touch(s)
	id := ix.slots[s].id
	ix.slots[s] = slot{id: id, gone: true}
	ix.ids[id] = -1
	delete(ix.byURL, url)
	ix.dirtyDocs[id] = true
	return true
}

func (ix *Index) mustBeWritten() {
	if ix.ids == nil {
		panic("search: Put or Remove before the first Write")
	}
	if ix.pending == nil {
		ix.pending, ix.dirtyDocs = map[int]bool{}, map[int]bool{}
	}
}

// touch marks the shards of every gram of slot s as to be rewritten.
func (ix *Index) touch(s int) {
	ix.tokens(ix.runes.table(), &ix.slots[s], nil, func(g gram, _ int32, _ bool) {
		ix.pending[shardOf(g, ix.shards)] = true
	})
}

// WriteChanged writes what changed since the last Write or WriteChanged:
// the shards holding a gram of a changed document whose content differs,
// the changed documents' files and the manifest. It returns the names it
// wrote and the names of files that should no longer exist (the files of
// removed documents); a caller serving from memory deletes those.
func (ix *Index) WriteChanged(w output.Writer) (changed, removed []string, err error) {
	if ix.ids == nil {
		_, err := ix.Write(w)
		return nil, nil, err
	}
	if len(ix.pending) == 0 && len(ix.dirtyDocs) == 0 {
		return nil, nil, nil
	}
	want := make([]bool, ix.shards)
	for k := range ix.pending {
		want[k] = true
	}
	changed, err = ix.writeShards(w, want, false)
	if err != nil {
		return nil, nil, err
	}
	var ids []int
	for id := range ix.dirtyDocs {
		if ix.ids[id] < 0 {
			removed = append(removed, docFile(id))
			ix.docSum[id] = 0
		} else {
			ids = append(ids, id)
		}
	}
	names, err := ix.writeDocs(w, ids)
	if err != nil {
		return nil, nil, err
	}
	changed = append(changed, names...)
	if ok, err := ix.writeManifest(w, false); err != nil {
		return nil, nil, err
	} else if ok {
		changed = append(changed, ManifestFile)
	}
	ix.pending, ix.dirtyDocs = nil, nil
	slices.Sort(changed)
	slices.Sort(removed)
	return changed, removed, nil
}
