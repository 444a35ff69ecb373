package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gen/generator/output"
	"gen/generator/photo/phototest"
	"gen/themes"
)

// photoSite writes a site with an activity record of seven generated camera
// photos (one shown in its text, one stored sideways with EXIF orientation
// 6, all with a GPS position), an iPhone HEIC and a cut-short JPEG, into
// dir. It returns the site folder.
func photoSite(t *testing.T, dir string, config string) string {
	t.Helper()
	files := map[string][]byte{
		"config.toml": []byte("title = \"照片测试档案\"\n" + config),
		"content/activities/2024/植树活动/index.md": []byte("+++\ntitle = \"植树活动\"\ndate = 2024-03-12\nunit = \"机关党委\"\n+++\n\n" +
			"机关党委组织党员到滨河公园植树。\n\n![植树现场](现场1.jpg)\n\n大家分工合作，共栽下树苗六十余棵。\n"),
		"content/activities/2024/植树活动/手机 拍摄.heic": phototest.HEIC(),
		"content/activities/2024/植树活动/坏的.jpg":     phototest.Camera(800, 600, 1, 9)[:3000],
	}
	for i, name := range []string{"现场1.jpg", "现场2.JPG", "现场3.jpeg", "合影（全体）.jpg", "挖坑.jpg", "浇水.jpg", "竖拍.jpg"} {
		o := 1
		if name == "竖拍.jpg" {
			o = 6
		}
		files["content/activities/2024/植树活动/"+name] = phototest.Camera(2400, 1800, o, uint32(i+1))
	}
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPhotosInArchive builds the photo site from its folder twice, as gen
// build does: the text's photo is its display copy with its size, not
// lazy, inside a link to the original; the other six are the gallery;
// the HEIC and the damaged JPEG stay attachments with a warning each; no
// derived file carries EXIF or GPS; the row and the year's page of photos
// count them; the second build decodes nothing.
func TestPhotosInArchive(t *testing.T) {
	base := t.TempDir()
	site := photoSite(t, filepath.Join(base, "site"), "")
	dest := filepath.Join(base, "public")
	opts := Options{Site: os.DirFS(site), SiteDir: site, Builtin: themes.FS}
	res, err := ToDir(t.Context(), opts, dest)
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	for _, w := range res.Warnings {
		warns = append(warns, w.Error())
	}
	if len(warns) != 2 || !strings.Contains(warns[0]+warns[1], "HEIC photos cannot be shown by browsers") || !strings.Contains(warns[0]+warns[1], "坏的.jpg") {
		t.Errorf("warnings = %q", warns)
	}
	if res.PhotoStats.Decodes != 8 { // the seven, and the damaged one tried
		t.Errorf("first build decoded %d photos, want 8", res.PhotoStats.Decodes)
	}
	page := readFile(t, filepath.Join(dest, "activities/2024/植树活动/index.html"))
	doc := parseHTML(t, page)
	img := one(t, doc, "div.body a.photo img")
	if attr(img, "src") != "%E7%8E%B0%E5%9C%BA1-1600.jpg" || attr(img, "width") != "1600" || attr(img, "height") != "1200" || attr(img, "loading") != "" || attr(img, "decoding") != "async" {
		t.Errorf("the text's photo: %v", img.Attr)
	}
	if a := one(t, doc, "div.body a.photo"); attr(a, "href") != "%E7%8E%B0%E5%9C%BA1.jpg" {
		t.Errorf("the text's photo links to %q, not its original", attr(a, "href"))
	}
	thumbs := sel(doc, "section.gallery img")
	if len(thumbs) != 6 || !strings.Contains(text(one(t, doc, "section.gallery h2")), "照片（6）") {
		t.Fatalf("gallery: %d thumbnails", len(thumbs))
	}
	for _, th := range thumbs {
		if attr(th, "loading") != "lazy" || attr(th, "width") == "" {
			t.Errorf("thumbnail %v", th.Attr)
		}
	}
	if got := texts(sel(doc, "section.gallery figcaption")); !strings.HasPrefix(got[0], "合影（全体）.jpg 原图") {
		t.Errorf("gallery captions %q (file-name order, with 原图 links)", got)
	}
	if att := texts(sel(doc, "section.attachments li a")); len(att) != 2 {
		t.Errorf("attachments %q: the HEIC and the damaged JPEG", att)
	}
	// the sideways photo is upright in its copies
	if th := sel(doc, "section.gallery img"); attr(th[len(th)-1], "width") != "360" || attr(th[len(th)-1], "height") != "480" {
		t.Errorf("the portrait photo's thumbnail is %sx%s", attr(th[len(th)-1], "width"), attr(th[len(th)-1], "height"))
	}
	derived, _ := filepath.Glob(filepath.Join(dest, "activities/2024/植树活动/*-*.jp*g"))
	if len(derived) != 14 {
		t.Errorf("%d derived files, want 14", len(derived))
	}
	for _, f := range derived {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, []byte("GPS")) {
			t.Errorf("%s carries EXIF", f)
		}
	}
	if row := readFile(t, filepath.Join(dest, "activities/2024/index.html")); !strings.Contains(row, `<span class="p">7 张照片</span>`) {
		t.Errorf("the section-year row does not count the photos")
	}
	yp := parseHTML(t, readFile(t, filepath.Join(dest, "years/2024/photos/index.html")))
	if n := len(sel(yp, "ul.photo-grid img")); n != 7 {
		t.Errorf("the year's page of photos shows %d, want 7", n)
	}
	if st := crawl(t, dest); st.pages < 10 {
		t.Errorf("crawled %d pages", st.pages)
	}
	// As a photo folder is days later: the files are not new (their times
	// are older than the index's 2 s of doubt), the damaged one is gone.
	os.Remove(filepath.Join(site, "content/activities/2024/植树活动/坏的.jpg"))
	filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		old := time.Now().Add(-time.Hour)
		return os.Chtimes(p, old, old)
	})
	ToDir(t.Context(), opts, dest) // the index learns the old times
	again, err := ToDir(t.Context(), opts, dest)
	if err != nil {
		t.Fatal(err)
	}
	if again.PhotoStats.Decodes != 0 || again.PhotoStats.Reads != 0 {
		t.Errorf("a build with the same photos decoded %d and read %d", again.PhotoStats.Decodes, again.PhotoStats.Reads)
	}
}

