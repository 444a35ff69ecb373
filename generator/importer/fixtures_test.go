package importer

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The fixtures are documents of the kinds offices keep, written for these
// tests. Each is built from UTF-8 source text here, so what the bytes are
// (GB18030, BOM + CRLF, a zip of XML) is visible in the test itself.

type fixture struct {
	name   string // golden file stem
	file   string // the document's file name
	build  func(t *testing.T) []byte
	title  string
	year   int
	date   string
	images []string // attachments of the bundle; nil for a plain entry
}

func fixtures() []fixture {
	return []fixture{
		{name: "gb18030", file: "2021年社区志愿服务工作总结.txt", build: gb18030Fixture,
			title: "2021年社区志愿服务工作总结", year: 2021, date: "2022-01-10"},
		{name: "utf8bom-crlf", file: "2023年上半年党支部学习情况.txt", build: bomCRLFFixture,
			title: "2023年上半年党支部学习情况", year: 2023, date: "2023-07-05"},
		{name: "docx-styles", file: "机关读书活动总结2022.docx", build: stylesDocx,
			title: "机关读书活动总结", year: 2022, date: "2022-12-20", images: []string{"image1.png"}},
		{name: "docx-typed", file: "2020年工会工作回顾.docx", build: typedDocx,
			title: "2020年工会工作回顾", year: 2020, date: "2020-12-31"},
		{name: "markdown", file: "2019年团支部活动记录.md", build: markdownFixture,
			title: "2019年团支部活动记录", year: 2019, date: "2019-12-31"},
	}
}

const gb18030Text = `2021年社区志愿服务工作总结
　　今年以来，我们围绕居民的实际需求组织志愿服务，现将有关情况总结如下。
一、基本情况
　　全年共开展活动36次，参与志愿者412人次，累计服务时长约一万小时。（范文之家，www.fanwen.example）
（一）队伍建设
　　新招募志愿者58名，其中青年学生占一半以上。
（二）项目开展
1.关爱老人
　　每周两次上门陪伴独居老人，帮助购买生活用品。
2、环境整治
1.5吨垃圾在三天内清运完毕，楼道面貌焕然一新。
一是“暖心敲门”，每月走访困难家庭，了解实际需要。
二是便民服务。设立理发、维修等流动摊位。
（范文之家，www.fanwen.example）
二、存在不足
　　部分活动宣传不够，居民参与度有待提高；x名志愿者未按时登记服务时长。
二〇二二年一月十日
`

func gb18030Fixture(t *testing.T) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(gb18030Text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func bomCRLFFixture(t *testing.T) []byte {
	text := "2023年上半年党支部学习情况\n\n日期：2023-07-05\n一、学习安排\n" +
		"　　支部按月制定学习计划，坚持“第一议题”制度，全体党员参加集中学习。\n" +
		"注：带*号的篇目为必学内容，文件编号 DZB_2023_01 <内部>。\n" +
		"二、学习效果\n　　党员撰写心得体会24篇，其中3篇被xx刊物采用。\n" +
		"# 这一行不是标题，只是井号开头\n"
	return append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(text, "\n", "\r\n")...)
}

func markdownFixture(t *testing.T) []byte {
	return []byte("# 2019年团支部活动记录\n\n一、组织生活\n\n" +
		"本年度共召开支部大会4次，**按时**参加率达到95%。\n团员们分享了各自的学习体会，\n大家一致认为收获很大。\n\n" +
		"（一）主题团日\n\n- 三月：植树活动\n- 五月：青年座谈\n\n1. 第一项\n2. 第二项\n\n" +
		"一是坚持学习，每月至少读一本书。\n\n| 月份 | 活动 |\n| --- | --- |\n| 3 | 植树 |\n\n" +
		"```\n一、这是代码，不是标题：xx（www.example.net）\n```\n\n　　缩进的一段话（青年之声，www.qingnian.example）\n")
}

