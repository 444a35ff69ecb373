package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gen/generator/diag"
	"gen/generator/output"
)

func TestResolve(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/", "index.html"},
		{"/reports/", "reports/index.html"},
		{"/reports/index.html", "reports/index.html"},
		{"/tags/党建/", "tags/党建/index.html"},
		{"/a/../b", ""},
		{"/..", ""},
		{"/a/./b", ""},
		{`/a\..\b`, ""},
		{"/C:/Windows/win.ini", ""},
		{"/a\x00b", ""},
		{"relative", ""},
	} {
		if got := Resolve(c.in); got != c.want {
			t.Errorf("Resolve(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func site() *output.Mem {
	m := output.NewMem()
	files := map[string]string{
		"index.html":                "<html><body>首页</body></html>",
		"404.html":                  "<html><body>找不到</body></html>",
		"reports/index.html":        "<html><body>报告</body></html>",
		"reports/2022/a/index.html": "<html><body>条目</body></html>",
		"assets/gen.css":            "body{}",
		"assets/search.js":          "1",
		"assets/logo.svg":           "<svg/>",
		"reports/2022/a/p.png":      "png",
		"reports/2022/a/p.jpg":      "jpg",
		"reports/2022/a/原件.pdf":     "pdf",
		"reports/2022/a/表.xlsx":     "xlsx",
		"reports/2022/a/文.docx":     "docx",
	}
	for k, v := range files {
		m.WriteFile(k, []byte(v))
	}
	return m
}

// Requests that try to leave the site, by any spelling, get the 404 page.
func TestHandlerSafety(t *testing.T) {
	s := New(nil, site())
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close) // after the event streams close: cleanups run last-in first-out
	for _, p := range []string{"/../go.mod", "/%2e%2e/go.mod", "/%2E%2E%2Fgo.mod", "/reports/..%2f..%2fgo.mod",
		"/..%5c..%5cgo.mod", "/reports%5c..%5cindex.html", "//etc/passwd", "/C:%5cWindows", "/%00"} {
		resp, err := rawGet(srv.Listener.Addr().String(), p)
		if err != nil {
			t.Fatal(err)
		}
		switch status := firstLine(resp); {
		case strings.HasPrefix(status, "HTTP/1.1 404"), strings.HasPrefix(status, "HTTP/1.1 400"):
		case strings.HasPrefix(status, "HTTP/1.1 30"):
			// net/http cleans the path and redirects to it: inside the site
			if loc := header(resp, "Location"); !strings.HasPrefix(loc, "/") || strings.Contains(loc, "..") || Resolve(loc) == "" && loc != "/" {
				t.Errorf("GET %s redirects to %q", p, loc)
			}
		default:
			t.Errorf("GET %s: %s", p, status)
		}
		if strings.Contains(resp, "module gen") || strings.Contains(resp, "root:") {
			t.Errorf("GET %s leaked a file outside the site", p)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %d", resp.StatusCode)
	}
}

// rawGet sends the path exactly as given, which net/http's client would clean.
func rawGet(addr, path string) (string, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	b, err := io.ReadAll(c)
	return string(b), err
}

func header(resp, name string) string {
	for _, l := range strings.Split(resp, "\r\n") {
		if v, ok := strings.CutPrefix(l, name+": "); ok {
			return v
		}
	}
	return ""
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\r\n"); return l }

func TestHandlerTypesAndPages(t *testing.T) {
	s := New(nil, site())
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close) // after the event streams close: cleanups run last-in first-out
	for _, c := range []struct {
		path, ctype, body string
		status            int
	}{
		{"/", "text/html; charset=utf-8", "首页", 200},
		{"/reports/", "text/html; charset=utf-8", "报告", 200},
		{"/reports/2022/a/index.html", "text/html; charset=utf-8", "条目", 200},
		{"/assets/gen.css", "text/css; charset=utf-8", "body{}", 200},
		{"/assets/search.js", "text/javascript; charset=utf-8", "1", 200},
		{"/assets/logo.svg", "image/svg+xml", "<svg/>", 200},
		{"/reports/2022/a/p.png", "image/png", "png", 200},
		{"/reports/2022/a/p.jpg", "image/jpeg", "jpg", 200},
		{"/reports/2022/a/%E5%8E%9F%E4%BB%B6.pdf", "application/pdf", "pdf", 200},
		{"/reports/2022/a/表.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", 200},
		{"/reports/2022/a/文.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", 200},
		{"/nope/", "text/html; charset=utf-8", "找不到", 404},
	} {
		resp, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || resp.Header.Get("Content-Type") != c.ctype || !strings.Contains(string(b), c.body) {
			t.Errorf("GET %s = %d %q %q", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
		isHTML := strings.HasPrefix(c.ctype, "text/html")
		if got := strings.Contains(string(b), "EventSource"); got != isHTML {
			t.Errorf("GET %s: live-reload script present = %v", c.path, got)
		}
	}
	resp, _ := http.Head(srv.URL + "/")
	if resp.StatusCode != 200 || resp.ContentLength > 0 && resp.ContentLength < 10 {
		t.Errorf("HEAD / = %d", resp.StatusCode)
	}
	resp, _ = http.Get(srv.URL + "/__gen/nearest?path=reports/2022/gone/index.html")
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "reports/index.html" {
		t.Errorf("nearest = %q", b)
	}
}

// events reads server-sent events into a channel.
func events(t *testing.T, url string) <-chan message {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/__gen/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan message, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var m message
				if json.Unmarshal([]byte(data), &m) == nil {
					ch <- m
				}
			}
		}
		close(ch)
	}()
	return ch
}

func next(t *testing.T, ch <-chan message) message {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return message{}
}

func TestEvents(t *testing.T) {
	s := New(nil, site())
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close) // after the event streams close: cleanups run last-in first-out
	ch := events(t, srv.URL)
	if m := next(t, ch); m.Type != "hello" || m.Build != 1 {
		t.Fatalf("first event = %+v", m)
	}
	s.Fail([]*diag.Error{diag.Errorf("content/a.md", 3, "date: bad")})
	if m := next(t, ch); m.Type != "error" || m.Errors[0] != "content/a.md:3: date: bad" {
		t.Fatalf("error event = %+v", m)
	}
	// a page opened now learns of the error at once
	late := events(t, srv.URL)
	if m := next(t, late); m.Type != "hello" || len(m.Errors) != 1 {
		t.Fatalf("hello during an error = %+v", m)
	}
	s.Publish(site(), []string{"index.html"}, []string{"reports/2022/a/index.html"})
	m := next(t, ch)
	if m.Type != "reload" || m.Changed[0] != "index.html" || m.Removed[0] != "reports/2022/a/index.html" || m.All {
		t.Fatalf("reload event = %+v", m)
	}
	s.Publish(site(), nil, nil)
	if m := next(t, ch); !m.All {
		t.Fatalf("reload with unknown changes = %+v", m)
	}
}

// TestEventsDropStuckClient opens the event stream on a connection that
// never reads, then sends more than the kernel's buffers hold: the server
// gives up on the write after its timeout and drops the client, instead
// of keeping it (and its buffers) for ever.
func TestEventsDropStuckClient(t *testing.T) {
	s := New(nil, site())
	s.writeTimeout = 200 * time.Millisecond
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(conn, "GET /__gen/events HTTP/1.1\r\nHost: x\r\n\r\n")
	clients := func() int {
		s.mu.RLock()
		defer s.mu.RUnlock()
		return len(s.clients)
	}
	for deadline := time.Now().Add(5 * time.Second); clients() == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the stream never opened")
		}
		time.Sleep(10 * time.Millisecond)
	}
	big := encode(message{Type: "error", Errors: []string{strings.Repeat("很长的错误信息", 20000)}})
	for deadline := time.Now().Add(20 * time.Second); clients() > 0; {
		if time.Now().After(deadline) {
			t.Fatal("a client that never reads is still held after 20 s")
		}
		s.broadcast(big)
		time.Sleep(20 * time.Millisecond)
	}
}
