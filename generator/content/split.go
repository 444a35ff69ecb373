package content

import (
	"bytes"
	"strings"

	"gen/generator/config"
	"gen/generator/diag"
)

// Front is a file's front matter as written: TOML between "+++" lines
// (what gen writes), YAML between "---" lines, or a JSON object at the top
// (as Hugo reads them all; Hexo, Jekyll and MkDocs write YAML).
type Front struct {
	Format string // "toml", "yaml" or "json"; "" when the file has none
	Src    []byte // nil when the file has none
	Offset int    // file lines before Src's first line
}

// Doc decodes the front matter; errors name path and the file's lines.
func (f Front) Doc(path string) (*config.Doc, error) {
	switch f.Format {
	case "yaml":
		return config.ParseYAML(path, f.Src, f.Offset)
	case "json":
		return config.ParseJSON(path, f.Src, f.Offset)
	}
	return config.ParseDoc(path, f.Src, f.Offset)
}

// Split separates the front matter from the body. src must be normalized.
// fm.Src is nil when the file has no front matter; bodyLine is the 1-based
// line where the body starts. The closing line may have trailing spaces;
// front matter that is never closed is an error at line 1.
func Split(file string, src []byte) (fm Front, body []byte, bodyLine int, err error) {
	first, _, _ := bytes.Cut(src, []byte("\n"))
	switch t := strings.TrimRight(string(first), " \t"); {
	case t == "+++":
		return splitFenced(file, src, "+++", "toml")
	case t == "---":
		return splitFenced(file, src, "---", "yaml")
	case looksLikeJSON(t):
		return splitJSON(file, src)
	}
	return Front{}, src, 1, nil
}

func splitFenced(file string, src []byte, fence, format string) (Front, []byte, int, error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	off := len(first) + 1
	line := 2
	for len(rest) > 0 || off <= len(src) {
		l, next, found := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(l, " \t")) == fence {
			fm := Front{Format: format, Src: src[len(first)+1 : off], Offset: 1}
			bodyStart := off + len(l)
			if found {
				bodyStart++
			}
			return fm, src[bodyStart:], line + 1, nil
		}
		if !found {
			break
		}
		off += len(l) + 1
		rest = next
		line++
	}
	return Front{}, nil, 0, diag.Errorf(file, 1, "front matter opened with %s is never closed (add a line with %s after it)", fence, fence)
}

// looksLikeJSON tells a JSON object ({ alone, or { "key" …) from a body
// that starts with a brace, such as a {{< shortcode >}}.
func looksLikeJSON(first string) bool {
	rest, ok := strings.CutPrefix(first, "{")
	rest = strings.TrimLeft(rest, " \t")
	return ok && (rest == "" || rest[0] == '"' || rest[0] == '}')
}

// splitJSON finds where the object that opens the file closes: where its
// braces balance, outside strings, as Hugo reads it. The rest of that
// line must be blank; the body starts on the next.
func splitJSON(file string, src []byte) (Front, []byte, int, error) {
	depth, inStr, esc := 0, false, false
	for i, c := range src {
		switch {
		case esc:
			esc = false
		case inStr:
			esc = c == '\\'
			inStr = c != '"'
		case c == '"':
			inStr = true
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth > 0 {
				continue
			}
			rest, after, found := bytes.Cut(src[i+1:], []byte("\n"))
			line := lineAt(src, i)
			if len(bytes.TrimSpace(rest)) > 0 {
				return Front{}, nil, 0, diag.Errorf(file, line, "text after the } that closes the JSON front matter (start the text on the next line)")
			}
			if !found {
				after = nil
			}
			return Front{Format: "json", Src: src[:i+1], Offset: 0}, after, line + 1, nil
		}
	}
	return Front{}, nil, 0, diag.Errorf(file, 1, "JSON front matter opened with { is never closed (its braces do not balance)")
}
