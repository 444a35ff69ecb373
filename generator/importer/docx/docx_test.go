package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gen/generator/diag"
)

func TestHanNumeral(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 99: "九十九", 100: "100"} {
		if got := hanNumeral(n); got != want {
			t.Errorf("hanNumeral(%d) = %q, want %q", n, got, want)
		}
	}
}

// zipOf makes a .docx of the given parts, with the package relationships
// pointing at word/document.xml.
func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	parts["_rels/.rels"] = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(text))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"`

// Read's contract: blocks in order with their kind, level, number and
// paragraph; formatting on runs; each picture once, named by its path.
func TestRead(t *testing.T) {
	pic := `<w:r><w:drawing><wp:docPr xmlns:wp="x" descr="合影"/><a:blip r:embed="rId9"/></w:drawing></w:r>`
	body := `<w:p><w:pPr><w:pStyle w:val="T"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>一、情况</w:t></w:r></w:p>` +
		`<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>粗</w:t></w:r><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>第一项</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>第二项</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:p>` + pic + pic + `</w:p>`
	src := zipOf(t, map[string]string{
		"word/document.xml": `<?xml version="1.0"?><w:document ` + ns + `><w:body>` + body + `</w:body></w:document>`,
		"word/_rels/document.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/p.png"/></Relationships>`,
		"word/styles.xml": `<?xml version="1.0"?><w:styles ` + ns + `><w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/></w:style></w:styles>`,
		"word/numbering.xml": `<?xml version="1.0"?><w:numbering ` + ns + `><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>` +
			`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
		"word/media/p.png": "PNG",
	})
	doc, err := Read("d.docx", src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.Blocks {
		var runs []string
		for _, r := range b.Runs {
			runs = append(runs, fmt.Sprintf("%q%s%s", r.Text, map[bool]string{true: " b"}[r.Bold], map[bool]string{true: " img=" + r.Image}[r.Image != ""]))
		}
		got = append(got, fmt.Sprintf("kind %d level %d ordered %v num %d para %d title %v: %s %v", b.Kind, b.Level, b.Ordered, b.Num, b.Paragraph, b.Title, strings.Join(runs, ", "), b.Cells))
	}
	want := []string{
		`kind 0 level 0 ordered false num 0 para 1 title true: "标题" []`,
		`kind 1 level 2 ordered false num 0 para 2 title false: "一、情况" []`,
		`kind 0 level 0 ordered false num 0 para 3 title false: "粗" b, "第一行" []`,
		`kind 0 level 0 ordered false num 0 para 3 title false: "第二行" []`,
		`kind 2 level 0 ordered true num 1 para 4 title false: "第一项" []`,
		`kind 2 level 0 ordered true num 2 para 5 title false: "第二项" []`,
		`kind 3 level 0 ordered false num 0 para 6 title false:  [[{[{甲 false false   0 0}] 1 1 false} {[{乙 false false   0 0}] 1 1 false}]]`,
		`kind 0 level 0 ordered false num 0 para 8 title false: "合影" img=word/media/p.png, "合影" img=word/media/p.png []`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(doc.Pictures) != 1 || doc.Pictures[0].Path != "word/media/p.png" || string(doc.Pictures[0].Data) != "PNG" || len(doc.Warnings) != 0 {
		t.Errorf("pictures %+v, warnings %v", doc.Pictures, doc.Warnings)
	}
}

// What is not a .docx is an error naming the file.
func TestReadErrors(t *testing.T) {
	for _, c := range []struct {
		src  []byte
		want string
	}{
		{[]byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0}, "old-format Word file"},
		{[]byte("PK not really"), "zip archive is damaged"},
		{zipOf(t, map[string]string{"word/document.xml": "<w:document><w:body><w:p>"}), "word/document.xml is damaged at its line"},
	} {
		_, err := Read("坏.docx", c.src)
		var de *diag.Error
		if !errors.As(err, &de) || de.Path != "坏.docx" || !strings.Contains(de.Msg, c.want) {
			t.Errorf("Read = %v, want an error at 坏.docx with %q", err, c.want)
		}
	}
}
