package cli

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/tools/txtar"
)

// goodSite is a small site that builds; each bad-input case breaks it.
const goodSite = `
-- config.toml --
title = "测试档案"
languageCode = "zh-CN"
-- content/_index.md --
+++
title = "测试档案"
+++

用来测试坏输入的小站点。
-- content/reports/_index.md --
+++
title = "报告"
+++
-- content/reports/2022/甲.md --
+++
title = "甲报告"
date = 2022-03-01
tags = ["测试"]
+++

甲报告的正文。

## 一、情况

第一段。
-- content/reports/2022/乙.md --
+++
title = "乙报告"
date = 2022-04-01
+++

乙报告的正文。
`

// writeSite writes goodSite into a new folder and returns it.
func writeSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	for _, f := range txtar.Parse([]byte(goodSite)).Files {
		writeFile(t, dir, f.Name, f.Data)
	}
	return dir
}

func writeFile(t testing.TB, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// gen runs the command line in dir as a user would, catching a panic so
// the test can say which input caused it.
func gen(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{ctx: context.Background(), stdout: &out, stderr: &errOut, dir: dir}
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("gen %s panicked: %v", strings.Join(args, " "), r)
			}
		}()
		code = Run(e, args)
	}()
	return code, out.String(), errOut.String()
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	for name, b := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("public/%s is gone", name)
		} else if !bytes.Equal(g, b) {
			t.Errorf("public/%s changed", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("public/%s appeared", name)
		}
	}
}

