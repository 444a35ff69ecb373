package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// gen draws the parts of entries from one random source.
type gen struct{ r *rand.Rand }

func (g gen) pick(list []string) string { return list[g.r.IntN(len(list))] }
func (g gen) between(lo, hi int) int    { return lo + g.r.IntN(hi-lo+1) }

func (g gen) tags(n int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		t := g.pick(topics[:24])
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// sentence is one sentence of an activity or a report.
func (g gen) sentence() string {
	switch g.r.IntN(5) {
	case 0:
		return fmt.Sprintf("%s%s%s，共%d人参加，%s。", g.pick(actions), g.pick(topics), g.pick(objects), g.between(8, 400), g.pick(outcomes))
	case 1:
		return fmt.Sprintf("在%s%s%s，%s。", g.pick(places), g.pick(actions), g.pick(topics), g.pick(outcomes))
	case 2:
		return fmt.Sprintf("全年累计开展%s%d次，整理材料%d卷，借助%s提高了工作效率。", g.pick(objects), g.between(2, 60), g.between(10, 3000), g.pick(tools))
	case 3:
		return fmt.Sprintf("%d月%d日，%s召开%s推进会，%s%s。", g.between(1, 12), g.between(1, 28), g.pick(units), g.pick(topics), g.pick(actions), g.pick(objects))
	default:
		return fmt.Sprintf("针对%s中发现的%d个问题，%s%s，%s。", g.pick(topics), g.between(1, 9), g.pick(actions), g.pick(objects), g.pick(outcomes))
	}
}

func (g gen) paragraph(lo, hi int) string {
	var b strings.Builder
	for range g.between(lo, hi) {
		b.WriteString(g.sentence())
	}
	return b.String()
}

func (g gen) date(year int) time.Time {
	return time.Date(year, time.Month(g.between(1, 12)), g.between(1, 28), 0, 0, 0, 0, time.UTC)
}

func (g gen) report(i int) Entry {
	year := g.between(1998, 2025)
	unit := g.pick(units)
	e := Entry{Section: "reports", Year: year, Unit: unit, Tags: g.tags(3),
		Title: fmt.Sprintf("%d年度%s%s", year, unit, g.pick(reportKinds))}
	e.Date = time.Date(year, 12, g.between(10, 28), 0, 0, 0, 0, time.UTC)
	if g.r.IntN(3) == 0 {
		e.Date = time.Date(year+1, 1, g.between(5, 25), 0, 0, 0, 0, time.UTC)
	}
	var b strings.Builder
	b.WriteString(g.paragraph(3, 5) + "\n\n")
	for s := range g.between(3, 5) {
		fmt.Fprintf(&b, "## %s、%s%s情况\n\n", numerals[s], g.pick(topics), g.pick(objects))
		for k := range g.between(2, 3) {
			fmt.Fprintf(&b, "### （%s）%s%s\n\n%s\n\n", numerals[k], g.pick(actions), g.pick(topics), g.paragraph(3, 6))
		}
		if s == 1 {
			for range 4 {
				b.WriteString("- " + g.sentence() + "\n")
			}
			b.WriteString("\n")
		}
		if s == 2 && g.r.IntN(2) == 0 {
			b.WriteString("| 项目 | 次数 | 人数 |\n| --- | ---: | ---: |\n")
			for range 4 {
				fmt.Fprintf(&b, "| %s | %d | %d |\n", g.pick(activityKinds), g.between(1, 30), g.between(10, 900))
			}
			b.WriteString("\n")
		}
	}
	e.Path = fmt.Sprintf("content/reports/%d/r%06d.md", year, i)
	e.Body = b.String()
	return e
}

func (g gen) activity(i int) Entry {
	year := g.between(1998, 2025)
	unit := g.pick(units)
	kind := g.pick(activityKinds)
	e := Entry{Section: "activities", Year: year, Unit: unit, Tags: g.tags(2), Date: g.date(year),
		Title: fmt.Sprintf("%s在%s开展%s", unit, g.pick(places), kind)}
	if g.r.IntN(4) == 0 {
		e.Title = fmt.Sprintf("%s围绕“%s”开展%s", unit, g.pick(topics), kind)
	}
	e.Body = fmt.Sprintf("%s\n\n**参加人数**：%d人\n\n%s\n", g.paragraph(2, 4), g.between(6, 300), g.paragraph(2, 5))
	e.Path = fmt.Sprintf("content/activities/%d/a%06d.md", year, i)
	return e
}

func (g gen) notice(i int) Entry {
	year := g.between(1998, 2025)
	topic := g.pick(topics)
	e := Entry{Section: "notices", Year: year, Unit: "综合办公室", Tags: []string{topic}, Date: g.date(year),
		Title: fmt.Sprintf(g.pick(noticeKinds), topic)}
	e.Body = fmt.Sprintf("各科室、各党支部：\n\n为%s%s，现将有关事项通知如下。%s\n\n特此通知。\n", g.pick(actions), topic, g.paragraph(1, 3))
	e.Path = fmt.Sprintf("content/notices/%d/n%06d.md", year, i)
	return e
}
