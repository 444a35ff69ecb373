package pipeline

import (
	"path"
	"strings"
)

// change is what a changed site path is to a rebuild. Every path falls in
// exactly one kind (classify), and a plan (plan.go) is made from the kinds
// alone: no other code looks at a changed path's name.
type change int

const (
	changeEntry  change = iota // content/**/*.md: an entry (index.md of a bundle included)
	changeIntro                // content/**/_index.md: a home or section title and introduction
	changeFile                 // any other file under content/: an attachment, an image, a folder
	changeLayout               // layouts/: the site's own templates
	changeTheme                // themes/: a theme's templates, labels or static files
	changeI18n                 // i18n/: the site's own labels
	changeStatic               // static/: files copied as they are
	changeConfig               // config.toml
	changeOther                // anything else in the site folder: no output is made from it
)

var changeNames = [...]string{"entry", "intro", "file", "layout", "theme", "i18n", "static", "config", "other"}

func (c change) String() string { return changeNames[c] }

// classify tells what kind of change a site path (slash-separated, relative
// to the site folder) is. A folder is classified as the files it may hold
// (content/a/2022 is a change of content files; layouts/partials a layout).
func classify(p string) change {
	top, rest, _ := strings.Cut(p, "/")
	switch top {
	case "content":
		switch {
		case rest == "" || !strings.HasSuffix(rest, ".md"):
			return changeFile
		case path.Base(rest) == "_index.md":
			return changeIntro
		default:
			return changeEntry
		}
	case "layouts":
		return changeLayout
	case "themes":
		return changeTheme
	case "i18n":
		return changeI18n
	case "static":
		return changeStatic
	case "config.toml":
		if rest == "" {
			return changeConfig
		}
	}
	return changeOther
}

// templates reports whether a change of this kind makes the templates
// (and the labels they print) load again.
func (c change) templates() bool {
	return c == changeLayout || c == changeTheme || c == changeI18n
}
