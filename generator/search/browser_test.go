package search_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"gen/generator/internal/browsertest"
	"gen/generator/internal/corpus"
	"gen/generator/pipeline"
	"gen/generator/search"
	"gen/themes"
)

// buildSite builds the site in dir into a new temporary folder.
func buildSite(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.ToDir(context.Background(), pipeline.Options{Site: os.DirFS(dir), Builtin: themes.FS}, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func searcher(t *testing.T, out string) *search.Searcher {
	t.Helper()
	s, err := search.Open(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(out, filepath.FromSlash(name))) })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// plainFiles serves a folder the way a plain web server does: every file
// under its own name (http.FileServer redirects …/index.html to …/).
func plainFiles(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(path.Clean(r.URL.Path)))
		if strings.HasSuffix(r.URL.Path, "/") {
			name = filepath.Join(name, "index.html")
		}
		f, err := os.Open(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil || info.IsDir() {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, name, info.ModTime(), f)
	})
}

// waitFor polls expr until it is truthy, across page loads.
func waitFor[T any](t *testing.T, b *browsertest.Browser, expr string) T {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := b.Context(10 * time.Second)
		v, err := chromedp.Run(ctx, chromedp.Poll[T](expr))
		cancel()
		if err == nil {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ids runs a query in the page's search.js and returns the ranked ids.
func ids(t *testing.T, b *browsertest.Browser, q string) []int {
	t.Helper()
	ctx, cancel := b.Context(30 * time.Second)
	defer cancel()
	expr := fmt.Sprintf("GenSearch.search(%q).then(function (hs) { return hs.map(function (h) { return h.id; }); })", q)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return got
}

// TestBrowserExample searches the example archive as a person would, from
// a file:// folder and over http: type in the header box, press Enter, see
// the results, open one.
func TestBrowserExample(t *testing.T) {
	out := buildSite(t, "../..")
	s := searcher(t, out)
	hits, err := s.Search("党风廉政")
	if err != nil || len(hits) == 0 {
		t.Fatalf("Go search of the example archive: %v, %v", hits, err)
	}
	first, err := s.Doc(hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Search("志愿服务")
	if err != nil || len(second) == 0 {
		t.Fatalf("Go search of the example archive for 志愿服务: %v, %v", second, err)
	}
	srv := httptest.NewServer(plainFiles(out))
	defer srv.Close()
	for _, mode := range []struct{ name, home string }{
		{"file", browsertest.FileURL(filepath.Join(out, "index.html"))},
		{"http", srv.URL + "/reports/index.html"},
	} {
		t.Run(mode.name, func(t *testing.T) {
			b := browsertest.New(t)
			b.Do(t, chromedp.Navigate(mode.home),
				chromedp.SendKeys(".search-box input[name=q]", "党风廉政"+kb.Enter))
			status := waitFor[string](t, b, `document.querySelector(".search-result a") && document.querySelector(".search-status").textContent`)
			if want := fmt.Sprintf("共找到 %d 条结果", len(hits)); status != want {
				t.Errorf("status = %q, want %q", status, want)
			}
			loc := browsertest.Eval[string](t, b, "location.href")
			if !strings.Contains(loc, "search/index.html?q="+url.QueryEscape("党风廉政")) {
				t.Errorf("location = %s, want the query in the URL", loc)
			}
			if v := browsertest.Eval[string](t, b, `document.querySelector("#search-q").value`); v != "党风廉政" {
				t.Errorf("page box = %q", v)
			}
			title := browsertest.Eval[string](t, b, `document.querySelector(".search-result .t").textContent`)
			if title != first.Title {
				t.Errorf("first result %q, Go search ranks %q first", title, first.Title)
			}
			if n := browsertest.Eval[int](t, b, `document.querySelectorAll(".search-result mark").length`); n == 0 {
				t.Error("no match is highlighted")
			}
			// A second search from the page's own box, by keyboard: the
			// results change in place and the URL keeps the new query.
			clear := `(document.querySelector("#search-q").value = "") === ""`
			browsertest.Eval[bool](t, b, clear)
			b.Do(t, chromedp.SendKeys("#search-q", "志愿服务"+kb.Enter))
			want2 := fmt.Sprintf("共找到 %d 条结果", len(second))
			waitFor[bool](t, b, fmt.Sprintf("document.querySelector('.search-status').textContent === %q && document.querySelectorAll('.search-result .t a').length > 0", want2))
			if loc := browsertest.Eval[string](t, b, "location.href"); !strings.Contains(loc, "?q="+url.QueryEscape("志愿服务")) {
				t.Errorf("after a second search, location = %s", loc)
			}
			browsertest.Eval[bool](t, b, clear)
			b.Do(t, chromedp.SendKeys("#search-q", "党风廉政"+kb.Enter))
			waitFor[bool](t, b, fmt.Sprintf("document.querySelector('.search-status').textContent === %q", fmt.Sprintf("共找到 %d 条结果", len(hits))))
			b.Do(t, chromedp.Click(".search-result .t a"))
			h1 := waitFor[string](t, b, `location.pathname.indexOf("/search/") < 0 && document.querySelector("h1") && document.querySelector("h1").textContent`)
			if h1 != first.Title {
				t.Errorf("landed on %q, want %q", h1, first.Title)
			}
			if u := browsertest.Eval[string](t, b, "decodeURI(location.pathname)"); !strings.HasSuffix(u, "/"+first.URL) {
				t.Errorf("landed on %s, want %s", u, first.URL)
			}
			if errs := b.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %q", errs)
			}
		})
	}
}

// TestBrowserMatchesGo checks that search.js answers exactly what the Go
// searcher answers — the same documents in the same order — on a generated
// archive large enough to have long lists with top neighbours, that its
// folding is the Go side's, and that markup in titles shows as text.
func TestBrowserMatchesGo(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 3000, 11); err != nil { // enough for long lists (neighbours.go)
		t.Fatal(err)
	}
	// raw HTML is sanitised (the <b> is kept, the handler not) and its text,
	// an escaped tag included, indexed as text
	evil := "+++\ntitle = \"<script>alert(1)</script>鲸落标题\"\ndate = 2024-05-01\n+++\n\n正文里也有<b>鲸落</b>一词。\n\n" +
		"<div>鲸落<img src=x onerror=alert(1)>&lt;img src=y onerror=alert(2)&gt;</div>\n"
	if err := os.WriteFile(filepath.Join(dir, "content/notices/evil.md"), []byte(evil), 0o644); err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, dir)
	s := searcher(t, out)
	b := browsertest.New(t)
	b.Do(t, chromedp.Navigate(browsertest.FileURL(filepath.Join(out, "search/index.html"))+"?q="+url.QueryEscape("鲸落")))
	waitFor[bool](t, b, `!!document.querySelector(".search-result .t a")`)
	if got := browsertest.Eval[string](t, b, `document.querySelector(".search-result .t").textContent`); got != "<script>alert(1)</script>鲸落标题" {
		t.Errorf("title shown as %q", got)
	}
	if n := browsertest.Eval[int](t, b, `document.querySelectorAll(".search-result script, .search-result b, .search-result img").length`); n != 0 {
		t.Error("markup from the archive became elements")
	}

	qs := []string{"廉政", "志愿服务", "党日", "档", "oa系统", "ＯＡ系统", "Wi-Fi", "2022年 宣讲", "iso 9001", "主题党日 整改",
		"不存在的词", "党风廉政建设责任制", "人参加", "科技园区", "5G", "月1日", "鲸落", "开展", "，", "活动", "组织生活会"}
	qs = append(qs, "全年累计开展", "提高了工作效率", "发现的问题", "借助", "档案管理", "累计", "计开")
	if n := strings.Count(browsertest.Eval[string](t, b, "JSON.stringify(GenSearch.app.index.m.big)"), `"size"`); n < 20 {
		t.Errorf("%d long lists: too few for the test to check them", n)
	}
	sameAsGo(t, b, s, qs)

	var codes []int
	for c := 0; c < 0x3100; c++ {
		codes = append(codes, c)
	}
	for c := 0xFF00; c < 0xFFF0; c++ {
		codes = append(codes, c)
	}
	got := browsertest.Eval[[]int](t, b, fmt.Sprintf("%v.map(GenSearch.fold)", strings.ReplaceAll(fmt.Sprint(codes), " ", ",")))
	for i, c := range codes {
		if c >= 0xD800 && c < 0xE000 {
			continue
		}
		if want := int(search.Fold(rune(c))); got[i] != want {
			t.Errorf("fold(U+%04X) = U+%04X in search.js, U+%04X in Go", c, got[i], want)
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// sameAsGo checks that search.js in b finds for each query the documents
// s finds, in the same order.
func sameAsGo(t *testing.T, b *browsertest.Browser, s *search.Searcher, qs []string) {
	t.Helper()
	for _, q := range qs {
		hits, err := s.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]int, len(hits))
		for i, h := range hits {
			want[i] = h.ID
		}
		if got := ids(t, b, q); !slices.Equal(got, want) {
			t.Errorf("search.js %q: %d results %v…, Go %d %v…", q, len(got), got[:min(5, len(got))], len(want), want[:min(5, len(want))])
		}
	}
}

// TestBrowserCarried: on an index carried over from an earlier build —
// entries added, removed and edited since, so that queries join the
// base's lists with the delta's and skip removed documents — search.js
// over file:// finds what the Go searcher finds, in the same order, and
// that is what a fresh index finds.
func TestBrowserCarried(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	if err := corpus.Write(dir, 2000, 12); err != nil {
		t.Fatal(err)
	}
	build := func() string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "public")
		opts := pipeline.Options{Site: os.DirFS(dir), Builtin: themes.FS, SearchCache: cache, SearchKey: "k"}
		if _, err := pipeline.ToDir(context.Background(), opts, out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	build()
	var mds []string
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			mds = append(mds, p)
		}
		return err
	})
	for i, p := range mds[:12] {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch i % 3 {
		case 0:
			err = os.Remove(p)
		case 1:
			err = os.WriteFile(p, append(b, "\n补记：开展志愿服务活动，鲸落专题。\n"...), 0o644)
		default:
			err = os.WriteFile(strings.TrimSuffix(p, ".md")+"-新.md", append(b, "\n新增：鲸落。\n"...), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	out := build()
	s := searcher(t, out)
	b := browsertest.New(t)
	b.Do(t, chromedp.Navigate(browsertest.FileURL(filepath.Join(out, "search/index.html"))+"?q="+url.QueryEscape("鲸落")))
	waitFor[bool](t, b, `!!document.querySelector(".search-result .t a")`)
	if e := browsertest.Eval[int](t, b, "GenSearch.app.index.m.e || 0"); e == 0 {
		t.Fatal("the second build's index was not carried over")
	}
	qs := []string{"鲸落", "志愿服务", "廉政", "党日", "档", "oa系统", "2022年 宣讲", "补记", "开展志愿服务活动", "不存在的词", "活动", "累计"}
	sameAsGo(t, b, s, qs)
	fresh := searcher(t, buildSite(t, dir))
	for _, q := range qs {
		if g, w := urls(t, s, q), urls(t, fresh, q); !slices.Equal(g, w) {
			t.Errorf("%q: carried %d results, fresh %d", q, len(g), len(w))
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

func urls(t *testing.T, s *search.Searcher, q string) []string {
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

// TestBrowserPromoted: on an index carried over where a list was promoted
// to large (promote.go), with postings of it from before left in a delta
// shard, search.js finds what the Go searcher finds, and a fresh index.
func TestBrowserPromoted(t *testing.T) {
	mem, fresh, qs := search.PromotedArchive(t)
	dir := t.TempDir()
	if err := corpus.Write(dir, 20, 3); err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, dir) // the search page, with another index put in place of its own
	for _, sub := range []string{"g", "l", "d", "e", "r"} {
		os.RemoveAll(filepath.Join(out, "search", sub))
	}
	var err error
	mem.Range(func(name string, b []byte) {
		p := filepath.Join(out, filepath.FromSlash(name))
		if e := os.MkdirAll(filepath.Dir(p), 0o755); e != nil && err == nil {
			err = e
		}
		if e := os.WriteFile(p, b, 0o644); e != nil && err == nil {
			err = e
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	s := searcher(t, out)
	b := browsertest.New(t)
	b.Do(t, chromedp.Navigate(browsertest.FileURL(filepath.Join(out, "search/index.html"))+"?q="+url.QueryEscape(qs[1])))
	waitFor[bool](t, b, `!!document.querySelector(".search-result .t a")`)
	if from := browsertest.Eval[int](t, b, fmt.Sprintf("GenSearch.app.index.m.from[%q] || 0", qs[0])); from == 0 {
		t.Fatalf("search.js has no bound for %q: nothing promoted", qs[0])
	}
	sameAsGo(t, b, s, qs)
	f, err := search.Open(func(name string) ([]byte, error) {
		if b, ok := fresh.Get(name); ok {
			return b, nil
		}
		return nil, fmt.Errorf("%s: no such file", name)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if g, w := urls(t, s, q), urls(t, f, q); !slices.Equal(g, w) {
			t.Errorf("%q: carried %d results, fresh %d", q, len(g), len(w))
		}
	}
	if errs := b.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