// buildDocx assembles a .docx from its XML parts; body is the inside of w:body.
func buildDocx(t testing.TB, body string, parts map[string]string, media map[string][]byte) []byte {
	t.Helper()
	all := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>` +
			body + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
	}
	for k, v := range parts {
		all[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range all {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(text))
	}
	for name, data := range media {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Paragraph helpers for docx bodies.
func wp(style, text string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func wr(text string, bold bool) string {
	rpr := ""
	if bold {
		rpr = `<w:rPr><w:b/></w:rPr>`
	}
	return `<w:r>` + rpr + `<w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func wnum(numID, ilvl, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="a5"/><w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr>` +
		wr(text, false) + `</w:p>`
}

func tinyPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{0xA6, 0x1B, 0x1B, 0xFF})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="部门小标题"/><w:basedOn w:val="2"/></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="List Paragraph"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="character" w:styleId="a7"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>`

const numberingXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="◦"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>`

const docRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/读书" TargetMode="External"/>
</Relationships>`

func drawing(rID, descr string) string {
	return `<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="图片 1" descr="` + descr + `"/>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill>` +
		`<a:blip r:embed="` + rID + `"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
}

// stylesDocx has Word's structure: Title and heading styles (one reached
// through basedOn), a table of contents line, bold runs and a Strong
// character style, bullets, a decimal list, Chinese automatic numbering,
// a table with a merged cell, a picture and a hyperlink.
func stylesDocx(t *testing.T) []byte {
	body := wp("a3", "机关读书活动总结") +
		wp("TOC1", "一、主要做法\t1") +
		`<w:p>` + wr("活动概况：", true) + wr("全年举办读书分享会", false) +
		`<w:r><w:rPr><w:rStyle w:val="a7"/></w:rPr><w:t>十二场</w:t></w:r>` + wr("，覆盖全体干部职工。", false) + `</w:p>` +
		wp("1", "一、主要做法") +
		wp("2", "（一）共读一本书") +
		`<w:p><w:pPr><w:ind w:firstLine="420"/></w:pPr>` + wr("　　每季度选定一本书，分组交流读后感。", false) + `</w:p>` +
		wnum("1", "0", "建立读书角") + wnum("1", "1", "配置图书三百余册") + wnum("1", "0", "开通电子借阅") +
		wp("MyHeading", "（二）读书成果") +
		wnum("2", "0", "征集读书笔记") + wnum("2", "0", "评选优秀书评") +
		`<w:p>` + wr("活动照片如下：", false) + `</w:p>` +
		`<w:p>` + drawing("rId5", "读书分享会现场") + `</w:p>` +
		`<w:tbl><w:tblPr/><w:tr><w:tc><w:p>` + wr("书名", true) + `</w:p></w:tc><w:tc><w:p>` + wr("参与人数", true) + `</w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:p>` + wr("《乡土中国》", false) + `</w:p></w:tc><w:tc><w:p>` + wr("46", false) + `</w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p>` + wr("合计 | 两场", false) + `</w:p></w:tc></w:tr></w:tbl>` +
		wnum("3", "0", "下步打算") +
		`<w:p>` + wr("详见", false) + `<w:hyperlink r:id="rId6">` + wr("读书专栏", false) + `</w:hyperlink>` + wr("。", false) + `</w:p>` +
		`<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>` +
		wp("", "2022年12月20日")
	return buildDocx(t, body, map[string]string{
		"word/styles.xml":              stylesXML,
		"word/numbering.xml":           numberingXML,
		"word/_rels/document.xml.rels": docRelsXML,
	}, map[string][]byte{"word/media/image1.png": tinyPNG(t)})
}

// typedDocx has no styles part at all: its outline is typed by hand.
func typedDocx(t *testing.T) []byte {
	body := wp("", "2020年工会工作回顾") +
		wp("", "一、总体情况") +
		wp("", "　　一年来，工会紧扣职工所需，办好实事，职工满意度稳步提升。") +
		wp("", "（一）会员发展") +
		wp("", "一是“扩面”，新发展会员120名，覆盖新就业形态劳动者。") +
		wp("", "二是提质。开展技能培训6期。（职场范文网，www.zhichang.example）") +
		wp("", "三是暖心服务") +
		wp("", "一、这一行虽然以一、开头，但是它是一个很长的句子，已经超过了标题应有的长度，所以它是段落。") +
		wp("", "1.5亿元专项资金全部用于职工福利。") +
		wp("", "二、下步打算") +
		wp("", "1.完善制度") +
		wp("", "2、强化xx保障")
	return buildDocx(t, body, nil, nil)
}

func TestFixturesAreWhatTheySay(t *testing.T) {
	gb := gb18030Fixture(t)
	if bytes.Equal(gb, []byte(gb18030Text)) || strings.Contains(string(gb), "社区") {
		t.Fatal("GB18030 fixture is UTF-8")
	}
	if _, enc, err := Decode("x", gb); err != nil || enc != encGB18030 {
		t.Fatalf("GB18030 fixture decodes as %q, %v", enc, err)
	}
	// 社 is C9 E7 in GB2312, GBK and GB18030.
	if !bytes.Contains(gb, []byte{0xC9, 0xE7}) {
		t.Errorf("GB18030 fixture lacks the GB18030 bytes of 社 (C9 E7)")
	}
	bom := bomCRLFFixture(t)
	if !bytes.HasPrefix(bom, []byte{0xEF, 0xBB, 0xBF}) || !bytes.Contains(bom, []byte("\r\n")) {
		t.Error("BOM fixture has no BOM or no CRLF")
	}
}
