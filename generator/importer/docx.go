package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"gen/generator/diag"
)

// Limits on what one .docx may unpack to: a report's document.xml is a few
// MB and its photos a few MB each; beyond these it is a zip bomb or not a
// report, and reading on would only exhaust memory.
const (
	maxPart   = 64 << 20
	maxImages = 256 << 20
)

// docx reads a Word document (Office Open XML) with the standard library:
// it is a zip of XML parts. Paragraph styles give headings and the title,
// numPr gives lists (Chinese-counted ones are outline numbering, handled
// like typed 一、), w:b and w:i give bold and italic, tables become GFM
// tables and pictures become attachments. Text boxes, footnotes, comments,
// headers and footers are not imported.
type docx struct {
	name     string
	zr       *zip.Reader
	rels     map[string]rel
	styles   map[string]style
	num      numbering
	counters map[string][]int
	images   map[string]string // zip path → attachment name
	files    []attachment
	size     int64 // bytes of images read so far
	blocks   []block
	para     int // paragraphs read, for messages
	warns    []error
}

// readDocx returns the blocks of a .docx and its pictures.
func readDocx(name string, src []byte) ([]block, []attachment, []error, error) {
	if bytes.HasPrefix(src, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, nil, nil, diag.Errorf(name, 0, "this is an old-format Word file (.doc) or a password-protected document: open it in Word or WPS and save it as .docx without a password")
	}
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, nil, nil, diag.Errorf(name, 0, "not a valid .docx: the zip archive is damaged or incomplete (%w)", err)
	}
	d := &docx{name: name, zr: zr, counters: map[string][]int{}, images: map[string]string{}}
	main := d.mainPart()
	doc, err := d.read(main)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := d.readParts(main); err != nil {
		return nil, nil, nil, err
	}
	if err := d.readBody(xml.NewDecoder(bytes.NewReader(doc))); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, nil, diag.Errorf(name, 0, "not a valid .docx: %s is damaged at its line %d (%s)", main, se.Line, se.Msg)
		}
		var de *diag.Error
		if errors.As(err, &de) {
			return nil, nil, nil, err
		}
		return nil, nil, nil, diag.Errorf(name, 0, "not a valid .docx: %s: %w", main, err)
	}
	return d.blocks, d.files, d.warns, nil
}

// mainPart finds the document part through _rels/.rels, as Word does.
func (d *docx) mainPart() string {
	if data, err := d.read("_rels/.rels"); err == nil {
		if rels, err := parseRels(data, ""); err == nil {
			for _, r := range rels {
				if r.typ == "officeDocument" && !r.external {
					return r.target
				}
			}
		}
	}
	return "word/document.xml"
}

// readParts reads the relationships, styles and numbering of the main part.
func (d *docx) readParts(main string) error {
	dir, base := path.Split(main)
	relsName := dir + "_rels/" + base + ".rels"
	d.rels = map[string]rel{}
	if data, err := d.read(relsName); err == nil {
		if d.rels, err = parseRels(data, strings.TrimSuffix(dir, "/")); err != nil {
			return d.broken(relsName, err)
		}
	}
	for _, r := range d.rels {
		if r.external || (r.typ != "styles" && r.typ != "numbering") {
			continue
		}
		data, err := d.read(r.target)
		if err != nil {
			continue // a dangling relationship: Word would open the file without it
		}
		if r.typ == "styles" {
			d.styles, err = parseStyles(data)
		} else {
			d.num, err = parseNumbering(data)
		}
		if err != nil {
			return d.broken(r.target, err)
		}
	}
	return nil
}

func (d *docx) broken(part string, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return diag.Errorf(d.name, 0, "not a valid .docx: %s is damaged at its line %d (%s)", part, se.Line, se.Msg)
	}
	return diag.Errorf(d.name, 0, "not a valid .docx: %s: %w", part, err)
}

// read returns a zip member, refusing members bigger than maxPart.
func (d *docx) read(name string) ([]byte, error) {
	f, err := d.zr.Open(name)
	if err != nil {
		if name == "word/document.xml" || strings.HasSuffix(name, "document.xml") {
			return nil, diag.Errorf(d.name, 0, "not a Word document: it is a zip archive without %s", name)
		}
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPart+1))
	if err != nil {
		return nil, diag.Errorf(d.name, 0, "not a valid .docx: %s cannot be unpacked (%w)", name, err)
	}
	if len(data) > maxPart {
		return nil, diag.Errorf(d.name, 0, "%s unpacks to more than %d MB; gen does not read it", name, maxPart>>20)
	}
	return data, nil
}

