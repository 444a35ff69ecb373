package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

func TestErrorPrints(t *testing.T) {
	cases := []struct {
		e    Error
		want string
	}{
		{Error{Msg: "no content/ folder"}, "no content/ folder"},
		{Error{Line: 3, Msg: "no path, so no line"}, "no path, so no line"},
		{Error{Path: "content/a.md", Msg: "file is empty"}, "content/a.md: file is empty"},
		{Error{Path: "content/a.md", Line: 3, Msg: "date: bad"}, "content/a.md:3: date: bad"},
		{Error{Path: "content/a.md", Line: 3, Col: 7, Msg: "invalid TOML"}, "content/a.md:3:7: invalid TOML"},
		{Error{Path: "content/a.md", Col: 7, Msg: "a column without a line"}, "content/a.md: a column without a line"},
		{Error{Path: "a.docx", Line: 12, Unit: "paragraph", Msg: "text in a text box was not imported"}, "a.docx: paragraph 12: text in a text box was not imported"},
		{Error{Path: "a.docx", Unit: "paragraph", Msg: "no text besides the title"}, "a.docx: no text besides the title"},
		{Error{Path: "a.docx", Line: 12, Unit: "paragraph", Msg: "text in a text box was not imported", Times: 70}, "a.docx: paragraph 12: text in a text box was not imported (70 times)"},
		{Error{Path: "content/a.md", Line: 3, Msg: "once", Times: 1}, "content/a.md:3: once"},
		{Error{Path: "content/a.md", Line: 3, Rule: "placeholder", Severity: SeverityWarning, Page: "a/index.html", Msg: "rule, severity and page are not printed"}, "content/a.md:3: rule, severity and page are not printed"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("%+v.Error() = %q, want %q", c.e, got, c.want)
		}
	}
}

func TestErrorfWrapsWhatPercentWNames(t *testing.T) {
	e := Errorf("content/a.md", 2, "reading: %w", fs.ErrNotExist)
	if e.Error() != "content/a.md:2: reading: file does not exist" || !errors.Is(e, fs.ErrNotExist) {
		t.Errorf("Errorf with %%w = %q, cause %v", e, e.Err)
	}
	if e := Errorf("a.md", 0, "reading: %v", fs.ErrNotExist); e.Err != nil {
		t.Errorf("Errorf with %%v has the cause %v; only %%w wraps", e.Err)
	}
	two := errors.New("two")
	if e := Errorf("a.md", 0, "%w and %w", fs.ErrNotExist, two); !errors.Is(e, fs.ErrNotExist) || !errors.Is(e, two) || e.Msg != "file does not exist and two" {
		t.Errorf("Errorf with two %%w = %q, cause %v", e, e.Err)
	}
}

func TestFromCopies(t *testing.T) {
	orig := Errorf("content/a.md", 3, "date: bad")
	w := Warning(List{orig})
	if w == orig || w.Path != "content/a.md" || w.Line != 3 || !w.IsWarning() || orig.IsWarning() {
		t.Errorf("Warning(wrapped *Error) = %+v; the original is now %+v", w, orig)
	}
	if f := From(fmt.Errorf("writing a/index.html: %w", orig)); f.Path != "" || f.Error() != "writing a/index.html: content/a.md:3: date: bad" || !errors.Is(f, orig) {
		t.Errorf("From(an *Error wrapped with words) = %+v, prints %q", f, f)
	}
	plain := errors.New("the previous build could not be removed")
	if f := From(plain); f.Path != "" || f.Msg != plain.Error() || !errors.Is(f, plain) || f.IsWarning() {
		t.Errorf("From(plain error) = %+v", f)
	}
}

// at makes problems for the tables below: "path:line:col rule msg".
func at(s string) *Error {
	f := strings.SplitN(s, " ", 3)
	e := &Error{Rule: f[1], Msg: f[2]}
	n, _ := fmt.Sscanf(f[0], "%d:%d", &e.Line, &e.Col)
	if n == 0 {
		parts := strings.SplitN(f[0], ":", 3)
		e.Path = parts[0]
		if len(parts) > 1 {
			fmt.Sscan(parts[1], &e.Line)
		}
		if len(parts) > 2 {
			fmt.Sscan(parts[2], &e.Col)
		}
	}
	return e
}

func texts(ds []*Error) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.Error() + " [" + d.Rule + "]"
	}
	return strings.Join(s, "\n")
}

