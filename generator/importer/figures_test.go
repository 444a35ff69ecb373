package importer

import (
	"strings"
	"testing"
	"time"

	"gen/generator/config"
	"gen/generator/content"
)

// TestProposedFigures: a report that states its figures in the usual
// patterns gets them proposed, commented out, in its front matter — which
// still parses, and, once a person removes the #s, gives the figures.
func TestProposedFigures(t *testing.T) {
	body := "一年来，全年累计开展主题宣讲31场，覆盖群众1732人次；受众1200余人。\n\n发展党员2名，志愿服务180人次。\n"
	block := proposedFigures(body)
	for _, want := range []string{`# "宣讲场次" = 31    # “宣讲31场”`, `# "受众人数" = 1200`, `# "发展党员" = 2`, `# "志愿服务人次" = 180`, `# "活动场次" = 31`} {
		if !strings.Contains(block, want) {
			t.Errorf("proposed block has no %q:\n%s", want, block)
		}
	}
	if strings.Contains(block, "覆盖人数") {
		t.Errorf("覆盖1732人次 is not a number of people:\n%s", block)
	}
	if proposedFigures("本年度未开展活动。") != "" {
		t.Errorf("a text with no figures got a block")
	}
	src := frontMatter("2022年宣讲工作总结", time.Date(2022, 12, 30, 0, 0, 0, 0, time.UTC), 2022, "总结.txt", block) + "\n" + body
	if _, _, err := content.Parse("reports/2022/a.md", []byte(src), config.Default()); err != nil {
		t.Errorf("front matter with the proposed block does not parse: %v\n%s", err, src)
	}
	confirmed := strings.NewReplacer("# [figures]", "[figures]", `# "`, `"`).Replace(src)
	e, _, err := content.Parse("reports/2022/a.md", []byte(confirmed), config.Default())
	if err != nil || len(e.Figures) != 5 {
		t.Errorf("confirmed figures: %v, %+v\n%s", err, e, confirmed)
	}
}
