package pipeline

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"gen/generator/output"
	"gen/generator/search"
	"gen/themes"
)

// sessionSite is a small site: two sections over two years, tags, events,
// a bundle, links between entries.
func sessionSite() fstest.MapFS {
	fsys := fstest.MapFS{
		"config.toml":                {Data: []byte("title = \"测试档案\"\n")},
		"content/_index.md":          {Data: []byte("+++\ntitle = \"首页\"\n+++\n首页介绍。\n")},
		"content/a/_index.md":        {Data: []byte("+++\ntitle = \"报告\"\n+++\n")},
		"content/b/_index.md":        {Data: []byte("+++\ntitle = \"活动\"\n+++\n")},
		"content/b/2021/p/index.md":  {Data: []byte("+++\ntitle = \"开放日\"\ndate = 2021-06-09\n+++\n![图](photo.png)\n")},
		"content/b/2021/p/photo.png": {Data: []byte("PNG")},
	}
	for i := 1; i <= 6; i++ {
		sec := "a"
		if i%2 == 0 {
			sec = "b"
		}
		year := 2020 + i%2
		fsys[fmt.Sprintf("content/%s/%d/e%d.md", sec, year, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"+++\ntitle = \"条目%d\"\ndate = %d-0%d-01\ntags = [\"标签%d\"]\n\n[[events]]\ndate = %d-0%d-02\ntitle = \"事件%d\"\n+++\n正文%d，\n见[上一条](../../a/2021/e1.md)。\n", i, year, i, i%3, year, i, i, i))}
	}
	return fsys
}

func oneShot(t *testing.T, fsys fstest.MapFS) *output.Mem {
	t.Helper()
	mem := output.NewMem()
	if _, err := Build(context.Background(), Options{Site: fsys, Builtin: themes.FS, Out: mem}); err != nil {
		t.Fatal(err)
	}
	return mem
}

// sameAs fails unless two builds hold exactly the same pages and files, and
// their search indexes answer queries alike. (A search index updated in
// place numbers entries differently from a new one, so its files differ.)
func sameAs(t *testing.T, what string, got, want *output.Mem) {
	t.Helper()
	g, w := nonSearch(got.Names()), nonSearch(want.Names())
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Fatalf("%s: files differ:\ngot  %v\nwant %v", what, g, w)
	}
	for _, name := range w {
		b, _ := want.Get(name)
		if !got.Equal(name, b) {
			gb, _ := got.Get(name)
			t.Errorf("%s: %s differs from a full build:\n%s\n---- want\n%s", what, name, gb, b)
		}
	}
	if searchURLs(t, want, "正文") == "" {
		t.Fatal("the search test finds nothing at all")
	}
	for _, q := range []string{"正文", "条目", "改", "新的", "开放日", "标签1", "条目3 正文"} {
		if a, b := searchURLs(t, got, q), searchURLs(t, want, q); a != b {
			t.Errorf("%s: search %q finds %s, a full build %s", what, q, a, b)
		}
	}
}

func nonSearch(names []string) []string {
	var out []string
	for _, n := range names {
		if !strings.HasPrefix(n, "search/") {
			out = append(out, n)
		}
	}
	return out
}

