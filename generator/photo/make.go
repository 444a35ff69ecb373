package photo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"path"
	"sync/atomic"
	"time"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// Options are a Processor's settings; zero fields take the defaults.
type Options struct {
	Display   int   // long edge of the display copy, px (default 1600)
	Thumb     int   // long edge of the thumbnail, px (default 480)
	Quality   int   // JPEG quality of both, 1–100 (default 82)
	MaxPixels int64 // refuse images that declare more (default 100 MP)
	MaxBytes  int64 // refuse files larger than this (default 200 MiB)
	// Memory bounds the decoded pixels held at once by all goroutines
	// (default 256 MiB); an image that alone would need more is refused.
	Memory int64
	// CacheDir keeps derived images between runs ("" = no cache).
	CacheDir string
	// Workers for Batch (default GOMAXPROCS).
	Workers int
	// CachedOnly makes no copy that is not in the cache: such a photo is
	// a Result of Kind Pending, its copies planned but not made (gen
	// serve shows the original meanwhile and has Fill make them).
	CachedOnly bool
}

// Defaults.
const (
	DefaultDisplay   = 1600
	DefaultThumb     = 480
	DefaultQuality   = 82
	DefaultMaxPixels = 100_000_000
	DefaultMaxBytes  = 200 << 20
	DefaultMemory    = 256 << 20
	// MemoryHeadroom is what a program adds to Memory for its soft memory
	// limit (debug.SetMemoryLimit): the rest of the heap, and the
	// collector's slack.
	MemoryHeadroom = 96 << 20
)

// version changes whenever the output for the same input and settings
// would change: it is part of every cache key.
const version = 2

// As-is thresholds: an original within them (and without metadata or
// rotation) is fit to show as it is.
const (
	asIsDisplayBytes = 300 << 10
	asIsThumbBytes   = 60 << 10
)

// Errors, for errors.Is: every error Make returns is an *Error wrapping
// one of these, a decoder's error, or the context's.
var (
	ErrTooLarge    = errors.New("too large")
	ErrDamaged     = errors.New("damaged or incomplete")
	ErrUnsupported = errors.New("not a supported image")
)

// Error is a photo that could not be processed: Name as given, and why.
type Error struct {
	Name string
	Err  error
}

func (e *Error) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Kind says what the caller does with a photo.
type Kind int

const (
	// Made: Display and Thumb are ready to be written (or are the original).
	Made Kind = iota
	// Keep: not an image a browser can be given a copy of; keep the file
	// as an attachment and warn with Reason.
	Keep
	// Pending (Options.CachedOnly): the copies are not in the cache; Info
	// and the planned Width and Height of both are known, Data is nil.
	Pending
)

// Image is a derived file.
type Image struct {
	Name          string // file name: "现场3-1600.jpg"; the original's when Original
	Width, Height int    // upright
	Data          []byte // the encoded file; nil when Original
	// Original: the original file is fit to use as it is (small, upright,
	// no metadata), so nothing was encoded.
	Original bool
}

// Result is what Make made of one photo.
type Result struct {
	Name   string // as given to Make
	Info   Info
	Kind   Kind
	Reason string // for Keep: the warning, without the file name
	// Display and Thumb, for Made.
	Display, Thumb Image
	Cached         bool // both came from the cache: nothing was decoded
}

// Stats count a Processor's work since New.
type Stats struct {
	Decodes int64 // images decoded
	Hits    int64 // results served from the cache
	Misses  int64 // cache lookups that found nothing usable
	Damaged int64 // cache entries found damaged (then recomputed)
	Writes  int64 // cache entries written
	Reads   int64 // originals read and hashed (not found in the index)
	// IndexDamaged is 1 when the index of originals was found damaged
	// (then ignored and rewritten).
	IndexDamaged int64
}

