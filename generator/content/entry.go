// Package content reads a site's content/ folder into a Library: its sections
// and the metadata of every entry, parsed from its front matter — TOML
// between "+++" lines, YAML between "---" lines or a JSON object (split.go),
// all read by one reader of keys; keys of Hugo, Hexo and Jekyll in keys.go.
//
// It owns the content model: what a section, an entry and an
// entry bundle are, which front-matter keys mean what, how dates and years are
// read, and where each entry's page goes. It keeps metadata only; bodies are
// read again when they are rendered (ReadBody), so a 50,000-entry library
// stays small in memory.
//
// In: an fs.FS rooted at the content folder and the site's Config. Out: a
// Library, warnings, and a diag.List naming every broken file.
package content

import (
	"time"
)

// Entry is one archived document: its front matter and where it lives.
type Entry struct {
	Path    string // source file, slash-separated, relative to content/
	Section string // first folder of Path
	Bundle  bool   // Path ends in /index.md; other files in its folder are attachments
	URL     string // output page, relative to the site root: "reports/2022/总结/index.html"

	Title   string
	Date    time.Time // in the site's time zone; zero when HasDate is false
	HasDate bool
	Year    int // the year reported on; all archive grouping uses it
	Draft   bool
	Summary string // front matter summary; else the renderer fills it from the body
	Slug    string
	Weight  int
	Tags    []string
	Units   []string
	// Terms holds every taxonomy's terms (tags, units and those declared
	// in config), as written; TermsOf looks one up. (A slice, not a map:
	// 50,000 small maps cost more memory than the rest of the entry.)
	Terms  []Terms
	Events []Event
	// Figures are the entry's [figures], in the order written: numbers the
	// site may track ([[figures]] in config.toml), summed per year.
	Figures []FigureValue
	// NoCompile is compile = false: the entry is left out of the year's
	// printed compilation.
	NoCompile bool
	Params    map[string]any // front-matter keys gen does not know

	// Keys of Hugo, Hexo and Jekyll (keys.go).
	Lastmod    time.Time // last changed (lastmod), when HasLastmod
	HasLastmod bool
	Aliases    []string // old output paths that redirect to URL ("posts/old/index.html")
	AliasLine  int      // line of the aliases key, 0 if none
	ownURL     string   // the output path url or permalink gives, "" for none

	Attachments []Attachment
	BodyLine    int    // 1-based file line where the Markdown body starts
	TitleLine   int    // line of the title (front matter key or # heading)
	DateLine    int    // line of the date key, 0 if none
	YearLine    int    // line of the year key, 0 if none
	SlugLine    int    // line of the slug key, 0 if none
	DropH1      bool   // the title came from the body's first "# " line, which is not rendered
	Size        int64  // of the file, in bytes
	Hash        uint64 // of the file's bytes, to tell what changed between builds
	Meta        uint64 // of what makes the entry's metadata (front matter, path, a title from the text)
}

// FigureValue is one figure of an entry's [figures] table.
type FigureValue struct {
	Name  string
	Value float64
	Line  int
}

// Terms are an entry's values of one taxonomy.
type Terms struct {
	Key    string
	Values []string
}

// TermsOf returns the entry's terms of the taxonomy key.
func (e *Entry) TermsOf(key string) []string {
	for _, t := range e.Terms {
		if t.Key == key {
			return t.Values
		}
	}
	return nil
}

// Event is a dated milestone inside an entry (front matter [[events]]).
type Event struct {
	Date  time.Time
	Title string
	Note  string
	Line  int
}

// Attachment is a file of an entry bundle, copied beside the entry's page.
type Attachment struct {
	Name string // relative to the bundle folder, slash-separated
	Path string // relative to content/
	Size int64
}

// Dir is the folder of the entry's page, relative to the site root.
func (e *Entry) Dir() string { return e.URL[:len(e.URL)-len("/index.html")] }

// SourceDir is the folder of the entry's source file, relative to content/.
func (e *Entry) SourceDir() string {
	for i := len(e.Path) - 1; i >= 0; i-- {
		if e.Path[i] == '/' {
			return e.Path[:i]
		}
	}
	return ""
}

// Section is a first-level folder of content/.
type Section struct {
	Name      string // folder name, also the URL segment
	Title     string // from _index.md, else Name
	Weight    int    // orders sections; then by Name
	IntroPath string // "reports/_index.md" when there is one
	Params    map[string]any
}

// Home is content/_index.md: the home page introduction.
type Home struct {
	Title     string
	IntroPath string
	Params    map[string]any
}

// File is a file of content/ outside any bundle (an image beside an entry, a
// shared PDF): copied to the same path in the output.
type File struct {
	Path string
	Size int64
}

// Library is the whole content folder.
type Library struct {
	Home     Home
	Sections []*Section // ordered by weight, then name
	Entries  []*Entry   // in file path order; drafts only when loaded with Drafts
	Files    []File
	Tree     *Tree // the scan the library was made from

	// all is every entry of Tree.entries, drafts too, by the same index;
	// shown[i] is all[i]'s index in Entries, or -1 for a draft left out.
	// A later Load over the same scan copies them and reads only what
	// changed (Options.Prev).
	all    []*Entry
	shown  []int32
	drafts bool // loaded with Options.Drafts
}

// Entry returns the loaded entry at a path relative to content/, or nil
// if there is none there or it is a draft left out.
func (l *Library) Entry(path string) *Entry {
	i, ok := l.Tree.entryIndex[path]
	if !ok || l.shown == nil || l.shown[i] < 0 {
		return nil
	}
	return l.all[i]
}
