package pipeline

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/markdown"
	"gen/generator/photo"
	"gen/generator/site"
)

// The photos stage makes a display copy and a thumbnail of every picture
// of an entry bundle, and of every picture in content/ outside a bundle
// (an image beside an entry, which its text may show). The copies are
// written beside the original, named after it (现场3-1600.jpg,
// 现场3-480.jpg); a bundle's pictures leave its attachments for
// Entry.Photos (the entry page shows them in the text or in its gallery,
// each with a 原图 link unless [photos] originals = false). A picture that
// cannot be shown (HEIC, a damaged file …) stays an attachment, with one
// warning. With Options.PhotoCache the copies are kept between runs.

// pictureExts are the files the photos stage looks at.
var pictureExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".bmp": true,
	".tif": true, ".tiff": true, ".webp": true, ".heic": true, ".heif": true, ".avif": true}

func isPicture(name string) bool { return pictureExts[strings.ToLower(path.Ext(name))] }

// photoJob is one picture: whose it is and where its copies go.
type photoJob struct {
	path  string      // content path
	dir   string      // output folder of the copies
	entry *site.Entry // nil for a picture outside a bundle
	size  int64
}

func (r *run) makePhotos() error {
	if r.plan.scope == scopeTexts { // no file of content/ came, went or changed
		r.photos = photosOf(r.site)
		return nil
	}
	jobs := r.photoJobs()
	r.photos = map[string]*site.Photo{}
	if len(jobs) == 0 {
		return nil
	}
	opts := photo.Options{Display: r.cfg.Photos.Display, Thumb: r.cfg.Photos.Thumb,
		Quality: r.cfg.Photos.Quality, CacheDir: r.photoCache()}
	if r.keep != nil {
		r.keep.photoOpts, r.keep.contentFS = opts, r.contentFS
	}
	// A Session's build with Options.Later and a cache makes no copy that
	// is not in the cache: it shows the original, and Session.MakePhotos
	// makes them.
	opts.CachedOnly = r.opts.Later && r.keep != nil && opts.CacheDir != ""
	proc := photo.New(opts)
	names := make([]string, len(jobs))
	for i, j := range jobs {
		names[i] = j.path
	}
	var errs diag.List
	err := proc.Batch(r.ctx, r.contentFS, names, func(done, total int) { r.progress("photos", done, total) },
		func(i int, res *photo.Result, err error) {
			if f := r.plan.failedPhotos[jobs[i].path]; f != nil && err == nil && res.Kind == photo.Pending {
				res, err = nil, f
			}
			if e := r.placePhoto(jobs[i], res, err); e != nil {
				errs = append(errs, e)
			}
		})
	if err != nil {
		return err
	}
	r.res.PhotoStats = proc.Stats()
	for _, e := range r.site.Entries {
		if len(e.Photos) > 0 {
			site.SortPhotos(e.Photos)
			e.Attachments = withoutPhotos(e.Attachments, r.photos, e)
		}
	}
	r.site.AddPhotoPages()
	return errs.Err()
}

// photoCache is the folder photos' copies are kept in between runs.
func (r *run) photoCache() string {
	if r.opts.SiteDir == "" {
		return ""
	}
	if filepath.IsAbs(r.cfg.Photos.Cache) {
		return r.cfg.Photos.Cache
	}
	return filepath.Join(r.opts.SiteDir, filepath.FromSlash(r.cfg.Photos.Cache))
}

// photoJobs lists every picture of a bundle and of content/.
func (r *run) photoJobs() []photoJob {
	var jobs []photoJob
	for _, e := range r.site.Entries {
		for _, a := range e.Attachments {
			if isPicture(a.Name) {
				jobs = append(jobs, photoJob{path: a.Path, dir: path.Dir(e.Dir() + "/" + a.Name), entry: e, size: a.Size})
			}
		}
	}
	for _, f := range r.site.Files {
		if isPicture(f.Path) {
			jobs = append(jobs, photoJob{path: f.Path, dir: path.Dir(f.Path), size: f.Size})
		}
	}
	return jobs
}

