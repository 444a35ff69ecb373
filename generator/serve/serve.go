// Package serve is the preview server of gen serve: it serves a site built
// in memory over HTTP on the loopback interface.
//
// It does not import the build package: the command hands it the built files,
// so the server can be tested with any set of files.
package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// Server serves the current build.
type Server struct {
	mu    sync.RWMutex
	files Files
	srv   *http.Server
	ln    net.Listener
}

// Listen opens addr. A port in use is reported in words, with the flag to change it.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("%s is already in use (another gen serve?); choose another port with --port", addr)
		}
		return nil, err
	}
	return ln, nil
}

// New returns a server for files on ln.
func New(ln net.Listener, files Files) *Server {
	s := &Server{files: files, ln: ln}
	s.srv = &http.Server{Handler: Handler(s.current, nil), ReadHeaderTimeout: 10 * time.Second}
	return s
}

func (s *Server) current() Files {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.files
}

// Swap replaces the served files at once: a request sees the old build or
// the new one, never a mix.
func (s *Server) Swap(files Files) {
	s.mu.Lock()
	s.files = files
	s.mu.Unlock()
}

// Serve serves until ctx is done, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return s.srv.Shutdown(shut)
	}
}
