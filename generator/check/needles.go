package check

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// pattern is a lint pattern with its needles: strings one of which every
// match contains. A line holding none of them cannot match, so the regular
// expression runs only on the few lines that might — most files of an
// archive have no "x" or "www." at all, and are passed over with a few
// bytes.Contains calls. needles is nil when no small set can be told; then
// every line is tried.
type pattern struct {
	re      *regexp.Regexp
	needles [][]byte
}

func newPatterns(res []*regexp.Regexp) []pattern {
	out := make([]pattern, len(res))
	for i, re := range res {
		out[i] = pattern{re: re}
		if syn, err := syntax.Parse(re.String(), syntax.Perl); err == nil {
			for _, s := range required(syn.Simplify()) {
				out[i].needles = append(out[i].needles, []byte(s))
			}
		}
	}
	return out
}

// mayMatch reports whether text holds one of the needles.
func (p pattern) mayMatch(text []byte) bool {
	if p.needles == nil {
		return true
	}
	for _, n := range p.needles {
		if bytes.Contains(text, n) {
			return true
		}
	}
	return false
}

const maxNeedles = 16

// required returns strings one of which every match of re contains, or
// nil when it cannot tell.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		return classRunes(re.Rune)
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if r := required(sub); r != nil && (best == nil || shortest(r) > shortest(best)) {
				best = r
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			r := required(sub)
			if r == nil {
				return nil
			}
			all = append(all, r...)
		}
		if len(all) > maxNeedles {
			return nil
		}
		return all
	}
	return nil
}

// classRunes lists the runes of a small character class (pairs lo, hi).
func classRunes(ranges []rune) []string {
	var out []string
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i+1]-ranges[i] >= maxNeedles {
			return nil
		}
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if !utf8.ValidRune(r) {
				return nil
			}
			out = append(out, string(r))
			if len(out) > maxNeedles {
				return nil
			}
		}
	}
	return out
}

// shortest is the length of the shortest needle: the longer, the fewer
// false candidates.
func shortest(list []string) int {
	n := -1
	for _, s := range list {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}
