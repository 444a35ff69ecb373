package photo

import (
	"image"
	"image/draw"
)

// fit is the size of w×h scaled so that its long edge is at most long,
// keeping the aspect ratio; a smaller image keeps its size.
func fit(w, h, long int) (int, int) {
	if w <= long && h <= long {
		return w, h
	}
	if w >= h {
		return long, max(1, (h*long+w/2)/w)
	}
	return max(1, (w*long+h/2)/h), long
}

// resize scales src to w×h and returns one of the three layouts the rest
// of the work knows: *image.YCbCr (4:2:0), *image.Gray or *image.RGBA,
// all at origin. The decoders' own layouts are filtered as they are — a
// JPEG's Y, Cb and Cr planes (1.5 bytes a pixel for 4:2:0 instead of
// RGBA's 4), grey, CMYK — by Catmull-Rom (resample.go) with its support
// widened by the shrink ratio, so fine detail is filtered rather than
// aliased, and a full-size RGBA copy is never made of them. Other images
// are converted first; shrinking those by 4× or more averages k×k boxes
// first (k = ⌊ratio/2⌋: exact, cheap), leaving Catmull-Rom a 2–4× step.
// A 2× box before the thumbnail's 3.3× step was tried and left visible
// phantom rings on a zone plate (the box's stopband is poor), so JPEGs
// and thumbnails are filtered by Catmull-Rom alone.
func resize(src image.Image, w, h int) image.Image {
	b := src.Bounds()
	same := b.Dx() == w && b.Dy() == h
	switch m := src.(type) {
	case *image.YCbCr:
		if same && m.SubsampleRatio == image.YCbCrSubsampleRatio420 && b.Min == (image.Point{}) {
			return m
		}
		return resampleYCbCr(m, w, h)
	case *image.Gray:
		if same && b.Min == (image.Point{}) {
			return m
		}
		dst := image.NewGray(image.Rect(0, 0, w, h))
		scalePlane(plane{dst.Pix, w, h, dst.Stride, 1}, plane{m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], b.Dx(), b.Dy(), m.Stride, 1})
		return dst
	case *image.CMYK:
		// Filtering ink rather than light differs from filtering RGB
		// only where colours mix within a few pixels; it saves a
		// full-size RGBA copy.
		dst := image.NewCMYK(image.Rect(0, 0, w, h))
		scalePlane(plane{dst.Pix, w, h, dst.Stride, 4}, plane{m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], b.Dx(), b.Dy(), m.Stride, 4})
		return toRGBA(dst)
	}
	m := toRGBA(src)
	if same {
		return m
	}
	if k := min(b.Dx()/w, b.Dy()/h) / 2; k >= 2 {
		m = boxShrink(m, k)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	scalePlane(plane{dst.Pix, w, h, dst.Stride, 4}, plane{m.Pix, m.Rect.Dx(), m.Rect.Dy(), m.Stride, 4})
	return dst
}

// toRGBA returns m as an *image.RGBA at origin (0,0), converting it with
// image/draw (which has fast paths for YCbCr, CMYK, Gray, NRGBA, Paletted).
// 16-bit images lose their low byte here: the output is 8-bit anyway.
func toRGBA(m image.Image) *image.RGBA {
	if r, ok := m.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	b := m.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, m, b.Min, draw.Src)
	return dst
}

