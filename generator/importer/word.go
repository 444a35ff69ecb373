package importer

import (
	"path"

	"gen/generator/importer/docx"
)

// readDocx reads a Word document with package docx and brings it into this
// package's form: its pictures become attachments named after their file
// in the document (made safe, numbered -2, -3 … when two share a name, in
// the order the document first shows them), and its blocks' image runs
// name those attachments.
func readDocx(name string, src []byte) (*reading, error) {
	doc, err := docx.Read(name, src)
	if err != nil {
		return nil, err
	}
	rd := &reading{warns: doc.Warnings, created: doc.Created, modified: doc.Modified}
	names := map[string]string{} // path in the .docx → attachment name
	for _, p := range doc.Pictures {
		n := uniqueName(safeName(path.Base(p.Path)), rd.files)
		names[p.Path] = n
		rd.files = append(rd.files, attachment{name: n, data: p.Data})
	}
	for _, b := range doc.Blocks {
		rd.blocks = append(rd.blocks, fromDocx(b, names))
	}
	for _, n := range doc.Notes {
		rd.notes = append(rd.notes, fromDocxRuns(n, names))
	}
	return rd, nil
}

// fromDocx is a docx.Block as a block.
func fromDocx(b docx.Block, names map[string]string) block {
	out := block{level: b.Level, ordered: b.Ordered, num: b.Num, runs: fromDocxRuns(b.Runs, names),
		line: b.Paragraph, styled: b.Styled, title: b.Title, center: b.Centered, size: b.Size, margin: b.Margin}
	switch b.Kind {
	case docx.Heading:
		out.kind = heading
	case docx.Item:
		out.kind = item
	case docx.Table:
		out.kind = table
	default:
		out.kind = para
	}
	for _, row := range b.Cells {
		cells := make([]cell, len(row))
		for i, c := range row {
			cells[i] = cell{runs: fromDocxRuns(c.Runs, names), cols: max(c.Cols, 1), rows: max(c.Rows, 1), head: c.Header}
		}
		out.cells = append(out.cells, cells)
	}
	return out
}

func fromDocxRuns(runs []docx.Run, names map[string]string) []run {
	if runs == nil {
		return nil
	}
	out := make([]run, len(runs))
	for i, r := range runs {
		out[i] = run{text: r.Text, bold: r.Bold, italic: r.Italic, link: r.Link, note: r.Note}
		if r.Image != "" {
			out[i].image = names[r.Image]
		}
	}
	return out
}
