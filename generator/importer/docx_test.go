package importer

import (
	"fmt"
	"strings"
	"testing"

	"gen/generator/config"
)

// docxMarkdown runs a .docx body through the reading stages and returns
// the title, the Markdown body and the messages.
func docxMarkdown(t *testing.T, body string, parts map[string]string) (string, string, []error) {
	t.Helper()
	rd, err := readDocx("d.docx", buildDocx(t, body, parts, map[string][]byte{"word/media/image1.png": tinyPNG(t)}))
	if err != nil {
		t.Fatal(err)
	}
	blocks, warns := rd.blocks, rd.warns
	cfg := config.Default()
	c := &cleaner{name: "d.docx", docx: true, watermarks: cfg.Check.Watermarks, holders: cfg.Check.Placeholders}
	blocks = c.clean(blocks)
	title, blocks := takeTitle(blocks, "文件名", true)
	return title, strings.TrimSpace(render(applyOutline(blocks), rd.notes)), append(warns, c.warns...)
}

const wpsStyles = `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="标题 1"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="4"><w:name w:val="标题 2"/></w:style>
<w:style w:type="paragraph" w:styleId="T"><w:name w:val="标题"/></w:style>
</w:styles>`

const relsWithExternal = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="/word/numbering.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="file:///C:/照片.png" TargetMode="External"/>
</Relationships>`

func TestDocxFeatures(t *testing.T) {
	parts := map[string]string{"word/styles.xml": wpsStyles, "word/numbering.xml": numberingXML, "word/_rels/document.xml.rels": relsWithExternal}
	tests := []struct {
		name, body, title, md, warn string
	}{
		{"WPS styles and automatic 一、 on a heading",
			wp("T", "2022年") + wp("T", "总结") + wp("3", "基本情况") + wp("3", "主要问题") + wp("4", "小节"),
			"2022年总结", "## 一、基本情况\n\n## 二、主要问题\n\n### 小节", ""},
		{"outline level set on the paragraph",
			wp("", "标题行") + `<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>` + wr("二级", true) + `</w:p>`,
			"标题行", "### 二级", ""},
		{"tracked changes: deletions out, insertions in",
			wp("", "标题行") + `<w:p>` + wr("保留", false) + `<w:del><w:r><w:delText>删掉</w:delText></w:r></w:del><w:ins>` + wr("插入", false) + `</w:ins></w:p>`,
			"标题行", "保留插入", ""},
		{"bold switched off, field code hidden",
			wp("", "标题行") + `<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>不粗</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>` + wr("3", false) + `</w:p>`,
			"标题行", "不粗3", ""},
		{"picture in AlternateContent appears once",
			wp("", "标题行") + `<w:p><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps">` +
				drawing("rId5", "") + `</mc:Choice><mc:Fallback>` + drawing("rId5", "") + `</mc:Fallback></mc:AlternateContent></w:p>`,
			"标题行", "![](image1.png)", ""},
		{"VML text box read after its paragraph, outside picture reported",
			wp("", "标题行") + `<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>` + wp("", "框里的字") +
				`</w:txbxContent></v:textbox></v:shape></w:pict></w:r>` + drawing("rId7", "") + wr("正文", false) + `</w:p>`,
			"标题行", "正文\n\n框里的字", "paragraph 2: picture linked to file:///C:/照片.png outside the document was not imported"},
		{"nested table flattened into its cell, a line a paragraph",
			wp("", "标题行") + `<w:tbl><w:tr><w:tc>` + wp("", "甲") + `</w:tc><w:tc><w:tbl><w:tr><w:tc>` + wp("", "乙") + `</w:tc><w:tc>` + wp("", "丙") +
				`</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`,
			"标题行", "| 甲 | 乙<br>丙 |\n| --- | --- |", ""},
		{"placeholder in a cell is listed",
			wp("", "标题行") + `<w:tbl><w:tr><w:tc>` + wp("", "xx单位") + `</w:tc></w:tr></w:tbl>`,
			"标题行", "| xx单位 |\n| --- |", `placeholder kept, fill it in: "xx单位"`},
		{"no title line: the file name",
			wp("", "这是一段很长的正文，它不是标题，因为它是一个完整的句子。") + wp("", "第二段。"),
			"文件名", "这是一段很长的正文，它不是标题，因为它是一个完整的句子。\n\n第二段。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, md, warns := docxMarkdown(t, tt.body, parts)
			if title != tt.title || md != tt.md {
				t.Errorf("got title %q, body\n%s\nwant title %q, body\n%s", title, md, tt.title, tt.md)
			}
			all := fmt.Sprint(warns)
			if tt.warn != "" && !strings.Contains(all, tt.warn) {
				t.Errorf("messages %s lack %q", all, tt.warn)
			}
			if tt.warn == "" && len(warns) > 0 {
				t.Errorf("unexpected messages %s", all)
			}
		})
	}
}

// The outside picture of the text-box case is reported too.
func TestDocxExternalPicture(t *testing.T) {
	parts := map[string]string{"word/_rels/document.xml.rels": relsWithExternal, "word/styles.xml": wpsStyles, "word/numbering.xml": numberingXML}
	_, _, warns := docxMarkdown(t, wp("", "标题")+`<w:p>`+drawing("rId7", "")+`</w:p>`, parts)
	if !strings.Contains(fmt.Sprint(warns), "outside the document was not imported") {
		t.Errorf("messages %v", warns)
	}
}

// hanNumber reads what Word's Chinese counting writes (docx's hanNumeral).
func TestHanNumber(t *testing.T) {
	for n, han := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 99: "九十九"} {
		if got := hanNumber(han); got != n {
			t.Errorf("hanNumber(%q) = %d, want %d", han, got, n)
		}
	}
}
