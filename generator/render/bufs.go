package render

import "bytes"

// buffers is a free list of page buffers. Unlike a sync.Pool it is not
// emptied by every garbage collection, which at 50,000 entries under a
// memory limit comes every few hundred pages: each page would grow a new
// buffer. It keeps at most keep buffers; more may be in use at once.
type buffers struct{ free chan *bytes.Buffer }

func newBuffers(keep int) *buffers { return &buffers{free: make(chan *bytes.Buffer, keep)} }

// get returns an empty buffer.
func (b *buffers) get() *bytes.Buffer {
	select {
	case buf := <-b.free:
		buf.Reset()
		return buf
	default:
		return new(bytes.Buffer)
	}
}

// put gives a buffer back; one grown past 4 MB by a freak page is dropped.
func (b *buffers) put(buf *bytes.Buffer) {
	if buf.Cap() > 4<<20 {
		return
	}
	select {
	case b.free <- buf:
	default:
	}
}
