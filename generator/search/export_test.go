package search

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"gen/generator/internal/corpus"
	"gen/generator/output"
)

// PromotedArchive (for the browser tests) is TestCarriedPromotes' archive
// in short: an index carried over, through a cache folder, until the list
// of 鲲鹏 is promoted to large, with its delta shard left holding its
// postings from before (without flags), then a few more entries added and
// one removed. It returns the carried index's files, a fresh index's of
// the same documents, and queries that need the promoted list.
func PromotedArchive(t testing.TB) (carried, fresh *output.Mem, queries []string) {
	t.Helper()
	const long, gr, term = 1 << 10, "鲲鹏", "枢鲲鹏纽"
	n := 0
	add := func(text string) Doc {
		n++
		return Doc{URL: fmt.Sprintf("new/%d/", n), Title: fmt.Sprintf("补充材料%d", n), Year: 2026,
			Date: time.Date(2026, 1, 1+n%28, 0, 0, 0, 0, time.UTC), Section: "notes", SectionTitle: "记录",
			Text: fmt.Sprintf("第%d份：%s。", n, text)}
	}
	ds := docs(corpus.Entries(600, 21))
	for range 300 {
		ds = append(ds, add(strings.Repeat("再说一次"+term, 2)))
	}
	dir := t.TempDir()
	rewrite := deltaRewrite
	var mem *output.Mem
	for step := 0; step < 40; step++ {
		for range 8 {
			ds = append(ds, add(strings.Repeat("再说一次"+term, 4)))
		}
		ds = append(ds, add("大鹏鲲鹏展翅"))
		if rewrite > 0 {
			trial := t.TempDir()
			if err := os.CopyFS(trial, os.DirFS(dir)); err != nil {
				t.Fatal(err)
			}
			if m, _ := carryRewriting(t, ds, trial, long, rewrite); open(t, m).from[gr] > 0 {
				rewrite = 0
			}
		} else if step%3 == 0 {
			ds = ds[1:]
		}
		mem, _ = carryRewriting(t, ds, dir, long, rewrite)
		if rewrite == 0 && step%3 == 2 {
			break
		}
	}
	if open(t, mem).from[gr] == 0 {
		t.Fatalf("%q was never promoted", gr)
	}
	_, fresh = buildLong(t, ds, long)
	return mem, fresh, []string{gr, term, "枢" + gr, gr + "纽", "鹏纽", "再说一次枢鲲鹏", "鲲鹏展翅", "大鹏鲲鹏", "工作", "开展"}
}
