package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"gen/generator/content"
	"gen/generator/diag"
	"gen/generator/fastio"
	"gen/generator/pipeline"
	"gen/generator/serve"
	"gen/themes"
)

func runServe(e *env, args []string) int {
	fs := newFlags(e, "serve", "", `Builds the site in memory and serves it for preview; nothing is written to public/.
Every save under the site folder rebuilds what changed and reloads the open page.`)
	source := fs.String("source", ".", "the site `folder`")
	port := fs.Int("port", 1313, "the `port` to listen on")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on (anything but 127.0.0.1 makes the archive visible to the network)")
	drafts := fs.Bool("drafts", false, "include entries marked draft = true")
	poll := fs.Bool("poll", false, "watch by polling (for network drives and shares where change events do not arrive)")
	open := fs.Bool("open", false, "open the archive in the default browser")
	if code, done := parse(fs, args); done {
		return code
	}
	src := e.abs(*source)
	if info, err := os.Stat(src); err != nil || !info.IsDir() {
		fmt.Fprintf(e.stderr, "gen serve: %s is not a folder\n", src)
		return 1
	}
	addr := net.JoinHostPort(*bind, strconv.Itoa(*port))
	ln, err := serve.Listen(addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "gen serve: %v\n", err)
		return 1
	}
	if ip := net.ParseIP(*bind); ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(e.stderr, "warning: --bind %s makes the archive, drafts included if --drafts, visible to other machines on the network\n", *bind)
	}
	return serveSite(e, ln, src, pipeline.Options{Site: fastio.DirFS(src), SiteDir: src, Builtin: themes.FS, Drafts: *drafts}, *poll, *open)
}

