package check

import (
	"bytes"
	"io/fs"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// page is what the link check needs of one HTML page: the ids a #fragment
// may name, and every href and src in document order.
type page struct {
	ids   map[string]struct{}
	links []string
}

// scanPage reads an HTML page once, start tags only: text, comments and
// the contents of script and style are passed over, so a URL in a script
// is not taken for a link. It is a small scanner rather than
// golang.org/x/net/html's tokenizer, which reads the same tags (a test
// checks they agree on every page of the example archive) several times
// slower; gen check must keep up with thousands of pages a second.
func scanPage(src []byte) *page {
	p := &page{ids: map[string]struct{}{}}
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 || i+j+1 >= len(src) {
			break
		}
		i += j + 1
		switch c := src[i]; {
		case bytes.HasPrefix(src[i:], []byte("!--")):
			k := bytes.Index(src[i+3:], []byte("-->"))
			if k < 0 {
				return p
			}
			i += 3 + k + 3
		case c == '!' || c == '/' || c == '?':
			i = skipPast(src, i, '>')
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			i = p.tag(src, i)
		}
	}
	return p
}

// tag reads the start tag whose name begins at src[i] and returns where
// the page goes on.
func (p *page) tag(src []byte, i int) int {
	start := i
	for i < len(src) && !isSpace(src[i]) && src[i] != '>' && src[i] != '/' {
		i++
	}
	name := src[start:i]
	isA := len(name) == 1 && name[0]|0x20 == 'a'
	for {
		for i < len(src) && (isSpace(src[i]) || src[i] == '/') {
			i++
		}
		if i >= len(src) {
			return i
		}
		if src[i] == '>' {
			break
		}
		var key, val []byte
		key, val, i = attr(src, i)
		p.attr(key, val, isA)
	}
	i++
	for _, raw := range [...]string{"script", "style", "textarea", "title"} {
		if bytes.EqualFold(name, []byte(raw)) {
			return skipRaw(src, i, name)
		}
	}
	return i
}

// attr reads one attribute at src[i]: name, and value when there is one.
func attr(src []byte, i int) (key, val []byte, next int) {
	ks := i
	for i < len(src) && !isSpace(src[i]) && src[i] != '=' && src[i] != '>' {
		i++
	}
	key = src[ks:i]
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	if i >= len(src) || src[i] != '=' {
		return key, nil, i
	}
	i++
	for i < len(src) && isSpace(src[i]) {
		i++
	}
	if i < len(src) && (src[i] == '"' || src[i] == '\'') {
		k := bytes.IndexByte(src[i+1:], src[i])
		if k < 0 {
			return key, src[i+1:], len(src)
		}
		return key, src[i+1 : i+1+k], i + k + 2
	}
	vs := i
	for i < len(src) && !isSpace(src[i]) && src[i] != '>' {
		i++
	}
	return key, src[vs:i], i
}

// attr keeps an attribute the link check needs.
func (p *page) attr(key, val []byte, isA bool) {
	switch {
	case equalFold(key, "id"), isA && equalFold(key, "name"): // <a name> is an anchor too
		p.ids[text(val)] = struct{}{}
	case equalFold(key, "href"), equalFold(key, "src"):
		p.links = append(p.links, text(val))
	}
}

// text decodes character references (&amp;) in an attribute value.
func text(val []byte) string {
	if bytes.IndexByte(val, '&') < 0 {
		return string(val)
	}
	return html.UnescapeString(string(val))
}

func equalFold(b []byte, s string) bool { return len(b) == len(s) && bytes.EqualFold(b, []byte(s)) }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' }

func skipPast(src []byte, i int, c byte) int {
	if k := bytes.IndexByte(src[i:], c); k >= 0 {
		return i + k + 1
	}
	return len(src)
}

// skipRaw passes over the text of a script or style element, up to its
// end tag.
func skipRaw(src []byte, i int, name []byte) int {
	for {
		k := bytes.Index(src[i:], []byte("</"))
		if k < 0 {
			return len(src)
		}
		i += k + 2
		if len(src)-i >= len(name) && bytes.EqualFold(src[i:i+len(name)], name) {
			return i
		}
	}
}

// kind is what a link turned out to be.
type kind int

const (
	external kind = iota // another site, mailto:, javascript:, … — not checked
	ok                   // resolves
	missing              // no such file in the output
	folder               // a folder: works on a web server, not from a file share
	outside              // climbs above the output's top folder
	rootPath             // starts with "/": breaks under a sub-path and from file://
	noID                 // the file exists, the #fragment names no id on it
)

// target is a link resolved against the page it is on.
type target struct {
	kind kind
	path string // output path the link names (for a folder: the folder)
	frag string // decoded fragment, "" for none
}

// outputSet is the output as the link check sees it.
type outputSet struct {
	files map[string]bool
	dirs  map[string]bool
	pages map[string]*page // HTML pages by output path
	site  fs.FS            // the site folder, to tell a draft from a missing file
}

func newOutputSet(names []string) *outputSet {
	s := &outputSet{files: make(map[string]bool, len(names)), dirs: map[string]bool{}, pages: map[string]*page{}}
	for _, n := range names {
		s.files[n] = true
		for d := parentDir(n); d != "" && !s.dirs[d]; d = parentDir(d) {
			s.dirs[d] = true
		}
	}
	return s
}

func parentDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// resolve finds what href, on the page at from, points to.
func (s *outputSet) resolve(from, href string) target {
	h := strings.TrimSpace(href)
	if h == "" || isExternal(h) {
		return target{kind: external}
	}
	raw, frag, _ := strings.Cut(h, "#")
	raw, _, _ = strings.Cut(raw, "?")
	t := target{frag: unescape(frag)}
	switch {
	case raw == "":
		t.path = from
	case strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, `\`):
		t.kind = rootPath
		return t
	default:
		p := strings.ReplaceAll(unescape(raw), `\`, "/")
		t.path = joinPath(parentDir(from), p)
		if t.path == ".." || strings.HasPrefix(t.path, "../") {
			t.kind = outside
			return t
		}
		if strings.HasSuffix(p, "/") || t.path == "." || (!s.files[t.path] && s.dirs[t.path]) {
			t.kind = folder
			return t
		}
	}
	if !s.files[t.path] {
		t.kind = missing
		return t
	}
	t.kind = ok
	if t.frag != "" && t.frag != "top" {
		if pg := s.pages[t.path]; pg != nil {
			if _, found := pg.ids[t.frag]; !found {
				t.kind = noID
			}
		}
	}
	return t
}

// joinPath joins a slash path to a folder and cleans it, keeping a leading
// ".." so a link above the top folder can be told apart.
func joinPath(dir, p string) string {
	var parts []string
	if dir != "" {
		parts = strings.Split(dir, "/")
	}
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(parts) > 0 && parts[len(parts)-1] != ".." {
				parts = parts[:len(parts)-1]
			} else {
				parts = append(parts, "..")
			}
		default:
			parts = append(parts, seg)
		}
	}
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}

// isExternal reports whether h has a scheme (http:, mailto:, …) or is
// protocol-relative (//host/…).
func isExternal(h string) bool {
	if strings.HasPrefix(h, "//") {
		return true
	}
	for i := 0; i < len(h); i++ {
		switch c := h[i]; {
		case c == ':':
			return i > 0
		case c == '/' || c == '?' || c == '#':
			return false
		}
	}
	return false
}

// unescape decodes %XX escapes; a string that is not valid escaping is
// taken as written.
func unescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
