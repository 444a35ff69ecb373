package output

import (
	"bytes"
	"compress/flate"
	"io"
	"sync"
)

// Packer compresses files for a Mem that keeps them packed (NewPackedMem)
// and unpacks them again. Pages of one site share their header, navigation
// and footer, which deflate alone cannot see across files: the first file
// packed becomes the preset dictionary of every file after it, which makes
// an archive's entry page a third of its packed size without one. The zero
// value is ready; it is safe for concurrent use.
type Packer struct {
	once             sync.Once
	dict             []byte
	writers, readers sync.Pool
}

// Pack returns b compressed.
func (z *Packer) Pack(b []byte) []byte {
	z.once.Do(func() { z.dict = bytes.Clone(b[max(0, len(b)-32<<10):]) })
	var out bytes.Buffer
	out.Grow(len(b)/4 + 64)
	w, _ := z.writers.Get().(*flate.Writer)
	if w == nil {
		w, _ = flate.NewWriterDict(&out, flate.DefaultCompression, z.dict)
	} else {
		w.Reset(&out)
	}
	w.Write(b) // a bytes.Buffer does not fail
	w.Close()
	z.writers.Put(w)
	return bytes.Clone(out.Bytes()) // out.Grow's guess may be far too big
}

// Unpack appends the unpacked content of packed to buf.
func (z *Packer) Unpack(packed, buf []byte) ([]byte, error) {
	r, _ := z.readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReaderDict(bytes.NewReader(packed), z.dict)
	} else {
		r.(flate.Resetter).Reset(bytes.NewReader(packed), z.dict)
	}
	out := bytes.NewBuffer(buf)
	_, err := io.Copy(out, r)
	z.readers.Put(r)
	return out.Bytes(), err
}
