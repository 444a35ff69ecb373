package pipeline

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"gen/generator/internal/browsertest"
)

// click clicks the first element matching css, a link, waits for the page
// it leads to, and returns the link's text. It fails when the browser did
// not land where the link's href says.
func click(t *testing.T, b *browsertest.Browser, css string) string {
	t.Helper()
	q := "document.querySelector(" + jsString(css) + ")"
	if !browsertest.Eval[bool](t, b, q+" !== null") {
		t.Fatalf("no element %s on %s", css, browsertest.Eval[string](t, b, "location.href"))
	}
	label := browsertest.Eval[string](t, b, q+".textContent.trim().replace(/\\s+/g, ' ')")
	want := browsertest.Eval[string](t, b, q+".href")
	ctx, cancel := b.Context(30 * time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.Click(chromedp.CSS(css)))); err != nil {
		t.Fatalf("clicking %s (%q): %v", css, label, err)
	}
	if got := browsertest.Eval[string](t, b, "location.href"); got != want && got+"index.html" != want {
		t.Fatalf("clicking %q went to %s, want %s", label, got, want)
	}
	return label
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func h1(t *testing.T, b *browsertest.Browser) string {
	t.Helper()
	return browsertest.Eval[string](t, b, "document.querySelector('main h1').textContent.trim().replace(/\\s+/g, ' ')")
}

// styled fails unless the theme's stylesheet was loaded and applied.
func styled(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	if fs := browsertest.Eval[string](t, b, "getComputedStyle(document.body).fontSize"); fs != "17px" {
		t.Errorf("body font-size is %s, want the theme's 17px: gen.css did not load", fs)
	}
}

func noErrors(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	for _, e := range b.Errors() {
		t.Errorf("browser console: %s", e)
	}
}

