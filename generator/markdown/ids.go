package markdown

import (
	"strconv"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// ids gives headings IDs made of their own words: letters of every script
// (Chinese included) and digits are kept, Latin letters lower-cased, spaces
// and dashes become one "-", other punctuation is dropped. So
// "一、上年度问题整改情况" → "一上年度问题整改情况" and "Part 2: Goals" →
// "part-2-goals". A repeated ID gets "-1", "-2", … in document order, so IDs
// are unique in a page and the same on every build.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Generate implements parser.IDs.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slugify(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// Slugify turns heading text into an ID as described on ids.
func Slugify(s string) string {
	out := make([]rune, 0, len(s))
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if dash && len(out) > 0 {
				out = append(out, '-')
			}
			dash = false
			out = append(out, unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\u3000':
			dash = true
		}
	}
	return string(out)
}
