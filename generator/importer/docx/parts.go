package docx

import (
	"encoding/xml"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The parts of a .docx around word/document.xml: relationships (which
// file an r:id means), styles (which paragraph style is a heading or the
// title) and numbering (what Word's automatic list numbers look like).
// Struct tags name local names only, so they match whatever namespace
// prefix a producer (Word, WPS, LibreOffice) chose.

type xmlRels struct {
	Rels []struct {
		ID         string `xml:"Id,attr"`
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// sortedRels is the relationships in the order of their targets, so that
// reading them does not depend on map order.
func sortedRels(m map[string]rel) []rel {
	out := make([]rel, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].target != out[j].target {
			return out[i].target < out[j].target
		}
		return out[i].typ < out[j].typ
	})
	return out
}

// rel is one relationship of a part.
type rel struct {
	typ      string // last segment of the Type URI: "image", "styles", "hyperlink" …
	target   string // zip path for internal targets, the URL for external ones
	external bool
}

// parseRels reads a .rels part; targets are resolved against dir, the
// folder of the part the relationships belong to.
func parseRels(data []byte, dir string) (map[string]rel, error) {
	var x xmlRels
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, err
	}
	out := make(map[string]rel, len(x.Rels))
	for _, r := range x.Rels {
		rl := rel{typ: path.Base(r.Type), target: r.Target, external: strings.EqualFold(r.TargetMode, "External")}
		if !rl.external {
			if strings.HasPrefix(r.Target, "/") {
				rl.target = strings.TrimPrefix(r.Target, "/")
			} else {
				rl.target = path.Join(dir, r.Target)
			}
		}
		out[r.ID] = rl
	}
	return out, nil
}

type xmlVal struct {
	Val string `xml:"val,attr"`
}

type xmlNumPr struct {
	Ilvl  *xmlVal `xml:"ilvl"`
	NumID *xmlVal `xml:"numId"`
}

type xmlStyles struct {
	Styles []xmlStyle `xml:"style"`
}

type xmlStyle struct {
	Type    string  `xml:"type,attr"`
	ID      string  `xml:"styleId,attr"`
	Name    xmlVal  `xml:"name"`
	BasedOn *xmlVal `xml:"basedOn"`
	PPr     struct {
		OutlineLvl *xmlVal   `xml:"outlineLvl"`
		NumPr      *xmlNumPr `xml:"numPr"`
		Jc         *xmlVal   `xml:"jc"`
	} `xml:"pPr"`
	RPr struct {
		B *xmlVal `xml:"b"`
		I *xmlVal `xml:"i"`
	} `xml:"rPr"`
}

// style is what gen needs of a Word style, after following basedOn.
type style struct {
	heading  int  // 1–9 for Heading 1–9 (标题 1 …), 0 for body text
	title    bool // Word's Title style (标题)
	toc      bool // a table-of-contents line: left out
	centered bool // paragraphs are centred (w:jc center)
	bold     bool // character style that makes text bold (Strong, 要点)
	italic   bool
	numID    string
	ilvl     int
}

var (
	reHeadingName = regexp.MustCompile(`^(?i)(?:heading|标题)\s*([1-9])$`)
	reTOCName     = regexp.MustCompile(`^(?i)(?:toc|目录)(?:\s*[1-9]|\s+heading|标题)?$`)
)

// parseStyles reads styles.xml. A heading is a style named "heading N"
// (the name Word stores, whatever the UI language), "标题 N" (WPS), with
// styleId HeadingN, or with an outline level; based-on chains are followed.
func parseStyles(data []byte) (map[string]style, error) {
	var x xmlStyles
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, err
	}
	raws := map[string]rawStyle{}
	for _, s := range x.Styles {
		raws[s.ID] = readStyle(s)
	}
	out := make(map[string]style, len(raws))
	for id := range raws {
		st := raws[id].own
		jcFound := raws[id].hasJc
		// Inherit what the style does not say itself, up a bounded chain.
		for base, n := raws[id].basedOn, 0; base != "" && n < 10; n++ {
			b, ok := raws[base]
			if !ok {
				break
			}
			if st.heading == 0 && !st.title {
				st.heading, st.title = b.own.heading, b.own.title
			}
			if !jcFound && b.hasJc {
				st.centered, jcFound = b.own.centered, true
			}
			if st.numID == "" && b.hasNum {
				st.numID, st.ilvl = b.own.numID, b.own.ilvl
			}
			base = b.basedOn
		}
		out[id] = st
	}
	return out, nil
}

// rawStyle is a style as written, before inheritance.
type rawStyle struct {
	own     style
	basedOn string
	hasNum  bool
	hasJc   bool
}

