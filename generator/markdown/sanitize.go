package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// Raw HTML in Markdown (HTML mode "sanitize", the default) goes through an
// allowlist: bluemonday, a maintained sanitiser, with the policy below. It
// keeps structure and text markup — the captioned figures, centred
// captions, <details> blocks and tables with merged cells that Markdown
// pasted from Hugo or Hexo sites has — and removes everything that runs or
// restyles: scripts and styles (elements and attributes), event handlers,
// URLs other than relative, http(s) and mailto (an image's only relative or
// https), iframes, objects, forms.
//
// Each raw HTML node (an HTML block, or an inline tag) is sanitised on its
// own, in the walk, and its safe HTML kept on the node for the renderer:
// most bodies have none, so a build costs nothing more, and what was
// removed is known at the node's line, for gen check (Doc.Removed). Nodes
// are sanitised one by one, so an element may open in one and close in
// another; the allowlist has no element whose content the browser reads as
// raw text (script, style, textarea, title), so the pieces put together
// are as safe as each one.

// Removed is something the sanitiser took out of raw HTML.
type Removed struct {
	Line int
	What string // "<script>", "onclick on <img>", …
}

// safeAttr is the node attribute the walk leaves the sanitised HTML in.
var safeAttr = []byte("gen-safe-html")

var (
	reNumber = regexp.MustCompile(`^[0-9]{1,4}%?$`)
	reAlign  = regexp.MustCompile(`(?i)^(left|right|center|justify)$`)
	// an image's src: https, or relative (no scheme before the first / ? #)
	reImgSrc = regexp.MustCompile(`(?i)^(?:https://|[^:/?#]*(?:[/?#]|$))`)
	reMore   = regexp.MustCompile(`^<!--\s*more\s*-->$`)
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("div", "span", "p", "br", "hr", "center", "sup", "sub", "small", "big",
		"details", "summary", "figure", "figcaption", "b", "i", "u", "s", "strong", "em",
		"mark", "del", "ins", "strike", "abbr", "cite", "q", "dfn", "kbd", "samp", "var", "code", "pre",
		"blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
		"ruby", "rt", "rp", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
		"a", "img", "font")
	p.AllowAttrs("class", "id", "title", "lang", "dir").Globally()
	p.AllowAttrs("colspan", "rowspan").Matching(reNumber).OnElements("td", "th")
	p.AllowAttrs("span").Matching(reNumber).OnElements("col", "colgroup")
	p.AllowAttrs("width", "height").Matching(reNumber).OnElements("img", "table", "td", "th", "col")
	p.AllowAttrs("align").Matching(reAlign).OnElements("p", "div", "img", "table", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "caption")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`^(open)?$`)).OnElements("details")
	p.AllowAttrs("start", "reversed").OnElements("ol")
	p.AllowAttrs("href", "name").OnElements("a")
	p.AllowAttrs("src").Matching(reImgSrc).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	return p
}

// sanitize keeps n's safe HTML on it and records what was removed.
func (w *walker) sanitize(n ast.Node, raw []byte, line int) {
	if reMore.Match(bytes.TrimSpace(raw)) {
		n.SetAttribute(safeAttr, []byte{})
		return
	}
	safe := w.policy.SanitizeBytes(raw)
	n.SetAttribute(safeAttr, safe)
	if !bytes.Equal(safe, raw) {
		w.removed = append(w.removed, removals(w.policy, raw, line)...)
	}
}

// removals says what the policy removes from raw, tag by tag, each at its
// line (raw starts at line). Comments and end tags are not worth a word.
func removals(p *bluemonday.Policy, raw []byte, line int) []Removed {
	var out []Removed
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		tok := z.Raw()
		at := line
		line += bytes.Count(tok, []byte("\n"))
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		alone := p.SanitizeBytes(tok)
		if len(bytes.TrimSpace(alone)) == 0 {
			out = append(out, Removed{Line: at, What: "<" + t.Data + ">" + removedWhy(t.Data)})
			continue
		}
		kept := map[string]bool{}
		if z2 := html.NewTokenizer(bytes.NewReader(alone)); z2.Next() != html.ErrorToken {
			for _, a := range z2.Token().Attr {
				kept[a.Key] = true
			}
		}
		for _, a := range t.Attr {
			if !kept[a.Key] {
				out = append(out, Removed{Line: at, What: fmt.Sprintf("%s=%q on <%s>", a.Key, shorten(a.Val), t.Data)})
			}
		}
	}
}

func removedWhy(tag string) string {
	switch tag {
	case "script", "style", "iframe", "object", "embed", "frame", "frameset", "noscript":
		return " and its content"
	case "a", "img":
		return " (its link is not a safe address)"
	}
	return ""
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// safeHTML renders raw HTML as the walk left it on the node.
type safeHTML struct{}

func (safeHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	write := func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if v, ok := node.Attribute(safeAttr); ok {
				_, _ = w.Write(v.([]byte))
			}
		}
		return ast.WalkSkipChildren, nil
	}
	reg.Register(ast.KindHTMLBlock, write)
	reg.Register(ast.KindRawHTML, write)
}

// rawBytes is the source of a raw HTML node, closing line included.
func rawBytes(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	switch n := n.(type) {
	case *ast.HTMLBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		if n.HasClosure() {
			b.Write(n.ClosureLine.Value(src))
		}
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(src))
		}
	}
	return b.Bytes()
}

// htmlText is the text of raw HTML as a reader sees it, for search.
func htmlText(raw []byte) string {
	var b strings.Builder
	z := html.NewTokenizer(bytes.NewReader(raw))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		}
	}
}
