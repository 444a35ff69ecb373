package pipeline

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"gen/generator/fastio"
	"gen/generator/output"
	"gen/themes"
)

// TestFolderBuildMatchesMemory builds archives from a folder on disk into a
// folder, as gen build does, and into memory, as gen serve does, and
// requires the same files. Only the first reads each file into memory
// it reuses and renders bodies into reused memory (the pages are written
// and forgotten): a body, a search text or a summary that kept a
// reference to that memory would differ here.
func TestFolderBuildMatchesMemory(t *testing.T) {
	long := corpusFS(60)
	// entries longer than the reused read buffer, and one that is CRLF
	// with a byte-order mark, which reading converts into new memory
	long["content/reports/2024/长文.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"很长的总结\"\ndate = 2024-12-30\n+++\n\n" +
		strings.Repeat("## 一、工作回顾\n\n全年共开展走访调研四十二次，整理档案一千二百卷。\n\n", 600))}
	long["content/reports/2024/换行.md"] = &fstest.MapFile{Data: []byte("\ufeff+++\r\ntitle = \"换行不同\"\r\ndate = 2024-03-01\r\n+++\r\n\r\n正文第一段。\r\n\r\n第二段。\r\n")}
	sites := map[string]fstest.MapFS{
		"example": siteFolder(t, "../.."),
		"hostile": parseTxtar(hostileSite),
		"odd":     parseTxtar(oddSite),
		"long":    long,
	}
	for name, fsys := range sites {
		src := t.TempDir()
		writeDir(t, fsys, src)
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := ToDir(context.Background(), Options{Site: fastio.DirFS(src), Builtin: themes.FS, Drafts: true, Lean: true}, dest); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		mem := output.NewMem()
		if _, err := Build(context.Background(), Options{Site: fsys, Builtin: themes.FS, Drafts: true, Out: mem}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		onDisk := 0
		err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			onDisk++
			rel, _ := filepath.Rel(dest, p)
			got, _ := os.ReadFile(p)
			want, ok := mem.Get(filepath.ToSlash(rel))
			if !ok {
				t.Errorf("%s: %s written to the folder only", name, rel)
			} else if !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs from the build in memory:\n%s", name, rel, firstDiff(got, want))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if onDisk != len(mem.Names()) {
			t.Errorf("%s: %d files in the folder, %d in memory", name, onDisk, len(mem.Names()))
		}
		t.Logf("%s: %d files the same", name, onDisk)
	}
}
