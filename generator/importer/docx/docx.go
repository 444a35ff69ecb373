// Package docx reads a Word document (.docx, Office Open XML) into the
// paragraph-level form that package importer turns into an entry. It reads
// the zip of XML parts with the standard library and prints nothing.
//
// In: the document's name (for messages) and its bytes. Out: a Document —
// its Blocks in reading order, its Pictures, its Notes, its core
// properties' dates, and Warnings for what was not imported — or an error.
// Every message is a *diag.Error naming the document (Unit "paragraph",
// Line N where a paragraph is to blame, counted from 1 over the body's
// paragraphs, table cells and text boxes included), so that repeats group.
//
// What is read, in reading order (the order of document.xml):
//
//	headers              text of the header parts (header1.xml …), once each, before
//	                     the body, as Blocks with Margin set; a header or footer that is only a page number
//	                     (PAGE fields, 第 页 共 页, - 1 -) is left out
//	paragraph styles     Title → a paragraph with Title set; Heading 1–9 (标题 1 …,
//	                     also by outline level) → Heading at level 2–10, without bold
//	                     or italic; table-of-contents styles are left out
//	alignment, size      Centered (w:jc center, direct or by style) and Size (the
//	                     largest w:sz of the runs, half-points) for title detection
//	numbering (numPr)    bullets → Item; decimal and letters → ordered Item with its
//	                     number; Chinese counting (一、（一）) → a Para starting with
//	                     the label as Word shows it; headings keep their label
//	runs                 text, tabs (a space), line breaks (a new Para, or a space in
//	                     a heading or list item; nothing between Chinese text), w:b
//	                     and w:i (also through a character style), web and mail links
//	content controls,    w:sdt, w:smartTag, w:customXml: their content, in place; a
//	smart tags           content control still showing its placeholder prompt
//	                     (w:showingPlcHdr) is left out
//	fields               the result of every field (DATE, REF, HYPERLINK …) except
//	                     TOC, PAGE, NUMPAGES, SECTIONPAGES and PAGEREF; field codes never
//	tracked changes      w:ins and w:moveTo kept; w:del and w:moveFrom dropped
//	text boxes, shapes   w:txbxContent (DrawingML wps:txbx, in wpg: groups too, or a
//	                     VML v:textbox) and VML WordArt (v:textpath) → their own
//	                     blocks right after the paragraph that anchors them; of an
//	                     mc:AlternateContent the Choice is read and its Fallback only
//	                     when the Choice holds no text, so nothing comes twice
//	tables               Table: rows of Cells, each with its lines and how many grid
//	                     columns (gridSpan) and rows (vMerge) it spans; a continued
//	                     vMerge cell is folded into the cell above; rows Word repeats
//	                     as headers (w:tblHeader) marked; a nested table's text joins
//	                     its cell, one line per paragraph
//	pictures             an Image run at the picture's place, named by its path in
//	                     the zip; each picture read once into Pictures, in the order
//	                     first shown. A Windows metafile (WMF, EMF) or TIFF, which no
//	                     browser shows, is replaced by its bitmap fallback (the
//	                     AlternateContent Fallback, another picture of the same
//	                     drawing, or a bitmap of the same name); without one it is
//	                     kept in Pictures with no Image run, and one warning
//	footnotes, endnotes  a Run with Note n at the reference; Notes[n-1] is the note's
//	                     text, notes numbered in the order first referenced
//	footers              as headers, after the body
//	core properties      docProps/core.xml dcterms:created and dcterms:modified
//
// Not imported (with a warning where text is lost): pictures linked outside
// the document, comments, charts and SmartArt. Refused with a reason a
// person understands: an empty file, an old .doc renamed .docx, a
// password-protected document, a file that is not a zip (as data-loss-
// prevention tools leave encrypted documents), a truncated or damaged zip
// or XML part, and a zip bomb: a part that unpacks (or says it unpacks) to
// over 64 MB, over 512 MB in all, or pictures over 256 MB in all.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
	"time"

	"gen/generator/diag"
)

