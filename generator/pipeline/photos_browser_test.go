package pipeline

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gen/generator/internal/browsertest"
	"gen/themes"
)

// TestBrowserPhotos opens an activity record with photos from disk over
// file://, as from a file share: every picture of the text and of the
// gallery loads (naturalWidth > 0, once scrolled into view), the first is
// not lazy, the gallery shows its six; the year's page of photos loads its
// thumbnails too. With GEN_SHOTS set, screenshots at 1280 and 360 px go
// there, for a person to look at.
func TestBrowserPhotos(t *testing.T) {
	base := t.TempDir()
	site := photoSite(t, filepath.Join(base, "site"), "")
	dest := filepath.Join(base, "public")
	if _, err := ToDir(t.Context(), Options{Site: os.DirFS(site), Builtin: themes.FS}, dest); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	for _, c := range []struct {
		page string
		imgs int
	}{
		{"activities/2024/植树活动/index.html", 7},
		{"years/2024/photos/index.html", 7},
	} {
		b.Do(t, chromedp.Navigate(browsertest.FileURL(filepath.Join(dest, c.page))))
		styled(t, b)
		if lazy := browsertest.Eval[string](t, b, "document.querySelector('main img').getAttribute('loading') || ''"); c.imgs == 7 && c.page[0] == 'a' && lazy != "" {
			t.Errorf("%s: the first picture loads %q", c.page, lazy)
		}
		// scroll every picture into view, so the lazy ones load
		browsertest.Eval[bool](t, b, "(() => { document.querySelectorAll('main img').forEach(i => i.scrollIntoView()); return true })()")
		deadline := time.Now().Add(10 * time.Second)
		loaded := 0
		for time.Now().Before(deadline) {
			loaded = browsertest.Eval[int](t, b, "[...document.querySelectorAll('main img')].filter(i => i.complete && i.naturalWidth > 0).length")
			if loaded >= c.imgs {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if loaded != c.imgs {
			t.Errorf("%s: %d of %d pictures loaded", c.page, loaded, c.imgs)
		}
		if dir := os.Getenv("GEN_SHOTS"); dir != "" {
			for _, w := range []int{1280, 360} {
				b.Do(t, chromedp.EmulateViewport(int64(w), 900))
				b.Screenshot(t, filepath.Join(dir, filepath.Base(filepath.Dir(c.page))+"-"+strconv.Itoa(w)+".png"))
			}
			b.Do(t, chromedp.EmulateViewport(1280, 900))
		}
	}
	noErrors(t, b)
}

// TestBrowserPhotosPending: while gen serve makes a photo's copies in the
// background (Options.Later), the page shows the originals at the copies'
// sizes; over file:// they all load. With GEN_SHOTS set, screenshots of
// that page at 1280 and 360 px go there.
func TestBrowserPhotosPending(t *testing.T) {
	site := photoSite(t, filepath.Join(t.TempDir(), "site"), "")
	s := NewSession(Options{Site: os.DirFS(site), SiteDir: site, Builtin: themes.FS, Later: true})
	res, mem, err := s.Build(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.PendingPhotos) == 0 {
		t.Fatal("no photo waits for its copies: the test tests nothing")
	}
	dest := t.TempDir()
	var werr error
	mem.Range(func(name string, data []byte) {
		p := filepath.Join(dest, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			werr = err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			werr = err
		}
	})
	if werr != nil {
		t.Fatal(werr)
	}
	b := browsertest.New(t)
	b.Do(t, chromedp.Navigate(browsertest.FileURL(filepath.Join(dest, "activities/2024/植树活动/index.html"))))
	styled(t, b)
	browsertest.Eval[bool](t, b, "(() => { document.querySelectorAll('main img').forEach(i => i.scrollIntoView()); return true })()")
	const script = "[...document.querySelectorAll('main img')].filter(i => i.complete && i.naturalWidth >= 1600).length"
	deadline := time.Now().Add(10 * time.Second)
	loaded := 0
	for time.Now().Before(deadline) && loaded < 7 {
		loaded = browsertest.Eval[int](t, b, script)
		time.Sleep(100 * time.Millisecond)
	}
	if loaded < 7 {
		t.Errorf("%d of the 7 originals loaded", loaded)
	}
	// shown at the copies' sizes: the text's photo as wide as the text
	if w := browsertest.Eval[float64](t, b, "document.querySelector('div.body img').getBoundingClientRect().width"); w < 300 {
		t.Errorf("the text's photo is %.0f px wide", w)
	}
	if dir := os.Getenv("GEN_SHOTS"); dir != "" {
		browsertest.Eval[bool](t, b, "(() => { window.scrollTo(0, 0); return true })()")
		for _, w := range []int{1280, 360} {
			b.Do(t, chromedp.EmulateViewport(int64(w), 900))
			b.Screenshot(t, filepath.Join(dir, "pending-"+strconv.Itoa(w)+".png"))
		}
	}
}
