package check

import (
	"strings"
	"testing"
)

// A Hugo-style post: raw HTML the sanitiser cuts, other tools' template
// syntax in text (reported) and in code (not), an alias; each reported at
// its line with its rule.
func TestToolRules(t *testing.T) {
	post := "-- content/reports/2022/hugo.md --\n" +
		"---\n" + // 1
		"title: Hugo 文章\n" +
		"date: 2022-06-01\n" +
		"aliases: [/old/hugo/, /reports/index.html]\n" +
		"---\n" + // 5
		"\n" +
		"{{< figure src=\"a.jpg\" title=\"图\" >}}\n" + // 7
		"正文 {{% notice %}}提示{{% /notice %}}，{% raw %}还有 {{ site.title }}。\n" + // 8
		"`{{< 代码里 >}}` 与 ``{% 也是 %}``\n" + // 9
		"\n" +
		"```\n{{< 围栏里 >}}\n```\n" + // 11-13
		"\n" +
		"    {{< 缩进代码 >}}\n" + // 15
		"\n" +
		"<div onclick=\"alert(1)\">块</div>\n" + // 17
		"\n" +
		"<img src=\"javascript:alert(1)\">\n" // 19
	rep := run(t, withFiles(post), false)
	want := `warning build-warning content/reports/2022/hugo.md:4: alias reports/index.html is left out: it is the archive's section page
warning shortcode content/reports/2022/hugo.md:7: Hugo shortcode {{< figure src="a.jpg" title="图" >}}: gen does not run it, the page shows it as text (write it as Markdown or HTML, or put it in ` + "`code`" + `)
warning shortcode content/reports/2022/hugo.md:8: Hexo/Jekyll tag {% raw %}: gen does not run it, the page shows it as text (write it as Markdown or HTML, or put it in ` + "`code`" + `)
warning shortcode content/reports/2022/hugo.md:8: Hugo shortcode {{% /notice %}}: gen does not run it, the page shows it as text (write it as Markdown or HTML, or put it in ` + "`code`" + `)
warning shortcode content/reports/2022/hugo.md:8: Hugo shortcode {{% notice %}}: gen does not run it, the page shows it as text (write it as Markdown or HTML, or put it in ` + "`code`" + `)
warning shortcode content/reports/2022/hugo.md:8: Liquid/template output {{ site.title }}: gen does not run it, the page shows it as text (write it as Markdown or HTML, or put it in ` + "`code`" + `)
warning html content/reports/2022/hugo.md:17: raw HTML: onclick="alert(1)" on <div> removed (the archive keeps structure and text markup only; html = "unsafe" in config.toml lets everything through)
warning html content/reports/2022/hugo.md:19: raw HTML: <img> (its link is not a safe address) removed (the archive keeps structure and text markup only; html = "unsafe" in config.toml lets everything through)
`
	if got := lines(rep.Issues); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, ok := rep.Output.Generated("old/hugo/index.html"); !ok {
		t.Errorf("no alias page old/hugo/index.html")
	}
}

// File names as real repositories have them — spaces, parentheses, upper
// case, full-width characters — give pages whose links all resolve; a name
// a Windows share would reject (a space before .md) is flagged.
func TestFileNames(t *testing.T) {
	files := "-- content/reports/2022/Hugo Post (Part-1).md --\n+++\ntitle = \"一\"\ndate = 2022-06-01\n+++\n\n见[二](<文章（二）：总结.md>)与[三](<hugo post (part-3) .md>)。\n" +
		"-- content/reports/2022/文章（二）：总结.md --\n+++\ntitle = \"二\"\ndate = 2022-06-02\n+++\n\n见[一](<Hugo Post (Part-1).md>)。\n" +
		"-- content/reports/2022/hugo post (part-3) .md --\n+++\ntitle = \"三\"\ndate = 2022-06-03\n+++\n"
	rep := run(t, withFiles(files), false)
	want := `error windows-name content/reports/2022/hugo post (part-3) .md: output name reports/2022/hugo post (part-3)  ends in a dot or a space, which Windows drops from file names
`
	if got := lines(rep.Issues); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	b, _ := rep.Output.Generated("reports/2022/Hugo Post (Part-1)/index.html")
	if !strings.Contains(string(b), `href="../../../reports/2022/%E6%96%87%E7%AB%A0%EF%BC%88%E4%BA%8C%EF%BC%89%EF%BC%9A%E6%80%BB%E7%BB%93/index.html"`) {
		t.Errorf("the link to 文章（二）：总结 is not relative and percent-encoded:\n%s", b)
	}
}
