// Package corpus generates a synthetic archive for tests and benchmarks: a
// site folder (config.toml and content/) of Chinese reports, activity
// records and notices with TOML front matter, the same for the same number
// of entries and seed on every machine.
//
// Entries is the model; Files renders it as the files of a site, and Write
// puts them in a folder:
//
//	config.toml
//	content/reports/_index.md            述职报告 (every 8th entry: long, headings, a list, a table)
//	content/activities/_index.md         活动记录 (most entries: 400–1,200 characters)
//	content/notices/_index.md            通知公告 (every 10th entry: short)
//	content/<section>/<year>/<r|a|n><6-digit number>.md
//
// Years run from 1998 to 2025. The vocabulary (words.go) mixes common and
// rare phrases, Latin letters, digits and full-width forms, so substring
// search meets frequent and rare grams. A corpus of 10,000 entries is about
// 15 MB.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Entry is one generated entry.
type Entry struct {
	Path    string // "content/reports/2020/r000010.md"
	Section string // "reports"
	Title   string
	Date    time.Time // in UTC; the site's time zone does not move it off its day
	Year    int       // the year reported on
	Unit    string
	Tags    []string
	Body    string // Markdown
}

// Sections returns each section folder with its title.
func Sections() map[string]string {
	return map[string]string{"reports": "述职报告", "activities": "活动记录", "notices": "通知公告"}
}

// Entries generates n entries from seed.
func Entries(n int, seed int64) []Entry {
	g := gen{r: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))}
	out := make([]Entry, n)
	for i := range out {
		switch {
		case i%8 == 0:
			out[i] = g.report(i)
		case i%10 == 5:
			out[i] = g.notice(i)
		default:
			out[i] = g.activity(i)
		}
	}
	return out
}

// Files returns the site's files by slash-separated path.
func Files(n int, seed int64) map[string][]byte {
	return siteFiles(Sections(), Entries(n, seed))
}

// MixedFiles is Files for the mixed corpus (MixedEntries).
func MixedFiles(n int, seed int64) map[string][]byte {
	return siteFiles(map[string]string{"weekly": "技术周报"}, MixedEntries(n, seed))
}

func siteFiles(sections map[string]string, entries []Entry) map[string][]byte {
	files := map[string][]byte{
		"config.toml": []byte("title = \"档案馆工作档案（生成）\"\nlanguageCode = \"zh-CN\"\ntimeZone = \"Asia/Shanghai\"\n"),
	}
	for name, title := range sections {
		files["content/"+name+"/_index.md"] = fmt.Appendf(nil, "+++\ntitle = %q\n+++\n\n历年%s。\n", title, title)
	}
	for _, e := range entries {
		files[e.Path] = e.Markdown()
	}
	return files
}

// Write writes the site of n entries from seed into dir, creating it.
func Write(dir string, n int, seed int64) error { return WriteFiles(dir, Files(n, seed)) }

// WriteFiles writes files (Files, MixedFiles) into dir, creating it.
func WriteFiles(dir string, files map[string][]byte) error {
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Markdown renders the entry as a content file.
func (e Entry) Markdown() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\ndate = %s\n", e.Title, e.Date.Format("2006-01-02"))
	if e.Year != e.Date.Year() {
		fmt.Fprintf(&b, "year = %d\n", e.Year)
	}
	fmt.Fprintf(&b, "unit = %q\ntags = [", e.Unit)
	for i, t := range e.Tags {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", t)
	}
	b.WriteString("]\n+++\n\n")
	b.WriteString(e.Body)
	return []byte(b.String())
}
