package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gen/generator/config"
	"gen/generator/diag"
	"gen/generator/fastio"
)

func cfg() *config.Config { return config.Default() }

func TestParseDate(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := func(y, m, d, h, mi int) time.Time { return time.Date(y, time.Month(m), d, h, mi, 0, 0, sh) }
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"2022-07-01", at(2022, 7, 1, 0, 0)},
		{"2022年7月1日", at(2022, 7, 1, 0, 0)},
		{"2022 年 7 月 1 日", at(2022, 7, 1, 0, 0)},
		{"2022/7/1", at(2022, 7, 1, 0, 0)},
		{"2022.07.01", at(2022, 7, 1, 0, 0)},
		{"2022-07-01 09:30", at(2022, 7, 1, 9, 30)},
		{"2022-07-01T01:00:00Z", at(2022, 7, 1, 9, 0)},
	} {
		got, err := ParseDate(c.in, sh)
		if err != nil || !got.Equal(c.want) || got.Location() != sh {
			t.Errorf("ParseDate(%q) = %v, %v, want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"2022-13-45", "2022-02-30", "七月一日", "", "2022-07-01 25:00"} {
		if _, err := ParseDate(bad, sh); err == nil {
			t.Errorf("ParseDate(%q) gave no error", bad)
		}
	}
}

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		src, fm, body string
		line          int
		err           string
	}{
		{"+++\ntitle = \"a\"\n+++\n正文\n", "title = \"a\"\n", "正文\n", 4, ""},
		{"+++\n+++\n", "", "", 3, ""},
		{"+++  \nt = 1\n+++\t\nbody", "t = 1\n", "body", 4, ""},
		{"# 标题\n正文", "", "# 标题\n正文", 1, ""},
		{"+++\ntitle = \"a\"\n", "", "", 0, "x.md:1: front matter opened with +++ is never closed"},
		{"---\ntitle: a\n---\n", "title: a\n", "", 4, ""},
		{"---\ntitle: a\n\n---   \n正文", "title: a\n\n", "正文", 5, ""},
		{"---\ntitle: a\n正文\n", "", "", 0, "x.md:1: front matter opened with --- is never closed"},
		{"{\n  \"title\": \"a}\\\"{\"\n}\n\n正文\n", "{\n  \"title\": \"a}\\\"{\"\n}", "\n正文\n", 4, ""},
		{"{\"title\": \"a\"}", "{\"title\": \"a\"}", "", 2, ""},
		{"{\"title\": \"a\"} 正文", "", "", 0, "x.md:1: text after the }"},
		{"{\n\"title\": \"a\"\n", "", "", 0, "x.md:1: JSON front matter opened with { is never closed"},
		{"{{< figure src=\"a.jpg\" >}}\n", "", "{{< figure src=\"a.jpg\" >}}\n", 1, ""},
	} {
		fm, body, line, err := Split("x.md", []byte(c.src))
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("Split(%q) error = %v, want %q", c.src, err, c.err)
			}
			continue
		}
		if err != nil || string(fm.Src) != c.fm || string(body) != c.body || line != c.line {
			t.Errorf("Split(%q) = %q, %q, %d, %v; want %q, %q, %d", c.src, fm.Src, body, line, err, c.fm, c.body, c.line)
		}
	}
}

func TestParseEntry(t *testing.T) {
	src := "\xEF\xBB\xBF+++\r\ntitle = \"2022年述职报告\"\r\ndate = 2023-01-15\r\nyear = 2022\r\ntags = [\"党建\", \" 党建 \", \"廉政\"]\r\nunit = \"机关党委\"\r\nweight = 2\r\nslug = \"report\"\r\nsource = \"old.docx\"\r\n\r\n[[events]]\r\ndate = 2022-07-01\r\ntitle = \"入党宣誓\"\r\nnote = \"赴纪念馆\"\r\n+++\r\n正文\r\n"
	e, body, err := Parse("reports/2022/述职.md", []byte(src), cfg())
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != "2022年述职报告" || e.Year != 2022 || e.Date.Format("2006-01-02") != "2023-01-15" || e.Section != "reports" {
		t.Errorf("entry = %+v", e)
	}
	if strings.Join(e.Tags, ",") != "党建,廉政" || strings.Join(e.Units, ",") != "机关党委" || e.Weight != 2 {
		t.Errorf("terms = %v %v weight %d", e.Tags, e.Units, e.Weight)
	}
	if e.URL != "reports/2022/report/index.html" || e.Params["source"] != "old.docx" {
		t.Errorf("url = %s params = %v", e.URL, e.Params)
	}
	if len(e.Events) != 1 || e.Events[0].Title != "入党宣誓" || e.Events[0].Note != "赴纪念馆" || e.Events[0].Line != 11 {
		t.Errorf("events = %+v", e.Events)
	}
	if string(body) != "正文\n" || e.BodyLine != 16 {
		t.Errorf("body = %q at line %d", body, e.BodyLine)
	}
}

