package photo

import (
	"bytes"
	"context"
	"fmt"
	stdjpeg "image/jpeg"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"gen/generator/photo/phototest"
)

// camera12 is a 12 MP (4000×3000) camera JPEG with orientation 6 and GPS.
func camera12(b *testing.B) []byte {
	b.Helper()
	return phototest.Camera(4000, 3000, 6, 1)
}

// BenchmarkMake is the whole first-build job of one 12 MP photo: read,
// probe, hash, decode, resize to 1600 and 480, orient, encode.
func BenchmarkMake(b *testing.B) {
	fsys := fstest.MapFS{"a.jpg": {Data: camera12(b)}}
	p := New(Options{})
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.Make(context.Background(), fsys, "a.jpg"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBatch runs GOMAXPROCS workers over 2×GOMAXPROCS photos: the
// figure per photo is what the first build of an archive pays.
func BenchmarkBatch(b *testing.B) {
	data := camera12(b)
	fsys := fstest.MapFS{}
	n := 2 * runtime.GOMAXPROCS(0)
	var names []string
	for i := range n {
		name := fmt.Sprintf("p%d.jpg", i)
		fsys[name] = &fstest.MapFile{Data: data}
		names = append(names, name)
	}
	p := New(Options{})
	b.ResetTimer()
	for b.Loop() {
		var errs atomic.Int64
		p.Batch(context.Background(), fsys, names, nil, func(_ int, _ *Result, err error) {
			if err != nil {
				errs.Add(1)
			}
		})
		if errs.Load() > 0 {
			b.Fatal("errors")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n)/1e6, "ms/photo")
}

// BenchmarkCachedMake is a rebuild: Stat, index, cache hit (index); and
// without the index's help (no mtime): read, hash, probe, cache hit.
func BenchmarkCachedMake(b *testing.B) {
	for _, indexed := range []bool{true, false} {
		b.Run(fmt.Sprintf("index=%v", indexed), func(b *testing.B) {
			f := &fstest.MapFile{Data: camera12(b)}
			if indexed {
				f.ModTime = time.Now().Add(-time.Hour)
			}
			fsys := fstest.MapFS{"a.jpg": f}
			p := New(Options{CacheDir: b.TempDir()})
			p.Make(context.Background(), fsys, "a.jpg")
			b.ResetTimer()
			for b.Loop() {
				if r, err := p.Make(context.Background(), fsys, "a.jpg"); err != nil || !r.Cached {
					b.Fatal(err)
				}
			}
		})
	}
}

// The stages, to see where the time goes.
func BenchmarkStage(b *testing.B) {
	data := camera12(b)
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			stdjpeg.Decode(bytes.NewReader(data))
		}
	})
	full, _ := stdjpeg.Decode(bytes.NewReader(data))
	b.Run("resize-4000-1600", func(b *testing.B) {
		for b.Loop() {
			resize(full, 1600, 1200)
		}
	})
	disp := resize(full, 1600, 1200)
	b.Run("orient", func(b *testing.B) {
		for b.Loop() {
			orient(disp, 6)
		}
	})
	b.Run("thumb-1600-480", func(b *testing.B) {
		for b.Loop() {
			resize(disp, 480, 360)
		}
	})
	b.Run("encode-1600", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			stdjpeg.Encode(&buf, disp, &stdjpeg.Options{Quality: 82})
		}
	})
}
