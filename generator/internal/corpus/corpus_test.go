package corpus

import (
	"bytes"
	"maps"
	"regexp"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a, b := Files(300, 5), Files(300, 5)
	if !maps.EqualFunc(a, b, bytes.Equal) {
		t.Error("the same seed gave different files")
	}
	if maps.EqualFunc(a, Files(300, 6), bytes.Equal) {
		t.Error("another seed gave the same files")
	}
}

func TestShape(t *testing.T) {
	files := Files(1000, 1)
	for _, name := range []string{"config.toml", "content/reports/_index.md", "content/activities/_index.md", "content/notices/_index.md"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	path := regexp.MustCompile(`^content/(reports|activities|notices)/(199[89]|20[012][0-9])/[ran]\d{6}\.md$`)
	sections := map[string]int{}
	var size int
	for name, b := range files {
		size += len(b)
		if name == "config.toml" || strings.HasSuffix(name, "_index.md") {
			continue
		}
		m := path.FindStringSubmatch(name)
		if m == nil {
			t.Errorf("unexpected path %s", name)
			continue
		}
		sections[m[1]]++
		if !bytes.HasPrefix(b, []byte("+++\ntitle = \"")) || !bytes.Contains(b, []byte("\ndate = ")) {
			t.Errorf("%s: no front matter:\n%s", name, b)
		}
	}
	if sections["reports"] != 125 || sections["notices"] != 100 || sections["activities"] != 775 {
		t.Errorf("entries per section = %v", sections)
	}
	if size < 1_000_000 || size > 2_500_000 {
		t.Errorf("1,000 entries take %d bytes, want about 1.4 MB", size)
	}
}

func TestEntries(t *testing.T) {
	var reports, latin, fullWidth int
	for _, e := range Entries(2000, 3) {
		if e.Title == "" || e.Body == "" || e.Unit == "" || len(e.Tags) == 0 {
			t.Fatalf("incomplete entry %+v", e)
		}
		if e.Section == "reports" {
			reports++
			if !strings.Contains(e.Body, "\n## ") || e.Year > e.Date.Year() || e.Date.Year() > e.Year+1 {
				t.Errorf("%s: a report needs headings and a date in or just after its year", e.Path)
			}
		}
		if strings.Contains(e.Body, "Excel") || strings.Contains(e.Body, "Wi-Fi") {
			latin++
		}
		if strings.Contains(e.Body, "ＯＡ") {
			fullWidth++
		}
	}
	if reports == 0 || latin == 0 || fullWidth == 0 {
		t.Errorf("reports %d, with Latin words %d, with full-width letters %d: want some of each", reports, latin, fullWidth)
	}
}
