package config

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"gen/generator/diag"
)

// fuzzDoc is what FuzzYAML and FuzzJSON ask of a reader: no panic; a
// failure is a *diag.Error naming the file at a line of it; a success is a
// map of the value types front matter has, with every key's line inside
// the file.
func fuzzDoc(t *testing.T, src []byte, parse func(string, []byte, int) (*Doc, error)) {
	// the opening line, and one past the end; a lone CR breaks a line as
	// content.Normalize has it
	lines := bytes.Count(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\n")) + bytes.Count(src, []byte("\r")) - bytes.Count(src, []byte("\r\n")) + 2
	d, err := parse("x.md", src, 1)
	if err != nil {
		var de *diag.Error
		if !errors.As(err, &de) || de.Path != "x.md" || de.Line < 1 || de.Line > lines {
			t.Fatalf("error %q (%T) is not a diag.Error at a line of x.md (%d lines)", err, err, lines)
		}
		return
	}
	for k := range d.Map {
		if l := d.Line(k); l < 1 || l > lines {
			t.Errorf("key %q at line %d, outside the file (%d lines)", k, l, lines)
		}
	}
	var check func(v any)
	check = func(v any) {
		switch v := v.(type) {
		case string, int64, float64, bool, nil:
		case []any:
			for _, x := range v {
				check(x)
			}
		case map[string]any:
			for _, x := range v {
				check(x)
			}
		default:
			t.Fatalf("value %#v of type %T", v, v)
		}
	}
	check(d.Map)
}

// The seeds run in every go test; go test -fuzz=FuzzYAML explores further.
func FuzzYAML(f *testing.F) {
	for _, s := range []string{
		"title: 年度总结\ndate: 2022-07-01\ntags: ['党建', CAP]\n",
		"title: \"a\"\nevents:\n  - date: 2022-07-01\n    title: x\n",
		"a: &a [1, 2]\nb: *a\n<<: {c: 3}\n",
		"a: &a [x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c, *c]\n",
		"tags:\n\t- x\n",
		"- a\n- b\n",
		"a: [1,\nb: 2\n",
		"a: !!binary aGVsbG8=\nb: 0x1F\nc: 1e400\nd: .nan\ne: ~\n",
		"? [a, b]\n: c\n",
		"a: *nonesuch\n",
		"a: &x [*x]\n",
		strings.Repeat("[", 200) + strings.Repeat("]", 200),
		"",
		"# only a comment\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { fuzzDoc(t, src, ParseYAML) })
}

// The seeds run in every go test; go test -fuzz=FuzzJSON explores further.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`{"title": "年度总结", "date": "2022-07-01", "tags": ["党建"]}`,
		"{\n\"events\": [\n{\"date\": \"2022-07-01\", \"title\": \"x\"}\n]\n}",
		`{"a": 1, "b": 1.5, "c": 1e400, "d": null, "e": true, "f": 123456789012345678901234567890}`,
		`{"a": {"b": {"c": [[[]]]}}}`,
		`{"a": 1,}`,
		`{"a": 1} {"b": 2}`,
		`[1, 2]`,
		`{"a": "\ud800"}`,
		strings.Repeat(`{"a":`, 100) + "1" + strings.Repeat("}", 100),
		`{`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { fuzzDoc(t, src, ParseJSON) })
}
