package render

import "bytes"

// The escaping html/template applies, for the pages written without it
// (fast.go): the same output, byte for byte, for the same values.

// htmlSpecial is how html/template escapes a character in text and in a
// quoted attribute value ("+" too, against UTF-7 sniffing).
var htmlSpecial = [256]string{ // 256: no bounds test for bytes of multi-byte runes
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escText writes s escaped for HTML text or a quoted attribute value.
func escText(b *bytes.Buffer, s string) {
	from := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if htmlSpecial[c] != "" {
			b.WriteString(s[from:i])
			b.WriteString(htmlSpecial[c])
			from = i + 1
		}
	}
	b.WriteString(s[from:])
}

const hexDigits = "0123456789abcdef"

// escURL writes s as html/template writes a URL in a quoted attribute:
// percent-encoded where a URL may not hold the byte as it is (with norm,
// as a whole URL: its delimiters and valid escapes kept; without, as a
// part after "#" or "?": only unreserved characters kept), then escaped
// for the attribute.
func escURL(b *bytes.Buffer, s string, norm bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
			continue
		case norm && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
			continue
		case norm && (c == '#' || c == '$' || c == '*' || c == ',' || c == '/' || c == ':' ||
			c == ';' || c == '=' || c == '?' || c == '@' || c == '[' || c == ']' || c == '!'):
			b.WriteByte(c)
			continue
		case norm && c == '&':
			b.WriteString("&amp;")
			continue
		case norm && c == '+':
			b.WriteString("&#43;")
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// writeHref writes the href from the page at from to target as
// href="{{.Rel target}}" does — site.Rel (the root's "../"s, each path
// segment and the fragment percent-encoded as url.PathEscape does), then
// escURL — without making the intermediate strings.
func writeHref(b *bytes.Buffer, from, target string) {
	for i := 0; i < len(from); i++ {
		if from[i] == '/' {
			b.WriteString("../")
		}
	}
	frag := false
	for i := 0; i < len(target); i++ {
		c := target[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~', c == '$', c == ':', c == '=', c == '@':
			b.WriteByte(c)
		case c == '/' && !frag:
			b.WriteByte(c)
		case c == '#' && !frag:
			frag = true
			b.WriteByte(c)
		case c == '&':
			b.WriteString("&amp;")
		case c == '+':
			b.WriteString("&#43;")
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
}

const upperHex = "0123456789ABCDEF"
