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
-- content/reports/2022/普通.md --
+++
title = "普通条目"
date = 2022-05-05
+++

引用[上一条](恶意.md)。
`

func TestEscaping(t *testing.T) {
	_, mem := buildMem(t, parseTxtar(hostileSite), false)
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
		"years/2022/index.html", "timeline/index.html", "timeline/2022/index.html", "tags/index.html", "units/index.html"} {
		if _, ok := mem.Get(p); !ok {
			t.Errorf("no page %s", p)
		}
	}
	if pages < 15 {
		t.Errorf("only %d pages checked", pages)
	}
	// the text is shown, escaped, not dropped
	entry := page(t, mem, "reports/2022/恶意/index.html")
	for _, s := range []string{"标题&lt;script&gt;alert(1)&lt;/script&gt;", "正文&lt;script&gt;alert(1)&lt;/script&gt;"} {
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
		if n.Data == "img" {
			t.Errorf("%s: an <img> element was let through", name)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: <%s> has an event attribute %s=%q", name, n.Data, a.Key, a.Val)
			}
			if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
			}
		}
	}
}
