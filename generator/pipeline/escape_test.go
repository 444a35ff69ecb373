package pipeline

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// A site whose title, tag, unit, body, event and section title all carry
// markup that would run script if it reached a page unescaped.
const hostileSite = `
-- config.toml --
title = "档案<script>alert(1)</script>"
-- content/reports/_index.md --
+++
title = "栏目\"onmouseover=alert(1) x=\""
+++

栏目介绍<script>alert(1)</script>
-- content/reports/2022/恶意.md --
+++
title = "标题<script>alert(1)</script>\"onmouseover=alert(1) x=\""
date = 2022-05-04
tags = ["标签<script>alert(1)</script>", "\"onmouseover=alert(1)"]
unit = "单位<script>alert(1)</script>\"onmouseover=alert(1)"
summary = "摘要<script>alert(1)</script>\"onmouseover=alert(1)"

[[events]]
date = 2022-06-01
title = "事件<script>alert(1)</script>"
note = "\"onmouseover=alert(1)"
+++

正文<script>alert(1)</script>，还有"onmouseover=alert(1) 与 <img src=x onerror=alert(1)>。

## 小标题<script>alert(1)</script>"onmouseover=alert(1)

[链接"onmouseover=alert(1)](javascript:alert(1))

<div class="x" onclick="alert(1)" style="position:fixed">块</div>
<iframe src="javascript:alert(1)"></iframe><svg onload="alert(1)"></svg>
<a href="JaVaScRiPt:alert(1)">甲</a><a href="data:text/html,<script>alert(1)</script>">乙</a>
<img src="data:image/svg+xml,<svg onload=alert(1)>"><form action="javascript:alert(1)"><input onfocus="alert(1)" autofocus></form>
<style>body{background:url(javascript:alert(1))}</style>
-- content/reports/2022/yaml"onmouseover=alert(1)<b>.md --
---
title: 'YAML<script>alert(1)</script>"onmouseover=alert(1)'
date: 2022-05-06
categories: ["分类<script>alert(1)</script>"]
author: "作者\"onmouseover=alert(1)"
aliases: ["/old/'onmouseover=alert(1) x='/"]
lastmod: 2022-06-01
---

<details><summary onclick="alert(1)">摘要<script>alert(1)</script></summary>内容</details>
-- content/reports/2022/json.md --
{"title": "JSON<script>alert(1)</script>", "date": "2022-05-07",
 "description": "描述<script>alert(1)</script>\"onmouseover=alert(1)",
 "aliases": ["old/json.html"]}

正文
-- content/reports/2022/普通.md --
+++
title = "普通条目"
date = 2022-05-05
+++

引用[上一条](恶意.md)。
`

// In every html mode but unsafe nothing hostile reaches a page: sanitised
// (the default) or escaped.
func TestEscaping(t *testing.T) {
	for _, mode := range []string{"sanitize", "escape"} {
		t.Run(mode, func(t *testing.T) { testEscaping(t, mode) })
	}
}

func testEscaping(t *testing.T, mode string) {
	files := parseTxtar(hostileSite)
	files["config.toml"].Data = append([]byte("html = \""+mode+"\"\n"), files["config.toml"].Data...)
	_, mem := buildMem(t, files, false)
	pages := 0
	for _, name := range mem.Names() {
		b, _ := mem.Get(name)
		src := string(b)
		if strings.Contains(src, "<script>alert") {
			t.Errorf("%s: unescaped <script>alert", name)
		}
		switch {
		case strings.HasSuffix(name, ".html"):
			pages++
			checkNoInjection(t, name, parseHTML(t, src))
		case strings.HasSuffix(name, ".js"):
			// search data: a title must not be able to close the script
			if strings.Contains(strings.ToLower(src), "</script") {
				t.Errorf("%s: contains </script", name)
			}
		}
	}
	// every kind of page that shows the hostile values was written
	for _, p := range []string{"index.html", "reports/index.html", "reports/2022/index.html", "reports/2022/恶意/index.html",
		"years/2022/index.html", "timeline/index.html", "timeline/2022/index.html", "tags/index.html", "units/index.html",
		"categories/index.html", "authors/index.html", "old/'onmouseover=alert(1) x='/index.html", "reports/2022/old/json.html"} {
		if _, ok := mem.Get(p); !ok {
			t.Errorf("no page %s", p)
		}
	}
	if pages < 15 {
		t.Errorf("only %d pages checked", pages)
	}
	// the text is shown, escaped, not dropped; raw HTML is sanitised, or escaped
	entry := page(t, mem, "reports/2022/恶意/index.html")
	want := []string{"标题&lt;script&gt;alert(1)&lt;/script&gt;", `<div class="x">块</div>`, "甲", "乙"}
	if mode == "escape" {
		want = []string{"标题&lt;script&gt;alert(1)&lt;/script&gt;", "正文&lt;script&gt;alert(1)&lt;/script&gt;"}
	}
	for _, s := range want {
		if !strings.Contains(entry, s) {
			t.Errorf("entry page lacks the escaped text %q", s)
		}
	}
}

// checkNoInjection fails on any script element, event-handler attribute or
// javascript: URL in a parsed page: what an unescaped value would create.
func checkNoInjection(t *testing.T, name string, doc *html.Node) {
	t.Helper()
	for _, n := range descendants(doc) {
		if n.Data == "script" && strings.Contains(text(n), "alert") {
			t.Errorf("%s: a <script> element runs %q", name, text(n))
		}
		if n.Data == "style" && attr(n, "data-gen") == "page" && strings.HasPrefix(strings.TrimSpace(text(n)), "@page") {
			continue // a compilation's running title, the theme's own
		}
		switch n.Data {
		case "iframe", "style", "object", "embed": // (the theme has a search form and an SVG chart of its own)
			t.Errorf("%s: a <%s> element was let through", name, n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: <%s> has an event attribute %s=%q", name, n.Data, a.Key, a.Val)
			}
			if a.Key == "style" {
				t.Errorf("%s: <%s> has a style attribute %q", name, n.Data, a.Val)
			}
			if v := strings.ToLower(strings.TrimSpace(a.Val)); (a.Key == "href" || a.Key == "src" || a.Key == "action") &&
				(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:")) {
				t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
			}
		}
	}
}