// Processor makes display copies and thumbnails. It is safe for
// concurrent use; its counters cover all goroutines.
type Processor struct {
	opt                                            Options
	mem                                            *budget
	idx                                            *index
	now                                            func() time.Time // time.Now; tests set it
	decodes, hits, misses, damaged, written, reads atomic.Int64
}

// New returns a Processor with opt's zero fields set to the defaults.
func New(opt Options) *Processor {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt(&opt.Display, DefaultDisplay)
	defInt(&opt.Thumb, DefaultThumb)
	defInt(&opt.Quality, DefaultQuality)
	opt.Quality = min(opt.Quality, 100)
	def(&opt.MaxPixels, DefaultMaxPixels)
	def(&opt.MaxBytes, DefaultMaxBytes)
	def(&opt.Memory, DefaultMemory)
	return &Processor{opt: opt, mem: newBudget(opt.Memory), idx: newIndex(opt.CacheDir), now: time.Now}
}

// Options returns the settings in force, defaults filled in.
func (p *Processor) Options() Options { return p.opt }

// Stats returns the counters.
func (p *Processor) Stats() Stats {
	s := Stats{p.decodes.Load(), p.hits.Load(), p.misses.Load(), p.damaged.Load(), p.written.Load(), p.reads.Load(), 0}
	if p.idx != nil {
		p.idx.mu.Lock()
		if p.idx.found {
			s.IndexDamaged = 1
		}
		p.idx.mu.Unlock()
	}
	return s
}

// Make reads the photo name from fsys and makes its display copy and
// thumbnail, from the cache when it can. A photo that is fine but not
// processable (GIF, HEIC, AVIF) is a Result of Kind Keep; a damaged,
// unknown or over-limit one is an *Error; a cancelled ctx returns its error.
func (p *Processor) Make(ctx context.Context, fsys fs.FS, name string) (*Result, error) {
	res, err := p.make(ctx, fsys, name)
	if err != nil {
		return nil, &Error{Name: name, Err: err}
	}
	return res, nil
}

func (p *Processor) make(ctx context.Context, fsys fs.FS, name string) (*Result, error) {
	st, err := p.stat(ctx, fsys, name)
	if err != nil {
		return nil, err
	}
	indexed, ok := p.idx.get(name, st, p.now())
	if ok {
		res, done, err := p.prepare(name, indexed.Info, st.Size(), indexed.Sum, true)
		if done || err != nil {
			return res, err
		}
	}
	data, err := p.read(ctx, fsys, name, st)
	if err != nil {
		return nil, err
	}
	p.reads.Add(1)
	h := sha256.Sum256(data)
	sum := hex.EncodeToString(h[:])
	info, err := Probe(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	p.idx.put(name, st, sum, info, p.now())
	// The cache was asked already if the index knew these bytes.
	res, done, err := p.prepare(name, info, int64(len(data)), sum, !ok || sum != indexed.Sum)
	if done || err != nil {
		return res, err
	}
	if p.opt.CachedOnly {
		res.Kind = Pending
		w, h := info.Upright()
		if !res.Display.Original {
			res.Display.Width, res.Display.Height = fit(w, h, p.opt.Display)
		}
		if !res.Thumb.Original {
			res.Thumb.Width, res.Thumb.Height = fit(res.Display.Width, res.Display.Height, p.opt.Thumb) // as derive does
		}
		return res, nil
	}
	est := p.estimate(info, len(data))
	if err := p.mem.acquire(ctx, est); err != nil {
		return nil, err
	}
	defer p.mem.release(est)
	if err := p.derive(ctx, data, res); err != nil {
		return nil, err
	}
	p.cachePut(p.key(sum), res)
	return res, nil
}

// prepare is what can be decided without the pixels: a Keep result or an
// error, the originals standing for both outputs, or (with lookup) a
// cache hit — done. Otherwise res is planned and waits for derive.
func (p *Processor) prepare(name string, info Info, size int64, sum string, lookup bool) (res *Result, done bool, err error) {
	res = &Result{Name: name, Info: info}
	if res.Reason, err = p.check(info); err != nil || res.Reason != "" {
		res.Kind = Keep
		return res, true, err
	}
	p.plan(res, size)
	if res.Display.Original && res.Thumb.Original {
		return res, true, nil
	}
	return res, lookup && p.cacheGet(p.key(sum), res), nil
}

// stat checks the size before anything is read.
func (p *Processor) stat(ctx context.Context, fsys fs.FS, name string) (fs.FileInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if st.Size() > p.opt.MaxBytes {
		return nil, fmt.Errorf("%w: %d MB, over the %d MB limit", ErrTooLarge, st.Size()>>20, p.opt.MaxBytes>>20)
	}
	return st, nil
}

// read reads the whole file (cancellable), st being its Stat.
func (p *Processor) read(ctx context.Context, fsys fs.FS, name string, st fs.FileInfo) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	_, err = buf.ReadFrom(ctxReader{ctx, io.LimitReader(f, p.opt.MaxBytes+1)})
	if err == nil && int64(buf.Len()) > p.opt.MaxBytes {
		err = fmt.Errorf("%w: grew over the %d MB limit while read", ErrTooLarge, p.opt.MaxBytes>>20)
	}
	return buf.Bytes(), err
}

