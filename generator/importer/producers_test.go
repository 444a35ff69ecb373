package importer

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// Fixtures in the shapes the three producers write. Their XML differs:
// Word writes a text box as mc:AlternateContent, a DrawingML wps:wsp in the
// Choice and a VML v:shape in the Fallback; WPS does the same but groups
// shapes (wpg:wgp) and marks East Asian runs; LibreOffice writes a v:rect
// in the Fallback and wraps its table of contents in a content control;
// Word in compatibility mode writes VML alone. None is copied from a real
// document: each is built here from its parts.

type producer struct {
	name string
	app  string // docProps/app.xml Application
	ns   string // namespace declarations of the document root
	rPr  string // what the producer puts in every run's properties
}

const nsAll = `xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

var (
	word   = producer{"Word", "Microsoft Office Word", nsAll + ` xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"`, `<w:rFonts w:ascii="宋体" w:hAnsi="宋体"/>`}
	wps    = producer{"WPS", "WPS Office_11.1.0.11294_F1E327BC-269C-435d-A152-05C5408002CA", nsAll + ` xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData"`, `<w:rFonts w:hint="eastAsia"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>`}
	office = producer{"LibreOffice", "LibreOffice/7.3.7.2$Linux_X86_64 LibreOffice_project/30$Build-2", nsAll, `<w:rFonts w:ascii="Noto Serif CJK SC" w:eastAsia="Noto Serif CJK SC"/>`}
	compat = producer{"Word (compatibility mode)", "Microsoft Office Word", nsAll, ``}
)

var producers = []producer{word, wps, office}

func (p producer) run(text string) string {
	return `<w:r><w:rPr>` + p.rPr + `</w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func (p producer) para(text string) string { return `<w:p>` + p.run(text) + `</w:p>` }

// textBox is a floating text box holding paras, as p writes one.
func (p producer) textBox(paras string) string {
	vml := `<w:pict><v:shape id="文本框 2" type="#_x0000_t202" style="position:absolute"><v:textbox><w:txbxContent>` + paras + `</w:txbxContent></v:textbox></v:shape></w:pict>`
	if p.name == office.name {
		vml = `<w:pict><v:rect style="position:absolute"><v:textbox><w:txbxContent>` + paras + `</w:txbxContent></v:textbox></v:rect></w:pict>`
	}
	if p.name == compat.name {
		return `<w:r>` + vml + `</w:r>`
	}
	wsp := `<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>` + paras + `</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>`
	if p.name == wps.name {
		wsp = `<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr/>` + wsp + `</wpg:wgp>`
	}
	return `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="2" name="文本框 2"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">` +
		wsp + `</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>` + vml + `</mc:Fallback></mc:AlternateContent></w:r>`
}

// docx is a whole .docx in p's shape: body inside w:body, parts and media
// added, and core properties when created is set.
func (p producer) docx(t testing.TB, body string, parts map[string]string, media map[string][]byte, created string) []byte {
	t.Helper()
	all := map[string]string{
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:document ` + p.ns + `><w:body>` + body +
			`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
		"docProps/app.xml": `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>` + p.app + `</Application></Properties>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
	}
	if created != "" {
		all["docProps/core.xml"] = `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">` + created + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-01T02:00:00Z</dcterms:modified></cp:coreProperties>`
	}
	for k, v := range parts {
		all[k] = v
	}
	if _, ok := all["word/_rels/document.xml.rels"]; !ok {
		all["word/_rels/document.xml.rels"] = relsXML(nil)
	}
	delete(all, "word/document.xml.body")
	return buildDocx(t, "", all, media)
}

