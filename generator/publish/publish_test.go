package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

const (
	report     = "content/reports/2023/2023年书记抓党建述职报告.md"
	reportPage = "reports/2023/2023年书记抓党建述职报告/index.html"
	bundle     = "content/activities/2023/2023年国际档案日开放活动/"
	bundlePage = "activities/2023/2023年国际档案日开放活动/"
)

// retitle returns the example site with the report's title changed.
func retitle(t testing.TB, fsys fstest.MapFS, title string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for k, v := range fsys {
		m[k] = v
	}
	src := string(m[report].Data)
	m[report] = &fstest.MapFile{Data: []byte(strings.Replace(src, `title = "2023年书记抓党建述职报告"`, `title = "`+title+`"`, 1)), Mode: 0o644}
	return m
}

// withoutBundle returns the example site without the activity bundle.
func withoutBundle(fsys fstest.MapFS) fstest.MapFS {
	m := fstest.MapFS{}
	for k, v := range fsys {
		if !strings.HasPrefix(k, bundle) {
			m[k] = v
		}
	}
	return m
}

func TestPublishExample(t *testing.T) {
	out := buildOut(t, exampleFS(t))
	dest := filepath.Join(t.TempDir(), "archive")
	sum := publishTo(t, dest, out, Options{})
	if sum.Copied != len(out.Names()) || sum.Unchanged != 0 || sum.Removed != 0 || sum.CopiedBytes == 0 {
		t.Errorf("first publish: %+v", sum)
	}
	if sum.CopiedNames[len(sum.CopiedNames)-1] != "index.html" {
		t.Errorf("the home page was not copied last: %v", sum.CopiedNames[len(sum.CopiedNames)-3:])
	}
	assertPublished(t, dest, out)

	var changes atomic.Int64
	sum = publishTo(t, dest, out, Options{Hook: func(op, name string) error { changes.Add(1); return nil }})
	if sum.Copied != 0 || sum.Removed != 0 || sum.Unchanged != len(out.Names()) || changes.Load() != 0 {
		t.Errorf("publishing the same build again: %+v, %d changes to dest", sum, changes.Load())
	}
	assertPublished(t, dest, out)
}

// Changing an entry's title changes its page and every page that shows
// the title (lists, neighbours' previous/next links, the search index):
// exactly those are copied.
func TestPublishChangedEntry(t *testing.T) {
	fsys := exampleFS(t)
	v1, v2 := buildOut(t, fsys), buildOut(t, retitle(t, fsys, "2023年度书记抓党建工作述职报告"))
	dest := t.TempDir()
	publishTo(t, dest, v1, Options{})
	sum := publishTo(t, dest, v2, Options{})
	changed, gone := diff(t, v1, v2)
	if !slices.Equal(sorted(sum.CopiedNames), sorted(changed)) || len(gone) != 0 || sum.Removed != 0 {
		t.Errorf("copied %v\nwant %v", sum.CopiedNames, changed)
	}
	if sum.Copied+sum.Unchanged != len(v2.Names()) || sum.Copied > len(v2.Names())/2 {
		t.Errorf("copied %d, unchanged %d of %d files", sum.Copied, sum.Unchanged, len(v2.Names()))
	}
	for _, want := range []string{reportPage, "reports/2023/index.html", "reports/index.html", "tags/述职报告/index.html"} {
		if !slices.Contains(sum.CopiedNames, want) {
			t.Errorf("%s was not copied", want)
		}
	}
	for _, not := range []string{"assets/gen.css", "activities/2019/庆祝建党98周年主题党日/index.html", "notices/index.html"} {
		if slices.Contains(sum.CopiedNames, not) {
			t.Errorf("%s was copied, yet did not change", not)
		}
	}
	t.Logf("changing one title: copied %d of %d files: %v", sum.Copied, len(v2.Names()), sum.CopiedNames)
	assertPublished(t, dest, v2)
}

