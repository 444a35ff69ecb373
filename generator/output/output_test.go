package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func files(m *Mem) string {
	var out []string
	for _, n := range m.Names() {
		b, _ := m.Get(n)
		out = append(out, n+"="+string(b))
	}
	return strings.Join(out, " ")
}

// An overlay reads through to its base, never changes it, and its Diff
// names exactly the files that differ, however many layers were stacked.
func TestOverAndDiff(t *testing.T) {
	base := NewMem()
	base.WriteFile("a", []byte("1"))
	base.WriteFile("b", []byte("1"))
	base.WriteFile("c", []byte("1"))
	prev := base
	want := map[string]string{"a": "1", "b": "1", "c": "1"}
	for i := 0; i < 300; i++ {
		m := Over(prev)
		v := fmt.Sprint(i)
		m.WriteFile("a", []byte(v)) // changed
		want["a"] = v
		name := fmt.Sprintf("n%d", i%7)
		if _, ok := want[name]; ok && i%2 == 0 {
			m.Delete(name)
			delete(want, name)
		} else {
			m.WriteFile(name, []byte(v))
			want[name] = v
		}
		if i%5 == 0 {
			m.Delete("b")
			delete(want, "b")
		}
		if i%5 == 1 {
			m.WriteFile("b", []byte("back"))
			want["b"] = "back"
		}
		m.WriteFile("c", []byte("1")) // the same bytes: not a change
		var parts []string
		for _, n := range sortedKeys(want) {
			parts = append(parts, n+"="+want[n])
		}
		if got := files(m); got != strings.Join(parts, " ") {
			t.Fatalf("step %d: files %s, want %s", i, got, strings.Join(parts, " "))
		}
		changed, removed := m.Diff(prev)
		fc, fr := flatDiff(m, prev)
		if strings.Join(changed, ",") != strings.Join(fc, ",") || strings.Join(removed, ",") != strings.Join(fr, ",") {
			t.Fatalf("step %d: Diff = %v %v, want %v %v", i, changed, removed, fc, fr)
		}
		prev = m
	}
	if files(base) != "a=1 b=1 c=1" {
		t.Errorf("base changed: %s", files(base))
	}
}

// flatDiff compares file by file, the slow and obvious way.
func flatDiff(cur, prev *Mem) (changed, removed []string) {
	for _, n := range cur.Names() {
		b, _ := cur.Get(n)
		if pb, ok := prev.Get(n); !ok || string(pb) != string(b) {
			changed = append(changed, n)
		}
	}
	for _, n := range prev.Names() {
		if _, ok := cur.Get(n); !ok {
			removed = append(removed, n)
		}
	}
	return changed, removed
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestDirLinksUnchangedFromPrev: a large file copied into a Dir with
// Prev is linked from Prev when Prev's copy has the source's size and
// time, copied otherwise; writing a linked name never changes Prev.
func TestDirLinksUnchangedFromPrev(t *testing.T) {
	src, prev, next := t.TempDir(), t.TempDir(), t.TempDir()
	big := bytes.Repeat([]byte("照片"), linkMin)
	for _, n := range []string{"a.jpg", "b.jpg"} {
		if err := os.WriteFile(filepath.Join(src, n), big, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	first := NewDir(prev)
	first.Prev = filepath.Join(t.TempDir(), "none") // a first build: nothing to link, times set
	for _, n := range []string{"a.jpg", "b.jpg"} {
		if err := first.CopyFile("p/"+n, os.DirFS(src), n); err != nil {
			t.Fatal(err)
		}
	}
	// b.jpg changes after the first build (same size, another time)
	later := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(src, "b.jpg"), later, later)
	d := NewDir(next)
	d.Prev = prev
	for _, n := range []string{"a.jpg", "b.jpg"} {
		if err := d.CopyFile("p/"+n, os.DirFS(src), n); err != nil {
			t.Fatal(err)
		}
	}
	same := func(n string) bool {
		a, _ := os.Stat(filepath.Join(prev, "p", n))
		b, _ := os.Stat(filepath.Join(next, "p", n))
		return os.SameFile(a, b)
	}
	if !same("a.jpg") {
		t.Errorf("the unchanged file was copied, not linked")
	}
	if same("b.jpg") {
		t.Errorf("the changed file was linked")
	}
	if err := d.WriteFile("p/a.jpg", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(prev, "p", "a.jpg")); !bytes.Equal(b, big) {
		t.Errorf("writing the linked name changed the previous build's file")
	}
	if b, _ := os.ReadFile(filepath.Join(next, "p", "a.jpg")); string(b) != "new" {
		t.Errorf("the new file is %q", b)
	}
}
