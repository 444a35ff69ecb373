package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPublishCommand(t *testing.T) {
	dir := writeSite(t)
	dest := filepath.Join(t.TempDir(), "archive")
	code, out, errOut := gen(t, dir, "publish", dest)
	if code != 0 || !strings.HasPrefix(out, "published to "+dest) || !strings.Contains(out, "0 files unchanged") {
		t.Fatalf("first publish: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Fatal(err)
	}
	code, out, _ = gen(t, dir, "publish", dest)
	if code != 0 || !strings.Contains(out, "copied 0 files (0 B)") || !strings.Contains(out, "removed 0 files") {
		t.Errorf("second publish: exit %d\n%s", code, out)
	}

	// a check error stops the publish, unless --force
	writeFile(t, dir, "content/reports/2022/乙.md", []byte("+++\ntitle = \"乙报告\"\ndate = 2022-04-01\n+++\n\n共xx人。\n"))
	before := snapshot(t, dest)
	code, _, errOut = gen(t, dir, "publish", dest)
	if code != 1 || !strings.Contains(errOut, `content/reports/2022/乙.md:6: error: placeholder "xx" left unfilled [placeholder]`) ||
		!strings.Contains(errOut, "gen check found 1 error; nothing was published (fix them, or publish anyway with --force)") {
		t.Errorf("publish with an error: exit %d\n%s", code, errOut)
	}
	sameFiles(t, snapshot(t, dest), before)

	code, out, _ = gen(t, dir, "publish", "--dry-run", dest, "--force")
	if code != 0 || !strings.Contains(out, "would copy   reports/2022/乙/index.html\n") || !strings.Contains(out, "dry run, nothing changed") {
		t.Errorf("dry run: exit %d\n%s", code, out)
	}
	sameFiles(t, snapshot(t, dest), before)

	code, out, errOut = gen(t, dir, "publish", dest, "--force")
	if code != 0 || !strings.Contains(errOut, "--force: publishing despite 1 error of gen check") || !strings.Contains(out, "published to") {
		t.Errorf("--force: exit %d\n%s%s", code, out, errOut)
	}
}

func TestPublishRefusals(t *testing.T) {
	dir := writeSite(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"publish"}, 2, "give one destination folder"},
		{[]string{"publish", "public"}, 1, "refusing: " + filepath.Join(dir, "public") + " is inside the site folder"},
		{[]string{"publish", "."}, 1, "is the site folder itself"},
		{[]string{"publish", ".."}, 1, "holds the site folder"},
	} {
		code, _, errOut := gen(t, dir, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("gen %s: exit %d, %s\nwant exit %d, %q", strings.Join(c.args, " "), code, errOut, c.code, c.want)
		}
	}
	full := t.TempDir()
	writeFile(t, full, "旧档案/说明.txt", []byte("不是gen发布的文件"))
	code, _, errOut := gen(t, dir, "publish", full)
	if code != 1 || !strings.Contains(errOut, "not empty and not published by gen") || !strings.Contains(errOut, "use --force") {
		t.Errorf("non-empty folder: exit %d, %s", code, errOut)
	}
}