// TestBrowserFile opens the example archive from disk over file://, as from
// a file share, and clicks through it as a reader would.
func TestBrowserFile(t *testing.T) {
	root := buildExample(t)
	b := browsertest.New(t)
	b.Do(t, chromedp.Navigate(browsertest.FileURL(filepath.Join(root, "index.html"))))
	title := browsertest.Eval[string](t, b, "document.title")
	if title == "" || h1(t, b) != title {
		t.Errorf("home: title %q, h1 %q: want the site title in both", title, h1(t, b))
	}
	styled(t, b)

	section := click(t, b, "nav.site-nav a")
	if got := h1(t, b); !strings.HasPrefix(got, section+" ") {
		t.Errorf("section page h1 = %q, want it to start with %q", got, section)
	}
	year := click(t, b, "ul.years-strip a")
	if got := h1(t, b); got != section+" · "+year+"年" {
		t.Errorf("section-year h1 = %q, want %q", got, section+" · "+year+"年")
	}
	entry := click(t, b, "ul.entries span.t a")
	if got := h1(t, b); got != entry {
		t.Errorf("entry h1 = %q, want the link text %q", got, entry)
	}
	if got := browsertest.Eval[string](t, b, "document.title"); !strings.HasPrefix(got, entry+" - ") {
		t.Errorf("entry title = %q", got)
	}
	tag := click(t, b, "p.meta a.tag")
	if got := h1(t, b); !strings.HasPrefix(got, tag+" ") {
		t.Errorf("tag page h1 = %q, want it to start with %q", got, tag)
	}
	click(t, b, `nav.site-nav a[href$="timeline/index.html"]`)
	if got := h1(t, b); got != "时间线" {
		t.Errorf("timeline h1 = %q", got)
	}
	click(t, b, "h2.year-mark a")
	if got := h1(t, b); !strings.HasPrefix(got, "时间线 · ") {
		t.Errorf("timeline year h1 = %q", got)
	}
	styled(t, b)
	noErrors(t, b)

	// The check above must be able to fail: a page with a missing image
	// has to show up in b.Errors().
	bad := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(bad, []byte(`<!DOCTYPE html><title>x</title><img src="missing.png" alt="">`), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Do(t, chromedp.Navigate(browsertest.FileURL(bad)), chromedp.Sleep(300*time.Millisecond))
	if len(b.Errors()) == 0 {
		t.Errorf("a missing image was not reported by b.Errors(): the console check above proves nothing")
	}
}

// TestBrowserSubPath serves the archive under /archive/ of a web server, as
// an intranet server might, and browses it there.
func TestBrowserSubPath(t *testing.T) {
	root := buildExample(t)
	mux := http.NewServeMux()
	mux.Handle("/archive/", http.StripPrefix("/archive", http.FileServer(http.Dir(root))))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b := browsertest.New(t)
	b.Do(t, chromedp.Navigate(srv.URL+"/archive/index.html"))
	styled(t, b)
	section := click(t, b, "ul.counts a")
	if got := h1(t, b); !strings.HasPrefix(got, section+" ") {
		t.Errorf("section page h1 = %q, want it to start with %q", got, section)
	}
	entry := click(t, b, "ul.entries span.t a")
	if got := h1(t, b); got != entry {
		t.Errorf("entry h1 = %q, want %q", got, entry)
	}
	if p := browsertest.Eval[string](t, b, "location.pathname"); !strings.HasPrefix(p, "/archive/") {
		t.Errorf("left the sub-path: %s", p)
	}
	click(t, b, "nav.crumbs a")
	if p := browsertest.Eval[string](t, b, "location.pathname"); p != "/archive/index.html" && p != "/archive/" {
		t.Errorf("home link from an entry went to %s", p)
	}
	styled(t, b)
	noErrors(t, b)
}

// TestBrowserNarrow screenshots the home page and an entry at 1280px and at
// 360px, and checks that a phone-wide screen needs no sideways scrolling.
// Set GEN_SCREENSHOTS to a folder to keep the pictures.
func TestBrowserNarrow(t *testing.T) {
	root := buildExample(t)
	dir := os.Getenv("GEN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	home := browsertest.FileURL(filepath.Join(root, "index.html"))
	b.Do(t, chromedp.Navigate(home))
	entryHref := browsertest.Eval[string](t, b, "document.querySelector('section.newest span.t a').href")
	for _, width := range []int64{1280, 360} {
		for _, p := range []struct{ name, url string }{{"home", home}, {"entry", entryHref}} {
			b.Do(t, chromedp.EmulateViewport(width, 800), chromedp.Navigate(p.url))
			shot := filepath.Join(dir, p.name+"-"+strconv.FormatInt(width, 10)+".png")
			pngShot(t, b, shot)
			t.Logf("screenshot %s", shot)
			// the date column of a list must not run into the title beside it
			if n := browsertest.Eval[string](t, b, overlapJS); n != "" {
				t.Errorf("%s at %dpx: a list's date runs into its title: %s", p.name, width, n)
			}
			if width != 360 {
				continue
			}
			if sw := browsertest.Eval[int](t, b, "document.documentElement.scrollWidth"); sw > 360 {
				wide := browsertest.Eval[string](t, b, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')`)
				t.Errorf("%s at 360px: scrollWidth %d, so the page scrolls sideways (too wide: %s)", p.name, sw, wide)
			}
		}
	}
	noErrors(t, b)
}

// overlapJS lists list rows whose date text reaches under the title.
const overlapJS = `[...document.querySelectorAll('ul.entries li')].filter(li => {
  const d = li.querySelector('.d'), t = li.querySelector('.t');
  if (!d || !t || !d.textContent.trim()) return false;
  const r = document.createRange(); r.selectNodeContents(d);
  const dr = r.getBoundingClientRect(), tr = t.getBoundingClientRect();
  // on one line (they overlap vertically) the date must end before the title starts
  return dr.bottom > tr.top + 0.5 && dr.right > tr.left + 0.5;
}).slice(0, 3).map(li => li.querySelector('.d').textContent.trim() + ' ' + li.querySelector('.t a').textContent.trim()).join('; ')`

// pngShot saves a full-page PNG. (b.Screenshot asks for quality 90, which
// makes Chromium send a JPEG, whatever the file is called.)
func pngShot(t *testing.T, b *browsertest.Browser, path string) {
	t.Helper()
	ctx, cancel := b.Context(30 * time.Second)
	defer cancel()
	img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if !bytes.HasPrefix(img, []byte("\x89PNG")) {
		t.Fatalf("screenshot is not a PNG")
	}
	if err := os.WriteFile(path, img, 0o644); err != nil {
		t.Fatal(err)
	}
}