// Changing a paragraph deep in an entry changes its page and the search
// index, and no list: lists show the title and the first paragraph.
func TestPublishChangedBody(t *testing.T) {
	fsys := exampleFS(t)
	changed := fstest.MapFS{}
	for k, v := range fsys {
		changed[k] = v
	}
	src := string(fsys[report].Data)
	changed[report] = &fstest.MapFile{Data: []byte(strings.Replace(src, "每季度至少参加一次", "每月至少参加一次", 1)), Mode: 0o644}
	v1, v2 := buildOut(t, fsys), buildOut(t, changed)
	dest := t.TempDir()
	publishTo(t, dest, v1, Options{})
	sum := publishTo(t, dest, v2, Options{})
	var pages []string
	for _, n := range sum.CopiedNames {
		if !strings.HasPrefix(n, "search/") {
			pages = append(pages, n)
		}
	}
	// the entry's page, and the year's and its section's compilations,
	// which print its text
	if !slices.Equal(pages, []string{reportPage, "reports/2023/汇编/index.html", "years/2023/汇编/index.html"}) || sum.Unchanged+sum.Copied != len(v2.Names()) {
		t.Errorf("copied %v", sum.CopiedNames)
	}
	assertPublished(t, dest, v2)
}

func TestPublishDeletedEntry(t *testing.T) {
	fsys := exampleFS(t)
	v1, v2 := buildOut(t, fsys), buildOut(t, withoutBundle(fsys))
	dest := t.TempDir()
	publishTo(t, dest, v1, Options{})
	sum := publishTo(t, dest, v2, Options{})
	_, gone := diff(t, v1, v2)
	if !slices.Equal(sorted(sum.RemovedNames), sorted(gone)) || sum.RemovedBytes == 0 {
		t.Errorf("removed %v (%d bytes), want %v", sum.RemovedNames, sum.RemovedBytes, gone)
	}
	for _, f := range []string{"index.html", "photo.png", "原件.pdf"} {
		if !slices.Contains(sum.RemovedNames, bundlePage+f) {
			t.Errorf("%s was not removed", bundlePage+f)
		}
	}
	if sum.RemovedNames[0] != bundlePage+"index.html" {
		t.Errorf("the page was not removed before its pictures: %v", sum.RemovedNames)
	}
	if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(bundlePage))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the bundle's folder is still there: %v", err)
	}
	assertPublished(t, dest, v2)
}

// Pages come after the files they use, the home page last, removals after
// every copy.
func TestPublishOrder(t *testing.T) {
	fsys := exampleFS(t)
	v1, v2 := buildOut(t, withoutBundle(fsys)), buildOut(t, retitle(t, fsys, "新标题"))
	dest := t.TempDir()
	publishTo(t, dest, v1, Options{})
	var mu sync.Mutex // the hook is called from several goroutines
	var ops []string
	record := func(op, name string) error {
		mu.Lock()
		defer mu.Unlock()
		if op == OpRename || op == OpRemove {
			ops = append(ops, op+" "+name)
		}
		return nil
	}
	publishTo(t, dest, v2, Options{Hook: record})
	firstPage, lastAsset, home, firstRemove := -1, -1, -1, -1
	for i, op := range ops {
		switch name := strings.SplitN(op, " ", 2)[1]; {
		case strings.HasPrefix(op, OpRemove) && firstRemove < 0:
			firstRemove = i
		case name == "index.html":
			home = i
		case isPage(name) && firstPage < 0:
			firstPage = i
		case !isPage(name):
			lastAsset = i
		}
	}
	if !(lastAsset < firstPage && firstPage < home && home == len(ops)-1) || firstRemove != -1 {
		t.Errorf("order of changes: last asset %d, first page %d, home %d of %d; removal %d\n%s", lastAsset, firstPage, home, len(ops), firstRemove, strings.Join(ops, "\n"))
	}
	if !slices.Contains(ops, "rename "+bundlePage+"photo.png") || !slices.Contains(ops, "rename "+bundlePage+"index.html") {
		t.Errorf("the new bundle was not copied: %v", ops)
	}
	ops = nil
	publishTo(t, dest, v1, Options{Hook: record})
	if i, j := slices.Index(ops, "remove "+bundlePage+"photo.png"), slices.Index(ops, "rename index.html"); i < j {
		t.Errorf("a removal came before the home page was copied:\n%s", strings.Join(ops, "\n"))
	}
}

