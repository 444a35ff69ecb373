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
func readDocx(name string, src []byte) ([]block, []attachment, []error, error) {
	doc, err := docx.Read(name, src)
	if err != nil {
		return nil, nil, nil, err
	}
	var files []attachment
	names := map[string]string{} // path in the .docx → attachment name
	for _, p := range doc.Pictures {
		n := uniqueName(safeName(path.Base(p.Path)), files)
		names[p.Path] = n
		files = append(files, attachment{name: n, data: p.Data})
	}
	var blocks []block
	for _, b := range doc.Blocks {
		blocks = append(blocks, fromDocx(b, names))
	}
	return blocks, files, doc.Warnings, nil
}

// fromDocx is a docx.Block as a block.
func fromDocx(b docx.Block, names map[string]string) block {
	out := block{level: b.Level, ordered: b.Ordered, num: b.Num, runs: fromDocxRuns(b.Runs, names),
		line: b.Paragraph, styled: b.Styled, title: b.Title}
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
		cells := make([][]run, len(row))
		for i, c := range row {
			cells[i] = fromDocxRuns(c, names)
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
		out[i] = run{text: r.Text, bold: r.Bold, italic: r.Italic, link: r.Link}
		if r.Image != "" {
			out[i].image = names[r.Image]
		}
	}
	return out
}
