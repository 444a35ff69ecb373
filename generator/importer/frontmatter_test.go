package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gen/generator/config"
	"gen/generator/content"
)

// A folder of Hugo/Hexo posts with YAML and JSON front matter imports as
// entries with TOML front matter that mean the same: each imported entry
// parses to the entry its original parses to, dates, tags and the keys of
// other tools included.
func TestImportYAMLAndJSON(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "posts")
	posts := map[string]string{
		"2016-05-01-hexo.md":     "---\ntitle: Hexo 的文章\ndate: 2016-05-01 10:00:00\nupdated: 2016-06-01 08:00:00\ntags:\n  - 党建\n  - 学习\ncategories: 活动\n---\n\n正文<!--more-->后文。\n",
		"hugo post (part-1) .md": "---\ntitle: 'Hugo: 文章'\ndate: 2019-03-26T08:47:11+01:00\ndraft: false\ntags: ['Cloud', 'CAP']\nauthors: [张三]\naliases: [/old/hugo/]\ndescription: 描述\nweight: 3\nrating: 4.5\nextra:\n  color: red\nevents:\n  - date: 2019-03-01\n    title: 启动\n---\n正文\n",
		"json.md":                "{\n  \"title\": \"JSON 文章\",\n  \"date\": \"2020-01-02\",\n  \"tags\": [\"党建\"],\n  \"url\": \"/p/json/\"\n}\n\n正文\n",
	}
	for name, src := range posts {
		write(t, filepath.Join(in, name), []byte(src))
	}
	site := filepath.Join(dir, "site")
	res := importInto(t, site, Options{Section: "posts"}, in)
	cfg := config.Default()
	if len(res.Files) != len(posts) {
		t.Fatalf("%d results, want %d", len(res.Files), len(posts))
	}
	for _, fr := range res.Files {
		if fr.Outcome != Imported {
			t.Errorf("%s: %v %v", fr.Source, fr.Outcome, fr.Reason)
			continue
		}
		orig := posts[filepath.Base(fr.Source)]
		got, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(fr.Entry)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(got), "+++\n") {
			t.Errorf("%s: written without TOML front matter:\n%s", fr.Entry, got)
		}
		want, wantBody, err := content.Parse("x.md", []byte(orig), cfg)
		if err != nil {
			t.Fatal(err)
		}
		e, body, err := content.Parse("x.md", got, cfg)
		if err != nil {
			t.Fatalf("%s does not read back: %v\n%s", fr.Entry, err, got)
		}
		if strings.TrimSpace(string(body)) != strings.TrimSpace(string(wantBody)) {
			t.Errorf("%s: body %q, want %q", fr.Entry, body, wantBody)
		}
		delete(e.Params, "source") // where it came from, added by the import
		if len(e.Params) == 0 {
			e.Params = nil
		}
		for _, x := range []*content.Entry{e, want} {
			x.Meta, x.BodyLine, x.TitleLine, x.DateLine, x.YearLine, x.SlugLine = 0, 0, 0, 0, 0, 0
			for i := range x.Events {
				x.Events[i].Line = 0
			}
		}
		if !reflect.DeepEqual(e, want) {
			t.Errorf("%s reads as\n%+v\nwant (as the original)\n%+v\n%s", fr.Entry, *e, *want, got)
		}
	}
	// a file name with spaces and parentheses gives a usable entry name
	if _, err := os.Stat(filepath.Join(site, "content", "posts", "2019", "hugo post (part-1).md")); err != nil {
		t.Errorf("the Hugo post's entry: %v (files: %q)", err, siteFiles(t, site))
	}
}
