// Package serve is the preview server of gen serve: it serves a site built
// in memory on the loopback interface, tells open pages to reload when a new
// build is in place (server-sent events from a small script it injects into
// the HTML it returns — never into gen build's output), shows build errors
// over the page, and watches the site folder for changes: watch.go follows
// the folder tree with fsnotify, poll.go is the polling fallback where
// events do not arrive, and batch.go gathers changes into one burst per
// save.
//
// It does not import the pipeline package: the command hands it each build's
// files and errors (diag.Error, the one problem type), so the server can be
// tested with any set of files.
package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path"
	"sync"
	"syscall"
	"time"

	"gen/generator/diag"
)

// Server serves the current build and keeps open pages informed.
type Server struct {
	mu      sync.RWMutex
	files   Files
	build   int      // counts published builds and errors
	errs    []string // the current build errors; nil when the last build succeeded
	clients map[chan []byte]bool
	srv     *http.Server
	ln      net.Listener
	// writeTimeout is how long a write to a live-reload client may wait
	// before the client is dropped.
	writeTimeout time.Duration
}

// Listen opens addr. A port in use is reported in words, with the flag to change it.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) || isAddrInUse(err) {
			return nil, fmt.Errorf("%s is already in use (is another gen serve running?); choose another port with --port", addr)
		}
		return nil, err
	}
	return ln, nil
}

// New returns a server on ln. files may be nil until the first Publish.
func New(ln net.Listener, files Files) *Server {
	s := &Server{files: files, ln: ln, clients: map[chan []byte]bool{}, build: 1, writeTimeout: 10 * time.Second}
	if files == nil {
		s.files = emptyFiles{}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/__gen/events", s.events)
	mux.HandleFunc("/__gen/nearest", s.nearest)
	mux.Handle("/", Handler(s.current, s.inject))
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	return s
}

type emptyFiles struct{}

func (emptyFiles) Get(string) ([]byte, bool) { return nil, false }

func (s *Server) current() Files {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.files
}

// Publish swaps in a new build at once — a request sees the old build or the
// new one, never a mix — then tells open pages. changed and removed are the
// output files that differ from the previous build; nil changed means "all".
func (s *Server) Publish(files Files, changed, removed []string) {
	s.mu.Lock()
	s.files = files
	s.build++
	s.errs = nil
	msg := reloadMessage(s.build, changed, removed)
	s.mu.Unlock()
	s.broadcast(msg)
}

// Fail records build errors; the last good build keeps being served, and open
// pages show the errors over it, each as "path:line: message", until a build
// succeeds.
func (s *Server) Fail(errs []*diag.Error) {
	texts := make([]string, len(errs))
	for i, e := range errs {
		texts[i] = e.Error()
	}
	s.mu.Lock()
	s.build++
	s.errs = texts
	msg := errorMessage(s.build, texts)
	s.mu.Unlock()
	s.broadcast(msg)
}

// Clients is the number of pages listening for reloads.
func (s *Server) Clients() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.clients)
}

// nearest answers the page closest to a path that no longer exists: the
// folder above it that has an index.html, up to the home page.
func (s *Server) nearest(w http.ResponseWriter, r *http.Request) {
	p := Resolve("/" + r.URL.Query().Get("path"))
	files := s.current()
	for p != "" && p != "." {
		dir := path.Dir(path.Dir(p))
		if path.Base(p) != "index.html" {
			dir = path.Dir(p)
		}
		if dir == "." {
			break
		}
		p = dir + "/index.html"
		if _, ok := files.Get(p); ok {
			fmt.Fprint(w, p)
			return
		}
	}
	fmt.Fprint(w, "index.html")
}

// Handler returns the server's HTTP handler (for tests with httptest).
func (s *Server) Handler() http.Handler { return s.srv.Handler }

// Serve serves until ctx is done, then shuts down: open event streams are
// ended so Ctrl-C stops at once.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		s.closeClients()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		err := s.srv.Shutdown(shut)
		if errors.Is(err, context.DeadlineExceeded) {
			return s.srv.Close()
		}
		return err
	}
}
