package docx

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// readContent reads block-level content — paragraphs and tables at any
// depth of content controls, tracked insertions and the like — up to the
// end of the element the decoder is in (a text box, a note, a header), or
// to the end of the part. A paragraph's text boxes follow it.
func (d *docx) readContent(dec *xml.Decoder) ([]Block, error) {
	var out []Block
	depth, skipContent := 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch se := tok.(type) {
		case xml.EndElement:
			if depth == 0 {
				return out, nil
			}
			depth--
		case xml.StartElement:
			var blocks []Block
			handled := true
			switch se.Name.Local {
			case "p":
				var p wpara
				if p, err = d.readPara(dec); err == nil {
					blocks = append(d.paraBlocks(p), p.boxes...)
				}
			case "tbl":
				var t Block
				if t, blocks, err = d.readTable(dec); err == nil && len(t.Cells) > 0 {
					blocks = append([]Block{t}, blocks...)
				}
			case "sdtPr":
				skipContent, err = showingPlaceholder(dec)
			case "sdtContent":
				handled = skipContent
				if skipContent {
					skipContent, err = false, dec.Skip()
				}
			case "sectPr", "del", "moveFrom", "Fallback":
				err = dec.Skip()
			default:
				handled = false
			}
			if err != nil {
				return nil, err
			}
			if !handled {
				depth++
			}
			out = append(out, blocks...)
		}
	}
}

// showingPlaceholder reads a content control's w:sdtPr to its end and
// reports whether the control still shows its placeholder prompt
// (单击或点击此处输入文字): then its content is not the document's text.
func showingPlaceholder(dec *xml.Decoder) (bool, error) {
	showing, depth := false, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "showingPlcHdr" && onAttr(t) {
				showing = true
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				return showing, nil
			}
			depth--
		}
	}
}

// wpara is a paragraph as read, before its style is interpreted.
type wpara struct {
	style    string
	numID    string
	ilvl     int
	hasNum   bool
	outline  int // paragraph's own outline level + 1, 0 if none
	centered bool
	jcSet    bool
	runs     []Run
	boxes    []Block // the text boxes anchored in it
	line     int
}

// readPara reads from just after <w:p> to its end.
func (d *docx) readPara(dec *xml.Decoder) (wpara, error) {
	d.para++
	p := wpara{line: d.para}
	var links []string
	depth, skipContent := 0, false
	for {
		tok, err := dec.Token()
		if err != nil {
			return p, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			handled := true
			switch t.Name.Local {
			case "pPr":
				err = d.readPPr(dec, &p)
			case "r":
				err = d.readRun(dec, top(links), &p)
			case "hyperlink":
				links, handled = append(links, d.linkTarget(t)), false
			case "fldSimple":
				if handled = hiddenField(attr(t, "instr")); handled {
					err = dec.Skip()
				}
			case "sdtPr":
				skipContent, err = showingPlaceholder(dec)
			case "sdtContent":
				if handled = skipContent; handled {
					skipContent, err = false, dec.Skip()
				}
			case "del", "moveFrom", "Fallback", "commentRangeStart", "smartTagPr", "customXmlPr":
				err = dec.Skip()
			default:
				handled = false
			}
			if err != nil {
				return p, err
			}
			if !handled {
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return p, nil
			}
			depth--
			if t.Name.Local == "hyperlink" && len(links) > 0 {
				links = links[:len(links)-1]
			}
		}
	}
}
func top(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// linkTarget is the URL of a w:hyperlink, kept only for web and mail links.
func (d *docx) linkTarget(se xml.StartElement) string {
	id := attr(se, "id")
	r, ok := d.rels[id]
	if !ok || !r.external {
		return ""
	}
	low := strings.ToLower(r.target)
	if strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "mailto:") {
		return r.target
	}
	return ""
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readPPr reads paragraph properties: style, numbering, outline level.
func (d *docx) readPPr(dec *xml.Decoder, p *wpara) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "pStyle":
				p.style = attr(t, "val")
			case "numId":
				p.numID, p.hasNum = attr(t, "val"), true
			case "ilvl":
				p.ilvl, _ = strconv.Atoi(attr(t, "val"))
			case "outlineLvl":
				if n, err := strconv.Atoi(attr(t, "val")); err == nil && n >= 0 && n < 9 {
					p.outline = n + 1
				}
			case "jc":
				p.jcSet, p.centered = true, attr(t, "val") == "center"
			case "rPr", "pPrChange", "sectPr":
				if err := dec.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			if t.Name.Local == "pPr" {
				return nil
			}
		}
	}
}

