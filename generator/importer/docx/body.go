package docx

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"gen/generator/diag"
)

// readRun reads from just after <w:r> to its end: text, tabs and breaks,
// bold and italic, and pictures.
func (d *docx) readRun(dec *xml.Decoder, link string, para int) ([]Run, error) {
	var out []Run
	cur := Run{Link: link}
	var text strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			skip := true
			switch t.Name.Local {
			case "rPr":
				if err := d.readRPr(dec, &cur); err != nil {
					return nil, err
				}
				continue
			case "t":
				s, err := charData(dec)
				if err != nil {
					return nil, err
				}
				text.WriteString(s)
				continue
			case "tab", "br", "cr", "noBreakHyphen":
				text.WriteString(special(t))
			case "drawing", "pict", "object":
				imgs, err := d.readGraphic(dec, para)
				if err != nil {
					return nil, err
				}
				if len(imgs) > 0 {
					out = appendText(out, cur, &text)
					out = append(out, imgs...)
				}
				continue
			case "delText", "instrText", "Fallback", "rPrChange", "footnoteReference", "endnoteReference":
			default:
				skip = false
			}
			if skip {
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				return appendText(out, cur, &text), nil
			}
			depth--
		}
	}
}

// special is the text of an element that stands for a character.
func special(se xml.StartElement) string {
	switch se.Name.Local {
	case "tab":
		return " "
	case "noBreakHyphen":
		return "-"
	}
	if typ := attr(se, "type"); typ == "page" || typ == "column" {
		return "" // layout, not text
	}
	return "\n"
}

func appendText(out []Run, cur Run, text *strings.Builder) []Run {
	if text.Len() > 0 {
		cur.Text = text.String()
		out = append(out, cur)
		text.Reset()
	}
	return out
}

// charData reads the text of an element up to its end.
func charData(dec *xml.Decoder) (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		}
	}
}

// readRPr reads run properties: bold and italic, set directly or by a
// character style.
func (d *docx) readRPr(dec *xml.Decoder, r *Run) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "b":
				r.Bold = onAttr(t)
			case "i":
				r.Italic = onAttr(t)
			case "rStyle":
				st := d.styles[attr(t, "val")]
				r.Bold, r.Italic = r.Bold || st.bold, r.Italic || st.italic
			case "rPrChange":
				if err := dec.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			if t.Name.Local == "rPr" {
				return nil
			}
		}
	}
}

func onAttr(se xml.StartElement) bool {
	for _, a := range se.Attr {
		if a.Name.Local == "val" {
			return on(&xmlVal{Val: a.Value})
		}
	}
	return true
}

// readGraphic reads a w:drawing, w:pict or w:object and returns its
// pictures as image runs. Text boxes inside are not imported.
func (d *docx) readGraphic(dec *xml.Decoder, para int) ([]Run, error) {
	var out []Run
	alt := ""
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "docPr", "cNvPr":
				if s := attr(t, "descr"); s != "" {
					alt = s
				}
			case "blip", "imagedata":
				id := attr(t, "embed")
				if id == "" {
					id = attr(t, "id")
				}
				if r, ok := d.image(id, para, alt); ok {
					out = append(out, r)
				}
			case "txbxContent":
				d.warns = append(d.warns, d.at(para, "text in a text box was not imported"))
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				depth--
			}
		case xml.EndElement:
			if depth == 0 {
				return out, nil
			}
			depth--
		}
	}
}

// image reads the picture with relationship id, once however often the
// document shows it, and returns the run that shows it.
func (d *docx) image(id string, para int, alt string) (Run, bool) {
	r, ok := d.rels[id]
	if !ok {
		return Run{}, false
	}
	if r.external {
		d.warns = append(d.warns, d.at(para, "picture linked to %s outside the document was not imported", r.target))
		return Run{}, false
	}
	if d.images[r.target] {
		return Run{Image: r.target, Text: alt}, true
	}
	f, err := d.zr.Open(r.target)
	if err != nil {
		d.warns = append(d.warns, d.at(para, "picture %s is missing from the document", r.target))
		return Run{}, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImages-d.size+1))
	if err != nil || d.size+int64(len(data)) > maxImages {
		d.warns = append(d.warns, d.at(para, "picture %s could not be read, or the pictures exceed %d MB; not imported", r.target, maxImages>>20))
		return Run{}, false
	}
	d.size += int64(len(data))
	d.images[r.target] = true
	d.pictures = append(d.pictures, Picture{Path: r.target, Data: data})
	return Run{Image: r.target, Text: alt}, true
}

// at is a message about paragraph para (counted from 1; 0: the document).
// The paragraph is the message's place, not part of its text, so that 70
// text boxes are one warning, grouped (diag.Group).
func (d *docx) at(para int, format string, args ...any) error {
	e := diag.Errorf(d.name, para, format, args...)
	if para > 0 {
		e.Unit = "paragraph"
	}
	return e
}

// readTable reads from just after <w:tbl> to its end. A nested table's
// text goes into the cell that holds it; merged cells (gridSpan) are
// padded with empty ones so columns stay aligned.
func (d *docx) readTable(dec *xml.Decoder) (Block, error) {
	t := Block{Kind: Table, Paragraph: d.para + 1}
	var row [][]Run
	cur := -1 // the cell being read; gridSpan pads after it
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return t, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "tr":
				row, cur = nil, -1
			case "tc":
				row = append(row, nil)
				cur = len(row) - 1
			case "gridSpan":
				n, _ := strconv.Atoi(attr(e, "val"))
				for k := 1; k < n && k < 64; k++ {
					row = append(row, nil)
				}
			case "p", "tbl":
				runs, err := d.cellContent(dec, e.Name.Local)
				if err != nil {
					return t, err
				}
				if cur >= 0 {
					row[cur] = joinRuns(row[cur], runs)
				}
				continue
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				return t, nil
			}
			depth--
			if e.Name.Local == "tr" && len(row) > 0 {
				t.Cells = append(t.Cells, row)
			}
		}
	}
}

// cellContent reads a paragraph or nested table inside a table cell as one
// line of runs.
func (d *docx) cellContent(dec *xml.Decoder, local string) ([]Run, error) {
	if local == "tbl" {
		inner, err := d.readTable(dec)
		if err != nil {
			return nil, err
		}
		var out []Run
		for _, r := range inner.Cells {
			for _, c := range r {
				out = joinRuns(out, c)
			}
		}
		return out, nil
	}
	p, err := d.readPara(dec)
	if err != nil {
		return nil, err
	}
	return trimRuns(p.runs), nil
}

// joinRuns appends b to a with a space between them, as cell text is one line.
func joinRuns(a, b []Run) []Run {
	b = trimRuns(b)
	if len(b) == 0 {
		return a
	}
	if len(a) > 0 {
		a = append(a, Run{Text: " "})
	}
	return append(a, b...)
}
