package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"gen/generator/config"
	"gen/generator/content"
)

// importInto imports paths into site with opts.
func importInto(t *testing.T, site string, opts Options, paths ...string) *Result {
	t.Helper()
	opts.Site = site
	res, err := Import(context.Background(), config.Default(), paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func write(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// siteFiles lists every file under dir, slash-separated and sorted.
func siteFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			r, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func noTemporaries(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && (strings.HasSuffix(d.Name(), ".tmp") || strings.HasPrefix(d.Name(), ".")) {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}

// Bad input fails with a message naming the file, and writes nothing.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := buildDocx(t, wp("", "2022年总结")+wp("", "正文。"), nil, nil)
	tests := []struct {
		file string
		data []byte
		msg  string
	}{
		{"2022年空白.txt", nil, "file is empty"},
		{"2022年空白.md", []byte("\n\n"), "file is empty"},
		{"2022年截断.docx", good[:len(good)/2], "zip archive is damaged or incomplete"},
		{"2022年坏XML.docx", buildDocx(t, `<w:p><w:r><w:t>未闭合</w:r></w:p>`, nil, nil), "word/document.xml is damaged at its line"},
		{"2022年坏样式.docx", buildDocx(t, wp("", "标题"), map[string]string{"word/styles.xml": "<w:styles><w:style>", "word/_rels/document.xml.rels": docRelsXML}, nil), "word/styles.xml is damaged"},
		{"2022年空白.docx", nil, "file is empty"},
		{"2022年不是Word.docx", rawZip(t, map[string]string{"readme.txt": "hi"}), "without word/document.xml"},
		{"2022年旧格式.docx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "old-format Word file"},
		{"2022年日文.txt", encode(t, japanese.ShiftJIS, "二〇二二年度の業務報告\n全員が研修を修了しました。\n"), "not UTF-8, UTF-16 or GB18030"},
		{"2022年二进制.txt", []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D}, "NUL bytes"},
		{"没有年份.txt", []byte("工作总结\n正文。\n"), "no date"},
	}
	var paths []string
	for _, tt := range tests {
		paths = append(paths, write(t, filepath.Join(dir, "in", tt.file), tt.data))
	}
	site := filepath.Join(dir, "site")
	res := importInto(t, site, Options{}, paths...)
	if len(res.Files) != len(tests) {
		t.Fatalf("%d results for %d files", len(res.Files), len(tests))
	}
	for i, tt := range tests {
		fr := res.Files[i]
		if fr.Outcome != Failed {
			t.Errorf("%s: outcome %v, want Failed", tt.file, fr.Outcome)
			continue
		}
		msg := fr.Reason.Error()
		if !strings.HasPrefix(msg, paths[i]+":") || !strings.Contains(msg, tt.msg) {
			t.Errorf("%s: error %q, want it to name the file and say %q", tt.file, msg, tt.msg)
		}
	}
	if _, _, failed, _ := res.Count(); failed != len(tests) {
		t.Errorf("failed = %d, want %d", failed, len(tests))
	}
	if files := siteFiles(t, site); len(files) != 0 {
		t.Errorf("bad input wrote %v", files)
	}
}

// rawZip is a zip archive of the given files, not a Word document.
func rawZip(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(text))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Other file types are skipped, not failed, each with a message.
func TestSkippedTypes(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	write(t, filepath.Join(in, "2022年总结.doc"), []byte{0xD0, 0xCF, 0x11, 0xE0})
	write(t, filepath.Join(in, "2022年照片.jpg"), []byte{0xFF, 0xD8})
	write(t, filepath.Join(in, "~$22年总结.docx"), []byte{0}) // Word's lock file
	write(t, filepath.Join(in, ".hidden", "2022年.txt"), []byte("x"))
	write(t, filepath.Join(in, "2022年已有.md"), []byte("+++\ntitle = \"已有\"\n+++\n正文\n"))
	res := importInto(t, filepath.Join(dir, "site"), Options{}, in)
	want := map[string]string{
		"2022年总结.doc":  "save it as .docx",
		"2022年照片.jpg":  "not a document gen imports",
		"2022年已有.md":   "front matter already",
		"~$22年总结.docx": "a lock file Word or WPS leaves",
	}
	if len(res.Files) != len(want) {
		t.Fatalf("results %+v, want %d", res.Files, len(want))
	}
	for _, fr := range res.Files {
		w, ok := want[filepath.Base(fr.Source)]
		if !ok || fr.Outcome != Skipped || !strings.Contains(fr.Reason.Error(), w) {
			t.Errorf("%s: %v %v, want Skipped saying %q", fr.Source, fr.Outcome, fr.Reason, w)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "site")); err == nil {
		t.Error("skipping wrote into the site")
	}
}

func TestMissingPathFails(t *testing.T) {
	res := importInto(t, t.TempDir(), Options{}, filepath.Join(t.TempDir(), "不存在.txt"))
	if len(res.Files) != 1 || res.Files[0].Outcome != Failed || !strings.Contains(res.Files[0].Reason.Error(), "no such file") {
		t.Fatalf("got %+v", res.Files)
	}
}

// A folder of 1,000 documents (and a few bad ones) imports with a correct
// summary, and every entry written is whole and loads.
func TestThousandFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	for i := 0; i < 1000; i++ {
		text := fmt.Sprintf("%d年第%d号工作简报\n一、情况\n　　第%d份简报的正文，xx同志审核。\n", 2000+i%20, i, i)
		write(t, filepath.Join(in, fmt.Sprintf("批次%d", i%7), fmt.Sprintf("简报%04d.txt", i)), []byte(text))
	}
	write(t, filepath.Join(in, "空.txt"), nil)
	write(t, filepath.Join(in, "旧.doc"), []byte("x"))
	site := filepath.Join(dir, "site")
	res := importInto(t, site, Options{}, in)
	imported, skipped, failed, warnings := res.Count()
	if imported != 1000 || skipped != 1 || failed != 1 || warnings != 1000 {
		t.Fatalf("imported %d, skipped %d, failed %d, warnings %d; want 1000, 1, 1, 1000", imported, skipped, failed, warnings)
	}
	noTemporaries(t, site)
	lib := load(t, site)
	if len(lib.Entries) != 1000 {
		t.Fatalf("content.Load found %d entries, want 1000", len(lib.Entries))
	}
	for _, e := range lib.Entries {
		if !strings.HasPrefix(e.Path, fmt.Sprintf("reports/%d/", e.Year)) {
			t.Errorf("%s is not under its year %d", e.Path, e.Year)
		}
	}
	// Again: every entry exists now, so all are skipped and nothing changes.
	again := importInto(t, site, Options{}, in)
	if i, s, f, _ := again.Count(); i != 0 || s != 1001 || f != 1 {
		t.Errorf("second import: imported %d, skipped %d, failed %d; want 0, 1001, 1", i, s, f)
	}
}

func load(t *testing.T, site string) *content.Library {
	t.Helper()
	lib, _, err := content.Load(context.Background(), os.DirFS(filepath.Join(site, "content")), config.Default(), content.Options{})
	if err != nil {
		t.Fatalf("content.Load: %v", err)
	}
	return lib
}

// The imported fixtures load as entries with the right title, year, date
// and attachments, placed under their year.
func TestImportedEntriesLoad(t *testing.T) {
	res, root := importFixtures(t, Options{KeepOriginal: false})
	for _, f := range res.Files {
		if f.Outcome != Imported {
			t.Fatalf("%s: %v %v", f.Source, f.Outcome, f.Reason)
		}
	}
	lib := load(t, filepath.Join(root, "site"))
	byTitle := map[string]*content.Entry{}
	for _, e := range lib.Entries {
		byTitle[e.Title] = e
	}
	for _, fx := range fixtures() {
		e := byTitle[fx.title]
		if e == nil {
			t.Errorf("%s: no entry titled %q among %d", fx.file, fx.title, len(lib.Entries))
			continue
		}
		if e.Year != fx.year || e.Date.Format("2006-01-02") != fx.date || !e.HasDate {
			t.Errorf("%s: year %d date %s, want %d %s", fx.file, e.Year, e.Date.Format("2006-01-02"), fx.year, fx.date)
		}
		if e.Date.Location().String() != "Asia/Shanghai" {
			t.Errorf("%s: date in %s, want the site's zone", fx.file, e.Date.Location())
		}
		if want := fmt.Sprintf("reports/%d/", fx.year); !strings.HasPrefix(e.Path, want) {
			t.Errorf("%s: entry at %s, want it under %s", fx.file, e.Path, want)
		}
		if e.Params["source"] != fx.file || len(e.Tags) != 0 {
			t.Errorf("%s: source %v, tags %v", fx.file, e.Params["source"], e.Tags)
		}
		var names []string
		for _, a := range e.Attachments {
			names = append(names, a.Name)
		}
		if fmt.Sprint(names) != fmt.Sprint(fx.images) || e.Bundle != (fx.images != nil) {
			t.Errorf("%s: bundle %v attachments %v, want %v", fx.file, e.Bundle, names, fx.images)
		}
	}
}

// A 2022 report dated in January 2023 lands under 2022.
func TestYearPlacement(t *testing.T) {
	dir := t.TempDir()
	src := write(t, filepath.Join(dir, "述职报告.txt"), []byte("2022年度述职报告\n正文。\n2023年1月15日\n"))
	res := importInto(t, filepath.Join(dir, "site"), Options{Section: "述职"}, src)
	fr := res.Files[0]
	if fr.Entry != "content/述职/2022/述职报告.md" || fr.Year != 2022 || fr.Date.Format("2006-01-02") != "2023-01-15" {
		t.Fatalf("got %s year %d date %v", fr.Entry, fr.Year, fr.Date)
	}
	lib := load(t, filepath.Join(dir, "site"))
	e := lib.Entries[0]
	if e.Year != 2022 || e.Date.Year() != 2023 || e.URL != "述职/2022/述职报告/index.html" {
		t.Errorf("loaded year %d date %v url %s", e.Year, e.Date, e.URL)
	}
	// --year is only a fallback: the title wins.
	src2 := write(t, filepath.Join(dir, "b", "无年份.txt"), []byte("工作总结\n正文。\n"))
	res = importInto(t, filepath.Join(dir, "site"), Options{Section: "述职", Year: 2017}, src, src2)
	if res.Files[0].Outcome != Skipped || res.Files[1].Entry != "content/述职/2017/无年份.md" {
		t.Errorf("got %+v", res.Files)
	}
}

func TestExistingForceAndDryRun(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	src := write(t, filepath.Join(dir, "2022年总结.txt"), []byte("2022年总结\n第一版。\n"))
	entry := filepath.Join(site, "content", "reports", "2022", "2022年总结.md")

	dry := importInto(t, site, Options{DryRun: true}, src)
	if dry.Files[0].Outcome != Imported || !dry.DryRun {
		t.Fatalf("dry run: %+v", dry.Files[0])
	}
	if _, err := os.Stat(site); err == nil {
		t.Fatal("dry run wrote into the site")
	}
	importInto(t, site, Options{}, src)
	first, _ := os.ReadFile(entry)
	write(t, src, []byte("2022年总结\n第二版。\n"))
	res := importInto(t, site, Options{}, src)
	if res.Files[0].Outcome != Skipped || !strings.Contains(res.Files[0].Reason.Error(), "--force") {
		t.Fatalf("second import: %+v", res.Files[0])
	}
	if now, _ := os.ReadFile(entry); string(now) != string(first) {
		t.Fatal("an existing entry was overwritten without --force")
	}
	res = importInto(t, site, Options{Force: true}, src)
	if now, _ := os.ReadFile(entry); res.Files[0].Outcome != Imported || !strings.Contains(string(now), "第二版") {
		t.Fatalf("--force did not overwrite: %+v\n%s", res.Files[0], now)
	}
	// --keep-original with --force turns the entry into a bundle; the flat
	// file goes so there are not two entries with one URL.
	res = importInto(t, site, Options{Force: true, KeepOriginal: true}, src)
	want := []string{"content/reports/2022/2022年总结/2022年总结.txt", "content/reports/2022/2022年总结/index.md"}
	if got := siteFiles(t, site); fmt.Sprint(got) != fmt.Sprint(want) || !res.Files[0].Bundle {
		t.Errorf("files %v, want %v", got, want)
	}
	noTemporaries(t, site)
}

// Two documents that would make one entry: the first wins, the second is
// skipped with a message naming the first.
func TestSameEntryTwice(t *testing.T) {
	dir := t.TempDir()
	a := write(t, filepath.Join(dir, "in", "2022年总结.txt"), []byte("2022年总结\n正文。\n"))
	b := write(t, filepath.Join(dir, "in", "2022年总结.md"), []byte("2022年总结\n\n正文。\n"))
	res := importInto(t, filepath.Join(dir, "site"), Options{}, filepath.Join(dir, "in"), a)
	if len(res.Files) != 2 {
		t.Fatalf("%d results; a file named twice must be imported once", len(res.Files))
	}
	if res.Files[0].Source != b || res.Files[1].Outcome != Skipped || !strings.Contains(res.Files[1].Reason.Error(), b) {
		t.Errorf("got %+v", res.Files)
	}
}

// A write that fails leaves no temporary file and no partial bundle.
func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	write(t, filepath.Join(site, "content", "reports", "2022"), []byte("a file where the year folder goes"))
	src := write(t, filepath.Join(dir, "2022年总结.txt"), []byte("2022年总结\n正文。\n"))
	res := importInto(t, site, Options{}, src)
	if res.Files[0].Outcome != Failed || !strings.Contains(res.Files[0].Reason.Error(), "cannot write content/reports/2022/2022年总结.md") {
		t.Fatalf("got %+v", res.Files[0])
	}
	noTemporaries(t, site)

	bundle := filepath.Join(dir, "b", "条目")
	os.MkdirAll(filepath.Dir(bundle), 0o755)
	err := writeBundle(bundle, []attachment{{name: "a.png", data: []byte("x")}, {name: "no/such/dir.png", data: []byte("y")}}, []byte("index"))
	if err == nil {
		t.Fatal("writeBundle with an impossible name succeeded")
	}
	if files := siteFiles(t, filepath.Join(dir, "b")); len(files) != 0 {
		t.Errorf("a failed bundle left %v", files)
	}
}

// An import interrupted before writing writes nothing.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	src := write(t, filepath.Join(dir, "2022年总结.txt"), []byte("2022年总结\n正文。\n"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Import(ctx, config.Default(), []string{src}, Options{Site: filepath.Join(dir, "site")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files[0].Outcome != Failed || !strings.Contains(res.Files[0].Reason.Error(), "interrupted") {
		t.Errorf("got %+v", res.Files[0])
	}
	if _, err := os.Stat(filepath.Join(dir, "site")); err == nil {
		t.Error("an interrupted import wrote into the site")
	}
}

