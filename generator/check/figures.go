package check

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/site"
)

// The figures rule: an entry's [figures] and its text must agree.
//
//   - A figure the site does not track ([[figures]] in config.toml) is a
//     warning at its line: a typo (受众人次 for 受众人数) must not start a
//     new series silently.
//   - For a tracked figure with a unit, the text is searched for the
//     figure's stem (its name without a counting suffix: 宣讲场次 → 宣讲)
//     followed, within a few characters, by a number with the unit
//     (全年累计宣讲31场). A number that differs from the front matter is a
//     warning at the text's line — unless the numbers with that unit in
//     the same clause add up to it (参加人数：在职党员18人、离退休党员5人).

// figureSuffixes are the counting words a figure's name may end in; what
// comes before is what the text says.
var figureSuffixes = []string{"场次", "人次", "人数", "次数", "数量", "件数", "名数", "总数", "数"}

func figureStem(name string) string {
	for _, s := range figureSuffixes {
		if strings.HasSuffix(name, s) && len(name) > len(s) {
			return strings.TrimSuffix(name, s)
		}
	}
	return name
}

// figureRules holds each tracked figure's patterns, compiled once.
type figureRules struct {
	cfg  *config.Config
	near map[string]*regexp.Regexp // the stem, then the number with the unit
	each map[string]*regexp.Regexp // a number with the unit
}

func newFigureRules(cfg *config.Config) *figureRules {
	r := &figureRules{cfg: cfg, near: map[string]*regexp.Regexp{}, each: map[string]*regexp.Regexp{}}
	for _, f := range cfg.Figures {
		if f.Unit == "" {
			continue
		}
		num := `([0-9]+(?:\.[0-9]+)?)\s*(?:余|多)?` + regexp.QuoteMeta(f.Unit) + notLonger(f.Unit)
		r.near[f.Name] = regexp.MustCompile(regexp.QuoteMeta(figureStem(f.Name)) + `[^。；;\n0-9]{0,12}?` + num)
		r.each[f.Name] = regexp.MustCompile(num)
	}
	return r
}

// lint checks one entry's figures against the site's and its text (the
// file as written, front matter included: line numbers are the file's).
func (r *figureRules) lint(e *site.Entry, src []byte) []*diag.Error {
	var issues []*diag.Error
	path := "content/" + e.Path
	for _, fv := range e.Figures {
		f := r.cfg.Figure(fv.Name)
		if f == nil {
			issues = append(issues, &diag.Error{Rule: "figures", Path: path, Line: fv.Line,
				Msg: fmt.Sprintf("figure %q is not one the site tracks (%s): a typo, or add it to [[figures]] in config.toml", fv.Name, tracked(r.cfg))})
			continue
		}
		if near := r.near[f.Name]; near != nil {
			issues = append(issues, textDisagrees(path, src, e.BodyLine, fv, f, near, r.each[f.Name])...)
		}
	}
	return issues
}

func tracked(cfg *config.Config) string {
	if len(cfg.Figures) == 0 {
		return "it declares none"
	}
	names := make([]string, len(cfg.Figures))
	for i, f := range cfg.Figures {
		names[i] = f.Name
	}
	return "it tracks " + strings.Join(names, "、")
}

// textDisagrees finds the figure stated in the body (from line bodyLine of
// src on) with another number.
func textDisagrees(path string, src []byte, bodyLine int, fv content.FigureValue, f *config.Figure, near, each *regexp.Regexp) []*diag.Error {
	var issues []*diag.Error
	for i, line := range bytes.Split(src, []byte("\n")) {
		if i+1 < bodyLine {
			continue
		}
		for _, m := range near.FindAllSubmatchIndex(line, -1) {
			n, _ := strconv.ParseFloat(string(line[m[2]:m[3]]), 64)
			if n == fv.Value || clauseSum(each, line[m[0]:]) == fv.Value {
				continue
			}
			issues = append(issues, &diag.Error{Rule: "figures", Path: path, Line: i + 1,
				Msg: fmt.Sprintf("the text says %q, the front matter %s = %s (line %d): which is right?", strings.TrimSpace(string(line[m[0]:m[1]])), f.Name, strconv.FormatFloat(fv.Value, 'f', -1, 64), fv.Line)})
		}
	}
	return issues
}

// notLonger keeps a unit from matching the start of a longer one: 人 is not
// 人次.
func notLonger(unit string) string {
	if unit == "人" {
		return `(?:[^次]|$)`
	}
	return ""
}

// clauseSum adds up the numbers with the unit up to the clause's end.
func clauseSum(each *regexp.Regexp, rest []byte) float64 {
	if i := bytes.IndexAny(rest, "。；;"); i >= 0 {
		rest = rest[:i]
	}
	sum := 0.0
	for _, m := range each.FindAllSubmatch(rest, -1) {
		n, _ := strconv.ParseFloat(string(m[1]), 64)
		sum += n
	}
	return sum
}
