// Package photo makes the display copies and thumbnails of an archive's
// photos: upright, in sRGB, stripped of every metadata (GPS above all),
// small enough for a branch office's link to the file share, and cached
// between runs. It reads files and returns bytes; where they go, and what
// the pages say about them, is the caller's.
//
// # In and out
//
//	p := photo.New(photo.Options{CacheDir: ".gen/cache/photos"})
//	res, err := p.Make(ctx, fsys, "activities/2024/植树/现场3.jpg")
//
// res.Display and res.Thumb are the display copy (long edge ≤ 1600 px) and
// the thumbnail (≤ 480 px), named after the original ("现场3-1600.jpg",
// "现场3-480.jpg"), with their upright width and height and encoded bytes.
// Image.Original says the original is fit to use as it is (JPEG or PNG, no
// metadata, no rotation, within the size and ≤ 300 KB / 60 KB): nothing
// was encoded. Batch runs Make over many files on GOMAXPROCS goroutines
// with a progress callback (照片 120/3,000) and hands each result over as
// it is ready.
//
// # Formats
//
//   - JPEG (.jpg .jpeg .JPG …, by content not name), PNG, BMP, TIFF and
//     WebP are decoded and written as JPEG at Quality (default 82) — or as
//     PNG when the image has transparency, which JPEG would lose.
//     CMYK/YCCK JPEGs (Adobe APP14), 16-bit, grey and paletted PNGs are
//     converted to 8-bit RGB. Embedded ICC profiles are dropped, not
//     applied: a Display-P3 or Adobe RGB photo comes out slightly duller.
//   - GIF: Kind Keep (an animation must stay as it is).
//   - HEIC/HEIF (by its ftyp brand) and AVIF: Kind Keep with the reason
//     "HEIC photos cannot be shown by browsers; save it as JPEG".
//   - Anything else, a damaged or cut-short file, an unsupported JPEG
//     variant (arithmetic, lossless, 12-bit): an *Error wrapping
//     ErrUnsupported or ErrDamaged, with a reason a writer understands.
//
// # Limits
//
// Probe reads only the header. A file over MaxBytes (200 MiB) is refused
// before it is read, one declaring more than MaxPixels (100 MP) before it
// is decoded (ErrTooLarge), as is one whose decoding alone would need more
// than Memory (256 MiB). Memory also bounds what all goroutines hold at
// once, so peak memory does not grow with the number or size of photos:
// each job takes, before decoding, the file, image/jpeg's full-size planes
// (Info.DecodeBytes from the frame header: 1.5 bytes a pixel for a 4:2:0
// camera JPEG, ~18 MB at 12 MP and ~75 MB at 50 MP; more for progressive
// and CMYK files), the resampler's intermediate and the display-size
// copies. A program should set a soft memory limit of Memory +
// MemoryHeadroom (debug.SetMemoryLimit) so that the garbage collector
// returns a finished photo's planes before the heap doubles: two workers
// on 48 MP photos then peak at ~365 MB instead of ~415 MB.
//
// # How it is fast
//
// A JPEG is decoded once, full size, by image/jpeg, and its Y, Cb and Cr
// planes (1.5 bytes a pixel, not RGBA's 4) are resampled as they are with
// a fixed-point Catmull-Rom filter (vertical pass first), turned upright
// and encoded as 4:2:0 without a round trip through RGB; the thumbnail is
// made from the display copy's planes.
//
// # Cache
//
// With CacheDir set, each photo's outputs are one file keyed by the
// SHA-256 of its bytes, the settings and an algorithm version, written via
// a temporary file and a rename, and checked against a CRC-32C on read: a
// damaged entry is recomputed. An index (CacheDir/index) maps each
// original's name, size and modification time to its SHA-256 and Info, so
// a rebuild whose photos did not change finds every entry from a Stat and
// reads no original (index.go says when it is not trusted). Deleting the
// folder is always safe. Stats counts decodes, reads and cache hits (a
// build whose photos did not change decodes and reads none).
//
// # Cancellation
//
// Make and Batch stop at the next stage — and inside decoding, at the
// decoder's next 4 KB read — once ctx is done, well within a second;
// finished photos stay cached.
package photo
