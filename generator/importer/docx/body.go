package docx

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// readRun reads from just after <w:r> to its end into p: text, tabs and
// breaks, bold and italic, note references, pictures and text boxes.
func (d *docx) readRun(dec *xml.Decoder, link string, p *wpara) error {
	cur := Run{Link: link}
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			cur.Text = text.String()
			p.runs = append(p.runs, cur)
			text.Reset()
		}
	}
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			handled := true
			switch t.Name.Local {
			case "rPr":
				err = d.readRPr(dec, &cur)
			case "t":
				var s string
				if s, err = charData(dec); err == nil && !d.hidden() {
					text.WriteString(s)
				}
			case "tab", "br", "cr", "noBreakHyphen":
				if !d.hidden() {
					text.WriteString(special(t))
				}
				err = dec.Skip()
			case "fldChar":
				d.fieldChar(attr(t, "fldCharType"))
				err = dec.Skip()
			case "instrText":
				var s string
				if s, err = charData(dec); err == nil && len(d.fields) > 0 {
					d.fields[len(d.fields)-1].instr += s
				}
			case "footnoteReference", "endnoteReference":
				flush()
				if n := d.noteRef(t.Name.Local[:1], attr(t, "id")); n > 0 {
					p.runs = append(p.runs, Run{Note: n})
				}
				err = dec.Skip()
			case "drawing", "pict", "object":
				flush()
				err = d.readGraphic(dec, p)
			case "AlternateContent":
				flush()
				err = d.readAlternate(dec, p)
			case "delText", "Fallback", "rPrChange":
				err = dec.Skip()
			default:
				handled = false
			}
			if err != nil {
				return err
			}
			if !handled {
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				flush()
				return nil
			}
			depth--
		}
	}
}

// field is a complex field being read (w:fldChar begin … separate … end).
type field struct {
	instr  string
	result bool // past its separator: what follows is the field's result
}

// fieldChar follows a w:fldChar: fields nest, and span paragraphs.
func (d *docx) fieldChar(typ string) {
	switch typ {
	case "begin":
		d.fields = append(d.fields, field{})
	case "separate":
		if n := len(d.fields); n > 0 {
			d.fields[n-1].result = true
		}
	case "end":
		if n := len(d.fields); n > 0 {
			d.fields = d.fields[:n-1]
		}
	}
}

// hidden reports whether text read now is dropped: a field's code, or the
// result of a field whose result is not the document's text.
func (d *docx) hidden() bool {
	for _, f := range d.fields {
		if !f.result || hiddenField(f.instr) {
			return true
		}
	}
	return false
}

// hiddenField reports whether a field's result is left out: a table of
// contents (its lines are the headings again) and page numbers.
func hiddenField(instr string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(instr), " ")
	switch strings.ToUpper(name) {
	case "TOC", "PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF":
		return true
	}
	return false
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
// character style, and the font size.
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
			case "sz":
				r.size, _ = strconv.Atoi(attr(t, "val"))
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
