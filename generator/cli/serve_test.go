package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gen/generator/photo/phototest"
	"gen/generator/pipeline"
	"gen/generator/serve"
	"gen/themes"
)

// lockedBuffer is an io.Writer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// preview is a running gen serve on a free port.
type preview struct {
	t      testing.TB
	dir    string
	url    string
	stdout *lockedBuffer
	stderr *lockedBuffer
	done   chan int
	cancel context.CancelFunc
}

func startServe(t testing.TB, dir string, poll bool) *preview {
	t.Helper()
	ln, err := serve.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &preview{t: t, dir: dir, url: "http://" + ln.Addr().String(), stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan int, 1), cancel: cancel}
	e := &env{ctx: ctx, stdout: p.stdout, stderr: p.stderr, dir: dir}
	go func() {
		p.done <- serveSite(e, ln, dir, pipeline.Options{Site: os.DirFS(dir), SiteDir: dir, Builtin: themes.FS}, poll, false)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			t.Error("gen serve did not stop within 5s of Ctrl-C")
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if code, _ := p.get("/"); code == 200 {
			return p
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("gen serve did not come up: %s %s", p.stdout, p.stderr)
	return nil
}

func (p *preview) get(path string) (int, string) {
	resp, err := http.Get(p.url + path)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

type event struct {
	Type    string   `json:"type"`
	Build   int      `json:"build"`
	Changed []string `json:"changed"`
	All     bool     `json:"all"`
	Removed []string `json:"removed"`
	Errors  []string `json:"errors"`
}

// listen opens the event stream a served page listens to.
func (p *preview) listen() <-chan event {
	p.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.url+"/__gen/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	ch := make(chan event, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var ev event
				if json.Unmarshal([]byte(data), &ev) == nil {
					ch <- ev
				}
			}
		}
	}()
	if ev := p.wait(ch, "hello"); ev.Type != "hello" {
		p.t.Fatalf("first event %+v", ev)
	}
	return ch
}

func (p *preview) wait(ch <-chan event, typ string) event {
	p.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev := <-ch:
			if ev.Type == typ {
				return ev
			}
		case <-deadline:
			p.t.Fatalf("no %q event within 10s; output:\n%s\n%s", typ, p.stdout, p.stderr)
		}
	}
}

// waitPage waits for the reload that names page (or all pages), passing
// over reloads of other pages: gen serve sends the compilation volumes
// holding a saved entry in a reload of their own, just after the entry's.
func (p *preview) waitPage(ch <-chan event, page string) event {
	p.t.Helper()
	for {
		ev := p.wait(ch, "reload")
		if ev.All || contains(ev.Changed, page) {
			return ev
		}
	}
}

func (p *preview) write(rel, text string) {
	p.t.Helper()
	writeFile(p.t, p.dir, rel, []byte(text))
}

const entryA = "content/reports/2022/甲.md"

func TestServeLiveReload(t *testing.T) {
	p := startServe(t, writeSite(t), false)
	events := p.listen()
	page := "/reports/2022/%E7%94%B2/"

	// an edit: a reload naming the page, then the new text is served
	src, _ := os.ReadFile(filepath.Join(p.dir, entryA))
	p.write(entryA, strings.Replace(string(src), "甲报告的正文。", "改写后的正文。", 1))
	ev := p.wait(events, "reload")
	if !contains(ev.Changed, "reports/2022/甲/index.html") {
		t.Errorf("reload %+v does not name the edited page", ev)
	}
	// then the year's compilation, which holds its text, in a reload of its own
	if ev := p.wait(events, "reload"); len(ev.Changed) == 0 || !strings.Contains(strings.Join(ev.Changed, " "), "汇编") || contains(ev.Changed, "reports/2022/甲/index.html") {
		t.Errorf("second reload %+v: want the compilation volumes only", ev)
	}
	if _, body := p.get("/years/2022/%E6%B1%87%E7%BC%96/"); !strings.Contains(body, "改写后的正文。") {
		t.Errorf("the year's compilation does not show the edit")
	}
	if _, body := p.get(page); !strings.Contains(body, "改写后的正文。") || !strings.Contains(body, "EventSource") {
		t.Errorf("edited page not served (or without the reload script)")
	}

	// a save by rename-over
	tmp := filepath.Join(p.dir, "content/reports/2022/.甲.md.swx")
	os.WriteFile(tmp, []byte(strings.Replace(string(src), "甲报告的正文。", "换名保存的正文。", 1)), 0o644)
	os.Rename(tmp, filepath.Join(p.dir, entryA))
	p.waitPage(events, "reports/2022/甲/index.html")
	if _, body := p.get(page); !strings.Contains(body, "换名保存的正文。") {
		t.Errorf("rename-over save not served")
	}

	// a new folder with a new entry
	p.write("content/reports/2023/丙.md", "+++\ntitle = \"丙报告\"\ndate = 2023-05-01\n+++\n新的一年。\n")
	p.waitPage(events, "reports/2023/丙/index.html")
	if code, body := p.get("/reports/2023/%E4%B8%99/"); code != 200 || !strings.Contains(body, "新的一年。") {
		t.Errorf("new entry: %d", code)
	}
	if _, body := p.get("/reports/"); !strings.Contains(body, "丙报告") {
		t.Errorf("section does not list the new entry")
	}

	// a deleted entry: its page is gone, its section no longer lists it
	os.Remove(filepath.Join(p.dir, "content/reports/2022/乙.md"))
	for ev = p.wait(events, "reload"); len(ev.Removed) == 0 && !ev.All; ev = p.wait(events, "reload") {
	}
	if !contains(ev.Removed, "reports/2022/乙/index.html") {
		t.Errorf("reload %+v does not name the removed page", ev)
	}
	if code, _ := p.get("/reports/2022/%E4%B9%99/"); code != 404 {
		t.Errorf("deleted entry's page: %d", code)
	}
	if _, body := p.get("/reports/"); strings.Contains(body, "乙报告") {
		t.Errorf("section still lists the deleted entry")
	}
	if _, near := p.get("/__gen/nearest?path=reports/2022/乙/index.html"); near != "reports/2022/index.html" {
		t.Errorf("nearest page = %q", near)
	}
}

