package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// Format is an image file format as Probe recognises it by its first bytes.
type Format string

// The formats Probe tells apart. Unknown is anything else.
const (
	JPEG    Format = "JPEG"
	PNG     Format = "PNG"
	GIF     Format = "GIF"
	BMP     Format = "BMP"
	TIFF    Format = "TIFF"
	WebP    Format = "WebP"
	HEIC    Format = "HEIC"
	AVIF    Format = "AVIF"
	Unknown Format = "unknown"
)

// Info is what the header of an image file says, read without decoding it.
type Info struct {
	Format Format
	// Width and Height as stored, before the orientation is applied.
	Width, Height int
	// Orientation is the EXIF orientation, 1–8; 1 when there is none.
	Orientation int
	// Metadata: the file carries EXIF, XMP, ICC, IPTC, comments or text
	// chunks, which a copy shown on the archive must not.
	Metadata bool
	// GPS: its EXIF points to a GPS position.
	GPS bool
	// Alpha: the format may hold transparency (PNG colour type or tRNS,
	// WebP's alpha flag).
	Alpha bool
	// CMYK: a 4-component (CMYK or YCCK) JPEG, which needs converting.
	CMYK bool
	// Deep: 16 bits a sample (PNG), which needs converting.
	Deep bool
	// Progressive JPEG (decoding keeps every coefficient: more memory).
	Progressive bool
	// Unsupported names a JPEG variant the decoder cannot read
	// (arithmetic coding, lossless, 12-bit); "" otherwise.
	Unsupported string
	// DecodeBytes is what image/jpeg allocates to decode a JPEG: its
	// sample planes, rounded up to whole MCUs (1.5 bytes a pixel for
	// 4:2:0, 3 for 4:4:4, 1 for grey), the coefficients of a progressive
	// one (4 bytes a sample) and the 4-byte CMYK copy; 0 for other formats.
	DecodeBytes int64
}

// Pixels is Width×Height.
func (i Info) Pixels() int64 { return int64(i.Width) * int64(i.Height) }

// Upright is the size once the orientation is applied.
func (i Info) Upright() (w, h int) {
	if i.Orientation >= 5 {
		return i.Height, i.Width
	}
	return i.Width, i.Height
}

// Probe reads the header of the size-byte image in r: format, size,
// orientation, metadata. It reads a few small pieces, never the pixels,
// and does not allocate by what the file declares. A file it cannot
// recognise is Format Unknown with a nil error; a recognised one with a
// broken header is an error.
func Probe(r io.ReaderAt, size int64) (Info, error) {
	var h [32]byte
	n, _ := r.ReadAt(h[:], 0)
	b := h[:n]
	info := Info{Format: sniff(b), Orientation: 1}
	var err error
	switch info.Format {
	case JPEG:
		err = probeJPEG(r, size, &info)
	case PNG:
		err = probePNG(r, size, &info)
	case GIF:
		if len(b) < 10 {
			return info, errShort
		}
		info.Width = int(binary.LittleEndian.Uint16(b[6:]))
		info.Height = int(binary.LittleEndian.Uint16(b[8:]))
	case BMP, TIFF, WebP:
		err = probeConfig(r, size, &info, b)
	}
	return info, err
}

var errShort = fmt.Errorf("header cut short: %w", io.ErrUnexpectedEOF)

func sniff(b []byte) Format {
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return JPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return GIF
	case bytes.HasPrefix(b, []byte("BM")):
		return BMP
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return TIFF
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return WebP
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		return ftypFormat(b)
	}
	return Unknown
}

// ftypFormat tells HEIC/HEIF from AVIF by the ISO-BMFF major brand (and
// the first compatible brands that fit in b).
func ftypFormat(b []byte) Format {
	for i := 8; i+4 <= len(b); i += 4 {
		if i == 12 {
			continue // minor version
		}
		switch string(b[i : i+4]) {
		case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
			return HEIC
		case "avif", "avis":
			return AVIF
		}
	}
	return Unknown
}

// probeJPEG walks the marker segments up to the first scan.
func probeJPEG(r io.ReaderAt, size int64, info *Info) error {
	off := int64(2)
	var seg [4]byte
	for {
		if err := readAt(r, seg[:], off); err != nil {
			return errShort
		}
		if seg[0] != 0xFF {
			return fmt.Errorf("damaged JPEG header: no marker at byte %d", off)
		}
		marker := seg[1]
		if marker == 0xFF { // fill byte
			off++
			continue
		}
		n := int64(binary.BigEndian.Uint16(seg[2:]))
		if n < 2 || off+2+n > size {
			return errShort
		}
		body := io.NewSectionReader(r, off+4, n-2)
		switch {
		case marker == 0xDA: // start of scan: the header is over
			if info.Width == 0 {
				return fmt.Errorf("damaged JPEG header: scan before frame")
			}
			return nil
		case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			if err := jpegFrame(body, marker, info); err != nil {
				return err
			}
		case marker == 0xE1:
			jpegAPP1(body, n-2, info)
		case marker >= 0xE2 && marker <= 0xED, marker == 0xEF, marker == 0xFE:
			info.Metadata = true // ICC, IPTC, Photoshop, comments …
		}
		off += 2 + n
	}
}