// readBody walks document.xml: paragraphs and tables at any depth of
// content controls, tracked insertions and the like.
func (d *docx) readBody(dec *xml.Decoder) error {
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "p":
			p, err := d.readPara(dec)
			if err != nil {
				return err
			}
			d.blocks = append(d.blocks, d.paraBlocks(p)...)
		case "tbl":
			t, err := d.readTable(dec)
			if err != nil {
				return err
			}
			if len(t.cells) > 0 {
				d.blocks = append(d.blocks, t)
			}
		case "sectPr", "del", "moveFrom", "Fallback", "sdtPr":
			if err := dec.Skip(); err != nil {
				return err
			}
		}
	}
}

// wpara is a paragraph as read, before its style is interpreted.
type wpara struct {
	style   string
	numID   string
	ilvl    int
	hasNum  bool
	outline int // paragraph's own outline level + 1, 0 if none
	runs    []run
	line    int
}

// readPara reads from just after <w:p> to its end.
func (d *docx) readPara(dec *xml.Decoder) (wpara, error) {
	d.para++
	p := wpara{line: d.para}
	var links []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return p, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "pPr":
				if err := d.readPPr(dec, &p); err != nil {
					return p, err
				}
				continue
			case "r":
				runs, err := d.readRun(dec, top(links), p.line)
				if err != nil {
					return p, err
				}
				p.runs = append(p.runs, runs...)
				continue
			case "hyperlink":
				links = append(links, d.linkTarget(t))
			case "del", "moveFrom", "Fallback", "commentRangeStart":
				if err := dec.Skip(); err != nil {
					return p, err
				}
				continue
			}
			depth++
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
func (d *docx) paraBlocks(p wpara) []block {
	st := d.styles[p.style]
	if st.toc {
		return nil
	}
	numID, ilvl := p.numID, p.ilvl
	if !p.hasNum && st.numID != "" {
		numID, ilvl = st.numID, st.ilvl
	}
	lbl, format, n, numbered := d.number(numID, ilvl)
	level := st.heading
	if p.outline > 0 {
		level = p.outline
	}
	one := trimRuns(oneLine(p.runs))
	if len(one) == 0 {
		return nil
	}
	switch {
	case st.title:
		return []block{{kind: para, title: true, runs: one, line: p.line}}
	case level > 0:
		if numbered && format != "bullet" {
			one = withLabel(lbl, one)
		}
		return []block{{kind: heading, level: level + 1, runs: unformatted(one), styled: true, line: p.line}}
	case numbered && format == "bullet":
		return []block{{kind: item, level: ilvl, runs: one, line: p.line}}
	case numbered && chineseFormat(format):
		return []block{{kind: para, runs: withLabel(lbl, one), line: p.line}}
	case numbered:
		return []block{{kind: item, level: ilvl, ordered: true, num: n, runs: one, line: p.line}}
	}
	var out []block
	for _, line := range splitLines(p.runs) {
		if line = trimRuns(line); len(line) > 0 {
			out = append(out, block{kind: para, runs: line, line: p.line})
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
func withLabel(lbl string, runs []run) []run {
	lbl = strings.TrimSpace(lbl)
	if lbl == "" {
		return runs
	}
	if !strings.HasSuffix(lbl, "、") && !strings.HasSuffix(lbl, "）") && !strings.HasSuffix(lbl, "．") {
		lbl += " "
	}
	return append([]run{{text: lbl}}, runs...)
}

// oneLine replaces line breaks with spaces (or nothing, between CJK text).
func oneLine(runs []run) []run {
	out := make([]run, len(runs))
	for i, r := range runs {
		if strings.Contains(r.text, "\n") {
			parts := strings.Split(r.text, "\n")
			s := parts[0]
			for _, p := range parts[1:] {
				s = joinCJK(s, p)
			}
			r.text = s
		}
		out[i] = r
	}
	return out
}

// splitLines splits runs at line breaks.
func splitLines(runs []run) [][]run {
	var out [][]run
	var cur []run
	for _, r := range runs {
		parts := strings.Split(r.text, "\n")
		for i, p := range parts {
			if i > 0 {
				out, cur = append(out, cur), nil
			}
			if p != "" || r.image != "" {
				r2 := r
				r2.text = p
				cur = append(cur, r2)
			}
		}
	}
	return append(out, cur)
}
