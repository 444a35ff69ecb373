// Package importer turns existing documents — plain text (.txt), Markdown
// without front matter (.md) and Word files (.docx) — into archive entries
// (gen import). It owns reading those formats, telling their
// encoding, recognising a report's structure, cleaning pasted watermarks,
// and writing entries; it prints nothing (package cli does).
//
// In: paths of files and folders, the site's Config (check.watermarks and
// check.placeholders, shared with gen check) and Options. Out: a Result with
// one FileResult per document, in input order; every problem a *diag.Error
// naming the file (and line, or Word paragraph).
//
// The stages, per document:
//
//	collect   collect.go: folders walked recursively; .doc, other types and ~$
//	          lock files skipped, each said to be what it is
//	decode    detect.go: UTF-8 (± BOM), UTF-16 with BOM, GB18030 that reads as
//	          Chinese text — else refused (Big5, Shift-JIS, EUC-KR)
//	read      text.go (.txt, .md), word.go (.docx, read by package docx beneath
//	          this one; its pictures named as attachments) → blocks
//	clean     clean.go: watermarks cut and listed, placeholders listed
//	title     meta.go: Word Title style, else the first heading or title-like
//	          line past labels (【…】, 尊敬的…, 附件N, 编号), else the file name
//	          without producer suffixes (（定稿）, _v2, 副本)
//	outline   outline.go: 一、 → ##, （一） → ###, 1. → ####, 一是 lead phrases bold
//	date      dating.go: year from title, file name, --year, else the document
//	          (落款, first lines, .docx properties); FileResult.Dated says whence
//	render    markdown.go, table.go: blocks → Markdown; notes → [^n]; a table
//	          with merged cells → an HTML table (issue 16's sanitiser keeps it)
//	write     write.go: content/<section>/<year>/<slug>.md, or a bundle
//	          <slug>/index.md with pictures (and the original with KeepOriginal)
//
// Documents are converted in parallel, then written one by one in input
// order, each file through a temporary name renamed into place (a new bundle
// as a whole folder), so an interrupted import leaves no half-written entry.
// An existing entry is never overwritten unless Force.
package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gen/generator/config"
	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/parallel"
)

// DefaultSection is where entries go without Options.Section.
const DefaultSection = "reports"

// maxDocx is the largest .docx gen reads (photos make them big).
const maxDocx = 200 << 20

// Options says where entries go and how.
type Options struct {
	Site         string // the site folder; entries go into Site/content/Section/<year>/
	Section      string // first-level folder of content/; DefaultSection when empty
	Year         int    // the year of documents whose title and file name name none
	DryRun       bool   // decide everything, write nothing
	KeepOriginal bool   // copy the original file into the entry's bundle
	Force        bool   // overwrite existing entries
	// Now is today, for refusing dates in the future; zero is time.Now().
	Now time.Time
}

// Outcome is what happened to one document.
type Outcome int

const (
	Imported Outcome = iota // written (or, in a dry run, would be)
	Skipped                 // not a document gen imports, or its entry exists
	Failed                  // could not be read or written
)

// FileResult is the story of one input document.
type FileResult struct {
	Source   string // the file, as named on the command line or found in a folder
	Outcome  Outcome
	Entry    string // the entry file, relative to the site folder, slash-separated
	Bundle   bool   // Entry is a bundle's index.md
	Encoding string // of a text file: UTF-8, UTF-8 with BOM, UTF-16LE/BE or GB18030
	Title    string
	Year     int
	Date     time.Time // a calendar date (UTC midnight)
	// Dated says where the year and the date came from ("year 2022 from
	// the title; date 2023-01-10 from the date line (落款) …").
	Dated string
	Files []string // attachments written beside a bundle's index.md
	// Reason says why the document was skipped or failed.
	Reason error
	// Removed lists the watermarks cut out ("removed watermark …").
	Removed []error
	// Warnings lists placeholders kept and parts not imported, in document
	// order, each of severity warning.
	Warnings []*diag.Error
}

