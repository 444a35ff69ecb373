package content

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gen/generator/config"
	"gen/generator/diag"
)

// FuzzParse feeds Parse (normalizing, front-matter splitting, TOML, dates,
// events) arbitrary files. Whatever the input, Parse must not panic, and a
// failure must be diag errors naming the file, as the build prints them.
// The seeds run in every go test; go test -fuzz=FuzzParse explores further.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"+++\ntitle = \"年度总结\"\ndate = 2022-07-01\ntags = [\"党建\"]\nunit = \"第一支部\"\n+++\n\n## 一、概况\n\n正文。\n",
		"\xEF\xBB\xBF+++\r\ntitle = \"带BOM\"\r\ndate = \"2022年7月1日\"\r\n+++\r\n\r\n正文\r\n",
		"+++\r\ntitle = \"CRLF\"\r\nyear = 2021\r\n+++\r\n",
		"+++\ntitle = \"没有结尾\"\ndate = 2022-07-01\n\n正文一直写下去",
		"---\ntitle: YAML\n---\n\n正文\n",
		"---\ntitle: 'YAML'\ndate: 2022-07-01 09:30:00 +0800\ntags: [a, b]\ncategories: 活动\naliases: [/old/, ../x.html]\nurl: /p/a/\nlastmod: 2022-07-02\n---\n正文<!--more-->\n",
		"---\na: &a [x, x]\nb: &b [*a, *a]\ntitle: *a\n---\n",
		"---\ntitle: a\n\tb: 1\n---\n",
		"{\"title\": \"JSON\", \"date\": \"2022-07-01\", \"permalink\": \"/2022/a.html\"}\n正文\n",
		"{\"title\": \"未闭合\"\n",
		"{{< figure >}}\n",
		"+++\ntitle = \"空\x00字节\"\n+++\n",
		"+++\n" + strings.Repeat("键", 3000) + " = 1\ntitle = \"长键\"\ndate = 2022-07-01\n+++\n",
		"+++\ntitle = \"事件\"\ndate = 2022-07-01\n[[events]]\ndate = \"不是日期\"\n[[events]]\ntitle = 3\nnote = [1]\n[events]\n+++\n",
		"+++\ntitle = \"事件\"\ndate = 2022-07-01\nevents = \"7月1日\"\n+++\n",
		"# 只有一级标题\n\n正文，没有 front matter，日期来自文件名。\n",
		"+++\ntitle = 3\ndate = 2022-13-45\nyear = \"2022\"\nslug = \"a/b\"\ndraft = \"yes\"\n+++\n",
		"+++\n+++\n",
		"+++",
		"\xff\xfe+\x00+\x00+\x00",
		"+++\ntitle = \"\xb9\xfd\"\n+++\n",
	}
	for _, s := range seeds {
		f.Add("reports/2022/2022-07-01-总结.md", []byte(s))
	}
	f.Add("reports/2022/总结/index.md", []byte(seeds[0]))
	cfg := config.Default()
	f.Fuzz(func(t *testing.T, path string, src []byte) {
		if path == "" || !utf8.ValidString(path) || strings.ContainsAny(path, "\x00\n") {
			return // Load only ever passes slash-separated names read from a folder
		}
		orig := bytes.Clone(src)
		start := time.Now()
		e, body, err := Parse(path, src, cfg)
		if took := time.Since(start); took > 3*time.Second {
			t.Fatalf("Parse of %d bytes took %v", len(src), took)
		}
		if !bytes.Equal(src, orig) {
			t.Fatalf("Parse changed its input")
		}
		if err != nil {
			if e != nil || body != nil {
				t.Errorf("Parse returned an entry and an error %v", err)
			}
			for _, one := range diag.Flatten(err) {
				var d *diag.Error
				if !errors.As(one, &d) {
					t.Fatalf("error %q (%T) is not a *diag.Error", one, one)
				}
				if d.Path != path {
					t.Errorf("error %q names %q, want %q", one, d.Path, path)
				}
				if d.Line < 0 || d.Line > bytes.Count(src, []byte("\n"))+1 {
					t.Errorf("error %q: line %d is outside the file (%d lines)", one, d.Line, bytes.Count(src, []byte("\n"))+1)
				}
				if !strings.HasPrefix(one.Error(), path) {
					t.Errorf("error %q does not start with the path", one)
				}
			}
			return
		}
		if e == nil {
			t.Fatal("Parse returned no entry and no error")
		}
		if strings.TrimSpace(e.Title) == "" {
			t.Errorf("entry without a title: %+v", e)
		}
		// the rule Parse applies to a year = key holds for a year taken
		// from the date too
		if e.Year < 1000 || e.Year > 9999 {
			t.Errorf("entry has year %d (date %v): not a four-digit year", e.Year, e.Date)
		}
		if !strings.HasSuffix(e.URL, "/index.html") {
			t.Errorf("entry URL %q does not end in /index.html", e.URL)
		}
		if bytes.ContainsAny(body, "\r\x00") || bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
			t.Errorf("body not normalized: %q", body)
		}
		if !utf8.Valid(body) {
			t.Errorf("body is not UTF-8")
		}
	})
}