// paraBlocks interprets a paragraph: title, heading (by style or outline
// level), list item, Chinese-numbered outline text, or paragraphs — one per
// line, as a line break inside a Word paragraph is how many writers start
// a new one.
func (d *docx) paraBlocks(p wpara) []Block {
	st := d.styles[p.style]
	if st.toc {
		return nil
	}
	one := trimRuns(oneLine(p.runs))
	centered := st.centered
	if p.jcSet {
		centered = p.centered
	}
	size := 0
	for _, r := range p.runs {
		size = max(size, r.size)
	}
	out := d.paraKind(p, st, one)
	for i := range out {
		out[i].Centered, out[i].Size = centered, size
	}
	return out
}

// paraKind is the paragraph as a title, heading, item or paragraphs.
func (d *docx) paraKind(p wpara, st style, one []Run) []Block {
	numID, ilvl := p.numID, p.ilvl
	if !p.hasNum && st.numID != "" {
		numID, ilvl = st.numID, st.ilvl
	}
	lbl, format, n, numbered := d.number(numID, ilvl)
	level := st.heading
	if p.outline > 0 {
		level = p.outline
	}
	if len(one) == 0 {
		return nil // after number: Word counts an empty numbered paragraph
	}
	switch {
	case st.title:
		return []Block{{Kind: Para, Title: true, Runs: one, Paragraph: p.line}}
	case level > 0:
		if numbered && format != "bullet" {
			one = withLabel(lbl, one)
		}
		return []Block{{Kind: Heading, Level: level + 1, Runs: unformatted(one), Styled: true, Paragraph: p.line}}
	case numbered && format == "bullet":
		return []Block{{Kind: Item, Level: ilvl, Runs: one, Paragraph: p.line}}
	case numbered && chineseFormat(format):
		return []Block{{Kind: Para, Runs: withLabel(lbl, one), Paragraph: p.line}}
	case numbered:
		return []Block{{Kind: Item, Level: ilvl, Ordered: true, Num: n, Runs: one, Paragraph: p.line}}
	}
	var out []Block
	for _, line := range splitLines(p.runs) {
		if line = trimRuns(line); len(line) > 0 {
			out = append(out, Block{Kind: Para, Runs: line, Paragraph: p.line})
		}
	}
	return out
}

// number advances the counter of list numID at ilvl and returns the
// item's label, numFmt and number; ok is false for an unnumbered paragraph.
func (d *docx) number(numID string, ilvl int) (lbl, format string, n int, ok bool) {
	levels := d.num[numID]
	if numID == "" || numID == "0" || levels == nil {
		return "", "", 0, false
	}
	ilvl = min(max(ilvl, 0), 8)
	if levels[ilvl].fmt == "none" {
		return "", "", 0, false
	}
	c := d.counters[numID]
	if c == nil {
		c = make([]int, 9)
		for k := range c {
			c[k] = levels[k].start - 1
		}
		d.counters[numID] = c
	}
	c[ilvl]++
	for k := ilvl + 1; k < 9; k++ {
		c[k] = levels[k].start - 1
	}
	return label(levels, c, ilvl), levels[ilvl].fmt, c[ilvl], true
}

// withLabel puts an automatic number in front of the text, as Word shows it.
func withLabel(lbl string, runs []Run) []Run {
	lbl = strings.TrimSpace(lbl)
	if lbl == "" {
		return runs
	}
	if !strings.HasSuffix(lbl, "、") && !strings.HasSuffix(lbl, "）") && !strings.HasSuffix(lbl, "．") {
		lbl += " "
	}
	return append([]Run{{Text: lbl}}, runs...)
}

// oneLine replaces line breaks with spaces (or nothing, between CJK text).
func oneLine(runs []Run) []Run {
	out := make([]Run, len(runs))
	for i, r := range runs {
		if strings.Contains(r.Text, "\n") {
			parts := strings.Split(r.Text, "\n")
			s := parts[0]
			for _, p := range parts[1:] {
				s = joinCJK(s, p)
			}
			r.Text = s
		}
		out[i] = r
	}
	return out
}

// splitLines splits runs at line breaks.
func splitLines(runs []Run) [][]Run {
	var out [][]Run
	var cur []Run
	for _, r := range runs {
		parts := strings.Split(r.Text, "\n")
		for i, p := range parts {
			if i > 0 {
				out, cur = append(out, cur), nil
			}
			if p != "" || r.Image != "" || r.Note > 0 {
				r2 := r
				r2.Text = p
				cur = append(cur, r2)
			}
		}
	}
	return append(out, cur)
}
