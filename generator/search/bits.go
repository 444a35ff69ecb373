package search

import "math/bits"

// The index's lists are bit streams of Elias-gamma and Exp-Golomb codes,
// written thirteen bits to two characters of a 91-character alphabet (the
// printable ASCII characters after '"', without '\'), so they sit in the
// shard scripts as plain string literals that need no escaping and cost
// 16/13 of their bit size. search.js reads them with the same codes.
const (
	alphaFirst = '#'
	alphaSize  = 91
)

func alpha(v uint32) byte {
	c := byte(alphaFirst + v)
	if c >= '\\' {
		c++
	}
	return c
}

func unalpha(c byte) uint32 {
	if c > '\\' {
		c--
	}
	return uint32(c - alphaFirst)
}

// bitWriter appends bits, most significant first.
type bitWriter struct {
	out  []byte // finished characters
	acc  uint64 // pending bits
	nacc uint   // how many
}

func (w *bitWriter) bits(v uint32, n uint) {
	w.acc = w.acc<<n | uint64(v)&(1<<n-1)
	w.nacc += n
	for w.nacc >= 13 {
		w.nacc -= 13
		x := uint32(w.acc>>w.nacc) & (1<<13 - 1)
		w.out = append(w.out, alpha(x/alphaSize), alpha(x%alphaSize))
	}
}

// gamma writes v ≥ 1 as Elias gamma: len-1 zeros, then v in len bits.
func (w *bitWriter) gamma(v uint32) {
	n := uint(bits.Len32(v))
	w.bits(0, n-1)
	w.bits(v, n)
}

// eg writes v ≥ 0 as Exp-Golomb of order k: gamma of v>>k + 1, then the low
// k bits. Robust when k was guessed too small, compact when it fits.
func (w *bitWriter) eg(v uint32, k uint) {
	w.gamma(v>>k + 1)
	w.bits(v, k)
}

// riceCap is where a Rice code's unary quotient gives way to an escape.
const riceCap = 16

// rice writes v ≥ 0 as a Rice code of parameter k: the quotient v>>k in
// unary (ones ended by a zero; from riceCap on, riceCap ones and the rest in
// gamma), then the low k bits. Close to optimal for geometric values, which
// gaps between documents and positions are.
func (w *bitWriter) rice(v uint32, k uint) {
	q := v >> k
	if q < riceCap {
		w.bits((1<<q-1)<<1, uint(q)+1)
		w.bits(v, k)
		return
	}
	w.bits(1<<riceCap-1, riceCap)
	w.gamma(q - riceCap + 1)
	w.bits(v, k)
}

// riceCost is how many bits rice(v, k) takes.
func riceCost(v uint32, k uint) uint64 {
	q := v >> k
	if q < riceCap {
		return uint64(q) + 1 + uint64(k)
	}
	return riceCap + uint64(2*bits.Len32(q-riceCap+1)-1) + uint64(k)
}

// bestRice picks the cheapest Rice parameter for values.
func bestRice(values []uint32) uint {
	var sum uint64
	for _, v := range values {
		sum += uint64(v)
	}
	k0 := orderFor(sum, uint64(len(values)))
	best, bestCost := k0, ^uint64(0)
	for k := max(int(k0)-2, 0); k <= int(k0)+1; k++ {
		var c uint64
		for _, v := range values {
			c += riceCost(v, uint(k))
		}
		if c < bestCost {
			best, bestCost = uint(k), c
		}
	}
	return best
}

// String returns the characters, padding the last pair with zeros.
func (w *bitWriter) String() string {
	if w.nacc > 0 {
		w.bits(0, 13-w.nacc)
	}
	return string(w.out)
}

// bitReader reads what bitWriter wrote.
type bitReader struct {
	s    string
	pos  int    // bit position
	pair int    // index of the decoded pair + 1, 0 for none
	val  uint32 // its value
}

func (r *bitReader) bit() uint32 {
	i := r.pos / 13
	if i+1 != r.pair {
		r.pair, r.val = i+1, 0
		if 2*i+1 < len(r.s) {
			r.val = unalpha(r.s[2*i])*alphaSize + unalpha(r.s[2*i+1])
		}
	}
	b := r.val >> (12 - r.pos%13) & 1
	r.pos++
	return b
}

func (r *bitReader) bits(n uint) uint32 {
	var v uint32
	for ; n > 0; n-- {
		v = v<<1 | r.bit()
	}
	return v
}

func (r *bitReader) gamma() uint32 {
	var n uint
	for r.bit() == 0 {
		n++
		if n > 32 {
			return 0 // corrupt: no value this long is ever written
		}
	}
	return 1<<n | r.bits(n)
}

func (r *bitReader) rice(k uint) uint32 {
	var q uint32
	for q < riceCap && r.bit() == 1 {
		q++
	}
	if q == riceCap {
		q += r.gamma() - 1
	}
	return q<<k | r.bits(k)
}

func (r *bitReader) eg(k uint) uint32 {
	return (r.gamma()-1)<<k | r.bits(k)
}

// orderFor picks the Exp-Golomb order for values averaging sum/n.
func orderFor(sum, n uint64) uint {
	if n == 0 || sum < n {
		return 0
	}
	return uint(bits.Len64(sum/n) - 1)
}
