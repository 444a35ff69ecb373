package pipeline

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		path string
		want change
	}{
		{"content/reports/2022/总结.md", changeEntry},
		{"content/activities/2021/开放日/index.md", changeEntry},
		{"content/a.md", changeEntry},
		{"content/_index.md", changeIntro},
		{"content/reports/_index.md", changeIntro},
		{"content/reports/2022/_index.md", changeIntro}, // ignored by content, but an intro all the same
		{"content/activities/2021/开放日/photo.jpg", changeFile},
		{"content/reports/2022", changeFile}, // a folder came or went
		{"content", changeFile},
		{"content/notes.markdown", changeFile},
		{"layouts/entry.html", changeLayout},
		{"layouts/partials/row.html", changeLayout},
		{"themes/plain/layouts/baseof.html", changeTheme},
		{"themes/plain/static/style.css", changeTheme},
		{"i18n/zh-CN.toml", changeI18n},
		{"static/logo.png", changeStatic},
		{"static", changeStatic},
		{"config.toml", changeConfig},
		{"config.toml/x", changeOther},
		{"config.toml.bak", changeOther},
		{"README.md", changeOther},
		{"public/index.html", changeOther},
		{"contents/a.md", changeOther},
		{"", changeOther},
	}
	for _, tt := range tests {
		if got := classify(tt.path); got != tt.want {
			t.Errorf("classify(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// Only layouts, themes and labels reload the templates.
func TestChangeTemplates(t *testing.T) {
	for c := changeEntry; c <= changeOther; c++ {
		want := c == changeLayout || c == changeTheme || c == changeI18n
		if got := c.templates(); got != want {
			t.Errorf("%v.templates() = %v, want %v", c, got, want)
		}
	}
}
