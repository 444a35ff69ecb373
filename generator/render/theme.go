package render

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gen/generator/config"
)

// layer is one place templates, labels and static files are looked up in.
type layer struct {
	fsys fs.FS  // rooted at the theme folder (holding layouts/, static/, i18n/)
	name string // how paths in it are shown in messages ("themes/default/")
}

// Theme is the stack of layers of a build, searched top first: the site's own
// layouts/ (and static/, i18n/), then themes/<theme>/ of the site, then the
// built-in default theme.
type Theme struct {
	layers []layer
}

// LoadTheme builds the stack. site is the site folder; builtin holds the
// embedded themes (a folder per theme). A theme that is neither in the site
// nor built in is an error at config.toml's theme line.
func LoadTheme(site, builtin fs.FS, cfg *config.Config) (*Theme, error) {
	t := &Theme{layers: []layer{{fsys: site, name: ""}}}
	own := "themes/" + cfg.Theme
	if isDir(site, own) {
		sub, err := fs.Sub(site, own)
		if err != nil {
			return nil, err
		}
		t.layers = append(t.layers, layer{fsys: sub, name: own + "/"})
	} else if cfg.Theme != "default" {
		return nil, cfg.Errorf("theme", "unknown theme %q: there is no folder %s/ in the site (the built-in theme is \"default\")", cfg.Theme, own)
	}
	def, err := fs.Sub(builtin, "default")
	if err != nil {
		return nil, err
	}
	t.layers = append(t.layers, layer{fsys: def, name: "(built-in) themes/default/"})
	return t, nil
}

func isDir(fsys fs.FS, name string) bool {
	info, err := fs.Stat(fsys, name)
	return err == nil && info.IsDir()
}

// find returns the top layer's copy of name (e.g. "layouts/entry.html").
func (t *Theme) find(name string) (src []byte, shown string, ok bool, err error) {
	for _, l := range t.layers {
		b, err := fs.ReadFile(l.fsys, name)
		if err == nil {
			return b, l.name + name, true, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, l.name + name, false, err
		}
	}
	return nil, "", false, nil
}

// list returns the files under dir across layers, each from its top layer,
// sorted by name.
func (t *Theme) list(dir string) []string {
	seen := map[string]bool{}
	for _, l := range t.layers {
		_ = fs.WalkDir(l.fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
				seen[p] = true
			}
			return nil
		})
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// StaticFile is a file to copy into the output as is.
type StaticFile struct {
	Out   string // path in the output
	FS    fs.FS
	Path  string // path in FS
	Shown string // where it is, for messages: "static/logo.png", "themes/x/static/…"
}

// Static lists the static files of every layer; a file of an upper layer
// replaces the same path below it. The site's own static/ is the top.
func (t *Theme) Static() []StaticFile {
	files := map[string]StaticFile{}
	for i := len(t.layers) - 1; i >= 0; i-- {
		l := t.layers[i]
		_ = fs.WalkDir(l.fsys, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			out := strings.TrimPrefix(p, "static/")
			files[out] = StaticFile{Out: out, FS: l.fsys, Path: p, Shown: l.name + p}
			return nil
		})
	}
	out := make([]StaticFile, 0, len(files))
	for _, f := range files {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Out < out[j].Out })
	return out
}

func base(p string) string { return strings.TrimSuffix(path.Base(p), path.Ext(p)) }
