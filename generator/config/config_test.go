package config

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"gen/generator/diag"
)

func TestDefaults(t *testing.T) {
	c, warns, err := Load(fstest.MapFS{}, "config.toml")
	if err != nil || len(warns) > 0 {
		t.Fatalf("Load(no file) = %v, %v", warns, err)
	}
	if c.Lang() != "zh" || c.Theme != "default" || c.Location.String() != "Asia/Shanghai" || c.Unsafe {
		t.Errorf("defaults = %+v", c)
	}
	if len(c.Taxonomies) != 2 || c.Taxonomies[0].Key != "tags" || c.Taxonomies[1].Key != "units" {
		t.Errorf("taxonomies = %+v", c.Taxonomies)
	}
}

func TestParse(t *testing.T) {
	src := `title = "档案"
languageCode = "en"
timeZone = "Europe/Berlin"
unsafe = true
maxListed = 300
[params]
footer = "x"
[taxonomies]
series = "系列"
tags = "关键词"
[check]
placeholders = ['待填']
maxAttachmentMB = 5
[check.rules]
placeholder = "warning"
`
	c, warns, err := Parse("config.toml", []byte(src))
	if err != nil || len(warns) > 0 {
		t.Fatalf("Parse = %v, %v", warns, err)
	}
	if c.Title != "档案" || c.Lang() != "en" || c.Location.String() != "Europe/Berlin" || !c.Unsafe || c.MaxListed != 300 || c.Params["footer"] != "x" {
		t.Errorf("config = %+v", c)
	}
	if len(c.Taxonomies) != 3 || c.Taxonomies[0].Label != "关键词" || c.Taxonomies[2] != (Taxonomy{Key: "series", Label: "系列"}) {
		t.Errorf("taxonomies = %+v", c.Taxonomies)
	}
	if len(c.Check.Placeholders) != 1 || !c.Check.Placeholders[0].MatchString("请待填") || c.Check.MaxAttachmentMB != 5 || c.Check.Rules["placeholder"] != "warning" || c.Check.RuleLines["placeholder"] != 15 {
		t.Errorf("check = %+v", c.Check)
	}
}

// Errors and warnings name the file and the line of the key.
func TestErrorsHaveLines(t *testing.T) {
	for _, c := range []struct {
		src, want string
		warning   bool
	}{
		{"title = \"a\"\ntitel = \"b\"\n", `config.toml:2: unknown key "titel" (ignored)`, true},
		{"\n\ntitle = 3\n", "config.toml:3: title must be a string, not the number 3", false},
		{"unsafe = \"yes\"\n", "config.toml:1: unsafe must be true or false", false},
		{"title = \"a\"\ntimeZone = \"Mars/Base\"\n", `config.toml:2: unknown timeZone "Mars/Base"`, false},
		{"title = \"a\n", "config.toml:1: invalid TOML", false},
		{"[check]\nplaceholders = ['(']\n", "config.toml:2: check.placeholders: bad regular expression", false},
		{"[check.rules]\nplaceholder = \"loud\"\n", "config.toml:2: check.rules.placeholder must be", false},
		{"[taxonomies]\nseries = 1\n", "config.toml:2: taxonomies.series must be a string", false},
		{"[taxonomies]\ndate = \"x\"\n", "config.toml:2: taxonomy \"date\" would collide", false},
		{"theme = \"../x\"\n", "config.toml:1: theme \"../x\" is not a folder name", false},
		{"title = \"a\"\nmaxListed = 0\n", "config.toml:2: maxListed must be at least 1, not 0", false},
		{"maxListed = \"500\"\n", "config.toml:1: maxListed must be a whole number", false},
	} {
		_, warns, err := Parse("config.toml", []byte(c.src))
		got := ""
		if c.warning {
			if len(warns) > 0 {
				got = warns[0].Error()
			}
		} else if err != nil {
			got = err.Error()
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Errorf("Parse(%q): error %T is not a diag.Error", c.src, err)
			}
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("Parse(%q) = %q, want prefix %q", c.src, got, c.want)
		}
	}
}

func TestKeyLine(t *testing.T) {
	src := "a = 1\n[t]\nb = 2\n\"c\" = 3\n[[arr]]\nd = 1\n[[arr]]\nd = 2\nx.y = 1\n"
	for _, c := range []struct {
		path []string
		want int
	}{
		{[]string{"a"}, 1}, {[]string{"t"}, 2}, {[]string{"t", "b"}, 3}, {[]string{"t", "c"}, 4},
		{[]string{"arr", "d"}, 6}, {[]string{"arr", "x", "y"}, 9}, {[]string{"nope"}, 0},
	} {
		if got := keyLine(src, c.path); got != c.want {
			t.Errorf("keyLine(%v) = %d, want %d", c.path, got, c.want)
		}
	}
	if got := headerLine(src, "arr", 1); got != 7 {
		t.Errorf("headerLine(arr, 1) = %d, want 7", got)
	}
}

func TestDefaultPatterns(t *testing.T) {
	c := Default()
	match := func(res []string, s string) bool {
		for _, re := range c.Check.Placeholders {
			if re.MatchString(s) {
				return true
			}
		}
		return false
	}
	for s, want := range map[string]bool{
		"区xx局": true, "XX同志": true, "共有x名预备党员": true, "筹集资金xx万元": true, "××单位": true,
		"xxx": true, "box 与 fox": false, "Linux 系统": false, "x轴": false, "Max": false,
	} {
		if got := match(nil, s); got != want {
			t.Errorf("placeholder(%q) = %v, want %v", s, got, want)
		}
	}
	wm := c.Check.Watermarks[0]
	for s, want := range map[string]bool{
		"强化全系统党员的责任担当。（某某网，www.example.net）": true,
		"（www.example.com）":     true,
		"见（附件一）。":               false,
		"访问 www.example.com 查询": false,
	} {
		if got := wm.MatchString(s); got != want {
			t.Errorf("watermark(%q) = %v, want %v", s, got, want)
		}
	}
}
