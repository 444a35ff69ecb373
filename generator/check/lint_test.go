package check

import (
	"regexp"
	"strings"
	"testing"

	"gen/generator/config"
)

// One case per rule: the files added to baseSite and the issues expected,
// exactly.
func TestRules(t *testing.T) {
	for _, c := range []struct {
		name, files, want string
	}{
		{"placeholder in the body", entry("丙", "本年度共发展党员x名，完成投资xx万元，由××同志主持。"),
			`error placeholder content/reports/2022/丙.md:6: placeholder "xx" left unfilled`},
		{"placeholder x名", entry("丙", "本年度共发展党员x名。"),
			`error placeholder content/reports/2022/丙.md:6: placeholder "x名" left unfilled`},
		{"placeholder in front matter", "-- content/reports/2022/丙.md --\n+++\ntitle = \"XX年度工作总结\"\ndate = 2022-05-01\n+++\n\n正文。\n",
			`error placeholder content/reports/2022/丙.md:2: placeholder "XX" left unfilled`},
		{"no placeholder in Latin words or code", entry("丙", "Exxon 与 Linux 的 box，还有 `ok`。\n\n```\n姓名：xx\n```\n\n~~~~\n××\n~~~~"), ""},
		{"placeholder after a code block", entry("丙", "```\nxx\n```\n\n××单位"),
			`error placeholder content/reports/2022/丙.md:10: placeholder "××" left unfilled`},
		{"watermark", entry("丙", "这是正文。（某某范文网，www.example.net）"),
			`warning watermark content/reports/2022/丙.md:6: pasted watermark or advert "（某某范文网，www.example.net）"`},
		{"date missing", "-- content/reports/2021/丁.md --\n+++\ntitle = \"丁报告\"\nyear = 2021\n+++\n",
			`warning date-missing content/reports/2021/丁.md:3: no date, only the year 2021 (add date = YYYY-MM-DD to the front matter)`},
		{"date in the future", "-- content/reports/2031/戊.md --\n+++\ntitle = \"戊报告\"\ndate = 2031-07-01\n+++\n",
			`error date-future content/reports/2031/戊.md:3: date 2031-07-01 is in the future (today is 2025-06-02)`},
		{"today in the site's time zone is not the future", "-- content/reports/2025/戊.md --\n+++\ntitle = \"戊报告\"\ndate = 2025-06-02\n+++\n", ""},
		{"tomorrow is", "-- content/reports/2025/戊.md --\n+++\ntitle = \"戊报告\"\ndate = 2025-06-03\n+++\n",
			`error date-future content/reports/2025/戊.md:3: date 2025-06-03 is in the future (today is 2025-06-02)`},
		{"year before date", "-- content/reports/2021/己.md --\n+++\ntitle = \"己报告\"\ndate = 2023-01-15\nyear = 2021\n+++\n",
			`warning year-before-date content/reports/2021/己.md:4: year 2021 is more than a year before the date 2023-01-15`},
		{"year one before date is usual", "-- content/reports/2022/己.md --\n+++\ntitle = \"己报告\"\ndate = 2023-01-15\nyear = 2022\n+++\n", ""},
		{"title empty", "-- content/reports/2022/庚.md --\n+++\ntitle = \"……\"\ndate = 2022-06-01\n+++\n",
			`error title-empty content/reports/2022/庚.md:2: title "……" has no words`},
		{"title duplicate", "-- content/reports/2022/甲2.md --\n+++\ntitle = \"甲报告\"\ndate = 2022-06-01\n+++\n",
			`warning title-duplicate content/reports/2022/甲2.md:2: title "甲报告" is also the title of content/reports/2022/甲.md, in the same section and year`},
		{"same title in another year", "-- content/reports/2023/甲.md --\n+++\ntitle = \"甲报告\"\ndate = 2023-03-01\n+++\n", ""},
		{"url duplicate", "-- content/reports/2022/辛.md --\n+++\ntitle = \"辛报告\"\ndate = 2022-06-01\nslug = \"乙\"\n+++\n",
			`error url-duplicate content/reports/2022/辛.md:4: its page reports/2022/乙/index.html is also the page of content/reports/2022/乙.md (set a different slug or rename the file)`},
		{"url of an archive page", "-- content/reports/2022.md --\n+++\ntitle = \"年度\"\ndate = 2022-06-01\n+++\n",
			`error url-duplicate content/reports/2022.md: its page reports/2022/index.html is also the archive's section-year page (set a different slug or rename the file)`},
		{"case collision", "-- content/reports/2022/Abc.md --\n+++\ntitle = \"Abc\"\ndate = 2022-06-01\n+++\n-- content/reports/2022/abc.md --\n+++\ntitle = \"abc\"\ndate = 2022-06-02\n+++\n",
			`error case-collision content/reports/2022/abc.md: output folder reports/2022/abc differs from reports/2022/Abc only in letter case: on a Windows share they are one folder`},
		{"windows forbidden character", "-- content/reports/2022/问答?.md --\n+++\ntitle = \"问答\"\ndate = 2022-06-01\n+++\n",
			`error windows-name content/reports/2022/问答?.md: output name reports/2022/问答? has "?", which Windows forbids in file names`},
		{"windows reserved name", "-- content/reports/2022/con.md --\n+++\ntitle = \"控制台\"\ndate = 2022-06-01\n+++\n",
			`error windows-name content/reports/2022/con.md: output name reports/2022/con is reserved on Windows (CON is a device name, with any extension)`},
		{"windows reserved attachment", "-- content/reports/2022/壬/index.md --\n+++\ntitle = \"壬\"\ndate = 2022-06-01\n+++\n-- content/reports/2022/壬/Aux.txt --\n附件\n",
			`error windows-name content/reports/2022/壬/Aux.txt: output name reports/2022/壬/Aux.txt is reserved on Windows (AUX is a device name, with any extension)`},
		{"windows trailing dot", "-- content/reports/2022/末尾..md --\n+++\ntitle = \"末尾\"\ndate = 2022-06-01\n+++\n",
			`error windows-name content/reports/2022/末尾..md: output name reports/2022/末尾. ends in a dot or a space, which Windows drops from file names`},
		{"attachment size", "-- config.toml --\n[check]\nmaxAttachmentMB = 1\n-- content/reports/2022/癸/index.md --\n+++\ntitle = \"癸\"\ndate = 2022-06-01\n+++\n-- content/reports/2022/癸/scan.pdf --\n" + strings.Repeat("扫", 1<<19) + "\n",
			`warning attachment-size content/reports/2022/癸/index.md: attachment "scan.pdf" is 1.5 MB, more than check.maxAttachmentMB (1)`},
		{"build warning", "-- content/stray.md --\n+++\ntitle = \"散件\"\n+++\n",
			`warning build-warning content/stray.md: not in a section folder, so not part of the archive (move it into a folder such as reports/)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := run(t, withFiles(c.files), false)
			want := c.want
			if want != "" {
				want += "\n"
			}
			if got := lines(rep.Issues); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// A broken file stops the build: its error is reported (rule build) and
// the output is not checked.
func TestBuildFailure(t *testing.T) {
	rep := run(t, withFiles("-- content/reports/2022/丙.md --\n+++\ntitle = \"丙\ndate = 2022-05-01\n+++\n"), false)
	if rep.Output != nil || len(rep.Issues) != 1 || rep.Issues[0].Rule != "build" || rep.Errors() != 1 ||
		!strings.HasPrefix(rep.Issues[0].Error(), "content/reports/2022/丙.md:2: invalid TOML") {
		t.Errorf("issues:\n%s", lines(rep.Issues))
	}
}

func TestSeverityFromConfig(t *testing.T) {
	rep := run(t, withFiles(`-- config.toml --
[check.rules]
placeholder = "warning"
watermark = "off"
nonesuch = "error"
build = "warning"
`+entry("丙", "共xx人。（某某网，www.example.net）")), false)
	want := `warning build-warning config.toml:4: check.rules.nonesuch: no such rule (the rules are link, anchor, placeholder, watermark, date-missing, date-future, year-before-date, title-empty, title-duplicate, url-duplicate, case-collision, windows-name, attachment-size, html, shortcode, build-warning, figures, slow-template, build)
warning build-warning config.toml:5: check.rules.build cannot be changed: a failed build is always an error
warning placeholder content/reports/2022/丙.md:6: placeholder "xx" left unfilled
`
	if got := lines(rep.Issues); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if rep.Errors() != 0 || rep.Warnings() != 3 {
		t.Errorf("errors %d, warnings %d", rep.Errors(), rep.Warnings())
	}
}

func TestDraftsOnlyWithDrafts(t *testing.T) {
	files := "-- content/reports/2022/草稿.md --\n+++\ntitle = \"草稿\"\ndate = 2022-06-01\ndraft = true\n+++\n\n共xx人。\n"
	if rep := run(t, withFiles(files), false); len(rep.Issues) != 0 {
		t.Errorf("a draft was checked without --drafts:\n%s", lines(rep.Issues))
	}
	want := `error placeholder content/reports/2022/草稿.md:7: placeholder "xx" left unfilled` + "\n"
	if got := lines(run(t, withFiles(files), true).Issues); got != want {
		t.Errorf("with drafts: got\n%s\nwant\n%s", got, want)
	}
}

func TestCore(t *testing.T) {
	res := config.Default().Check.Placeholders
	for _, c := range []struct{ in, want string }{
		{"至xx年", "xx"}, {"，x名，", "x名"}, {"xx万元", "xx"}, {" ×× ", "××"},
	} {
		re := res[0]
		if !re.MatchString(c.in) {
			re = res[1]
		}
		if got := core(re, []byte(c.in)); got != c.want {
			t.Errorf("core(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNeedles(t *testing.T) {
	for _, c := range []struct{ pattern, want string }{
		{config.DefaultPlaceholders[0], "X x ×"},
		{config.DefaultPlaceholders[1], "个 人 名 场 家 户 期 次 篇 项 万元 元 余人"},
		{config.DefaultWatermarks[0], "www. http"},
		{`待填|某某`, "待填 某某"},
		{`(?i)xx`, ""},
		{`.*`, ""},
		{`[^a]b+`, "b"},
	} {
		p := newPatterns([]*regexp.Regexp{regexp.MustCompile(c.pattern)})[0]
		var got []string
		for _, n := range p.needles {
			got = append(got, string(n))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("needles(%q) = %q, want %q", c.pattern, got, c.want)
		}
	}
}

func TestWindowsProblem(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"总结", ""}, {"com10", ""}, {"console", ""}, {"nul.tar.gz", "is reserved on Windows (NUL is a device name, with any extension)"},
		{"LPT9", "is reserved on Windows (LPT9 is a device name, with any extension)"}, {"a|b", `has "|", which Windows forbids in file names`},
		{"a\x01", "has the control character U+0001, which Windows forbids in file names"},
		{"a ", "ends in a dot or a space, which Windows drops from file names"},
	} {
		if got := windowsProblem(c.name); got != c.want {
			t.Errorf("windowsProblem(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// The JSON report's schema, field by field.
func TestJSON(t *testing.T) {
	rep := run(t, withFiles(entry("丙", "共xx人，见[缺](缺.md)。")), false)
	rep.Pages, rep.Links, rep.Files = 14, 300, 40 // the theme may change these
	b, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema": "gen-check/1",
  "ok": false,
  "errors": 2,
  "warnings": 0,
  "pages": 14,
  "links": 300,
  "files": 40,
  "issues": [
    {
      "path": "content/reports/2022/丙.md",
      "line": 6,
      "rule": "link",
      "severity": "error",
      "message": "link \"缺.md\" → no file content/reports/2022/缺.md",
      "page": "reports/2022/丙/index.html"
    },
    {
      "path": "content/reports/2022/丙.md",
      "line": 6,
      "rule": "placeholder",
      "severity": "error",
      "message": "placeholder \"xx\" left unfilled"
    }
  ],
  "counts": {
    "link": 1,
    "placeholder": 1
  }
}
`
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
}
