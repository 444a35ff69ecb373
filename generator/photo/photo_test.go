package photo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"gen/generator/photo/phototest"
)

var ctx = context.Background()

// quadrants is an upright w×h test image whose four quadrants are red,
// green, blue and yellow (TL, TR, BL, BR): every one of the eight
// orientations puts a different colour in a different corner.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	cs := [4]color.RGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 0, 255}}
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, cs[2*(2*y/h)+2*x/w])
		}
	}
	return m
}

// Primitive transforms, written independently of orient.
func rotCW(m *image.RGBA) *image.RGBA { // rotate 90° clockwise
	W, H := m.Rect.Dx(), m.Rect.Dy()
	d := image.NewRGBA(image.Rect(0, 0, H, W))
	for y := range H {
		for x := range W {
			d.Set(H-1-y, x, m.At(x, y))
		}
	}
	return d
}

func flipH(m *image.RGBA) *image.RGBA {
	W, H := m.Rect.Dx(), m.Rect.Dy()
	d := image.NewRGBA(m.Rect)
	for y := range H {
		for x := range W {
			d.Set(W-1-x, y, m.At(x, y))
		}
	}
	return d
}

// stored is what a camera writes for the upright u under orientation o:
// the inverse of what a viewer does to show it.
func stored(u *image.RGBA, o int) *image.RGBA {
	r := func(m *image.RGBA, n int) *image.RGBA {
		for range n {
			m = rotCW(m)
		}
		return m
	}
	switch o {
	case 2:
		return flipH(u)
	case 3:
		return r(u, 2)
	case 4:
		return flipH(r(u, 2)) // vertical flip
	case 5:
		return flipH(r(u, 1)) // transpose
	case 6:
		return r(u, 3) // viewer rotates CW, so the camera stored it CCW
	case 7:
		return flipH(r(u, 3)) // transverse
	case 8:
		return r(u, 1)
	}
	return u
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, w uint8) bool { return int(a>>8)-int(w) < 60 && int(w)-int(a>>8) < 60 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

func decodeOut(t *testing.T, img Image) image.Image {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatalf("%s: %v", img.Name, err)
	}
	if b := m.Bounds(); b.Dx() != img.Width || b.Dy() != img.Height {
		t.Fatalf("%s is %v, says %d×%d", img.Name, b, img.Width, img.Height)
	}
	return m
}

func TestOrientationUpright(t *testing.T) {
	u := quadrants(320, 192)
	p := New(Options{Display: 160, Thumb: 40})
	for o := 1; o <= 8; o++ {
		data := phototest.JPEG(stored(u, o), 95, phototest.EXIF(o, true))
		res, err := p.Make(ctx, fstest.MapFS{"p.jpg": {Data: data}}, "p.jpg")
		if err != nil {
			t.Fatal(err)
		}
		for _, img := range []Image{res.Display, res.Thumb} {
			m := decodeOut(t, img)
			w, h := m.Bounds().Dx(), m.Bounds().Dy()
			if w <= h {
				t.Errorf("orientation %d: %s is %d×%d, want landscape", o, img.Name, w, h)
			}
			corners := []image.Point{{w / 8, h / 8}, {w * 7 / 8, h / 8}, {w / 8, h * 7 / 8}, {w * 7 / 8, h * 7 / 8}}
			for i, c := range corners {
				if want := u.RGBAAt(u.Rect.Dx()*(1+6*(i%2))/8, u.Rect.Dy()*(1+6*(i/2))/8); !near(m.At(c.X, c.Y), want) {
					t.Errorf("orientation %d: %s corner %d is %v, want %v", o, img.Name, i, m.At(c.X, c.Y), want)
				}
			}
		}
	}
}