func jpegFrame(r *io.SectionReader, marker byte, info *Info) error {
	var f [6 + 3*4]byte
	if readAt(r, f[:6], 0) != nil {
		return errShort
	}
	nc := int(f[5])
	info.CMYK = nc == 4
	info.Height = int(binary.BigEndian.Uint16(f[1:]))
	info.Width = int(binary.BigEndian.Uint16(f[3:]))
	info.Progressive = marker == 0xC2
	switch {
	case marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF:
		info.Unsupported = "lossless JPEG"
	case marker >= 0xC9:
		info.Unsupported = "arithmetic-coded JPEG"
	case f[0] != 8:
		info.Unsupported = fmt.Sprintf("%d-bit JPEG", f[0])
	}
	if info.Width == 0 || info.Height == 0 {
		return fmt.Errorf("damaged JPEG header: size %d×%d", info.Width, info.Height)
	}
	if nc != 1 && nc != 3 && nc != 4 {
		info.Unsupported = fmt.Sprintf("JPEG with %d colour components", nc)
		return nil
	}
	if readAt(r, f[6:6+3*nc], 6) != nil {
		return errShort
	}
	info.DecodeBytes = jpegDecodeBytes(info, f[6:6+3*nc])
	return nil
}

// jpegDecodeBytes is Info.DecodeBytes from the frame's component specs
// (id, sampling factors h<<4|v, table): image/jpeg gives every component
// a plane of 8·h·mx × 8·v·my samples, mx×my being the MCUs, and a grey
// image one of whole 8×8 blocks.
func jpegDecodeBytes(info *Info, comps []byte) int64 {
	hmax, vmax := 1, 1
	for i := 0; i < len(comps); i += 3 {
		hmax = max(hmax, int(comps[i+1]>>4))
		vmax = max(vmax, int(comps[i+1]&15))
	}
	mx := int64((info.Width + 8*hmax - 1) / (8 * hmax))
	my := int64((info.Height + 8*vmax - 1) / (8 * vmax))
	var samples int64
	for i := 0; i < len(comps); i += 3 {
		h, v := int64(max(1, comps[i+1]>>4)), int64(max(1, comps[i+1]&15))
		samples += 64 * h * mx * v * my
	}
	if len(comps) == 1 {
		samples = 64 * int64((info.Width+7)/8) * int64((info.Height+7)/8)
	}
	n := samples
	if info.Progressive {
		n += 4 * samples // one int32 per coefficient, kept to the end
	}
	if info.CMYK {
		n += 4 * info.Pixels()
	}
	return n
}

func jpegAPP1(r *io.SectionReader, n int64, info *Info) {
	info.Metadata = true // EXIF or XMP: both are metadata
	var id [6]byte
	if readAt(r, id[:], 0) != nil || string(id[:]) != "Exif\x00\x00" {
		return
	}
	o, gps, _ := tiffTags(io.NewSectionReader(r, 6, n-6), n-6)
	info.Orientation, info.GPS = o, info.GPS || gps
}

// probePNG reads IHDR and the chunks before the first IDAT.
func probePNG(r io.ReaderAt, size int64, info *Info) error {
	var ihdr [25]byte
	if readAt(r, ihdr[:], 8) != nil || string(ihdr[4:8]) != "IHDR" {
		return errShort
	}
	info.Width = int(binary.BigEndian.Uint32(ihdr[8:]))
	info.Height = int(binary.BigEndian.Uint32(ihdr[12:]))
	if info.Width <= 0 || info.Height <= 0 {
		return fmt.Errorf("damaged PNG header: size %d×%d", info.Width, info.Height)
	}
	ct := ihdr[17]
	info.Deep = ihdr[16] == 16
	info.Alpha = ct == 4 || ct == 6
	off := int64(8 + 25)
	var c [8]byte
	for readAt(r, c[:], off) == nil {
		n := int64(binary.BigEndian.Uint32(c[:]))
		switch string(c[4:]) {
		case "IDAT", "IEND":
			return nil
		case "tRNS":
			info.Alpha = true
		case "eXIf":
			info.Metadata = true
			if off+8+n <= size {
				o, gps, _ := tiffTags(io.NewSectionReader(r, off+8, n), n)
				info.Orientation, info.GPS = o, gps
			}
		case "tEXt", "zTXt", "iTXt", "iCCP", "tIME":
			info.Metadata = true
		}
		off += 12 + n
	}
	return nil
}

// probeConfig asks x/image's decoders for the size of BMP, TIFF and WebP.
func probeConfig(r io.ReaderAt, size int64, info *Info, head []byte) error {
	sr := io.NewSectionReader(r, 0, size)
	var err error
	switch info.Format {
	case BMP:
		c, e := bmp.DecodeConfig(sr)
		info.Width, info.Height, err = c.Width, c.Height, e
	case TIFF:
		c, e := tiff.DecodeConfig(sr)
		info.Width, info.Height, err = c.Width, c.Height, e
		info.Orientation, info.GPS, info.Metadata = tiffTags(r, size)
	case WebP:
		c, e := webp.DecodeConfig(sr)
		info.Width, info.Height, err = c.Width, c.Height, e
		if len(head) >= 21 && string(head[12:16]) == "VP8X" {
			info.Metadata = head[20]&0x2C != 0 // ICC, EXIF, XMP flags
			info.Alpha = head[20]&0x10 != 0
		}
		info.Alpha = info.Alpha || (len(head) >= 16 && string(head[12:16]) == "VP8L")
	}
	if err != nil {
		return fmt.Errorf("damaged %s header: %w", info.Format, err)
	}
	return nil
}
