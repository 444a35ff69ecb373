package pipeline

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"gen/generator/internal/corpus"
	"gen/themes"
)

// buildExample builds the repository's example archive (content/ with the
// root config.toml) into a new folder with ToDir, as gen build does, and
// returns the output folder.
func buildExample(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	res, err := ToDir(context.Background(), Options{Site: os.DirFS("../.."), Builtin: themes.FS}, dest)
	if err != nil {
		t.Fatalf("building the example archive: %v", err)
	}
	if res.Pages < 50 {
		t.Fatalf("the example archive built only %d pages", res.Pages)
	}
	return dest
}

// crawlPage is one parsed output page.
type crawlPage struct {
	ids   map[string]bool
	links []crawlLink
}

type crawlLink struct {
	attr, val string
}

// TestCrawl follows every href and src of every page of the example
// archive as a file path, the way a browser opening public/ from a disk or
// a file share would: each must be an existing file, and each #fragment
// an id on the page it points to.
func TestCrawl(t *testing.T) {
	st := crawl(t, buildExample(t))
	t.Logf("crawl: %d pages, %d internal links and srcs followed (%d with a #fragment), %d external skipped", st.pages, st.links, st.fragments, st.external)
	if st.pages < 100 || st.links < 1000 {
		t.Errorf("crawled only %d pages and %d links: the example archive is bigger than that", st.pages, st.links)
	}
}

// crawlStats counts what crawl looked at.
type crawlStats struct {
	pages, links, fragments, external int
	names                             []string // the pages, sorted
}

// crawl checks every internal href and src of every page under root (see
// TestCrawl) and reports each broken one as a test error.
func crawl(t *testing.T, root string) crawlStats {
	t.Helper()
	pages := map[string]*crawlPage{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pages[filepath.ToSlash(rel)] = readCrawlPage(t, string(src))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st := crawlStats{pages: len(pages)}
	for n := range pages {
		st.names = append(st.names, n)
	}
	sort.Strings(st.names)
	for _, name := range st.names {
		for _, l := range pages[name].links {
			st.follow(t, root, pages, name, l)
		}
	}
	return st
}

func (st *crawlStats) follow(t *testing.T, root string, pages map[string]*crawlPage, name string, l crawlLink) {
	v := l.val
	low := strings.ToLower(v)
	if strings.HasPrefix(low, "http:") || strings.HasPrefix(low, "https:") || strings.HasPrefix(low, "mailto:") {
		st.external++
		return
	}
	st.links++
	if msg := badInternal(v); msg != "" {
		t.Errorf("%s: %s=%q: %s", name, l.attr, v, msg)
		return
	}
	tgt, err := target(name, v)
	if err != nil {
		t.Errorf("%s: %s=%q: %v", name, l.attr, v, err)
		return
	}
	file, frag, hasFrag := strings.Cut(tgt, "#")
	if strings.HasPrefix(file, "../") || file == ".." {
		t.Errorf("%s: %s=%q leads outside the output folder", name, l.attr, v)
		return
	}
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(file)))
	switch {
	case err != nil:
		t.Errorf("%s: %s=%q: no file %s", name, l.attr, v, file)
		return
	case info.IsDir():
		t.Errorf("%s: %s=%q: %s is a folder, not a file", name, l.attr, v, file)
		return
	}
	if hasFrag {
		st.fragments++
		tp := pages[file]
		if tp == nil || !tp.ids[frag] {
			t.Errorf("%s: %s=%q: %s has no element with id %q", name, l.attr, v, file, frag)
		}
	}
}

// badInternal says what is wrong with the form of an internal link: it
// must be relative and end in a file name, so the output works
// under any sub-path, from file:// and from a Windows share.
func badInternal(v string) string {
	p, _, _ := strings.Cut(v, "#")
	p, _, _ = strings.Cut(p, "?")
	switch {
	case v == "":
		return "empty link"
	case strings.HasPrefix(v, "#"):
		return "" // a place on the same page
	case strings.Contains(p, ":"):
		return "a URL scheme other than http(s): or mailto:"
	case strings.HasPrefix(p, "/"):
		return "absolute path: internal links must be relative"
	case strings.HasSuffix(p, "/") || p == "." || p == "..":
		return "ends in a folder, not a file (folders show no index.html from file://)"
	case path.Ext(path.Base(p)) == "":
		return "does not end in a file name"
	case strings.Contains(p, "\\"):
		return "backslash in a link"
	}
	return ""
}

// readCrawlPage collects a page's ids and every href and src (the search
// form's action too).
func readCrawlPage(t *testing.T, src string) *crawlPage {
	doc := parseHTML(t, src)
	cp := &crawlPage{ids: map[string]bool{}}
	for _, n := range descendants(doc) {
		for _, a := range n.Attr {
			switch {
			case a.Key == "id" || (a.Key == "name" && n.Data == "a"):
				cp.ids[a.Val] = true
			case a.Key == "href" || a.Key == "src" || (a.Key == "action" && n.Data == "form"):
				cp.links = append(cp.links, crawlLink{attr: a.Key, val: a.Val})
			}
		}
		if n.Type == html.ElementNode && n.Data == "link" && attr(n, "rel") == "stylesheet" && attr(n, "href") == "" {
			t.Errorf("a stylesheet link without href")
		}
	}
	return cp
}

// TestCrawlSplitArchive builds a generated archive in which every kind of
// list splits — by year, by month and into numbered parts of a month, with
// a small maxListed so the test stays quick; the splitting code is the one
// every archive uses — and crawls every page as TestCrawl does.
func TestCrawlSplitArchive(t *testing.T) {
	files := corpus.Splitting(1500, 7, 20)
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := ToDir(context.Background(), Options{Site: fsys, Builtin: themes.FS}, dest)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	st := crawl(t, dest)
	t.Logf("crawl: %d pages, %d internal links and srcs followed (%d with a #fragment)", st.pages, st.links, st.fragments)
	// Every kind of list was split at every level: a range index, a
	// month's page and a month's second part of each.
	for _, want := range []string{
		"activities/2020/index.html", "activities/2020/06/index.html", "activities/2020/06/p2/index.html",
		"years/2020/06/p2/index.html", "timeline/2020/06/p2/index.html",
		"tags/批量导入/2020/06/p2/index.html", "units/机关党委/2020/06/p3/index.html", "kinds/导入/2020/06/p2/index.html",
		"kinds/大事记/2010/index.html", "timeline/2005/03/index.html",
	} {
		if i := sort.SearchStrings(st.names, want); i == len(st.names) || st.names[i] != want {
			t.Errorf("no page %s: the list did not split as expected", want)
		}
	}
	// No list page has more rows (entries, events) than maxListed; the
	// home and section pages list the newest entries, at most 20.
	for _, name := range st.names {
		page := readFile(t, filepath.Join(dest, name))
		if rows := strings.Count(page, `<span class="d">`); rows > 20 && !strings.Contains(page, `class="kind-entry"`) && !strings.Contains(page, `class="kind-compilation"`) {
			t.Errorf("%s lists %d rows, more than maxListed", name, rows)
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