// A photo dropped into an entry's folder while gen serve runs is shown
// at once as its original and, once its copies are made in the
// background, in a second reload as its display copy.
func TestServePhotoDropped(t *testing.T) {
	p := startServe(t, writeSite(t), false)
	events := p.listen()
	const page = "activities/2024/植树/index.html"
	writeFile(t, p.dir, "content/activities/2024/植树/现场.jpg", phototest.Camera(2400, 1800, 6, 3))
	p.write("content/activities/2024/植树/index.md", "+++\ntitle = \"植树\"\ndate = 2024-03-12\n+++\n\n![植树现场](现场.jpg)\n")
	for {
		p.waitPage(events, page)
		_, body := p.get("/activities/2024/%E6%A4%8D%E6%A0%91/")
		if strings.Contains(body, `src="%E7%8E%B0%E5%9C%BA-1600.jpg" alt="植树现场" width="1200" height="1600"`) {
			break
		}
		if !strings.Contains(body, `src="%E7%8E%B0%E5%9C%BA.jpg" alt="植树现场" width="1200" height="1600"`) {
			t.Fatalf("the photo is neither its original at the copy's size nor the copy:\n%s", body)
		}
	}
	if code, _ := p.get("/activities/2024/%E6%A4%8D%E6%A0%91/%E7%8E%B0%E5%9C%BA-480.jpg"); code != 200 {
		t.Errorf("thumbnail: %d", code)
	}
	if out := p.stdout.String(); !strings.Contains(out, "making the copies of 1 photo in the background") {
		t.Errorf("the terminal does not say so:\n%s", out)
	}
}

func TestServeBuildErrors(t *testing.T) {
	p := startServe(t, writeSite(t), false)
	events := p.listen()
	src, _ := os.ReadFile(filepath.Join(p.dir, entryA))
	p.write(entryA, strings.Replace(string(src), "date = 2022-03-01", "date = 2022-13-45", 1))
	ev := p.wait(events, "error")
	if len(ev.Errors) != 1 || !strings.HasPrefix(ev.Errors[0], "content/reports/2022/甲.md:3: invalid TOML: invalid datetime") {
		t.Errorf("error event = %+v", ev)
	}
	if !strings.Contains(p.stderr.String(), "content/reports/2022/甲.md:3: invalid TOML") {
		t.Errorf("terminal lacks the error: %s", p.stderr)
	}
	// the last good build is still served; a page opened now learns of the error
	if code, body := p.get("/reports/2022/%E7%94%B2/"); code != 200 || !strings.Contains(body, "甲报告的正文。") {
		t.Errorf("last good page not served: %d", code)
	}
	resp, _ := http.Get(p.url + "/__gen/events")
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	resp.Body.Close()
	if !strings.Contains(line, `"errors":["content/reports/2022/甲.md:3: invalid TOML`) {
		t.Errorf("hello during an error = %s", line)
	}
	// the fix clears it: a reload
	p.write(entryA, string(src))
	p.wait(events, "reload")
}

func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	code, _, stderr := gen(t, writeSite(t), "serve", "--port", strconv.Itoa(port))
	if code != 1 || !strings.Contains(stderr, strconv.Itoa(port)+" is already in use") || !strings.Contains(stderr, "--port") {
		t.Errorf("busy port: %d %q", code, stderr)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
