package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gen/generator/config"
)

func runNew(e *env, args []string) int {
	flags := newFlags(e, "new", "site DIR | SECTION/PATH.md", `Creates a new site, or a new entry with its front matter filled in.

  gen new site 党建档案              a working site: config.toml, two sections, one entry
  gen new reports/2024/年度总结.md   an entry: title from the file name, today's date`)
	source := flags.String("source", ".", "the site `folder` (for a new entry)")
	if code, done := parse(flags, args); done {
		return code
	}
	switch {
	case flags.NArg() == 2 && flags.Arg(0) == "site":
		return newSite(e, e.abs(flags.Arg(1)))
	case flags.NArg() == 1 && flags.Arg(0) != "site":
		return newEntry(e, e.abs(*source), flags.Arg(0))
	}
	flags.Usage()
	return 2
}

func newSite(e *env, dir string) int {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(e.stderr, "gen new site: %s already exists and is not empty\n", dir)
		return 1
	}
	year := time.Now().Year()
	files := map[string]string{
		"config.toml": `# gen site configuration: see the README for every key.
title = "档案"
languageCode = "zh-CN"
timeZone = "Asia/Shanghai"

[params]
description = "本单位历年述职报告与活动记录"
`,
		// the build's output and the photos' cache (both made again by gen)
		".gitignore":                   "/public/\n/.public.*\n/.gen/\n",
		"content/_index.md":            "+++\ntitle = \"档案\"\n+++\n\n本站收录本单位历年的述职报告、工作总结和活动记录。\n",
		"content/reports/_index.md":    "+++\ntitle = \"述职报告\"\nweight = 1\n+++\n\n历年述职报告与工作总结。\n",
		"content/activities/_index.md": "+++\ntitle = \"活动记录\"\nweight = 2\n+++\n\n主题党日、志愿服务、宣讲与走访等活动的记录。\n",
		fmt.Sprintf("content/activities/%d/第一条记录.md", year): fmt.Sprintf(`+++
title = "第一条记录"
date = %s
tags = ["示例"]
unit = "办公室"
+++

这是用 gen new site 生成的示例条目。把它改成真实的内容，
或者用 gen new activities/%d/新条目.md 再建一条。

## 一、怎样写

正文用 Markdown 书写，二级标题会出现在页面旁的目录里。
`, time.Now().Format("2006-01-02"), year),
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(e.stderr, "gen new site: %v\n", err)
			return 1
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			fmt.Fprintf(e.stderr, "gen new site: %v\n", err)
			return 1
		}
	}
	fmt.Fprintf(e.stdout, "created a site in %s\nnext: cd %s && gen serve\n", e.rel(dir), e.rel(dir))
	return 0
}

var (
	datePrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[-_ ]`)
	yearName   = regexp.MustCompile(`^(1[89]|2\d)\d\d$`)
)

// yearFolder returns the last folder of p named like a year ("2023").
func yearFolder(p string) string {
	segs := strings.Split(p, "/")
	for i := len(segs) - 2; i >= 1; i-- {
		if yearName.MatchString(segs[i]) {
			return segs[i]
		}
	}
	return ""
}

func newEntry(e *env, site, rel string) int {
	rel = filepath.ToSlash(filepath.Clean(rel))
	rel = strings.TrimPrefix(rel, "content/")
	if !strings.HasSuffix(rel, ".md") || !strings.Contains(rel, "/") || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		fmt.Fprintf(e.stderr, "gen new: %q: give the entry as SECTION/PATH.md, e.g. reports/2024/年度总结.md\n", rel)
		return 2
	}
	cfg, _, err := config.Load(os.DirFS(site), "config.toml")
	if err != nil {
		return report(e, "", err)
	}
	if _, err := os.Stat(filepath.Join(site, "content")); err != nil {
		fmt.Fprintf(e.stderr, "gen new: %s has no content/ folder: is it a site? (gen new site DIR makes one)\n", site)
		return 1
	}
	p := filepath.Join(site, "content", filepath.FromSlash(rel))
	name := strings.TrimSuffix(filepath.Base(p), ".md")
	if name == "index" {
		name = filepath.Base(filepath.Dir(p))
	}
	title := strings.TrimSpace(datePrefix.ReplaceAllString(name, ""))
	today := time.Now().In(cfg.Location).Format("2006-01-02")
	text := fmt.Sprintf("+++\ntitle = %q\ndate = %s\n", title, today)
	if y := yearFolder(rel); y != "" && y != today[:4] {
		// written now about an earlier year (a January report on last year)
		text += "year = " + y + "\n"
	}
	text += "tags = []\n+++\n\n"
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "gen new: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(e.stderr, "gen new: %s already exists; not overwritten\n", e.rel(p))
		return 1
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "gen new: %v\n", err)
		return 1
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		fmt.Fprintf(e.stderr, "gen new: %v\n", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(e.stderr, "gen new: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "created %s\n", e.rel(p))
	return 0
}