func TestDryRun(t *testing.T) {
	fsys := exampleFS(t)
	v1, v2 := buildOut(t, fsys), buildOut(t, withoutBundle(retitle(t, fsys, "新标题")))
	dest := t.TempDir()
	publishTo(t, dest, v1, Options{})
	before := snapshot(t, dest)
	dry := publishTo(t, dest, v2, Options{DryRun: true})
	if after := snapshot(t, dest); len(after) != len(before) {
		t.Fatalf("a dry run changed dest")
	}
	for n, b := range snapshot(t, dest) {
		if string(before[n]) != string(b) {
			t.Errorf("a dry run changed %s", n)
		}
	}
	real := publishTo(t, dest, v2, Options{})
	if !slices.Equal(dry.CopiedNames, real.CopiedNames) || !slices.Equal(dry.RemovedNames, real.RemovedNames) ||
		dry.Unchanged != real.Unchanged || dry.CopiedBytes != real.CopiedBytes || dry.RemovedBytes != real.RemovedBytes {
		t.Errorf("dry run %+v\nreal run %+v", dry, real)
	}
	if d := filepath.Join(t.TempDir(), "new"); publishTo(t, d, v1, Options{DryRun: true}).Copied != len(v1.Names()) {
		t.Errorf("a dry run into a folder to be made does not list every file")
	} else if _, err := os.Stat(d); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a dry run made the destination folder")
	}
}

// The manifest is trusted while sizes agree; a file changed in size,
// deleted, or added behind gen's back is noticed without reading the rest.
func TestChangedBehindItsBack(t *testing.T) {
	out := buildOut(t, exampleFS(t))
	dest := t.TempDir()
	publishTo(t, dest, out, Options{})
	p := func(name string) string { return filepath.Join(dest, filepath.FromSlash(name)) }
	os.WriteFile(p("404.html"), []byte("被改过的页面"), 0o644)
	os.Remove(p("assets/gen.css"))
	os.WriteFile(p("reports/笔记.txt"), []byte("有人放在共享里的文件"), 0o644)
	sameSize := content(t, out, "search/index.html")
	sameSize[0] ^= 1
	os.WriteFile(p("search/index.html"), sameSize, 0o644)

	sum := publishTo(t, dest, out, Options{})
	if !slices.Equal(sorted(sum.CopiedNames), []string{"404.html", "assets/gen.css"}) || !slices.Equal(sum.RemovedNames, []string{"reports/笔记.txt"}) {
		t.Errorf("copied %v, removed %v", sum.CopiedNames, sum.RemovedNames)
	}
	// The policy's known limit: a change that keeps the size is not seen
	// until the manifest is deleted and the folder read again with Force.
	if b, _ := os.ReadFile(p("search/index.html")); string(b) != string(sameSize) {
		t.Errorf("a same-size change was noticed, so dest was read")
	}
	os.Remove(p(ManifestName))
	if _, err := Publish(context.Background(), out, Options{Dest: dest}); !errors.Is(err, ErrNotOurs) {
		t.Errorf("no manifest, no --force: %v", err)
	}
	sum = publishTo(t, dest, out, Options{Force: true})
	if !slices.Equal(sum.CopiedNames, []string{"search/index.html"}) || sum.Foreign != 0 {
		t.Errorf("re-reading dest: copied %v, %d foreign", sum.CopiedNames, sum.Foreign)
	}
	assertPublished(t, dest, out)
}

