package pipeline

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"gen/generator/internal/corpus"
)

// TestChangeCostsWhatItTouches builds a generated archive whose lists split
// (by year and month), then builds it again after adding an entry, after
// deleting one and after editing one's body, and counts the pages outside
// search/ that differ: an addition or deletion may change only the pages
// whose range holds the entry (its own, its neighbours', its month's in each
// list, its lists' overviews), an edit only the pages that show its text.
func TestChangeCostsWhatItTouches(t *testing.T) {
	base := fstest.MapFS{}
	for name, b := range corpus.Files(3000, 5) {
		base[name] = &fstest.MapFile{Data: b}
	}
	// lists split, and so do the years' compilations, as at 50,000 entries
	base["config.toml"] = &fstest.MapFile{Data: []byte("title = \"增量\"\nmaxListed = 40\n\n[compilation]\nmaxEntries = 30\n")}
	_, before := buildMem(t, base, false)

	var old string // an activity of 2010 to delete and to edit
	for name := range base {
		if strings.HasPrefix(name, "content/activities/2010/") && (old == "" || name < old) {
			old = name
		}
	}
	added := fstest.MapFS{"content/activities/2010/新增活动.md": {Data: []byte(
		"+++\ntitle = \"机关党委开展主题党日活动\"\ndate = 2010-05-16\nunit = \"机关党委\"\ntags = [\"主题党日\", \"志愿服务\"]\n+++\n\n机关党委组织党员赴社区开展主题党日活动。\n")}}
	edited := strings.Replace(string(base[old].Data), "+++\n\n", "+++\n\n补记：部分党员线上参加。\n\n", 1)
	for _, c := range []struct {
		name    string
		change  func(fstest.MapFS)
		most    int // pages written
		removed int // pages removed
	}{
		// 20 pages is the budget of an entry with two tags at 50,000
		// entries; these entries also have a unit, which has three pages of
		// its own that change (the units, the unit's years, its year)
		{"add", func(m fstest.MapFS) { maps.Copy(m, added) }, 20 + 3, 0},
		{"delete", func(m fstest.MapFS) { delete(m, old) }, 20 + 3, 1},
		{"edit", func(m fstest.MapFS) { m[old] = &fstest.MapFile{Data: []byte(edited)} }, 8, 0},
	} {
		site := maps.Clone(base)
		c.change(site)
		_, after := buildMem(t, site, false)
		changed, removed := after.Diff(before)
		pages, gone := outsideSearch(changed), outsideSearch(removed)
		t.Logf("%s: %d files outside search/ written, %d removed", c.name, len(pages), len(gone))
		if len(pages) > c.most || len(pages) == 0 || len(gone) != c.removed {
			t.Errorf("%s wrote %d files outside search/ and removed %d, want 1 to %d and %d:\n%s\nremoved: %s",
				c.name, len(pages), len(gone), c.most, c.removed, strings.Join(pages, "\n"), gone)
		}
	}
}

func outsideSearch(names []string) []string {
	var out []string
	for _, name := range names {
		if !strings.HasPrefix(name, "search/") {
			out = append(out, name)
		}
	}
	return out
}