// Result is the outcome of an import, one FileResult per document found.
type Result struct {
	Files  []FileResult
	DryRun bool
}

// Count returns how many documents were imported, skipped and failed, and
// how many warnings there were.
func (r *Result) Count() (imported, skipped, failed, warnings int) {
	for _, f := range r.Files {
		switch f.Outcome {
		case Imported:
			imported++
		case Skipped:
			skipped++
		case Failed:
			failed++
		}
		warnings += len(f.Warnings)
	}
	return
}

// Import imports the documents at paths. The error is for mistakes in the
// request itself (no paths, a bad section name); problems with documents
// are in the Result.
func Import(ctx context.Context, cfg *config.Config, paths []string, opts Options) (*Result, error) {
	if opts.Section == "" {
		opts.Section = DefaultSection
	}
	if err := checkSection(opts.Section); err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no files or folders to import")
	}
	if opts.Site == "" {
		opts.Site = "."
	}
	srcs := collect(paths, opts.Site)
	res := &Result{Files: make([]FileResult, len(srcs)), DryRun: opts.DryRun}
	entries := make([]*entry, len(srcs))
	started := make([]bool, len(srcs))
	_ = parallel.For(ctx, len(srcs), func(i int) {
		started[i] = true
		fr := &res.Files[i]
		fr.Source = srcs[i].name
		switch {
		case srcs[i].fail != nil:
			fr.Outcome, fr.Reason = Failed, srcs[i].fail
		case srcs[i].skip != nil:
			fr.Outcome, fr.Reason = Skipped, srcs[i].skip
		default:
			entries[i] = convert(srcs[i], cfg, opts, fr)
		}
	})
	for i := range srcs {
		if !started[i] {
			res.Files[i] = FileResult{Source: srcs[i].name, Outcome: Failed, Reason: diag.Errorf(srcs[i].name, 0, "import interrupted; not read")}
		}
	}
	w := writer{opts: opts, claimed: map[string]string{}}
	for i, e := range entries {
		if e == nil {
			continue
		}
		if ctx.Err() != nil {
			res.Files[i].Outcome, res.Files[i].Reason = Failed, diag.Errorf(srcs[i].name, 0, "import interrupted; not written")
			continue
		}
		w.write(e, &res.Files[i])
	}
	return res, nil
}

func checkSection(s string) error {
	if s == "." || s == ".." || strings.ContainsAny(s, `<>:"/\|?*#%`) || strings.TrimSpace(s) != s ||
		strings.HasPrefix(s, ".") || strings.HasPrefix(s, "_") || content.Ignored(s) {
		return fmt.Errorf("section %q must be one folder name, such as reports", s)
	}
	return nil
}

// entry is a converted document, ready to write.
type entry struct {
	src   source
	slug  string
	title string
	year  int
	date  time.Time
	body  string
	files []attachment
	front string // TOML front matter made from YAML or JSON (frontmatter.go); "" to write the usual
}

// reading is a document as read, before cleaning.
type reading struct {
	blocks            []block
	files             []attachment
	notes             [][]run // .docx footnotes and endnotes
	warns             []error
	created, modified time.Time // .docx core properties
}

