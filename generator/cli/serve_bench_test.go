package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gen/generator/internal/corpus"
)

// BenchmarkServeEdit measures what a writer waits for: the time from saving
// an entry to the reload event of gen serve, on a generated archive
// (GEN_BENCH_ENTRIES entries, default 10,000) over GEN_BENCH_EDITS saves
// (default 50), and the process's resident memory after the first and the
// last save, and the live heap after the first build and after the last
// save. Run it once:
//
//	go test ./generator/cli -run XXX -bench ServeEdit -benchtime 1x
//	GEN_BENCH_EDITS=500 go test ./generator/cli -run XXX -bench ServeEdit -benchtime 1x
//
// Each save appends a line to an entry; with GEN_BENCH_EDIT=first it
// changes the first paragraph instead, which changes the entry's summary
// and so every list page showing it.
func BenchmarkServeEdit(b *testing.B) {
	n := envInt("GEN_BENCH_ENTRIES", 10000)
	edits := envInt("GEN_BENCH_EDITS", 50)
	dir := b.TempDir()
	if err := corpus.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	var entries []string
	filepath.WalkDir(filepath.Join(dir, "content", "activities"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			entries = append(entries, p)
		}
		return nil
	})
	for b.Loop() {
		p := startServe(b, dir, false)
		events := p.listen()
		rssBuild, heapBuild := rss(), liveHeap()
		if prof := os.Getenv("GEN_BENCH_CPUPROFILE"); prof != "" { // the saves only, not the first build
			f, err := os.Create(prof)
			if err != nil {
				b.Fatal(err)
			}
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		var took []time.Duration
		var rssFirst, rssLast int
		for i := 0; i < edits; i++ {
			file := entries[i%len(entries)]
			src, _ := os.ReadFile(file)
			start := time.Now()
			line := fmt.Sprintf("第%d次保存。", i)
			if os.Getenv("GEN_BENCH_EDIT") == "first" {
				fm, body, _ := strings.Cut(string(src), "+++\n\n")
				os.WriteFile(file, []byte(fm+"+++\n\n"+line+body), 0o644)
			} else {
				os.WriteFile(file, append(src, "\n"+line+"\n"...), 0o644)
			}
			page := filepath.ToSlash(strings.TrimSuffix(strings.TrimPrefix(file, filepath.Join(dir, "content")+string(filepath.Separator)), ".md")) + "/index.html"
			p.waitPage(events, page) // not the reload of the last save's compilations
			took = append(took, time.Since(start))
			if i == 0 {
				rssFirst = rss()
			}
			time.Sleep(30 * time.Millisecond) // a writer does not save twice within the debounce
		}
		rssLast = rss()
		heapLast := liveHeap()
		sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		b.ReportMetric(ms(took[len(took)/2]), "ms-median")
		b.ReportMetric(ms(took[len(took)*95/100]), "ms-p95")
		b.ReportMetric(ms(took[len(took)-1]), "ms-max")
		b.ReportMetric(float64(rssBuild)/1024, "MB-rss-build")
		b.ReportMetric(float64(rssFirst)/1024, "MB-rss-first")
		b.ReportMetric(float64(rssLast)/1024, "MB-rss-last")
		b.ReportMetric(float64(heapBuild)/(1<<20), "MB-heap-build")
		b.ReportMetric(float64(heapLast)/(1<<20), "MB-heap-last")
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// rss is the resident memory of this process in KB (Linux), after a GC
// that returns freed memory to the system, so what is measured is memory
// held, not garbage waiting.
func rss() int {
	debug.FreeOSMemory()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}
