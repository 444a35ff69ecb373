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

// takeTitle finds the document's title and removes it from the blocks:
// the paragraphs in Word's Title style; else the first block when it is a
// heading or a short line that reads like a title (at most maxTitleLen
// characters, no 。！？, not outline numbering, a lead sentence or a
// date); else fallback (the file name), leaving the blocks as they are.
func takeTitle(blocks []block, fallback string) (string, []block) {
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
	if len(blocks) == 0 {
		return fallback, blocks
	}
	first := blocks[0]
	text := strings.TrimSpace(plain(first.runs))
	switch {
	case text == "":
	case first.kind == heading:
		return text, blocks[1:]
	case first.kind == para && titleLike(text, first.md):
		return text, blocks[1:]
	}
	return fallback, blocks
}

func titleLike(s string, md bool) bool {
	return runeLen(s) <= maxTitleLen && !strings.ContainsAny(s, "。！？") &&
		outlineLevel(s, md) == 0 && leadEnd(s) == 0 && !isDateLine(s) &&
		!strings.HasSuffix(s, "：") && !strings.HasSuffix(s, ":")
}

// yearOf reads the year an entry reports on: a 2022年 in the title, else a
// four-digit 19xx/20xx number in the file name, else fallback (--year).
// It returns 0 when none names one.
func yearOf(title, fileName string, fallback int) int {
	if m := reTitleYear.FindStringSubmatch(title); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	if m := reNameYear.FindStringSubmatch(fileName); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return fallback
}

// dateOf finds the first paragraph that is a date and nothing else
// (2023年1月15日, 二〇二三年一月十五日, 2023-01-15, optionally after 日期：);
// ok is false when there is none.
func dateOf(blocks []block) (time.Time, bool) {
	for _, b := range blocks {
		if b.kind != para {
			continue
		}
		if t, ok := parseDateLine(strings.TrimSpace(plain(b.runs))); ok {
			return t, true
		}
	}
	return time.Time{}, false
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
