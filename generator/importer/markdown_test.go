package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// toHTML renders Markdown the way the archive does at its core: goldmark
// with GFM.
func toHTML(t *testing.T, md string) string {
	t.Helper()
	var b bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(md), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Bold and italic must come out as <strong>/<em>, however punctuation
// sits around them — CommonMark's flanking rules drop emphasis whose
// closing ** is between a full-width mark and a Chinese character.
func TestEmphasisRenders(t *testing.T) {
	tests := []struct {
		runs []run
		html string
	}{
		{[]run{{text: "一是高效组织。", bold: true}, {text: "通过长效教育。"}},
			"<p><strong>一是高效组织</strong>。通过长效教育。</p>"},
		{[]run{{text: "二是“人民至上”，", bold: true}, {text: "深化服务。"}},
			"<p><strong>二是“人民至上”</strong>，深化服务。</p>"},
		{[]run{{text: "正文"}, {text: "“重点”", bold: true}, {text: "正文"}},
			"<p>正文“<strong>重点</strong>”正文</p>"},
		{[]run{{text: "活动概况：", bold: true}, {text: "全年"}, {text: "十二场", bold: true}, {text: "。"}},
			"<p><strong>活动概况</strong>：全年<strong>十二场</strong>。</p>"},
		{[]run{{text: "强调 ", italic: true}, {text: "后文"}},
			"<p><em>强调</em> 后文</p>"},
		{[]run{{text: "既粗又斜", bold: true, italic: true}},
			"<p><em><strong>既粗又斜</strong></em></p>"},
		{[]run{{text: "。", bold: true}, {text: "只有标点"}},
			"<p>。只有标点</p>"},
		{[]run{{text: "a"}, {text: "b", bold: true}, {text: "c"}},
			"<p>a<strong>b</strong>c</p>"},
	}
	for _, tt := range tests {
		md := inline(tt.runs, true)
		if got := strings.TrimSpace(toHTML(t, md)); got != tt.html {
			t.Errorf("runs %v → %q → %s, want %s", tt.runs, md, got, tt.html)
		}
	}
}

// Plain text must read back as the same text, not as Markdown.
func TestEscapeRoundTrip(t *testing.T) {
	tests := []string{
		"1. 这不是列表",
		"2) 这也不是",
		"# 不是标题",
		"> 不是引用",
		"- 不是列表",
		"+ 不是列表",
		"--- ",
		"*号*和_下划线_",
		"a<b>c</b> 与 <https://example.org>",
		"[链接](http://x) 和 ![图](y)",
		"反斜杠\\和`代码`",
		"&amp; 与 &#42; 保持原样",
		"5~10人 ~~删除~~",
		"| 竖线 | 表格 |",
	}
	for _, s := range tests {
		md := inline(textRuns(s), true)
		html := strings.TrimSpace(toHTML(t, md))
		want := "<p>" + htmlEscape(s) + "</p>"
		if html != want {
			t.Errorf("%q → %q → %s, want %s", s, md, html, want)
		}
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(strings.TrimSpace(s))
}

func TestRenderBlocks(t *testing.T) {
	blocks := []block{
		{kind: heading, level: 2, runs: textRuns("一、标题 #")},
		{kind: item, level: 0, runs: textRuns("甲")},
		{kind: item, level: 2, runs: textRuns("乙（跳级也只缩进一层）")},
		{kind: item, level: 0, ordered: true, num: 10, runs: textRuns("丙")},
		{kind: item, level: 1, ordered: true, num: 1, runs: textRuns("丁")},
		{kind: table, cells: [][]cell{{{runs: textRuns("名称"), cols: 1, rows: 1}, {runs: textRuns("数量"), cols: 1, rows: 1}}, {{runs: textRuns("a|b"), cols: 1, rows: 1}}}},
		{kind: para, runs: []run{{image: "图 1.png", text: "现场"}}},
		{kind: heading, level: 9, runs: textRuns("深")},
		{kind: heading, level: 1, md: true, runs: []run{{text: "原样", md: true}}},
	}
	want := "## 一、标题 \\#\n\n" +
		"- 甲\n  - 乙（跳级也只缩进一层）\n10. 丙\n    1. 丁\n\n" +
		"| 名称 | 数量 |\n| --- | --- |\n| a\\|b |  |\n\n" +
		"![现场](<图 1.png>)\n\n###### 深\n\n# 原样\n"
	if got := render(blocks, nil); got != want {
		t.Errorf("render =\n%s\nwant\n%s", got, want)
	}
	html := toHTML(t, want)
	for _, part := range []string{"<li>乙", "<ol start=\"10\">", "<td>a|b</td>", `<img src="%E5%9B%BE%201.png" alt="现场">`} {
		if !strings.Contains(html, part) {
			t.Errorf("HTML lacks %s:\n%s", part, html)
		}
	}
}