// ctxReader stops a read — and so a decoder — once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// check sorts out what will not be decoded: a Keep reason, or an error.
func (p *Processor) check(info Info) (string, error) {
	switch info.Format {
	case GIF:
		return "GIF is kept as it is, so that an animation still plays; no thumbnail is made", nil
	case HEIC:
		return "HEIC photos cannot be shown by browsers; save it as JPEG", nil
	case AVIF:
		return "AVIF photos cannot be resized here; save it as JPEG", nil
	case Unknown:
		return "", fmt.Errorf("%w: not a JPEG, PNG, GIF, BMP, TIFF, WebP or HEIC file", ErrUnsupported)
	}
	if info.Unsupported != "" {
		return "", fmt.Errorf("%w: %s (save it as an ordinary JPEG)", ErrUnsupported, info.Unsupported)
	}
	if info.Pixels() > p.opt.MaxPixels {
		return "", fmt.Errorf("%w: declares %d×%d pixels (%d MP), over the %d MP limit",
			ErrTooLarge, info.Width, info.Height, info.Pixels()/1e6, p.opt.MaxPixels/1e6)
	}
	if e := p.estimate(info, 0); e > p.opt.Memory {
		return "", fmt.Errorf("%w: decoding %d×%d %s needs %d MB, over the %d MB memory budget",
			ErrTooLarge, info.Width, info.Height, info.Format, e>>20, p.opt.Memory>>20)
	}
	return "", nil
}

// plan names the outputs and decides which the original can stand for.
func (p *Processor) plan(res *Result, size int64) {
	i := res.Info
	w, h := i.Upright()
	clean := !i.Metadata && i.Orientation == 1 && !i.CMYK && !i.Deep && (i.Format == JPEG || i.Format == PNG)
	base := path.Base(res.Name)
	long := max(w, h)
	res.Display = Image{Name: DerivedName(base, p.opt.Display, ".jpg")}
	res.Thumb = Image{Name: DerivedName(base, p.opt.Thumb, ".jpg")}
	if clean && long <= p.opt.Display && size <= asIsDisplayBytes {
		res.Display = Image{Name: base, Width: w, Height: h, Original: true}
	}
	if clean && long <= p.opt.Thumb && size <= asIsThumbBytes {
		res.Thumb = Image{Name: base, Width: w, Height: h, Original: true}
	}
}

// DerivedName is name with "-<size>" before its extension, which becomes
// ext: DerivedName("现场 3.JPG", 1600, ".jpg") = "现场 3-1600.jpg". Two
// originals differing only in extension (a.jpg, a.png) derive the same
// name: the caller resolves that.
func DerivedName(name string, size int, ext string) string {
	stem := name[:len(name)-len(path.Ext(name))]
	return fmt.Sprintf("%s-%d%s", stem, size, ext)
}

