package corpus

import (
	"fmt"
	"time"
)

// Splitting returns a site of n generated entries whose lists all split
// when a list page holds at most maxListed rows: config.toml sets
// maxListed, and beside the generated entries are a day with 3×maxListed
// imported documents of one tag and one unit (so a month is cut into
// numbered parts, in every kind of list), entries with timeline events,
// and a taxonomy declared in config.toml. Tests crawl its output to see
// that every link of every kind of split resolves.
func Splitting(n int, seed int64, maxListed int) map[string][]byte {
	files := Files(n, seed)
	files["config.toml"] = fmt.Appendf(nil, "title = \"拆分测试档案\"\nmaxListed = %d\n\n[taxonomies]\nkinds = \"类别\"\n", maxListed)
	day := time.Date(2020, 6, 15, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3*maxListed; i++ {
		files[fmt.Sprintf("content/activities/2020/import%04d.md", i)] = fmt.Appendf(nil,
			"+++\ntitle = \"批量导入的活动记录第%d份\"\ndate = %s\nunit = \"机关党委\"\ntags = [\"批量导入\"]\nkinds = [\"导入\"]\n+++\n\n同日导入的第%d份材料，正文从略。\n",
			i+1, day.Format("2006-01-02"), i+1)
	}
	for i := 0; i < 2*maxListed; i++ {
		year := 2001 + i%20
		files[fmt.Sprintf("content/reports/%d/events%03d.md", year, i)] = fmt.Appendf(nil,
			"+++\ntitle = \"%d年大事记第%d号\"\ndate = %d-%02d-20\nkinds = [\"大事记\"]\n\n[[events]]\ndate = %d-%02d-01\ntitle = \"召开第%d次全体党员大会\"\n\n[[events]]\ndate = %d-03-05\ntitle = \"学雷锋志愿服务第%d次\"\n+++\n\n本年度大事记录。\n",
			year, i, year, 1+i%12, year, 1+i%12, i+1, year, i+1)
	}
	return files
}
