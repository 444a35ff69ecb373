package importer

import (
	"fmt"
	"regexp"
	"strings"
)

// Figures an imported document states in the usual ways (累计开展…场,
// 覆盖…人, 发展党员…名) are proposed in its front matter as a commented-out
// [figures] block, for a person to confirm: the importer cannot know which
// of a report's numbers the site tracks, nor whether 31场 is the year's
// total or one unit's.

// figurePattern finds one kind of figure; the name is what the block
// proposes, the last submatch the number.
type figurePattern struct {
	name, unit string
	re         *regexp.Regexp
}

func figurePatterns() []figurePattern {
	const gap = `[^，。；;、\n0-9]{0,10}?`
	num := `([0-9]+)\s*(?:余|多)?`
	return []figurePattern{
		{"宣讲场次", "场", regexp.MustCompile(`宣讲` + gap + num + `场`)},
		{"活动场次", "场", regexp.MustCompile(`(?:累计|共)(?:开展|举办|组织)` + gap + num + `场`)},
		{"覆盖人数", "人", regexp.MustCompile(`覆盖` + gap + num + `人(?:[^次]|$)`)},
		{"受众人数", "人", regexp.MustCompile(`受众` + gap + num + `人(?:[^次]|$)`)},
		{"志愿服务人次", "人次", regexp.MustCompile(`志愿服务` + gap + num + `人次`)},
		{"发展党员", "名", regexp.MustCompile(`发展(?:预备)?党员` + num + `名`)},
	}
}

// proposedFigures is the commented block for text, or "" when it states
// none of the patterns. Each name is proposed once, from its first
// sentence, which is quoted so the writer can find it.
func proposedFigures(text string) string {
	var b strings.Builder
	for _, p := range figurePatterns() {
		m := p.re.FindStringSubmatchIndex(text)
		if m == nil {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("\n# 以下数据是从正文中识别的，核对无误后去掉行首的 # 号（并在 config.toml 的 [[figures]] 中登记）：\n# [figures]\n")
		}
		quote := strings.TrimSpace(text[m[0]:m[3]]) + p.unit
		fmt.Fprintf(&b, "# %s = %s    # “%s”\n", tomlString(p.name), text[m[2]:m[3]], quote)
	}
	return b.String()
}
