package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gen/generator/internal/browsertest"
)

// waitJS polls a JavaScript condition in the page until it is true.
func waitJS(t *testing.T, b *browsertest.Browser, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := b.Context(2 * time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: %s still false after 10s", what, cond)
}

// A writer's view: the open page follows every save, keeps its place,
// shows errors over the page and clears them when fixed.
func TestServeInBrowser(t *testing.T) {
	dir := writeSite(t)
	long := strings.Repeat("这一段文字用来把页面撑长，以便检查重新载入后滚动位置是否保持不变。\n\n", 80)
	src := "+++\ntitle = \"甲报告\"\ndate = 2022-03-01\n+++\n\n" + long + "结尾。\n"
	writeFile(t, dir, entryA, []byte(src))
	p := startServe(t, dir, false)
	b := browsertest.New(t)
	b.Do(t, chromedp.Navigate(p.url+"/reports/2022/%E7%94%B2/"))
	waitJS(t, b, "page opened", `document.querySelector("h1").textContent === "甲报告"`)

	// the title changes on disk; the page shows it without being touched
	browsertest.Eval[bool](t, b, `window.scrollTo(0, 600); window.genMarker = 1; true`)
	waitJS(t, b, "scrolled", `window.scrollY >= 590`)
	writeFile(t, dir, entryA, []byte(strings.Replace(src, "甲报告", "甲报告（修订）", 1)))
	waitJS(t, b, "title updated", `document.querySelector("h1").textContent === "甲报告（修订）" && window.genMarker === undefined`)
	waitJS(t, b, "scroll kept", `Math.abs(window.scrollY - 600) < 5`)

	// a broken front matter shows over the page, the page stays
	writeFile(t, dir, entryA, []byte(strings.Replace(src, "date = 2022-03-01", "date = 2022-13-45", 1)))
	waitJS(t, b, "overlay shown", `!!document.getElementById("gen-error") && document.getElementById("gen-error").textContent.includes("content/reports/2022/甲.md:3:")`)
	if h1 := browsertest.Eval[string](t, b, `document.querySelector("h1").textContent`); h1 != "甲报告（修订）" {
		t.Errorf("page under the overlay = %q", h1)
	}
	writeFile(t, dir, entryA, []byte(src))
	waitJS(t, b, "overlay cleared", `!document.getElementById("gen-error") && document.querySelector("h1").textContent === "甲报告"`)

	// a template error too, with the template's file and line
	writeFile(t, dir, "layouts/entry.html", []byte("{{define \"main\"}}\n<h1>{{.Entry.Title}}</h1>\n{{.Entry.NoSuchField}}\n{{end}}\n"))
	waitJS(t, b, "template error shown", `!!document.getElementById("gen-error") && document.getElementById("gen-error").textContent.includes("layouts/entry.html:3:")`)
	os.Remove(filepath.Join(dir, "layouts/entry.html"))
	waitJS(t, b, "template error cleared", `!document.getElementById("gen-error")`)

	// the open entry is deleted: the browser goes to the nearest page left
	os.Remove(filepath.Join(dir, entryA))
	waitJS(t, b, "moved to the year page", `decodeURIComponent(location.pathname) === "/reports/2022/index.html"`)
	// The one error allowed: if the page reloaded just as its entry went,
	// it was sent the 404 page (and then moved on, as checked above).
	for _, e := range b.Errors() {
		if !strings.Contains(e, "status of 404") || !strings.HasSuffix(e, "/reports/2022/%E7%94%B2/)") {
			t.Errorf("browser error: %s", e)
		}
	}
}