// placePhoto writes a picture's copies and puts it in the model, or warns
// that it stays an attachment.
func (r *run) placePhoto(j photoJob, res *photo.Result, err error) error {
	shown := "content/" + j.path
	if err != nil {
		r.warn(&diag.Error{Path: shown, Rule: "photo", Severity: diag.SeverityWarning, Msg: photoProblem(err) + "; it is kept as an attachment"})
		return nil
	}
	if res.Kind == photo.Keep {
		r.warn(&diag.Error{Path: shown, Rule: "photo", Severity: diag.SeverityWarning, Msg: res.Reason})
		return nil
	}
	name := path.Base(j.path)
	p := &site.Photo{Entry: j.entry, Name: name, Path: j.path, Size: j.size}
	orig := j.dir + "/" + name
	if res.Kind == photo.Pending { // the original, at the copies' sizes, until they are made
		p.Original = orig
		p.Display = site.Picture{URL: orig, Width: res.Display.Width, Height: res.Display.Height}
		p.Thumb = site.Picture{URL: orig, Width: res.Thumb.Width, Height: res.Thumb.Height}
		r.res.PendingPhotos = append(r.res.PendingPhotos, j.path)
		r.placed(p, j)
		return nil
	}
	if r.cfg.Photos.Originals || res.Display.Original || res.Thumb.Original {
		p.Original = orig
	}
	for _, c := range []struct {
		img *photo.Image
		pic *site.Picture
	}{{&res.Display, &p.Display}, {&res.Thumb, &p.Thumb}} {
		*c.pic = site.Picture{URL: orig, Width: c.img.Width, Height: c.img.Height}
		if c.img.Original {
			continue
		}
		c.pic.URL = j.dir + "/" + c.img.Name
		if err := r.opts.Out.WriteFile(c.pic.URL, c.img.Data); err != nil {
			return diag.Errorf(shown, 0, "writing %s: %w", c.pic.URL, err)
		}
		r.res.Files++
	}
	if !r.cfg.Photos.Originals && p.Original == orig && !res.Display.Original && !res.Thumb.Original {
		p.Original = ""
	}
	r.placed(p, j)
	return nil
}

// placed puts a photo in the model.
func (r *run) placed(p *site.Photo, j photoJob) {
	r.photos[j.path] = p
	if j.entry != nil {
		j.entry.Photos = append(j.entry.Photos, p)
	}
}

// photoProblem says in a writer's words why a picture was not made.
func photoProblem(err error) string {
	msg := err.Error()
	if pe, ok := err.(*photo.Error); ok {
		msg = pe.Err.Error()
	}
	return fmt.Sprintf("cannot make a display copy (%s)", msg)
}

// withoutPhotos is an entry's attachments less the pictures that became
// its photos; their originals are copied by the files stage from Photos.
func withoutPhotos(list []content.Attachment, photos map[string]*site.Photo, e *site.Entry) []content.Attachment {
	var out []content.Attachment
	for _, a := range list {
		if p := photos[a.Path]; p == nil || p.Entry != e {
			out = append(out, a)
		}
	}
	return out
}

// photosOf is the model's photos by content path (a texts-only build
// takes the model over with them).
func photosOf(s *site.Site) map[string]*site.Photo {
	m := map[string]*site.Photo{}
	for _, e := range s.Entries {
		for _, p := range e.Photos {
			m[p.Path] = p
		}
	}
	return m
}

// picture shows the images of the text at src (a content path) on the
// page at pageURL as their photos' display copies (markdown.Context.Picture).
func (r *run) picture(src, pageURL string) func(dest string, line int) (markdown.Picture, bool) {
	if len(r.photos) == 0 {
		return nil
	}
	return func(dest string, _ int) (markdown.Picture, bool) {
		p := r.photos[r.links.contentPath(src, dest)]
		if p == nil {
			return markdown.Picture{}, false
		}
		return markdown.Picture{Src: site.RelShort(pageURL, p.Display.URL), Href: site.RelShort(pageURL, p.Link()),
			Width: p.Display.Width, Height: p.Display.Height}, true
	}
}

// gallery is an entry's photos its text does not show.
func (r *run) gallery(e *site.Entry, shown []string) []*site.Photo {
	if len(e.Photos) == 0 {
		return nil
	}
	in := map[string]bool{}
	for _, d := range shown {
		in[r.links.contentPath(e.Path, d)] = true
	}
	var out []*site.Photo
	for _, p := range e.Photos {
		if !in[p.Path] {
			out = append(out, p)
		}
	}
	return out
}
