package pipeline

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"gen/generator/internal/corpus"
	"gen/generator/output"
	"gen/themes"
)

// benchEntries is the corpus size of the benchmarks: GEN_BENCH_ENTRIES, or n.
func benchEntries(n int) int {
	if v, err := strconv.Atoi(os.Getenv("GEN_BENCH_ENTRIES")); err == nil && v > 0 {
		return v
	}
	return n
}

func corpusFS(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, b := range corpus.Files(n, 1) {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// BenchmarkBuild is a full build in memory, reported in pages per second.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, benchEntries(10000)} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			fsys := corpusFS(n)
			b.ReportAllocs()
			pages := 0
			for b.Loop() {
				res, err := Build(context.Background(), Options{Site: fsys, Builtin: themes.FS, Out: output.NewMem(), Lean: true})
				if err != nil {
					b.Fatal(err)
				}
				pages = res.Pages
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkRebuild is gen serve's rebuild after one entry was saved, and
// after nothing changed.
func BenchmarkRebuild(b *testing.B) {
	n := benchEntries(10000)
	fsys := corpusFS(n)
	var name string
	for p := range fsys {
		if len(p) > len("content/reports/") && p[:16] == "content/reports/" && p[len(p)-3:] == ".md" && p[len(p)-9:] != "_index.md" {
			name = p
			break
		}
	}
	orig := fsys[name].Data
	for _, c := range []struct {
		what    string
		changed []string
		edit    bool
		first   bool // change the first paragraph, and so the summary lists show
	}{{"one-entry", []string{name}, true, false}, {"one-summary", []string{name}, true, true}, {"nothing", []string{}, false, false}} {
		b.Run(c.what, func(b *testing.B) {
			b.ReportAllocs()
			s := NewSession(Options{Site: fsys, Builtin: themes.FS})
			if _, _, err := s.Build(context.Background(), nil); err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				if c.edit {
					i++
					line := fmt.Sprintf("第%d次修改。", i)
					data := append(append([]byte{}, orig...), "\n"+line+"\n"...)
					if c.first {
						fm, body, _ := strings.Cut(string(orig), "+++\n\n")
						data = []byte(fm + "+++\n\n" + line + body)
					}
					fsys[name] = &fstest.MapFile{Data: data}
				}
				if _, _, err := s.Build(context.Background(), c.changed); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "builds/s")
		})
	}
}

// BenchmarkRenderEntry is one entry page as a build makes it: its body
// read and rendered from Markdown, added to the search index, its page
// written (to memory) — over the entries of a 10,000-entry corpus in turn.
func BenchmarkRenderEntry(b *testing.B) {
	fsys := corpusFS(benchEntries(10000))
	r := &run{ctx: context.Background(), opts: Options{Site: fsys, Builtin: themes.FS, Out: output.NewMem()}, res: &Result{}}
	for _, stage := range []func() error{r.loadConfig, r.loadContent, r.buildModel, r.loadTemplates} {
		if err := stage(); err != nil {
			b.Fatal(err)
		}
	}
	entries := r.site.Entries
	r.startIndex(len(entries))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if res := r.renderEntry(entries[i%len(entries)], i%len(entries)); res.err != nil {
			b.Fatal(res.err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
