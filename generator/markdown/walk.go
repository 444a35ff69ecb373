package markdown

import (
	"bytes"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// walker makes the one pass over a parsed document that applies the CJK
// rule, rewrites links and collects the TOC, summary and text.
type walker struct {
	src     []byte
	unsafe  bool               // raw HTML is markup, not text shown to the reader
	policy  *bluemonday.Policy // sanitise raw HTML (HTMLSanitize)
	removed []Removed
	more    bool // <!--more--> seen: the summary is set
	ctx     Context
	lines   lineIndex
	toc     []Heading
	summary string
	text    *bytes.Buffer
	links   []Link
	shown   []string  // images shown as pictures, as written
	wrap    []wrapped // pictures to put inside a link once the walk is done
}

type wrapped struct {
	img  *ast.Image
	href string
}

func (w *walker) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		if n.Type() == ast.TypeBlock {
			w.blockEnd()
		}
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Heading:
		id, _ := n.AttributeString("id")
		idb, _ := id.([]byte)
		if w.ctx.IDPrefix != "" {
			idb = append([]byte(w.ctx.IDPrefix), idb...)
			n.SetAttributeString("id", idb)
		}
		if n.Level == 2 || n.Level == 3 {
			w.toc = append(w.toc, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, w.src, w.unsafe)})
		}
	case *ast.Paragraph:
		if w.summary == "" && !w.more {
			w.summary = cut(plainText(n, w.src, w.unsafe), SummaryLength)
		}
	case *ast.Text:
		if n.SoftLineBreak() {
			joinCJKBreak(n, w.src)
		}
		w.text.Write(n.Segment.Value(w.src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.text.WriteByte(' ')
		}
	case *ast.String:
		w.text.Write(n.Value)
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		w.writeLines(n)
	case *ast.HTMLBlock:
		w.rawHTML(n)
	case *ast.RawHTML:
		w.rawHTML(n)
	case *ast.Link:
		n.Destination = w.link(n, n.Destination, false)
	case *ast.Image:
		dest := string(n.Destination)
		n.Destination = w.link(n, n.Destination, true)
		w.picture(n, dest)
	case *east.TableCell:
		w.text.WriteByte(' ')
	}
	return ast.WalkContinue, nil
}

// rawHTML handles an HTML block or inline tag: <!--more-->, the text for
// search, and sanitising.
func (w *walker) rawHTML(n ast.Node) {
	raw := rawBytes(n, w.src)
	if !w.more && reMore.Match(bytes.TrimSpace(raw)) {
		w.more = true
		w.summary = cut(strings.Join(strings.Fields(w.text.String()), " "), SummaryLength)
	}
	if _, block := n.(*ast.HTMLBlock); block {
		if w.unsafe {
			w.text.WriteString(htmlText(raw))
		} else if !reMore.Match(bytes.TrimSpace(raw)) {
			w.writeLines(n)
		}
	}
	if w.policy != nil {
		w.sanitize(n, raw, w.lineOf(n))
	}
}

// lineOf is the file line where a raw HTML node starts.
func (w *walker) lineOf(n ast.Node) int {
	if w.lines == nil {
		w.lines = newLineIndex(w.src)
	}
	off := 0
	switch n := n.(type) {
	case *ast.HTMLBlock:
		if n.Lines().Len() > 0 {
			off = n.Lines().At(0).Start
		}
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			off = n.Segments.At(0).Start
		}
	}
	return w.ctx.FirstLine - 1 + w.lines.line(off)
}

func (w *walker) blockEnd() {
	if w.text.Len() > 0 {
		w.text.WriteByte('\n')
	}
}

func (w *walker) writeLines(n ast.Node) {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		w.text.Write(seg.Value(w.src))
	}
}

// link records a destination and lets the caller rewrite a relative one.
func (w *walker) link(n ast.Node, dest []byte, image bool) []byte {
	if w.lines == nil {
		w.lines = newLineIndex(w.src)
	}
	line := w.ctx.FirstLine - 1 + w.lines.line(offsetOf(n))
	d := string(dest)
	w.links = append(w.links, Link{Dest: d, Line: line, Image: image})
	if w.ctx.IDPrefix != "" && strings.HasPrefix(d, "#") && len(d) > 1 {
		return []byte("#" + w.ctx.IDPrefix + d[1:])
	}
	if w.ctx.Resolve == nil || !IsRelative(d) {
		return dest
	}
	return []byte(w.ctx.Resolve(d, line, image))
}

// IsRelative reports whether a destination points inside the site relative
// to the current document: no scheme, not absolute, not only a fragment.
func IsRelative(dest string) bool {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "\\") {
		return false
	}
	u, err := url.Parse(dest)
	return err != nil || (u.Scheme == "" && u.Host == "")
}

// offsetOf finds a source offset for an inline node: its first text, else
// its block's first line.
func offsetOf(n ast.Node) int {
	var off = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// plainText is the text of an inline container with CJK soft breaks joined
// and other soft breaks as spaces. Raw HTML counts as text where it is shown
// as text (unless unsafe).
func plainText(n ast.Node, src []byte, unsafe bool) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				last, ok1 := lastRune(t, src)
				next, ok2 := nextRune(t, src)
				if !ok1 || !ok2 || !joins(last, next) {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.RawHTML:
			if !unsafe {
				for i := 0; i < t.Segments.Len(); i++ {
					seg := t.Segments.At(i)
					b.Write(seg.Value(src))
				}
			}
		case *east.FootnoteLink:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// cut shortens s to at most n characters, on a character boundary, adding
// "…" when something was cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n {
			break
		}
		count++
	}
	return strings.TrimRight(s[:i], " ，、；：,;:") + "…"
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(off int) int {
	return sort.Search(len(l), func(i int) bool { return l[i] > off })
}

// picture shows an image as its photo's display copy (Context.Picture).
func (w *walker) picture(n *ast.Image, dest string) {
	if w.ctx.Picture == nil || !IsRelative(dest) {
		return
	}
	p, ok := w.ctx.Picture(dest, w.ctx.FirstLine-1+w.lines.line(offsetOf(n)))
	if !ok {
		return
	}
	n.Destination = []byte(p.Src)
	n.SetAttributeString("width", []byte(strconv.Itoa(p.Width)))
	n.SetAttributeString("height", []byte(strconv.Itoa(p.Height)))
	n.SetAttributeString("decoding", []byte("async"))
	if len(w.shown) > 0 { // the page's first picture loads at once
		n.SetAttributeString("loading", []byte("lazy"))
	}
	w.shown = append(w.shown, dest)
	if p.Href != "" {
		w.wrap = append(w.wrap, wrapped{img: n, href: p.Href})
	}
}

// wrapPictures puts each picture inside a link to its original, unless it
// is inside a link already.
func (w *walker) wrapPictures() {
	for _, p := range w.wrap {
		parent := p.img.Parent()
		if parent == nil || insideLink(p.img) {
			continue
		}
		link := ast.NewLink()
		link.Destination = []byte(p.href)
		link.SetAttributeString("class", []byte("photo"))
		parent.ReplaceChild(parent, p.img, link)
		link.AppendChild(link, p.img)
	}
}

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.Link); ok {
			return true
		}
	}
	return false
}
