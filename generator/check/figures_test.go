package check

import (
	"testing"
)

// TestFigures: a report whose text states other numbers than its
// [figures] is warned about at the text's line; a figure the site does not
// track at its own line; numbers that agree — also as a clause's sum —
// are not.
func TestFigures(t *testing.T) {
	site := withFiles(`-- config.toml --
title = "检查用档案"
timeZone = "Asia/Shanghai"

[[figures]]
name = "宣讲场次"
unit = "场"

[[figures]]
name = "参加人数"
unit = "人"
-- content/reports/2022/丁.md --
+++
title = "丁报告"
date = 2022-12-20

[figures]
"宣讲场次" = 30
"参加人数" = 23
"受众人次" = 1732
+++

全年累计宣讲31场，受众1732人次。

**参加人数**：在职党员18人、离退休党员5人。

开展宣讲进社区活动30场。
`)
	rep := run(t, site, false)
	want := `warning figures content/reports/2022/丁.md:8: figure "受众人次" is not one the site tracks (it tracks 宣讲场次、参加人数): a typo, or add it to [[figures]] in config.toml
warning figures content/reports/2022/丁.md:11: the text says "宣讲31场", the front matter 宣讲场次 = 30 (line 6): which is right?
`
	if got := lines(rep.Issues); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
