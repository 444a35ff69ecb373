package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// A soft line break (a newline inside a paragraph) is shown by browsers as a
// space. Between two Chinese characters that space is wrong: Chinese is
// written without spaces, and a writer who wraps a long paragraph in the
// editor does not mean to add one. goldmark's CJK extension
// (extension.WithEastAsianLineBreaks) removes the break only between "wide"
// characters, and full-width punctuation such as "，" (U+FF0C) does not
// count, so "第一行，\n第二行" keeps its space
// (https://github.com/yuin/goldmark/issues/390 discusses the rule). We
// decide with our own, wider class and clear the soft break on the node.

// isCJK reports whether r is written without spaces around it in Chinese
// text: Han, kana, Hangul, and CJK or full-width punctuation, including the
// curly quotes, ellipsis and dashes Chinese text uses.
func isCJK(r rune) bool {
	switch {
	case r >= 0x3000 && r <= 0x303F, // CJK symbols and punctuation: 、。「」《》【】
		r >= 0xFF00 && r <= 0xFFEF,                                      // full-width forms: ，！？；：（）
		r >= 0xFE30 && r <= 0xFE4F,                                      // CJK compatibility forms
		r >= 0x2018 && r <= 0x201F,                                      // ‘ ’ “ ”
		r == 0x2026, r == 0x2014, r == 0x2015, r == 0x00B7, r == 0x2027: // … — ― · ‧
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo)
}

// isWidePunct reports whether r is full-width punctuation, which carries its
// own space in its glyph: a break next to it needs no space even when the
// other side is Latin or a digit ("。\n4月" → "。4月").
func isWidePunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFF0F || r >= 0xFF1A && r <= 0xFF20 ||
		r >= 0xFF3B && r <= 0xFF40 || r >= 0xFF5B && r <= 0xFF65 || r >= 0xFE30 && r <= 0xFE4F
}

// joins reports whether a soft break between a and b renders as nothing:
// both are CJK, or one is full-width punctuation.
func joins(a, b rune) bool {
	return isCJK(a) && isCJK(b) || isWidePunct(a) || isWidePunct(b)
}

// joinCJKBreak clears n's soft line break when the characters around it join.
func joinCJKBreak(n *ast.Text, src []byte) {
	last, ok := lastRune(n, src)
	if !ok {
		return
	}
	first, ok := nextRune(n, src)
	if ok && joins(last, first) {
		n.SetSoftLineBreak(false)
	}
}

// lastRune finds the last character rendered before n's line break: its
// own text, or, when n is empty (the break after "**加粗**"), what comes
// before it in the block.
func lastRune(n *ast.Text, src []byte) (rune, bool) {
	if v := n.Segment.Value(src); len(v) > 0 {
		r, _ := utf8.DecodeLastRune(v)
		return r, true
	}
	for cur := ast.Node(n); cur != nil && cur.Type() == ast.TypeInline; cur = cur.Parent() {
		for s := cur.PreviousSibling(); s != nil; s = s.PreviousSibling() {
			if r, ok := endRune(s, src); ok {
				return r, true
			}
		}
	}
	return 0, false
}

func endRune(n ast.Node, src []byte) (rune, bool) {
	switch t := n.(type) {
	case *ast.Text:
		if v := t.Segment.Value(src); len(v) > 0 {
			r, _ := utf8.DecodeLastRune(v)
			return r, true
		}
	case *ast.String:
		if len(t.Value) > 0 {
			r, _ := utf8.DecodeLastRune(t.Value)
			return r, true
		}
	}
	for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
		if r, ok := endRune(c, src); ok {
			return r, true
		}
	}
	return 0, false
}

// nextRune finds the first character rendered after n within its block.
func nextRune(n ast.Node, src []byte) (rune, bool) {
	for cur := n; cur != nil && cur.Type() == ast.TypeInline; cur = cur.Parent() {
		for s := cur.NextSibling(); s != nil; s = s.NextSibling() {
			if r, ok := firstRune(s, src); ok {
				return r, true
			}
		}
	}
	return 0, false
}

func firstRune(n ast.Node, src []byte) (rune, bool) {
	switch t := n.(type) {
	case *ast.Text:
		if v := t.Segment.Value(src); len(v) > 0 {
			r, _ := utf8.DecodeRune(v)
			return r, true
		}
	case *ast.String:
		if len(t.Value) > 0 {
			r, _ := utf8.DecodeRune(t.Value)
			return r, true
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if r, ok := firstRune(c, src); ok {
			return r, true
		}
	}
	return 0, false
}
