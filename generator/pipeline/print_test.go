package pipeline

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"gen/generator/internal/browsertest"
)

// TestPrintCompilation prints the example archive's 2024 compilation to
// PDF in Chromium, as its print dialog would, and reads the PDF's text
// (pdftotext, from poppler-utils): the cover first and unnumbered, then
// the contents, then every entry starting on a page of its own; every page
// after the cover numbered in its footer; the compilation's title in the
// header; and no heading left as the last line of a page. The PDF's pages
// are kept as PNGs under GEN_PRINT_DIR when it is set, for a person to
// look at (pdftoppm).
func TestPrintCompilation(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not found and CI is set: apt-get install -y poppler-utils")
		}
		t.Skip("skipping: pdftotext not found (apt-get install poppler-utils)")
	}
	b := browsertest.New(t)
	root := buildExample(t)
	page := filepath.Join(root, "years", "2024", "汇编", "index.html")
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	entries, headings := compiledHeadings(t, string(src))
	b.Do(t, chromedp.Navigate(browsertest.FileURL(page)))
	pdf := printPDF(t, b)
	file := filepath.Join(t.TempDir(), "汇编.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, file)
	t.Logf("%d entries, %d pages", len(entries), len(pages))
	if len(pages) < 2+len(entries) || len(pages) > 6*len(entries)+4 {
		t.Errorf("%d pages for a cover, the contents and %d entries", len(pages), len(entries))
	}
	if !strings.Contains(pages[0], "2024年") || isNumber(lastLine(pages[0])) {
		t.Errorf("the cover is not first, or is numbered:\n%s", pages[0])
	}
	starts := 0
	for i, p := range pages[1:] {
		n := i + 2
		if last := lastLine(p); last != strconv.Itoa(n) {
			t.Errorf("page %d ends with %q, not its number", n, last)
		}
		if !strings.Contains(firstLine(p), "党建工作资料汇编") {
			t.Errorf("page %d has no running title: %q", n, firstLine(p))
		}
		body := strings.Split(strings.TrimSpace(p), "\n")
		if len(body) >= 2 {
			before := strings.TrimSpace(body[len(body)-2])
			for _, h := range headings {
				if before == h {
					t.Errorf("page %d ends with the heading %q", n, h)
				}
			}
		}
		for _, e := range entries {
			if strings.Contains(secondBlock(p), e) {
				starts++
			}
		}
	}
	if starts < len(entries) {
		t.Errorf("%d of %d entries start at the top of a page", starts, len(entries))
	}
	if dir := os.Getenv("GEN_PRINT_DIR"); dir != "" {
		exec.Command("pdftoppm", "-r", "50", "-png", file, filepath.Join(dir, "page")).Run()
	}
}

func printPDF(t *testing.T, b *browsertest.Browser) []byte {
	t.Helper()
	ctx, cancel := b.Context(time.Minute)
	defer cancel()
	yes, no := true, false
	pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: &yes, DisplayHeaderFooter: &no})
		return res.Data, err
	})
	if err != nil {
		t.Fatalf("printing to PDF: %v", err)
	}
	return pdf
}

// pdfPages is the text of each page of a PDF.
func pdfPages(t *testing.T, file string) []string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// compiledHeadings reads the compilation page's entry titles and the
// headings of their texts.
func compiledHeadings(t *testing.T, src string) (titles, headings []string) {
	doc := parseHTML(t, src)
	for _, n := range sel(doc, "article.c-entry h1") {
		titles = append(titles, text(n))
	}
	for _, q := range []string{"article.c-entry h2", "article.c-entry h3", "section.c-contents h3"} {
		for _, n := range sel(doc, q) {
			headings = append(headings, text(n))
		}
	}
	if len(titles) == 0 {
		t.Fatal("the compilation has no entries")
	}
	return titles, headings
}

func lines(p string) []string {
	var out []string
	for _, l := range strings.Split(p, "\n") {
		if s := strings.TrimSpace(l); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func firstLine(p string) string {
	if l := lines(p); len(l) > 0 {
		return l[0]
	}
	return ""
}

func lastLine(p string) string {
	if l := lines(p); len(l) > 0 {
		return l[len(l)-1]
	}
	return ""
}

// secondBlock is the page's text after its running title: where an entry
// that starts the page has its section label or title.
func secondBlock(p string) string {
	l := lines(p)
	if len(l) < 3 {
		return ""
	}
	return strings.Join(l[1:3], " ")
}

func isNumber(s string) bool { _, err := strconv.Atoi(s); return err == nil }
