package docx

import (
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"time"
	"unicode"
)

// The parts around the body: footnotes and endnotes, headers and footers,
// and the core properties.

// readNotes reads footnotes.xml or endnotes.xml (kind "f" or "e") into
// d.notes, each note's paragraphs as one line of runs. Word's separator
// notes (the rule above the notes) are not notes.
func (d *docx) readNotes(data []byte, kind string) error {
	saved := d.para
	defer func() { d.para = saved }()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || (se.Name.Local != "footnote" && se.Name.Local != "endnote") {
			continue
		}
		if typ := attr(se, "type"); typ != "" && typ != "normal" {
			if err := dec.Skip(); err != nil {
				return err
			}
			continue
		}
		blocks, err := d.readContent(dec)
		if err != nil {
			return err
		}
		var runs []Run
		for _, b := range blocks {
			if len(runs) > 0 && len(b.Runs) > 0 {
				runs = append(runs, Run{Text: " "})
			}
			runs = append(runs, b.Runs...)
		}
		d.notes[kind+attr(se, "id")] = trimRuns(runs)
	}
}

// noteRef numbers the note a reference points at, in the order notes are
// first referenced; 0 for a reference to no note.
func (d *docx) noteRef(kind, id string) int {
	key := kind + id
	if n, ok := d.noteNum[key]; ok {
		return n
	}
	runs, ok := d.notes[key]
	if !ok {
		return 0
	}
	d.notesOut = append(d.notesOut, runs)
	d.noteNum[key] = len(d.notesOut)
	return len(d.notesOut)
}

// readMargins reads the headers and footers: their text, once each (a
// document's first-page, even and default headers often say the same),
// without page numbers, pictures or empty lines.
func (d *docx) readMargins() (headers, footers []Block, err error) {
	seen := map[string]bool{}
	docRels := d.rels
	defer func() { d.rels, d.inMargin, d.fields = docRels, false, nil }()
	for _, r := range sortedRels(docRels) {
		if r.external || (r.typ != "header" && r.typ != "footer") {
			continue
		}
		data, err := d.read(r.target)
		if err != nil {
			continue
		}
		d.rels, d.inMargin, d.fields = map[string]rel{}, true, nil
		dir, base := path.Split(r.target)
		if rd, err := d.read(dir + "_rels/" + base + ".rels"); err == nil {
			if d.rels, err = parseRels(rd, strings.TrimSuffix(dir, "/")); err != nil {
				return nil, nil, d.broken(dir+"_rels/"+base+".rels", err)
			}
		}
		d.para = 0
		blocks, err := d.readContent(xml.NewDecoder(bytes.NewReader(data)))
		if err != nil {
			return nil, nil, d.broken(r.target, err)
		}
		for _, b := range blocks {
			key := blockText(b)
			if pageNumberOnly(key) || seen[key] {
				continue
			}
			seen[key] = true
			b.Margin = true
			if r.typ == "header" {
				headers = append(headers, b)
			} else {
				footers = append(footers, b)
			}
		}
	}
	return headers, footers, nil
}

// blockText is a block's text, a table's cells included.
func blockText(b Block) string {
	var s strings.Builder
	for _, r := range b.Runs {
		s.WriteString(r.Text)
	}
	for _, row := range b.Cells {
		for _, c := range row {
			for _, r := range c.Runs {
				s.WriteString(r.Text)
			}
		}
	}
	return strings.TrimSpace(s.String())
}

// pageNumberOnly reports whether a header or footer line says nothing but
// where the page is: "- 3 -", "第 页 共 页" once its fields are gone, "Page of".
func pageNumberOnly(s string) bool {
	s = strings.NewReplacer("第", "", "页", "", "共", "", "Page", "", "page", "", "of", "").Replace(s)
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsDigit(r) || strings.ContainsRune("ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩivxlIVXL", r)
	}) == ""
}

// coreDates reads dcterms:created and dcterms:modified from the core
// properties; a missing or unreadable date is zero.
func (d *docx) coreDates() (created, modified time.Time) {
	part, ok := d.packageRel("core-properties")
	if !ok {
		part = "docProps/core.xml"
	}
	data, err := d.read(part)
	if err != nil {
		return
	}
	var x struct {
		Created  string `xml:"created"`
		Modified string `xml:"modified"`
	}
	if xml.Unmarshal(data, &x) != nil {
		return
	}
	return parseW3CDTF(x.Created), parseW3CDTF(x.Modified)
}

// parseW3CDTF reads a core-properties date (2021-12-30T08:15:00Z, with or
// without zone or time).
func parseW3CDTF(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
