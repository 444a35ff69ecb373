package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"gen/themes"
)

func TestCheckCommand(t *testing.T) {
	dir := writeSite(t)
	code, out, errOut := gen(t, dir, "check")
	if code != 0 || !strings.Contains(out, "0 errors, 0 warnings") || !strings.HasPrefix(out, "checked ") {
		t.Fatalf("clean site: exit %d\n%s%s", code, out, errOut)
	}

	writeFile(t, dir, "content/reports/2022/丙.md", []byte("+++\ntitle = \"丙报告\"\ndate = 2022-05-01\n+++\n\n共发展党员xx名。\n"))
	writeFile(t, dir, "content/reports/2022/丁.md", []byte("+++\ntitle = \"丁报告\"\ndate = 2022-05-02\n+++\n\n正文。（某某网，www.example.net）\n\n见[缺](缺.md)。\n"))
	code, out, _ = gen(t, dir, "check")
	want := `content/reports/2022/丁.md:6: warning: pasted watermark or advert "（某某网，www.example.net）" [watermark]
content/reports/2022/丁.md:8: error: link "缺.md" → no file content/reports/2022/缺.md [link]

content/reports/2022/丙.md:6: error: placeholder "xx" left unfilled [placeholder]

  link              1 error
  placeholder       1 error
  watermark         1 warning
checked `
	if code != 1 || !strings.HasPrefix(out, want) || !strings.HasSuffix(out, ": 2 errors, 1 warning\n") {
		t.Errorf("exit %d, output:\n%s\nwant it to start with:\n%s", code, out, want)
	}

	code, out, _ = gen(t, dir, "check", "--format", "json")
	var j struct {
		Schema string
		OK     bool
		Errors int
		Issues []struct{ Path, Rule, Severity, Message string }
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != 1 || j.Schema != "gen-check/1" || j.OK || j.Errors != 2 || len(j.Issues) != 3 {
		t.Errorf("json: exit %d, %v, %+v", code, err, j)
	}

	writeFile(t, dir, "config.toml", []byte("[check.rules]\nplaceholder = \"warning\"\nlink = \"off\"\n"))
	if code, out, _ = gen(t, dir, "check"); code != 0 || !strings.HasSuffix(out, ": 0 errors, 2 warnings\n") {
		t.Errorf("only warnings: exit %d\n%s", code, out)
	}
	if code, _, errOut = gen(t, dir, "check", "--format", "xml"); code != 2 || !strings.Contains(errOut, "use text or json") {
		t.Errorf("--format xml: exit %d, %s", code, errOut)
	}
}

// A site that does not build: its errors, exit 1.
func TestCheckBrokenSite(t *testing.T) {
	dir := writeSite(t)
	writeFile(t, dir, "content/reports/2022/坏.md", []byte("+++\ntitle = \"坏\n+++\n"))
	code, out, _ := gen(t, dir, "check")
	if code != 1 || !strings.Contains(out, "content/reports/2022/坏.md:2: error: invalid TOML") || !strings.Contains(out, "the build failed, so links were not checked") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// A site's own copy of entry.html makes entry pages go through the template
// engine: gen build -v and gen check say which file and what it costs; a
// copy that is the built-in file byte for byte costs nothing and is not named.
func TestSlowTemplateShown(t *testing.T) {
	dir := writeSite(t)
	builtin, err := themes.FS.ReadFile("default/layouts/entry.html")
	if err != nil {
		t.Fatal(err)
	}
	const line = "layouts/entry.html replaces the built-in template: entry pages are rendered by the template engine, about 10× slower"
	writeFile(t, dir, "layouts/entry.html", builtin)
	if code, out, _ := gen(t, dir, "build", "-v"); code != 0 || strings.Contains(out, "replaces") {
		t.Errorf("the built-in file copied: exit %d\n%s", code, out)
	}
	if code, out, _ := gen(t, dir, "check"); code != 0 || strings.Contains(out, "slow-template") {
		t.Errorf("the built-in file copied: check exit %d\n%s", code, out)
	}

	writeFile(t, dir, "layouts/entry.html", append(builtin, "{{/* 改一个字 */}}"...))
	if code, out, _ := gen(t, dir, "build", "-v"); code != 0 || !strings.Contains(out, "\n  "+line+"\n") && !strings.HasPrefix(out, "  "+line+"\n") {
		t.Errorf("build -v: exit %d\n%s\nwant the line %q", code, out, line)
	}
	if code, out, _ := gen(t, dir, "build"); code != 0 || strings.Contains(out, "replaces") {
		t.Errorf("build without -v: exit %d\n%s", code, out)
	}
	want := "layouts/entry.html: warning: replaces the built-in template: entry pages are rendered by the template engine, about 10× slower [slow-template]\n"
	if code, out, _ := gen(t, dir, "check"); code != 0 || !strings.HasPrefix(out, want) {
		t.Errorf("check: exit %d\n%s\nwant it to start with\n%s", code, out, want)
	}
}
