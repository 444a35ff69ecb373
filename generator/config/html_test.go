package config

import (
	"strings"
	"testing"
)

// html and unsafe: sanitize by default; unsafe = true is html = "unsafe";
// the two must not disagree.
func TestHTMLSetting(t *testing.T) {
	for _, c := range []struct{ src, html, err string }{
		{"", "sanitize", ""},
		{"html = \"escape\"\n", "escape", ""},
		{"html = \"unsafe\"\n", "unsafe", ""},
		{"unsafe = true\n", "unsafe", ""},
		{"unsafe = false\n", "sanitize", ""},
		{"unsafe = true\nhtml = \"unsafe\"\n", "unsafe", ""},
		{"unsafe = true\nhtml = \"escape\"\n", "", "config.toml:1: unsafe = true disagrees with html = \"escape\""},
		{"html = \"strip\"\n", "", "config.toml:1: html must be \"sanitize\", \"escape\" or \"unsafe\", not \"strip\""},
		{"html = true\n", "", "config.toml:1: html must be a string"},
	} {
		cfg, _, err := Parse("config.toml", []byte(c.src))
		switch {
		case c.err != "":
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("Parse(%q) error %v, want %q", c.src, err, c.err)
			}
		case err != nil || cfg.HTML != c.html || cfg.Unsafe != (c.html == "unsafe"):
			t.Errorf("Parse(%q) = html %q unsafe %t, %v; want %q", c.src, cfg.HTML, cfg.Unsafe, err, c.html)
		}
	}
}
