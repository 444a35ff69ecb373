package search

import (
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
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

// BenchmarkPutWriteChanged is gen serve's update of the index after one
// entry of 10,000 (the longest) was saved: Put, then WriteChanged. "append"
// changes a line at the end, "insert" a phrase at the start of the body of
// a length that changes each time, which moves every later position of the
// entry, so the lists of nearly all its grams change.
func BenchmarkPutWriteChanged(b *testing.B) {
	ds := benchDocs()
	long := 0
	for i, d := range ds {
		if len(d.Text) > len(ds[long].Text) {
			long = i
		}
	}
	for _, c := range []struct {
		what string
		edit func(text string, i int) string
	}{
		{"append", func(text string, i int) string { return text + "\n第" + strconv.Itoa(i) + "次修改。\n" }},
		{"insert", func(text string, i int) string { return strings.Repeat("新增", i%3+1) + text }},
	} {
		b.Run(c.what, func(b *testing.B) {
			ix := New(len(ds))
			for i, d := range ds {
				ix.Add(i, d)
			}
			ix.KeepForUpdates()
			mem := output.NewMem()
			if _, err := ix.Write(mem); err != nil {
				b.Fatal(err)
			}
			d := ds[long]
			text := d.Text
			i, files := 0, 0
			for b.Loop() {
				i++
				d.Text = c.edit(text, i)
				ix.Put(d)
				changed, _, err := ix.WriteChanged(mem)
				if err != nil {
					b.Fatal(err)
				}
				files += len(changed)
			}
			b.ReportMetric(float64(files)/float64(b.N), "files/op")
		})
	}
}
