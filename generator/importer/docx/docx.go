// Package docx reads a Word document (.docx, Office Open XML) into the
// paragraph-level form that package importer turns into an entry. It reads
// the zip of XML parts with the standard library and prints nothing.
//
// In: the document's name (for messages) and its bytes. Out: a Document —
// its Blocks in reading order, its Pictures, and Warnings for what was not
// imported — or an error. Every message is a *diag.Error naming the
// document ("paragraph N: …" where a paragraph is to blame, counted from 1
// over the body's paragraphs, table cells included).
//
// What is read:
//
//	paragraph styles     Title → a paragraph with Title set; Heading 1–9 (标题 1 …,
//	                     also by outline level) → Heading at level 2–10, without bold
//	                     or italic; table-of-contents styles are left out
//	numbering (numPr)    bullets → Item; decimal and letters → ordered Item with its
//	                     number; Chinese counting (一、（一）) → a Para starting with
//	                     the label as Word shows it; headings keep their label
//	runs                 text, tabs (a space), line breaks (a new Para, or a space in
//	                     a heading or list item; nothing between Chinese text), w:b
//	                     and w:i (also through a character style), web and mail links
//	tables               Table: rows of cells, each cell one line of runs; a nested
//	                     table's text joins its cell; merged cells (gridSpan) padded
//	pictures             an Image run at the picture's place, named by its path in
//	                     the zip; each picture read once into Pictures, in the order
//	                     first shown
//
// Not imported (with a warning where text is lost): text boxes, pictures
// linked outside the document, footnotes, comments, headers and footers,
// deleted (tracked) text. An old .doc or a password-protected file, a
// damaged zip or XML part, a part over 64 MB or pictures over 256 MB in all
// are errors: beyond those it is a zip bomb or not a report.
package docx

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

// Kind is what a Block is.
type Kind int

// Kinds of Block.
const (
	Para    Kind = iota // a paragraph
	Heading             // a heading, Level 2–10 (the title is a Para with Title)
	Item                // a list item, Level its nesting (0 the outermost)
	Table               // a table: Cells
)

// Block is one paragraph-level piece of the document.
type Block struct {
	Kind      Kind
	Level     int
	Ordered   bool      // Item: numbered, not bulleted
	Num       int       // Item: its number when Ordered
	Runs      []Run     // Para, Heading, Item: the text
	Cells     [][][]Run // Table: rows of cells
	Paragraph int       // the paragraph it came from, counted from 1
	Styled    bool      // Heading: set by a style or outline level (always, here)
	Title     bool      // Para: the paragraph has Word's Title style
}

// Run is a stretch of text with one formatting, or a picture.
type Run struct {
	Text         string // for a picture, its description (alt text)
	Bold, Italic bool
	Link         string // http(s) or mailto target, or ""
	Image        string // the picture's path in the zip ("word/media/image1.png"), or ""
}

// Picture is a picture the document holds.
type Picture struct {
	Path string // in the zip, as Run.Image names it
	Data []byte
}

// Document is what Read returns.
type Document struct {
	Blocks   []Block
	Pictures []Picture
	Warnings []error // what was not imported
}

// docx is the state of reading one document.
type docx struct {
	name     string
	zr       *zip.Reader
	rels     map[string]rel
	styles   map[string]style
	num      numbering
	counters map[string][]int
	images   map[string]bool // zip paths of the pictures read
	pictures []Picture
	size     int64 // bytes of images read so far
	blocks   []Block
	para     int // paragraphs read, for messages
	warns    []error
}

// Read reads the .docx src; name is how messages name it.
func Read(name string, src []byte) (*Document, error) {
	if bytes.HasPrefix(src, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, diag.Errorf(name, 0, "this is an old-format Word file (.doc) or a password-protected document: open it in Word or WPS and save it as .docx without a password")
	}
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, diag.Errorf(name, 0, "not a valid .docx: the zip archive is damaged or incomplete (%w)", err)
	}
	d := &docx{name: name, zr: zr, counters: map[string][]int{}, images: map[string]bool{}}
	main := d.mainPart()
	doc, err := d.read(main)
	if err != nil {
		return nil, err
	}
	if err := d.readParts(main); err != nil {
		return nil, err
	}
	if err := d.readBody(xml.NewDecoder(bytes.NewReader(doc))); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, diag.Errorf(name, 0, "not a valid .docx: %s is damaged at its line %d (%s)", main, se.Line, se.Msg)
		}
		var de *diag.Error
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, diag.Errorf(name, 0, "not a valid .docx: %s: %w", main, err)
	}
	return &Document{Blocks: d.blocks, Pictures: d.pictures, Warnings: d.warns}, nil
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
			if len(t.Cells) > 0 {
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
	runs    []Run
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
func (d *docx) paraBlocks(p wpara) []Block {
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
			if p != "" || r.Image != "" {
				r2 := r
				r2.Text = p
				cur = append(cur, r2)
			}
		}
	}
	return append(out, cur)
}
