package importer

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// ole2 is the start of an OLE2 compound file whose directory names the
// given streams, as a .doc or a password-protected .docx is.
func ole2(streams ...string) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for _, s := range streams {
		for i := 0; i < len(s); i++ {
			b = append(b, s[i], 0)
		}
		b = append(b, make([]byte, 64)...)
	}
	return b
}

// zipBomb is a zip whose document.xml unpacks to just over 64 MB.
func zipBomb(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, 1<<20)
	for range 65 {
		w.Write(zero)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A folder of an office's bad files: each is refused with its name and a
// reason a person understands, and the good document beside them is still
// imported.
func TestBadFilesInAFolder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "旧档案")
	good := word.docx(t, word.para("2021年工作总结")+word.para("正文。"), nil, nil, "")
	write(t, filepath.Join(in, "2021年工作总结.docx"), good)
	bad := map[string]struct {
		data []byte
		says string
	}{
		"新建 Microsoft Word 文档.docx": {nil, "file is empty (0 bytes)"},
		"~$21年工作总结.docx":            {[]byte{0x06, 'x', 'x'}, "a lock file Word or WPS leaves"},
		"加密的总结.docx":                {append([]byte("%TSD-Header-###%"), bytes.Repeat([]byte{0x9C, 0x41, 0x07}, 300)...), "data-security (DLP, 加密) program"},
		"旧格式.docx":                  {ole2("Root Entry", "WordDocument", "1Table"), "old-format Word file (.doc) named .docx"},
		"有密码.docx":                  {ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), "protected with a password"},
		"炸弹.docx":                   {zipBomb(t), "a zip bomb"},
		"下载不全.docx":                 {good[:len(good)*2/3], "damaged or incomplete"},
	}
	for name, b := range bad {
		write(t, filepath.Join(in, name), b.data)
	}
	res := importInto(t, filepath.Join(dir, "site"), Options{}, in)
	seen := 0
	for _, fr := range res.Files {
		base := filepath.Base(fr.Source)
		if base == "2021年工作总结.docx" {
			if fr.Outcome != Imported {
				t.Errorf("the good document: %v %v", fr.Outcome, fr.Reason)
			}
			continue
		}
		b, ok := bad[base]
		if !ok {
			t.Errorf("unexpected %s", base)
			continue
		}
		seen++
		want := Failed
		if strings.HasPrefix(base, "~$") {
			want = Skipped
		}
		if fr.Outcome != want || !strings.HasPrefix(fr.Reason.Error(), fr.Source+":") || !strings.Contains(fr.Reason.Error(), b.says) {
			t.Errorf("%s: %v %v; want %v naming the file and saying %q", base, fr.Outcome, fr.Reason, want, b.says)
		}
	}
	if seen != len(bad) {
		t.Errorf("%d of %d bad files reported", seen, len(bad))
	}
}