func readStyle(s xmlStyle) rawStyle {
	var st style
	name := strings.TrimSpace(s.Name.Val)
	switch {
	case reHeadingName.MatchString(name):
		st.heading, _ = strconv.Atoi(reHeadingName.FindStringSubmatch(name)[1])
	case reHeadingName.MatchString(s.ID):
		st.heading, _ = strconv.Atoi(reHeadingName.FindStringSubmatch(s.ID)[1])
	case s.PPr.OutlineLvl != nil:
		if n, err := strconv.Atoi(s.PPr.OutlineLvl.Val); err == nil && n >= 0 && n < 9 {
			st.heading = n + 1
		}
	}
	st.title = strings.EqualFold(name, "title") || name == "标题" || strings.EqualFold(s.ID, "title")
	st.toc = reTOCName.MatchString(name)
	if s.Type == "character" {
		st.bold = on(s.RPr.B) || strings.EqualFold(name, "strong")
		st.italic = on(s.RPr.I)
	}
	r := rawStyle{own: st}
	if s.PPr.Jc != nil {
		r.hasJc, r.own.centered = true, s.PPr.Jc.Val == "center"
	}
	if s.BasedOn != nil {
		r.basedOn = s.BasedOn.Val
	}
	if np := s.PPr.NumPr; np != nil {
		r.hasNum = true
		if np.NumID != nil {
			r.own.numID = np.NumID.Val
		}
		if np.Ilvl != nil {
			r.own.ilvl, _ = strconv.Atoi(np.Ilvl.Val)
		}
	}
	return r
}

// on reads a Word on/off property: present without val, or val 1/true/on.
func on(v *xmlVal) bool {
	if v == nil {
		return false
	}
	switch strings.ToLower(v.Val) {
	case "", "1", "true", "on":
		return true
	}
	return false
}

type xmlLvl struct {
	Ilvl    int    `xml:"ilvl,attr"`
	Start   xmlVal `xml:"start"`
	NumFmt  xmlVal `xml:"numFmt"`
	LvlText xmlVal `xml:"lvlText"`
}

type xmlNumbering struct {
	Abstract []struct {
		ID   string   `xml:"abstractNumId,attr"`
		Lvls []xmlLvl `xml:"lvl"`
	} `xml:"abstractNum"`
	Nums []struct {
		ID       string `xml:"numId,attr"`
		Abstract xmlVal `xml:"abstractNumId"`
	} `xml:"num"`
}

// level is one level of a Word list definition.
type level struct {
	start int
	fmt   string // numFmt: decimal, bullet, chineseCounting …
	text  string // lvlText: "%1、", "（%1）", "%1.%2"
}

// numbering maps a numId to its nine levels.
type numbering map[string][]level

func parseNumbering(data []byte) (numbering, error) {
	var x xmlNumbering
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, err
	}
	abstract := map[string][]level{}
	for _, a := range x.Abstract {
		lv := make([]level, 9)
		for _, l := range a.Lvls {
			if l.Ilvl < 0 || l.Ilvl > 8 {
				continue
			}
			start, err := strconv.Atoi(l.Start.Val)
			if err != nil {
				start = 1
			}
			lv[l.Ilvl] = level{start: start, fmt: l.NumFmt.Val, text: l.LvlText.Val}
		}
		abstract[a.ID] = lv
	}
	out := numbering{}
	for _, n := range x.Nums {
		if lv, ok := abstract[n.Abstract.Val]; ok {
			out[n.ID] = lv
		}
	}
	return out, nil
}

// chineseFormat reports whether a numFmt counts in Chinese numerals, the
// numbering of an outline (一、 （一）) rather than of a list.
func chineseFormat(f string) bool {
	switch f {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
		"ideographTraditional", "ideographDigital", "japaneseCounting", "taiwaneseCounting":
		return true
	}
	return false
}

// label writes a level's lvlText with the counters of levels 0..ilvl.
func label(levels []level, counters []int, ilvl int) string {
	text := levels[ilvl].text
	for k := 0; k <= ilvl && k < len(levels); k++ {
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(k+1), formatNumber(counters[k], levels[k].fmt))
	}
	return text
}

// formatNumber writes n in a numFmt; unknown formats fall back to decimal.
func formatNumber(n int, f string) string {
	switch f {
	case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "ideographTraditional":
		return hanNumeral(n)
	case "ideographDigital":
		var b strings.Builder
		for _, c := range strconv.Itoa(n) {
			b.WriteString(string([]rune(hanDigitChars)[c-'0']))
		}
		return b.String()
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	case "upperLetter", "lowerLetter":
		s := strings.Repeat(string(rune('A'+(n-1)%26)), (n-1)/26+1)
		if f == "lowerLetter" {
			s = strings.ToLower(s)
		}
		return s
	case "bullet", "none":
		return ""
	}
	return strconv.Itoa(n)
}

const hanDigitChars = "〇一二三四五六七八九"

// hanNumeral writes 1–99 as 一 … 九十九.
func hanNumeral(n int) string {
	digits := []rune(hanDigitChars)
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return string(digits[n])
	case n < 20:
		return "十" + strings.TrimPrefix(string(digits[n%10]), "〇")
	}
	s := string(digits[n/10]) + "十"
	if n%10 != 0 {
		s += string(digits[n%10])
	}
	return s
}
