package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gen/generator/config"
	"gen/generator/diag"
	"gen/generator/importer"
)

func runImport(e *env, args []string) int {
	flags := newFlags(e, "import", "FILE|FOLDER…", `Turns existing documents into entries of the archive: .txt (UTF-8, UTF-16
or GB18030/GBK), .md without front matter, and .docx. Folders are read
recursively; a .doc or other file is skipped (save Word files as .docx).

Each document becomes content/SECTION/YEAR/NAME.md, or a bundle
NAME/index.md with its pictures. The title comes from the Word title style,
the first heading or title-like line (labels such as 【自我介绍】, 尊敬的…,
附件1 and 编号 lines passed over), else the file name without （定稿）, _v2,
副本. The year comes from the title (2022年…), the file name, --year, else
from the document: its date line (落款) near the end, a year or date in its
first lines (2022年度), a .docx's properties (created, then modified); the
date from the 落款, the first lines or the properties, else the last day of
the year. Each line of the summary says where they came from; a document
with no date anywhere is refused. Merged table cells become an HTML table;
WMF/EMF pictures without a bitmap copy are kept as attachments, not shown.
Typed outline numbering becomes headings (一、 → ##,
（一） → ###, 1. → ####), 一是… lead phrases are set in bold, watermark lines
(config [check] watermarks) are removed, placeholders (xx) are listed.
Existing entries are never overwritten without --force.

  gen import 旧档案/                      everything in a folder
  gen import --dry-run --year 2021 总结.txt   see what would happen`)
	section := flags.String("section", importer.DefaultSection, "the `section` (first-level folder of content/) to import into")
	year := flags.Int("year", 0, "the `year` of documents whose title and file name name none (before the dates in the document)")
	dryRun := flags.Bool("dry-run", false, "say what would be imported, write nothing")
	keep := flags.Bool("keep-original", false, "copy each original file into its entry (which makes it a bundle)")
	force := flags.Bool("force", false, "overwrite entries that exist already")
	source := flags.String("source", ".", "the site `folder`; entries go into its content/")
	if code, done := parse(flags, args); done {
		return code
	}
	if flags.NArg() == 0 {
		flags.Usage()
		return 2
	}
	if *year != 0 && (*year < 1000 || *year > 9999) {
		fmt.Fprintf(e.stderr, "gen import: --year %d is not a four-digit year\n", *year)
		return 2
	}
	site := e.abs(*source)
	cfg, code := importConfig(e, site)
	if cfg == nil {
		return code
	}
	paths := make([]string, flags.NArg())
	for i, p := range flags.Args() {
		paths[i] = e.abs(p)
	}
	res, err := importer.Import(e.ctx, cfg, paths, importer.Options{
		Site: site, Section: *section, Year: *year,
		DryRun: *dryRun, KeepOriginal: *keep, Force: *force,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "gen import: %v\n", err)
		return 2
	}
	return printImport(e, res, site)
}

// importConfig loads the site's config.toml, refusing a folder that is not
// a site (no config.toml and no content/), so an import never scatters
// entries into a random folder.
func importConfig(e *env, site string) (*config.Config, int) {
	_, errConf := os.Stat(filepath.Join(site, "config.toml"))
	_, errContent := os.Stat(filepath.Join(site, "content"))
	if errors.Is(errConf, fs.ErrNotExist) && errors.Is(errContent, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "gen import: %s is not a site folder (it has no config.toml or content/); run it in one, give --source, or make one with gen new site DIR\n", e.rel(site))
		return nil, 1
	}
	cfg, warns, err := config.Load(os.DirFS(site), "config.toml")
	warn(e, diag.Warnings(warns))
	if err != nil {
		return nil, report(e, "", err)
	}
	return cfg, 0
}

// printImport prints one line per document, what was removed and warned
// about, errors on stderr, and the summary; it returns the exit status.
func printImport(e *env, res *importer.Result, site string) int {
	verb, would := "imported", ""
	if res.DryRun {
		verb, would = "would import", "would be "
	}
	var failed []error
	for _, f := range res.Files {
		src := e.rel(f.Source)
		switch f.Outcome {
		case importer.Imported:
			entry := filepath.ToSlash(e.rel(filepath.Join(site, filepath.FromSlash(f.Entry))))
			extra := ""
			if len(f.Files) > 0 {
				extra = " + " + strings.Join(f.Files, ", ")
			}
			if f.Encoding != "" && f.Encoding != "UTF-8" {
				src += " (" + f.Encoding + ")"
			}
			fmt.Fprintf(e.stdout, "%s %s → %s%s\n", verb, src, entry, extra)
			fmt.Fprintf(e.stdout, "  %s\n", f.Dated)
		case importer.Skipped:
			fmt.Fprintf(e.stdout, "skipped %s\n", relMessage(e, f.Reason))
		case importer.Failed:
			failed = append(failed, f.Reason)
		}
		for _, r := range f.Removed {
			fmt.Fprintf(e.stdout, "  %s\n", relMessage(e, r))
		}
		for _, w := range diag.Group(f.Warnings) { // in document order, repeats once
			fmt.Fprintf(e.stderr, "warning: %s\n", relMessage(e, w))
		}
	}
	for _, err := range failed {
		fmt.Fprintf(e.stderr, "%s\n", relMessage(e, err))
	}
	imported, skipped, nfailed, warnings := res.Count()
	summary := fmt.Sprintf("%s %simported, %s skipped, %s failed, %s", plural(imported, "document", "documents"), would,
		fmt.Sprint(skipped), fmt.Sprint(nfailed), plural(warnings, "warning", "warnings"))
	if res.DryRun {
		summary = "dry run, nothing written: " + summary
	}
	fmt.Fprintln(e.stdout, summary)
	if nfailed > 0 {
		return 1
	}
	return 0
}

// relMessage shows a "path:line: message" with paths inside the working
// folder relative to it, as the user named them.
func relMessage(e *env, err error) string {
	return strings.ReplaceAll(err.Error(), e.dir+string(filepath.Separator), "")
}
