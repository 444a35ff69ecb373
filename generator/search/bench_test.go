package search

import (
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"gen/generator/corpus"
	"gen/generator/output"
)

// benchDocs are the documents of a generated archive of 10,000 entries, or
// of GEN_BENCH_ENTRIES.
var benchDocs = sync.OnceValue(func() []Doc {
	n, err := strconv.Atoi(os.Getenv("GEN_BENCH_ENTRIES"))
	if err != nil {
		n = 10000
	}
	return docs(corpus.Entries(n, 1))
})

// discard counts what would be written.
type discard struct {
	mu    sync.Mutex
	bytes int64
}

func (d *discard) WriteFile(name string, b []byte) error {
	d.mu.Lock()
	d.bytes += int64(len(b))
	d.mu.Unlock()
	return nil
}
func (d *discard) CopyFile(string, fs.FS, string) error { return nil }

// BenchmarkIndex builds and writes the index of 10,000 entries: pages/s,
// bytes allocated, index bytes and the heap in use at the end of Write.
func BenchmarkIndex(b *testing.B) {
	ds := benchDocs()
	b.ReportAllocs()
	var out *discard
	var peak uint64
	var text int64
	for b.Loop() {
		ix := New(len(ds))
		for i, d := range ds {
			ix.Add(i, d)
		}
		text = ix.total.Load()
		out = &discard{}
		if _, err := ix.Write(out); err != nil {
			b.Fatal(err)
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	}
	b.ReportMetric(float64(len(ds))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(out.bytes), "index-bytes")
	b.ReportMetric(float64(peak)/1e6, "heap-MB")
	b.ReportMetric(float64(text)/1e6, "text-MB")
	_ = output.NewMem
}
