package render_test

import (
	"context"
	"errors"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/internal/corpus"
	"gen/generator/render"
	"gen/generator/site"
	"gen/themes"
)

// model builds the archive model and renderer of a site held in memory.
func model(t testing.TB, files map[string][]byte) (*site.Site, *render.Renderer) {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: v}
	}
	cfg, _, err := config.Load(fsys, "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	sub := fstest.MapFS{}
	for k, v := range fsys {
		if rest, ok := strings.CutPrefix(k, "content/"); ok {
			sub[rest] = v
		}
	}
	lib, _, err := content.Load(context.Background(), sub, cfg, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := site.New(cfg, lib)
	if err != nil {
		t.Fatal(err)
	}
	theme, err := render.LoadTheme(fsys, themes.FS, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.New(theme, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, r
}

// A template error names the template file and line, in the site.
func TestTemplateErrors(t *testing.T) {
	files := corpus.Files(5, 1)
	files["layouts/entry.html"] = []byte("{{define \"main\"}}\n<h1>{{.Entry.Title}}\n{{if}}\n{{end}}\n")
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: v}
	}
	theme, err := render.LoadTheme(fsys, themes.FS, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	_, err = render.New(theme, config.Default())
	var de *diag.Error
	if !errors.As(err, &de) || de.Path != "layouts/entry.html" || de.Line != 3 || !strings.Contains(de.Msg, "missing value for if") {
		t.Fatalf("parse error = %#v", err)
	}

	files["layouts/entry.html"] = []byte("{{define \"main\"}}\n<h1>{{.Entry.Title}}</h1>\n{{.Entry.Nope}}\n{{end}}\n")
	s, r := model(t, files)
	_, err = r.Page(&render.Data{Page: s.EntryPage(s.Entries[0]), Site: s})
	if !errors.As(err, &de) || de.Path != "layouts/entry.html" || de.Line != 3 || !strings.Contains(de.Msg, "can't evaluate field Nope") {
		t.Fatalf("exec error = %#v", err)
	}
}

func TestUnknownTheme(t *testing.T) {
	cfg, _, err := config.Parse("config.toml", []byte("title = \"x\"\n\ntheme = \"blue\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = render.LoadTheme(fstest.MapFS{}, themes.FS, cfg)
	if err == nil || err.Error() != `config.toml:3: unknown theme "blue": there is no folder themes/blue/ in the site (the built-in theme is "default")` {
		t.Errorf("unknown theme: %v", err)
	}
}

// The site's own layouts and static files win over the theme's, file by file.
func TestOverrides(t *testing.T) {
	files := corpus.Files(3, 1)
	files["layouts/partials/crumbs.html"] = []byte(`<nav class="mine">我的导航</nav>`)
	files["static/assets/gen.css"] = []byte("/* mine */")
	files["themes/default/i18n/zh.toml"] = []byte(`home = "主页"`)
	s, r := model(t, files)
	html, err := r.Page(&render.Data{Page: s.EntryPage(s.Entries[0]), Site: s})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "我的导航") {
		t.Errorf("site partial not used")
	}
	var css string
	for _, f := range r.Theme().Static() {
		if f.Out == "assets/gen.css" {
			css = f.Shown
		}
	}
	if css != "static/assets/gen.css" {
		t.Errorf("gen.css comes from %q", css)
	}
	if r.T("home") != "主页" || r.T("timeline") != "时间线" {
		t.Errorf("labels: home=%q timeline=%q", r.T("home"), r.T("timeline"))
	}
}

func BenchmarkEntryPage(b *testing.B) {
	s, r := model(b, corpus.Files(2000, 7))
	body := template.HTML(strings.Repeat("<p>正文段落，用来模拟一篇条目的正文长度。</p>\n", 60))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e := s.Entries[i%len(s.Entries)]
		i++
		if _, err := r.Page(&render.Data{Page: s.EntryPage(e), Site: s, Content: body}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkListPage(b *testing.B) {
	s, r := model(b, corpus.Files(4000, 7))
	var big *site.Page
	for _, p := range s.Pages {
		if p.Kind == site.KindTerm && (big == nil || len(p.Groups) > len(big.Groups)) {
			big = p
		}
	}
	n := 0
	for _, g := range big.Groups {
		n += len(g.Items)
	}
	b.Logf("term page %s lists %d entries", big.URL, n)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Page(&render.Data{Page: big, Site: s}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