// Leftovers of a killed publish are cleared; a folder or link where a file
// goes, and a file or link where a folder goes, are replaced — never
// followed out of dest.
func TestLeftoversAndObstacles(t *testing.T) {
	out := buildOut(t, exampleFS(t))
	dest, outside := t.TempDir(), t.TempDir()
	publishTo(t, dest, out, Options{})
	p := func(name string) string { return filepath.Join(dest, filepath.FromSlash(name)) }
	os.WriteFile(p("reports/"+tempPrefix+"123"), []byte("半个文件"), 0o644)
	os.WriteFile(p(tempPrefix+"manifest-9"), []byte("{"), 0o644)
	os.Remove(p("404.html"))
	os.MkdirAll(p("404.html/旧"), 0o755)
	os.RemoveAll(p("assets"))
	os.WriteFile(p("assets"), []byte("挡路的文件"), 0o644)
	os.RemoveAll(p("notices"))
	if err := os.Symlink(outside, p("notices")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	sum := publishTo(t, dest, out, Options{})
	if sum.Cleaned != 2 {
		t.Errorf("cleaned %d leftovers, want 2", sum.Cleaned)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("a publish wrote through a link to outside dest: %v", entries)
	}
	assertPublished(t, dest, out)
}

func TestRefusals(t *testing.T) {
	siteDir := t.TempDir()
	os.MkdirAll(filepath.Join(siteDir, "content", "reports"), 0o755)
	out := buildOut(t, exampleFS(t))
	for _, c := range []struct{ dest, want string }{
		{siteDir, "is the site folder itself"},
		{filepath.Join(siteDir, "public"), "is inside the site folder"},
		{filepath.Join(siteDir, "content", "reports", "x"), "is inside the site folder"},
		{filepath.Dir(siteDir), "holds the site folder"},
		{"/", "holds the site folder"},
	} {
		_, err := Publish(context.Background(), out, Options{Dest: c.dest, Site: siteDir})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("publish to %s: %v, want %q", c.dest, err, c.want)
		}
	}
	if err := CheckDest(siteDir, filepath.Join(filepath.Dir(siteDir), "archive")); err != nil {
		t.Errorf("a folder beside the site: %v", err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if os.Symlink(siteDir, link) == nil {
		if err := CheckDest(siteDir, filepath.Join(link, "public")); err == nil {
			t.Errorf("a dest inside the site through a link was not refused")
		}
	}

	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "别人的文件.docx"), []byte("文档"), 0o644)
	_, err := Publish(context.Background(), out, Options{Dest: full})
	if !errors.Is(err, ErrNotOurs) || !strings.Contains(err.Error(), "use --force") {
		t.Errorf("non-empty folder without a manifest: %v", err)
	}
	sum := publishTo(t, full, out, Options{Force: true})
	if sum.Foreign != 1 || !slices.Equal(sum.RemovedNames, []string{"别人的文件.docx"}) {
		t.Errorf("with Force: %+v", sum)
	}
	assertPublished(t, full, out)

	if _, err := Publish(context.Background(), out, Options{Dest: filepath.Join(t.TempDir(), "无", "此")}); err == nil || !strings.Contains(err.Error(), "is the share mounted?") {
		t.Errorf("a destination whose parent is missing: %v", err)
	}
	file := filepath.Join(t.TempDir(), "文件")
	os.WriteFile(file, nil, 0o644)
	if _, err := Publish(context.Background(), out, Options{Dest: file}); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("a destination that is a file: %v", err)
	}
}

// memSource is a build of the given files.
type memSource map[string][]byte

func (m memSource) Names() []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (m memSource) Open(name string) (io.ReadCloser, error) {
	b, ok := m[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// TestObstacleToManyCopies publishes a build whose folder d holds many
// files to a destination where someone replaced d with a file. Two copies
// that start together both find the file in the way (the hook holds the
// first until the second has looked too, then lets the first go ahead):
// one replaces it with the folder, and the other must not then remove
// the folder the first has begun to fill (publish failed so, now and
// then, with "directory not empty").
func TestObstacleToManyCopies(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	build := memSource{"index.html": []byte("首页")}
	for i := range 16 {
		build[fmt.Sprintf("d/%d.css", i)] = []byte(fmt.Sprintf("/* 第%d个 */", i))
	}
	dest := t.TempDir()
	publishTo(t, dest, build, Options{})
	d := filepath.Join(dest, "d")
	if err := os.RemoveAll(d); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(d, []byte("挡路的文件"), 0o644); err != nil {
		t.Fatal(err)
	}
	var arrived atomic.Int32
	second := make(chan struct{})
	hook := func(op, name string) error {
		if op != OpRemove || name != "d" {
			return nil
		}
		switch arrived.Add(1) {
		case 1: // wait for another copy to find the file in the way too
			select {
			case <-second:
			case <-time.After(300 * time.Millisecond):
			}
		case 2: // let the first replace it and begin to fill the folder
			close(second)
			time.Sleep(100 * time.Millisecond)
		}
		return nil
	}
	if _, err := Publish(context.Background(), build, Options{Dest: dest, Hook: hook}); err != nil {
		t.Fatal(err)
	}
	assertPublished(t, dest, build)
}
