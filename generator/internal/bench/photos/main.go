// Command photos is the photo benchmark's helper (see compare.sh):
//
//	photos gen -n 48 -out DIR   writes a Hugo site in DIR whose content has
//	                            48 generated 12 MP camera JPEGs (EXIF
//	                            orientation, GPS) in bundles of 6–12;
//	                            -w 8000 -h 6000 makes them 48 MP
//	photos run -src DIR -cache C -out O
//	                            makes the display copy and thumbnail of every
//	                            .jpg under DIR with package photo (both
//	                            cores, soft memory limit Memory +
//	                            MemoryHeadroom), writing them under O
//	photos chart -out DIR      writes a 4000×3000 zone plate with fine lines
//	                            as chart.jpg (and into a Hugo bundle), and
//	                            photo's display copy and thumbnail of it as
//	                            PNG, to look at for aliasing
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"gen/generator/photo"
	"gen/generator/photo/phototest"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: photos gen|run [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	case "chart":
		err = chart(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "photos:", err)
		os.Exit(1)
	}
}

const hugoConfig = `baseURL = "http://example.org/"
title = "photo bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404"]
[imaging]
quality = 82
`

// Every page resource image at both sizes, long edge, as photo makes them.
const hugoSingle = `<html><body>{{ range .Resources.ByType "image" }}` +
	`{{ $d := .Fit "1600x1600" }}{{ $t := .Fit "480x480" }}` +
	`<a href="{{ $d.RelPermalink }}"><img src="{{ $t.RelPermalink }}" width="{{ $t.Width }}"></a>{{ end }}</body></html>
`

func gen(args []string) error {
	fl := flag.NewFlagSet("gen", flag.ExitOnError)
	n := fl.Int("n", 48, "photos")
	out := fl.String("out", "site", "site folder")
	w := fl.Int("w", 4000, "photo width")
	h := fl.Int("h", 3000, "photo height")
	fl.Parse(args)
	files := map[string]string{
		"config.toml":                  hugoConfig,
		"layouts/_default/single.html": hugoSingle,
		"layouts/_default/list.html":   "<html></html>\n",
		"layouts/index.html":           "<html></html>\n",
	}
	for name, body := range files {
		if err := write(filepath.Join(*out, name), []byte(body)); err != nil {
			return err
		}
	}
	var jobs []string
	for i, b := 0, 0; i < *n; b++ {
		dir := filepath.Join(*out, "content", "activities", fmt.Sprintf("活动%03d", b))
		if err := write(filepath.Join(dir, "index.md"), []byte(fmt.Sprintf("+++\ntitle = \"活动 %d\"\n+++\n", b))); err != nil {
			return err
		}
		for k := 0; k < 6+b%7 && i < *n; k, i = k+1, i+1 {
			jobs = append(jobs, filepath.Join(dir, fmt.Sprintf("现场%02d.jpg", k)))
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, name := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = write(name, phototest.Camera(*w, *h, []int{1, 6, 8, 3}[i%4], uint32(i)))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	fmt.Printf("%d photos of %d×%d in %s\n", len(jobs), *w, *h, *out)
	return nil
}

func write(name string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, b, 0o644)
}

func run(args []string) error {
	fl := flag.NewFlagSet("run", flag.ExitOnError)
	src := fl.String("src", "site/content", "folder of photos")
	cache := fl.String("cache", "", "cache folder")
	out := fl.String("out", "out", "output folder")
	fl.Parse(args)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fsys := os.DirFS(*src)
	var names []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(path.Ext(p), ".jpg") {
			names = append(names, p)
		}
		return nil
	})
	p := photo.New(photo.Options{CacheDir: *cache})
	// As the package comment asks of a program: a soft limit a little over
	// the budget, so that the collector returns a finished photo's
	// decoded planes before the heap doubles.
	debug.SetMemoryLimit(p.Options().Memory + photo.MemoryHeadroom)
	start := time.Now()
	var werr error
	err := p.Batch(ctx, fsys, names, nil, func(i int, r *photo.Result, err error) {
		if err != nil {
			werr = err
			return
		}
		dir := filepath.Join(*out, filepath.FromSlash(path.Dir(names[i])))
		for _, img := range []photo.Image{r.Display, r.Thumb} {
			if e := write(filepath.Join(dir, img.Name), img.Data); e != nil {
				werr = e
			}
		}
	})
	if err == nil {
		err = werr
	}
	s := p.Stats()
	fmt.Printf("%d photos in %v: %d decodes, %d cache hits\n", len(names), time.Since(start).Round(time.Millisecond), s.Decodes, s.Hits)
	return err
}
