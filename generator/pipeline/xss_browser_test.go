package pipeline

import (
	"context"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"gen/generator/internal/browsertest"
	"gen/themes"
)

// xssProbe replaces alert before any page script runs, so that markup
// which gets a script to run (an onerror, a javascript: URL loaded, a
// <script>) leaves a mark the test can read.
const xssProbe = `window.__xss = 0; window.alert = function () { window.__xss++; };`

// TestBrowserNothingRuns opens every page of the hostile site (hostile
// markup in body, raw HTML, front matter of all three formats, file names),
// built with the default sanitiser, in Chromium from file://, and fails if
// any of its alert calls ran. A control page with an onerror handler shows
// the probe works.
func TestBrowserNothingRuns(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	writeDir(t, parseTxtar(hostileSite), site)
	dest := filepath.Join(dir, "public")
	if _, err := ToDir(context.Background(), Options{Site: os.DirFS(site), Builtin: themes.FS}, dest); err != nil {
		t.Fatal(err)
	}
	control := filepath.Join(dir, "control.html")
	if err := os.WriteFile(control, []byte(`<!DOCTYPE html><title>c</title><img src="nonesuch.png" onerror="alert(1)">`), 0o644); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	b.Do(t, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: xssProbe})
		return chromedp.Void{}, err
	})
	ran := func(path string) int {
		b.Do(t, chromedp.Navigate(browsertest.FileURL(path)))
		// wait for every image of the page to have loaded or failed, so an
		// onerror had its chance
		ctx, cancel := b.Context(30 * time.Second)
		defer cancel()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.images].every(i => i.complete)`)); err != nil {
			t.Fatalf("%s: waiting for its images: %v", path, err)
		}
		return browsertest.Eval[int](t, b, "window.__xss || 0")
	}
	if n := ran(control); n != 1 {
		t.Fatalf("the control page's onerror ran alert %d times, want 1: the probe proves nothing", n)
	}
	pages, aliases := 0, 0
	err := filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		if src, _ := os.ReadFile(p); strings.Contains(string(src), `http-equiv="refresh"`) {
			aliases++
			redirects(t, b, p, string(src))
			return nil
		}
		if n := ran(p); n != 0 {
			t.Errorf("%s: alert ran %d times", p, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 20 || aliases != 2 {
		t.Errorf("%d pages opened, %d of them aliases; want 20 or more, and the 2 aliases", pages, aliases)
	}
}

// redirects opens the alias page at p over file:// and fails unless the
// browser arrives at the page its plain link names, with nothing run.
func redirects(t *testing.T, b *browsertest.Browser, p, src string) {
	t.Helper()
	href := html.UnescapeString(between(src, `<a href="`, `"`))
	want := browsertest.FileURL(filepath.Join(filepath.Dir(p), filepath.FromSlash(unescapePath(href))))
	b.Do(t, chromedp.Navigate(browsertest.FileURL(p)))
	got := ""
	for range 200 { // the refresh is a navigation of its own: wait for it
		ctx, cancel := b.Context(5 * time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.readyState == 'complete' ? location.href : ''"))
		cancel()
		if err == nil && v != "" && v != browsertest.FileURL(p) {
			got = v
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if unescapePath(got) != unescapePath(want) {
		t.Errorf("alias %s led to %q, want %q", p, got, want)
		return
	}
	if n := browsertest.Eval[int](t, b, "window.__xss || 0"); n != 0 {
		t.Errorf("%s: alert ran %d times", got, n)
	}
}

func unescapePath(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
