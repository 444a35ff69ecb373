package render

import (
	"crypto/sha256"
	"encoding/hex"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"testing"

	"gen/generator/config"
	"gen/themes"
)

// pinned holds the SHA-256 of each built-in template that fast.go writes in
// Go. fast.go is a hand copy of them, used whenever a site keeps them as they
// are; this test makes an edit to one of them fail here instead of making
// the Go copy silently write pages the template no longer makes.
var pinned = map[string]string{
	"layouts/baseof.html":          "a0e6f002e805f255759a9305f8f703ade59fe485e920318546e3986565048a4a",
	"layouts/entry.html":           "a77d2d42af579d3b95f98a04862377cb17ffb06feaf1f603951e6ba290bca960",
	"layouts/partials/row.html":    "d1e75839cbf6259e00b6a005465c94e5e74ba4484aeaff376c5048248df53129",
	"layouts/partials/groups.html": "9c63cd1141afd891528f38f4ffca637f19ea8fae268906d7c875d5a9680ca8ca",
}

// TestFastTemplatesPinned: the built-in templates that fast.go stands for
// are the ones it was written from.
func TestFastTemplatesPinned(t *testing.T) {
	stood := append(append([]string{}, fastFiles...), rowFile, groupsFile)
	if len(stood) != len(pinned) {
		t.Fatalf("fast.go stands for %v, but %d templates are pinned: pin every one", stood, len(pinned))
	}
	for _, name := range stood {
		want, ok := pinned[name]
		if !ok {
			t.Errorf("%s is written by fast.go but its hash is not pinned here", name)
			continue
		}
		src, err := themes.FS.ReadFile("default/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(src)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("themes/default/%s changed (sha256 %s, pinned %s).\n"+
				"generator/render/fast.go writes this template's output in Go whenever a site keeps it as built in. Update, in order:\n"+
				"  1. the Go writer in generator/render/fast.go (writeEntry/writeArticle for baseof.html and entry.html, writeRow for row.html, groupsHTML for groups.html) so it writes what the template now writes, byte for byte;\n"+
				"  2. the differential test generator/pipeline/fast_test.go (and TestFastMatchesTemplates here): make its fixtures show what the change touches, and run both;\n"+
				"  3. the hash pinned for %s in generator/render/fast_test.go, to %s.",
				name, got, want, name, got)
		}
	}
}

// TestFuncsDocumented: the package comment, which is what a theme author
// reads, names every template function.
func TestFuncsDocumented(t *testing.T) {
	src, err := os.ReadFile("render.go")
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "render.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		t.Fatalf("render.go has no package comment: %v", err)
	}
	doc := f.Doc.Text()
	r := &Renderer{}
	for name := range r.funcs(config.Default()) {
		if !regexp.MustCompile(`(?m)^\t(.*, )?` + name + `\b`).MatchString(doc) {
			t.Errorf("template function %s is not in render's package comment (the list under \"Template functions\")", name)
		}
	}
}
