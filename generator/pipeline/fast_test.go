package pipeline

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"gen/themes"
)

// An English site whose entries carry what the escapers treat specially:
// quotes, ampersands, plus signs, percent signs (valid escapes and not),
// spaces, and attachments named with them.
const oddSite = `
-- config.toml --
title = "Archive & \"friends\" + co"
languageCode = "en"
-- content/reports/_index.md --
+++
title = "Reports 'n' notes"
+++
-- content/reports/2023/odd/index.md --
+++
title = "Q&A: 50% + 'quotes' <b>"
date = 2023-02-03
tags = ["a+b", "R&D", "100%", "%41", "it's", "two words"]
unit = "O'Brien & Sons"
+++

Body with [a link](../plain.md) and <i>raw</i>.

## Heading: 50% & 'more' + "quotes"

### 子标题 %41 a+b

Text.
-- content/reports/2023/odd/minutes 1+2 & 'final'.pdf --
%PDF-1.4 not really
-- content/reports/2023/odd/纪要（定稿）.docx --
not really a docx
-- content/reports/2023/plain.md --
+++
title = "Plain"
+++

No date, no tags.
-- content/reports/2023/two-units.md --
+++
title = "Two units & a summary"
date = 2023-05-06
units = ["Unit <1>", "Unit \"2\""]
summary = "A summary with <angle> brackets & 'quotes'."
+++

Body.
`

// pageFeatures are what the Go writers of render/fast.go write only in some
// cases; every one must be on some page the test compares.
var pageFeatures = []string{`class="pager"`, `（续）`, `<li class="event">`, `<span class="note">`, `<li class="entry">`,
	`class="attachments"`, `class="toc"`, `<span class="s">`, `<span class="u">`, `、`, `rel="prev"`, `rel="next"`,
	`<span class="tags">`, `<span class="d"></span>`, `<p class="meta">` + "\n" + `      <span class="sep">`, `lang="en"`, `lang="zh-CN"`, `class="gallery"`, `<span class="p">`, ` class="orig"`}

// TestEntryPagesWithoutTemplates builds archives twice — with the built-in
// theme, whose entry pages and lists are written without the template
// engine, and with copies of the four templates written in Go (baseof.html,
// entry.html, row.html and groups.html) in the site that differ from them
// only in a comment, which makes them go through the templates — and
// requires every file to be the same.
func TestEntryPagesWithoutTemplates(t *testing.T) {
	// The built-in templates with a comment added at the end: the same
	// pages, but no longer the built-in files, so the templates run.
	slowLayouts := fstest.MapFS{}
	for _, name := range []string{"layouts/baseof.html", "layouts/entry.html", "layouts/partials/row.html", "layouts/partials/groups.html"} {
		b, err := fs.ReadFile(themes.FS, "default/"+name)
		if err != nil {
			t.Fatal(err)
		}
		slowLayouts[name] = &fstest.MapFile{Data: append(b, "{{/* the templates, please */}}"...)}
	}
	sites := map[string]fstest.MapFS{
		"example": siteFolder(t, "../.."),
		"hostile": parseTxtar(hostileSite),
		"odd":     parseTxtar(oddSite),
		"fixture": readTxtar(t, "site.txtar"),
		"corpus":  corpusFS(300),
		"long":    longSite(120),                                // lists split by month and into parts, groups continued
		"photos":  siteFolder(t, photoSite(t, t.TempDir(), "")), // gallery, pictures, photo counts
	}
	features := map[string]int{}
	for name, fsys := range sites {
		_, fast := buildMem(t, fsys, true)
		slow := maps.Clone(slowLayouts)
		for k, v := range fsys {
			slow[k] = v
		}
		res, tmpl := buildMem(t, slow, true)
		if len(res.Overridden) != len(slowLayouts) {
			t.Fatalf("%s: the templates' build still writes some pages in Go (overridden: %v)", name, res.Overridden)
		}
		entries := 0
		for _, f := range tmpl.Names() {
			want, _ := tmpl.Get(f)
			got, ok := fast.Get(f)
			if !ok || !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs from the template's:\n%s", name, f, firstDiff(got, want))
				continue
			}
			if bytes.Contains(want, []byte(`<body class="kind-entry">`)) {
				entries++
			}
			for _, f := range pageFeatures {
				if bytes.Contains(want, []byte(f)) {
					features[f]++
				}
			}
		}
		if len(fast.Names()) != len(tmpl.Names()) {
			t.Errorf("%s: %d files, the templates made %d", name, len(fast.Names()), len(tmpl.Names()))
		}
		if entries == 0 {
			t.Errorf("%s: no entry pages compared", name)
		}
		t.Logf("%s: %d files the same, %d of them entry pages", name, len(tmpl.Names()), entries)
	}
	t.Logf("pages with: %v", features)
	for _, f := range pageFeatures {
		if features[f] == 0 {
			t.Errorf("no page had %s: that part was not compared", f)
		}
	}
}

// longSite is one year of n entries with one tag, and an event in every
// tenth: every list of it is longer than one page.
func longSite(n int) fstest.MapFS {
	m := fstest.MapFS{"config.toml": {Data: []byte("title = \"长列表\"\nmaxListed = 25\n")}}
	for i := range n {
		month := i%12 + 1
		if i%3 == 0 {
			month = 1 // January is cut into parts
		}
		src := fmt.Sprintf("+++\ntitle = \"第%d条\"\ndate = 2024-%02d-%02d\ntags = [\"共同\"]\n", i, month, i%28+1)
		if i%10 == 0 {
			src += fmt.Sprintf("\n[[events]]\ndate = 2024-%02d-15\ntitle = \"事件%d\"\nnote = \"说明 & 备注\"\n", i%12+1, i)
		}
		m[fmt.Sprintf("content/activities/2024/e%04d.md", i)] = &fstest.MapFile{Data: []byte(src + "+++\n\n正文。\n")}
	}
	return m
}

// siteFolder reads a site's config.toml and content/ into memory.
func siteFolder(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, top := range []string{"config.toml", "content"} {
		err := filepath.WalkDir(filepath.Join(dir, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b, Mode: 0o644}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// firstDiff shows where two files part.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + string(got[from:min(len(got), i+80)]) + "\nwant: …" + string(want[from:min(len(want), i+80)])
}