func TestParseFallbacks(t *testing.T) {
	// Title from the first "# " heading, date from the file name.
	e, _, err := Parse("activities/2019/2019-03-05-学雷锋.md", []byte("\n# 学雷锋志愿服务\n\n正文"), cfg())
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != "学雷锋志愿服务" || !e.DropH1 || e.Date.Format("2006-01-02") != "2019-03-05" || e.Year != 2019 {
		t.Errorf("entry = %+v", e)
	}
	if e.URL != "activities/2019/2019-03-05-学雷锋/index.html" {
		t.Errorf("url = %s", e.URL)
	}
	// Year only: from the key, else from a year folder.
	e, _, err = Parse("reports/2020/x.md", []byte("+++\ntitle = \"x\"\n+++\n"), cfg())
	if err != nil || e.Year != 2020 || e.HasDate {
		t.Errorf("year folder: %+v %v", e, err)
	}
	// A bundle.
	e, _, err = Parse("activities/2023/开放日/index.md", []byte("+++\ntitle = \"开放日\"\ndate = \"2023年6月9日\"\n+++\n"), cfg())
	if err != nil || !e.Bundle || e.URL != "activities/2023/开放日/index.html" || e.Date.Day() != 9 {
		t.Errorf("bundle: %+v %v", e, err)
	}
}

// Every problem in a file is reported, each at its line.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"+++\ntitle = \"a\"\ndate = \"2022-13-45\"\n+++\n", `a.md:3: date: "2022-13-45" is not a real date`},
		{"+++\ntitle = 1\n+++\n", "a.md:2: title must be a string, not the number 1"},
		{"+++\ntitle = \"\"\ndate = 2022-01-01\n+++\n", "a.md:2: title is empty"},
		{"+++\ndate = 2022-01-01\n+++\n正文", "a.md:1: no title"},
		{"+++\ntitle = \"a\"\n+++\n", "a.md:1: no date"},
		{"+++\ntitle = \"a\"\ndate = 2022-01-01\nyear = \"2022\"\n+++\n", "a.md:4: year must be a whole number"},
		{"+++\ntitle = \"a\"\ndate = 2022-01-01\nyear = 22\n+++\n", "a.md:4: year 22 is not a four-digit year"},
		{"+++\ntitle = \"a\"\ndate = 2022-01-01\ntags = [1]\n+++\n", "a.md:4: tags must be a list of strings"},
		{"+++\ntitle = \"a\"\ndate = 2022-01-01\nslug = \"a/b\"\n+++\n", "a.md:4: slug \"a/b\" must be one"},
		{"+++\ntitle = \"a\"\ndate = 2022-01-01\n\n[[events]]\ntitle = \"x\"\n+++\n", "a.md:5: events[1] has no date"},
		{"+++\ntitle = \"a\"\ndate = 2022-01-01\n\n[[events]]\ndate = 2022-02-01\nwhen = 1\ntitle = \"x\"\n+++\n", "a.md:5: events[1]: unknown key \"when\""},
		{"+++\ntitle = \"a\"\ndate = 2022-01-01\n\n[figures]\n\"宣讲场次\" = 31\n\"受众人数\" = \"1732人\"\n+++\n", "a.md:7: figures.受众人数 must be a number, not the text \"1732人\""},
		{"+++\ntitle = \"a\"\ndate = 2022-01-01\ncompile = \"no\"\n+++\n", "a.md:4: compile must be true or false"},
		{"+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n", "a.md:3: invalid TOML"},
		{"+++\ntitle = \"a\n+++\n", "a.md:2: invalid TOML"},
		{"\xFF\xFEt\x00", "a.md: file is in UTF-16"},
		{"+++\ntitle = \"a\"\n+++\n\x00", "a.md:4: file contains NUL bytes"},
		{"+++\ntitle = \"\xb5\xb3\xbd\xa8\"\n+++\n", "a.md:2: file is not UTF-8 (it looks like GB18030/GBK"},
	} {
		_, _, err := Parse("a.md", []byte(c.src), cfg())
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Parse(%q) error = %v, want prefix %q", c.src, err, c.want)
			continue
		}
		var de *diag.Error
		if !errors.As(err, &de) || de.Path != "a.md" {
			t.Errorf("Parse(%q): error has no place: %#v", c.src, err)
		}
	}
	// Two problems in one file are both reported.
	_, _, err := Parse("a.md", []byte("+++\ntitle = 1\ndate = \"x\"\n+++\n"), cfg())
	if got := len(diag.Flatten(err)); got != 2 {
		t.Errorf("two problems: got %d errors: %v", got, err)
	}
}

