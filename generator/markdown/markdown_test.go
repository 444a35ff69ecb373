package markdown

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// TestGolden renders every NAME.md of testdata/*.txtar and compares it with
// NAME.html in the same archive. Run with -update to refresh after a
// deliberate change, then read the diff.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// the comment names the mode: "unsafe = true", "html = escape", else sanitize
		opts := Options{Unsafe: strings.Contains(string(ar.Comment), "unsafe = true")}
		if strings.Contains(string(ar.Comment), "html = escape") {
			opts.HTML = HTMLEscape
		}
		m := New(opts)
		changed := false
		for i := 0; i < len(ar.Files); i++ {
			f := ar.Files[i]
			if !strings.HasSuffix(f.Name, ".md") {
				continue
			}
			name := strings.TrimSuffix(f.Name, ".md")
			doc, err := m.Render(f.Data, Context{Resolve: func(dest string, _ int, _ bool) string { return "→" + dest }})
			if err != nil {
				t.Fatalf("%s %s: %v", file, f.Name, err)
			}
			got := string(doc.HTML)
			if i+1 < len(ar.Files) && ar.Files[i+1].Name == name+".html" {
				want := string(ar.Files[i+1].Data)
				if got != want {
					if *update {
						ar.Files[i+1].Data = []byte(got)
						changed = true
					} else {
						t.Errorf("%s: %s:\n--- input\n%s--- got\n%s--- want\n%s", file, name, f.Data, got, want)
					}
				}
			} else if *update {
				ar.Files = append(ar.Files[:i+1], append([]txtar.File{{Name: name + ".html", Data: []byte(got)}}, ar.Files[i+1:]...)...)
				changed = true
			} else {
				t.Errorf("%s: %s has no %s.html", file, f.Name, name)
			}
		}
		if changed {
			if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Every full-width punctuation mark joins a soft break, on either side.
func TestSoftBreakEveryPunctuation(t *testing.T) {
	m := New(Options{})
	marks := "，。、；：？！“”‘’（）《》【】…—「」『』〔〕〈〉"
	for _, r := range marks {
		for _, src := range []string{"第一行" + string(r) + "\n第二行", "第一行\n" + string(r) + "第二行"} {
			doc, err := m.Render([]byte(src), Context{})
			if err != nil {
				t.Fatal(err)
			}
			want := "<p>" + strings.Replace(src, "\n", "", 1) + "</p>\n"
			if string(doc.HTML) != want {
				t.Errorf("Render(%q) = %q, want %q", src, doc.HTML, want)
			}
		}
	}
}

func TestSlugify(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"一、上年度问题整改情况", "一上年度问题整改情况"},
		{"（一）高标准开展主题教育", "一高标准开展主题教育"},
		{"二是“人民至上”，深化服务", "二是人民至上深化服务"},
		{"Part 2: Goals", "part-2-goals"},
		{"GDP 增长 10%", "gdp-增长-10"},
		{"  a  -  b  ", "a-b"},
		{"！？。", ""},
		{"**加粗**标题", "加粗标题"},
	} {
		if got := Slugify(c.in); got != c.want {
			t.Errorf("Slugify(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// IDs are unique within a page and the same on every render.
func TestHeadingIDsStableAndUnique(t *testing.T) {
	src := []byte("## 一、问题\n\n## 一、问题\n\n## 一、问题\n\n## 问题-1\n\n### 小结\n")
	m := New(Options{})
	first, _ := m.Render(src, Context{})
	for i := 0; i < 3; i++ {
		again, _ := m.Render(src, Context{})
		if string(again.HTML) != string(first.HTML) {
			t.Fatalf("render %d differs:\n%s\n%s", i, again.HTML, first.HTML)
		}
	}
	var ids []string
	for _, h := range first.TOC {
		ids = append(ids, h.ID)
	}
	got := strings.Join(ids, " ")
	if want := "一问题 一问题-1 一问题-2 问题-1 小结"; got != want {
		t.Errorf("ids = %s, want %s", got, want)
	}
}

func TestSummary(t *testing.T) {
	long := strings.Repeat("党建引领，", 40) // 200 characters
	for _, c := range []struct{ src, want string }{
		{"## 标题\n\n第一段，\n接着写。\n\n第二段。", "第一段，接着写。"},
		{"Hello\nworld.\n\n其他", "Hello world."},
		{"**加粗**开头的段落。", "加粗开头的段落。"},
		{long, strings.TrimRight(long[:len("党建引领，")*24], "，") + "…"},
		{"脚注在此[^1]。\n\n[^1]: 注释", "脚注在此。"},
	} {
		doc, err := New(Options{}).Render([]byte(c.src), Context{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Summary != c.want {
			t.Errorf("summary of %q = %q, want %q", c.src, doc.Summary, c.want)
		}
	}
}

func TestCut(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"一二三", 3, "一二三"},
		{"一二三四", 3, "一二三…"},
		{"ab，cd", 3, "ab…"},
		{"", 3, ""},
	} {
		if got := cut(c.in, c.n); got != c.want {
			t.Errorf("cut(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// Links hand relative destinations to Resolve with their file line, and
// keep absolute ones.
func TestLinks(t *testing.T) {
	src := []byte("第一行\n\n见[总结](../2021/总结.md#一)。\n\n![图](photo.png)\n[外](https://example.org/x) [锚](#top) [根](/abs)\n")
	var seen []string
	doc, err := New(Options{}).Render(src, Context{FirstLine: 10, Resolve: func(dest string, line int, image bool) string {
		seen = append(seen, fmt.Sprintf("%s@%d:%v", dest, line, image))
		return "X/" + dest
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(seen, " "), "../2021/总结.md#一@12:false photo.png@14:true"; got != want {
		t.Errorf("resolved %s, want %s", got, want)
	}
	if len(doc.Links) != 5 {
		t.Errorf("links = %+v, want 5", doc.Links)
	}
	for _, want := range []string{`href="X/../2021/%E6%80%BB%E7%BB%93.md#%E4%B8%80"`, `src="X/photo.png"`, `href="https://example.org/x"`, `href="#top"`} {
		if !strings.Contains(string(doc.HTML), want) {
			t.Errorf("output lacks %s:\n%s", want, doc.HTML)
		}
	}
}

func TestText(t *testing.T) {
	src := []byte("# 标题\n\n段落一，\n段落二。\n\n| 表头 | 列 |\n| --- | --- |\n| 甲 | 乙 |\n\n```\ncode()\n```\n")
	doc, _ := New(Options{}).Render(src, Context{})
	for _, want := range []string{"标题", "段落一，段落二。", "表头", "甲", "乙", "code()"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("text lacks %q: %q", want, doc.Text)
		}
	}
	if strings.Contains(doc.Text, "甲乙") {
		t.Errorf("table cells run together: %q", doc.Text)
	}
}

func BenchmarkRender(b *testing.B) {
	para := strings.Repeat("深入开展党风廉政建设宣传教育，全年累计开展24场，\n覆盖1200余人，在社区取得明显成效。", 4)
	var sb strings.Builder
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&sb, "## %d、标题\n\n%s\n\n- 列表项一\n- 列表项二\n\n", i, para)
	}
	src := []byte(sb.String())
	m := New(Options{})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Render(src, Context{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPictures: images the caller knows as photos are shown as their
// display copies, with their size, the first without lazy loading, inside
// a link to the original; other images stay as written.
func TestPictures(t *testing.T) {
	m := New(Options{})
	src := "![植树现场](现场1.jpg)\n\n![第二张](现场2.jpg) ![图表](chart.svg)\n\n[![已有链接](现场3.jpg)](别处.html)\n"
	doc, err := m.Render([]byte(src), Context{Picture: func(dest string, _ int) (Picture, bool) {
		if !strings.HasSuffix(dest, ".jpg") {
			return Picture{}, false
		}
		name := strings.TrimSuffix(dest, ".jpg")
		return Picture{Src: name + "-1600.jpg", Href: dest, Width: 1600, Height: 1200}, true
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<a href="%E7%8E%B0%E5%9C%BA1.jpg" class="photo"><img src="%E7%8E%B0%E5%9C%BA1-1600.jpg" alt="植树现场" width="1600" height="1200" decoding="async"></a>`,
		`<img src="%E7%8E%B0%E5%9C%BA2-1600.jpg" alt="第二张" width="1600" height="1200" decoding="async" loading="lazy">`,
		`<img src="chart.svg" alt="图表">`,
		`<a href="%E5%88%AB%E5%A4%84.html"><img src="%E7%8E%B0%E5%9C%BA3-1600.jpg"`,
	} {
		if !strings.Contains(doc.HTML, want) {
			t.Errorf("no %s in\n%s", want, doc.HTML)
		}
	}
	if strings.Join(doc.Shown, " ") != "现场1.jpg 现场2.jpg 现场3.jpg" {
		t.Errorf("shown = %q", doc.Shown)
	}
}