func TestNoMetadataInDerived(t *testing.T) {
	data := phototest.Camera(1200, 900, 6, 3)
	if !bytes.Contains(data, []byte("Exif")) {
		t.Fatal("test photo has no EXIF")
	}
	p := New(Options{Display: 600, Thumb: 160})
	res, err := p.Make(ctx, fstest.MapFS{"现场 3.JPG": {Data: data}}, "现场 3.JPG")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Info.GPS || res.Info.Orientation != 6 || !res.Info.Metadata {
		t.Errorf("probe = %+v, want GPS, orientation 6, metadata", res.Info)
	}
	for _, img := range []Image{res.Display, res.Thumb} {
		for _, bad := range [][]byte{{0xFF, 0xE1}, []byte("Exif"), []byte("Canon"), []byte("GPS"), {0xFF, 0xE2}} {
			if bytes.Contains(img.Data, bad) {
				t.Errorf("%s contains %q", img.Name, bad)
			}
		}
		info, err := Probe(bytes.NewReader(img.Data), int64(len(img.Data)))
		if err != nil || info.Metadata || info.GPS || info.Orientation != 1 {
			t.Errorf("%s probes as %+v, %v", img.Name, info, err)
		}
	}
	if res.Display.Name != "现场 3-600.jpg" || res.Thumb.Name != "现场 3-160.jpg" {
		t.Errorf("names %q, %q", res.Display.Name, res.Thumb.Name)
	}
	if res.Display.Width != 450 || res.Display.Height != 600 {
		t.Errorf("display %d×%d, want 450×600 (upright portrait)", res.Display.Width, res.Display.Height)
	}
}

func encPNG(m image.Image) []byte {
	var b bytes.Buffer
	png.Encode(&b, m)
	return b.Bytes()
}

func badInputs(t *testing.T) map[string][]byte {
	cam := phototest.Camera(640, 480, 1, 5)
	g16 := image.NewRGBA64(image.Rect(0, 0, 300, 200))
	for i := range g16.Pix {
		g16.Pix[i] = byte(i * 7)
		if i%8 >= 6 {
			g16.Pix[i] = 0xFF // opaque
		}
	}
	pal := image.NewPaletted(image.Rect(0, 0, 300, 200), color.Palette{color.White, color.RGBA{200, 0, 0, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = byte(i / 300 % 2)
	}
	var gifb, bmpb, tifb bytes.Buffer
	gif.Encode(&gifb, pal, nil)
	bmp.Encode(&bmpb, quadrants(300, 200))
	tiff.Encode(&tifb, quadrants(300, 200), nil)
	return map[string][]byte{
		"truncated.jpg": cam[:len(cam)/2],
		"corrupt.jpg":   bytes.Repeat([]byte{0x13, 0x37}, 500),
		"badscan.jpg":   append(cam[:len(cam)-400:len(cam)-400], bytes.Repeat([]byte{0xFF, 0x99}, 200)...),
		"手机.heic":       phototest.HEIC(),
		"scan.jpg":      phototest.CMYKJPEG(64, 48),
		"deep.png":      encPNG(g16),
		"pal.png":       encPNG(pal),
		"anim.gif":      gifb.Bytes(),
		"old.bmp":       bmpb.Bytes(),
		"scan.tif":      tifb.Bytes(),
		"web.webp":      phototest.WebP(40, 30, 10, 200, 30),
		"IMG_0001.JPG":  cam,
		"现场 照片（一）.jpeg": cam,
		"bomb.png":      phototest.PNGBomb(20000, 20000),
		"empty.jpg":     nil,
	}
}

func TestBadInput(t *testing.T) {
	fsys := fstest.MapFS{}
	for n, d := range badInputs(t) {
		fsys[n] = &fstest.MapFile{Data: d}
	}
	tests := []struct {
		name     string
		err      error  // errors.Is
		keep     string // Reason substring for Keep
		display  string // derived display name
		colourAt color.RGBA
	}{
		{name: "truncated.jpg", err: ErrDamaged},
		{name: "corrupt.jpg", err: ErrUnsupported},
		{name: "badscan.jpg", err: ErrDamaged},
		{name: "empty.jpg", err: ErrUnsupported},
		{name: "手机.heic", keep: "HEIC photos cannot be shown by browsers; save it as JPEG"},
		{name: "anim.gif", keep: "GIF"},
		{name: "scan.jpg", display: "scan-1600.jpg", colourAt: color.RGBA{64, 64, 64, 255}},
		{name: "deep.png", display: "deep-1600.jpg"},
		{name: "pal.png", display: "pal.png"}, // small, clean: used as it is
		{name: "old.bmp", display: "old-1600.jpg", colourAt: color.RGBA{255, 0, 0, 255}},
		{name: "scan.tif", display: "scan-1600.jpg", colourAt: color.RGBA{255, 0, 0, 255}},
		{name: "web.webp", display: "web-1600.jpg", colourAt: color.RGBA{10, 200, 30, 255}},
		{name: "IMG_0001.JPG", display: "IMG_0001-1600.jpg"},
		{name: "现场 照片（一）.jpeg", display: "现场 照片（一）-1600.jpg"},
		{name: "bomb.png", err: ErrTooLarge},
	}
	p := New(Options{})
	for _, tt := range tests {
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		res, err := p.Make(ctx, fsys, tt.name)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
			t.Errorf("%s: allocated %d MB", tt.name, alloc>>20)
		}
		switch {
		case tt.err != nil:
			var pe *Error
			if !errors.Is(err, tt.err) || !errors.As(err, &pe) || pe.Name != tt.name {
				t.Errorf("Make(%q) = %v, want an *Error wrapping %v", tt.name, err, tt.err)
			}
			continue
		case err != nil:
			t.Errorf("Make(%q): %v", tt.name, err)
			continue
		case tt.keep != "":
			if res.Kind != Keep || !strings.Contains(res.Reason, tt.keep) {
				t.Errorf("Make(%q) = %v %q, want Keep %q", tt.name, res.Kind, res.Reason, tt.keep)
			}
			continue
		}
		if res.Kind != Made || res.Display.Name != tt.display {
			t.Errorf("Make(%q) display %q kind %v, want %q", tt.name, res.Display.Name, res.Kind, tt.display)
		}
		if res.Display.Original {
			continue
		}
		m := decodeOut(t, res.Display)
		if tt.colourAt != (color.RGBA{}) && !near(m.At(2, 2), tt.colourAt) {
			t.Errorf("%s: pixel %v, want ≈ %v", tt.name, m.At(2, 2), tt.colourAt)
		}
		t.Logf("%s → %s %d×%d %d bytes", tt.name, res.Display.Name, res.Display.Width, res.Display.Height, len(res.Display.Data))
	}
}

func TestByteLimitBeforeReading(t *testing.T) {
	p := New(Options{MaxBytes: 1000})
	_, err := p.Make(ctx, fstest.MapFS{"big.jpg": {Data: make([]byte, 2000)}}, "big.jpg")
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestTransparentPNGStaysPNG(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 900, 600))
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = byte(i)
	}
	p := New(Options{Display: 300, Thumb: 100})
	res, err := p.Make(ctx, fstest.MapFS{"logo.png": {Data: encPNG(m)}}, "logo.png")
	if err != nil {
		t.Fatal(err)
	}
	if res.Display.Name != "logo-300.png" || res.Thumb.Name != "logo-100.png" {
		t.Errorf("names %q %q", res.Display.Name, res.Thumb.Name)
	}
	decodeOut(t, res.Display)
}

