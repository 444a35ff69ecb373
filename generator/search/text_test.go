package search

import (
	"slices"
	"testing"
)

// TestCompactText: a text whose runes get numbers of one, two and three
// bytes (the 20,000 distinct runes of a large archive, rarest last) comes
// back from its compact form rune for rune.
func TestCompactText(t *testing.T) {
	var text []rune
	for r := rune(0x4e00); r < 0x4e00+20000; r++ { // every number once, in order
		text = append(text, r)
	}
	text = append(text, 'a', 0x4e00+19999, 0x4e00, 0x4e00+200, 0x4e00+16383, 0x4e00+16384, 'z')
	rs := newRunes()
	b, n := rs.encodeString(nil, string(text))
	if n != len(text) {
		t.Fatalf("encoded %d runes, want %d", n, len(text))
	}
	table := rs.table()
	var got []rune
	for _, id := range ids(b, nil) {
		got = append(got, table[id])
	}
	if !slices.Equal(got, text) {
		t.Errorf("decoded text differs: %d runes, want %d", len(got), len(text))
	}
	tk := newTokenizer(table)
	for i, f := range foldedIDs(b, nil, tk.folded) {
		if f < 0 || tk.runeOf[f] != Fold(text[i]) {
			t.Fatalf("folded rune %d: number %d, want the number of %q", i, f, Fold(text[i]))
		}
	}
}
