package photo

import (
	"encoding/binary"
	"io"
)

// tiffTags reads what photo needs from a TIFF structure — an EXIF APP1
// payload after "Exif\0\0", a PNG eXIf chunk, or a whole TIFF file: the
// Orientation tag (0x0112) and whether IFD0 points to GPS (0x8825), EXIF
// (0x8769), XMP (700), IPTC (33723) or ICC (34675) data. Only IFD0 is read,
// with at most maxIFDEntries entries, so a hostile file costs one small read.
//
// A maintained EXIF library (github.com/dsoprea/go-exif/v3) would read
// every tag, but it brings a tree of logging and YAML modules and reports
// errors by panicking internally; photo needs one tag, must never panic
// on hostile input and is fuzzed, so this reader is ~60 lines instead.
func tiffTags(r io.ReaderAt, size int64) (orientation int, gps, meta bool) {
	var h [8]byte
	if size < 8 || readAt(r, h[:], 0) != nil {
		return 1, false, false
	}
	var bo binary.ByteOrder
	switch string(h[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1, false, false
	}
	off := int64(bo.Uint32(h[4:]))
	var nb [2]byte
	if off+2 > size || readAt(r, nb[:], off) != nil {
		return 1, false, false
	}
	n := int64(bo.Uint16(nb[:]))
	if n > maxIFDEntries {
		n = maxIFDEntries
	}
	if off+2+12*n > size {
		n = (size - off - 2) / 12
	}
	ifd := make([]byte, 12*n)
	if readAt(r, ifd, off+2) != nil {
		return 1, false, false
	}
	orientation = 1
	for i := 0; i+12 <= len(ifd); i += 12 {
		e := ifd[i : i+12]
		switch tag, typ := bo.Uint16(e), bo.Uint16(e[2:]); tag {
		case 0x0112:
			if typ == 3 { // SHORT, value inline
				if v := int(bo.Uint16(e[8:])); v >= 1 && v <= 8 {
					orientation = v
				}
			}
		case 0x8825:
			gps, meta = true, true
		case 0x8769, 700, 33723, 34675:
			meta = true
		}
	}
	return orientation, gps, meta
}

// maxIFDEntries bounds the IFD0 read; real cameras write 10–20 entries.
const maxIFDEntries = 512

func readAt(r io.ReaderAt, p []byte, off int64) error {
	n, err := r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return err
}
