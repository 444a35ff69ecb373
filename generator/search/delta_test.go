package search

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gen/generator/internal/corpus"
	"gen/generator/output"
)

// carry writes the index of ds as a build with cache folder dir does, into
// a new output, and returns it and the notes.
func carry(t testing.TB, ds []Doc, dir string, long int) (*output.Mem, []string) {
	t.Helper()
	return carryRewriting(t, ds, dir, long, deltaRewrite)
}

// carryRewriting is carry with at most rewrite delta shards rewritten.
func carryRewriting(t testing.TB, ds []Doc, dir string, long, rewrite int) (*output.Mem, []string) {
	t.Helper()
	ix := New(len(ds))
	ix.bigMin, ix.rewrite = long, rewrite
	for i, d := range ds {
		ix.Add(i, d)
	}
	mem := output.NewMem()
	var notes []string
	if _, err := ix.WriteWith(context.Background(), mem, Options{Cache: dir, Key: "site", Note: func(m string) { notes = append(notes, m) }}); err != nil {
		t.Fatal(err)
	}
	return mem, notes
}

// ranked is the URLs of a query's results in their order.
func ranked(t testing.TB, s *Searcher, q string) []string {
	t.Helper()
	hits, err := s.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		if out[i], err = s.URL(h.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// searchBytes is the bytes and count of the files under search/ of mem
// that differ from prev's, and of prev's that are gone: what gen publish
// copies and removes.
func searchDelta(prev, mem *output.Mem) (files int, bytes int) {
	changed, removed := mem.Diff(prev)
	for _, n := range append(changed, removed...) {
		if strings.HasPrefix(n, "search/") {
			b, _ := mem.Get(n)
			files, bytes = files+1, bytes+len(b)
		}
	}
	return files, bytes
}

// TestCarriedMatchesFresh is the differential test: an archive changed
// step by step — entries added, removed and edited, each step a new Index
// carried over through the cache folder, as separate builds are — answers
// every query with the same results in the same order as a fresh index of
// the same entries, and each step writes a few files.
func TestCarriedMatchesFresh(t *testing.T) {
	n, steps := 600, 80
	if raceOn {
		steps = 40
	}
	all := docs(corpus.Entries(n+steps, 3))
	ds := slices.Clone(all[:n])
	extra := all[n:]
	dir := t.TempDir()
	prev, notes := carry(t, ds, dir, 1<<10)
	if len(notes) != 1 || !strings.Contains(notes[0], "no previous index") {
		t.Fatalf("first build's notes = %q", notes)
	}
	r := rand.New(rand.NewPCG(5, 9))
	qs := queries(all, 120, 11)
	maxFiles := 0
	for step := range steps {
		switch step % 5 {
		case 0, 1, 2: // add
			ds = append(ds, extra[step])
		case 3: // remove
			i := r.IntN(len(ds))
			ds = slices.Delete(ds, i, i+1)
		case 4: // edit the body
			i := r.IntN(len(ds))
			ds[i].Text += fmt.Sprintf("\n第%d次修改：增加一段关于志愿服务的内容。", step)
		}
		mem, notes := carry(t, ds, dir, 1<<10)
		if len(notes) > 0 {
			t.Fatalf("step %d: %q", step, notes)
		}
		files, _ := searchDelta(prev, mem)
		maxFiles = max(maxFiles, files)
		prev = mem
		if step%10 != 9 {
			continue
		}
		_, fresh := buildLong(t, ds, 1<<10)
		got, want := open(t, mem), open(t, fresh)
		for _, q := range qs {
			if g, w := ranked(t, got, q), ranked(t, want, q); !slices.Equal(g, w) {
				t.Fatalf("step %d: %q: carried %d results %v…, fresh %d %v…", step, q, len(g), g[:min(3, len(g))], len(w), w[:min(3, len(w))])
			}
		}
	}
	if maxFiles > deltaRewrite+recentShards+4 {
		t.Errorf("a step wrote up to %d files of the index", maxFiles)
	}
}

// TestCarryFallsBack: a cache folder that is damaged, edited, of another
// site or format gives a fresh index and a note saying why, never an error
// or a wrong result.
func TestCarryFallsBack(t *testing.T) {
	ds := docs(corpus.Entries(200, 4))
	for _, c := range []struct {
		name, want string
		spoil      func(dir string) error
	}{
		{"gone", "no previous index", func(dir string) error { return os.RemoveAll(dir) }},
		{"edited", "was changed", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "search", "g", "0.js"), []byte("GenSearch.put(\"g\",0,{});\n"), 0o644)
		}},
		{"removed copy", "no such file", func(dir string) error { return os.Remove(filepath.Join(dir, DictFile)) }},
		{"damaged", "state.json", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, stateFile), []byte("{"), 0o644)
		}},
		{"format", "format", func(dir string) error {
			return rewriteState(dir, fmt.Sprintf(`"format":%d`, stateFormat), `"format":0`)
		}},
		{"site", "another site", func(dir string) error { return rewriteState(dir, `"key":"site"`, `"key":"other"`) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			carry(t, ds[:150], dir, 1<<10)
			if err := c.spoil(dir); err != nil {
				t.Fatal(err)
			}
			mem, notes := carry(t, ds, dir, 1<<10)
			if len(notes) != 1 || !strings.Contains(notes[0], c.want) {
				t.Fatalf("notes = %q, want one saying %q", notes, c.want)
			}
			_, fresh := buildLong(t, ds, 1<<10)
			if changed, removed := mem.Diff(fresh); len(changed)+len(removed) > 0 {
				t.Errorf("not a fresh index: %d files differ, %d missing", len(changed), len(removed))
			}
			if _, notes := carry(t, ds, dir, 1<<10); len(notes) > 0 { // and the next build carries it over
				t.Errorf("after the fresh index: %q", notes)
			}
		})
	}
}

