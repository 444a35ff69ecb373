package pipeline

import (
	"context"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"gen/generator/output"
	"gen/themes"
)

// readTxtar reads a whole-site fixture from testdata into a MapFS, so a
// test can change a file (config.toml, say) before building.
func readTxtar(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return txtarFS(a)
}

// parseTxtar is readTxtar for a fixture written in the test itself.
func parseTxtar(src string) fstest.MapFS { return txtarFS(txtar.Parse([]byte(src))) }

func txtarFS(a *txtar.Archive) fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range a.Files {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}

// buildMem builds site into memory and fails the test on a build error.
func buildMem(t *testing.T, site fstest.MapFS, drafts bool) (*Result, *output.Mem) {
	t.Helper()
	mem := output.NewMem()
	res, err := Build(context.Background(), Options{Site: site, Builtin: themes.FS, Drafts: drafts, Out: mem})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res, mem
}

// page returns an output file as a string, failing when it is missing.
func page(t *testing.T, mem *output.Mem, name string) string {
	t.Helper()
	b, ok := mem.Get(name)
	if !ok {
		t.Fatalf("no output file %s", name)
	}
	return string(b)
}

// writeDir writes a MapFS into a folder on disk (for builds through ToDir).
func writeDir(t *testing.T, fsys fstest.MapFS, dir string) {
	t.Helper()
	for name, f := range fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// between returns the text of s after the first start and before the next
// end, or "" when start is not there.
func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	in, _, _ := strings.Cut(after, end)
	return in
}

// parseHTML parses a page; x/net/html never fails on bad markup, so a
// parse error means a broken reader.
func parseHTML(t *testing.T, src string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// sel finds the elements matching a small CSS subset: descendant steps
// separated by spaces, each "tag", ".class", "#id", "tag.class" or
// "tag#id". Enough for tests, and it keeps them independent of whitespace.
func sel(root *html.Node, query string) []*html.Node {
	nodes := []*html.Node{root}
	for _, step := range strings.Fields(query) {
		var next []*html.Node
		seen := map[*html.Node]bool{}
		for _, n := range nodes {
			for _, m := range descendants(n) {
				if matchStep(m, step) && !seen[m] {
					seen[m] = true
					next = append(next, m)
				}
			}
		}
		nodes = next
	}
	return nodes
}

func descendants(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

func matchStep(n *html.Node, step string) bool {
	tag, rest := step, ""
	if i := strings.IndexAny(step, ".#"); i >= 0 {
		tag, rest = step[:i], step[i:]
	}
	if tag != "" && n.Data != tag {
		return false
	}
	switch {
	case strings.HasPrefix(rest, "."):
		return hasClass(n, rest[1:])
	case strings.HasPrefix(rest, "#"):
		return attr(n, "id") == rest[1:]
	}
	return true
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// text is the text inside n with runs of white space made one space.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func texts(nodes []*html.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = text(n)
	}
	return out
}

// one returns the single element matching query, failing otherwise.
func one(t *testing.T, root *html.Node, query string) *html.Node {
	t.Helper()
	found := sel(root, query)
	if len(found) != 1 {
		t.Fatalf("%q matches %d elements, want 1", query, len(found))
	}
	return found[0]
}

// target resolves an internal href on the page at pageURL to a site path,
// percent-decoded, with "#fragment" (decoded) kept when there is one.
func target(pageURL, href string) (string, error) {
	raw, frag, hasFrag := strings.Cut(href, "#")
	raw, _, _ = strings.Cut(raw, "?")
	p, err := url.PathUnescape(raw)
	if err != nil {
		return "", err
	}
	if p == "" {
		p = pageURL
	} else {
		p = path.Join(path.Dir(pageURL), p)
	}
	if hasFrag {
		f, err := url.PathUnescape(frag)
		if err != nil {
			return "", err
		}
		p += "#" + f
	}
	return p, nil
}
