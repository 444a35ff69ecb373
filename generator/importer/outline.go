package importer

import (
	"regexp"
	"strings"
	"unicode"
)

// Chinese outline numbering, as typed by hand (GB/T 9704 style).
//
// A paragraph becomes a heading when, after its indentation is trimmed,
//   - it starts with 一、 (→ ##), （一） or (一) (→ ###), or 1. 1． 1、 (→ ####),
//     the number not followed by another digit (1.5亿元 is not a heading);
//   - it is at most maxHeadingLen characters long, and text follows the number;
//   - it stands alone: no 。！？ except at its very end (a short sentence
//     such as "一、领导重视，组织有力。" is still a heading; "一、…。二是…" is not).
//
// A paragraph starting with 一是 / 二是 … ("first, …") stays a paragraph, and
// its lead phrase is set in bold. The lead phrase runs from the start up to
// and including the first ，。；：！？ (or ASCII , ;) that is not inside
// quotation marks or brackets (“” ‘’ 《》 （） () 「」 『』 【】); a paragraph
// with no such mark is bold as a whole. The renderer keeps the closing mark
// outside the ** so CommonMark still closes the emphasis (see emphasize).
// A paragraph that already has bold text is left as the writer made it.
const maxHeadingLen = 40

// cnNum is a Chinese numeral from 一 to 九十九, as outlines number.
const cnNum = `(?:[一二三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)`

var (
	reLevel2  = regexp.MustCompile(`^` + cnNum + `、`)
	reLevel3  = regexp.MustCompile(`^[（(]` + cnNum + `[）)]`)
	reLevel4  = regexp.MustCompile(`^[1-9][0-9]?[.．]`)
	reLevel4c = regexp.MustCompile(`^[1-9][0-9]?、`)
	reLead    = regexp.MustCompile(`^` + cnNum + `是`)
)

// outlineLevel returns the heading level (2–4) a line of typed outline
// numbering maps to, or 0 when the line is not such a heading. In Markdown
// input "1. " is an ordered list, so md leaves "1." alone.
func outlineLevel(s string, md bool) int {
	s = strings.TrimSpace(s)
	if runeLen(s) > maxHeadingLen || !standsAlone(s) {
		return 0
	}
	var level, n int
	switch {
	case reLevel2.MatchString(s):
		level, n = 2, len(reLevel2.FindString(s))
	case reLevel3.MatchString(s):
		level, n = 3, len(reLevel3.FindString(s))
	case reLevel4c.MatchString(s):
		level, n = 4, len(reLevel4c.FindString(s))
	case !md && reLevel4.MatchString(s):
		level, n = 4, len(reLevel4.FindString(s))
		if rest := s[n:]; rest != "" && (rest[0] >= '0' && rest[0] <= '9') {
			return 0 // 1.5亿元, 2.1.3
		}
	default:
		return 0
	}
	if strings.TrimFunc(s[n:], isSpaceOrPunct) == "" {
		return 0 // nothing but the number
	}
	return level
}

// standsAlone reports whether s is one short unit rather than running text:
// no sentence-ending mark before its last character.
func standsAlone(s string) bool {
	body := strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("。！？；：.!?;:", r)
	})
	return !strings.ContainsAny(body, "。！？")
}

func isSpaceOrPunct(r rune) bool { return unicode.IsSpace(r) || isPunct(r) }

// leadEnd returns the byte length of the lead phrase of a 一是… paragraph
// (see the rule above), or 0 when s is not such a paragraph.
func leadEnd(s string) int {
	if !reLead.MatchString(s) {
		return 0
	}
	depth := 0
	for i, r := range s {
		switch {
		case strings.ContainsRune("“‘《（(「『【", r):
			depth++
		case strings.ContainsRune("”’》）)」』】", r):
			if depth > 0 {
				depth--
			}
		case depth == 0 && strings.ContainsRune("，。；：！？,;", r):
			return i + len(string(r))
		}
	}
	return len(s)
}

// applyOutline turns typed outline numbering into headings and bolds lead
// phrases, in paragraphs whose structure the document did not already say.
func applyOutline(blocks []block) []block {
	for i := range blocks {
		b := &blocks[i]
		if b.kind != para || b.title {
			continue
		}
		text := plain(b.runs)
		if hasImage(b.runs) {
			continue
		}
		if lvl := outlineLevel(text, b.md); lvl > 0 {
			b.kind, b.level = heading, lvl
			b.runs = unformatted(b.runs)
			continue
		}
		if b.md && strings.ContainsAny(text, "*_`[]<>\\") {
			continue // Markdown markup of the writer's own: leave it
		}
		if n := leadEnd(text); n > 0 && !hasBold(b.runs) {
			lead, rest := splitRuns(b.runs, n)
			for j := range lead {
				lead[j].bold = true
			}
			b.runs = append(lead, rest...)
		}
	}
	return blocks
}

// unformatted drops bold and italic: a heading is bold by itself.
func unformatted(runs []run) []run {
	out := make([]run, len(runs))
	for i, r := range runs {
		r.bold, r.italic = false, false
		out[i] = r
	}
	return out
}
