package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gen/generator/check"
	"gen/generator/internal/corpus"
	"gen/themes"
)

// TestPublishBudget: with the search index carried over between builds
// (its cache folder), each of these steps — a separate build and publish —
// copies few files: adding an entry, removing one, adding a paragraph to
// one, and publishing again with nothing changed (none at all). The issue's
// budgets are for 50,000 entries (60 files and 3 MB to add or remove, 30
// files and 1 MB to edit). At 3,000 the files (a new entry's pages, a few
// shards of the index) stay as they are, and the bytes of the index scale
// down with the archive, taking from the budget the half megabyte the
// pages outside search/ need (the year's and the tag's lists hold more
// entries of this corpus than of the 50,000).
func TestPublishBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 3,000-entry archive seven times")
	}
	site, cache, dest := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "share")
	if err := corpus.Write(site, 3000, 21); err != nil {
		t.Fatal(err)
	}
	publish := func(step string) *Summary {
		t.Helper()
		rep, err := check.Run(context.Background(), check.Options{Site: os.DirFS(site), Builtin: themes.FS, SearchCache: cache, SearchKey: site})
		if err != nil || rep.Output == nil {
			t.Fatalf("%s: build: %v", step, err)
		}
		sum, err := Publish(context.Background(), rep.Output, Options{Dest: dest, Force: true})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		t.Logf("%-7s copied %d files (%d KB, %d KB of them under search/), removed %d", step, sum.Copied, sum.CopiedBytes>>10, searchBytes(t, dest, sum)>>10, sum.Removed)
		return sum
	}
	first := publish("first")
	scale := float64(3000) / 50000
	bytes := func(mb float64) int64 { return int64((mb - 0.5) * scale * (1 << 20)) }
	mds := entryFiles(t, site)
	added := strings.TrimSuffix(mds[0], ".md") + "-added.md"
	copyFile(t, mds[0], added, "")
	removed := mds[1]
	for _, c := range []struct {
		step   string
		change func()
		files  int
		bytes  int64
	}{
		{"add", func() {}, 60, bytes(3)},
		{"delete", func() { os.Remove(removed) }, 60, bytes(3)},
		{"edit", func() { copyFile(t, mds[2], mds[2], "\n补充一段：本段用于测试编辑后的发布。\n") }, 30, bytes(1)},
		{"again", func() {}, 0, 0},
	} {
		c.change()
		s := publish(c.step)
		if sb := searchBytes(t, dest, s); s.Copied+s.Removed > c.files || sb > c.bytes {
			t.Errorf("%s: copied %d files (%d KB of the index) and removed %d, budget %d files, %d KB (the first publish: %d files)",
				c.step, s.Copied, sb>>10, s.Removed, c.files, c.bytes>>10, first.Copied)
		}
	}
}

func entryFiles(t *testing.T, site string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(site, "content", "activities"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			out = append(out, p)
		}
		return err
	})
	if err != nil || len(out) < 3 {
		t.Fatalf("%d entries: %v", len(out), err)
	}
	return out
}

func copyFile(t *testing.T, from, to, extra string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		b = append(b, extra...)
		if from != to {
			b = []byte(strings.Replace(string(b), `title = "`, `title = "新增`, 1))
		}
		err = os.WriteFile(to, b, 0o644)
	}
	if err != nil {
		t.Fatal(fmt.Errorf("copy %s: %w", from, err))
	}
}

// searchBytes is the bytes of the files under search/ a publish copied.
func searchBytes(t *testing.T, dest string, s *Summary) int64 {
	t.Helper()
	var n int64
	for _, name := range s.CopiedNames {
		if strings.HasPrefix(name, "search/") {
			info, err := os.Stat(filepath.Join(dest, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			n += info.Size()
		}
	}
	return n
}
