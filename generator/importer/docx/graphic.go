package docx

import (
	"encoding/xml"
	"io"
	"path"
	"strings"

	"gen/generator/diag"
)

// graphic is what a w:drawing, w:pict or w:object holds: pictures (by
// relationship id) and the text of its text boxes and WordArt.
type graphic struct {
	refs  []imgRef
	boxes []Block
	text  bool // a text box or WordArt was read
}

type imgRef struct{ id, alt string }

// readGraphic reads a w:drawing, w:pict or w:object into p: its pictures as
// image runs, its text boxes as blocks after the paragraph.
func (d *docx) readGraphic(dec *xml.Decoder, p *wpara) error {
	var g graphic
	if err := d.walkGraphic(dec, &g, true); err != nil {
		return err
	}
	p.runs = append(p.runs, d.show(g.refs, nil, p.line)...)
	p.boxes = append(p.boxes, g.boxes...)
	return nil
}

// readAlternate reads an mc:AlternateContent inside a run. Word, WPS and
// LibreOffice write a shape or text box twice: as DrawingML in mc:Choice
// (wps:, wpg:) and as VML in mc:Fallback. The Choice is read; the
// Fallback's text only when the Choice had none, and its pictures only as
// the bitmap standing in for a metafile of the Choice.
func (d *docx) readAlternate(dec *xml.Decoder, p *wpara) error {
	var choice, fallback graphic
	seenChoice := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "Choice" && !seenChoice:
				seenChoice = true
				err = d.walkGraphic(dec, &choice, true)
			case t.Name.Local == "Fallback":
				err = d.walkGraphic(dec, &fallback, !choice.text)
			default:
				err = dec.Skip()
			}
			if err != nil {
				return err
			}
		case xml.EndElement:
			primary, spare := choice.refs, fallback.refs
			if len(primary) == 0 {
				primary, spare = fallback.refs, nil
			}
			p.runs = append(p.runs, d.show(primary, spare, p.line)...)
			p.boxes = append(append(p.boxes, choice.boxes...), fallback.boxes...)
			return nil
		}
	}
}

// walkGraphic walks the element the decoder is in to its end, collecting
// pictures, and text when takeText.
func (d *docx) walkGraphic(dec *xml.Decoder, g *graphic, takeText bool) error {
	alt, depth := "", 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
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
				if id == "" {
					id = attr(t, "link")
				}
				g.refs = append(g.refs, imgRef{id, alt})
			case "textpath":
				if s := strings.TrimSpace(attr(t, "string")); s != "" && takeText {
					g.boxes, g.text = append(g.boxes, Block{Kind: Para, Runs: []Run{{Text: s}}, Paragraph: d.para}), true
				}
			case "txbxContent", "Fallback":
				if t.Name.Local == "Fallback" || !takeText {
					if err := dec.Skip(); err != nil {
						return err
					}
					continue
				}
				blocks, err := d.readContent(dec)
				if err != nil {
					return err
				}
				g.boxes, g.text = append(g.boxes, blocks...), true
				continue
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// show returns the image runs of a graphic's pictures. A picture no
// browser shows is replaced by a bitmap of it (bitmapFor); without one it
// is kept as a picture with no run, and a warning.
func (d *docx) show(refs, spare []imgRef, para int) []Run {
	if d.inMargin {
		return nil // a header's logo repeats on every page: decoration, not content
	}
	var out []Run
	used := map[string]bool{}
	for _, ref := range refs {
		r, ok := d.rels[ref.id]
		if !ok {
			continue
		}
		if r.external {
			d.warns = append(d.warns, d.at(para, "picture linked to %s outside the document was not imported", r.target))
			continue
		}
		target := r.target
		if !browserShows(target) {
			bm, ok := d.bitmapFor(target, refs, spare)
			if !ok {
				d.keepUnshown(target, para)
				continue
			}
			target = bm
		}
		if used[target] {
			continue // one picture written twice in one drawing (blip and imagedata)
		}
		used[target] = true
		if d.load(target, para) {
			out = append(out, Run{Image: target, Text: ref.alt})
		}
	}
	return out
}

// bitmapFor finds a bitmap standing in for the metafile target: a picture
// of the Fallback, another picture of the same drawing, or a picture of the
// document with the same name (image3.emf → image3.png).
func (d *docx) bitmapFor(target string, refs, spare []imgRef) (string, bool) {
	for _, list := range [][]imgRef{spare, refs} {
		for _, ref := range list {
			if r, ok := d.rels[ref.id]; ok && !r.external && browserShows(r.target) {
				return r.target, true
			}
		}
	}
	stem := strings.TrimSuffix(target, path.Ext(target))
	for _, r := range sortedRels(d.rels) {
		if r.typ == "image" && !r.external && browserShows(r.target) && strings.TrimSuffix(r.target, path.Ext(r.target)) == stem {
			return r.target, true
		}
	}
	return "", false
}

// browserShows reports whether a browser displays a picture of this name:
// not Windows metafiles (Word's and WPS's own drawings, equation previews)
// or TIFF.
func browserShows(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".wmf", ".emf", ".wmz", ".emz", ".tif", ".tiff":
		return false
	}
	return true
}

// keepUnshown keeps a picture no browser shows as an attachment, with one
// warning however often the document shows it.
func (d *docx) keepUnshown(target string, para int) {
	if d.images[target] {
		return
	}
	if d.load(target, para) {
		d.warns = append(d.warns, d.at(para, "picture %s is a %s file, which browsers cannot show, and the document holds no bitmap copy of it: kept as an attachment, not shown in the text", path.Base(target), strings.ToUpper(strings.TrimPrefix(path.Ext(target), "."))))
	}
}

// load reads the picture at target into Pictures, once however often the
// document shows it; false when it cannot be read (with a warning).
func (d *docx) load(target string, para int) bool {
	if d.images[target] {
		return true
	}
	f, err := d.zr.Open(target)
	if err != nil {
		d.warns = append(d.warns, d.at(para, "picture %s is missing from the document", target))
		return false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImages-d.size+1))
	if err != nil || d.size+int64(len(data)) > maxImages {
		d.warns = append(d.warns, d.at(para, "picture %s could not be read, or the pictures exceed %d MB; not imported", target, maxImages>>20))
		return false
	}
	d.size += int64(len(data))
	d.images[target] = true
	d.pictures = append(d.pictures, Picture{Path: target, Data: data})
	return true
}

// at is a message about paragraph para (counted from 1; 0: the document).
// The paragraph is the message's place, not part of its text, so that 70
// repeats are one warning, grouped (diag.Group).
func (d *docx) at(para int, format string, args ...any) error {
	e := diag.Errorf(d.name, para, format, args...)
	if para > 0 {
		e.Unit = "paragraph"
	}
	return e
}