// noLeftovers fails on build folders left beside public/: a failed build
// removes its own.
func noLeftovers(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && e.Name() != ".gen" { // the caches of photos and the search index, kept on purpose
			t.Errorf("left behind in the site folder: %s", e.Name())
		}
	}
}

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBuildBadInput(t *testing.T) {
	const bad = "content/reports/2022/坏.md"
	cases := []struct {
		name  string
		files map[string][]byte
		want  []string // lines stderr must contain: "path:line: " and words of the message
	}{
		{"invalid TOML", map[string][]byte{bad: []byte("+++\ntitle = \"坏的\"\ndate = = 2022-05-01\n+++\n\n正文\n")},
			[]string{bad + ":3: invalid TOML"}},
		{"unterminated front matter", map[string][]byte{bad: []byte("+++\ntitle = \"没关上\"\ndate = 2022-05-01\n\n正文一直写下去。\n")},
			[]string{bad + ":1: front matter opened with +++ is never closed"}},
		{"missing title", map[string][]byte{bad: []byte("+++\ndate = 2022-05-01\n+++\n\n只有正文，没有一级标题。\n")},
			[]string{bad + ":1: no title"}},
		{"bad date", map[string][]byte{bad: []byte("+++\ntitle = \"日期坏了\"\ndate = \"2022-13-45\"\n+++\n\n正文\n")},
			[]string{bad + ":3: date: ", "2022-13-45"}},
		{"two entries with one URL", map[string][]byte{"content/reports/2022/丙.md": []byte("+++\ntitle = \"丙报告\"\ndate = 2022-05-01\nslug = \"甲\"\n+++\n\n正文\n")},
			[]string{"content/reports/2022/丙.md:4: ", "content/reports/2022/甲.md"}},
		{"unknown theme", map[string][]byte{"config.toml": []byte("title = \"测试档案\"\ntheme = \"没有这个主题\"\n")},
			[]string{"config.toml:2: unknown theme \"没有这个主题\""}},
		{"template parse error", map[string][]byte{"layouts/entry.html": []byte("{{define \"main\"}}\n<h1>{{.Entry.Title}}</h1>\n<p>{{range}}</p>\n{{end}}\n")},
			[]string{"layouts/entry.html:3: ", "range"}},
		{"template execution error", map[string][]byte{"layouts/entry.html": []byte("{{define \"main\"}}\n<h1>{{.Entry.Title}}</h1>\n<p>{{.Entry.NoSuchField}}</p>\n{{end}}\n")},
			[]string{"layouts/entry.html:3: ", "NoSuchField"}},
		{"config value of the wrong type", map[string][]byte{"config.toml": []byte("title = 3\n")},
			[]string{"config.toml:1: title must be a string"}},
		{"GB18030 file", map[string][]byte{bad: gb18030(t, "+++\ntitle = \"国标编码的条目\"\ndate = 2022-05-01\n+++\n\n正文。\n")},
			[]string{bad + ":2: file is not UTF-8", "GB18030"}},
		{"NUL bytes", map[string][]byte{bad: []byte("+++\ntitle = \"有空字节\"\ndate = 2022-05-01\n+++\n\n正文\x00。\n")},
			[]string{bad + ":6: file contains NUL bytes"}},
		{"two broken files", map[string][]byte{
			bad:                          []byte("+++\ntitle = \"坏的\"\ndate = = 2022-05-01\n+++\n"),
			"content/reports/2021/也坏.md": []byte("+++\ntitle = \"也坏\"\n\ndate = \"2021-02-30\"\n+++\n")},
			[]string{bad + ":3: invalid TOML", "content/reports/2021/也坏.md:4: date: ", "2 errors"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeSite(t)
			if code, _, stderr := gen(t, dir, "build", "--source", dir); code != 0 {
				t.Fatalf("the good site does not build (exit %d):\n%s", code, stderr)
			}
			before := snapshot(t, filepath.Join(dir, "public"))
			if len(before) < 10 {
				t.Fatalf("the good build wrote only %d files", len(before))
			}
			for name, data := range c.files {
				writeFile(t, dir, name, data)
			}
			code, stdout, stderr := gen(t, dir, "build", "--source", dir)
			if code != 1 {
				t.Errorf("exit status %d, want 1\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			for _, w := range c.want {
				if !hasLineWith(stderr, w) {
					t.Errorf("stderr lacks a line with %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, ".go:") {
				t.Errorf("stderr looks like a crash or names Go source:\n%s", stderr)
			}
			// one mistake, one message: a template error is not repeated for
			// every page that uses the template
			seen := map[string]bool{}
			for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if seen[l] {
					t.Errorf("stderr repeats %q", l)
				}
				seen[l] = true
			}
			if !strings.Contains(stderr, "public was left as it was") {
				t.Errorf("stderr does not say public/ was kept:\n%s", stderr)
			}
			sameFiles(t, snapshot(t, filepath.Join(dir, "public")), before)
			noLeftovers(t, dir)
		})
	}
}

// hasLineWith reports whether one line of out contains every part of
// want, where want is "path:line: message" or a bare word: a path:line
// prefix must begin the line (after an optional "warning: ").
func hasLineWith(out, want string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(want, ".md:") || strings.Contains(want, ".toml:") || strings.Contains(want, ".html:") {
			if strings.HasPrefix(l, want) {
				return true
			}
			continue
		}
		if strings.Contains(l, want) {
			return true
		}
	}
	return false
}

// TestBuildBOMAndCRLF: a file saved by Notepad, with a byte order mark and
// CRLF line ends, is read like any other.
func TestBuildBOMAndCRLF(t *testing.T) {
	dir := writeSite(t)
	src := "\uFEFF+++\r\ntitle = \"记事本保存的条目\"\r\ndate = 2022-06-01\r\nunit = \"办公室\"\r\n+++\r\n\r\n第一段，\r\n接着写。\r\n\r\n## 二、第二部分\r\n\r\n第二段。\r\n"
	writeFile(t, dir, "content/reports/2022/记事本.md", []byte(src))
	code, stdout, stderr := gen(t, dir, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if stderr != "" {
		t.Errorf("warnings for a good file:\n%s", stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "public", "reports", "2022", "记事本", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<h1>记事本保存的条目</h1>", ">2022年6月1日</time>", ">办公室</a>", "<p>第一段，接着写。</p>", `id="二第二部分"`} {
		if !strings.Contains(page, want) {
			t.Errorf("entry page lacks %q", want)
		}
	}
	if strings.ContainsAny(page, "\r\uFEFF") {
		t.Errorf("a stray \\r or byte order mark in the page")
	}
	list, err := os.ReadFile(filepath.Join(dir, "public", "reports", "2022", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(list), ">记事本保存的条目</a>") || strings.ContainsAny(string(list), "\r\uFEFF") {
		t.Errorf("the year list does not show the title cleanly")
	}
	if !strings.Contains(stdout, fmt.Sprintf("built %d pages", pageCount(t, filepath.Join(dir, "public")))) {
		t.Errorf("stdout %q does not give the number of pages written", stdout)
	}
}

func pageCount(t *testing.T, dir string) int {
	n := 0
	for name := range snapshot(t, dir) {
		if strings.HasSuffix(name, ".html") {
			n++
		}
	}
	return n
}
