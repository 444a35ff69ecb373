// Command floor is the least work any static generator must do on an
// archive: read every entry, render its Markdown with goldmark (GFM and
// CJK, as gen does), and write one HTML file per entry, on every core.
// gen's own build is measured against it (generator/internal/bench/compare.sh): a
// full archive can't be cheaper.
//
//	go run ./generator/internal/bench/floor CONTENT_DIR OUT_DIR
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor CONTENT_DIR OUT_DIR")
		os.Exit(2)
	}
	src, dst := os.Args[1], os.Args[2]
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "_index.md" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.CJK))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(files) {
					return
				}
				if err := convert(md, src, dst, files[i], &out); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
		}()
	}
	wg.Wait()
	fmt.Printf("%d entries in %v\n", len(files), time.Since(start).Round(time.Millisecond))
}

// convert renders one entry (front matter skipped) to OUT/<path>/index.html.
func convert(md goldmark.Markdown, src, dst, p string, out *bytes.Buffer) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if rest, ok := bytes.CutPrefix(b, []byte("+++\n")); ok {
		if _, body, found := bytes.Cut(rest, []byte("\n+++\n")); found {
			b = body
		}
	}
	out.Reset()
	if err := md.Convert(b, out); err != nil {
		return err
	}
	rel, _ := filepath.Rel(src, p)
	target := filepath.Join(dst, strings.TrimSuffix(rel, ".md"), "index.html")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.WriteFile(target, out.Bytes(), 0o644)
}