func rewriteState(dir, old, new string) error {
	p := filepath.Join(dir, stateFile)
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if !strings.Contains(string(b), old) {
		return fmt.Errorf("%s has no %s", p, old)
	}
	return os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}

// BenchmarkCarriedGrowth carries an index over GEN_BENCH_ADDS additions
// and GEN_BENCH_DELETES deletions (default 1,000 and 300), each a build of
// its own through the cache folder, starting from GEN_BENCH_ENTRIES
// entries (default 10,000), and compares the result with a fresh index of
// the same entries: the bytes of search/ and, for 200 queries, what a
// query's first download is (the manifest, the files its terms load, the
// document files of its first ten results). It fails if any query's
// results or order differ. Run it once:
//
//	go test ./generator/search -run X -bench CarriedGrowth -benchtime 1x
func BenchmarkCarriedGrowth(b *testing.B) {
	n := envInt("GEN_BENCH_ENTRIES", 10000)
	adds, deletes := envInt("GEN_BENCH_ADDS", 1000), envInt("GEN_BENCH_DELETES", 300)
	for b.Loop() {
		all := docs(corpus.Entries(n+adds, 7))
		ds := slices.Clone(all[:n])
		extra := all[n:]
		dir := b.TempDir()
		mem, _ := carry(b, ds, dir, bigMin)
		r := rand.New(rand.NewPCG(3, 4))
		fresh := 0
		for a, d := 0, 0; a < adds || d < deletes; {
			if d < deletes && (a >= adds || r.IntN(adds+deletes) < deletes) {
				i := r.IntN(len(ds))
				ds = slices.Delete(ds, i, i+1)
				d++
			} else {
				ds = append(ds, extra[a])
				a++
			}
			var notes []string
			mem, notes = carry(b, ds, dir, bigMin)
			if len(notes) > 0 {
				fresh++
				b.Logf("after %d additions and %d deletions: %q", a, d, notes)
			}
		}
		_, want := buildLong(b, ds, bigMin)
		size := func(m *output.Mem) (total int) {
			m.Range(func(name string, data []byte) {
				if strings.HasPrefix(name, "search/") {
					total += len(data)
				}
			})
			return total
		}
		var worst, sum float64
		type rq struct {
			q string
			r float64
		}
		var rs []rq
		qs := queries(ds, 200, 5)
		for _, q := range qs {
			g, gotBytes := firstDownload(b, mem, q)
			w, wantBytes := firstDownload(b, want, q)
			if !slices.Equal(g, w) {
				b.Fatalf("%q: carried %d results %v…, fresh %d %v…", q, len(g), g[:min(3, len(g))], len(w), w[:min(3, len(w))])
			}
			ratio := float64(gotBytes) / float64(wantBytes)
			rs = append(rs, rq{q, ratio})
			worst, sum = max(worst, ratio), sum+ratio
		}
		slices.SortFunc(rs, func(a, b rq) int { return cmp.Compare(b.r, a.r) })
		for _, x := range rs[:min(12, len(rs))] {
			b.Logf("%.3f %q: carried %v, fresh %v", x.r, x.q, downloadParts(b, mem, x.q), downloadParts(b, want, x.q))
		}
		b.ReportMetric(float64(size(mem))/(1<<20), "MB-carried")
		b.ReportMetric(float64(size(want))/(1<<20), "MB-fresh")
		b.ReportMetric(float64(size(mem))/float64(size(want)), "size-ratio")
		b.ReportMetric(sum/float64(len(qs)), "download-ratio-mean")
		b.ReportMetric(worst, "download-ratio-max")
		b.ReportMetric(float64(fresh), "fresh-rewrites")
	}
}