// key is the cache key of the original whose SHA-256 is sum (hex).
func (p *Processor) key(sum string) string {
	h := sha256.New()
	fmt.Fprintf(h, "gen-photo v%d d%d t%d q%d\n%s", version, p.opt.Display, p.opt.Thumb, p.opt.Quality, sum)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// estimate is the bytes one job holds at its peak: the file, the decoded
// image (image/jpeg's full-size planes, Info.DecodeBytes; the decoder's
// pixels and an RGBA copy for other formats), the vertical pass's
// intermediate (stored width × display height, resample.go: ≤ 2 bytes a
// pixel for a JPEG's planes, 4 for CMYK and RGBA) and the display-size
// copies (resized, upright, thumbnail, encoded: 4 bytes a display pixel
// for planes, 12 when they are RGBA).
func (p *Processor) estimate(info Info, size int) int64 {
	px := info.Pixels()
	dw, dh := fit(info.Width, info.Height, p.opt.Display)
	rows := int64(info.Width) * int64(dh)
	disp := int64(dw) * int64(dh)
	var dec int64
	switch info.Format {
	case JPEG:
		if !info.CMYK {
			return int64(size) + info.DecodeBytes + 2*rows + 4*disp
		}
		dec = info.DecodeBytes
	case PNG, TIFF:
		dec = px * 12 // up to 8 bytes a pixel (16-bit) + the RGBA copy
	default:
		dec = px * 8
	}
	return int64(size) + dec + 4*rows + 12*disp
}

// decode decodes data whole. image/jpeg and the others read it through
// ctxReader, so a cancelled decode stops at its next 4 KB read.
func (p *Processor) decode(ctx context.Context, data []byte, info Info) (image.Image, error) {
	p.decodes.Add(1)
	r := ctxReader{ctx, bytes.NewReader(data)}
	switch info.Format {
	case JPEG:
		return jpeg.Decode(r)
	case PNG:
		return png.Decode(r)
	case BMP:
		return bmp.Decode(r)
	case TIFF:
		return tiff.Decode(bytes.NewReader(data)) // needs an io.ReaderAt
	case WebP:
		return webp.Decode(r)
	}
	return nil, ErrUnsupported
}

// derive decodes, resizes, orients and encodes res's missing outputs.
func (p *Processor) derive(ctx context.Context, data []byte, res *Result) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m, err := p.decode(ctx, data, res.Info)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	b := m.Bounds()
	alpha := !opaque(m)
	dw, dh := fit(b.Dx(), b.Dy(), p.opt.Display)
	disp := orient(resize(m, dw, dh), res.Info.Orientation)
	m = nil
	if err := ctx.Err(); err != nil {
		return err
	}
	db := disp.Bounds()
	tw, th := fit(db.Dx(), db.Dy(), p.opt.Thumb)
	thumb := resize(disp, tw, th)
	if !res.Display.Original {
		if res.Display, err = p.encode(disp, res.Display.Name, alpha); err != nil {
			return err
		}
	}
	if !res.Thumb.Original {
		res.Thumb, err = p.encode(thumb, res.Thumb.Name, alpha)
	}
	return err
}

func opaque(m image.Image) bool {
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// encode writes m as JPEG — or as PNG when it has transparency, which
// JPEG cannot keep (the name's extension follows). image/jpeg takes
// resize's three layouts without a conversion of its own: 4:2:0 planes as
// they are, grey as a one-component JPEG.
func (p *Processor) encode(m image.Image, name string, alpha bool) (Image, error) {
	var buf bytes.Buffer
	var err error
	if alpha && !opaque(m) {
		name = name[:len(name)-len(path.Ext(name))] + ".png"
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, m)
	} else {
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: p.opt.Quality})
	}
	b := m.Bounds()
	return Image{Name: name, Width: b.Dx(), Height: b.Dy(), Data: buf.Bytes()}, err
}
