// Package diag is the one error type of gen: a message about a place in a file,
// printed as "path:line: message". Every stage reports problems with it, so the
// command line can print them the same way and tests can match them exactly.
//
// A List gathers many of them, so a build reports every broken file at once.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is a problem at a place in an input file. Line is 1-based; 0 means
// the whole file.
type Error struct {
	Path string
	Line int
	Msg  string
	Err  error // the cause, if any
}

// Errorf returns an *Error at path:line.
func Errorf(path string, line int, format string, args ...any) *Error {
	e := &Error{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	for _, a := range args {
		if err, ok := a.(error); ok {
			e.Err = err
		}
	}
	return e
}

func (e *Error) Error() string {
	switch {
	case e.Path == "":
		return e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	default:
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
}

func (e *Error) Unwrap() error { return e.Err }

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

// Err returns nil for an empty list, otherwise the list sorted by path and
// line, each message once: a broken template fails every page it renders,
// and 50,000 copies of one message help nobody.
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

// Sort orders the list by path, then line, then message, so output does not
// depend on which goroutine finished first.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := place(l[i]), place(l[j])
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return l[i].Error() < l[j].Error()
	})
}

func place(err error) Error {
	var e *Error
	if errors.As(err, &e) {
		return *e
	}
	return Error{}
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
