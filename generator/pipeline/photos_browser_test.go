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