func TestSort(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"b.md:1 r m", "a.md:9 r m"}, "a.md:9: m [r]\nb.md:1: m [r]"},
		{[]string{"a.md:10 r m", "a.md:9 r m", "a.md r whole"}, "a.md: whole [r]\na.md:9: m [r]\na.md:10: m [r]"},
		{[]string{"a.md:3:9 r m", "a.md:3:2 r m", "a.md:3 r m"}, "a.md:3: m [r]\na.md:3:2: m [r]\na.md:3:9: m [r]"},
		{[]string{"a.md:3 watermark m", "a.md:3 placeholder z", "a.md:3 placeholder a"}, "a.md:3: a [placeholder]\na.md:3: z [placeholder]\na.md:3: m [watermark]"},
		{[]string{"a.md:1 r m", ": r no file"}, "no file [r]\na.md:1: m [r]"},
	}
	for _, c := range cases {
		ds := make([]*Error, len(c.in))
		for i, s := range c.in {
			ds[i] = at(s)
		}
		Sort(ds)
		if got := texts(ds); got != c.want {
			t.Errorf("Sort(%q) =\n%s\nwant\n%s", c.in, got, c.want)
		}
	}
}

func TestGroup(t *testing.T) {
	box := func(para int) *Error {
		return &Error{Path: "a.docx", Line: para, Unit: "paragraph", Severity: SeverityWarning, Msg: "text in a text box was not imported"}
	}
	var boxes []*Error
	for p := 1; p <= 70; p++ {
		boxes = append(boxes, box(p))
	}
	warn := func(e *Error) *Error { e.Severity = SeverityWarning; return e }
	cases := []struct {
		name string
		in   []*Error
		want string
	}{
		{"nothing", nil, ""},
		{"one stays one", []*Error{at("a.md:3 r m")}, "a.md:3: m [r]"},
		{"70 text boxes", boxes, "a.docx: paragraph 1: text in a text box was not imported (70 times) []"},
		{"two at one place are two", []*Error{at("a.md:3 r m"), at("a.md:3 r m")}, "a.md:3: m (2 times) [r]"},
		{"the first place is shown", []*Error{at("a.md:5 r m"), at("a.md:3 r m"), at("a.md:5 r m")}, "a.md:5: m (3 times) [r]"},
		{"other files apart", []*Error{at("a.md:3 r m"), at("b.md:3 r m"), at("a.md:4 r m")}, "a.md:3: m (2 times) [r]\nb.md:3: m [r]"},
		{"other rules apart", []*Error{at("a.md:3 r m"), at("a.md:4 s m")}, "a.md:3: m [r]\na.md:4: m [s]"},
		{"other messages apart", []*Error{at("a.md:3 r m"), at("a.md:4 r n")}, "a.md:3: m [r]\na.md:4: n [r]"},
		{"other severities apart", []*Error{at("a.md:3 r m"), warn(at("a.md:4 r m"))}, "a.md:3: m [r]\na.md:4: m [r]"},
		{"other columns count", []*Error{at("a.md:3:1 r m"), at("a.md:3:8 r m")}, "a.md:3:1: m (2 times) [r]"},
		{"order is kept", []*Error{at("b.md:1 r m"), at("a.md:1 r m"), at("b.md:2 r m")}, "b.md:1: m (2 times) [r]\na.md:1: m [r]"},
		{"grouped twice adds up", Group(append(Group(boxes[:30]), boxes[30:]...)), "a.docx: paragraph 1: text in a text box was not imported (70 times) []"},
	}
	for _, c := range cases {
		before := texts(c.in)
		got := Group(c.in)
		if s := texts(got); s != c.want {
			t.Errorf("%s: Group =\n%s\nwant\n%s", c.name, s, c.want)
		}
		if texts(c.in) != before {
			t.Errorf("%s: Group changed its input", c.name)
		}
	}
}

func TestListErr(t *testing.T) {
	l := List{
		Errorf("b.md", 2, "bad"),
		errors.New("no place"),
		Errorf("a.md", 9, "bad"),
		Errorf("a.md", 9, "bad"),
		Errorf("a.md", 0, "whole"),
	}
	want := "no place\na.md: whole\na.md:9: bad\nb.md:2: bad"
	if got := l.Err().Error(); got != want {
		t.Errorf("List.Err() =\n%s\nwant\n%s", got, want)
	}
	if (List{}).Err() != nil {
		t.Error("an empty List's Err is not nil")
	}
	if all := All(l.Err()); len(all) != 4 || all[3].Path != "b.md" {
		t.Errorf("All = %v", all)
	}
}
