package content

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gen/generator/config"
)

// ParseDate reads a front-matter date: a TOML date or datetime, or a string
// such as "2022-07-01", "2022-07-01 09:30", an RFC 3339 time, "2022/7/1",
// "2022.7.1" or "2022年7月1日". A date or time written without a zone is in
// loc (the site's timeZone), not in the zone of the machine that builds.
func ParseDate(v any, loc *time.Location) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		switch v.Location().String() {
		case "date-local", "datetime-local", "time-local": // TOML without offset
			return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), loc), nil
		}
		return v.In(loc), nil
	case string:
		return parseDateString(strings.TrimSpace(v), loc)
	}
	return time.Time{}, fmt.Errorf("write a date such as 2022-07-01, not %v", v)
}

var (
	cnDate  = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$`)
	numDate = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)
)

// zonedLayouts are datetimes with a zone as Hexo, Jekyll and YAML write
// them ("2016-05-01 10:00:00 +0800", "2001-12-14 21:59:43.10 -05:00").
var zonedLayouts = []string{
	"2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999 -0700", "2006-01-02 15:04:05.999999999 -07:00",
	"2006-01-02 15:04 -0700", "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05 Z", "2006-01-02 15:04:05 -7", "2006-01-02 15:04:05.999999999 -7",
}

func parseDateString(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.In(loc), nil
		}
	}
	var m []string
	if m = cnDate.FindStringSubmatch(s); m == nil {
		m = numDate.FindStringSubmatch(s)
	}
	if m == nil {
		return time.Time{}, fmt.Errorf("cannot read %q as a date (write 2022-07-01 or 2022年7月1日)", s)
	}
	n := make([]int, 6)
	for i := 1; i < len(m) && i <= 6; i++ {
		if m[i] != "" {
			n[i-1], _ = strconv.Atoi(m[i])
		}
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, loc)
	if t.Month() != time.Month(n[1]) || t.Day() != n[2] || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, fmt.Errorf("%q is not a real date", s)
	}
	return t, nil
}

var namePrefix = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[-_ ]`)

// dateFromName reads a "2022-07-01-" prefix of the file (or bundle folder) name.
func dateFromName(p string, cfg *config.Config) (time.Time, bool) {
	name := path.Base(p)
	if name == "index.md" {
		name = path.Base(path.Dir(p))
	}
	m := namePrefix.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, false
	}
	t, err := parseDateString(m[1], cfg.Location)
	return t, err == nil
}