func TestDropFirstH1(t *testing.T) {
	got := string(DropFirstH1([]byte("\n# 标题\n\n正文")))
	if got != "\n\n\n正文" {
		t.Errorf("DropFirstH1 = %q", got)
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":                     {Data: []byte("+++\ntitle = \"首页\"\n+++\n介绍")},
		"reports/_index.md":             {Data: []byte("+++\ntitle = \"报告\"\nweight = 2\n+++\n")},
		"activities/_index.md":          {Data: []byte("+++\ntitle = \"活动\"\nweight = 1\n+++\n")},
		"notices/2020/a.md":             {Data: []byte("+++\ntitle = \"通知\"\ndate = 2020-01-01\n+++\n")},
		"reports/2022/r.md":             {Data: []byte("+++\ntitle = \"报告\"\ndate = 2022-12-01\n+++\n")},
		"reports/2022/d.md":             {Data: []byte("+++\ntitle = \"草稿\"\ndate = 2022-12-02\ndraft = true\n+++\n")},
		"activities/2023/b/index.md":    {Data: []byte("+++\ntitle = \"开放日\"\ndate = 2023-06-09\n+++\n")},
		"activities/2023/b/photo.png":   {Data: []byte("png")},
		"activities/2023/b/docs/原件.pdf": {Data: []byte("pdf")},
		"activities/2023/shared.pdf":    {Data: []byte("pdf")},
		"activities/2023/.x.md.swp":     {Data: []byte("swap")},
		"loose.md":                      {Data: []byte("# 无栏目")},
		"reports/2022/_index.md":        {Data: []byte("ignored")},
		".hidden/secret.md":             {Data: []byte("x")},
	}
	lib, warns, err := Load(context.Background(), fsys, cfg(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range lib.Sections {
		names = append(names, s.Name+"="+s.Title)
	}
	if got := strings.Join(names, " "); got != "activities=活动 reports=报告 notices=notices" {
		t.Errorf("sections = %s", got)
	}
	if lib.Home.IntroPath != "_index.md" {
		t.Errorf("home = %+v", lib.Home)
	}
	var paths []string
	for _, e := range lib.Entries {
		paths = append(paths, e.Path)
	}
	if got := strings.Join(paths, " "); got != "activities/2023/b/index.md notices/2020/a.md reports/2022/r.md" {
		t.Errorf("entries = %s", got)
	}
	b := lib.Entries[0]
	if len(b.Attachments) != 2 || b.Attachments[0].Name != "docs/原件.pdf" || b.Attachments[1].Name != "photo.png" {
		t.Errorf("attachments = %+v", b.Attachments)
	}
	if len(lib.Files) != 1 || lib.Files[0].Path != "activities/2023/shared.pdf" {
		t.Errorf("files = %+v", lib.Files)
	}
	if len(warns) != 2 {
		t.Errorf("warnings = %v", warns)
	}
	lib, _, _ = Load(context.Background(), fsys, cfg(), Options{Drafts: true})
	if len(lib.Entries) != 4 {
		t.Errorf("with drafts: %d entries", len(lib.Entries))
	}
}

// All broken files are reported together.
func TestLoadReportsEveryBrokenFile(t *testing.T) {
	fsys := fstest.MapFS{
		"a/1.md": {Data: []byte("+++\ntitle = \n+++\n")},
		"a/2.md": {Data: []byte("+++\ntitle = \"x\"\n")},
		"a/3.md": {Data: []byte("+++\ntitle = \"ok\"\ndate = 2020-01-01\n+++\n")},
		"b/4.md": {Data: []byte("no title")},
	}
	_, _, err := Load(context.Background(), fsys, cfg(), Options{})
	list := diag.Flatten(err)
	if len(list) != 3 {
		t.Fatalf("got %d errors, want 3: %v", len(list), err)
	}
	for i, want := range []string{"a/1.md:2:", "a/2.md:1:", "b/4.md:1:"} {
		if !strings.HasPrefix(list[i].Error(), want) {
			t.Errorf("error %d = %q, want prefix %q", i, list[i], want)
		}
	}
}

// TestHugeFileNotRead puts a sparse 1 GB entry into a site read from disk,
// through both readers a build uses: the load fails at once with the size
// in its message, without reading the gigabyte.
func TestHugeFileNotRead(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "reports", "2023"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "reports", "2023", "huge.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Skipf("no sparse files here: %v", err)
	}
	f.Close()
	for name, fsys := range map[string]fs.FS{"fastio": fastio.DirFS(dir), "os": os.DirFS(dir)} {
		_, _, err := Load(context.Background(), fsys, config.Default(), Options{})
		if err == nil || !strings.Contains(err.Error(), "reports/2023/huge.md: file is 1024.0 MB; entries are limited to 8 MB") {
			t.Errorf("%s: loading a 1 GB entry: %v", name, err)
		}
	}
}