// relsXML is a document's relationships: id → type:target.
func relsXML(rels map[string]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for id, tt := range rels {
		typ, target, _ := strings.Cut(tt, ":")
		b.WriteString(`<Relationship Id="` + id + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/` + typ + `" Target="` + target + `"/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

// converted runs a .docx through every stage up to the Markdown body.
func converted(t *testing.T, src []byte) (title, md string, rd *reading) {
	t.Helper()
	rd, err := readDocx("d.docx", src)
	if err != nil {
		t.Fatal(err)
	}
	title, blocks := takeTitle(rd.blocks, "文件名（定稿）", true)
	return title, strings.TrimSpace(render(applyOutline(blocks), rd.notes)), rd
}

// Each construct of a real document, in each producer's shape: what of it
// comes into the entry, and in which order.
func TestConstructs(t *testing.T) {
	tests := []struct {
		name  string
		body  func(p producer) string
		parts map[string]string
		want  string
	}{
		{"text box, once, after its paragraph",
			func(p producer) string {
				return `<w:p>` + p.run("正文第一段") + p.textBox(p.para("框中的落款单位")+p.para("框中第二行")) + `</w:p>` + p.para("正文第二段")
			}, nil, "正文第一段\n\n框中的落款单位\n\n框中第二行\n\n正文第二段"},
		{"shape with text and WordArt",
			func(p producer) string {
				return p.para("正文") + `<w:p><w:r><w:pict><v:shape type="#_x0000_t136"><v:textpath string="艺术字标语"/></v:shape></w:pict></w:r></w:p>` +
					`<w:p><w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:spPr><a:prstGeom prst="rect"/></wps:spPr><wps:txbx><w:txbxContent>` + p.para("矩形里的字") + `</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>`
			}, nil, "正文\n\n艺术字标语\n\n矩形里的字"},
		{"content controls: text kept, placeholder prompts dropped",
			func(p producer) string {
				return `<w:sdt><w:sdtPr><w:alias w:val="单位"/></w:sdtPr><w:sdtContent>` + p.para("填报单位：区志愿者协会") + `</w:sdtContent></w:sdt>` +
					`<w:p>` + p.run("负责人：") + `<w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent>` + p.run("王某") + `</w:sdtContent></w:sdt></w:p>` +
					`<w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>` + p.run("单击或点击此处输入文字。") + `</w:sdtContent></w:sdt></w:p>`
			}, nil, "填报单位：区志愿者协会\n\n负责人：王某"},
		{"smart tags and custom XML",
			func(p producer) string {
				return `<w:p><w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate"><w:smartTagPr><w:attr w:name="Year" w:val="2021"/></w:smartTagPr>` +
					p.run("2021年3月5日") + `</w:smartTag>` + p.run("召开大会") + `<w:customXml w:element="地点">` + p.run("于会议室") + `</w:customXml></w:p>`
			}, nil, "2021年3月5日召开大会于会议室"},
		{"fields: results kept, TOC and page numbers dropped",
			func(p producer) string {
				toc := `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` + p.run("一、基本情况 1") + `</w:p>` +
					p.para("二、存在问题 2") + `<w:p>` + p.run("三、下步打算 3") + `<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`
				if p.name == office.name {
					toc = `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>` + toc + `</w:sdtContent></w:sdt>`
				}
				return toc + `<w:p>` + p.run("印发日期：") + `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \@ "yyyy年M月d日" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
					p.run("2021年4月2日") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>` + `<w:fldSimple w:instr=" PAGE ">` + p.run("7") + `</w:fldSimple>` +
					`<w:fldSimple w:instr=" AUTHOR ">` + p.run("，办公室") + `</w:fldSimple></w:p>`
			}, nil, "印发日期：2021年4月2日，办公室"},
		{"footnotes and endnotes",
			func(p producer) string {
				return `<w:p>` + p.run("累计服务一万小时") + `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="2"/></w:r>` + p.run("，成效明显") +
					`<w:r><w:endnoteReference w:id="1"/></w:r>` + p.run("。") + `</w:p>`
			}, map[string]string{
				"word/_rels/document.xml.rels": relsXML(map[string]string{"rId8": "footnotes:footnotes.xml", "rId9": "endnotes:endnotes.xml"}),
				"word/footnotes.xml": `<?xml version="1.0"?><w:footnotes ` + nsAll + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` +
					`<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 数据来自区志愿服务平台。</w:t></w:r></w:p></w:footnote></w:footnotes>`,
				"word/endnotes.xml": `<?xml version="1.0"?><w:endnotes ` + nsAll + `><w:endnote w:id="1"><w:p><w:r><w:t>统计截至12月20日。</w:t></w:r></w:p></w:endnote></w:endnotes>`,
			}, "累计服务一万小时[^1]，成效明显[^2]。\n\n[^1]: 数据来自区志愿服务平台。\n\n[^2]: 统计截至12月20日。"},
		{"headers with text kept once, page-number footers dropped",
			func(p producer) string { return p.para("正文") },
			map[string]string{
				"word/_rels/document.xml.rels": relsXML(map[string]string{"rId3": "header:header1.xml", "rId4": "header:header2.xml", "rId5": "footer:footer1.xml", "rId6": "footer:footer2.xml"}),
				"word/header1.xml":             `<?xml version="1.0"?><w:hdr ` + nsAll + `><w:p><w:r><w:t>中共某区委员会办公室</w:t></w:r></w:p><w:p/></w:hdr>`,
				"word/header2.xml":             `<?xml version="1.0"?><w:hdr ` + nsAll + `><w:p><w:r><w:t>中共某区委员会办公室</w:t></w:r></w:p></w:hdr>`,
				"word/footer1.xml":             `<?xml version="1.0"?><w:ftr ` + nsAll + `><w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> 页 共 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>NUMPAGES</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>`,
				"word/footer2.xml":             `<?xml version="1.0"?><w:ftr ` + nsAll + `><w:p><w:r><w:t>- 2 -</w:t></w:r></w:p><w:p><w:r><w:t>地址：某区人民路1号</w:t></w:r></w:p></w:ftr>`,
			}, "中共某区委员会办公室\n\n正文\n\n地址：某区人民路1号"},
		{"tracked changes: insertions kept, deletions dropped",
			func(p producer) string {
				return `<w:p>` + p.run("全年开展") + `<w:del w:id="1" w:author="审核"><w:r><w:delText>三十</w:delText></w:r></w:del><w:ins w:id="2" w:author="审核">` + p.run("三十一") + `</w:ins>` + p.run("场") +
					`<w:moveFrom w:id="3"><w:r><w:t>（旧位置）</w:t></w:r></w:moveFrom><w:moveTo w:id="4">` + p.run("宣讲") + `</w:moveTo></w:p>` +
					`<w:del w:id="5"><w:p><w:r><w:delText>整段删除</w:delText></w:r></w:p></w:del>`
			}, nil, "全年开展三十一场宣讲"},
	}
	for _, tt := range tests {
		for _, p := range append(producers, compat) {
			t.Run(tt.name+"/"+p.name, func(t *testing.T) {
				title, md, rd := converted(t, p.docx(t, p.para("2022年工作总结")+tt.body(p), tt.parts, nil, ""))
				if title != "2022年工作总结" {
					t.Errorf("title %q", title)
				}
				if md != tt.want {
					t.Errorf("body\n%s\nwant\n%s", md, tt.want)
				}
				if len(rd.warns) > 0 {
					t.Errorf("warnings %v", rd.warns)
				}
			})
		}
	}
}

// A form with merged cells — a title row across the table, a label down
// two rows, a cell of two lines, a header row — is an HTML table that
// keeps the merges; a table without merges stays a pipe table.
func TestMergedCells(t *testing.T) {
	cell := func(p producer, props, text string) string {
		return `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/>` + props + `</w:tcPr>` + text + `</w:tc>`
	}
	for _, p := range producers {
		t.Run(p.name, func(t *testing.T) {
			form := `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
				`<w:tr><w:trPr><w:tblHeader/></w:trPr>` + cell(p, `<w:gridSpan w:val="3"/>`, p.para("志愿者登记表")) + `</w:tr>` +
				`<w:tr>` + cell(p, `<w:vMerge w:val="restart"/>`, p.para("基本信息")) + cell(p, "", p.para("姓名")) + cell(p, "", p.para("张三")) + `</w:tr>` +
				`<w:tr>` + cell(p, `<w:vMerge/>`, `<w:p/>`) + cell(p, "", p.para("住址")) + cell(p, "", p.para("某街道")+p.para("某小区3号楼")) + `</w:tr>` +
				`</w:tbl>` +
				`<w:tbl><w:tr>` + cell(p, "", p.para("月份")) + cell(p, "", p.para("场次")) + `</w:tr><w:tr>` + cell(p, "", p.para("3月")) + cell(p, "", p.para("4")+p.para("（含线上1场）")) + `</w:tr></w:tbl>`
			_, md, _ := converted(t, p.docx(t, p.para("2022年志愿者登记")+p.para("登记情况如下")+form, nil, nil, ""))
			want := "登记情况如下\n\n<table>\n<thead>\n<tr><th colspan=\"3\">志愿者登记表</th></tr>\n</thead>\n<tbody>\n" +
				"<tr><td rowspan=\"2\">基本信息</td><td>姓名</td><td>张三</td></tr>\n<tr><td>住址</td><td>某街道<br>某小区3号楼</td></tr>\n</tbody>\n</table>\n\n" +
				"| 月份 | 场次 |\n| --- | --- |\n| 3月 | 4<br>（含线上1场） |"
			if md != want {
				t.Errorf("body\n%s\nwant\n%s", md, want)
			}
			// What Markdown passes on as HTML, for the archive's sanitiser
			// (issue 16) to keep: the table whole, one HTML block.
			var b bytes.Buffer
			if err := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe())).Convert([]byte(md), &b); err != nil {
				t.Fatal(err)
			}
			for _, part := range []string{"<table>\n<thead>\n<tr><th colspan=\"3\">", `<td rowspan="2">基本信息</td>`, "某街道<br>某小区3号楼", "<td>4<br>（含线上1场）</td>"} {
				if !strings.Contains(b.String(), part) {
					t.Errorf("rendered page lacks %s:\n%s", part, b.String())
				}
			}
		})
	}
}

// A picture stored as WMF or EMF shows its bitmap fallback; without one it
// is an attachment, with one warning and no <img>.
func TestMetafilePictures(t *testing.T) {
	png := tinyPNG(t)
	media := map[string][]byte{"word/media/image1.emf": []byte("\x01\x00\x00\x00 EMF"), "word/media/image2.png": png,
		"word/media/image3.wmf": []byte("\xd7\xcd\xc6\x9a"), "word/media/image3.png": png, "word/media/image4.emf": []byte("\x01\x00\x00\x00 EMF")}
	rels := relsXML(map[string]string{"rId1": "image:media/image1.emf", "rId2": "image:media/image2.png", "rId3": "image:media/image3.wmf", "rId4": "image:media/image3.png", "rId5": "image:media/image4.emf"})
	blip := func(id string) string {
		return `<w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="示意图"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="` + id + `"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>`
	}
	tests := []struct{ name, body, want, warn string }{
		{"EMF in the Choice, PNG in the Fallback",
			`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wpg">` + blip("rId1") + `</mc:Choice><mc:Fallback><w:pict><v:shape><v:imagedata r:id="rId2" o:title=""/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
			"![示意图](image2.png)", ""},
		{"an OLE object's EMF preview beside a PNG",
			`<w:p><w:r><w:object><v:shape><v:imagedata r:id="rId1"/><v:imagedata r:id="rId2"/></v:shape><o:OLEObject Type="Embed" ProgID="Visio.Drawing.15" r:id="rId9"/></w:object></w:r></w:p>`,
			"![](image2.png)", ""},
		{"a WMF with a PNG of the same name", `<w:p><w:r>` + blip("rId3") + `</w:r></w:p>`, "![示意图](image3.png)", ""},
		{"an EMF alone", `<w:p>` + word.run("图如下：") + `<w:r>` + blip("rId5") + `</w:r></w:p>`, "图如下：", "picture image4.emf is a EMF file, which browsers cannot show"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, md, rd := converted(t, word.docx(t, word.para("2022年图示")+tt.body, map[string]string{"word/_rels/document.xml.rels": rels}, media, ""))
			if md != tt.want {
				t.Errorf("body %q, want %q", md, tt.want)
			}
			warns := ""
			for _, w := range rd.warns {
				warns += w.Error() + "\n"
			}
			if tt.warn == "" && warns != "" || !strings.Contains(warns, tt.warn) || strings.Count(warns, "\n") > 1 {
				t.Errorf("warnings %q, want one saying %q", warns, tt.warn)
			}
			if tt.warn != "" && (len(rd.files) != 1 || rd.files[0].name != "image4.emf") {
				t.Errorf("attachments %v, want image4.emf kept", rd.files)
			}
		})
	}
}

// Titles: the Title style, else the first title-like paragraph past
// labels, else the file name without its producer suffix.
func TestTitles(t *testing.T) {
	centred := func(text string) string {
		return `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>` + word.run(text) + `</w:p>`
	}
	large := func(text string) string {
		return `<w:p><w:r><w:rPr><w:sz w:val="44"/></w:rPr><w:t>` + text + `</w:t></w:r></w:p>`
	}
	tests := []struct{ name, body, want string }{
		{"bracketed label, then a centred title", word.para("【自我介绍】") + centred("2022年个人述职报告") + word.para("本人现任某科科长。"), "2022年个人述职报告"},
		{"bracketed label, then body text", word.para("【自我介绍】") + word.para("本人现任某科科长，负责日常工作。"), "文件名"},
		{"salutation first", word.para("尊敬的各位领导、同志们") + word.para("现将一年来的工作汇报如下。"), "文件名"},
		{"附件 and 编号 lines, then a large title", word.para("附件1") + word.para("编号：2022-017") + large("志愿服务项目立项报告") + word.para("项目概况如下。"), "志愿服务项目立项报告"},
		{"short first line", word.para("会议纪要") + word.para("会议听取了汇报。"), "会议纪要"},
		{"a later short line that is neither centred nor large", word.para("附件2") + word.para("会议纪要") + word.para("会议听取了汇报。"), "文件名"},
	}
	for _, tt := range tests {
		if title, _, _ := converted(t, word.docx(t, tt.body, nil, nil, "")); title != tt.want {
			t.Errorf("%s: title %q, want %q", tt.name, title, tt.want)
		}
	}
	for name, want := range map[string]string{"工作总结（定稿）": "工作总结", "述职报告_v2": "述职报告", "会议纪要 - 副本": "会议纪要", "总结-修改版": "总结", "计划(1)": "计划", "2022年度总结": "2022年度总结", "简报0007": "简报0007"} {
		if got := fileTitle(name); got != want {
			t.Errorf("fileTitle(%q) = %q, want %q", name, got, want)
		}
	}
}

// Dates come from the document when the title and file name name no year:
// the 落款, the first lines, the core properties — in that order, each real
// and not in the future.
func TestDatesFromTheDocument(t *testing.T) {
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	body := func(paras ...string) string {
		s := ""
		for _, p := range paras {
			s += wps.para(p)
		}
		return s
	}
	tests := []struct {
		name, body, created string
		year                int
		date, from          string
	}{
		{"落款 at the end", body("工作总结", "一年来工作扎实推进。", "某街道办事处", "2019年12月30日"), "", 2019, "2019-12-30", `year 2019 and date 2019-12-30 from the date line (落款) "2019年12月30日"`},
		{"落款 in Chinese numerals, month only", body("工作总结", "正文。", "二〇二一年四月"), "", 2021, "2021-04-01", `the date line (落款) "二〇二一年四月"`},
		{"落款 after the unit's name", body("周报", "正文。", "某局办公室 2021.12.30"), "", 2021, "2021-12-30", `"2021.12.30"`},
		{"年度 at the top, 落款 the next January", body("述职报告", "2022年度，本人认真履职。", "正文。", "2023年1月10日"), "", 2022, "2023-01-10", `year 2022 from "2022年度" in the first lines; date 2023-01-10 from the date line (落款) "2023年1月10日"`},
		{"a year in Chinese numerals at the top only", body("工作计划", "二〇二二年，我们将重点做好三件事。"), "", 2022, "2022-12-31", `"二〇二二年" in the first lines`},
		{"core properties only", body("会议纪要", "会议听取了汇报。"), "2021-03-04T01:30:00Z", 2021, "2021-03-04", "the document's properties (created 2021-03-04)"},
		{"a 落款 in the future is passed over", body("会议纪要", "正文。", "2099年1月1日"), "2020-05-06T00:00:00Z", 2020, "2020-05-06", "created 2020-05-06"},
		{"an impossible date is no date", body("会议纪要", "正文。", "2021年2月30日"), "2020-05-06T00:00:00Z", 2020, "2020-05-06", "created"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := readDocx("d.docx", wps.docx(t, tt.body, nil, nil, tt.created))
			if err != nil {
				t.Fatal(err)
			}
			title, blocks := takeTitle(rd.blocks, "d", true)
			year, date, how, ok := dateOf(datingOf("d.docx", title, "d", blocks, rd, Options{Now: now}, time.UTC))
			if !ok || year != tt.year || date.Format("2006-01-02") != tt.date || !strings.Contains(how, tt.from) {
				t.Errorf("year %d, date %s, %q; want %d, %s, from %s", year, date.Format("2006-01-02"), how, tt.year, tt.date, tt.from)
			}
		})
	}
	rd, _ := readDocx("d.docx", word.docx(t, body("会议纪要", "正文。"), nil, nil, ""))
	if _, _, _, ok := dateOf(datingOf("d.docx", "会议纪要", "d", rd.blocks, rd, Options{Now: now}, time.UTC)); ok {
		t.Error("a document with no date anywhere was dated")
	}
}
