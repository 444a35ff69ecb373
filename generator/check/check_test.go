package check

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"gen/generator/diag"
	"gen/themes"
)

// baseSite is a small site with no issue at all; each test case adds or
// replaces files.
const baseSite = `
-- config.toml --
title = "检查用档案"
timeZone = "Asia/Shanghai"
-- content/_index.md --
+++
title = "首页"
+++

本档案用于检查。
-- content/reports/_index.md --
+++
title = "报告"
+++
-- content/reports/2022/甲.md --
+++
title = "甲报告"
date = 2022-03-01
+++

甲报告的正文，见[乙报告](乙.md#一情况)。

## 一、情况

第一段。
-- content/reports/2022/乙.md --
+++
title = "乙报告"
date = 2022-04-01
+++

乙报告的正文。

## 一、情况

第二段。
`

// now is the time the tests run at: 2 June 2025 at 04:00 in Shanghai.
var now = time.Date(2025, 6, 1, 20, 0, 0, 0, time.UTC)

// withFiles returns baseSite with files added or replaced (txtar text).
func withFiles(extra string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, src := range []string{baseSite, extra} {
		for _, f := range txtar.Parse([]byte(src)).Files {
			m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	return m
}

func run(t *testing.T, fsys fstest.MapFS, drafts bool) *Report {
	t.Helper()
	rep, err := Run(context.Background(), Options{Site: fsys, Builtin: themes.FS, Drafts: drafts, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// lines shows issues as "severity rule path:line: message", one a line.
func lines(issues []*diag.Error) string {
	var b strings.Builder
	for _, is := range issues {
		fmt.Fprintf(&b, "%s %s %s\n", is.Severity, is.Rule, is)
	}
	return b.String()
}

func TestBaseSiteIsClean(t *testing.T) {
	rep := run(t, withFiles(""), false)
	if len(rep.Issues) > 0 || rep.Output == nil {
		t.Fatalf("issues in the base site:\n%s", lines(rep.Issues))
	}
	if rep.Pages < 10 || rep.Links < 100 || rep.Files <= rep.Pages {
		t.Errorf("checked %d pages, %d links, %d files", rep.Pages, rep.Links, rep.Files)
	}
}

// The repository's example archive passes gen check without errors.
func TestExampleArchive(t *testing.T) {
	rep, err := Run(context.Background(), Options{Site: os.DirFS("../.."), Builtin: themes.FS})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors() > 0 || rep.Output == nil {
		t.Fatalf("gen check finds errors in the example archive:\n%s", lines(rep.Issues))
	}
}

// entry is an entry of the 2022 reports whose sixth line is body.
func entry(name, body string) string {
	return fmt.Sprintf("-- content/reports/2022/%s.md --\n+++\ntitle = \"%s报告\"\ndate = 2022-05-01\n+++\n\n%s\n", name, name, body)
}

func TestLinksFromMarkdown(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"见[缺](../2021/缺失.md)。", `error link content/reports/2022/丙.md:6: link "../2021/缺失.md" → no file content/reports/2021/缺失.md`},
		{"见[乙](乙.md#不存在)。", `error anchor content/reports/2022/丙.md:6: link "乙.md#不存在" → no id "不存在" on reports/2022/乙/index.html`},
		{"见[上文](#不存在)。", `error anchor content/reports/2022/丙.md:6: link "#不存在" → no id "不存在" on reports/2022/丙/index.html`},
		{"见[外](../../../外面.md)。", `error link content/reports/2022/丙.md:6: link "../../../外面.md" → goes outside content/`},
		{"见[根](/reports/index.html)。", `error link content/reports/2022/丙.md:6: link "/reports/index.html" → starts with "/": write it relative to the page, so it works under any sub-path and from a file share`},
		{"见![图](图.png)。", `error link content/reports/2022/丙.md:6: link "图.png" → no file content/reports/2022/图.png`},
		{"见[年](../2023/)。", `error link content/reports/2022/丙.md:6: link "../2023/" → no page for the folder content/reports/2023/`},
		{"见[乙](乙.md#一情况)、[乙](乙.md)、[乙](乙)、[外](https://example.org/x)、[信](mailto:a@example.org)。", ""},
	} {
		rep := run(t, withFiles(entry("丙", c.body)), false)
		got := lines(rep.Issues)
		if want := c.want + "\n"; c.want == "" && got != "" || c.want != "" && got != want {
			t.Errorf("body %q:\n got %s\nwant %s", c.body, got, want)
		}
	}
}

// A link to a draft: the file is there, but makes no page.
func TestLinkToDraft(t *testing.T) {
	rep := run(t, withFiles(entry("丙", "见[草稿](草稿.md)。")+"-- content/reports/2022/草稿.md --\n+++\ntitle = \"草稿\"\ndate = 2022-06-01\ndraft = true\n+++\n"), false)
	want := `error link content/reports/2022/丙.md:6: link "草稿.md" → content/reports/2022/草稿.md makes no page (a draft?)` + "\n"
	if got := lines(rep.Issues); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if rep := run(t, withFiles(entry("丙", "见[草稿](草稿.md)。")+"-- content/reports/2022/草稿.md --\n+++\ntitle = \"草稿\"\ndate = 2022-06-01\ndraft = true\n+++\n"), true); len(rep.Issues) != 0 {
		t.Errorf("with drafts:\n%s", lines(rep.Issues))
	}
}

// A link written twice on one page is reported at each line.
func TestLinkWrittenTwice(t *testing.T) {
	rep := run(t, withFiles(entry("丙", "[缺](缺.md)\n\n再见[缺](缺.md)。")), false)
	want := `error link content/reports/2022/丙.md:6: link "缺.md" → no file content/reports/2022/缺.md
error link content/reports/2022/丙.md:8: link "缺.md" → no file content/reports/2022/缺.md
`
	if got := lines(rep.Issues); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLinkInIntro(t *testing.T) {
	rep := run(t, withFiles("-- content/_index.md --\n+++\ntitle = \"首页\"\n+++\n\n见[旧站](旧/index.md)。\n"), false)
	want := `error link content/_index.md:5: link "旧/index.md" → no file content/旧/index.md` + "\n"
	if got := lines(rep.Issues); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A broken link of a template is on every page that uses it: reported
// once, at the first page, with the count of the others.
func TestLinksFromTemplates(t *testing.T) {
	rep := run(t, withFiles(`-- layouts/partials/crumbs.html --
<nav><a href="{{.Rel "missing/index.html"}}">甲</a> <a href="{{.Rel "reports"}}">乙</a> <a href="{{.Rel "reports/index.html"}}">丙</a></nav>
`), false)
	more := rep.Pages - 1 // every page but the first
	want := fmt.Sprintf(`error link 404.html: link "missing/index.html" → no file missing/index.html (and on %d more pages)
error link 404.html: link "reports" → reports/ is a folder: link reports/index.html, so it also opens from a file share (and on %d more pages)
`, more, more)
	if got := lines(rep.Issues); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestResolve(t *testing.T) {
	set := newOutputSet([]string{"index.html", "a/index.html", "a/b/index.html", "a/x.pdf"})
	set.pages["a/index.html"] = &page{ids: map[string]struct{}{"一": {}}}
	for _, c := range []struct {
		from, href string
		want       target
	}{
		{"a/b/index.html", "../index.html", target{kind: ok, path: "a/index.html"}},
		{"a/b/index.html", "../index.html#%E4%B8%80", target{kind: ok, path: "a/index.html", frag: "一"}},
		{"a/b/index.html", "../index.html#二", target{kind: noID, path: "a/index.html", frag: "二"}},
		{"a/b/index.html", "../x.pdf#page=2", target{kind: ok, path: "a/x.pdf", frag: "page=2"}},
		{"a/b/index.html", "../../../index.html", target{kind: outside, path: "../index.html"}},
		{"a/b/index.html", "../", target{kind: folder, path: "a"}},
		{"a/b/index.html", "..", target{kind: folder, path: "a"}},
		{"index.html", "a", target{kind: folder, path: "a"}},
		{"index.html", "a/y.pdf?v=1", target{kind: missing, path: "a/y.pdf"}},
		{"index.html", "/a/index.html", target{kind: rootPath}},
		{"index.html", "https://example.org/", target{kind: external}},
		{"index.html", "//example.org/", target{kind: external}},
		{"index.html", "mailto:x@example.org", target{kind: external}},
		{"index.html", "#top", target{kind: ok, path: "index.html", frag: "top"}},
		{"index.html", "", target{kind: external}},
	} {
		if got := set.resolve(c.from, c.href); got != c.want {
			t.Errorf("resolve(%q, %q) = %+v, want %+v", c.from, c.href, got, c.want)
		}
	}
}

func TestScanPage(t *testing.T) {
	p := scanPage([]byte(`<html><head><link rel="stylesheet" href="a.css"><script src="s.js">var x = "<a href='no.html'>";</script></head>
<body><h2 id="一情况">x</h2><a name="旧锚"></a><!-- <a href="comment.html"> --><img src="p.png"><a href="b.html?x=1&amp;y=2">b</a>
<A HREF=C.html>c</A><input disabled id = q><img alt='<a href="no2.html">' src = 'd.png'/><STYLE>a[href="no3.html"]{}</style><textarea><a href="no4.html"></textarea></body></html>`))
	if got := strings.Join(p.links, " "); got != "a.css s.js p.png b.html?x=1&y=2 C.html d.png" {
		t.Errorf("links = %s", got)
	}
	for _, id := range []string{"一情况", "旧锚", "q"} {
		if _, ok := p.ids[id]; !ok {
			t.Errorf("id %q not found in %v", id, p.ids)
		}
	}
}

// scanPage reads the same ids and links as x/net/html's tokenizer on every
// page of the example archive.
func TestScanPageAgreesWithTokenizer(t *testing.T) {
	rep, err := Run(context.Background(), Options{Site: os.DirFS("../.."), Builtin: themes.FS})
	if err != nil || rep.Output == nil {
		t.Fatal(err)
	}
	pages := 0
	for _, n := range rep.Output.Names() {
		b, ok := rep.Output.Generated(n)
		if !ok || !strings.HasSuffix(n, ".html") {
			continue
		}
		pages++
		got, want := scanPage(b), tokenize(b)
		if strings.Join(got.links, "\n") != strings.Join(want.links, "\n") || len(got.ids) != len(want.ids) {
			t.Errorf("%s: links %q, ids %v\nwant %q, %v", n, got.links, got.ids, want.links, want.ids)
			continue
		}
		for id := range want.ids {
			if _, ok := got.ids[id]; !ok {
				t.Errorf("%s: id %q missing", n, id)
			}
		}
	}
	if pages < 50 {
		t.Errorf("only %d pages compared", pages)
	}
}

// tokenize is scanPage done with golang.org/x/net/html's tokenizer.
func tokenize(src []byte) *page {
	p := &page{ids: map[string]struct{}{}}
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return p
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			switch k := string(key); {
			case k == "id" || k == "name" && string(name) == "a":
				p.ids[string(val)] = struct{}{}
			case k == "href" || k == "src":
				p.links = append(p.links, string(val))
			}
		}
	}
}
