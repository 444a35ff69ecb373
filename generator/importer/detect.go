package importer

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"gen/generator/diag"
)

// The encodings Decode recognises, as named in messages.
const (
	encUTF8    = "UTF-8"
	encUTF8BOM = "UTF-8 with BOM"
	encUTF16LE = "UTF-16LE"
	encUTF16BE = "UTF-16BE"
	encGB18030 = "GB18030"
)

// minCommonShare is the share of non-ASCII characters that must be common
// GB2312 characters (hanzi of levels 1 and 2, and the rows of Chinese
// punctuation and full-width forms) for bytes to be taken as GB18030.
// Simplified-Chinese text written in GBK stays far above it (the 6,763
// GB2312 hanzi cover all but a handful of the characters real reports use),
// while Big5 or Shift-JIS read as GB18030 lands in the GBK extension rows,
// kana, Cyrillic or user-defined cells and falls far below it.
const minCommonShare = 0.9

// Decode returns src as UTF-8 text with LF line ends, and the name of the
// encoding it was in. The rule, in order:
//
//  1. a byte order mark decides: UTF-8, UTF-16LE or UTF-16BE;
//  2. NUL bytes without a BOM mean binary (or BOM-less UTF-16): refused;
//  3. valid UTF-8 is UTF-8;
//  4. otherwise the bytes must follow GB18030's byte grammar, and at least
//     minCommonShare of their non-ASCII characters must be common GB2312
//     characters — else the file is refused, never decoded into mojibake.
//
// Whatever the encoding, the decoded text must be text: no control
// characters other than tab and form feed, no U+FFFD. Errors name the file.
func Decode(name string, src []byte) (text string, enc string, err error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return "", "", diag.Errorf(name, 0, "file is empty")
	}
	var out []byte
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		out, enc = src[3:], encUTF8BOM
		if !utf8.Valid(out) {
			return "", "", diag.Errorf(name, lineAt(out, firstInvalidUTF8(out)), "file starts with a UTF-8 byte order mark but is not valid UTF-8")
		}
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		out, enc, err = decodeWith(name, src, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), encUTF16LE)
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		out, enc, err = decodeWith(name, src, xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), encUTF16BE)
	case bytes.IndexByte(src, 0) >= 0:
		return "", "", diag.Errorf(name, lineAt(src, bytes.IndexByte(src, 0)), "file contains NUL bytes: it is binary, or UTF-16 without a byte order mark; save it as UTF-8 text")
	case utf8.Valid(src):
		out, enc = src, encUTF8
	default:
		out, enc, err = decodeGB18030(name, src)
	}
	if err != nil {
		return "", "", err
	}
	out = normalizeNewlines(bytes.TrimRight(out, "\x1a")) // DOS end-of-file marker
	if err := checkText(name, out, enc); err != nil {
		return "", "", err
	}
	if len(bytes.TrimSpace(out)) == 0 {
		return "", "", diag.Errorf(name, 0, "file is empty")
	}
	return string(out), enc, nil
}

func decodeWith(name string, src []byte, e encoding.Encoding, enc string) ([]byte, string, error) {
	if len(src)%2 != 0 {
		return nil, "", diag.Errorf(name, 0, "file starts with a %s byte order mark but has an odd number of bytes: it is damaged or not %s", enc, enc)
	}
	out, err := e.NewDecoder().Bytes(src)
	if err != nil {
		return nil, "", diag.Errorf(name, 0, "cannot read the file as %s: %w", enc, err)
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		return nil, "", diag.Errorf(name, lineAt(out, i), "file has a %s byte order mark but is not valid %s (unpaired surrogate)", enc, enc)
	}
	return out, enc, nil
}

// decodeGB18030 applies step 4 of Decode's rule.
func decodeGB18030(name string, src []byte) ([]byte, string, error) {
	st := scanGB18030(src)
	refuse := func(line int, why string) error {
		return diag.Errorf(name, line, "file is not UTF-8, UTF-16 or GB18030 text (%s); open it in an editor that knows its encoding and save it as UTF-8", why)
	}
	if st.bad >= 0 {
		return nil, "", refuse(lineAt(src, st.bad), fmt.Sprintf("byte 0x%02X cannot start or continue a GB18030 character", src[st.bad]))
	}
	if nonASCII := st.common + st.rare; nonASCII > 0 {
		share := float64(st.common) / float64(nonASCII)
		if share < minCommonShare {
			return nil, "", refuse(0, fmt.Sprintf("read as GB18030 only %.0f%% of its characters are common Chinese ones: it is probably Big5, Shift-JIS or another encoding", share*100))
		}
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
	if err != nil {
		return nil, "", refuse(0, err.Error())
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		return nil, "", refuse(lineAt(out, i), "a four-byte sequence maps to no character")
	}
	return out, encGB18030, nil
}

type gbStats struct {
	common, rare int
	bad          int // offset of the first byte outside GB18030's grammar, or -1
}

// scanGB18030 walks src by GB18030's byte grammar (1, 2 or 4 bytes per
// character) and counts how many multi-byte characters are common GB2312
// ones: lead byte A1–A3 (punctuation, full-width forms) or B0–F7 (hanzi)
// with a trail byte A1–FE. Everything else that is valid — the GBK
// extension rows, kana, Greek, Cyrillic, user-defined cells, four-byte
// characters — is rare in Simplified-Chinese prose.
func scanGB18030(src []byte) gbStats {
	st := gbStats{bad: -1}
	for i := 0; i < len(src); {
		b := src[i]
		switch {
		case b < 0x80:
			i++
			continue
		case b == 0x80 || b == 0xFF || i+1 >= len(src):
			st.bad = i
			return st
		}
		t := src[i+1]
		switch {
		case t >= 0x30 && t <= 0x39:
			if i+3 >= len(src) || src[i+2] < 0x81 || src[i+2] == 0xFF || src[i+3] < 0x30 || src[i+3] > 0x39 {
				st.bad = i
				return st
			}
			st.rare++
			i += 4
		case t >= 0x40 && t <= 0xFE && t != 0x7F:
			if t >= 0xA1 && (b >= 0xA1 && b <= 0xA3 || b >= 0xB0 && b <= 0xF7) {
				st.common++
			} else {
				st.rare++
			}
			i += 2
		default:
			st.bad = i
			return st
		}
	}
	return st
}

// checkText refuses decoded text that holds control characters (binary
// data) and, for UTF-8 input, U+FFFD left by an earlier broken conversion.
func checkText(name string, b []byte, enc string) error {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == '\n' || r == '\t' || r == '\f':
		case r == utf8.RuneError && n == 1:
			return diag.Errorf(name, lineAt(b, i), "file is not valid %s", enc)
		case unicode.IsControl(r):
			return diag.Errorf(name, lineAt(b, i), "file contains the control character U+%04X: it is binary, or not in %s as it seemed", r, enc)
		case r == utf8.RuneError:
			return diag.Errorf(name, lineAt(b, i), "file contains U+FFFD replacement characters: it was damaged by an earlier conversion; fix those places first")
		}
		i += n
	}
	return nil
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

func lineAt(b []byte, off int) int {
	if off < 0 || off > len(b) {
		return 0
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}
