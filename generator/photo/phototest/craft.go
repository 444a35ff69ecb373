package phototest

import (
	"encoding/binary"
)

// CMYKJPEG hand-builds a w×h (multiples of 8) baseline JPEG with four
// components and an Adobe APP14 marker saying "CMYK" (transform 0), as
// scanners and print shops write them — image/jpeg cannot encode one.
// Every block has only a DC coefficient of 0, so each stored channel is
// 128: with Adobe's inverted CMYK that is 50% of every ink, which shows
// as RGB ≈ (64, 64, 64).
func CMYKJPEG(w, h int) []byte {
	be := binary.BigEndian
	seg := func(out []byte, marker byte, body []byte) []byte {
		out = append(out, 0xFF, marker)
		out = be.AppendUint16(out, uint16(len(body)+2))
		return append(out, body...)
	}
	out := []byte{0xFF, 0xD8}
	out = seg(out, 0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x00")) // version 100, transform 0
	dqt := make([]byte, 65)                                           // table 0, 8-bit, all 1
	for i := 1; i < 65; i++ {
		dqt[i] = 1
	}
	out = seg(out, 0xDB, dqt)
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 4}
	for c := byte(1); c <= 4; c++ {
		sof = append(sof, c, 0x11, 0)
	}
	out = seg(out, 0xC0, sof)
	// One code of length 1 in each table: DC category 0, AC end-of-block.
	oneCode := func(class byte) []byte {
		b := append([]byte{class}, make([]byte, 16)...)
		b[1] = 1
		return append(b, 0)
	}
	out = seg(out, 0xC4, oneCode(0x00))
	out = seg(out, 0xC4, oneCode(0x10))
	sos := []byte{4}
	for c := byte(1); c <= 4; c++ {
		sos = append(sos, c, 0x00)
	}
	out = seg(out, 0xDA, append(sos, 0, 63, 0))
	bits := (w / 8) * (h / 8) * 4 * 2 // "0" for DC, "0" for EOB, per block
	data := make([]byte, (bits+7)/8)
	if r := bits % 8; r != 0 {
		data[len(data)-1] = 0xFF >> r // pad with 1-bits
	}
	out = append(out, data...)
	return append(out, 0xFF, 0xD9)
}

// WebP hand-builds a w×h lossless WebP (VP8L) of one colour — x/image has
// no WebP encoder. Each of the five prefix codes is a "simple" code with a
// single symbol, so pixels take no bits at all: the bitstream is the
// header and the five codes (WebP lossless spec, sections 3 and 5).
func WebP(w, h int, r, g, b uint8) []byte {
	var bw bitWriter
	bw.put(0x2F, 8)
	bw.put(uint32(w-1), 14)
	bw.put(uint32(h-1), 14)
	bw.put(0, 1)                                   // alpha_is_used
	bw.put(0, 3)                                   // version
	bw.put(0, 1)                                   // no transform
	bw.put(0, 1)                                   // no colour cache
	bw.put(0, 1)                                   // no meta prefix codes
	for _, sym := range []uint8{g, r, b, 255, 0} { // green, red, blue, alpha, distance
		bw.put(1, 1) // simple code
		bw.put(0, 1) // one symbol
		bw.put(1, 1) // 8-bit symbol
		bw.put(uint32(sym), 8)
	}
	vp8l := bw.bytes()
	chunk := append([]byte("VP8L"), binary.LittleEndian.AppendUint32(nil, uint32(len(vp8l)))...)
	chunk = append(chunk, vp8l...)
	if len(vp8l)%2 == 1 {
		chunk = append(chunk, 0)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(chunk)))...)
	return append(append(out, "WEBP"...), chunk...)
}

type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

// put appends the n low bits of v, least significant first (VP8L order).
func (w *bitWriter) put(v uint32, n uint) {
	w.acc |= uint64(v) << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.nacc > 0 {
		return append(w.buf, byte(w.acc))
	}
	return w.buf
}

// HEIC is the start of an iPhone photo: an ISO-BMFF ftyp box with major
// brand heic, and nothing a decoder could use.
func HEIC() []byte {
	return []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
}

// PNGBomb is a valid PNG header declaring w×h pixels with a tiny IDAT:
// a file that would need w·h·4 bytes if anyone decoded it.
func PNGBomb(w, h uint32) []byte {
	be := binary.BigEndian
	chunk := func(out []byte, typ string, body []byte) []byte {
		out = be.AppendUint32(out, uint32(len(body)))
		out = append(out, typ...)
		out = append(out, body...)
		return be.AppendUint32(out, 0) // CRC not checked by the probe
	}
	ihdr := be.AppendUint32(be.AppendUint32(nil, w), h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = chunk(out, "IHDR", ihdr)
	out = chunk(out, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	return chunk(out, "IEND", nil)
}
