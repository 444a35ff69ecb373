package fastio

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"
)

func TestWriteThenRead(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 4095, 16 << 10, 16<<10 + 1, 200 << 10} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		p := filepath.Join(dir, "f")
		if err := WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("%d bytes: read back %d bytes, not the same", n, len(got))
		}
		if osGot, _ := os.ReadFile(p); !bytes.Equal(osGot, data) {
			t.Fatalf("%d bytes: os.ReadFile sees %d bytes", n, len(osGot))
		}
	}
	// a shorter write truncates
	p := filepath.Join(dir, "f")
	if err := WriteFile(p, []byte("短"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := ReadFile(p); string(got) != "短" {
		t.Fatalf("after a shorter write: %q", got)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadFile(filepath.Join(dir, "missing"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, want not exist", err)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "missing") {
		t.Fatalf("missing file: %#v, want a PathError naming it", err)
	}
	if err := WriteFile(filepath.Join(dir, "no", "such", "f"), nil, 0o644); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("write into a missing folder: %v", err)
	}
	if _, err := ReadFile(dir); err == nil {
		t.Fatal("reading a folder succeeded")
	}
}

func TestDirFS(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"a.md": "甲", "s/2024/b.md": "乙", "s/c.txt": "丙"}
	for name, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(s), 0o644)
	}
	fsys := DirFS(dir)
	if err := fstest.TestFS(fsys, "a.md", "s/2024/b.md", "s/c.txt"); err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(fsys, "s")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(sub, "2024/b.md"); err != nil || string(b) != "乙" {
		t.Fatalf("through fs.Sub: %q %v", b, err)
	}
	_, err = fs.ReadFile(fsys, "nope.md")
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != "nope.md" || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file through DirFS: %v, want a not-exist error naming nope.md", err)
	}
	for _, bad := range []string{"../a.md", "/etc/passwd", "s/../a.md", ""} {
		if _, err := fs.ReadFile(fsys, bad); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("ReadFile(%q): %v, want invalid", bad, err)
		}
	}
}

func TestReadInto(t *testing.T) {
	dir := t.TempDir()
	small, large := []byte("一个小文件"), bytes.Repeat([]byte("大"), 10<<10)
	os.WriteFile(filepath.Join(dir, "small"), small, 0o644)
	os.WriteFile(filepath.Join(dir, "large"), large, 0o644)
	buf := make([]byte, 0, 4096)
	got, err := ReadFileInto(filepath.Join(dir, "small"), buf, 0)
	if err != nil || !bytes.Equal(got, small) {
		t.Fatalf("small file: %q %v", got, err)
	}
	if runtime.GOOS != "windows" && &got[:1][0] != &buf[:1][0] {
		t.Error("a file that fits was not read into the buffer given")
	}
	if got, err = ReadFileInto(filepath.Join(dir, "large"), buf, 0); err != nil || !bytes.Equal(got, large) {
		t.Fatalf("file larger than the buffer: %d bytes, %v", len(got), err)
	}
	// through fs.Sub, as a build reads content/
	sub, err := fs.Sub(DirFS(dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "content", "s"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "s", "e.md"), small, 0o644)
	content, err := fs.Sub(DirFS(dir), "content")
	if err != nil {
		t.Fatal(err)
	}
	r, ok := content.(ReaderInto)
	if !ok {
		t.Fatalf("fs.Sub of a DirFS (%T) cannot read into memory", content)
	}
	if got, err := r.ReadFileInto("s/e.md", buf, 0); err != nil || !bytes.Equal(got, small) {
		t.Fatalf("through fs.Sub: %q %v", got, err)
	}
	if _, err := r.ReadFileInto("../small", buf, 0); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("a path out of the folder: %v, want invalid", err)
	}
	if err := fstest.TestFS(content, "s/e.md"); err != nil {
		t.Fatal(err)
	}
	if _, ok := sub.(ReaderInto); !ok {
		t.Errorf("fs.Sub(DirFS, \".\") is %T", sub)
	}
}

// TestReadFileIntoLimit reads a sparse file of 1 GB with a limit of 8 MB:
// the read stops past the limit and reports the file's size, without
// reading, or holding, the gigabyte.
func TestReadFileIntoLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.md")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Skipf("no sparse files here: %v", err)
	}
	f.Close()
	_, err = ReadFileInto(p, nil, 8<<20)
	var big *TooLargeError
	if !errors.As(err, &big) || big.Size != 1<<30 || big.Limit != 8<<20 {
		t.Fatalf("ReadFileInto(1 GB, limit 8 MB) = %v", err)
	}
	if b, err := ReadFileInto(p[:len(p)-len("huge.md")]+"none", nil, 8<<20); err == nil || b != nil {
		t.Errorf("a missing file read as %d bytes", len(b))
	}
}