func TestSmallCleanImageUsedAsIs(t *testing.T) {
	p := New(Options{})
	res, err := p.Make(ctx, fstest.MapFS{"a.png": {Data: encPNG(quadrants(200, 100))}}, "a.png")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Display.Original || !res.Thumb.Original || res.Display.Name != "a.png" || res.Display.Width != 200 {
		t.Errorf("result %+v, want the original for both", res)
	}
	if s := p.Stats(); s.Decodes != 0 {
		t.Errorf("decodes = %d, want 0", s.Decodes)
	}
}

func photoFS(n int) (fstest.MapFS, []string) {
	fsys := fstest.MapFS{}
	var names []string
	for i := range n {
		name := fmt.Sprintf("活动/现场%d.jpg", i)
		fsys[name] = &fstest.MapFile{Data: phototest.Camera(800, 600, 1+i%8, uint32(i))}
		names = append(names, name)
	}
	return fsys, names
}

func TestCache(t *testing.T) {
	fsys, names := photoFS(4)
	dir := t.TempDir()
	opt := Options{Display: 400, Thumb: 100, CacheDir: dir}
	run := func() (*Processor, []*Result) {
		p := New(opt)
		out := make([]*Result, len(names))
		err := p.Batch(ctx, fsys, names, nil, func(i int, r *Result, err error) {
			if err != nil {
				t.Error(err)
			}
			out[i] = r
		})
		if err != nil {
			t.Fatal(err)
		}
		return p, out
	}
	p, first := run()
	if s := p.Stats(); s.Decodes != 4 || s.Writes != 4 || s.Hits != 0 {
		t.Errorf("first build: %+v", s)
	}
	p, again := run()
	if s := p.Stats(); s.Decodes != 0 || s.Hits != 4 {
		t.Errorf("unchanged rebuild: %+v, want no decode", s)
	}
	for i := range first {
		a, f := again[i].Display, first[i].Display
		if !again[i].Cached || !bytes.Equal(f.Data, a.Data) || a.Name != f.Name || a.Width != f.Width || a.Height != f.Height {
			t.Errorf("%s: cached result differs", names[i])
		}
	}
	// Damage one entry: it is noticed and recomputed.
	entries, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(entries) != 4 {
		t.Fatalf("%d cache entries, want 4", len(entries))
	}
	b, _ := os.ReadFile(entries[0])
	b[len(b)-10] ^= 0xFF
	os.WriteFile(entries[0], b, 0o644)
	p, _ = run()
	if s := p.Stats(); s.Decodes != 1 || s.Damaged != 1 || s.Hits != 3 {
		t.Errorf("after damage: %+v", s)
	}
	// Other settings are other entries.
	opt.Quality = 60
	if p, _ = run(); p.Stats().Decodes != 4 {
		t.Errorf("new quality: %+v", p.Stats())
	}
}

