package search_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gen/generator/internal/browsertest"
	"gen/generator/search"
)

// TestCompare measures gen's search against Pagefind's on one built site;
// testdata/compare.sh sets it up (GEN_COMPARE=the built folder, with
// Pagefind's index in its pagefind/ folder) and prints the figures.
func TestCompare(t *testing.T) {
	out := os.Getenv("GEN_COMPARE")
	if out == "" {
		t.Skip("GEN_COMPARE not set: run testdata/compare.sh")
	}
	s := searcher(t, out)
	truth := groundTruth(t, s)
	queries := strings.Split(os.Getenv("GEN_COMPARE_QUERIES"), ",")
	for name, page := range map[string]string{"pf-compare.html": pagefindPage, "gen-compare.html": genPage} {
		p := filepath.Join(out, name)
		if err := os.WriteFile(p, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(p)
	}
	size := func(p string) int64 {
		info, err := os.Stat(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			return 0
		}
		return info.Size()
	}
	var served atomic.Int64 // bytes of pagefind/ served
	files := plainFiles(out)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/pagefind/") {
			served.Add(size(strings.TrimPrefix(r.URL.Path, "/")))
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	fmt.Printf("%-8s | %-50s | %s\n", "query", "gen: KB, cold ms: page file://, bare file://, http; 2nd ms; R/P", "pagefind (http only): KB, cold ms (bare page); R/P")
	fmt.Println("(bare pages: median of three fresh browsers)")
	for _, q := range queries {
		want := truth(q)
		// gen, from file:// (a fresh browser: nothing cached)
		b := browsertest.New(t)
		b.Do(t, chromedp.Navigate(browsertest.FileURL(filepath.Join(out, "search/index.html"))+"?q="+url.QueryEscape(q)))
		cold := waitFor[float64](t, b, `(function () {
			var m = performance.getEntriesByName("gen-search-shown");
			if (m.length) return m[0].startTime;
			return /没有|No entry/.test(document.querySelector(".search-status").textContent) ? performance.now() : 0; })()`)
		var bytes int64 = size("assets/search.js")
		for _, p := range browsertest.Eval[[]string](t, b, "GenSearch.loaded") {
			bytes += size(p)
		}
		second := secondQuery(t, b)
		bare := func(u string) float64 {
			return median3(func() float64 {
				return fresh(t, func(t *testing.T, bb *browsertest.Browser) float64 {
					bb.Do(t, chromedp.Navigate(u+"?q="+url.QueryEscape(q)))
					return waitFor[float64](t, bb, "window.genFirst && window.genFirst.ms")
				})
			})
		}
		bareFile, bareHTTP := bare(browsertest.FileURL(filepath.Join(out, "gen-compare.html"))), bare(srv.URL+"/gen-compare.html")
		got := genAll(t, s, q)
		r, p := recallPrecision(got, want)

		// Pagefind, over http (its ES module, fetch and WebAssembly fail on file://)
		pb := browsertest.New(t)
		served.Store(0)
		pb.Do(t, chromedp.Navigate(srv.URL+"/pf-compare.html?q="+url.QueryEscape(q)))
		pfCold := waitFor[float64](t, pb, "window.pfFirst && window.pfFirst.ms")
		pfBytes := served.Load()
		pfCold = median3(func() float64 { // two more fresh browsers
			if pfCold >= 0 {
				c := pfCold
				pfCold = -1
				return c
			}
			return fresh(t, func(t *testing.T, pb *browsertest.Browser) float64 {
				pb.Do(t, chromedp.Navigate(srv.URL+"/pf-compare.html?q="+url.QueryEscape(q)))
				return waitFor[float64](t, pb, "window.pfFirst && window.pfFirst.ms")
			})
		})
		ctx, cancel := pb.Context(5 * time.Minute)
		pfURLs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf("pfAll(%q)", q), chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		var pfGot []string
		for _, u := range pfURLs {
			u, _ = url.PathUnescape(strings.TrimPrefix(u, "/"))
			if strings.HasSuffix(u, "/") || u == "" {
				u += "index.html"
			}
			pfGot = append(pfGot, u)
		}
		pr, pp := recallPrecision(pfGot, want)
		fmt.Printf("%-8s | %6.1f KB  %4.0f %4.0f %4.0f;  %4.0f;  %.2f/%.2f (%d) | %6.1f KB  %4.0f;  %.2f/%.2f (%d results, %d of %d relevant)\n",
			q, float64(bytes)/1024, cold, bareFile, bareHTTP, second, r, p, len(got), float64(pfBytes)/1024, pfCold, pr, pp, len(pfGot), int(pr*float64(len(want))+0.5), len(want))
	}
}

// median3 returns the median of three measurements: the machine is shared
// and noisy.
func median3(f func() float64) float64 {
	v := []float64{f(), f(), f()}
	slices.Sort(v)
	return v[1]
}

// fresh measures with a new browser, closed when done.
func fresh(t *testing.T, f func(t *testing.T, b *browsertest.Browser) float64) float64 {
	var v float64
	t.Run("cold", func(t *testing.T) { v = f(t, browsertest.New(t)) })
	return v
}

// secondQuery times a second query in the same page: search, then the
// files of its first page of results.
func secondQuery(t *testing.T, b *browsertest.Browser) float64 {
	ctx, cancel := b.Context(time.Minute)
	defer cancel()
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(function () {
		var t0 = performance.now(), ix = GenSearch.app.index;
		return GenSearch.search("组织生活").then(function (hs) {
			return Promise.all(hs.slice(0, 10).map(function (h) { return ix.doc(h.id); }));
		}).then(function () { return performance.now() - t0; }); })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// groundTruth returns, for a query, the URLs of the entries whose title,
// tags, units or text contain every term, by brute force over the
// documents' own files.
func groundTruth(t *testing.T, s *search.Searcher) func(q string) []string {
	type doc struct{ url, text string }
	var docs []doc
	for id := 0; ; id++ {
		d, err := s.Doc(id)
		if err != nil {
			break
		}
		text := strings.Join(append(append(append([]string{d.Title}, d.Tags...), d.Units...), d.Text), "\n")
		docs = append(docs, doc{d.URL, search.Normalize(text)})
	}
	return func(q string) []string {
		var out []string
		for _, d := range docs {
			ok := true
			for _, term := range search.Terms(q) {
				ok = ok && strings.Contains(d.text, term)
			}
			if ok {
				out = append(out, d.url)
			}
		}
		return out
	}
}

func genAll(t *testing.T, s *search.Searcher, q string) []string {
	hits, err := s.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		u, err := s.URL(h.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

func recallPrecision(got, want []string) (recall, precision float64) {
	w := map[string]bool{}
	for _, u := range want {
		w[u] = true
	}
	tp := 0
	for _, u := range got {
		if w[u] {
			tp++
		}
	}
	recall, precision = 1, 1
	if len(want) > 0 {
		recall = float64(tp) / float64(len(want))
	}
	if len(got) > 0 {
		precision = float64(tp) / float64(len(got))
	}
	return recall, precision
}

const genPage = `<!DOCTYPE html><meta charset="utf-8"><title>gen</title>
<script src="assets/search.js"></script>
<script>
var ix = GenSearch.open(""), q = new URLSearchParams(location.search).get("q");
ix.search(q).then(function (hs) {
  return Promise.all(hs.slice(0, 10).map(function (h) { return ix.doc(h.id); }));
}).then(function () { window.genFirst = {ms: performance.now()}; });
</script>`

const pagefindPage = `<!DOCTYPE html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
const pagefind = await import("./pagefind/pagefind.js");
const q = new URLSearchParams(location.search).get("q");
const r = await pagefind.search(q);
const first = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
window.pfFirst = {n: r.results.length, ms: performance.now(), urls: first.map(d => d.url)};
window.pfAll = async q => {
  const r = await pagefind.search(q);
  const d = await Promise.all(r.results.map(x => x.data()));
  return d.map(x => x.url);
};
</script>`
