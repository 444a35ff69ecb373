package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gen/generator/diag"
)

// Dating a document. The year an entry reports on and its date come, in
// this order of trust:
//
//	year  the title (2022年…, 二〇二二年…), the file name (a 19xx/20xx number),
//	      --year, a year at the top (2022年度, 二〇二二年, in the first lines)
//	      when the 落款 is that year or the next, the 落款, a year at the top,
//	      the .docx core properties (created, then modified)
//	date  the 落款 — a date line among the last lines (2019年12月30日,
//	      二〇二一年四月 → its first day, 2021.12.30, also after the unit's
//	      name: "xx局 2021年12月30日") — then a date in the first lines, then
//	      the core properties; each only when it is in the entry's year or
//	      the next (a 2022 report signed in January 2023); else 31 December
//	      of the year
//
// Every date must be a real calendar date, from 1900 on (1980 for
// properties, the zip epoch), and not in the future (Options.Now). The
// result says where each came from, so a person can correct the few that
// are wrong. Only a document with no year anywhere is refused.

// Lines looked at for the 落款 and for the top.
const (
	signLines = 6
	topLines  = 5
)

var (
	reYearCN   = regexp.MustCompile(`((?:19|20)[0-9]{2})\s*年`)
	reYearHan  = regexp.MustCompile(`([〇○零一二三四五六七八九]{4})\s*年`)
	reMonthCN  = regexp.MustCompile(`^(?:(?:日期|时间)\s*[:：]\s*)?([0-9]{4})\s*年\s*([0-9]{1,2})\s*月$`)
	reMonthHan = regexp.MustCompile(`^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月$`)
	reDateIn   = regexp.MustCompile(`((?:19|20)[0-9]{2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]`)
)

// found is one date a document gives: a year, and a day when day is set.
type found struct {
	year int
	day  time.Time // zero when only the year (or year and month) is known
	from string    // where, for the summary
}

// dating is what a document says about when it was written.
type dating struct {
	title, name, flag found // year only
	sign, top         found
	created, modified found
}

// dateOf decides an entry's year and date; ok is false when nothing gives
// a year. how says where each came from.
func dateOf(dt dating) (year int, date time.Time, how string, ok bool) {
	var ys found
	for _, f := range []found{dt.title, dt.name, dt.flag} {
		if f.year != 0 {
			ys = f
			break
		}
	}
	if ys.year == 0 {
		switch {
		case dt.top.year != 0 && dt.sign.year != 0 && (dt.top.year == dt.sign.year || dt.top.year == dt.sign.year-1):
			ys = dt.top
		case dt.sign.year != 0:
			ys = dt.sign
		case dt.top.year != 0:
			ys = dt.top
		case dt.created.year != 0:
			ys = dt.created
		default:
			ys = dt.modified
		}
	}
	if ys.year == 0 {
		return 0, time.Time{}, "", false
	}
	ds := found{day: time.Date(ys.year, 12, 31, 0, 0, 0, 0, time.UTC)}
	for _, f := range []found{dt.sign, dt.top, dt.created, dt.modified} {
		if !f.day.IsZero() && (f.day.Year() == ys.year || f.day.Year() == ys.year+1) {
			ds = f
			break
		}
	}
	if ds.from == "" {
		return ys.year, ds.day, fmt.Sprintf("year %d from %s; date %s, the year's last day, as nothing in it gives a day", ys.year, ys.from, ds.day.Format("2006-01-02")), true
	}
	if ds.from == ys.from {
		return ys.year, ds.day, fmt.Sprintf("year %d and date %s from %s", ys.year, ds.day.Format("2006-01-02"), ys.from), true
	}
	return ys.year, ds.day, fmt.Sprintf("year %d from %s; date %s from %s", ys.year, ys.from, ds.day.Format("2006-01-02"), ds.from), true
}

// nameYear is the year a title (2022年, 二〇二二年) or file name (a 19xx or
// 20xx number) names; 0 for none.
func nameYear(title, stem string) (found, found) {
	var t, n found
	if m := reTitleYear.FindStringSubmatch(title); m != nil {
		t = found{year: atoi(m[1]), from: "the title"}
	} else if m := reYearHan.FindStringSubmatch(title); m != nil && hanDigits(m[1]) >= 1900 {
		t = found{year: hanDigits(m[1]), from: "the title"}
	}
	if m := reNameYear.FindStringSubmatch(stem); m != nil {
		n = found{year: atoi(m[1]), from: "the file name"}
	}
	return t, n
}

// dater finds the dates in a document, ignoring (and warning about) those
// in the future.
type dater struct {
	name  string
	now   time.Time // today, a calendar date
	warns []error
}