// boxShrink averages k×k blocks of src (edge blocks: what is there).
func boxShrink(src *image.RGBA, k int) *image.RGBA {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	w, h := (sw+k-1)/k, (sh+k-1)/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sum := make([]uint32, 4*w)
	for y := 0; y < h; y++ {
		clear(sum)
		y0, y1 := y*k, min(y*k+k, sh)
		for sy := y0; sy < y1; sy++ {
			row := src.Pix[sy*src.Stride : sy*src.Stride+4*sw]
			for x := 0; x < sw; x++ {
				s := sum[4*(x/k):]
				p := row[4*x : 4*x+4]
				s[0] += uint32(p[0])
				s[1] += uint32(p[1])
				s[2] += uint32(p[2])
				s[3] += uint32(p[3])
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for x := 0; x < w; x++ {
			n := uint32((y1 - y0) * (min(x*k+k, sw) - x*k))
			for c := 0; c < 4; c++ {
				out[4*x+c] = uint8((sum[4*x+c] + n/2) / n)
			}
		}
	}
	return dst
}

// orient turns m (as resize returns it) upright for EXIF orientation o
// (1–8): the stored pixel (x, y) of a W×H image lands at the returned
// image's
//
//	1 (x, y)          2 (W-1-x, y)        3 (W-1-x, H-1-y)  4 (x, H-1-y)
//	5 (y, x)          6 (H-1-y, x)        7 (H-1-y, W-1-x)  8 (y, W-1-x)
//
// (5–8 swap width and height). A 4:2:0 image's chroma planes turn the
// same way as its luma, and stay 4:2:0. 1 returns m itself.
func orient(m image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return m
	}
	b := m.Bounds()
	r := image.Rect(0, 0, b.Dx(), b.Dy())
	if o >= 5 {
		r = image.Rect(0, 0, b.Dy(), b.Dx())
	}
	switch m := m.(type) {
	case *image.YCbCr:
		if m.SubsampleRatio != image.YCbCrSubsampleRatio420 || b.Min != (image.Point{}) {
			break
		}
		d := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
		cw, ch := (b.Dx()+1)/2, (b.Dy()+1)/2
		orientPlane(plane{d.Y, r.Dx(), r.Dy(), d.YStride, 1}, plane{m.Y, b.Dx(), b.Dy(), m.YStride, 1}, o)
		orientPlane(plane{d.Cb, 0, 0, d.CStride, 1}, plane{m.Cb, cw, ch, m.CStride, 1}, o)
		orientPlane(plane{d.Cr, 0, 0, d.CStride, 1}, plane{m.Cr, cw, ch, m.CStride, 1}, o)
		return d
	case *image.Gray:
		if b.Min != (image.Point{}) {
			break
		}
		d := image.NewGray(r)
		orientPlane(plane{d.Pix, 0, 0, d.Stride, 1}, plane{m.Pix, b.Dx(), b.Dy(), m.Stride, 1}, o)
		return d
	case *image.RGBA:
		if b.Min != (image.Point{}) {
			break
		}
		d := image.NewRGBA(r)
		orientPlane(plane{d.Pix, 0, 0, d.Stride, 4}, plane{m.Pix, b.Dx(), b.Dy(), m.Stride, 4}, o)
		return d
	}
	return orient(toRGBA(m), o)
}

// orientPlane writes src, turned by o, into dst (only its pix and stride
// are used).
func orientPlane(dst, src plane, o int) {
	W, H, c := src.w, src.h, src.c
	// Destination of stored (0,0) and the steps of x+1 and y+1, in samples.
	var x0, y0, dxx, dxy, dyx, dyy int
	switch o {
	case 2:
		x0, dxx, dyy = W-1, -1, 1
	case 3:
		x0, y0, dxx, dyy = W-1, H-1, -1, -1
	case 4:
		y0, dxx, dyy = H-1, 1, -1
	case 5:
		dxy, dyx = 1, 1
	case 6:
		x0, dxy, dyx = H-1, 1, -1
	case 7:
		x0, y0, dxy, dyx = H-1, W-1, -1, -1
	case 8:
		y0, dxy, dyx = W-1, -1, 1
	}
	// Stepping stored x moves the destination by (dxx, dxy); stored y by (dyx, dyy).
	xStep := c*dxx + dst.stride*dxy
	yStep := c*dyx + dst.stride*dyy
	rowStart := c*x0 + dst.stride*y0
	for y := range H {
		row := src.pix[y*src.stride : y*src.stride+c*W]
		d := rowStart
		if c == 1 {
			for _, v := range row {
				dst.pix[d] = v
				d += xStep
			}
		} else {
			for x := 0; x < len(row); x += 4 {
				copy(dst.pix[d:d+4], row[x:x+4])
				d += xStep
			}
		}
		rowStart += yStep
	}
}
