package search

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"gen/generator/internal/corpus"
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
	for _, p := range ix.postingsOf(&s) {
		if _, ok := ix.big[p.g]; ok {
			out[bigFile(p.g)] = true
		} else {
			out[shardFile(int(p.shard))] = true
		}
	}
	return out
}

func TestWriteChanged(t *testing.T) {
	ds := docs(corpus.Entries(400, 9))
	ix := New(len(ds))
	for i, d := range ds {
		ix.Add(i, d)
	}
	ix.shards = 1024 // as many as a large archive has, so one entry's grams are a few of them
	ix.bigMin = 1 << 10
	mem := &recorder{Mem: output.NewMem()}
	if _, err := ix.Write(context.Background(), mem); err != nil {
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
	allowed[packFile(ix.slots[ix.byURL[old.URL]].id/packSize)] = true
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
	fresh.shards, fresh.big, fresh.fixed = ix.shards, ix.big, true
	freshMem := output.NewMem()
	if _, err := fresh.Write(context.Background(), freshMem); err != nil {
		t.Fatal(err)
	}
	for _, f := range listFiles(ix) {
		a, _ := mem.Get(f)
		b, _ := freshMem.Get(f)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a full build's", f)
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
	if len(removed) != 0 {
		t.Errorf("removed = %v, want none: the removed entry's file holds others", removed)
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

// TestUpdatesMatchFullBuild puts, changes and removes documents at random,
// many batches of a few each, and after every WriteChanged checks that
//   - the names it reports are exactly the files whose bytes changed, and
//     those it removed exactly the files that should go;
//   - every shard is byte for byte what a full build of the same documents
//     with the same ids writes, and the manifest's value is the same;
//   - searches answer as brute force over the current documents does;
//   - the update cache agrees with the lists (kept.go's invariants).
func TestUpdatesMatchFullBuild(t *testing.T) {
	pool := docs(corpus.Entries(700, 11))
	ds := pool[:300]
	r := rand.New(rand.NewPCG(5, 6))
	phrase := func() string { // a few runes of some document
		text := []rune(pool[r.IntN(len(pool))].Text)
		at := r.IntN(max(1, len(text)-12))
		return string(text[at:min(len(text), at+1+r.IntN(12))])
	}
	ix := New(len(ds))
	for i, d := range ds {
		ix.Add(i, d)
	}
	ix.shards = 64
	ix.bigMin = 2 << 10
	ix.KeepForUpdates()
	mem := output.NewMem()
	if _, err := ix.Write(context.Background(), mem); err != nil {
		t.Fatal(err)
	}
	cur := map[string]Doc{}
	var urls, gone []string // live URLs; removed ones
	for _, d := range ds {
		cur[d.URL] = d
		urls = append(urls, d.URL)
	}
	next := 300 // of pool, the next new document
	put := func(d Doc) {
		if _, ok := cur[d.URL]; !ok {
			urls = append(urls, d.URL)
		}
		cur[d.URL] = d
		ix.Put(d)
	}
	for batch := 0; batch < 40; batch++ {
		ops := 1 + r.IntN(4)
		if batch == 20 {
			ops = 150 // many new documents: long lists grow past their skip entries
		}
		for range ops {
			op := r.IntN(20)
			if batch == 20 {
				op = 13
			}
			switch {
			case op < 10: // edit a document
				d := cur[urls[r.IntN(len(urls))]]
				d.Tags = slices.Clone(d.Tags)
				text := []rune(d.Text)
				at := r.IntN(len(text) + 1)
				switch r.IntN(7) {
				case 0:
					d.Text = string(text[:at]) + phrase() + string(text[at:])
				case 1:
					d.Text = string(text[:at]) + string(text[min(len(text), at+1+r.IntN(40)):])
				case 2:
					if at < len(text) {
						text[at] = []rune(phrase())[0]
						d.Text = string(text)
					}
				case 3:
					d.Text += "\n" + phrase()
				case 4:
					d.Title = phrase() + d.Title
				case 5:
					d.Tags = append(d.Tags, phrase())
				case 6:
					d.Year, d.Section = 2000+r.IntN(30), []string{"reports", "notices", "other"}[r.IntN(3)]
				}
				put(d)
			case op < 12 && len(urls) > 1: // remove one
				i := r.IntN(len(urls))
				u := urls[i]
				if !ix.Remove(u) {
					t.Fatalf("Remove(%s) found nothing", u)
				}
				delete(cur, u)
				urls = slices.Delete(urls, i, i+1)
				gone = append(gone, u)
			case op < 15 && next < len(pool): // a new one
				put(pool[next])
				next++
			case op < 16 && len(gone) > 0: // one that was removed, back
				d := pool[slices.IndexFunc(pool, func(d Doc) bool { return d.URL == gone[0] })]
				gone = gone[1:]
				put(d)
			case op < 18: // unchanged
				put(cur[urls[r.IntN(len(urls))]])
			default: // changed, then back as it was
				d := cur[urls[r.IntN(len(urls))]]
				e := d
				e.Text = phrase() + e.Text
				ix.Put(e)
				ix.Put(d)
			}
		}
		before := files(mem)
		changed, removed, err := ix.WriteChanged(mem)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range removed {
			mem.Delete(f)
		}
		wantChanged, wantRemoved := diffFiles(before, files(mem))
		if !slices.Equal(changed, wantChanged) || !slices.Equal(removed, wantRemoved) {
			t.Fatalf("batch %d: WriteChanged reported %v and removed %v; the bytes of %v changed and %v went", batch, changed, removed, wantChanged, wantRemoved)
		}
		checkKept(t, ix)
		fresh, freshMem := sameIDs(t, ix, cur)
		for _, f := range listFiles(ix) {
			a, _ := mem.Get(f)
			b, _ := freshMem.Get(f)
			if !bytes.Equal(a, b) {
				t.Fatalf("batch %d: %s differs from a full build's", batch, f)
			}
		}
		if a, b := ix.manifestValue(), fresh.manifestValue(); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("batch %d: manifest %v, a full build's %v", batch, a, b)
		}
		if batch%10 == 9 {
			live := make([]Doc, 0, len(cur))
			for _, u := range urls {
				live = append(live, cur[u])
			}
			s, norm := open(t, mem), normalized(live)
			for _, q := range queries(live, 80, uint64(batch)) {
				if got, want := found(t, s, q), bruteForce(norm, q); !slices.Equal(got, want) {
					t.Errorf("batch %d: Search(%q) = %d results, brute force %d", batch, q, len(got), len(want))
				}
			}
		}
	}
}

// listFiles names the files of an index's lists: its shards and long lists.
func listFiles(ix *Index) []string {
	var out []string
	for k := range ix.shards {
		out = append(out, shardFile(k))
	}
	for g := range ix.big {
		out = append(out, bigFile(g))
	}
	return out
}

func files(m *output.Mem) map[string][]byte {
	out := map[string][]byte{}
	for _, n := range m.Names() {
		out[n], _ = m.Get(n)
	}
	return out
}

func diffFiles(before, after map[string][]byte) (changed, removed []string) {
	for n, b := range after {
		if a, ok := before[n]; !ok || !bytes.Equal(a, b) {
			changed = append(changed, n)
		}
	}
	for n := range before {
		if _, ok := after[n]; !ok {
			removed = append(removed, n)
		}
	}
	slices.Sort(changed)
	slices.Sort(removed)
	return changed, removed
}

// sameIDs builds the index of the current documents afresh, giving them the
// ids ix gave them.
func sameIDs(t *testing.T, ix *Index, cur map[string]Doc) (*Index, *output.Mem) {
	f := New(len(ix.ids))
	f.ids, f.byURL, f.shards, f.big, f.fixed = make([]int, len(ix.ids)), map[string]int{}, ix.shards, ix.big, true
	for id, s := range ix.ids {
		f.ids[id] = id
		if s < 0 {
			f.slots[id], f.ids[id] = slot{id: id, gone: true}, -1
			continue
		}
		d := cur[ix.slots[s].doc.URL]
		f.Add(id, d)
		f.slots[id].id, f.byURL[d.URL] = id, id
	}
	mem := output.NewMem()
	if _, err := f.Write(context.Background(), mem); err != nil {
		t.Fatal(err)
	}
	return f, mem
}

// checkKept checks the update cache: every list is in its shard, in gram
// order, and is what checkList wants.
func checkKept(t *testing.T, ix *Index) {
	t.Helper()
	n := 0
	for k, ls := range ix.shardLists {
		n += len(ls)
		for i, l := range ls {
			if shardOf(l.g, ix.shards) != k || ix.lists[l.g] != l || i > 0 && ls[i-1].g >= l.g {
				t.Fatalf("list %q misplaced in shard %d", l.g, k)
			}
			checkList(t, l)
		}
	}
	if n != len(ix.lists) {
		t.Fatalf("%d lists in shards, %d by gram", n, len(ix.lists))
	}
}

// checkList checks that a kept list's fields are those of its stream, and
// for a long list that its statistics are those of its values and each skip
// entry is a record start after the document it names.
func checkList(t *testing.T, l *kept) {
	t.Helper()
	want := encodePostings(l.g, decodeList(l.enc, l.g.isBigram()), l.tops)
	if want.enc != l.enc || want.n != l.n || want.nbits != l.nbits || want.hdr != l.hdr || want.k != l.k || want.modes != l.modes || want.ex != l.ex {
		t.Fatalf("list %q: its fields are not those of its stream: n %d/%d nbits %d/%d hdr %d/%d k %v/%v modes %v/%v ex %v/%v enc %v", l.g, l.n, want.n, l.nbits, want.nbits, l.hdr, want.hdr, l.k, want.k, l.modes, want.modes, l.ex, want.ex, l.enc == want.enc)
	}
	if l.long == nil {
		return
	}
	if want.long != nil && want.long.stats != l.long.stats {
		t.Fatalf("list %q: stats %v, want %v", l.g, l.long.stats, want.long.stats)
	}
	starts := map[uint32]int32{} // record start → the document before
	r, prev := bitReader{s: l.enc, pos: int(l.hdr)}, int32(-1)
	for r.pos < int(l.nbits) {
		starts[uint32(r.pos-int(l.hdr))] = prev
		prev += int32(r.rice(uint(l.k[0]))) + 1
		l.skipRecord(&r)
	}
	for i, s := range l.long.skips {
		if p, ok := starts[s.off]; !ok || p != s.prev || i > 0 && l.long.skips[i-1].off >= s.off {
			t.Fatalf("list %q: skip %v is not a record start after its document", l.g, s)
		}
	}
}

// TestSplice changes one record of a long list at a time — put, changed,
// taken out; often the first, the last or one a skip entry points at — and
// checks the list against a full encoding of the same postings.
func TestSplice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := func(g gram, tops [2]rune, spread int) docPosting {
		p := docPosting{g: g, cnt: 1 + uint32(r.IntN(4))}
		p.tc = uint32(r.IntN(int(p.cnt) + 1))
		if g.isBigram() {
			at := int32(r.IntN(spread))
			for range p.cnt {
				p.pos = append(p.pos, at)
				at += 1 + int32(r.IntN(spread))
			}
		}
		if tops != [2]rune{} { // rare exceptions, so that lists go from always to flagged and back
			p.flags = make([]uint8, len(p.pos))
			for j := range p.flags {
				if r.IntN(400) == 0 {
					p.flags[j] |= 1
				}
				if r.IntN(100) == 0 {
					p.flags[j] |= 2
				}
			}
		}
		return p
	}
	for _, c := range []struct {
		g    gram
		tops [2]rune
	}{{unigram('党'), [2]rune{}}, {bigram('党', '日'), [2]rune{}}, {bigram('党', '日'), [2]rune{'主', '活'}}} {
		g := c.g
		model := map[int32]docPosting{}
		for len(model) < 150 {
			d := int32(r.IntN(1000))
			model[d] = random(g, c.tops, 50)
		}
		list := func() []posting {
			var ps []posting
			for d, p := range model {
				ps = append(ps, p.posting(d))
			}
			slices.SortFunc(ps, func(a, b posting) int { return a.doc - b.doc })
			return ps
		}
		l := encodePostings(g, list(), c.tops)
		spliced := 0
		for i := range 3000 {
			docs := slices.Sorted(maps.Keys(model))
			var d int32
			switch r.IntN(4) {
			case 0:
				d = int32(r.IntN(1100)) // often new
			case 1:
				d = docs[len(docs)-1]
			case 2:
				if s := l.long.skips; len(s) > 0 { // the record a skip entry points at
					at := s[r.IntN(len(s))].prev
					d = docs[min(len(docs)-1, sort.Search(len(docs), func(i int) bool { return docs[i] > at }))]
				}
			default:
				d = docs[r.IntN(len(docs))]
			}
			var p *docPosting
			if r.IntN(3) > 0 || len(model) < longMin+2 {
				spread := []int{3, 50, 2000}[i/1000] // the positions' parameters change
				q := random(g, c.tops, spread)
				p, model[d] = &q, q
			} else {
				delete(model, d)
			}
			if l.splice(d, p) {
				spliced++
			} else {
				l.rewrite(d, p)
			}
			if l.long == nil {
				t.Fatalf("%q: a long list became short", g)
			}
			checkList(t, l)
			if want := encodePostings(g, list(), c.tops); want.enc != l.enc {
				t.Fatalf("%q, change %d (document %d): list differs from a full encoding", g, i, d)
			}
		}
		if spliced < 2000 {
			t.Errorf("%q: only %d of 3000 changes spliced", g, spliced)
		}
	}
}
