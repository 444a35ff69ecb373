package search

import (
	"encoding/binary"
	"sync"
)

// runes gives every distinct rune of the indexed text a small number, in the
// order first seen, so a document's text is kept as uvarints of those
// numbers: the few hundred common characters of Chinese text take one or
// two bytes instead of three (about 1.4 bytes a character). Only this
// compact text is kept between Add and Write, never a Doc's string. Safe
// for concurrent use.
type runes struct {
	mu    sync.RWMutex
	ids   map[rune]uint32
	list  []rune
	cache sync.Pool // *[1 << 16]uint32: id+1 of BMP runes, 0 when not yet seen by that cache
}

func newRunes() *runes {
	t := &runes{ids: map[rune]uint32{}}
	t.cache.New = func() any { return new([1 << 16]uint32) }
	return t
}

// id returns the number of r, assigning one when r is new.
func (t *runes) id(r rune) uint32 {
	t.mu.RLock()
	id, ok := t.ids[r]
	t.mu.RUnlock()
	if ok {
		return id
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids[r]; ok {
		return id
	}
	id = uint32(len(t.list))
	t.ids[r] = id
	t.list = append(t.list, r)
	return id
}

// encodeString appends the runes of s to buf in compact form and returns
// how many there are. Numbers never change once given, so each goroutine's
// cache of them stays right.
func (t *runes) encodeString(buf []byte, s string) ([]byte, int) {
	cache := t.cache.Get().(*[1 << 16]uint32)
	n := 0
	for _, r := range s {
		var id uint32
		if r < 1<<16 && cache[r] != 0 {
			id = cache[r] - 1
		} else {
			id = t.id(r)
			if r < 1<<16 {
				cache[r] = id + 1
			}
		}
		buf = binary.AppendUvarint(buf, uint64(id))
		n++
	}
	t.cache.Put(cache)
	return buf, n
}

// table returns the id → rune table for decoding; callers must not change it
// and must not call encode while using it.
func (t *runes) table() []rune {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.list
}

// ids decodes compact text b into buf, reused. Rune numbers under 16,384
// — all but the rarest runes of an archive — take one or two bytes, decoded
// here without a call (writing the index decodes every text several times).
func ids(b []byte, buf []uint32) []uint32 {
	buf = buf[:0]
	i := 0
	for i < len(b) {
		c := b[i]
		switch {
		case c < 0x80:
			buf = append(buf, uint32(c))
			i++
		case i+1 < len(b) && b[i+1] < 0x80:
			buf = append(buf, uint32(c&0x7f)|uint32(b[i+1])<<7)
			i += 2
		default:
			v, n := binary.Uvarint(b[i:])
			buf = append(buf, uint32(v))
			i += n
		}
	}
	return buf
}
