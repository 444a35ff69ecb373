package importer

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gen/generator/content"
	"gen/generator/diag"
)

// srcKind is the format of an input document.
type srcKind int

const (
	kindText srcKind = iota
	kindMarkdown
	kindDocx
)

// source is one input file found by collect.
type source struct {
	path string // to read
	name string // for messages: as named on the command line, or under the folder named
	base string // file name
	kind srcKind
	skip error // not imported, and that is fine (another file type)
	fail error // cannot be imported (missing, unreadable)
}

// collect expands paths into files, folders recursively in name order. It
// skips what the content loader skips (hidden files, backups; ~$ Word lock
// files are listed as skipped, saying what they are) and, inside the site, its content/ and public/ folders, so
// "gen import ." in a site folder does not import the archive into itself.
// A file named twice is imported once.
func collect(paths []string, site string) []source {
	var out []source
	seen := map[string]bool{}
	skipDirs := map[string]bool{}
	for _, d := range []string{"content", "public"} {
		if abs, err := filepath.Abs(filepath.Join(site, d)); err == nil {
			skipDirs[abs] = true
		}
	}
	add := func(p string) {
		abs, err := filepath.Abs(p)
		if err == nil && seen[abs] {
			return
		}
		seen[abs] = true
		out = append(out, classify(p))
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			out = append(out, source{path: p, name: p, base: filepath.Base(p), fail: diag.Errorf(p, 0, "%w", unwrapPath(err))})
			continue
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, source{path: q, name: q, base: filepath.Base(q), fail: diag.Errorf(q, 0, "%w", unwrapPath(err))})
				return nil
			}
			if !d.IsDir() && strings.HasPrefix(d.Name(), "~$") {
				add(q) // a lock file is said to be one, not silently passed over
				return nil
			}
			if q != p && content.Ignored(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if abs, err := filepath.Abs(q); err == nil && skipDirs[abs] {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
				add(q)
			}
			return nil
		})
		if err != nil {
			out = append(out, source{path: p, name: p, base: filepath.Base(p), fail: diag.Errorf(p, 0, "%w", unwrapPath(err))})
		}
	}
	return out
}

// classify tells a file's format by its extension.
func classify(p string) source {
	s := source{path: p, name: p, base: filepath.Base(p)}
	if strings.HasPrefix(s.base, "~$") {
		s.skip = diag.Errorf(p, 0, "a lock file Word or WPS leaves beside a document while it is open (or after a crash), not a document; skipped")
		return s
	}
	switch ext := strings.ToLower(filepath.Ext(p)); ext {
	case ".txt", ".text":
		s.kind = kindText
	case ".md", ".markdown":
		s.kind = kindMarkdown
	case ".docx":
		s.kind = kindDocx
	case ".doc", ".wps", ".rtf", ".dot", ".docm", ".dotx", ".odt", ".wpt":
		s.skip = diag.Errorf(p, 0, "%s files are not imported: open it in Word or WPS, save it as .docx (Word Document), and import that", ext)
	default:
		s.skip = diag.Errorf(p, 0, "not a document gen imports (.txt, .md or .docx); a Word document must be saved as .docx")
	}
	return s
}
