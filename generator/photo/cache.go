package photo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path"
	"path/filepath"
)

// A cache entry is one file, CacheDir/<key[:2]>/<key>, key being the
// SHA-256 of the settings, version and the SHA-256 of the original's
// bytes (which the index, index.go, remembers):
//
//	gen-photo 2\n
//	{"d":{"n":".jpg","w":1600,"h":1200,"l":281934},"t":{…},"crc":"<crc32c>"}\n
//	<display bytes><thumb bytes>
//
// "crc" is the CRC-32C of the bytes after the header line, so a cut or
// damaged entry is noticed on read and recomputed. A CRC, not a SHA-256:
// it guards against a full disk or a bad sector, not an adversary, and it
// is checked on every hit of a rebuild, where SHA-256 was ~40% of the time. An image the original
// stands for (Image.Original) has no part in the entry (l = 0). Entries are
// written to a temporary file and renamed into place, so a reader sees a
// whole entry or none, whatever runs at the same time.
const cacheMagic = "gen-photo 2\n"

type cachePart struct {
	Ext  string `json:"n"`
	W    int    `json:"w"`
	H    int    `json:"h"`
	Len  int    `json:"l"`
	Orig bool   `json:"o,omitempty"`
}

type cacheHead struct {
	D   cachePart `json:"d"`
	T   cachePart `json:"t"`
	CRC string    `json:"crc"`
}

func (p *Processor) cachePath(key string) string {
	return filepath.Join(p.opt.CacheDir, key[:2], key)
}

// cacheGet fills res's Display and Thumb from the entry for key.
func (p *Processor) cacheGet(key string, res *Result) bool {
	if p.opt.CacheDir == "" {
		return false
	}
	b, err := os.ReadFile(p.cachePath(key))
	if err != nil {
		p.misses.Add(1)
		return false
	}
	h, payload, ok := parseEntry(b)
	if !ok || h.D.Orig != res.Display.Original || h.T.Orig != res.Thumb.Original {
		p.damaged.Add(1)
		p.misses.Add(1)
		return false
	}
	set := func(img *Image, c cachePart, data []byte) {
		if !c.Orig {
			stem := img.Name[:len(img.Name)-len(path.Ext(img.Name))]
			*img = Image{Name: stem + c.Ext, Width: c.W, Height: c.H, Data: data}
		}
	}
	set(&res.Display, h.D, payload[:h.D.Len:h.D.Len])
	set(&res.Thumb, h.T, payload[h.D.Len:])
	res.Cached = true
	p.hits.Add(1)
	return true
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func crcOf(parts ...[]byte) string {
	var c uint32
	for _, b := range parts {
		c = crc32.Update(c, castagnoli, b)
	}
	return fmt.Sprintf("%08x", c)
}

func parseEntry(b []byte) (cacheHead, []byte, bool) {
	var h cacheHead
	if !bytes.HasPrefix(b, []byte(cacheMagic)) {
		return h, nil, false
	}
	b = b[len(cacheMagic):]
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 || json.Unmarshal(b[:nl], &h) != nil {
		return h, nil, false
	}
	payload := b[nl+1:]
	if h.D.Len < 0 || h.T.Len < 0 || h.D.Len+h.T.Len != len(payload) || crcOf(payload) != h.CRC {
		return h, nil, false
	}
	return h, payload, true
}

// cachePut stores res's outputs under key. A failure to write (full disk,
// read-only share) only costs the next run a decode.
func (p *Processor) cachePut(key string, res *Result) {
	if p.opt.CacheDir == "" {
		return
	}
	part := func(img Image) cachePart {
		if img.Original {
			return cachePart{Orig: true}
		}
		return cachePart{Ext: path.Ext(img.Name), W: img.Width, H: img.Height, Len: len(img.Data)}
	}
	h := cacheHead{D: part(res.Display), T: part(res.Thumb)}
	h.CRC = crcOf(res.Display.Data, res.Thumb.Data)
	head, _ := json.Marshal(h)
	if writeAtomic(p.cachePath(key), []byte(cacheMagic), head, []byte{'\n'}, res.Display.Data, res.Thumb.Data) == nil {
		p.written.Add(1)
	}
}