// Limits on what one .docx may unpack to: a report's document.xml is a few
// MB and its photos a few MB each; beyond these it is a zip bomb or not a
// report, and reading on would only exhaust memory.
const (
	maxPart   = 64 << 20
	maxTotal  = 512 << 20
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
	Ordered   bool     // Item: numbered, not bulleted
	Num       int      // Item: its number when Ordered
	Runs      []Run    // Para, Heading, Item: the text
	Cells     [][]Cell // Table: rows of cells
	Paragraph int      // the paragraph it came from, counted from 1
	Styled    bool     // Heading: set by a style or outline level (always, here)
	Title     bool     // Para: the paragraph has Word's Title style
	Centered  bool     // the paragraph is centred
	Size      int      // the largest font size of its runs in half-points; 0 if not set
	Margin    bool     // it comes from a header or footer
}

// Cell is one cell of a table.
type Cell struct {
	Runs   []Run // its lines, separated by a Run whose Text is "\n"
	Cols   int   // grid columns it spans (gridSpan), at least 1
	Rows   int   // rows it spans (vMerge), at least 1
	Header bool  // its row is a header row (w:tblHeader)
}

// Run is a stretch of text with one formatting, a picture, or a note
// reference.
type Run struct {
	Text         string // for a picture, its description (alt text)
	Bold, Italic bool
	Link         string // http(s) or mailto target, or ""
	Image        string // the picture's path in the zip ("word/media/image1.png"), or ""
	Note         int    // a footnote or endnote reference: Document.Notes[Note-1]; 0 if none
	size         int    // w:sz, for Block.Size
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
	Notes    [][]Run // footnotes and endnotes, in the order first referenced
	// Created and Modified are the core properties' dates (UTC), zero when
	// the document does not say.
	Created, Modified time.Time
	Warnings          []error // what was not imported
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
	para     int   // paragraphs read, for messages
	fields   []field
	notes    map[string][]Run // "f3", "e1" → the note's text
	noteNum  map[string]int   // note key → its number once referenced
	notesOut [][]Run
	inMargin bool // reading a header or footer
	warns    []error
}

// Read reads the .docx src; name is how messages name it.
func Read(name string, src []byte) (*Document, error) {
	if err := notZip(name, src); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, diag.Errorf(name, 0, "not a valid .docx: the zip archive is damaged or incomplete, as a file cut off while copying or downloading is (%w)", err)
	}
	if err := checkSizes(name, zr); err != nil {
		return nil, err
	}
	d := &docx{name: name, zr: zr, counters: map[string][]int{}, images: map[string]bool{},
		notes: map[string][]Run{}, noteNum: map[string]int{}}
	main := d.mainPart()
	doc, err := d.read(main)
	if err != nil {
		return nil, err
	}
	if err := d.readParts(main); err != nil {
		return nil, err
	}
	out := &Document{}
	out.Created, out.Modified = d.coreDates()
	headers, footers, err := d.readMargins()
	if err != nil {
		return nil, err
	}
	d.para = 0
	body, err := d.readContent(xml.NewDecoder(bytes.NewReader(doc)))
	if err != nil {
		return nil, d.broken(main, err)
	}
	out.Blocks = append(append(headers, body...), footers...)
	out.Pictures, out.Notes, out.Warnings = d.pictures, d.notesOut, d.warns
	return out, nil
}

