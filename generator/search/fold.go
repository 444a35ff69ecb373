package search

import (
	"strings"
	"unicode"
)

// Fold maps one rune to the rune the index stores for it, so that searching
// ignores case and full-/half-width differences:
//
//   - full-width ASCII forms (U+FF01–U+FF5E: Ａ，１，！) become ASCII;
//   - the ideographic space U+3000 becomes a space;
//   - Latin, Greek and Cyrillic letters (below U+0530, and U+1E00–U+1FFF)
//     become lower case by the Unicode simple mapping, except İ (U+0130),
//     whose lower case in a browser is two characters. Scripts whose case
//     mappings changed in recent Unicode versions are left alone, so that
//     search.js, which uses the browser's toLowerCase, folds exactly alike.
//
// Fold maps every rune to exactly one rune: a position in folded text is the
// position in the original text, which lets snippets highlight the original.
// This is the part of NFKC that matters for Chinese office documents
// (full-width Latin letters and digits typed with a Chinese input method);
// compatibility ideographs and ligatures are left alone because their NFKC
// forms are not one rune.
func Fold(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		return Fold(r - 0xFEE0)
	case r == 0x3000:
		return ' '
	case (r < 0x530 || (r >= 0x1E00 && r < 0x2000)) && r != 0x130:
		return unicode.ToLower(r)
	}
	return r
}

// isSpace reports whether r separates terms: it never occurs inside one, so
// no gram contains it. The set is spelled out (Go's unicode.IsSpace and
// JavaScript's \s differ on U+0085 and U+FEFF) and search.js has the same.
func isSpace(r rune) bool {
	switch {
	case r == ' ' || (r >= '\t' && r <= '\r'):
		return true
	case r < 0x85:
		return false
	}
	switch r {
	case 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// Normalize folds every rune of s (see Fold).
func Normalize(s string) string {
	return strings.Map(Fold, s)
}

// Terms splits a query into its normalised terms: runs of non-space runes,
// duplicates removed, in the order given. A result must contain every term.
func Terms(query string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.FieldsFunc(Normalize(query), isSpace) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