// firstDownload runs q on a new Searcher over m and returns the URLs of
// all its results, and the bytes it read to answer it and to show its
// first ten results.
func firstDownload(t testing.TB, m *output.Mem, q string) ([]string, int) {
	t.Helper()
	read := 0
	s := openCounting(t, m, &read)
	hits, err := s.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	urls := make([]string, len(hits))
	shown := 0
	for i, h := range hits {
		if i == 10 {
			shown = read // the rest is resolved for the comparison only
		}
		if urls[i], err = s.URL(h.ID); err != nil {
			t.Fatal(err)
		}
	}
	if len(hits) <= 10 {
		shown = read
	}
	return urls, shown
}

// downloadParts is what the first query q reads, by folder.
func downloadParts(t testing.TB, m *output.Mem, q string) map[string]int {
	parts := map[string]int{}
	s, err := Open(func(name string) ([]byte, error) {
		b, _ := m.Get(name)
		dir, _ := path.Split(name)
		if dir == "search/" {
			dir = name
		}
		parts[dir] += len(b)
		return b, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hits, _ := s.Search(q)
	for i, h := range hits[:min(10, len(hits))] {
		_ = i
		s.URL(h.ID)
	}
	return parts
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// TestCarriedPromotes: a bigram list that was near large in the base and
// passes bigMin as entries that have it are added is promoted — written
// whole to a large list's file once, with top neighbours — and from then
// on the carried index answers as a fresh one does, while more entries
// with it are added, removed and edited; a term it covers with its
// neighbours loads no more than the fresh index loads for it.
func TestCarriedPromotes(t *testing.T) {
	const long = 1 << 10
	const gr, term = "鲲鹏", "枢鲲鹏纽"
	n := 0
	add := func(times int) Doc { // an entry with the gram between the same two runes
		n++
		return Doc{URL: fmt.Sprintf("new/%d/", n), Title: fmt.Sprintf("补充材料%d", n), Year: 2026,
			Date: time.Date(2026, 1, 1+n%28, 0, 0, 0, 0, time.UTC), Section: "notes", SectionTitle: "记录",
			Text: fmt.Sprintf("第%d份：%s。", n, strings.Repeat("再说一次"+term, times))}
	}
	other := func() Doc { // one with it between others: a term with the top neighbours must not find it
		d := add(0)
		d.Text += "大鹏鲲鹏展翅。"
		return d
	}
	ds := docs(corpus.Entries(600, 21))
	for range 300 { // its list is near large in the base: 700 bytes
		ds = append(ds, add(2))
	}
	dir := t.TempDir()
	// every delta shard rewritten by each build before the one that
	// promotes the gram, none from then on: its delta shard keeps its
	// postings from before — without flags — which a query skips
	rewrite := deltaRewrite
	carry := func(t testing.TB, ds []Doc, dir string, long int) (*output.Mem, []string) {
		return carryRewriting(t, ds, dir, long, rewrite)
	}
	carry(t, ds, dir, long)
	l, err := loadState(dir, "site")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(l.st.Near, func(n stateNear) bool { return n.G == gr }) {
		t.Fatalf("%q is not near large in the base", gr)
	}
	qs := append(queries(ds, 30, 4), gr, term, "枢"+gr, gr+"纽", "鹏纽", "枢鲲", "再说一次枢鲲鹏", "鲲鹏展翅", "大鹏鲲鹏")
	bigOf := func(mem *output.Mem) string { // the gram's entry in the manifest's b
		var m manifestJSON
		b, _ := mem.Get(ManifestFile)
		if err := parseScript(ManifestFile, b, "m", &m); err != nil {
			t.Fatal(err)
		}
		rs := []rune(m.Big)
		for i := 0; i+4 <= len(rs); i += 4 {
			if string(rs[i:i+2]) == gr {
				return string(rs[i : i+4])
			}
		}
		return ""
	}
	promotedAt := -1
	var last *output.Mem
	check := func(step int, mem *output.Mem) {
		t.Helper()
		_, fresh := buildLong(t, ds, long)
		// a carried list can pass bigMin a little before a fresh one (its
		// ids have a gap between the base and the delta), never after
		if g, w := bigOf(mem), bigOf(fresh); w != "" && g != w {
			t.Errorf("step %d: the carried index has %q as %q, a fresh one as %q", step, gr, g, w)
		}
		for _, q := range qs {
			got, gb := firstDownload(t, mem, q)
			want, wb := firstDownload(t, fresh, q)
			if !slices.Equal(got, want) {
				t.Fatalf("step %d: %q: carried %d results %v…, fresh %d %v…", step, q, len(got), got[:min(3, len(got))], len(want), want[:min(3, len(want))])
			}
			if q == term && promotedAt >= 0 && downloadParts(t, mem, q)["search/g/"] > 0 {
				t.Errorf("step %d: %q loads a shard (%d bytes in all, a fresh index %d): it should need the promoted list alone", step, q, gb, wb)
			}
		}
	}
	var file []byte
	for step := 0; step < 20; step++ {
		switch {
		case promotedAt < 0 || step%4 != 3:
			for range 8 {
				ds = append(ds, add(4))
			}
			ds = append(ds, other())
		case step%8 == 3: // remove one that has it
			i := slices.IndexFunc(ds, func(d Doc) bool { return strings.HasPrefix(d.URL, "new/") })
			ds = slices.Delete(ds, i, i+1)
		default: // edit one that has it
			i := slices.IndexFunc(ds, func(d Doc) bool { return strings.HasPrefix(d.URL, "new/") })
			ds[i].Text += "补记：" + term + "。"
		}
		if promotedAt < 0 { // a trial build in a copy of the cache: does this one promote?
			trial := t.TempDir()
			if err := os.CopyFS(trial, os.DirFS(dir)); err != nil {
				t.Fatal(err)
			}
			if mem, _ := carry(t, ds, trial, long); open(t, mem).from[gr] > 0 {
				rewrite = 0
			}
		}
		mem, notes := carry(t, ds, dir, long)
		if len(notes) > 0 {
			t.Fatalf("step %d: %q", step, notes)
		}
		last = mem
		var m manifestJSON
		b, _ := mem.Get(ManifestFile)
		if err := parseScript(ManifestFile, b, "m", &m); err != nil {
			t.Fatal(err)
		}
		from, ok := open(t, mem).from[gr] // the promoted list's bound
		if !ok {
			from = -1
		}
		big, _ := mem.Get(bigFile(bigram('鲲', '鹏')))
		switch {
		case from >= 0 && promotedAt < 0:
			promotedAt, file = step, big
		case promotedAt >= 0 && from < 0:
			t.Fatalf("step %d: %q is no longer promoted", step, gr)
		case promotedAt >= 0 && !slices.Equal(big, file): // written whole again: up to now
			if from != m.Docs {
				t.Errorf("step %d: %q written again, with its postings up to id %d of %d", step, gr, from, m.Docs)
			}
			file = big
		}
		if step == promotedAt || step%5 == 4 {
			check(step, mem)
		}
	}
	if promotedAt < 0 {
		t.Fatalf("%q was never promoted", gr)
	}
	if _, ok := open(t, last).from["一次"]; !ok {
		t.Error("the large list of 一次, which the delta adds to, was not written whole again")
	}
}

// TestWrittenWholeRoundTrip: the lists written whole, a one-rune gram's
// among them, come back from the state as they were, and the manifest
// tells a Searcher each one's bound.
func TestWrittenWholeRoundTrip(t *testing.T) {
	ix := New(0)
	ix.big = map[gram][2]rune{unigram('次'): {}, bigram('鲲', '鹏'): {'枢', '纽'}, bigram('工', '作'): {}}
	ix.bigSize = map[gram]int{unigram('次'): 3, bigram('鲲', '鹏'): 9, bigram('工', '作'): 12}
	ix.promoted = map[gram]int{unigram('次'): 5, bigram('鲲', '鹏'): 7}
	back := New(0)
	back.big, back.bigSize = map[gram][2]rune{bigram('工', '作'): {}}, map[gram]int{bigram('工', '作'): 12}
	if err := back.loadPromoted(ix.promotedState()); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(back.big, ix.big) || !maps.Equal(back.bigSize, ix.bigSize) || !maps.Equal(back.promoted, ix.promoted) {
		t.Errorf("from the state: %v %v %v, want %v %v %v", back.big, back.bigSize, back.promoted, ix.big, ix.bigSize, ix.promoted)
	}
	m := manifestJSON{Sections: [][2]string{}, Years: []int{}}
	m.Big, m.BigSize = ix.bigJSON()
	m.Whole = ix.wholeBits()
	s, err := Open(func(name string) ([]byte, error) { return script("m", "0", appendJSON(nil, m)), nil })
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"次": 5, "鲲鹏": 7}; !maps.Equal(s.from, want) {
		t.Errorf("the Searcher's bounds: %v, want %v", s.from, want)
	}
}

func manifestOf(t testing.TB, mem *output.Mem) manifestJSON {
	t.Helper()
	var m manifestJSON
	b, _ := mem.Get(ManifestFile)
	if err := parseScript(ManifestFile, b, "m", &m); err != nil {
		t.Fatal(err)
	}
	return m
}
