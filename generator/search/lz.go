package search

import (
	"cmp"
	"slices"
)

// lz compresses document files: LZ77 over runes, not bytes, whose window
// starts with a dictionary of sample text from the archive, with literals
// coded by their frequency rank in the archive. Chinese text gains twice:
// a literal costs about as many bits as its rank needs instead of three
// bytes, and the phrases, names and URL patterns an archive repeats are
// found in the dictionary even in a short entry. The dictionary's match
// table is built once per index, not once per document as deflate's would
// be. search.js decodes it in a few lines (unlz).
//
// Stream: gamma(runes+1), then per token a bit: 0 and a literal —
// eg(rank, k), and for a rune outside the table (rank = len(table)) its code
// point in 21 bits — or 1 and a match: eg(length-3, 2), eg(distance-1, 6),
// distance counted back from the next rune through the document and on
// into the dictionary.
type lz struct {
	dict  []rune
	dhead []int32  // hash → last dictionary position + 1
	dprev []int32  // dictionary position → previous one with the same hash, + 1
	rank  []uint32 // by rune: its rank + 1, 0 for a rune outside the table
	table []rune   // runes by rank
	k     uint     // Exp-Golomb order of literal ranks
}

const (
	lzDictHash = 14
	lzDocHash  = 11
	lzTries    = 16
	lzMinMatch = 3
)

func hash3(a, b, c rune, bits uint) uint32 {
	return (uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77 ^ uint32(c)*0xC2B2AE3D) >> (32 - bits)
}

// newLZ builds the coder from rune counts and dictionary text.
func newLZ(counts map[rune]int, dict []rune) *lz {
	z := &lz{dict: dict}
	for r := range counts {
		z.table = append(z.table, r)
	}
	slices.SortFunc(z.table, func(a, b rune) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var total, weighted uint64
	for i, r := range z.table {
		total += uint64(counts[r])
		weighted += uint64(counts[r]) * uint64(i)
	}
	return lzOf(z.table, dict, orderFor(weighted, total))
}

// lzOf is the coder of a rune table by rank, a dictionary and a literal
// order, as newLZ made them (an index carried over from a previous build
// keeps its coder, so that its document files do not change).
func lzOf(table, dict []rune, k uint) *lz {
	z := &lz{table: table, dict: dict, k: k}
	top := rune(0)
	for _, r := range z.table {
		top = max(top, r)
	}
	z.rank = make([]uint32, top+1)
	for i, r := range z.table {
		z.rank[r] = uint32(i) + 1
	}
	z.dhead = make([]int32, 1<<lzDictHash)
	z.dprev = make([]int32, len(dict))
	for i := 0; i+2 < len(dict); i++ {
		h := hash3(dict[i], dict[i+1], dict[i+2], lzDictHash)
		z.dprev[i] = z.dhead[h]
		z.dhead[h] = int32(i + 1)
	}
	return z
}

// lzState is one goroutine's scratch space.
type lzState struct {
	head []int32
	prev []int32
	w    bitWriter
	src  []rune   // writeDocs' scratch space
	ids  []uint32 // likewise
	file []byte   // likewise
}

// compress encodes src into st's buffer, good until the next call.
func (z *lz) compress(src []rune, st *lzState) []byte {
	if st.head == nil {
		st.head = make([]int32, 1<<lzDocHash)
	}
	clear(st.head)
	st.prev = slices.Grow(st.prev[:0], len(src))[:len(src)]
	w := &st.w
	*w = bitWriter{out: w.out[:0]}
	w.gamma(uint32(len(src)) + 1)
	n, d := len(src), len(z.dict)
	insert := func(i int) {
		if i+2 < n {
			h := hash3(src[i], src[i+1], src[i+2], lzDocHash)
			st.prev[i] = st.head[h]
			st.head[h] = int32(i + 1)
		}
	}
	for i := 0; i < n; {
		best, dist := 0, 0
		if i+2 < n {
			for c, t := st.head[hash3(src[i], src[i+1], src[i+2], lzDocHash)], 0; c > 0 && t < lzTries; c, t = st.prev[c-1], t+1 {
				j, l := int(c-1), 0
				if best > 0 && (i+best >= n || src[j+best] != src[i+best]) {
					continue // it cannot be longer than best
				}
				for i+l < n && src[j+l] == src[i+l] {
					l++
				}
				if l > best {
					best, dist = l, i-j
				}
			}
			for c, t := z.dhead[hash3(src[i], src[i+1], src[i+2], lzDictHash)], 0; c > 0 && t < lzTries; c, t = z.dprev[c-1], t+1 {
				p, l := int(c-1), 0
				if best > 0 && (i+best >= n || p+best >= d || z.dict[p+best] != src[i+best]) {
					continue
				}
				for i+l < n && p+l < d && z.dict[p+l] == src[i+l] {
					l++
				}
				if l > best {
					best, dist = l, d-p+i
				}
			}
		}
		if best >= lzMinMatch {
			w.bits(1, 1)
			w.eg(uint32(best-lzMinMatch), 2)
			w.eg(uint32(dist-1), 6)
			for k := range best {
				insert(i + k)
			}
			i += best
			continue
		}
		w.bits(0, 1)
		if r := src[i]; r >= 0 && int(r) < len(z.rank) && z.rank[r] > 0 {
			w.eg(z.rank[r]-1, z.k)
		} else {
			w.eg(uint32(len(z.table)), z.k)
			w.bits(uint32(src[i]), 21)
		}
		insert(i)
		i++
	}
	return w.finish()
}

// decompress is compress undone; search.js's unlz is the same.
func (z *lz) decompress(enc string) []rune {
	r := bitReader{s: enc}
	n := int(r.gamma()) - 1
	out := append(make([]rune, 0, len(z.dict)+n), z.dict...)
	for len(out)-len(z.dict) < n {
		if r.bit() == 1 {
			l, dist := int(r.eg(2))+lzMinMatch, int(r.eg(6))+1
			from := len(out) - dist
			if from < 0 {
				return nil
			}
			for k := range l {
				out = append(out, out[from+k])
			}
			continue
		}
		rank := int(r.eg(z.k))
		if rank < len(z.table) {
			out = append(out, z.table[rank])
		} else {
			out = append(out, rune(r.bits(21)))
		}
	}
	return out[len(z.dict):]
}
