package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// runIn runs gen with args in dir and returns exit status, stdout, stderr.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(&env{ctx: context.Background(), stdout: &out, stderr: &errb, dir: dir}, args)
	return code, out.String(), errb.String()
}

func put(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "config.toml"), []byte("title = \"档案\"\n"))
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("2022年科室工作总结\n一、主要工作\n全年完成xx项任务。（某某网，www.example.net）\n")
	if err != nil {
		t.Fatal(err)
	}
	put(t, filepath.Join(dir, "旧档案", "总结.txt"), []byte(gb))
	put(t, filepath.Join(dir, "旧档案", "旧文件.doc"), []byte{0xD0, 0xCF, 0x11, 0xE0})
	put(t, filepath.Join(dir, "旧档案", "2022年空.txt"), nil)

	code, out, errs := runIn(t, dir, "import", "--dry-run", "旧档案")
	if code != 1 || !strings.Contains(out, "would import 旧档案/总结.txt (GB18030) → content/reports/2022/总结.md") ||
		!strings.Contains(out, "dry run, nothing written: 1 document would be imported, 1 skipped, 1 failed, 1 warning") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "content")); err == nil {
		t.Fatal("dry run wrote content/")
	}

	code, out, errs = runIn(t, dir, "import", "旧档案", "--section", "reports")
	for _, want := range []string{
		"imported 旧档案/总结.txt (GB18030) → content/reports/2022/总结.md",
		`旧档案/总结.txt:3: removed watermark "（某某网，www.example.net）"`,
		"skipped 旧档案/旧文件.doc: .doc files are not imported",
		"1 document imported, 1 skipped, 1 failed, 1 warning",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{"旧档案/2022年空.txt: file is empty", "warning: 旧档案/总结.txt:3: placeholder kept"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if code != 1 || strings.Contains(errs, "goroutine") {
		t.Errorf("exit %d, want 1 (a file failed); stderr:\n%s", code, errs)
	}
	entry, err := os.ReadFile(filepath.Join(dir, "content", "reports", "2022", "总结.md"))
	if err != nil || !strings.Contains(string(entry), "title = \"2022年科室工作总结\"") || !strings.Contains(string(entry), "## 一、主要工作") {
		t.Fatalf("entry: %v\n%s", err, entry)
	}

	code, out, _ = runIn(t, dir, "import", filepath.Join("旧档案", "总结.txt"))
	if code != 0 || !strings.Contains(out, "exists already") || !strings.Contains(out, "0 documents imported, 1 skipped") {
		t.Errorf("second import: exit %d\n%s", code, out)
	}
}

func TestImportCommandUsage(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runIn(t, dir, "import"); code != 2 || !strings.Contains(errs, "Usage: gen import") {
		t.Errorf("no arguments: exit %d\n%s", code, errs)
	}
	if code, _, errs := runIn(t, dir, "import", "x.txt"); code != 1 || !strings.Contains(errs, "is not a site folder") {
		t.Errorf("outside a site: exit %d\n%s", code, errs)
	}
	put(t, filepath.Join(dir, "content", "_index.md"), []byte("+++\ntitle = \"档案\"\n+++\n"))
	if code, _, errs := runIn(t, dir, "import", "--section", "a/b", "x.txt"); code != 2 || !strings.Contains(errs, "one folder name") {
		t.Errorf("bad section: exit %d\n%s", code, errs)
	}
	if code, _, errs := runIn(t, dir, "import", "--year", "22", "x.txt"); code != 2 || !strings.Contains(errs, "four-digit") {
		t.Errorf("bad year: exit %d\n%s", code, errs)
	}
}
