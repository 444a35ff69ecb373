package search

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"gen/generator/internal/corpus"
	"gen/generator/output"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＧＤＰ增长", "gdp增长"},
		{"２０２２年", "2022年"},
		{"OA系统", "oa系统"},
		{"党风廉政", "党风廉政"},
		{"（一）", "(一)"},
		{"ＡＢＣａｂｃ！", "abcabc!"},
		{"Ünïcode ΣΑΣ", "ünïcode σασ"},
		{"İ", "İ"},
		{"全角　空格", "全角 空格"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"党风廉政", []string{"党风廉政"}},
		{"  2022年  宣讲 ", []string{"2022年", "宣讲"}},
		{"ＧＤＰ增长　宣讲", []string{"gdp增长", "宣讲"}},
		{"党日 党日", []string{"党日"}},
		{"a\u00a0b\u2003c", []string{"a", "b", "c"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBits(t *testing.T) {
	var w bitWriter
	vals := []uint32{0, 1, 2, 3, 7, 8, 100, 1000, 65535, 1 << 20, 0, 5, 1<<26 - 2, 1 << 27, 1<<31 - 2}
	ks := []uint{0, 1, 3, 7, 12, 20, 31} // Rice parameters: short and long quotients
	for i, v := range vals {
		w.eg(v, uint(i%5))
		w.gamma(v + 1)
		w.bits(v&63, 6)
		w.rice(v, ks[i%len(ks)])
	}
	r := bitReader{s: w.String()}
	for i, v := range vals {
		if got := r.eg(uint(i % 5)); got != v {
			t.Fatalf("eg #%d = %d, want %d", i, got, v)
		}
		if got := r.gamma(); got != v+1 {
			t.Fatalf("gamma #%d = %d, want %d", i, got, v+1)
		}
		if got := r.bits(6); got != v&63 {
			t.Fatalf("bits #%d = %d, want %d", i, got, v&63)
		}
		if got := r.rice(ks[i%len(ks)]); got != v {
			t.Fatalf("rice #%d (k=%d) = %d, want %d", i, ks[i%len(ks)], got, v)
		}
	}
}

func TestListRoundTrip(t *testing.T) {
	type occ struct {
		doc, pos int32
		title    bool
	}
	occs := []occ{{0, 0, true}, {0, 5, false}, {0, 6, false}, {3, 17, false}, {4000, 2, true}, {4000, 9000, false}}
	for _, bi := range []bool{false, true} {
		l := &list{doc: -1}
		for _, o := range occs {
			l.add(o.doc, o.pos, o.title, bi, 0)
		}
		g := unigram('党')
		if bi {
			g = bigram('党', '日')
		}
		v := &values{}
		l.valuesInto(bi, v)
		var w bitWriter
		v.encode(g, false, &w) // leaves the encoding in w
		enc := string(w.out)
		if kept := v.encode(g, true, new(bitWriter)).enc; kept != enc {
			t.Errorf("bigram=%v: kept encoding %q, written %q", bi, kept, enc)
		}
		if n := v.size(bi); n != len(enc) {
			t.Errorf("bigram=%v: size %d, encoded %d bytes", bi, n, len(enc))
		}
		got := decodeList(enc, bi)
		want := []posting{{doc: 0, cnt: 3, tc: 1, pos: []int{0, 5, 6}}, {doc: 3, cnt: 1, pos: []int{17}}, {doc: 4000, cnt: 2, tc: 1, pos: []int{2, 9000}}}
		if !bi {
			for i := range want {
				want[i].pos = nil
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("bigram=%v: decoded %v, want %v", bi, got, want)
		}
	}
}

// docs turns generated entries into index documents, body as Markdown.
func docs(entries []corpus.Entry) []Doc {
	out := make([]Doc, len(entries))
	for i, e := range entries {
		out[i] = Doc{URL: strings.TrimSuffix(strings.TrimPrefix(e.Path, "content/"), ".md") + "/index.html",
			Title: e.Title, Date: e.Date, Year: e.Year, Section: e.Section, SectionTitle: e.Section,
			Units: []string{e.Unit}, Tags: e.Tags, Text: e.Body}
	}
	return out
}

func build(t testing.TB, ds []Doc) (*Index, *output.Mem) {
	t.Helper()
	return buildLong(t, ds, bigMin)
}

// buildLong builds with lists of long bytes or more long (neighbours.go).
func buildLong(t testing.TB, ds []Doc, long int) (*Index, *output.Mem) {
	t.Helper()
	ix := New(len(ds))
	ix.bigMin = long
	for i, d := range ds {
		ix.Add(i, d)
	}
	mem := output.NewMem()
	if _, err := ix.Write(context.Background(), mem); err != nil {
		t.Fatal(err)
	}
	return ix, mem
}

func open(t testing.TB, mem *output.Mem) *Searcher { return openCounting(t, mem, new(int)) }

// openCounting is open, adding the bytes of every file the Searcher reads
// to *read.
func openCounting(t testing.TB, mem *output.Mem, read *int) *Searcher {
	t.Helper()
	s, err := Open(func(name string) ([]byte, error) {
		b, ok := mem.Get(name)
		if !ok {
			return nil, fmt.Errorf("%s: no such file", name)
		}
		*read += len(b)
		return b, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bruteForce returns the URLs of the documents whose normalised text (by
// URL) contains every term.
func bruteForce(norm map[string]string, query string) []string {
	var out []string
	terms := Terms(query)
	for url, text := range norm {
		ok := len(terms) > 0
		for _, term := range terms {
			ok = ok && strings.Contains(text, term)
		}
		if ok {
			out = append(out, url)
		}
	}
	slices.Sort(out)
	return out
}

func normalized(ds []Doc) map[string]string {
	out := map[string]string{}
	for _, d := range ds {
		text, _, _ := searchable(d)
		out[d.URL] = Normalize(string(text))
	}
	return out
}

func found(t testing.TB, s *Searcher, query string) []string {
	t.Helper()
	hits, err := s.Search(query)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		if out[i], err = s.URL(h.ID); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return out
}

// queries draws n random substrings of 2–6 runes (and a few of one) from
// the documents' searchable text, plus fixed ones.
func queries(ds []Doc, n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	out := []string{"廉政", "志愿服务", "党日", "档", "ＯＡ系统", "oa系统", "Wi-Fi", "2022年 宣讲", "gdp数据", "iso 9001", "主题党日 整改", "不存在的词", "党风廉政建设责任制", "x"}
	for len(out) < n {
		d := ds[r.IntN(len(ds))]
		text, _, _ := searchable(d)
		size := 2 + r.IntN(5)
		if r.IntN(10) == 0 {
			size = 1
		}
		if len(text) < size {
			continue
		}
		at := r.IntN(len(text) - size + 1)
		q := string(text[at : at+size])
		if len(Terms(q)) == 1 && Terms(q)[0] == Normalize(q) {
			out = append(out, q)
		}
	}
	return out
}

// TestBruteForce is the exactness check of search: for hundreds of random
// substrings, the result set is exactly the set of documents containing
// them.
//
// It runs with the usual long lists and with many more, most with top
// neighbours, so that plans use them.
func TestBruteForce(t *testing.T) {
	ds := docs(corpus.Entries(1500, 4))
	norm := normalized(ds)
	qs := queries(ds, 400, 7)
	for _, long := range []int{bigMin, 256} {
		ix, mem := buildLong(t, ds, long)
		s := open(t, mem)
		tops, extended := 0, 0
		for _, t := range ix.big {
			if t != [2]rune{} {
				tops++
			}
		}
		for _, q := range qs {
			got, want := found(t, s, q), bruteForce(norm, q)
			if !slices.Equal(got, want) {
				t.Errorf("long %d: Search(%q): %d results, brute force %d", long, q, len(got), len(want))
			}
			for _, term := range Terms(q) {
				if r := []rune(term); len(r) > 2 {
					for _, w := range plan(r, s.big) {
						if w.prev || w.next {
							extended++
						}
					}
				}
			}
		}
		if long < bigMin && (tops < 50 || extended < 50) {
			t.Errorf("long %d: %d long lists with top neighbours, %d windows using them: the test does not exercise them", long, tops, extended)
		}
	}
}

func TestPlan(t *testing.T) {
	big := map[string]bigInfo{
		"愿服": {tops: [2]rune{'志', '务'}, size: 12},
		"志愿": {tops: [2]rune{0, '服'}, size: 12},
		"服务": {size: 55},
		"20": {size: 16},
	}
	tests := []struct {
		term string
		want string
	}{
		{"志愿服务", "[{1 true true}]"},
		{"志愿服", "[{0 false true}]"},
		{"愿服务", "[{0 false true}]"},
		{"服务站", "[{0 false false} {1 false false}]"},
		{"2020年", "[{0 false false} {2 false false} {3 false false}]"}, // 20 twice: its cost counts twice
		{"党风廉政建设", "[{0 false false} {2 false false} {4 false false}]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(plan([]rune(tt.term), big)); got != tt.want {
			t.Errorf("plan(%q) = %s, want %s", tt.term, got, tt.want)
		}
	}
}

func TestRanking(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	ds := []Doc{
		{URL: "a.html", Title: "普通标题", Year: 2020, Date: day(2020, 1, 1), Text: "宣讲宣讲宣讲"},
		{URL: "b.html", Title: "宣讲活动", Year: 2019, Date: day(2019, 1, 1), Text: "无"},
		{URL: "c.html", Title: "其他", Year: 2021, Date: day(2021, 5, 1), Text: "宣讲"},
		{URL: "d.html", Title: "其他", Year: 2022, Date: day(2022, 5, 1), Text: "宣讲"},
		{URL: "e.html", Title: "无关", Year: 2023, Text: "无关"},
	}
	_, mem := build(t, ds)
	s := open(t, mem)
	var got []string
	hits, _ := s.Search("宣讲")
	for _, h := range hits {
		u, _ := s.URL(h.ID)
		got = append(got, u)
	}
	want := []string{"b.html", "a.html", "d.html", "c.html"}
	if !slices.Equal(got, want) {
		t.Errorf("ranking = %v, want %v", got, want)
	}
}

func TestEdgeCases(t *testing.T) {
	for _, ds := range [][]Doc{
		nil,
		{{URL: "empty.html"}},
		{{URL: "a.html", Title: "标题", Text: "正文\n第二段"}, {URL: "b.html", Title: "Ｘ", Text: "  \n\t"}},
	} {
		_, mem := build(t, ds)
		s := open(t, mem)
		norm := normalized(ds)
		for _, q := range []string{"标题", "正文", "文第", "x", "Ｘ", "题正", "段", " "} {
			if got, want := found(t, s, q), bruteForce(norm, q); !slices.Equal(got, want) {
				t.Errorf("%d docs: Search(%q) = %v, want %v", len(ds), q, got, want)
			}
		}
	}
}

// TestAppendEntry checks the hand-written JSON of document files against
// encoding/json's.
func TestAppendEntry(t *testing.T) {
	ds := docs(corpus.Entries(50, 3))
	ds = append(ds, Doc{URL: "a&b/<x>.html", Title: "引号\"与\\反斜杠\u2028\x01", Units: []string{"<b>"}, Tags: []string{"&amp;", "\t", "\b\f"},
		Text: "正文\r\n第二行 \x7f \U0001F600", Date: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)})
	ix, _ := build(t, ds)
	table := ix.runes.table()
	for id := range ix.ids {
		var buf []uint32
		got := string(ix.appendEntry(nil, table, id, &buf))
		want := string(appendJSON(nil, ix.entry(table, id)))
		if got != want {
			t.Errorf("document %d: appendEntry\n%s\nencoding/json\n%s", id, got, want)
		}
	}
}

// TestAppendGram checks shard keys against encoding/json.
func TestAppendGram(t *testing.T) {
	odd := []rune{'党', 'a', '"', '\\', '<', '>', '&', '\b', '\f', '\x01', '\x7f', 0x2028, 0x2029, 0x1F600, 0xFFFD}
	for _, a := range odd {
		for _, g := range append([]gram{unigram(a)}, func() (bs []gram) {
			for _, b := range odd {
				bs = append(bs, bigram(a, b))
			}
			return bs
		}()...) {
			if got, want := string(appendGram(nil, g)), string(appendJSON(nil, g.String())); got != want {
				t.Errorf("gram %q: %s, encoding/json %s", g.String(), got, want)
			}
		}
	}
}

// TestWorkers checks that the index does not depend on how many goroutines
// collect the lists (each votes on top neighbours over its own documents).
func TestWorkers(t *testing.T) {
	ds := docs(corpus.Entries(800, 5))
	var want map[string][]byte
	for _, n := range []int{1, 3, 2, 5} {
		prev := runtime.GOMAXPROCS(n)
		_, mem := buildLong(t, ds, 512)
		runtime.GOMAXPROCS(prev)
		got := map[string][]byte{}
		for _, name := range mem.Names() {
			got[name], _ = mem.Get(name)
		}
		if want == nil {
			want = got
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("%d goroutines: %d files, 1 goroutine: %d", n, len(got), len(want))
		}
		for name, b := range got {
			if !bytes.Equal(b, want[name]) {
				t.Errorf("%d goroutines: %s differs", n, name)
			}
		}
	}
}

// TestBruteForceMixed is TestBruteForce over the mixed corpus: Chinese
// with English words, version numbers, addresses, paths and code.
func TestBruteForceMixed(t *testing.T) {
	ds := docs(corpus.MixedEntries(300, 5))
	norm := normalized(ds)
	qs := append(queries(ds, 300, 9), "v1.4", "https://git", "issues/12", "err != nil", "ctx,", "P99 延迟", "SELECT id", "arm64", "连接数耗尽", "-/issues/")
	_, mem := build(t, ds)
	s := open(t, mem)
	hits := 0
	for _, q := range qs {
		got, want := found(t, s, q), bruteForce(norm, q)
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q): %d results, brute force %d", q, len(got), len(want))
		}
		hits += len(want)
	}
	if hits == 0 {
		t.Fatal("no query finds anything: the test tests nothing")
	}
}
