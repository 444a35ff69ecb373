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

// pairs are the two characters of each 13-bit value.
var pairs = func() (t [1 << 13][2]byte) {
	for x := range t {
		t[x] = [2]byte{alpha(uint32(x) / alphaSize), alpha(uint32(x) % alphaSize)}
	}
	return t
}()

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

func (w *bitWriter) bits(v uint32, n uint) { w.bits64(uint64(v), n) }

// bits64 writes the n ≤ 52 low bits of v.
func (w *bitWriter) bits64(v uint64, n uint) {
	w.acc = w.acc<<n | v&(1<<n-1)
	w.nacc += n
	for w.nacc >= 13 {
		w.nacc -= 13
		x := uint32(w.acc>>w.nacc) & (1<<13 - 1)
		w.out = append(w.out, pairs[x][0], pairs[x][1])
	}
}

// gamma writes v ≥ 1 as Elias gamma: len-1 zeros, then v in len bits.
func (w *bitWriter) gamma(v uint32) {
	n := uint(bits.Len32(v))
	if n <= 26 {
		w.bits64(uint64(v), 2*n-1) // the zeros are v's own high bits
		return
	}
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
	if q < riceCap && k <= 32 { // q ones, a zero and k bits: at most 49 bits
		w.bits64(uint64(1<<q-1)<<(k+1)|uint64(v)&(1<<k-1), uint(q)+1+k)
		return
	}
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

// costOf is the bits of the values in rice(·, k) for a k that best returned.
func (s *riceStats) costOf(k uint8) int { return int(s.cost[uint(k)-s.lo()]) }

// riceStats are what choosing a Rice parameter needs of a set of values:
// their number, their sum and, for the parameters tried around the order of
// their mean, the bits each would take. Kept up to date as values come and
// go, they choose the parameter of a long list without reading it.
type riceStats struct {
	n, sum uint64
	k0     uint8     // orderFor(sum, n) when cost was summed
	cost   [4]uint64 // bits of the values in rice(·, k) for k = lo … k0+1
}

func statsOf(values []uint32) riceStats {
	var s riceStats
	for _, v := range values {
		s.sum += uint64(v)
	}
	s.n = uint64(len(values))
	s.k0 = uint8(orderFor(s.sum, s.n))
	for _, v := range values {
		s.addCost(v, 1)
	}
	return s
}

func (s *riceStats) lo() uint { return uint(max(int(s.k0)-2, 0)) }

func (s *riceStats) addCost(v uint32, sign uint64) {
	lo := s.lo()
	for k := lo; k <= uint(s.k0)+1; k++ {
		s.cost[k-lo] += sign * riceCost(v, k)
	}
}

func (s *riceStats) add(v uint32) {
	s.n, s.sum = s.n+1, s.sum+uint64(v)
	s.addCost(v, 1)
}

func (s *riceStats) remove(v uint32) {
	s.n, s.sum = s.n-1, s.sum-uint64(v)
	s.addCost(v, ^uint64(0)) // -1: the sums wrap back
}

// current reports whether the costs are still those of the parameters to
// try: values that came or went may have moved the mean's order.
func (s *riceStats) current() bool { return orderFor(s.sum, s.n) == uint(s.k0) }

// best is the cheapest parameter, the lowest of equals.
func (s *riceStats) best() uint8 {
	lo := s.lo()
	best := lo
	for k := lo + 1; k <= uint(s.k0)+1; k++ {
		if s.cost[k-lo] < s.cost[best-lo] {
			best = k
		}
	}
	return uint8(best)
}

// len is the number of bits written.
func (w *bitWriter) len() int { return len(w.out)/2*13 + int(w.nacc) }

// copyBits appends bits [from, to) of s, a stream bitWriter wrote. Where
// they fall on the same place of a character pair as they will in w, whole
// pairs are copied as they are; elsewhere four pairs at a time are decoded
// and written again.
func (w *bitWriter) copyBits(s string, from, to int) {
	pair := func(i int) uint64 { return uint64(unalpha(s[2*i])*alphaSize + unalpha(s[2*i+1])) }
	aligned := w.len()%13 == from%13
	for from < to {
		i, o := from/13, from%13
		switch {
		case o == 0 && aligned && from+13 <= to:
			j := to / 13
			w.out = append(w.out, s[2*i:2*j]...)
			from = 13 * j
		case o == 0 && from+52 <= to:
			w.bits64(pair(i)<<39|pair(i+1)<<26|pair(i+2)<<13|pair(i+3), 52)
			from += 52
		default:
			n := min(13-o, to-from)
			w.bits64(pair(i)>>(13-o-n), uint(n))
			from += n
		}
	}
}

// String returns the characters, padding the last pair with zeros.
func (w *bitWriter) String() string { return string(w.finish()) }

// finish pads the stream to whole characters and returns them: w's own
// buffer, good until w is written to again.
func (w *bitWriter) finish() []byte {
	if w.nacc > 0 {
		w.bits(0, 13-w.nacc)
	}
	return w.out
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