// serveSite builds, serves and rebuilds on every change until e.ctx is done.
func serveSite(e *env, ln net.Listener, src string, opts pipeline.Options, poll, open bool) int {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50) // see limitServeMemory
	}
	// a saved entry's page first, the compilation volumes holding it just
	// after; photos not yet in the cache shown as their originals while
	// their copies are made in the background
	opts.Later = true
	sess := pipeline.NewSession(opts)
	srv := serve.New(ln, nil)
	url := "http://" + displayAddr(ln.Addr()) + "/"
	photos := &backgroundPhotos{done: make(chan struct{}, 1), tried: map[string]bool{}}
	photos.start(e, sess, rebuild(e, sess, srv, nil))
	watcher, err := serve.Watch(e.ctx, src, serve.WatchOptions{
		Poll:   poll,
		Ignore: ignoredInSite,
		Notice: func(msg string) { fmt.Fprintln(e.stderr, "gen serve:", msg) },
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "gen serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "serving %s on %s (Ctrl-C to stop)\n", e.rel(src), url)
	if open {
		openBrowser(url)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(e.ctx) }()
	changes := watcher.Changes
	for {
		select {
		case batch, ok := <-changes:
			if !ok {
				changes = nil // the watcher stopped with ctx; wait for the server
				continue
			}
			photos.changed(batch)
			photos.start(e, sess, rebuild(e, sess, srv, batch))
		case <-photos.done:
			photos.busy = false
			if e.ctx.Err() == nil {
				photos.start(e, sess, rebuild(e, sess, srv, []string{})) // MakePhotos noted what it made
			}
		case err := <-done:
			if err != nil && e.ctx.Err() == nil {
				fmt.Fprintf(e.stderr, "gen serve: %v\n", err)
				return 1
			}
			fmt.Fprintln(e.stdout, "stopped")
			return 0
		}
	}
}

// backgroundPhotos makes the copies of the photos a build showed as their
// originals, one batch at a time, while gen serve goes on rebuilding; the
// build after a batch shows them (and its reload brings them to the open
// page). Photos that a build lists while a batch runs wait for the build
// after it, which lists them again. A photo is tried once until its file
// changes (changed), so that a cache that cannot be written does not
// make gen serve rebuild for ever.
type backgroundPhotos struct {
	busy  bool
	done  chan struct{}
	tried map[string]bool // content paths
}

func (b *backgroundPhotos) changed(paths []string) {
	for _, p := range paths {
		delete(b.tried, strings.TrimPrefix(p, "content/"))
	}
}

func (b *backgroundPhotos) start(e *env, sess *pipeline.Session, list []string) {
	var pending []string
	for _, p := range list {
		if !b.tried[p] {
			pending = append(pending, p)
		}
	}
	if b.busy || len(pending) == 0 {
		return
	}
	for _, p := range pending {
		b.tried[p] = true
	}
	b.busy = true
	fmt.Fprintf(e.stdout, "%s making the copies of %s in the background\n", time.Now().Format("15:04:05"), plural(len(pending), "photo", "photos"))
	go func() {
		sess.MakePhotos(e.ctx, pending) // what failed is warned of by the next build
		b.done <- struct{}{}
	}()
}

// rebuild runs one build of the session and publishes it, or its errors;
// then what the build left for later (the compilation volumes holding a
// saved entry), published as a build of its own. It returns the photos
// the build showed as their originals, their copies still to make.
func rebuild(e *env, sess *pipeline.Session, srv *serve.Server, changed []string) []string {
	start := time.Now()
	ctx := context.WithoutCancel(e.ctx)
	res, mem, err := sess.Build(ctx, changed)
	if res != nil && len(res.Warnings) > 0 {
		warn(e, res.Warnings)
	}
	if err != nil {
		failed(e, srv, err)
		return nil
	}
	srv.Publish(mem, res.Changed, res.Removed)
	took := time.Since(start)
	what := fmt.Sprintf("%s changed", plural(len(res.Changed)+len(res.Removed), "file", "files"))
	if changed == nil {
		what = fmt.Sprintf("%s, %s", plural(res.Pages, "page", "pages"), plural(res.Files, "file", "files"))
	}
	later, laterMem, err := sess.Finish(ctx)
	if err != nil {
		failed(e, srv, err)
		return nil
	}
	if laterMem != nil {
		srv.Publish(laterMem, later.Changed, later.Removed)
		what += fmt.Sprintf("; then %s in %dms (compilations)", plural(len(later.Changed), "file", "files"), later.Took.Milliseconds())
	}
	limitServeMemory(liveHeap() * 3 / 2)
	fmt.Fprintf(e.stdout, "%s built in %dms: %s\n", time.Now().Format("15:04:05"), took.Milliseconds(), what)
	if file := os.Getenv("GEN_HEAPPROFILE"); file != "" {
		writeHeapProfile(e, file)
	}
	return res.PendingPhotos
}

// failed shows a build's errors on the open pages and in the terminal.
func failed(e *env, srv *serve.Server, err error) {
	list := diag.All(err)
	msgs := make([]string, len(list))
	for i, x := range list {
		msgs[i] = x.Error()
	}
	srv.Fail(list)
	fmt.Fprintf(e.stderr, "%s build failed; still serving the last good build:\n  %s\n", time.Now().Format("15:04:05"), strings.Join(msgs, "\n  "))
}

// limitServeMemory sets the soft memory limit of gen serve after a build.
// gen serve keeps its builds' pages, bodies and search index (at 50,000
// entries some 400 MB live); each save makes a few MB of garbage. The heap
// may grow to half as much again as what is live between collections
// (GOGC=50, set when gen serve starts, unless GOGC is set), and the whole
// program is held to that with a soft limit of 1.5 times the live heap
// (passed in by rebuild), never under 256 MB, changed only when it moves
// by more than an eighth: at 50,000 entries resident memory stays under
// 600 MB (generator/internal/bench/serve.sh).
//
// Tighter settings cost more than they save: a collection marks the whole
// live heap, some 100 ms of CPU at 50,000 entries, three times a saved
// entry's own build, so a limit of 1.4 times the live heap (or one set
// low before the first build, which the runtime did not recover from
// when it was raised) made it collect on every save and doubled the wait
// for the reload. GOMEMLIMIT set by the user is left alone.
func limitServeMemory(limit int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	limit = max(256<<20, limit)
	if cur := debug.SetMemoryLimit(-1); limit > cur-cur/8 && limit < cur+cur/8 {
		return
	}
	debug.SetMemoryLimit(limit)
}

// liveHeap is the heap the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// writeHeapProfile writes what the heap holds after a build, for finding
// where gen serve's memory goes (GEN_HEAPPROFILE=FILE gen serve; then
// go tool pprof -sample_index=inuse_space FILE). Each build overwrites it.
func writeHeapProfile(e *env, file string) {
	runtime.GC()
	f, err := os.Create(file)
	if err == nil {
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "gen serve: heap profile: %v\n", err)
	}
}

// ignoredInSite tells the watcher what is not part of the site: the build
// output, hidden files and folders, and editors' temporary files.
func ignoredInSite(rel string, dir bool) bool {
	if rel == "public" || strings.HasPrefix(rel, "public/") {
		return true
	}
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return !dir && content.Ignored(path.Base(rel))
}

func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && (t.IP.IsUnspecified()) {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(t.Port))
	}
	return a.String()
}

func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	_ = cmd.Start()
}