func TestRequestErrors(t *testing.T) {
	for _, s := range []string{"../x", "a/b", ".hidden", "_index", "a?"} {
		if _, err := Import(context.Background(), config.Default(), []string{"x"}, Options{Section: s}); err == nil {
			t.Errorf("section %q accepted", s)
		}
	}
	if _, err := Import(context.Background(), config.Default(), nil, Options{}); err == nil {
		t.Error("no paths accepted")
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2022年述职报告", "2022年述职报告"},
		{`a<b>c:d"e/f\g|h?i*j`, "a-b-c-d-e-f-g-h-i-j"},
		{" . 报告 .. ", "报告"},
		{"报告#1 100%", "报告-1 100-"},
		{"CON", "CON-1"},
		{"com1", "com1-1"},
		{"index", "index-1"},
		{"_index", "_index-1"},
		{"...", "entry"},
		{"backup~", "backup~-1"},
		{"#草稿", "-草稿"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Titles with quotes, backslashes and control characters survive the front
// matter and read back through the archive's own parser.
func TestFrontMatterRoundTrip(t *testing.T) {
	for _, title := range []string{`关于"三会一课"的总结`, `路径 C:\报告\2022`, "制表\t符", `'单引号'与"""三引号"""`, "结尾反斜杠\\"} {
		src := frontMatter(title, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), 2022, `源"文件".txt`, "") + "\n正文\n"
		e, _, err := content.Parse("reports/2022/a.md", []byte(src), config.Default())
		if err != nil {
			t.Errorf("title %q: %v\n%s", title, err, src)
			continue
		}
		if e.Title != strings.TrimSpace(title) || e.Params["source"] != `源"文件".txt` || e.Year != 2022 {
			t.Errorf("title %q read back as %q, source %v", title, e.Title, e.Params["source"])
		}
	}
}
