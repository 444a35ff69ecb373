// Package markdown renders entry bodies: one goldmark shared by every goroutine,
// configured for Chinese archives.
//
// On top of goldmark with GFM and footnotes it owns four rules:
//   - a soft line break between two CJK characters, full-width punctuation
//     included, renders as nothing (goldmark's CJK extension keeps the break
//     after full-width punctuation such as "，"; see cjk.go);
//   - heading IDs keep Chinese text, are unique within a page and stable
//     across builds (ids.go; goldmark's default turns every Chinese heading
//     into "heading", "heading-1", …);
//   - raw HTML goes through an allowlist sanitiser (sanitize.go), and what
//     it removes is reported (Doc.Removed); HTML "escape" shows it as text
//     instead, "unsafe" lets it through;
//   - <!--more--> ends the summary (as in Hugo, Hexo and Jekyll);
//   - relative link and image destinations are handed to the caller's
//     Resolve function, which rewrites .md links to entry pages (walk.go).
//
// Render returns the HTML with what later stages need from the same parse:
// the table of contents, the summary, the plain text for search, and every
// link with its source line for gen check.
package markdown

import (
	"bytes"
	"unsafe"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure a Markdown.
type Options struct {
	// HTML says what raw HTML becomes: HTMLSanitize (also ""), HTMLEscape
	// or HTMLUnsafe.
	HTML   string
	Unsafe bool // HTMLUnsafe, whatever HTML says
}

// The HTML modes (config.toml's html).
const (
	HTMLSanitize = "sanitize" // allowlisted markup kept, the rest removed and reported
	HTMLEscape   = "escape"   // shown as text
	HTMLUnsafe   = "unsafe"   // let through as written
)

// Markdown is a configured renderer, safe for concurrent use.
type Markdown struct {
	md     goldmark.Markdown
	mode   string
	policy *bluemonday.Policy // HTMLSanitize only; safe for concurrent use once made
}

// New returns a Markdown.
func New(opts Options) *Markdown {
	m := &Markdown{mode: opts.HTML}
	if opts.Unsafe {
		m.mode = HTMLUnsafe
	}
	rendererOpts := []renderer.Option{}
	switch m.mode {
	case HTMLUnsafe:
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	case HTMLEscape:
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	default:
		m.mode, m.policy = HTMLSanitize, newPolicy()
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(safeHTML{}, 100)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	m.md = md
	return m
}

// Heading is an entry of a table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is a link or image destination as written, with its source line.
type Link struct {
	Dest  string
	Line  int
	Image bool
}

// Doc is a rendered body.
type Doc struct {
	HTML    string
	TOC     []Heading // h2 and h3
	Summary string    // the first paragraph's text, cut at SummaryLength runes
	Text    string    // plain text of the whole body, for search
	Links   []Link    // every link and image, as written
	Shown   []string  // the destinations (as written) of the images shown as pictures
	Removed []Removed // what the sanitiser took out of raw HTML
}

// SummaryLength is how many characters (runes) a computed summary keeps.
const SummaryLength = 120

// Context is what one Render call needs to know about its document.
type Context struct {
	// FirstLine is the file line of src's first line, so reported lines
	// match the file (front matter comes before the body).
	FirstLine int
	// Resolve rewrites a relative destination (no scheme, not starting with
	// "/" or "#"); it may be nil. It is called once per link and image.
	Resolve func(dest string, line int, image bool) string
	// Picture, when set, is asked about every image with a relative
	// destination (after Resolve): a photo with a display copy is shown as
	// that copy, with its width and height, decoding async and loading lazy
	// (all but the page's first image), inside a link to Href.
	Picture func(dest string, line int) (Picture, bool)
	// IDPrefix goes before every heading ID and every "#…" link of the
	// document, so several documents can share one page (a compilation).
	IDPrefix string
}

// Picture is how an image of the text is shown (Context.Picture).
type Picture struct {
	Src, Href     string
	Width, Height int
}

// Render renders src, a Markdown body.
func (m *Markdown) Render(src []byte, c Context) (*Doc, error) { return m.RenderScratch(src, c, nil) }

// Scratch is memory a Render can write a body's HTML and text into: a
// build that writes each page and forgets it renders every body into the
// same few, instead of allocating both for each (a quarter of what
// rendering an entry allocates).
type Scratch struct{ html, text bytes.Buffer }

// RenderScratch is Render with the Doc's HTML and Text in sc's memory,
// good until sc is used again (nil: their own, as Render).
func (m *Markdown) RenderScratch(src []byte, c Context, sc *Scratch) (*Doc, error) {
	if c.FirstLine == 0 {
		c.FirstLine = 1
	}
	if sc == nil {
		sc = new(Scratch) // not reused: the strings made from it stay valid
	}
	sc.html.Reset()
	sc.text.Reset()
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	root := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	w := walker{src: src, ctx: c, unsafe: m.mode != HTMLEscape, policy: m.policy, text: &sc.text}
	w.text.Grow(len(src)) // the text is the source less its markup
	if err := ast.Walk(root, w.visit); err != nil {
		return nil, err
	}
	w.wrapPictures()
	sc.html.Grow(len(src) + len(src)/2)
	if err := m.md.Renderer().Render(bufWriter{&sc.html}, src, root); err != nil {
		return nil, err
	}
	return &Doc{HTML: bufString(&sc.html), TOC: w.toc, Summary: w.summary, Text: bufString(&sc.text), Links: w.links, Shown: w.shown, Removed: w.removed}, nil
}

// bufString is b's bytes as a string without a copy: the caller does not
// write to b while the string is in use.
func bufString(b *bytes.Buffer) string {
	if b.Len() == 0 {
		return ""
	}
	return unsafe.String(&b.Bytes()[0], b.Len())
}

// bufWriter lets goldmark write straight into a bytes.Buffer (given a
// plain io.Writer it would make a bufio.Writer, 4 KB, for every document).
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

var _ util.BufWriter = bufWriter{}

// escapedHTML renders raw HTML as visible, escaped text.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*ast.HTMLBlock)
		if reMore.Match(bytes.TrimSpace(rawBytes(n, src))) {
			return ast.WalkSkipChildren, nil
		}
		_, _ = w.WriteString("<p>")
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(seg.Value(src), "\n")))
			if i < lines.Len()-1 || n.HasClosure() {
				_, _ = w.WriteString("<br>\n")
			}
		}
		if n.HasClosure() {
			_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(n.ClosureLine.Value(src), "\n")))
		}
		_, _ = w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		n := node.(*ast.RawHTML)
		if reMore.Match(bytes.TrimSpace(rawBytes(n, src))) {
			return ast.WalkSkipChildren, nil
		}
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
		return ast.WalkSkipChildren, nil
	})
}
