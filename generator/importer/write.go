package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gen/generator/content"
	"gen/generator/diag"
)

// attachment is a file written beside an entry bundle's index.md.
type attachment struct {
	name string
	data []byte
}

// frontMatter writes an entry's TOML front matter. Strings are TOML basic
// strings, escaped by tomlString, so a title with quotes or backslashes
// reads back as written.
// proposed is a commented-out block (proposedFigures) put before the
// closing line, or "".
func frontMatter(title string, date time.Time, year int, source, proposed string) string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %s\n", tomlString(title))
	fmt.Fprintf(&b, "date = %s\n", date.Format("2006-01-02"))
	fmt.Fprintf(&b, "year = %d\n", year)
	b.WriteString("tags = []\n")
	fmt.Fprintf(&b, "source = %s\n", tomlString(source))
	b.WriteString(proposed)
	b.WriteString("+++\n")
	return b.String()
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7F {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Slug makes an entry's file name from a document's file name (extension
// removed): Chinese stays; the characters Windows forbids in file names
// (<>:"/\|?* and control characters), and # and % that break URLs, become
// "-"; spaces and dots are trimmed from both ends; a name Windows reserves
// (CON, NUL, COM1 …), a name the archive gives a meaning (index, _index) or
// a name the loader would skip gets "-1" appended; an empty result is "entry".
func Slug(name string) string {
	s := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || strings.ContainsRune(`<>:"/\|?*#%`, r) {
			return '-'
		}
		return r
	}, name)
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '.' })
	if s == "" {
		return "entry"
	}
	if reservedName(s) || content.Ignored(s) || content.Ignored(s+".md") {
		s += "-1"
	}
	return s
}

func reservedName(s string) bool {
	base := strings.ToUpper(s)
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "CON", "PRN", "AUX", "NUL", "INDEX", "_INDEX":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '1' && base[3] <= '9' {
		return true
	}
	return false
}

// safeName makes an attachment's file name safe on every system.
func safeName(name string) string {
	s := Slug(strings.TrimSuffix(name, filepath.Ext(name)))
	ext := strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '.' {
			return r
		}
		return -1
	}, filepath.Ext(name))
	return s + strings.ToLower(ext)
}

// uniqueName returns name, or name with -2, -3 … before its extension when
// an attachment already has it (index.md is always taken).
func uniqueName(name string, files []attachment) string {
	taken := func(n string) bool {
		if strings.EqualFold(n, "index.md") {
			return true
		}
		for _, f := range files {
			if strings.EqualFold(f.name, n) {
				return true
			}
		}
		return false
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i, n := 2, name; ; i++ {
		if !taken(n) {
			return n
		}
		n = stem + "-" + strconv.Itoa(i) + ext
	}
}

// writeFile writes data to path through a temporary file in the same
// folder, renamed into place: a reader (or an interrupted import) sees the
// old file or the new one, never half of one. The temporary name starts
// with a dot and ends in .tmp, which the content loader skips.
func writeFile(path string, data []byte) error {
	dir, base := filepath.Split(path)
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// writeBundle writes a new bundle folder whole: its files go into a hidden
// temporary folder beside it, which is renamed into place last.
func writeBundle(dir string, files []attachment, index []byte) error {
	parent, base := filepath.Split(dir)
	tmp, err := os.MkdirTemp(parent, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	err = os.Chmod(tmp, 0o755)
	for _, f := range append(files, attachment{name: "index.md", data: index}) {
		if err == nil {
			err = os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644)
		}
	}
	if err == nil {
		err = os.Rename(tmp, dir)
	}
	if err != nil {
		os.RemoveAll(tmp)
	}
	return err
}

// updateBundle overwrites files of an existing bundle (--force), index.md
// last so the entry changes only once its attachments are in place.
func updateBundle(dir string, files []attachment, index []byte) error {
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), f.data); err != nil {
			return err
		}
	}
	return writeFile(filepath.Join(dir, "index.md"), index)
}

// exists reports whether path names something. A path that cannot be
// looked at counts as free: writing there then fails with the real reason.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// cleanTitle keeps a title on one line and within reason.
func cleanTitle(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200])
	}
	return s
}

// writer writes converted entries, one after another.
type writer struct {
	opts    Options
	claimed map[string]string // entry folder, lower-case → the source that took it
}

// write places e and writes it (unless a dry run), recording the outcome.
func (w *writer) write(e *entry, fr *FileResult) {
	yearDir := filepath.Join(w.opts.Site, "content", w.opts.Section, strconv.Itoa(e.year))
	flat := filepath.Join(yearDir, e.slug+".md")
	dir := filepath.Join(yearDir, e.slug)
	index := filepath.Join(dir, "index.md")
	key := strings.ToLower(w.rel(dir)) // Windows and macOS folders ignore case
	if first, ok := w.claimed[key]; ok {
		fr.Outcome, fr.Reason = Skipped, diag.Errorf(e.src.name, 0, "would be the same entry (%s) as %s: rename one of them", w.rel(flat), first)
		fr.Removed, fr.Warnings = nil, nil
		return
	}
	w.claimed[key] = e.src.name
	hasFlat, hasBundle := exists(flat), exists(index)
	bundle := len(e.files) > 0 || hasBundle && w.opts.Force
	fr.Entry, fr.Bundle = w.rel(flat), bundle
	if bundle {
		fr.Entry = w.rel(index)
		for _, f := range e.files {
			fr.Files = append(fr.Files, f.name)
		}
	}
	switch {
	case (hasFlat || hasBundle) && !w.opts.Force:
		existing := w.rel(flat)
		if hasBundle {
			existing = w.rel(index)
		}
		fr.Outcome, fr.Reason = Skipped, diag.Errorf(e.src.name, 0, "%s exists already; not overwritten (use --force to replace it)", existing)
		fr.Removed, fr.Warnings = nil, nil // about text that is not written
		return
	case bundle && !hasBundle && exists(dir):
		fr.Outcome, fr.Reason = Failed, diag.Errorf(e.src.name, 0, "folder %s exists and is not an entry bundle; move it away first", w.rel(dir))
		return
	}
	fr.Outcome = Imported
	if w.opts.DryRun {
		return
	}
	if err := w.put(e, bundle, hasBundle, hasFlat, yearDir, flat, dir); err != nil {
		fr.Outcome, fr.Reason = Failed, diag.Errorf(e.src.name, 0, "cannot write %s: %w", fr.Entry, unwrapPath(err))
	}
}

func (w *writer) put(e *entry, bundle, hasBundle, hasFlat bool, yearDir, flat, dir string) error {
	doc := frontMatter(e.title, e.date, e.year, e.src.base, proposedFigures(e.body))
	switch {
	case e.front != "":
		doc = e.front + e.body
	case e.body != "":
		doc += "\n" + e.body
	}
	if err := os.MkdirAll(yearDir, 0o755); err != nil {
		return err
	}
	switch {
	case bundle && hasBundle:
		if err := updateBundle(dir, e.files, []byte(doc)); err != nil {
			return err
		}
	case bundle:
		if err := writeBundle(dir, e.files, []byte(doc)); err != nil {
			return err
		}
	default:
		return writeFile(flat, []byte(doc))
	}
	if hasFlat {
		return os.Remove(flat) // the bundle replaces it (--force)
	}
	return nil
}

// rel names a path relative to the site folder, slash-separated.
func (w *writer) rel(p string) string {
	r, err := filepath.Rel(w.opts.Site, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}
