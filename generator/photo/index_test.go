package photo

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"gen/generator/photo/phototest"
)

// openCounter is fsys counting the files opened (Stat is free).
type openCounter struct {
	fstest.MapFS
	opens atomic.Int64
}

func (c *openCounter) Open(name string) (fs.File, error) {
	c.opens.Add(1)
	return c.MapFS.Open(name)
}

// indexFS is n photos modified at mtime.
func indexFS(n int, mtime time.Time) (*openCounter, []string) {
	fsys, names := photoFS(n)
	for _, f := range fsys {
		f.ModTime = mtime
	}
	return &openCounter{MapFS: fsys}, names
}

// build runs a Processor over names at now and returns it and the results.
func build(t *testing.T, fsys fs.FS, names []string, dir string, now time.Time) (*Processor, []*Result) {
	t.Helper()
	p := New(Options{Display: 400, Thumb: 100, CacheDir: dir})
	p.now = func() time.Time { return now }
	out := make([]*Result, len(names))
	err := p.Batch(ctx, fsys, names, nil, func(i int, r *Result, err error) {
		if err != nil {
			t.Error(err)
		}
		out[i] = r
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, out
}

func TestIndexSkipsReading(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	fsys, names := indexFS(4, now.Add(-time.Hour))
	dir := t.TempDir()
	p, first := build(t, fsys, names, dir, now)
	if s := p.Stats(); s.Reads != 4 || s.Decodes != 4 {
		t.Fatalf("first build: %+v", s)
	}
	fsys.opens.Store(0)
	p, again := build(t, fsys, names, dir, now.Add(time.Minute))
	if s := p.Stats(); s.Reads != 0 || s.Hits != 4 || fsys.opens.Load() != 0 {
		t.Errorf("rebuild: %+v, %d opens; want no original read", s, fsys.opens.Load())
	}
	for i := range first {
		if !bytes.Equal(first[i].Display.Data, again[i].Display.Data) || again[i].Info != first[i].Info {
			t.Errorf("%s: result from the index differs", names[i])
		}
	}

	// An edit changes the mtime: that photo alone is read and remade.
	edited := phototest.Camera(800, 600, 1, 99)
	fsys.MapFS[names[1]] = &fstest.MapFile{Data: edited, ModTime: now}
	p, _ = build(t, fsys, names, dir, now.Add(time.Hour))
	if s := p.Stats(); s.Reads != 1 || s.Decodes != 1 || s.Hits != 3 {
		t.Errorf("after an edit: %+v", s)
	}

	// A deleted photo drops out of the index; a cache entry it lost is
	// remade from a read.
	p, _ = build(t, fsys, names[1:], dir, now.Add(2*time.Hour))
	b, _ := os.ReadFile(filepath.Join(dir, "index"))
	if m, damaged := parseIndex(b); damaged || len(m) != 3 {
		t.Errorf("index after a deletion: %d entries, damaged %v", len(m), damaged)
	}
	os.Remove(p.cachePath(p.key(mustSum(t, dir, names[2]))))
	p, _ = build(t, fsys, names[1:], dir, now.Add(3*time.Hour))
	if s := p.Stats(); s.Reads != 1 || s.Decodes != 1 || s.Misses != 1 {
		t.Errorf("after losing a cache entry: %+v", s)
	}
}

func mustSum(t *testing.T, dir, name string) string {
	t.Helper()
	b, _ := os.ReadFile(filepath.Join(dir, "index"))
	m, _ := parseIndex(b)
	if _, ok := m[name]; !ok {
		t.Fatalf("%s not in the index", name)
	}
	return m[name].Sum
}

// An edit that keeps size and mtime — a file system keeping mtimes to
// the second or two, a second save within the same tick — is still seen
// when the first was hashed within 2 s of its mtime.
func TestIndexRacyMtime(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	mtime := now.Add(-time.Second)
	fsys, names := indexFS(2, mtime)
	dir := t.TempDir()
	build(t, fsys, names, dir, now)
	// Same size (same photo recompressed with another seed has another
	// size, so flip bytes inside the EXIF camera model instead).
	old := fsys.MapFS[names[0]].Data
	changed := bytes.Replace(old, []byte("EOS Test 5D4"), []byte("EOS Test 6D2"), 1)
	if len(changed) != len(old) || bytes.Equal(changed, old) {
		t.Fatal("test edit changed the size or nothing")
	}
	fsys.MapFS[names[0]] = &fstest.MapFile{Data: changed, ModTime: mtime}
	p, _ := build(t, fsys, names, dir, now.Add(time.Minute))
	if s := p.Stats(); s.Reads != 2 || s.Hits != 1 || s.Decodes != 1 {
		t.Errorf("racy entries: %+v, want both read and the edited one remade", s)
	}
	// Read again now, long after the mtime, they are indexed.
	p, _ = build(t, fsys, names, dir, now.Add(2*time.Minute))
	if s := p.Stats(); s.Reads != 0 {
		t.Errorf("settled entries: %+v, want no read", s)
	}
	// An mtime within 2 s of now is never trusted, even if it matches.
	p, _ = build(t, fsys, names, dir, mtime.Add(time.Second))
	if s := p.Stats(); s.Reads != 2 {
		t.Errorf("mtime within 2 s of now: %+v, want both read", s)
	}
	// No mtime at all (embed.FS, MapFS): always read.
	bare, names := photoFS(2)
	build(t, bare, names, dir, now)
	if p, _ := build(t, bare, names, dir, now); p.Stats().Reads != 2 {
		t.Errorf("files without mtime: %+v, want both read", p.Stats())
	}
}

func TestIndexDamaged(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	fsys, names := indexFS(3, now.Add(-time.Hour))
	dir := t.TempDir()
	_, first := build(t, fsys, names, dir, now)
	idx := filepath.Join(dir, "index")
	good, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	flip := bytes.Clone(good)
	flip[len(flip)-20] ^= 0x01
	wrongSum := bytes.Replace(good, []byte(`"h":"`), []byte(`"h":"0`), 1)
	for name, b := range map[string][]byte{
		"one bit":   flip,
		"cut short": good[:len(good)/2],
		"edited":    wrongSum,
		"empty":     nil,
		"garbage":   []byte("gen-photo-index 1\nxyz\n{"),
		"old magic": append([]byte("gen-photo-index 0\n"), good[len(indexMagic):]...),
	} {
		os.WriteFile(idx, b, 0o644)
		p, out := build(t, fsys, names, dir, now.Add(time.Minute))
		if s := p.Stats(); s.IndexDamaged != 1 || s.Reads != 3 || s.Hits != 3 || s.Decodes != 0 {
			t.Errorf("%s index: %+v, want it ignored and every photo read", name, s)
		}
		for i := range out {
			if !bytes.Equal(out[i].Display.Data, first[i].Display.Data) {
				t.Errorf("%s index: %s differs", name, names[i])
			}
		}
		if b, _ := os.ReadFile(idx); !bytes.Equal(b, good) {
			t.Errorf("%s index: not rewritten as it was", name)
		}
	}
	// A missing index is no error either.
	os.Remove(idx)
	if p, _ := build(t, fsys, names, dir, now); p.Stats().IndexDamaged != 0 || p.Stats().Reads != 3 {
		t.Errorf("no index: %+v", p.Stats())
	}
}
