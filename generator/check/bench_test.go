package check

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"gen/generator/internal/corpus"
	"gen/generator/pipeline"
	"gen/themes"
)

// BenchmarkCheck checks the generated 10,000-entry corpus (generator/internal/corpus,
// held in memory, so the disk is not measured) and reports pages per
// second:
//
//	all    gen check end to end: build in memory, links, lint
//	build  the build alone, for comparison: all − build is what checking adds
//	links  the link check alone, on one build
func BenchmarkCheck(b *testing.B) {
	fsys := fstest.MapFS{}
	for name, data := range corpus.Files(10000, 1) {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	opts := Options{Site: fsys, Builtin: themes.FS, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	rep, err := Run(context.Background(), opts)
	if err != nil || rep.Output == nil {
		b.Fatalf("check failed: %v", err)
	}
	perSecond := func(b *testing.B, n int) {
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
	}
	b.Run("all", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			r, err := Run(context.Background(), opts)
			if err != nil {
				b.Fatal(err)
			}
			pages += r.Pages
		}
		perSecond(b, pages)
	})
	b.Run("build", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			res, err := pipeline.Build(context.Background(), pipeline.Options{Site: fsys, Builtin: themes.FS, Out: NewOutput()})
			if err != nil {
				b.Fatal(err)
			}
			pages += res.Pages
		}
		perSecond(b, pages)
	})
	b.Run("links", func(b *testing.B) {
		pages := 0
		for b.Loop() {
			_, n, _, err := checkLinks(context.Background(), rep.Output, rep.Build.Sources, fsys, nil)
			if err != nil {
				b.Fatal(err)
			}
			pages += n
		}
		perSecond(b, pages)
	})
}