// yearIn finds a year named in s (2022年, 二〇二二年), not in the future.
func (dr *dater) yearIn(s, from string) found {
	y := 0
	if m := reYearCN.FindStringSubmatch(s); m != nil {
		y, _ = strconv.Atoi(m[1])
	} else if m := reYearHan.FindStringSubmatch(s); m != nil {
		y = hanDigits(m[1])
	}
	if y < 1900 {
		return found{}
	}
	if y > dr.now.Year() {
		dr.warns = append(dr.warns, diag.Errorf(dr.name, 0, "the year %d in %s lies in the future; not used", y, from))
		return found{}
	}
	return found{year: y, from: from}
}

// day makes a found of a calendar date, checked against the future.
func (dr *dater) day(t time.Time, text, from string) found {
	if t.After(dr.now) {
		dr.warns = append(dr.warns, diag.Errorf(dr.name, 0, "the date %q in %s lies in the future; not used", text, from))
		return found{}
	}
	return found{year: t.Year(), day: t, from: from}
}

// signature finds the 落款 among the last lines, and which block it is
// (-1 for none).
func (dr *dater) signature(blocks []block) (found, int) {
	for i, n := len(blocks)-1, 0; i >= 0 && n < signLines; i-- {
		if blocks[i].kind != para {
			continue
		}
		n++
		text := strings.TrimSpace(plain(blocks[i].runs))
		if t, s, ok := signedDate(text); ok {
			return dr.day(t, s, fmt.Sprintf("the date line (落款) %q", s)), i
		}
	}
	return found{}, -1
}

// signedDate reads a 落款 line: a date alone, a year and month alone, or a
// short line (the unit's name) ending in a date.
func signedDate(s string) (time.Time, string, bool) {
	if t, ok := parseDateLine(s); ok {
		return t, s, true
	}
	if t, ok := parseMonthLine(s); ok {
		return t, s, true
	}
	if runeLen(s) > 40 {
		return time.Time{}, "", false
	}
	if i := strings.LastIndexAny(s, " \t\u3000"); i > 0 {
		tail := strings.TrimSpace(s[i:])
		if t, ok := parseDateLine(tail); ok {
			return t, tail, true
		}
		if t, ok := parseMonthLine(tail); ok {
			return t, tail, true
		}
	}
	return time.Time{}, "", false
}

// parseMonthLine reads 2021年4月 or 二〇二一年四月 as the month's first day.
func parseMonthLine(s string) (time.Time, bool) {
	var y, m int
	if mm := reMonthCN.FindStringSubmatch(s); mm != nil {
		y, m = atoi(mm[1]), atoi(mm[2])
	} else if mm := reMonthHan.FindStringSubmatch(s); mm != nil {
		y, m = hanDigits(mm[1]), hanNumber(mm[2])
	} else {
		return time.Time{}, false
	}
	if y < 1900 || m < 1 || m > 12 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), true
}

// top finds a date, else a year, in the title and the first lines, the
// 落款 (block sign) left out. A line holding a date that is not a real one
// gives no year either.
func (dr *dater) top(title string, blocks []block, sign int) found {
	lines := []string{title}
	for i, n := 0, 0; i < len(blocks) && n < topLines; i++ {
		if i != sign && (blocks[i].kind == para || blocks[i].kind == heading) {
			lines = append(lines, strings.TrimSpace(plain(blocks[i].runs)))
			n++
		}
	}
	for _, l := range lines {
		if t, ok := parseDateLine(l); ok {
			return dr.day(t, l, fmt.Sprintf("the date line %q at the top", l))
		}
		if m := reDateIn.FindStringSubmatch(l); m != nil {
			if t, ok := parseDateLine(m[0]); ok {
				return dr.day(t, m[0], fmt.Sprintf("%q in the first lines", m[0]))
			}
		}
	}
	for _, l := range lines {
		if reDateIn.MatchString(l) {
			continue
		}
		if f := dr.yearIn(l, "the first lines"); f.year != 0 {
			m := reYearCN.FindString(l)
			if m == "" {
				m = reYearHan.FindString(l)
			}
			if strings.HasPrefix(l[strings.Index(l, m)+len(m):], "度") {
				m += "度"
			}
			f.from = fmt.Sprintf("%q in the first lines", m)
			return f
		}
	}
	return found{}
}

// property makes a found of a core-properties date, as a calendar date in
// the site's time zone.
func (dr *dater) property(t time.Time, loc *time.Location, what string) found {
	if t.IsZero() || t.Year() < 1980 {
		return found{}
	}
	if loc != nil {
		t = t.In(loc)
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return dr.day(day, day.Format("2006-01-02"), fmt.Sprintf("the document's properties (%s %s)", what, day.Format("2006-01-02")))
}
