// Package phototest makes synthetic camera photos for the photo package's
// tests and benchmarks: JPEGs of any size with a hand-built EXIF APP1
// segment (orientation, camera make and model, GPS position), so that no
// stock photo is ever needed. Like net/http/httptest, it is for tests and
// benchmark programs only.
package phototest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
)

// Scene draws a w×h image that compresses and decodes like a camera photo:
// smooth gradients, some fine texture and sensor-like noise, so that a
// 12 MP JPEG at quality 90 has a camera's few megabytes. seed varies it.
func Scene(w, h int, seed uint32) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	s := seed*2654435761 + 1
	for y := 0; y < h; y++ {
		row := m.Y[y*m.YStride:]
		for x := 0; x < w; x++ {
			s ^= s << 13
			s ^= s >> 17
			s ^= s << 5
			v := 40 + 150*x/w + 40*y/h
			if (x/97+y/61+int(seed))%5 == 0 { // patches of fine texture
				v += int((x*7+y*3)%23) - 11
			}
			v += int(s&15) - 8
			row[x] = clamp(v)
		}
	}
	cw, ch := (w+1)/2, (h+1)/2
	for y := 0; y < ch; y++ {
		for x := 0; x < cw; x++ {
			i := y*m.CStride + x
			m.Cb[i] = clamp(128 + 50*x/cw - 25 + int(seed%7))
			m.Cr[i] = clamp(160 - 60*y/ch)
		}
	}
	return m
}

func clamp(v int) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// JPEG encodes m at quality q and splices app1 (if any) in after SOI, as a
// camera writes its EXIF.
func JPEG(m image.Image, q int, app1 []byte) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: q}); err != nil {
		panic(err) // encoding to memory fails only on a bad image: a test bug
	}
	return Splice(buf.Bytes(), 0xE1, app1)
}

// Splice returns the JPEG j with a segment (marker, payload) inserted after
// SOI. A nil payload returns j unchanged.
func Splice(j []byte, marker byte, payload []byte) []byte {
	if payload == nil {
		return j
	}
	out := make([]byte, 0, len(j)+len(payload)+4)
	out = append(out, j[:2]...)
	out = append(out, 0xFF, marker)
	out = binary.BigEndian.AppendUint16(out, uint16(len(payload)+2))
	out = append(out, payload...)
	return append(out, j[2:]...)
}

// Camera is a w×h camera JPEG (quality 90) with EXIF orientation o and a
// GPS position.
func Camera(w, h, o int, seed uint32) []byte {
	return JPEG(Scene(w, h, seed), 90, EXIF(o, true))
}

// EXIF builds an APP1 payload ("Exif\0\0" and a big-endian TIFF structure)
// with Make, Model, Orientation o (left out when 0) and, with gps, a GPS IFD
// at 39.9042 N, 116.4074 E.
func EXIF(o int, gps bool) []byte {
	type entry struct {
		tag, typ uint16
		count    uint32
		val      []byte // ≤ 4 bytes inline, else stored after the IFD
	}
	be := binary.BigEndian
	short := func(v int) []byte { return be.AppendUint16(nil, uint16(v)) }
	long := func(v int) []byte { return be.AppendUint32(nil, uint32(v)) }
	rats := func(v ...uint32) []byte {
		var b []byte
		for _, x := range v {
			b = be.AppendUint32(be.AppendUint32(b, x), 1)
		}
		return b
	}
	ifd := func(base int, es []entry, next int) []byte {
		out := be.AppendUint16(nil, uint16(len(es)))
		extra := base + 2 + 12*len(es) + 4
		var tail []byte
		for _, e := range es {
			out = be.AppendUint16(be.AppendUint16(out, e.tag), e.typ)
			out = be.AppendUint32(out, e.count)
			if len(e.val) <= 4 {
				out = append(out, append(e.val, make([]byte, 4-len(e.val))...)...)
			} else {
				out = be.AppendUint32(out, uint32(extra+len(tail)))
				tail = append(tail, e.val...)
			}
		}
		return append(be.AppendUint32(out, uint32(next)), tail...)
	}
	ascii := func(s string) []byte { return append([]byte(s), 0) }
	es := []entry{
		{0x010F, 2, 6, ascii("Canon")},
		{0x0110, 2, 14, ascii("EOS Test 5D4")},
	}
	if o != 0 {
		es = append(es, entry{0x0112, 3, 1, short(o)})
	}
	var gpsIFD []byte
	if gps {
		es = append(es, entry{0x8825, 4, 1, nil}) // offset filled below
	}
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	body := ifd(8, es, 0)
	if gps {
		at := 8 + len(body)
		gpsIFD = ifd(at, []entry{
			{0x0001, 2, 2, ascii("N")},
			{0x0002, 5, 3, rats(39, 54, 15)},
			{0x0003, 2, 2, ascii("E")},
			{0x0004, 5, 3, rats(116, 24, 27)},
		}, 0)
		// Patch the GPS pointer's value (the last inline entry).
		p := 2 + 12*(len(es)-1) + 8
		copy(body[p:p+4], long(at))
	}
	return append(append([]byte("Exif\x00\x00"), tiff...), append(body, gpsIFD...)...)
}
