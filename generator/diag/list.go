package diag

import (
	"cmp"
	"errors"
	"slices"
	"strings"
)

// List is a set of errors reported together. Its Error is one per line.
type List []error

func (l List) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap lets errors.Is and errors.As look at every member.
func (l List) Unwrap() []error { return l }

// Err returns nil for an empty list, otherwise the list sorted by place,
// each message once: a broken template fails every page it renders, and
// 50,000 copies of one message help nobody.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	out := l[:1]
	for _, e := range l[1:] {
		if e.Error() != out[len(out)-1].Error() {
			out = append(out, e)
		}
	}
	return out
}

// Sort orders the list as Sort does, an error without a place first; ties
// go by the whole text.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b error) int {
		if c := comparePlace(placeOf(a), placeOf(b)); c != 0 {
			return c
		}
		return strings.Compare(a.Error(), b.Error())
	})
}

// placeOf is the *Error in err, or an empty one for an error without a place.
func placeOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{}
}

// Flatten returns every error in err, unpacking Lists (and errors.Join).
func Flatten(err error) []error {
	if err == nil {
		return nil
	}
	if m, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range m.Unwrap() {
			out = append(out, Flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// All is every error in err (see Flatten), each as an *Error of its own
// (see From).
func All(err error) []*Error {
	list := Flatten(err)
	out := make([]*Error, len(list))
	for i, e := range list {
		out[i] = From(e)
	}
	return out
}

// Sort orders problems by path, line, column, rule, then message, keeping
// the order of those that tie.
func Sort(ds []*Error) {
	slices.SortStableFunc(ds, Compare)
}

// Compare orders two problems as Sort does.
func Compare(a, b *Error) int {
	if c := comparePlace(a, b); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.Rule, b.Rule), strings.Compare(a.Msg, b.Msg))
}

func comparePlace(a, b *Error) int {
	return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
}
