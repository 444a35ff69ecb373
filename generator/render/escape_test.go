package render

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"

	"gen/generator/config"
	"gen/generator/site"
	"gen/themes"
	"testing/fstest"
)

// TestEscapeLikeTemplates: escText and escURL write what html/template
// writes for the same value in text, in an href and after "#" in an href —
// for hand-picked strings and for 2,000 random ones over the characters
// that matter.
func TestEscapeLikeTemplates(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`{{.S}}|<a href="{{.U}}">|<a href="#{{.S}}">`))
	cases := []string{"", "普通文字", `<b>"引号"&'单引号'+加号</b>`, "a b\x00c", "../../年度/2022/index.html",
		"tags/%E5%85%9A/index.html", "100%", "%zz%4", "q?x=1&y=2#frag", "!$*,;:=@[]()'~-._", "\t\n\r\u2028\U0001F600"}
	const chars = "aZ09-._~!#$&*+,/:;=?@[]%'\"()<> \t\x00é党Ａ"
	rnd := rand.New(rand.NewPCG(1, 2))
	runes := []rune(chars)
	for range 2000 {
		n := rnd.IntN(12)
		s := make([]rune, n)
		for i := range s {
			s[i] = runes[rnd.IntN(len(runes))]
		}
		cases = append(cases, string(s))
	}
	for _, s := range cases {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, struct {
			S string
			U template.URL
		}{s, template.URL(s)}); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		escText(&got, s)
		got.WriteString(`|<a href="`)
		escURL(&got, s, true)
		got.WriteString(`">|<a href="#`)
		escURL(&got, s, false)
		got.WriteString(`">`)
		if got.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", s, got.String(), want.String())
		}
	}
}

// TestHref: writeHref writes what escURL makes of site.Rel, for pages at
// several depths and targets with every kind of character, fragments
// included.
func TestHref(t *testing.T) {
	froms := []string{"index.html", "tags/index.html", "reports/2022/总结/index.html", "a/b/c/d/index.html"}
	targets := []string{"index.html", "assets/gen.css", "tags/%E5%85%9A/index.html", "reports/2022/2022年 述职报告/index.html",
		"years/2022/index.html#m07", "a&b+c/d e/f#g h/i", "x/y;z,w?q=1/index.html", "$:=@~-_./!'()*\"<>", "#top", ""}
	const chars = "aZ09-._~!#$&*+,/:;=?@[]%'\"()<> \t\x00é党"
	rnd := rand.New(rand.NewPCG(3, 4))
	runes := []rune(chars)
	for range 2000 {
		s := make([]rune, rnd.IntN(16))
		for i := range s {
			s[i] = runes[rnd.IntN(len(runes))]
		}
		targets = append(targets, string(s))
	}
	for _, from := range froms {
		for _, to := range targets {
			var want, got bytes.Buffer
			escURL(&want, site.Rel(from, to), true)
			writeHref(&got, from, to)
			if got.String() != want.String() {
				t.Errorf("from %q to %q:\n got %q\nwant %q", from, to, got.String(), want.String())
			}
		}
	}
}

// TestFastEntryChosen: entry pages, list rows and grouped lists skip the
// templates exactly when the theme's files for them are the built-in ones,
// and Overridden names each file of the site's or theme's own that stops it.
func TestFastEntryChosen(t *testing.T) {
	builtin, err := fsReadFile("default/layouts/entry.html")
	if err != nil {
		t.Fatal(err)
	}
	mine := append(builtin, "{{/* mine */}}"...)
	row := fstest.MapFS{"layouts/partials/row.html": {Data: []byte(`{{.Entry.Title}}`)}}
	groups := fstest.MapFS{"layouts/partials/groups.html": {Data: []byte(`{{len .Groups}}`)}}
	for _, c := range []struct {
		name              string
		site              fstest.MapFS
		entry, row, group bool
		over              string
	}{
		{"built-in theme", fstest.MapFS{}, true, true, true, ""},
		{"the same entry.html in the site", fstest.MapFS{"layouts/entry.html": {Data: builtin}}, true, true, true, ""},
		{"the same in themes/default/", fstest.MapFS{"themes/default/layouts/entry.html": {Data: builtin}}, true, true, true, ""},
		{"an entry.html of the site's own", fstest.MapFS{"layouts/entry.html": {Data: mine}}, false, true, true,
			"layouts/entry.html replaces the built-in template: entry pages are rendered by the template engine, about 10× slower"},
		{"an entry.html of the theme's own", fstest.MapFS{"themes/default/layouts/entry.html": {Data: mine}}, false, true, true,
			"themes/default/layouts/entry.html replaces the built-in template: entry pages are rendered by the template engine, about 10× slower"},
		{"a baseof.html of the site's own", fstest.MapFS{"layouts/baseof.html": {Data: []byte(`{{block "main" .}}{{end}}`)}}, false, true, true,
			"layouts/baseof.html replaces the built-in template: entry pages are rendered by the template engine, about 10× slower"},
		{"a row.html of the site's own", row, true, false, false,
			"layouts/partials/row.html replaces the built-in template: the rows of list pages are rendered by the template engine, and so are the lists around them: list pages about 4× slower"},
		{"a groups.html of the site's own", groups, true, true, false,
			"layouts/partials/groups.html replaces the built-in template: the lists of list pages are rendered by the template engine, about 4× slower"},
	} {
		cfg := config.Default()
		theme, err := LoadTheme(c.site, themes.FS, cfg)
		if err != nil {
			t.Fatal(err)
		}
		r, err := New(theme, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := [3]bool{r.fastEntry, r.fastRow, r.fastGroups}; got != [3]bool{c.entry, c.row, c.group} {
			t.Errorf("%s: without templates (entry, row, groups) %v, want %v", c.name, got, [3]bool{c.entry, c.row, c.group})
		}
		var over []string
		for _, o := range r.Overridden() {
			over = append(over, o.String())
		}
		if got := strings.Join(over, "\n"); got != c.over {
			t.Errorf("%s: Overridden() =\n%s\nwant\n%s", c.name, got, c.over)
		}
	}
}

func fsReadFile(name string) ([]byte, error) { return themes.FS.ReadFile(name) }
