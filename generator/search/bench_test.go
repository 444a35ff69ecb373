package search

import (
	"context"
	"io/fs"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"gen/generator/internal/corpus"
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
	mu           sync.Mutex
	bytes, files int64
}

func (d *discard) WriteFile(name string, b []byte) error {
	d.mu.Lock()
	d.bytes += int64(len(b))
	d.files++
	d.mu.Unlock()
	return nil
}
func (d *discard) CopyFile(string, fs.FS, string) error { return nil }

// BenchmarkIndex builds and writes the index of 10,000 entries: pages/s,
// bytes allocated, index bytes, files, and the index's peak memory: the
// most heap in use, sampled every millisecond from New to the end of
// Write, less what was in use before (the documents the test holds). The
// heap in use is what the last collection found live: RSS is about twice
// that with GOGC=100.
func BenchmarkIndex(b *testing.B) {
	ds := benchDocs()
	b.ReportAllocs()
	var out *discard
	var peak uint64
	var text int64
	for b.Loop() {
		runtime.GC()
		stop := sampleHeap()
		ix := New(len(ds))
		for i, d := range ds {
			ix.Add(i, d)
		}
		text = ix.total.Load()
		out = &discard{}
		if _, err := ix.Write(context.Background(), out); err != nil {
			b.Fatal(err)
		}
		peak = max(peak, stop())
	}
	b.ReportMetric(float64(len(ds))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(out.bytes), "index-bytes")
	b.ReportMetric(float64(out.files), "files")
	b.ReportMetric(float64(peak)/1e6, "peak-MB")
	b.ReportMetric(float64(text)/1e6, "text-Mrunes")
	_ = output.NewMem
}

// sampleHeap samples the live heap until the function it returns is
// called, which returns the peak less the heap at the start.
func sampleHeap() func() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() uint64 { metrics.Read(s); return s[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	done := make(chan bool)
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				done <- true
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		done <- true
		<-done
		return max(peak.Load(), base) - base
	}
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
			if _, err := ix.Write(context.Background(), mem); err != nil {
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

// BenchmarkIndexMixed builds and writes the index of the generated
// archive's entries and of the mixed corpus's (technical weeklies:
// Chinese with English, numbers, addresses and code), about the same
// number of runes of each (at least GEN_BENCH_RUNES, default 20 million),
// and reports the time per rune of both and their ratio. Run it once:
//
//	go test ./generator/search -run X -bench IndexMixed -benchtime 1x
func BenchmarkIndexMixed(b *testing.B) {
	want := int64(envInt("GEN_BENCH_RUNES", 20_000_000))
	corpora := []struct {
		name    string
		entries func(n int, seed int64) []corpus.Entry
	}{{"chinese", corpus.Entries}, {"mixed", corpus.MixedEntries}}
	var perRune [2]float64
	for b.Loop() {
		for k, c := range corpora {
			var ds []Doc
			for n := 500; ; n *= 2 { // enough entries for the runes wanted
				ds = docs(c.entries(n, 17))
				runes := int64(0)
				for _, d := range ds {
					runes += int64(utf8.RuneCountInString(d.Text))
				}
				if runes >= want {
					break
				}
			}
			runtime.GC()
			start := time.Now()
			ix := New(len(ds))
			for i, d := range ds {
				ix.Add(i, d)
			}
			if _, err := ix.Write(context.Background(), &discard{}); err != nil {
				b.Fatal(err)
			}
			perRune[k] = float64(time.Since(start).Nanoseconds()) / float64(ix.total.Load())
			b.ReportMetric(float64(len(ds)), c.name+"-entries")
			b.ReportMetric(float64(ix.total.Load())/1e6, c.name+"-Mrunes")
		}
	}
	b.ReportMetric(perRune[0], "chinese-ns/rune")
	b.ReportMetric(perRune[1], "mixed-ns/rune")
	b.ReportMetric(perRune[1]/perRune[0], "mixed/chinese")
}
