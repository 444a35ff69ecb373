package docx

import (
	"encoding/xml"
	"strconv"
)

// readTable reads from just after <w:tbl> to its end. It returns the table
// and the text boxes anchored in its cells, which follow it.
func (d *docx) readTable(dec *xml.Decoder) (Block, []Block, error) {
	t := Block{Kind: Table, Paragraph: d.para + 1}
	tr := &tableReader{open: map[int][2]int{}}
	var boxes []Block
	depth, skipContent := 0, false
	for {
		tok, err := dec.Token()
		if err != nil {
			return t, nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			handled := true
			switch e.Name.Local {
			case "tr":
				tr.startRow()
				handled = false
			case "tc":
				tr.startCell()
				handled = false
			case "trPr":
				err = tr.readTrPr(dec)
			case "tcPr":
				err = tr.readTcPr(dec)
			case "p":
				var p wpara
				if p, err = d.readPara(dec); err == nil {
					tr.addLine(trimRuns(p.runs))
					boxes = append(boxes, p.boxes...)
				}
			case "tbl":
				var inner Block
				var more []Block
				if inner, more, err = d.readTable(dec); err == nil {
					for _, row := range inner.Cells {
						for _, c := range row {
							tr.addLine(c.Runs)
						}
					}
					boxes = append(boxes, more...)
				}
			case "sdtPr":
				skipContent, err = showingPlaceholder(dec)
			case "sdtContent":
				if handled = skipContent; handled {
					skipContent, err = false, dec.Skip()
				}
			case "del", "moveFrom", "tblPr", "tblGrid":
				err = dec.Skip()
			default:
				handled = false
			}
			if err != nil {
				return t, nil, err
			}
			if !handled {
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				t.Cells = tr.rows
				return t, boxes, nil
			}
			depth--
			switch e.Name.Local {
			case "tc":
				tr.endCell()
			case "tr":
				tr.endRow()
			}
		}
	}
}

// tableReader folds Word's cell grid into cells that span columns and rows.
type tableReader struct {
	rows   [][]Cell
	row    []Cell
	col    int  // grid column of the cell being read
	header bool // the row repeats as a header
	cell   Cell
	vmerge string // the cell's vMerge: "", "restart" or "continue"
	hmerge string // the old horizontal merge (hMerge)
	// open maps a grid column to the cell (row, index) whose vertical merge
	// runs down it.
	open map[int][2]int
}

func (tr *tableReader) startRow() {
	tr.row, tr.col, tr.header = nil, 0, false
}

func (tr *tableReader) startCell() {
	tr.cell, tr.vmerge, tr.hmerge = Cell{Cols: 1, Rows: 1}, "", ""
}

func (tr *tableReader) readTrPr(dec *xml.Decoder) error {
	return eachProp(dec, func(se xml.StartElement) {
		switch se.Name.Local {
		case "tblHeader":
			tr.header = onAttr(se)
		case "gridBefore":
			if n, err := strconv.Atoi(attr(se, "val")); err == nil && n > 0 && n < 64 {
				tr.row = append(tr.row, Cell{Cols: n, Rows: 1})
				tr.col += n
			}
		}
	})
}

func (tr *tableReader) readTcPr(dec *xml.Decoder) error {
	return eachProp(dec, func(se xml.StartElement) {
		switch se.Name.Local {
		case "gridSpan":
			if n, err := strconv.Atoi(attr(se, "val")); err == nil && n > 1 && n < 64 {
				tr.cell.Cols = n
			}
		case "vMerge", "hMerge":
			v := attr(se, "val")
			if v != "restart" {
				v = "continue" // <w:vMerge/> continues the merge above
			}
			if se.Name.Local == "vMerge" {
				tr.vmerge = v
			} else {
				tr.hmerge = v
			}
		}
	})
}

// eachProp calls f for each element inside the properties element the
// decoder is in, to its end.
func eachProp(dec *xml.Decoder, f func(xml.StartElement)) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				f(t)
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

// addLine adds a paragraph of the cell as a new line.
func (tr *tableReader) addLine(runs []Run) {
	tr.cell.Runs = joinLines(tr.cell.Runs, runs)
}

// joinLines appends line b to a, a line break between them.
func joinLines(a, b []Run) []Run {
	if len(b) == 0 {
		return a
	}
	if len(a) > 0 {
		a = append(a, Run{Text: "\n"})
	}
	return append(a, b...)
}

// endCell places the cell read: a continued merge goes into the cell it
// continues, whose span grows.
func (tr *tableReader) endCell() {
	c := tr.cell
	c.Header = tr.header
	start := tr.col
	tr.col += c.Cols
	if tr.hmerge == "continue" && len(tr.row) > 0 {
		prev := &tr.row[len(tr.row)-1]
		prev.Cols += c.Cols
		prev.Runs = joinLines(prev.Runs, c.Runs)
		return
	}
	if o, ok := tr.open[start]; ok && tr.vmerge == "continue" {
		origin := &tr.rows[o[0]][o[1]]
		origin.Rows = len(tr.rows) - o[0] + 1
		origin.Runs = joinLines(origin.Runs, c.Runs)
		return
	}
	delete(tr.open, start)
	if tr.vmerge == "restart" {
		tr.open[start] = [2]int{len(tr.rows), len(tr.row)}
	}
	tr.row = append(tr.row, c)
}

func (tr *tableReader) endRow() {
	if len(tr.row) > 0 || len(tr.open) > 0 {
		tr.rows = append(tr.rows, tr.row)
	}
	tr.row = nil
}
