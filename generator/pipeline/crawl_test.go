package pipeline

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

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
	root := buildExample(t)
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
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)

	var links, fragments, external int
	for _, name := range names {
		for _, l := range pages[name].links {
			v := l.val
			low := strings.ToLower(v)
			if strings.HasPrefix(low, "http:") || strings.HasPrefix(low, "https:") || strings.HasPrefix(low, "mailto:") {
				external++
				continue
			}
			links++
			if msg := badInternal(v); msg != "" {
				t.Errorf("%s: %s=%q: %s", name, l.attr, v, msg)
				continue
			}
			tgt, err := target(name, v)
			if err != nil {
				t.Errorf("%s: %s=%q: %v", name, l.attr, v, err)
				continue
			}
			file, frag, hasFrag := strings.Cut(tgt, "#")
			if strings.HasPrefix(file, "../") || file == ".." {
				t.Errorf("%s: %s=%q leads outside the output folder", name, l.attr, v)
				continue
			}
			info, err := os.Stat(filepath.Join(root, filepath.FromSlash(file)))
			switch {
			case err != nil:
				t.Errorf("%s: %s=%q: no file %s", name, l.attr, v, file)
				continue
			case info.IsDir():
				t.Errorf("%s: %s=%q: %s is a folder, not a file", name, l.attr, v, file)
				continue
			}
			if hasFrag {
				fragments++
				tp := pages[file]
				if tp == nil || !tp.ids[frag] {
					t.Errorf("%s: %s=%q: %s has no element with id %q", name, l.attr, v, file, frag)
				}
			}
		}
	}
	t.Logf("crawl: %d pages, %d internal links and srcs followed (%d with a #fragment), %d external skipped", len(pages), links, fragments, external)
	if len(pages) < 100 || links < 1000 {
		t.Errorf("crawled only %d pages and %d links: the example archive is bigger than that", len(pages), links)
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
