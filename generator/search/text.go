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
func ids(b []byte, buf []uint32) []uint32 { return decode(b, buf, nil) }

// foldedIDs decodes compact text b into the numbers of its folded runes
// (tokenizer.folded, -1 for a space), into buf, reused.
func foldedIDs(b []byte, buf []int32, folded []int32) []int32 { return decode(b, buf, folded) }

// decode is ids, each number mapped through table unless it is nil. Texts
// mix one- and two-byte numbers at random, so which one comes next is
// worked out without a branch the processor would guess wrong half the
// time; three bytes or more (numbers from 16,384) take the slow way.
func decode[T uint32 | int32](b []byte, buf []T, table []int32) []T {
	buf = buf[:0]
	for i := 0; i < len(b); {
		c := uint32(b[i])
		var d uint32
		if i+1 < len(b) {
			d = uint32(b[i+1])
		}
		long := c >> 7 // 1 when a second byte follows
		var v uint32
		if long&(d>>7) == 0 {
			v = c&0x7f | d<<7&-long
			i += 1 + int(long)
		} else {
			x, n := binary.Uvarint(b[i:])
			v = uint32(x)
			i += n
		}
		if table != nil {
			buf = append(buf, T(table[v]))
		} else {
			buf = append(buf, T(v))
		}
	}
	return buf
}
