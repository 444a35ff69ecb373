package pipeline

import (
	"io/fs"

	"gen/generator/diag"
)

// copyFiles copies the theme's and the site's static files, the attachments
// of entry bundles and the files of content/ that belong to no bundle.
func (r *run) copyFiles() error {
	var errs diag.List
	copyOne := func(out string, fsys fs.FS, src, shown string) {
		if err := r.copyFile(out, fsys, src, shown); err != nil {
			errs = append(errs, diag.Errorf(shown, 0, "copying: %w", err))
		}
		r.res.Files++
	}
	for _, f := range r.renderer.Theme().Static() {
		if r.plan.copies(f.Shown) { // a texts-only build: the others are in the output it is over
			copyOne(f.Out, f.FS, f.Path, f.Shown)
		}
	}
	if r.plan.scope == scopeTexts { // no file of content/ came, went or changed
		return errs.Err()
	}
	for _, f := range r.site.Files {
		copyOne(f.Path, r.contentFS, f.Path, "content/"+f.Path)
	}
	for _, e := range r.site.Entries {
		for _, a := range e.Attachments {
			copyOne(e.Dir()+"/"+a.Name, r.contentFS, a.Path, "content/"+a.Path)
		}
		for _, p := range e.Photos {
			if p.Original != "" {
				copyOne(p.Original, r.contentFS, p.Path, "content/"+p.Path)
			}
		}
	}
	return errs.Err()
}

// copyFile copies one file, or in a Session hands over the bytes kept from
// the previous build when the file did not change.
func (r *run) copyFile(out string, fsys fs.FS, src, shown string) error {
	if r.keep == nil {
		return r.opts.Out.CopyFile(out, fsys, src)
	}
	b, ok := r.plan.file(shown)
	if !ok {
		var err error
		if b, err = fs.ReadFile(fsys, src); err != nil {
			return err
		}
	}
	r.keep.files[shown] = b
	return r.opts.Out.WriteFile(out, b)
}
