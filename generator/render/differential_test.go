package render_test

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"gen/generator/content"
	"gen/generator/internal/corpus"
	"gen/generator/markdown"
	"gen/generator/render"
	"gen/generator/site"
	"gen/themes"
)

// pieces are what the escapers treat specially, and text around them.
var pieces = []string{"", "党", "a", " ", "  ", "<b>", "</b>", "&", "&amp;", "'", `"`, "+", "%", "%41", "%zz", "#", "?", "=",
	"/", "../", ":", "javascript:", "\x00", "\t", "\n", "\u2028", "\U0001F600", "（续）", "、", "é", "Ａ", "\xff", "{{", "}}"}

func randText(rnd *rand.Rand) string {
	var b strings.Builder
	for range rnd.IntN(6) {
		b.WriteString(pieces[rnd.IntN(len(pieces))])
	}
	return b.String()
}

func randList(rnd *rand.Rand) []string {
	out := make([]string, rnd.IntN(3))
	for i := range out {
		out[i] = randText(rnd)
	}
	return out
}

// TestFastMatchesTemplates renders every page of a small archive twice —
// with the built-in theme, whose entry pages, rows and grouped lists are
// written in Go (fast.go), and with copies of the four templates that
// differ from them only in a comment, so that the template engine renders
// them — after giving every value those pages show random text made of
// what the escapers treat specially, in both languages, and requires the
// same bytes. The pipeline's differential test compares whole builds of
// real fixtures; this one reaches values no fixture holds.
func TestFastMatchesTemplates(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		files := corpus.Files(40, 3)
		files["config.toml"] = []byte(fmt.Sprintf("title = \"档案\"\nlanguageCode = %q\n", lang))
		files["content/reports/2020/bundle/index.md"] = []byte("+++\ntitle = \"附件\"\ndate = 2020-03-04\n\n[[events]]\ndate = 2020-05-06\ntitle = \"事件\"\nnote = \"说明\"\n+++\n\n正文。\n")
		files["content/reports/2020/bundle/a.pdf"] = []byte("%PDF")
		files["content/reports/2020/bundle/b c.docx"] = bytes.Repeat([]byte("x"), 3000)
		files["content/reports/2020/nodate.md"] = []byte("+++\ntitle = \"无日期\"\n+++\n\n正文。\n")
		s, fast := model(t, files)
		slow := templatesRenderer(t, files, s)
		rnd := rand.New(rand.NewPCG(7, uint64(len(lang))))
		for round := range 12 {
			scramble(rnd, s)
			fast.Forget()
			slow.Forget()
			pages := append([]*site.Page{}, s.Pages...)
			for _, e := range s.Entries {
				pages = append(pages, s.EntryPage(e))
			}
			for _, p := range pages {
				d := func() *render.Data {
					toc := make([]markdown.Heading, rnd.IntN(3))
					for i := range toc {
						toc[i] = markdown.Heading{Level: 2 + i%2, ID: randText(rnd), Text: randText(rnd)}
					}
					return &render.Data{Page: p, Site: s, TOC: toc, Content: template.HTML(randText(rnd)), Head: template.HTML(randText(rnd))}
				}()
				want, err := slow.Page(&render.Data{Page: p, Site: s, TOC: d.TOC, Content: d.Content, Head: d.Head})
				if err != nil {
					t.Fatal(err)
				}
				got, err := fast.Page(d)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					from := max(0, i-100)
					t.Fatalf("%s round %d: %s differs from the templates' page at byte %d:\n got: …%q\nwant: …%q",
						lang, round, p.URL, i, got[from:min(len(got), i+60)], want[from:min(len(want), i+60)])
				}
			}
		}
	}
}

// templatesRenderer is a renderer for s whose site holds the four templates
// fast.go stands for, each with a comment added, so none of them is the
// built-in file and every page goes through the template engine.
func templatesRenderer(t *testing.T, files map[string][]byte, s *site.Site) *render.Renderer {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: v}
	}
	for _, name := range []string{"layouts/baseof.html", "layouts/entry.html", "layouts/partials/row.html", "layouts/partials/groups.html"} {
		b, err := fs.ReadFile(themes.FS, "default/"+name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: append(b, "{{/* the templates, please */}}"...)}
	}
	theme, err := render.LoadTheme(fsys, themes.FS, s.Config)
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.New(theme, s.Config)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Overridden()) != 4 {
		t.Fatalf("the templates' renderer still writes some pages in Go: overridden %v", r.Overridden())
	}
	return r
}

// scramble gives what entry pages and lists show random text: titles,
// units, tags, summaries, attachment names and sizes, URLs, events, group
// headings and the site's title. Which entries have dates and neighbours
// is left as the model made it.
func scramble(rnd *rand.Rand, s *site.Site) {
	s.Config.Title = randText(rnd)
	for _, e := range s.Entries {
		e.Title, e.Summary = randText(rnd), randText(rnd)
		e.Units, e.Tags = randList(rnd), randList(rnd)
		e.URL = randText(rnd) + "/index.html"
		for i := range e.Attachments {
			e.Attachments[i] = content.Attachment{Name: randText(rnd) + ".pdf", Size: rnd.Int64N(5 << 20)}
		}
	}
	for _, y := range s.Years {
		for _, ev := range y.Events {
			ev.Title, ev.Note = randText(rnd), randText(rnd)
		}
	}
	for _, p := range s.Pages {
		for _, g := range p.Groups {
			if g.Title != "" || rnd.IntN(4) == 0 {
				g.Title = randText(rnd)
			}
			if g.URL != "" {
				g.URL = randText(rnd) + "/index.html"
			}
			g.ID, g.Continued = randText(rnd), rnd.IntN(3) == 0
		}
	}
}
