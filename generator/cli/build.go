package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"gen/generator/diag"
	"gen/generator/fastio"
	"gen/generator/pipeline"
	"gen/themes"
)

func runBuild(e *env, args []string) int {
	fs := newFlags(e, "build", "", "Builds the site into a folder (public/ by default). The new build replaces the\nfolder only when it succeeded: on any error the previous build stays as it was.")
	source := fs.String("source", ".", "the site `folder` (holding config.toml and content/)")
	dest := fs.String("destination", "", "output `folder` (default: public/ in the site folder)")
	drafts := fs.Bool("drafts", false, "include entries marked draft = true")
	verbose := fs.Bool("v", false, "print how long each stage took, and which templates of the site make pages slower")
	if code, done := parse(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "gen build: unexpected argument %q (the site folder is given with --source)\n", fs.Arg(0))
		return 2
	}
	src := e.abs(*source)
	out := filepath.Join(src, "public")
	if *dest != "" {
		out = e.abs(*dest)
	}
	if info, err := os.Stat(src); err != nil || !info.IsDir() {
		fmt.Fprintf(e.stderr, "gen build: %s is not a folder\n", src)
		return 1
	}
	limitMemory(0, 0) // until the entries are counted: reading them collects as rarely
	prog := newProgress(e.stderr)
	res, err := pipeline.ToDir(e.ctx, pipeline.Options{
		Site:    fastio.DirFS(src),
		SiteDir: src,
		Builtin: themes.FS,
		Drafts:  *drafts,
		Progress: func(stage string, done, total int) {
			if done == 0 && total == 0 {
				setMemoryLimit()
			}
			prog.update(stage, done, total)
		},
		Loaded: limitMemory,
		Lean:   true,
		// the search index carried over between builds (search.Options)
		SearchCache: searchCache(src),
		SearchKey:   src,
	}, out)
	prog.done()
	if res != nil {
		warn(e, res.Warnings)
	}
	if err != nil {
		if e.ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "gen build: stopped; the previous build was left as it was")
			return 1
		}
		report(e, "", err)
		fmt.Fprintf(e.stderr, "build failed; %s was left as it was\n", e.rel(out))
		return 1
	}
	if *verbose {
		for _, o := range res.Overridden {
			fmt.Fprintf(e.stdout, "  %s\n", o)
		}
		for _, st := range res.Stages {
			fmt.Fprintf(e.stdout, "  %-10s %v\n", st.Name, st.Took.Round(time.Millisecond))
		}
		for _, n := range res.Notes {
			fmt.Fprintf(e.stdout, "  %s\n", n)
		}
	}
	fmt.Fprintf(e.stdout, "built %s and %s into %s in %.2fs%s\n", plural(res.Pages, "page", "pages"),
		plural(res.Files, "file", "files"), e.rel(out), res.Took.Seconds(), warningCount(res.Warnings))
	return 0
}

// limitMemory sets how the Go runtime trades memory for time in a build.
// The heap may grow to five times the live data between collections
// (GOGC=400: a build allocates about 100 KB per entry and keeps about 3 KB,
// so collecting at the default twice the live data costs a tenth of its
// CPU), but never past the limit for what a build of this many entries
// and source bytes keeps live (see memoryLimit), near which the runtime
// collects as often as it must. GOGC and GOMEMLIMIT set by the user are
// left alone.
func limitMemory(entries int, bytes int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(memoryLimit(entries, bytes))
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// setMemoryLimit, at the start of each stage, sets the limit from what the
// build keeps live then (stageLimit): the estimate limitMemory starts
// from is only that, and a limit close to what is live makes the collector
// run without pause — at 50,000 entries a limit 80 MB above 150 MB live
// made the build take twice its time.
func setMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(stageLimit(liveHeap()))
}

// stageLimit is a quarter as much again as live and 64 MB for the garbage
// of the stage, never under 192 MB: at 50,000 entries a build keeps about
// 110 MB live (its texts for the search index wait on disk, see
// search.Index.Spill) and gets about 200 MB, under 256 MB with the program.
func stageLimit(live int64) int64 {
	return max(192<<20, live*5/4+64<<20)
}

// memoryLimit is stageLimit of what a build of this many entries and bytes
// of source keeps live: about 2 KB an entry (its metadata, the archive
// model, its summary) and a tenth of a byte per byte of source.
func memoryLimit(entries int, bytes int64) int64 {
	return stageLimit(int64(entries)*2<<10 + bytes/10)
}

func warningCount(w []*diag.Error) string {
	if len(w) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s)", plural(len(w), "warning", "warnings"))
}

// abs resolves a path given on the command line against the working folder.
func (e *env) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(e.dir, p)
}

// rel shows a path relative to the working folder when it is inside it.
func (e *env) rel(p string) string {
	if r, err := filepath.Rel(e.dir, p); err == nil && !filepath.IsAbs(r) && r != "" && r[0] != '.' {
		return r
	}
	return p
}

// progress shows "entries 1024/10000", then the stage the build is in
// ("lists…", "search…"), on a terminal once a build has run for a second;
// it prints nothing when stderr is not a terminal. What a stage reported
// last is drawn again when the first second is up, so a build of a second
// and a half shows its stage too.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	shown   bool
	enabled bool
	line    string // the last state, drawn or not
	stop    chan struct{}
	photos  time.Time // when the photos stage began, for the time it has left
}

func newProgress(w any) *progress {
	p := &progress{start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			p.w, p.enabled, p.stop = f, true, make(chan struct{})
			go p.afterASecond()
		}
	}
	return p
}

func (p *progress) afterASecond() {
	select {
	case <-time.After(time.Second - time.Since(p.start)):
		p.mu.Lock()
		if p.line != "" && !p.shown {
			p.shown = true
			fmt.Fprint(p.w, p.line)
		}
		p.mu.Unlock()
	case <-p.stop:
	}
}

func (p *progress) update(stage string, done, total int) {
	if !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	line := fmt.Sprintf("\r%-10s %d/%d ", stage, done, total)
	switch {
	case total == 0:
		line = fmt.Sprintf("\r\033[K%s…", stage)
	case stage == "photos":
		line = "\r\033[K" + p.photoLine(done, total)
	}
	p.line = line
	if time.Since(p.start) < time.Second {
		return
	}
	p.shown = true
	fmt.Fprint(p.w, line)
}

// photoLine is the photos stage's progress with the time it has left, as
// its photos so far took: "照片 120/3,000，约剩 2分10秒". (The caller
// holds p.mu.)
func (p *progress) photoLine(done, total int) string {
	now := time.Now()
	if p.photos.IsZero() {
		p.photos = now
	}
	line := fmt.Sprintf("照片 %s/%s", thousands(done), thousands(total))
	if el := now.Sub(p.photos); done > 0 && el > 2*time.Second {
		left := time.Duration(float64(el) / float64(done) * float64(total-done)).Round(time.Second)
		line += fmt.Sprintf("，约剩 %s", chineseDuration(left))
	}
	return line
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func chineseDuration(d time.Duration) string {
	m, s := int(d.Minutes()), int(d.Seconds())%60
	if m == 0 {
		return fmt.Sprintf("%d秒", s)
	}
	return fmt.Sprintf("%d分%d秒", m, s)
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
	p.line = "" // a timer that fired meanwhile draws nothing
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// searchCache is where gen build and gen publish keep the search index for
// the next build to carry over, so that publishing a new entry copies a
// few files of the index instead of most of it (search.Options). Deleting
// the folder is always safe: the next build writes the index fresh.
func searchCache(site string) string { return filepath.Join(site, ".gen", "cache", "search") }