// convert reads, cleans and renders one document; on failure it fills fr
// and returns nil.
func convert(src source, cfg *config.Config, opts Options, fr *FileResult) *entry {
	fail := func(err error) *entry {
		fr.Outcome, fr.Reason = Failed, err
		return nil
	}
	data, err := readSource(src)
	if err != nil {
		return fail(err)
	}
	if src.kind == kindMarkdown {
		if text, enc, err := Decode(src.name, data); err == nil {
			if e, ok := convertFront(src, text, cfg, fr); ok {
				fr.Encoding = enc
				return e
			}
		}
	}
	rd, err := readBlocks(src, data, fr)
	if err == errFrontMatter {
		fr.Outcome, fr.Reason = Skipped, diag.Errorf(src.name, 1, "%w", err)
		return nil
	}
	if err != nil {
		return fail(err)
	}
	c := &cleaner{name: src.name, docx: src.kind == kindDocx, watermarks: cfg.Check.Watermarks, holders: cfg.Check.Placeholders}
	blocks := c.clean(rd.blocks)
	for i := range rd.notes {
		rd.notes[i] = c.runs(rd.notes[i], 0)
	}
	stem := strings.TrimSuffix(src.base, filepath.Ext(src.base))
	title, blocks := takeTitle(blocks, stem, src.kind == kindDocx)
	title = cleanTitle(title)
	blocks = applyOutline(blocks)
	year, date, how, ok := dateOf(datingOf(src.name, title, stem, blocks, rd, opts, cfg.Location))
	fr.Title, fr.Removed, fr.Warnings = title, c.removed, diag.Warnings(append(rd.warns, c.warns...))
	if !ok {
		return fail(diag.Errorf(src.name, 0, "no date: neither the title, the file name, a date line (落款) near the end, the first lines nor the document's properties give a year; give it with --year"))
	}
	files := rd.files
	if opts.KeepOriginal {
		files = append(files, attachment{name: uniqueName(src.base, files), data: data})
	}
	body := render(blocks, rd.notes)
	if strings.TrimSpace(body) == "" && len(files) == 0 {
		fr.Warnings = append(fr.Warnings, diag.Warning(diag.Errorf(src.name, 0, "no text besides the title")))
	}
	fr.Year, fr.Date, fr.Dated = year, date, how
	return &entry{src: src, slug: Slug(stem), title: title, year: year, date: date, body: body, files: files}
}

// datingOf gathers what a document says about its year and date.
func datingOf(name, title, stem string, blocks []block, rd *reading, opts Options, loc *time.Location) dating {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if loc != nil {
		now = now.In(loc)
	}
	dr := &dater{name: name, now: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)}
	var dt dating
	dt.title, dt.name = nameYear(title, stem)
	if opts.Year != 0 {
		dt.flag = found{year: opts.Year, from: "--year"}
	}
	var sign int
	dt.sign, sign = dr.signature(blocks)
	dt.top = dr.top(title, blocks, sign)
	dt.created = dr.property(rd.created, loc, "created")
	dt.modified = dr.property(rd.modified, loc, "modified")
	rd.warns = append(rd.warns, dr.warns...)
	return dt
}

// readBlocks decodes and reads a document by its type.
func readBlocks(src source, data []byte, fr *FileResult) (*reading, error) {
	if src.kind == kindDocx {
		return readDocx(src.name, data)
	}
	text, enc, err := Decode(src.name, data)
	if err != nil {
		return nil, err
	}
	fr.Encoding = enc
	if src.kind == kindMarkdown {
		blocks, err := readMarkdown(text)
		return &reading{blocks: blocks}, err
	}
	return &reading{blocks: readText(text)}, nil
}

func readSource(src source) ([]byte, error) {
	info, err := os.Stat(src.path)
	if err != nil {
		return nil, diag.Errorf(src.name, 0, "%w", unwrapPath(err))
	}
	limit := int64(content.MaxFileSize)
	if src.kind == kindDocx {
		limit = maxDocx
	}
	if info.Size() > limit {
		return nil, diag.Errorf(src.name, 0, "file is %.1f MB; gen imports documents of up to %d MB", float64(info.Size())/(1<<20), limit>>20)
	}
	data, err := os.ReadFile(src.path)
	if err != nil {
		return nil, diag.Errorf(src.name, 0, "%w", unwrapPath(err))
	}
	if len(data) == 0 && src.kind == kindDocx {
		return nil, diag.Errorf(src.name, 0, "file is empty (0 bytes), as a new document made in Explorer and never saved is: nothing to import")
	}
	if len(data) == 0 {
		return nil, diag.Errorf(src.name, 0, "file is empty")
	}
	return data, nil
}

// unwrapPath drops the path from an *fs.PathError: messages name the file
// already.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
