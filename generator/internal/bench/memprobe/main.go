// Command memprobe builds a site the way gen build does and prints the live
// heap at the start of each stage of the build and whenever the heap grows
// by 20 MB, to find which stage holds what.
//
//	go run ./generator/internal/bench/memprobe SITE_DIR OUT_DIR
//
// PROF=1 also writes heap profiles to /tmp/heap-<stage>.prof and
// /tmp/heap-peak.prof (go tool pprof -sample_index=inuse_space …);
// FORCEGC=1 collects before each sample, so the figures are live data only;
// HEAPAT=STAGE:DURATION also samples (and with PROF profiles) that long
// into that stage, as in-STAGE; CPUPROF=FILE writes a CPU profile of the build (CPUSTAGE=NAME: from the
// start of that stage on); SEARCHCACHE=DIR carries the search index over
// between runs as gen build does (search.Options).
package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"gen/generator/fastio"
	"gen/generator/pipeline"
	"gen/themes"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: memprobe SITE_DIR OUT_DIR")
		os.Exit(2)
	}
	src, dst := os.Args[1], os.Args[2]
	last := ""
	snap := func(name string) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		fmt.Printf("%-10s live %6.1f MB  sys %6.1f MB  total alloc %7.1f MB  %s\n", name, float64(m.HeapAlloc)/1e6, float64(m.Sys)/1e6, float64(m.TotalAlloc)/1e6, time.Now().Format("15:04:05.000"))
		if os.Getenv("PROF") != "" {
			f, _ := os.Create("/tmp/heap-" + name + ".prof")
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	go func() {
		var peak uint64
		for {
			time.Sleep(150 * time.Millisecond)
			if os.Getenv("FORCEGC") != "" {
				runtime.GC()
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak+20e6 {
				peak = m.HeapAlloc
				fmt.Printf("peak heap %6.1f MB stage %s %s\n", float64(peak)/1e6, last, time.Now().Format("15:04:05.000"))
				if os.Getenv("PROF") != "" {
					f, _ := os.Create("/tmp/heap-peak.prof")
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
		}
	}()
	profiling := false
	startCPU := func() {
		if f := os.Getenv("CPUPROF"); f != "" && !profiling {
			out, err := os.Create(f)
			profiling = err == nil && pprof.StartCPUProfile(out) == nil
		}
	}
	if os.Getenv("CPUSTAGE") == "" {
		startCPU()
	}
	defer func() {
		if profiling {
			pprof.StopCPUProfile()
		}
	}()
	res, err := pipeline.ToDir(context.Background(), pipeline.Options{Site: fastio.DirFS(src), Builtin: themes.FS, Lean: true,
		SearchCache: os.Getenv("SEARCHCACHE"), SearchKey: src,
		Progress: func(stage string, done, total int) {
			if stage != last {
				last = stage
				snap("before-" + stage)
				if stage == os.Getenv("CPUSTAGE") {
					startCPU()
				}
				if at, after, ok := strings.Cut(os.Getenv("HEAPAT"), ":"); ok && at == stage {
					d, _ := time.ParseDuration(after)
					time.AfterFunc(d, func() { snap("in-" + stage) })
				}
			}
			if stage == "entries" && done > total-300 && done <= total-44 {
				snap("entries-end")
			}
		}}, dst)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	snap("end")
	fmt.Println(res.Pages, res.Took)
	for _, st := range res.Stages {
		fmt.Printf("  %-10s %v\n", st.Name, st.Took.Round(time.Millisecond))
	}
}
