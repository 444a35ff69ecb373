package pipeline

import (
	"context"
	"testing"
	"testing/fstest"

	"gen/themes"
)

// gen serve keeps the pages of Hugo's keys right as entries change: an
// alias page appears, stays through a quick rebuild (text only) and goes
// with its alias; categories get their pages when the first entry has one.
func TestSessionAliasesAndCategories(t *testing.T) {
	fsys := sessionSite()
	s := NewSession(Options{Site: fsys, Builtin: themes.FS})
	ctx := context.Background()
	if _, _, err := s.Build(ctx, nil); err != nil {
		t.Fatal(err)
	}
	post := "content/a/2021/hugo.md"
	steps := []struct {
		name             string
		src              string // "" removes the file
		changed, removed []string
	}{
		{"add a YAML post", "---\ntitle: 迁来的\ndate: 2021-05-01\ncategories: [活动]\naliases: [/old/hugo/]\n---\n正文。\n",
			[]string{"old/hugo/index.html", "categories/index.html", "categories/活动/index.html"}, nil},
		{"edit its text", "---\ntitle: 迁来的\ndate: 2021-05-01\ncategories: [活动]\naliases: [/old/hugo/]\n---\n改过的正文。\n",
			[]string{"a/2021/hugo/index.html"}, nil},
		{"drop the alias", "---\ntitle: 迁来的\ndate: 2021-05-01\ncategories: [活动]\n---\n改过的正文。\n",
			nil, []string{"old/hugo/index.html"}},
		{"remove the post", "", nil, []string{"a/2021/hugo/index.html", "categories/index.html"}},
	}
	for _, st := range steps {
		if st.src == "" {
			delete(fsys, post)
		} else {
			fsys[post] = &fstest.MapFile{Data: []byte(st.src)}
		}
		res, mem, err := s.Build(ctx, []string{post})
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
	}
}