// TestSymlinksSkippedWithAWarning puts a link that loops and one that
// leads out of the site into content/: both are skipped, and one warning
// (rule symlink) says so.
func TestSymlinksSkippedWithAWarning(t *testing.T) {
	dir := t.TempDir()
	sec := filepath.Join(dir, "reports")
	if err := os.MkdirAll(sec, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sec, "a.md"), []byte("+++\ntitle = \"甲\"\ndate = 2023-01-01\n+++\n正文。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Symlink(sec, filepath.Join(sec, "loop")) != nil || os.Symlink("/etc", filepath.Join(sec, "outside")) != nil {
		t.Skip("no symbolic links here")
	}
	lib, warns, err := Load(context.Background(), fastio.DirFS(dir), config.Default(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lib.Entries) != 1 {
		t.Errorf("%d entries, want the one file", len(lib.Entries))
	}
	var found []string
	for _, w := range warns {
		var de *diag.Error
		if errors.As(w, &de) && de.Rule == "symlink" {
			found = append(found, de.Error())
		}
	}
	if len(found) != 1 || !strings.Contains(found[0], "reports/loop: a symbolic link, skipped") || !strings.Contains(found[0], "1 more links skipped") {
		t.Errorf("symlink warnings = %q", found)
	}
}

// TestLoadChanged loads a folder, changes files, and loads again over the
// same scan with Prev and Changed: the result must be what a full Load of
// the new files gives, with every unchanged entry taken over as it was.
func TestLoadChanged(t *testing.T) {
	entry := func(title, date string, draft bool) *fstest.MapFile {
		return &fstest.MapFile{Data: fmt.Appendf(nil, "+++\ntitle = %q\ndate = %s\ndraft = %v\n+++\n正文。", title, date, draft)}
	}
	fsys := fstest.MapFS{
		"reports/2021/a.md": entry("甲", "2021-01-01", false),
		"reports/2021/b.md": entry("乙", "2021-02-01", false),
		"reports/2022/c.md": entry("丙", "2022-03-01", true),
		"reports/2022/d.md": entry("丁", "2022-04-01", false),
	}
	paths := func(l *Library) string {
		var s []string
		for _, e := range l.Entries {
			s = append(s, e.Path+"="+e.Title)
		}
		return strings.Join(s, " ")
	}
	for _, drafts := range []bool{false, true} {
		prev, _, err := Load(context.Background(), fsys, cfg(), Options{Drafts: drafts})
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			name  string
			files fstest.MapFS
		}{
			{"text edited", fstest.MapFS{"reports/2021/b.md": entry("乙改", "2021-02-01", false)}},
			{"a draft published", fstest.MapFS{"reports/2022/c.md": entry("丙", "2022-03-01", false)}},
			{"an entry turned draft", fstest.MapFS{"reports/2021/a.md": entry("甲", "2021-01-01", true)}},
			{"two at once", fstest.MapFS{"reports/2021/a.md": entry("甲二", "2021-01-01", false), "reports/2022/d.md": entry("丁二", "2022-04-01", false)}},
		} {
			var changed []string
			for p, f := range step.files {
				fsys[p] = f
				changed = append(changed, p)
			}
			changed = append(changed, "reports/2021/photo.jpg") // not an entry: ignored
			got, _, err := Load(context.Background(), fsys, cfg(), Options{Drafts: drafts, Tree: prev.Tree, Prev: prev, Changed: changed})
			if err != nil {
				t.Fatal(err)
			}
			want, _, _ := Load(context.Background(), fsys, cfg(), Options{Drafts: drafts})
			if paths(got) != paths(want) {
				t.Errorf("drafts=%v, %s: entries %s, a full load gives %s", drafts, step.name, paths(got), paths(want))
			}
			for _, e := range got.Entries {
				if _, ok := step.files[e.Path]; !ok && prev.Entry(e.Path) != e {
					t.Errorf("drafts=%v, %s: unchanged %s read again", drafts, step.name, e.Path)
				}
			}
			prev = got
		}
	}

	// a broken file among the changed ones fails the load with its line
	prev, _, _ := Load(context.Background(), fsys, cfg(), Options{})
	fsys["reports/2021/b.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \n+++\n")}
	_, _, err := Load(context.Background(), fsys, cfg(), Options{Tree: prev.Tree, Prev: prev, Changed: []string{"reports/2021/b.md"}})
	if err == nil || !strings.HasPrefix(err.Error(), "reports/2021/b.md:2:") {
		t.Errorf("broken changed file: %v", err)
	}
}