func TestCancel(t *testing.T) {
	fsys, names := photoFS(12)
	p := New(Options{Display: 400, Thumb: 100, Workers: 2})
	c, cancel := context.WithCancel(ctx)
	var seen int
	err := p.Batch(c, fsys, names, func(done, total int) {
		seen = done
		if done == 2 {
			cancel()
		}
	}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Batch = %v, want context.Canceled", err)
	}
	if s := p.Stats(); s.Decodes > 4 || seen > 4 {
		t.Errorf("after cancel at 2: %d done, %+v", seen, s)
	}
	p = New(Options{})
	if _, err := p.Make(c, fsys, names[0]); !errors.Is(err, context.Canceled) || p.Stats().Decodes != 0 {
		t.Errorf("Make on a cancelled context = %v", err)
	}
}

func FuzzProbe(f *testing.F) {
	for _, d := range badInputs(nil) {
		if len(d) < 4096 {
			f.Add(d)
		}
	}
	f.Add(phototest.JPEG(quadrants(16, 16), 80, phototest.EXIF(6, true)))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := Probe(bytes.NewReader(b), int64(len(b)))
		if err == nil && (info.Orientation < 1 || info.Orientation > 8) {
			t.Errorf("orientation %d", info.Orientation)
		}
	})
}

// jpegRoundTrip keeps image/jpeg registered for decodeOut.
var _ = jpeg.Decode

// Info.DecodeBytes is what image/jpeg allocates for the decoded image,
// which the memory budget counts in full: 1.5 bytes a pixel for a
// 4:2:0 camera JPEG (~18 MB at 12 MP, ~75 MB at 50 MP), 1 for grey, 8 for
// CMYK (planes, then the CMYK copy).
func TestDecodeBytes(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 1000, 700))
	tests := []struct {
		name string
		data []byte
		bpp  float64
	}{
		{"4:2:0", phototest.Camera(1000, 750, 1, 1), 1.5},
		{"grey", phototest.JPEG(gray, 90, nil), 1},
		{"cmyk", phototest.CMYKJPEG(640, 480), 8},
	}
	for _, tt := range tests {
		info, err := Probe(bytes.NewReader(tt.data), int64(len(tt.data)))
		if err != nil {
			t.Fatal(err)
		}
		if want := tt.bpp * float64(info.Pixels()); float64(info.DecodeBytes) < want || float64(info.DecodeBytes) > want*1.05 {
			t.Errorf("%s: DecodeBytes = %d, want ≈ %.0f", tt.name, info.DecodeBytes, want)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := jpeg.Decode(bytes.NewReader(tt.data)); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if alloc := int64(after.TotalAlloc - before.TotalAlloc); alloc > info.DecodeBytes+64<<10 {
			t.Errorf("%s: image/jpeg allocated %d bytes, DecodeBytes says %d", tt.name, alloc, info.DecodeBytes)
		}
	}
	// 12 MP and 50 MP camera photos, from their headers alone.
	for _, c := range []struct{ w, h, mb int }{{4000, 3000, 18}, {8160, 6120, 75}} {
		j := phototest.JPEG(image.NewYCbCr(image.Rect(0, 0, 16, 16), image.YCbCrSubsampleRatio420), 50, nil)
		j = bytes.Replace(j, []byte{0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10}, []byte{0xFF, 0xC0, 0x00, 0x11, 0x08, byte(c.h >> 8), byte(c.h), byte(c.w >> 8), byte(c.w)}, 1)
		info, err := Probe(bytes.NewReader(j), int64(len(j)))
		if err != nil || info.Width != c.w {
			t.Fatalf("probe of a patched SOF: %+v %v", info, err)
		}
		if mb := int(info.DecodeBytes / 1e6); mb != c.mb {
			t.Errorf("%d×%d: DecodeBytes %d MB, want %d", c.w, c.h, mb, c.mb)
		}
	}
}