// searchURLs runs a query over a build's index and lists the URLs found, sorted.
func searchURLs(t *testing.T, m *output.Mem, q string) string {
	t.Helper()
	s, err := search.Open(func(name string) ([]byte, error) {
		b, ok := m.Get(name)
		if !ok {
			return nil, fmt.Errorf("no %s", name)
		}
		return b, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, h := range hits {
		u, err := s.URL(h.ID)
		if err != nil {
			t.Fatal(err)
		}
		urls = append(urls, u)
	}
	sort.Strings(urls)
	return strings.Join(urls, " ")
}

// Every rebuild of a Session must equal a full build of the same files,
// while rendering only what changed.
func TestSessionMatchesFullBuild(t *testing.T) {
	fsys := sessionSite()
	s := NewSession(Options{Site: fsys, Builtin: themes.FS})
	ctx := context.Background()
	res, mem, err := s.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	all := res.Pages
	if res.Rendered != all {
		t.Errorf("first build rendered %d of %d pages", res.Rendered, all)
	}
	sameAs(t, "first", mem, oneShot(t, fsys))

	res, mem, err = s.Build(ctx, []string{})
	if err != nil {
		t.Fatal(err)
	}
	overview := res.Rendered
	if overview >= all/2 || len(res.Changed) != 0 || len(res.Removed) != 0 {
		t.Errorf("nothing changed: rendered %d of %d, changed %v removed %v", overview, all, res.Changed, res.Removed)
	}
	sameAs(t, "unchanged", mem, oneShot(t, fsys))

	steps := []struct {
		name    string
		change  func()
		paths   []string
		changed []string // must be among the changed files
		removed []string
		most    int // at most this many pages rendered beyond the overview pages
	}{
		{"edit body", func() { edit(fsys, "content/a/2021/e3.md", "正文3，", "改过的正文，") },
			[]string{"content/a/2021/e3.md"}, []string{"a/2021/e3/index.html"}, nil, 8 + 2}, // + the year's and the section-year's compilations
		{"edit title", func() { edit(fsys, "content/a/2021/e3.md", "条目3", "改名的条目") },
			[]string{"content/a/2021/e3.md"}, []string{"a/2021/e3/index.html", "a/2021/e1/index.html", "a/2021/e5/index.html"}, nil, 13 + 2},
		{"delete linked entry", func() { delete(fsys, "content/a/2021/e1.md") },
			[]string{"content/a/2021/e1.md"}, []string{"b/2020/e2/index.html"}, []string{"a/2021/e1/index.html"}, 100},
		{"add in new folder", func() {
			fsys["content/a/2022/新条目.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"新条目\"\ndate = 2022-03-01\n+++\n新的。\n")}
		}, []string{"content/a/2022/新条目.md"}, []string{"a/2022/新条目/index.html", "timeline/2022/index.html"}, nil, 100},
		{"replace attachment", func() { fsys["content/b/2021/p/photo.png"] = &fstest.MapFile{Data: []byte("PNG2")} },
			[]string{"content/b/2021/p/photo.png"}, []string{"b/2021/p/photo.png"}, nil, 4 + 2},
		{"template", func() {
			fsys["layouts/partials/crumbs.html"] = &fstest.MapFile{Data: []byte("<nav>自定义</nav>")}
		}, []string{"layouts/partials/crumbs.html"}, []string{"index.html", "a/2021/e3/index.html"}, nil, 1000},
	}
	for _, st := range steps {
		st.change()
		res, mem, err = s.Build(ctx, st.paths)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		sameAs(t, st.name, mem, oneShot(t, fsys))
		for _, want := range st.changed {
			if !contains(res.Changed, want) {
				t.Errorf("%s: %s not among changed %v", st.name, want, res.Changed)
			}
		}
		for _, want := range st.removed {
			if !contains(res.Removed, want) {
				t.Errorf("%s: %s not among removed %v", st.name, want, res.Removed)
			}
		}
		if extra := res.Rendered - overview; extra > st.most {
			t.Errorf("%s: rendered %d pages beyond the overview pages, want at most %d", st.name, extra, st.most)
		}
	}
}

// A failed build keeps its changes pending: the build after the fix sees them.
func TestSessionRemembersChangesOfFailedBuild(t *testing.T) {
	fsys := sessionSite()
	s := NewSession(Options{Site: fsys, Builtin: themes.FS})
	ctx := context.Background()
	if _, _, err := s.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	edit(fsys, "content/a/2021/e3.md", "正文3，", "第一次修改，")
	edit(fsys, "content/a/2021/e5.md", "title = ", "title = = ")
	if _, _, err := s.Build(ctx, []string{"content/a/2021/e3.md", "content/a/2021/e5.md"}); err == nil {
		t.Fatal("broken front matter built")
	}
	edit(fsys, "content/a/2021/e5.md", "title = = ", "title = ")
	_, mem, err := s.Build(ctx, []string{"content/a/2021/e5.md"})
	if err != nil {
		t.Fatal(err)
	}
	sameAs(t, "after fix", mem, oneShot(t, fsys))
}

func edit(fsys fstest.MapFS, name, old, new string) {
	f := fsys[name]
	fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), old, new, 1))}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// With Options.Later a texts-only build leaves the compilation volumes
