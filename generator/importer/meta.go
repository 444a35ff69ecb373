package importer

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxTitleLen is the longest first line taken as a title; a longer one is
// the first paragraph of a document that has no title line.
const maxTitleLen = 60

var (
	reTitleYear = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})\s*年`)
	reNameYear  = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)`)
	reDateCN    = regexp.MustCompile(`^(?:(?:日期|时间)\s*[:：]\s*)?([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]$`)
	reDateISO   = regexp.MustCompile(`^(?:(?:日期|时间)\s*[:：]\s*)?([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$`)
	reDateHan   = regexp.MustCompile(`^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]$`)
)

// titleScan is how many leading blocks takeTitle looks through for a
// title behind labels (【自我介绍】, 附件1, 编号：…, 尊敬的…).
const titleScan = 8

// takeTitle finds the document's title and removes it from the blocks:
// the paragraphs in Word's Title style; else the first block that is not a
// label (isLabel) when it is a heading or a short line that reads like a
// title (at most maxTitleLen characters, no 。！？, not outline numbering,
// a lead sentence or a date) — in a .docx, a line after labels must also
// be centred or large (16 pt and up), as titles are; else the file name
// without the suffixes editors and people add (fileTitle), leaving the
// blocks as they are.
func takeTitle(blocks []block, fallback string, docx bool) (string, []block) {
	for i := range blocks {
		if !blocks[i].title {
			continue
		}
		title, j := "", i
		for ; j < len(blocks) && blocks[j].title; j++ {
			title = joinCJK(title, strings.TrimSpace(plain(blocks[j].runs)))
		}
		return title, append(blocks[:i:i], blocks[j:]...)
	}
	first := true // no label seen yet (header and footer lines do not count)
	for i := 0; i < len(blocks) && i < titleScan; i++ {
		b := blocks[i]
		text := strings.TrimSpace(plain(b.runs))
		switch {
		case b.margin:
			continue
		case b.kind == para && (text == "" || isLabel(text)):
			first = false
			continue
		case text == "":
		case b.kind == heading:
			return text, append(blocks[:i:i], blocks[i+1:]...)
		case b.kind == para && titleLike(text, b.md) && (first || !docx || b.center || b.size >= 32):
			return text, append(blocks[:i:i], blocks[i+1:]...)
		}
		break
	}
	return fileTitle(fallback), blocks
}

var (
	reBracketed = regexp.MustCompile(`^(?:【[^】]*】|〔[^〕]*〕|\[[^\]]*\]|［[^］]*］|（[^）]*）|\([^)]*\))$`)
	reSalute    = regexp.MustCompile(`^(?:尊敬的|敬爱的|亲爱的|各位|致\s*[:：]?|To\b)`)
	reAnnex     = regexp.MustCompile(`^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*(?:[:：]|$)`)
	reNumber    = regexp.MustCompile(`^(?:编\s*号|文\s*号|档案号|序\s*号|No\.?)\s*[:：]|〔\s*(?:19|20)[0-9]{2}\s*〕\s*[0-9]+\s*号|^(?:机密|秘密|绝密|内部|特急|加急|平急)`)
	// reProducer is what producers and people put at the end of a file
	// name: （定稿）, _v2, - 副本, -修改版, (1).
	reProducer = regexp.MustCompile(`(?i)(?:[\s_\-—]*[（(【\[]\s*(?:定稿|终稿|最终稿|最终版|修改稿|修改版|修订稿|修订版|初稿|[一二三四五0-9]稿|送审稿|征求意见稿|打印版|正式版|新|改|[0-9]{1,2})\s*[）)】\]]|[\s_\-—]*(?:副本|复件|定稿|终稿|最终稿|最终版|修改稿|修改版|修订稿|修订版|初稿|送审稿|打印版|正式版|新版|final)|[\s_\-—]+v?[0-9]{1,2}(?:\.[0-9]+)?|[\s_\-—]*v[0-9]{1,2}(?:\.[0-9]+)?)$`)
)

// isLabel reports whether a leading line labels the document rather than
// titles it: a bracketed label, a salutation, an 附件N line, a 编号 or 文号
// line, a classification mark, or a date.
func isLabel(s string) bool {
	return reBracketed.MatchString(s) || reSalute.MatchString(s) || reAnnex.MatchString(s) ||
		reNumber.MatchString(s) || isDateLine(s)
}

// fileTitle is a file name without the suffixes that say which copy or
// version it is; the name itself when nothing else would be left.
func fileTitle(stem string) string {
	t := strings.TrimSpace(stem)
	for {
		next := strings.TrimSpace(reProducer.ReplaceAllString(t, ""))
		if next == t || next == "" {
			return t
		}
		t = next
	}
}

func isDateLine(s string) bool {
	_, ok := parseDateLine(s)
	return ok
}

// parseDateLine reads s as a date line. The date is a calendar date: its
// time and zone mean nothing (UTC midnight).
func parseDateLine(s string) (time.Time, bool) {
	var y, m, d int
	if mm := reDateCN.FindStringSubmatch(s); mm != nil {
		y, m, d = atoi(mm[1]), atoi(mm[2]), atoi(mm[3])
	} else if mm := reDateISO.FindStringSubmatch(s); mm != nil {
		y, m, d = atoi(mm[1]), atoi(mm[2]), atoi(mm[3])
	} else if mm := reDateHan.FindStringSubmatch(s); mm != nil {
		y, m, d = hanDigits(mm[1]), hanNumber(mm[2]), hanNumber(mm[3])
	} else {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

const hanDigitChars = "〇一二三四五六七八九"

func hanDigit(r rune) int {
	switch r {
	case '○', '零':
		return 0
	}
	return strings.IndexRune(hanDigitChars, r) / len("一") // every character is 3 bytes
}

// hanDigits reads 二〇二三 (digit by digit).
func hanDigits(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + hanDigit(r)
	}
	return n
}

// hanNumber reads 一 … 三十一 (十 as tens).
func hanNumber(s string) int {
	tens, units, seenTen := 0, 0, false
	for _, r := range s {
		if r == '十' {
			seenTen, tens = true, max(units, 1)
			units = 0
			continue
		}
		units = hanDigit(r)
	}
	if seenTen {
		return tens*10 + units
	}
	return units
}

func titleLike(s string, md bool) bool {
	return runeLen(s) <= maxTitleLen && !strings.ContainsAny(s, "。！？") &&
		outlineLevel(s, md) == 0 && leadEnd(s) == 0 && !isDateLine(s) &&
		!strings.HasSuffix(s, "：") && !strings.HasSuffix(s, ":")
}
