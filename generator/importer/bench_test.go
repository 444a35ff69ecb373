package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gen/generator/config"
)

// reportDocx is a .docx the size of a real report: a title, about forty
// paragraphs (some 6,000 characters), a merged-cell table, a text box, a
// footnote and a picture, in WPS's shape.
func reportDocx(t testing.TB, i int) []byte {
	var body strings.Builder
	body.WriteString(wps.para(fmt.Sprintf("第%d号工作总结", i)))
	for k := 0; k < 40; k++ {
		body.WriteString(wps.para(fmt.Sprintf("（%d）今年以来，我们坚持以人民为中心的发展思想，围绕群众最关心最直接最现实的利益问题，扎实推进各项工作，全年共开展志愿服务活动%d场，参与群众%d人次，取得了明显成效，得到了上级部门和群众的一致好评。", k+1, k+3, 100+k)))
	}
	body.WriteString(`<w:p>` + wps.run("详见附表") + wps.textBox(wps.para("某街道办事处")) + `</w:p>`)
	body.WriteString(`<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>` + wps.para("统计") + `</w:tc></w:tr><w:tr><w:tc>` + wps.para("场次") + `</w:tc><w:tc>` + wps.para("43") + `</w:tc></w:tr></w:tbl>`)
	body.WriteString(`<w:p><w:r>` + `<w:drawing><wp:inline><wp:docPr id="1" name="图片 1"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId5"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
	body.WriteString(wps.para(fmt.Sprintf("%d年12月%d日", 2000+i%20, 1+i%28)))
	return wps.docx(t, body.String(), map[string]string{"word/_rels/document.xml.rels": relsXML(map[string]string{"rId5": "image:media/image1.png"})},
		map[string][]byte{"word/media/image1.png": tinyPNG(t)}, "2021-03-04T01:30:00Z")
}

// BenchmarkImport1000 imports a folder of 1,000 report-sized .docx into a
// fresh site each time, written to disk: documents per second.
func BenchmarkImport1000(b *testing.B) {
	in := filepath.Join(b.TempDir(), "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("总结%04d.docx", i)), reportDocx(b, i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg := config.Default()
	n := 0
	for b.Loop() {
		site := filepath.Join(b.TempDir(), fmt.Sprint("site", n))
		n++
		res, err := Import(context.Background(), cfg, []string{in}, Options{Site: site})
		if err != nil {
			b.Fatal(err)
		}
		if imported, _, failed, _ := res.Count(); imported != 1000 || failed != 0 {
			b.Fatalf("imported %d, failed %d", imported, failed)
		}
	}
	b.ReportMetric(float64(1000*n)/b.Elapsed().Seconds(), "docs/s")
}
