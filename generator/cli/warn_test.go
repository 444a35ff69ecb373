package cli

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// The same warning at several places of one file prints once, at its first
// place, with how many places have it; the summary still counts them all.
func TestBuildGroupsRepeatedWarnings(t *testing.T) {
	dir := writeSite(t)
	writeFile(t, dir, "content/reports/2022/乙.md", []byte("+++\ntitle = \"乙报告\"\ndate = 2022-04-01\n+++\n\n见[办法](../2019/办法.md)。\n\n再见[办法](../2019/办法.md)。\n\n又见[办法](../2019/办法.md)。\n\n另见[别的](别的.md)。\n"))
	code, out, errs := gen(t, dir, "build")
	want := "warning: content/reports/2022/乙.md:6: link \"../2019/办法.md\" points to nothing: there is no content/reports/2019/办法.md (3 times)\n" +
		"warning: content/reports/2022/乙.md:12: link \"别的.md\" points to nothing: there is no content/reports/2022/别的.md\n"
	if code != 0 || errs != want || !strings.Contains(out, "(4 warnings)") {
		t.Errorf("exit %d, stderr\n%s\nwant\n%s\nstdout %s", code, errs, want, out)
	}
}

// 70 text boxes in one .docx, each with the same placeholder, are one
// warning line, not 70; their text is imported.
func TestImportGroupsRepeatedWarnings(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "config.toml"), []byte("title = \"档案\"\n"))
	body := `<w:p><w:r><w:t>2022年工作总结</w:t></w:r></w:p>`
	for range 70 {
		body += `<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent><w:p><w:r><w:t>xx单位</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>`
	}
	put(t, filepath.Join(dir, "总结.docx"), docxWith(t, body))
	code, out, errs := runIn(t, dir, "import", "--dry-run", "总结.docx")
	want := "warning: 总结.docx: paragraph 3: placeholder kept, fill it in: \"xx单位\" (70 times)\n"
	if code != 0 || errs != want || !strings.Contains(out, "70 warnings") {
		t.Errorf("exit %d, stderr\n%s\nwant\n%s\nstdout %s", code, errs, want, out)
	}
}

// docxWith is the smallest .docx the importer reads, with body inside w:body.
func docxWith(t *testing.T, body string) []byte {
	t.Helper()
	parts := []struct{ name, text string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
