package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestProgressOnTerminal feeds a progress display what a long build tells
// it: the entry count while entries render, then each stage by name, then
// the end, which clears the line for the summary.
func TestProgressOnTerminal(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, enabled: true, start: time.Now().Add(-2 * time.Second)}
	p.update("entries", 0, 0)
	p.update("entries", 256, 1000)
	p.update("entries", 512, 1000)
	p.update("search", 0, 0)
	p.update("lists", 0, 0)
	p.done()
	want := "\r\033[Kentries…" + "\rentries    256/1000 " + "\rentries    512/1000 " +
		"\r\033[Ksearch…" + "\r\033[Klists…" + "\r\033[K"
	if got := out.String(); got != want {
		t.Errorf("terminal got %q, want %q", got, want)
	}
}

// TestProgressAfterASecond: a stage that began before the first second was
// up is drawn when it is, without waiting for the stage to report again.
func TestProgressAfterASecond(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, enabled: true, start: time.Now().Add(-800 * time.Millisecond), stop: make(chan struct{})}
	go p.afterASecond()
	p.update("search", 0, 0)
	p.mu.Lock()
	early := out.String()
	p.mu.Unlock()
	time.Sleep(400 * time.Millisecond)
	p.done()
	if early != "" {
		t.Errorf("drawn before the first second: %q", early)
	}
	if got, want := out.String(), "\r\033[Ksearch…\r\033[K"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestProgressQuiet: nothing in the first second (a small site builds
// faster than a line could be read), and nothing at all when stderr is not
// a terminal — a build run from a script or CI logs only its summary.
func TestProgressQuiet(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, enabled: true, start: time.Now()}
	p.update("entries", 256, 1000)
	p.done()
	if out.Len() != 0 {
		t.Errorf("within the first second: %q", out.String())
	}
	if p := newProgress(&out); p.enabled {
		t.Errorf("a bytes.Buffer counts as a terminal")
	}

	dir := writeSite(t)
	code, stdout, stderr := gen(t, dir, "build")
	if code != 0 {
		t.Fatalf("gen build: %d %s", code, stderr)
	}
	if strings.ContainsAny(stderr, "\r\033") {
		t.Errorf("progress written to a stderr that is not a terminal: %q", stderr)
	}
	pages, files := 0, 0
	for name := range snapshot(t, filepath.Join(dir, "public")) {
		if strings.HasSuffix(name, ".html") {
			pages++
		} else {
			files++
		}
	}
	summary := regexp.MustCompile(fmt.Sprintf(`^built %d pages and %d files into public in \d+\.\d\ds\n$`, pages, files))
	if !summary.MatchString(stdout) {
		t.Errorf("summary line: %q, want %s", stdout, summary)
	}
}

// TestMemoryLimit: the limit gen build sets grows in proportion to a large
// archive, so it is not starved, and leaves small builds alone.
func TestMemoryLimit(t *testing.T) {
	const mb = 1 << 20
	large := memoryLimit(50000, 72_500_000)
	if large < 190*mb || large > 230*mb {
		t.Errorf("50,000 entries, 72.5 MB: limit %d MB, want 190–230 (under 256 MB with the program)", large/mb)
	}
	if small := memoryLimit(10000, 14_500_000); small != 192*mb {
		t.Errorf("10,000 entries: limit %d MB, want the floor, 192", small/mb)
	}
	huge := memoryLimit(500000, 725_000_000)
	if got, want := huge-large, 9*(large-64*mb); got < want*95/100 || got > want*105/100 {
		t.Errorf("not linear: %d MB more for 10× the archive, want about %d", got/mb, want/mb)
	}
	if with := memoryLimit(50000, 100_000_000); with <= large {
		t.Errorf("larger files, same limit: %d", with/mb)
	}
}

func TestPhotoProgressLine(t *testing.T) {
	p := &progress{}
	if got := p.photoLine(0, 3000); got != "照片 0/3,000" {
		t.Errorf("at the start: %q", got)
	}
	p.photos = time.Now().Add(-10 * time.Second) // 120 photos in 10 s: 2,880 more take 240 s
	if got := p.photoLine(120, 3000); got != "照片 120/3,000，约剩 4分0秒" {
		t.Errorf("after 10 s: %q", got)
	}
	if thousands(1234567) != "1,234,567" || thousands(999) != "999" {
		t.Errorf("thousands: %s %s", thousands(1234567), thousands(999))
	}
}
