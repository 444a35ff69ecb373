package pipeline

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"gen/generator/output"
	"gen/generator/serve"
	"gen/themes"
)

// What the changed paths alone decide.
func TestPlanFor(t *testing.T) {
	tests := []struct {
		paths                     []string
		templates, rescan, intros bool
	}{
		{[]string{"content/a/2021/e1.md"}, false, false, false},
		{[]string{"content/a/2021/e1.md", "content/a/_index.md"}, false, false, true},
		{[]string{"content/b/2021/p/photo.png"}, false, true, false},
		{[]string{"content/a/2023"}, false, true, false},
		{[]string{"layouts/entry.html"}, true, false, false},
		{[]string{"themes/x/static/a.css"}, true, false, false},
		{[]string{"i18n/en.toml", "content/a/2021/e1.md"}, true, false, false},
		{[]string{"static/logo.png"}, false, false, false},
		{[]string{"README.md"}, false, false, false},
	}
	for _, tt := range tests {
		changed := map[string]bool{}
		for _, p := range tt.paths {
			changed[p] = true
		}
		p := planFor(&cache{}, nil, changed)
		if p.templates != tt.templates || p.rescan != tt.rescan || p.intros != tt.intros {
			t.Errorf("planFor(%v): templates %v rescan %v intros %v, want %v %v %v",
				tt.paths, p.templates, p.rescan, p.intros, tt.templates, tt.rescan, tt.intros)
		}
		if p.index != indexNew {
			t.Errorf("planFor(%v) updates an index the previous build does not have", tt.paths)
		}
	}
}

// A served build never changes while the next is made: requests for every
// file of the previous build, made while rebuilds of every plan run (texts
// only, a new model, new templates), get the bytes they got before the
// rebuilds started. Run with -race, this is also the test that nothing a
// request reads is written by a rebuild.
func TestRebuildRacesServedRequests(t *testing.T) {
	fsys := sessionSite()
	s := NewSession(Options{Site: fsys, Builtin: themes.FS})
	ctx := context.Background()
	_, first, err := s.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	first.Range(func(name string, b []byte) { want[name] = bytes.Clone(b) })
	var current atomic.Pointer[output.Mem]
	current.Store(first)
	srv := httptest.NewServer(serve.Handler(func() serve.Files { return current.Load() }, nil))
	defer srv.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var served atomic.Int64
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				for name, b := range want {
					select {
					case <-stop:
						return
					default:
					}
					got, ok := first.Get(name)
					if !ok || !bytes.Equal(got, b) {
						t.Errorf("%s of the served build changed during a rebuild", name)
						return
					}
					get(t, srv.URL, name)
					served.Add(1)
				}
			}
		}()
	}
	steps := []struct {
		change func()
		path   string
	}{
		{func() { edit(fsys, "content/a/2021/e3.md", "正文3，", "改过的正文，") }, "content/a/2021/e3.md"},
		{func() { edit(fsys, "content/a/2021/e3.md", "改过的正文，", "正文3，又改了") }, "content/a/2021/e3.md"},
		{func() { edit(fsys, "content/a/2021/e3.md", "条目3", "改名的条目") }, "content/a/2021/e3.md"},
		{func() {
			fsys["content/a/2022/新条目.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"新条目\"\ndate = 2022-03-01\n+++\n新的。\n")}
		}, "content/a/2022/新条目.md"},
		{func() { fsys["layouts/partials/crumbs.html"] = &fstest.MapFile{Data: []byte("<nav>自定义</nav>")} }, "layouts/partials/crumbs.html"},
		{func() { delete(fsys, "content/a/2021/e1.md") }, "content/a/2021/e1.md"},
	}
	for i := 0; i < 3; i++ {
		for _, st := range steps {
			st.change()
			_, mem, err := s.Build(ctx, []string{st.path})
			if err != nil {
				t.Fatal(err)
			}
			current.Store(mem) // the server moves on; first is still being read directly
		}
	}
	close(stop)
	wg.Wait()
	if served.Load() == 0 {
		t.Fatal("no request was served during the rebuilds")
	}
}

func get(t *testing.T, base, name string) {
	resp, err := http.Get(base + "/" + (&url.URL{Path: name}).EscapedPath())
	if err != nil {
		t.Error(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}