// TestPhotosWithoutOriginals: [photos] originals = false leaves the
// originals out of the output, and the pictures link their display copies.
func TestPhotosWithoutOriginals(t *testing.T) {
	base := t.TempDir()
	site := photoSite(t, filepath.Join(base, "site"), "\n[photos]\noriginals = false\n")
	dest := filepath.Join(base, "public")
	if _, err := ToDir(t.Context(), Options{Site: os.DirFS(site), Builtin: themes.FS}, dest); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "activities/2024/植树活动/现场2.JPG")); err == nil {
		t.Errorf("an original was published")
	}
	doc := parseHTML(t, readFile(t, filepath.Join(dest, "activities/2024/植树活动/index.html")))
	if a := one(t, doc, "div.body a.photo"); attr(a, "href") != "%E7%8E%B0%E5%9C%BA1-1600.jpg" {
		t.Errorf("the text's photo links to %q", attr(a, "href"))
	}
	if n := len(sel(doc, "section.gallery a.orig")); n != 0 {
		t.Errorf("%d 原图 links without originals", n)
	}
	crawl(t, dest)
}

// TestSessionPhotosLater: a Session's build with Options.Later shows a
// photo not in the cache as its original at its copies' sizes, and lists
// it; once MakePhotos has made the copies, the build told of the photo
// shows them, decoding nothing, and its files are a one-shot build's.
func TestSessionPhotosLater(t *testing.T) {
	base := t.TempDir()
	site := photoSite(t, filepath.Join(base, "site"), "")
	opts := Options{Site: os.DirFS(site), SiteDir: site, Builtin: themes.FS, Later: true}
	s := NewSession(opts)
	res, mem, err := s.Build(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.PendingPhotos) != 8 || res.PhotoStats.Decodes != 0 { // the seven, and the one cut short (its header is whole)
		t.Fatalf("pending %q, %d decoded: want eight waiting, none decoded", res.PendingPhotos, res.PhotoStats.Decodes)
	}
	page, _ := mem.Get("activities/2024/植树活动/index.html")
	img := one(t, parseHTML(t, string(page)), "div.body a.photo img")
	if attr(img, "src") != "%E7%8E%B0%E5%9C%BA1.jpg" || attr(img, "width") != "1600" || attr(img, "height") != "1200" {
		t.Errorf("a waiting photo in the text: %v, want the original at the display copy's size", img.Attr)
	}
	if _, ok := mem.Get("activities/2024/植树活动/现场1.jpg"); !ok {
		t.Errorf("the original a waiting photo shows is not in the output")
	}

	if err := s.MakePhotos(t.Context(), res.PendingPhotos); err != nil {
		t.Fatal(err)
	}
	res, mem, err = s.Build(t.Context(), []string{}) // MakePhotos noted the photos as changed
	if err != nil {
		t.Fatal(err)
	}
	if len(res.PendingPhotos) != 0 || res.PhotoStats.Decodes != 0 {
		t.Errorf("after MakePhotos: pending %q, %d decoded", res.PendingPhotos, res.PhotoStats.Decodes)
	}
	var warns []string
	for _, w := range res.Warnings {
		warns = append(warns, w.Error())
	}
	if w := strings.Join(warns, "\n"); !strings.Contains(w, "坏的.jpg: cannot make a display copy") {
		t.Errorf("the photo that could not be made: warnings %s", w)
	}
	if !contains(res.Changed, "activities/2024/植树活动/index.html") {
		t.Errorf("the entry's page is not among the changed files %v", res.Changed)
	}
	want := output.NewMem()
	if _, err := Build(t.Context(), Options{Site: os.DirFS(site), SiteDir: site, Builtin: themes.FS, Out: want}); err != nil {
		t.Fatal(err)
	}
	for _, name := range nonSearch(want.Names()) {
		b, _ := want.Get(name)
		if !mem.Equal(name, b) {
			t.Errorf("%s differs from a one-shot build's", name)
		}
	}
}