// holding the saved entry to Finish: the build's own files are a full
// build's but for those volumes, and Finish's make up the rest, also when
// builds come between, or a build that renders everything.
func TestSessionLater(t *testing.T) {
	fsys := sessionSite()
	s := NewSession(Options{Site: fsys, Builtin: themes.FS, Later: true})
	ctx := context.Background()
	if _, _, err := s.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, mem, err := s.Finish(ctx); mem != nil || err != nil {
		t.Fatalf("a first build left work for later: %v", err)
	}
	isVolume := func(name string) bool { return strings.Contains(name, "汇编") }
	finish := func(what string, volumes int) {
		t.Helper()
		res, mem, err := s.Finish(ctx)
		if err != nil || mem == nil {
			t.Fatalf("%s: Finish: %v", what, err)
		}
		if len(res.Changed) != volumes || len(res.Removed) != 0 {
			t.Errorf("%s: Finish changed %v, removed %v; want %d volumes", what, res.Changed, res.Removed, volumes)
		}
		for _, name := range res.Changed {
			if !isVolume(name) {
				t.Errorf("%s: Finish changed %s, not a volume", what, name)
			}
		}
		sameAs(t, what+", finished", mem, oneShot(t, fsys))
		if _, mem, _ := s.Finish(ctx); mem != nil {
			t.Errorf("%s: a second Finish had work", what)
		}
	}

	edit(fsys, "content/a/2021/e3.md", "正文3，", "改过的正文，")
	res, mem, err := s.Build(ctx, []string{"content/a/2021/e3.md"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range res.Changed {
		if isVolume(name) {
			t.Errorf("the build changed %s, which is left for later", name)
		}
	}
	if !contains(res.Changed, "a/2021/e3/index.html") {
		t.Errorf("the saved entry's page is not among %v", res.Changed)
	}
	want := oneShot(t, fsys)
	stale := 0
	for _, name := range nonSearch(want.Names()) {
		b, _ := want.Get(name)
		if !mem.Equal(name, b) {
			if !isVolume(name) {
				t.Errorf("%s differs from a full build", name)
			}
			stale++
		}
	}
	if stale != 2 { // the year's volume and the section-year's
		t.Errorf("%d pages wait for Finish, want 2", stale)
	}
	finish("one save", 2)

	// two saves before Finish: the volumes of both
	edit(fsys, "content/a/2021/e3.md", "改过的正文，", "再改的正文，")
	edit(fsys, "content/b/2020/e2.md", "正文2，", "另一篇改过，")
	for _, p := range []string{"content/a/2021/e3.md", "content/b/2020/e2.md"} {
		if _, _, err := s.Build(ctx, []string{p}); err != nil {
			t.Fatal(err)
		}
	}
	finish("two saves", 4)

	// a save, then a build that renders every volume itself
	edit(fsys, "content/a/2021/e3.md", "再改的正文，", "第三次改，")
	if _, _, err := s.Build(ctx, []string{"content/a/2021/e3.md"}); err != nil {
		t.Fatal(err)
	}
	fsys["content/a/2022/新条目.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"新条目\"\ndate = 2022-03-01\n+++\n新的。\n")}
	_, mem, err = s.Build(ctx, []string{"content/a/2022/新条目.md"})
	if err != nil {
		t.Fatal(err)
	}
	sameAs(t, "a save, then an added entry", mem, oneShot(t, fsys))
	if _, mem, _ := s.Finish(ctx); mem != nil {
		t.Errorf("Finish had work after a build that rendered everything")
	}
}
