package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The mixed corpus is what a technical weekly or a project report holds:
// long entries of Chinese prose mixed with English words and sentences,
// version numbers, figures with units, addresses, file paths and code
// blocks. It is for measuring how the search index copes with text that
// is not all Chinese (MixedEntries; cmd takes -mixed).

var (
	techTerms = []string{"API 网关", "Kubernetes 集群", "CI 流水线", "PostgreSQL 主库", "Redis 缓存",
		"对象存储", "日志平台", "单点登录 SSO", "OA 系统", "电子档案系统", "备份策略", "灰度发布",
		"负载均衡", "容器镜像", "证书轮换", "监控告警", "数据同步任务", "全文检索服务"}
	techVerbs  = []string{"完成了", "排查了", "优化了", "上线了", "回滚了", "评审了", "迁移了", "压测了"}
	techIssues = []string{"偶发超时", "内存泄漏", "磁盘占满", "连接数耗尽", "证书过期", "时区错误",
		"编码乱码", "索引失效", "重复提交", "权限越界"}
	englishSentences = []string{
		"The nightly build failed twice on arm64 because of a flaky test in pkg/storage.",
		"We moved the cron job to 02:30 UTC so it no longer overlaps with the backup window.",
		"Latency at p99 dropped after the connection pool was raised from 20 to 64.",
		"Please review the migration plan before Friday; rollback steps are in section 4.",
		"The upstream fix landed in release 1.18.3, so we can remove our local patch.",
		"Disk usage on the archive node reached 91% and the alert fired at 03:12.",
		"Search queries for mixed Chinese and English terms now return in under 50 ms.",
		"Two services still log passwords in debug mode; tracked as SEC-214 and SEC-219.",
	}
	hosts   = []string{"git.example.internal", "wiki.example.internal", "ci.example.internal", "docs.example.internal"}
	paths   = []string{"infra/gateway", "archive/ingest", "search/indexer", "portal/web", "ops/backup", "data/sync"}
	idents  = []string{"batchSize", "maxRetries", "indexShard", "fetchDocs", "parseDate", "writeManifest", "flushQueue", "userID"}
	langs   = []string{"go", "python", "sql", "yaml", "bash"}
	metrics = []string{"CPU 使用率", "内存占用", "QPS", "P99 延迟", "磁盘 IO", "错误率", "带宽"}
	unitsOf = []string{"%", "GB", "ms", "MB/s", "次/秒", "Mbps"}
)

// mixedSentence is one sentence of a technical weekly.
func (g gen) mixedSentence() string {
	switch g.r.IntN(7) {
	case 0:
		return fmt.Sprintf("本周%s%s，版本从 v%d.%d.%d 升级到 v%d.%d.%d。", g.pick(techVerbs), g.pick(techTerms),
			g.between(1, 3), g.between(0, 9), g.between(0, 20), g.between(1, 3), g.between(0, 9), g.between(0, 20))
	case 1:
		return fmt.Sprintf("%s出现%s，详见 https://%s/%s/-/issues/%d 。", g.pick(techTerms), g.pick(techIssues),
			g.pick(hosts), g.pick(paths), g.between(100, 9999))
	case 2:
		return fmt.Sprintf("%s峰值 %d.%d%s，均值 %d%s，较上周%s %d%%。", g.pick(metrics), g.between(1, 999), g.between(0, 9),
			g.pick(unitsOf), g.between(1, 500), g.pick(unitsOf), g.pick([]string{"上升", "下降"}), g.between(1, 40))
	case 3:
		return g.pick(englishSentences)
	case 4:
		return fmt.Sprintf("修改了 %s/%s.go 中的 %s，把默认值从 %d 改为 %d。", g.pick(paths), strings.ToLower(g.pick(idents)),
			g.pick(idents), g.between(1, 100), g.between(100, 1000))
	case 5:
		return fmt.Sprintf("%d月%d日 %02d:%02d 处理了%s的%s，影响约 %d 个用户。", g.between(1, 12), g.between(1, 28),
			g.between(0, 23), g.between(0, 59), g.pick(techTerms), g.pick(techIssues), g.between(3, 5000))
	default:
		return g.sentence() // the archive's own prose
	}
}

func (g gen) mixedParagraph(lo, hi int) string {
	var b strings.Builder
	for i := range g.between(lo, hi) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.mixedSentence())
	}
	return b.String()
}

func (g gen) code() string {
	lang := g.pick(langs)
	var b strings.Builder
	fmt.Fprintf(&b, "```%s\n", lang)
	for range g.between(3, 8) {
		a, c := g.pick(idents), g.pick(idents)
		switch lang {
		case "go":
			fmt.Fprintf(&b, "if err := %s(ctx, %s); err != nil {\n\treturn fmt.Errorf(\"%s: %%w\", err)\n}\n", a, c, a)
		case "python":
			fmt.Fprintf(&b, "%s = %s(config[\"%s\"], retries=%d)\n", strings.ToLower(a), c, a, g.between(1, 9))
		case "sql":
			fmt.Fprintf(&b, "SELECT id, title FROM documents WHERE year = %d AND %s > %d;\n", g.between(2000, 2025), strings.ToLower(a), g.between(1, 500))
		case "yaml":
			fmt.Fprintf(&b, "%s: %d\n%s: \"%s\"\n", a, g.between(1, 900), c, g.pick(hosts))
		default:
			fmt.Fprintf(&b, "curl -s https://%s/%s | jq '.%s'\n", g.pick(hosts), g.pick(paths), a)
		}
	}
	b.WriteString("```\n")
	return b.String()
}

func (g gen) weekly(i int) Entry {
	year := g.between(2012, 2025)
	e := Entry{Section: "weekly", Year: year, Unit: "信息技术科", Tags: []string{g.pick(techTerms), "技术周报"},
		Date: g.date(year)}
	_, week := e.Date.ISOWeek()
	e.Title = fmt.Sprintf("%d年第%d周技术周报：%s", year, week, g.pick(techTerms))
	var b strings.Builder
	b.WriteString(g.mixedParagraph(3, 5) + "\n\n")
	for s := range g.between(4, 7) {
		fmt.Fprintf(&b, "## %s、%s\n\n%s\n\n", numerals[s%len(numerals)], g.pick(techTerms), g.mixedParagraph(4, 8))
		if g.r.IntN(2) == 0 {
			b.WriteString(g.code() + "\n")
		}
		if g.r.IntN(3) == 0 {
			for range 3 {
				b.WriteString("- " + g.mixedSentence() + "\n")
			}
			b.WriteString("\n")
		}
	}
	e.Path = fmt.Sprintf("content/weekly/%d/w%06d.md", year, i)
	e.Body = b.String()
	return e
}

// MixedEntries generates n long technical entries (section weekly,
// 技术周报) from seed.
func MixedEntries(n int, seed int64) []Entry {
	g := gen{r: rand.New(rand.NewPCG(uint64(seed), 0x243f6a8885a308d3))}
	out := make([]Entry, n)
	for i := range out {
		out[i] = g.weekly(i)
	}
	return out
}
