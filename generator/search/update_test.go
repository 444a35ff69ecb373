package search

import (
	"bytes"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"

	"gen/generator/corpus"
	"gen/generator/output"
)

// recorder is a Mem that remembers which files were written.
type recorder struct {
	*output.Mem
	mu      sync.Mutex
	written []string
}

func (r *recorder) WriteFile(name string, b []byte) error {
	r.mu.Lock()
	r.written = append(r.written, name)
	r.mu.Unlock()
	return r.Mem.WriteFile(name, b)
}

func (r *recorder) CopyFile(name string, src fs.FS, p string) error {
	return r.Mem.CopyFile(name, src, p)
}

// shardsOf lists the shard files that hold a gram of doc.
func shardsOf(ix *Index, d Doc) map[string]bool {
	out := map[string]bool{}
	s := ix.makeSlot(d)
	ix.tokens(ix.runes.table(), &s, nil, func(g gram, _ int32, _ bool) { out[shardFile(shardOf(g, ix.shards))] = true })
	return out
}

func TestWriteChanged(t *testing.T) {
	ds := docs(corpus.Entries(400, 9))
	ix := New(len(ds))
	for i, d := range ds {
		ix.Add(i, d)
	}
	ix.shards = 1024 // as many as a large archive has, so one entry's grams are a few of them
	mem := &recorder{Mem: output.NewMem()}
	if _, err := ix.Write(mem); err != nil {
		t.Fatal(err)
	}

	// Replace one character: only the shards of the few grams around it change.
	ds[17].Text = strings.Replace(ds[17].Text, "，", "、", 1)
	mem.written = nil
	ix.Put(ds[17])
	changed, _, err := ix.WriteChanged(mem)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) < 3 || len(changed) > 6+2 {
		t.Errorf("replacing one character rewrote %v, want 1 to 6 shards, the entry's file and the manifest", changed)
	}

	// Insert a phrase: only shards of the entry's old or new grams may change
	// (positions after the insertion move).
	old := ds[17]
	ds[17].Text = strings.Replace(old.Text, "，", "，鲸落海底，", 1)
	allowed := shardsOf(ix, old)
	for f := range shardsOf(ix, ds[17]) {
		allowed[f] = true
	}
	allowed[docFile(ix.slots[ix.byURL[old.URL]].id)] = true
	allowed[ManifestFile] = true
	mem.written = nil
	ix.Put(ds[17])
	changed, removed, err := ix.WriteChanged(mem)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(mem.written)
	if !slices.Equal(changed, mem.written) || len(removed) > 0 {
		t.Errorf("WriteChanged reported %v and %v, wrote %v", changed, removed, mem.written)
	}
	for _, f := range changed {
		if !allowed[f] {
			t.Errorf("WriteChanged rewrote %s, which holds no gram of the entry", f)
		}
	}
	if !slices.Contains(changed, shardFile(shardOf(bigram('鲸', '落'), ix.shards))) {
		t.Errorf("the shard of a new gram was not rewritten: %v", changed)
	}
	if n := len(changed); n == 0 || n > len(allowed) || n > ix.shards/3 {
		t.Errorf("%d files rewritten of %d shards", n, ix.shards)
	}

	// The shards are what a full build of the same documents writes.
	fresh := New(len(ds))
	for i, d := range ds {
		fresh.Add(i, d)
	}
	fresh.shards = ix.shards
	freshMem := output.NewMem()
	if _, err := fresh.Write(freshMem); err != nil {
		t.Fatal(err)
	}
	for k := range ix.shards {
		a, _ := mem.Get(shardFile(k))
		b, _ := freshMem.Get(shardFile(k))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a full build's", shardFile(k))
		}
	}

	// Remove one, add one; search sees exactly the current documents.
	gone := ds[3]
	if !ix.Remove(gone.URL) {
		t.Fatal("Remove found nothing")
	}
	added := Doc{URL: "new/index.html", Title: "新增条目：鲸落海底", Year: 2030, Section: "reports", Text: "独一无二的新内容"}
	ix.Put(added)
	_, removed, err = ix.WriteChanged(mem)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range removed {
		mem.Delete(f)
	}
	if len(removed) != 1 {
		t.Errorf("removed = %v, want the removed entry's file", removed)
	}
	now := append(slices.Delete(slices.Clone(ds), 3, 4), added)
	s := open(t, mem.Mem)
	norm := normalized(now)
	for _, q := range append(queries(now, 120, 3), "鲸落", "独一无二", gone.Title) {
		if got, want := found(t, s, q), bruteForce(norm, q); !slices.Equal(got, want) {
			t.Errorf("after changes, Search(%q) = %d results, brute force %d", q, len(got), len(want))
		}
	}
}