// notZip refuses, with the reason, what is not a zip archive at all.
func notZip(name string, src []byte) error {
	switch {
	case len(src) == 0:
		return diag.Errorf(name, 0, "file is empty (0 bytes), as a new document made in Explorer and never saved is: nothing to import")
	case bytes.HasPrefix(src, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		if bytes.Contains(src, utf16("EncryptedPackage")) {
			return diag.Errorf(name, 0, "this document is protected with a password: open it in Word or WPS, remove the password (文件 → 信息 → 保护文档), save it and import it again")
		}
		return diag.Errorf(name, 0, "this is an old-format Word file (.doc) named .docx: open it in Word or WPS and save it as .docx (Word 文档)")
	case bytes.HasPrefix(src, []byte("PK")):
		return nil
	case bytes.HasPrefix(src, []byte("{\\rtf")):
		return diag.Errorf(name, 0, "this is an RTF file named .docx: open it in Word or WPS and save it as .docx")
	}
	return diag.Errorf(name, 0, "not a Word document: a .docx is a zip archive and this file is not one; documents encrypted by a data-security (DLP, 加密) program look like this — open it where that program can decrypt it, save a copy as .docx and import the copy")
}

// utf16 is s in UTF-16LE, as OLE2 directories name their streams.
func utf16(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[i], 0)
	}
	return out
}

// checkSizes refuses a zip bomb by what its directory declares, before
// anything is unpacked; read enforces the limit on what actually comes out.
func checkSizes(name string, zr *zip.Reader) error {
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxPart && !isMedia(f.Name) {
			return diag.Errorf(name, 0, "%s says it unpacks to %d MB, more than a Word document's part ever is (%d MB): a zip bomb or a damaged file; not read", f.Name, f.UncompressedSize64>>20, maxPart>>20)
		}
		total += f.UncompressedSize64
	}
	if total > maxTotal {
		return diag.Errorf(name, 0, "it says it unpacks to %d MB in all, more than %d MB: a zip bomb or a damaged file; not read", total>>20, maxTotal>>20)
	}
	return nil
}

func isMedia(name string) bool { return strings.Contains(name, "/media/") }

// mainPart finds the document part through _rels/.rels, as Word does.
func (d *docx) mainPart() string {
	if r, ok := d.packageRel("officeDocument"); ok {
		return r
	}
	return "word/document.xml"
}

// packageRel is the target of the package relationship of type typ.
func (d *docx) packageRel(typ string) (string, bool) {
	data, err := d.read("_rels/.rels")
	if err != nil {
		return "", false
	}
	rels, err := parseRels(data, "")
	if err != nil {
		return "", false
	}
	for _, r := range sortedRels(rels) {
		if r.typ == typ && !r.external {
			return r.target, true
		}
	}
	return "", false
}

// readParts reads the relationships, styles, numbering and notes of the
// main part.
func (d *docx) readParts(main string) error {
	dir, base := path.Split(main)
	relsName := dir + "_rels/" + base + ".rels"
	d.rels = map[string]rel{}
	if data, err := d.read(relsName); err == nil {
		if d.rels, err = parseRels(data, strings.TrimSuffix(dir, "/")); err != nil {
			return d.broken(relsName, err)
		}
	}
	for _, typ := range []string{"styles", "numbering", "footnotes", "endnotes"} {
		for _, r := range sortedRels(d.rels) {
			if r.external || r.typ != typ {
				continue
			}
			data, err := d.read(r.target)
			if err != nil {
				continue // a dangling relationship: Word would open the file without it
			}
			switch typ {
			case "styles":
				d.styles, err = parseStyles(data)
			case "numbering":
				d.num, err = parseNumbering(data)
			default:
				err = d.readNotes(data, typ[:1])
			}
			if err != nil {
				return d.broken(r.target, err)
			}
		}
	}
	return nil
}

func (d *docx) broken(part string, err error) error {
	var de *diag.Error
	if errors.As(err, &de) {
		return err
	}
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
		return nil, diag.Errorf(d.name, 0, "not a valid .docx: %s cannot be unpacked; the file is damaged or incomplete (%w)", name, err)
	}
	if len(data) > maxPart {
		return nil, diag.Errorf(d.name, 0, "%s unpacks to more than %d MB: a zip bomb or not a report; not read", name, maxPart>>20)
	}
	return data, nil
}
