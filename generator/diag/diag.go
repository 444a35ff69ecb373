// Package diag is gen's one type for a problem: an Error at a place in a
// file, with the rule it breaks, its severity, its message and its cause.
// Every stage and every command reports problems with it — build errors and
// warnings, gen check's issues, gen import's warnings, gen serve's error
// overlay — so they print the same way and tests can match them exactly.
//
// An Error prints as
//
//	path:line:col: message        when the column is known
//	path:line: message            when the line is known
//	path: paragraph 12: message   when Line counts something else (Unit)
//	path: message                 about the whole file
//	message                       about no file
//
// followed by " (70 times)" when Group has folded 70 of them into one. Rule,
// Severity, Page and the cause are not printed: gen check prints its rule
// and severity around the place and message itself.
//
// Errorf makes one as fmt.Errorf does (%w names the cause); From and
// Warning turn any error into one, printed as the error was.
//
// Problems are put in order, rid of duplicates and grouped here and nowhere
// else: Sort orders by path, line, column, rule and message, so output does
// not depend on which goroutine finished first; Group folds the same rule
// and message in the same file into its first place with a count (for
// warnings, whose every report counts); List.Err sorts the errors a stage
// returns and drops exact duplicates (a broken template fails every page it
// renders with one message).
//
// A List gathers many errors, so a build reports every broken file at once.
package diag

import (
	"errors"
	"fmt"
	"strconv"
)

// Severity says whether a problem stops the build (and fails gen check) or
// is only shown. The zero value is an error: it is what a stage returns.
type Severity string

// The severities, as gen check's JSON and config.toml write them.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Error is a problem at a place in an input (or output) file.
type Error struct {
	Path string // site path ("content/reports/a.md") or output page; "" for none
	Line int    // 1-based; 0 means the whole file
	Col  int    // 1-based byte column in the line; 0 when not known
	// Unit names what Line counts when it is not a line of text: a .docx
	// has "paragraph"s.
	Unit     string
	Rule     string // gen check's rule id ("link", "placeholder" …); "" when none applies
	Severity Severity
	Msg      string
	// Page is the output page the problem shows on, when Path is the
	// source it was written in (a broken link written in Markdown).
	Page  string
	Err   error // the cause, if any
	Times int   // how many places share this problem once grouped; 0 or 1 is once
}

// Errorf returns an error at path:line, formatted as fmt.Errorf does; what
// %w names becomes the cause.
func Errorf(path string, line int, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	e := &Error{Path: path, Line: line, Msg: err.Error()}
	switch w := err.(type) {
	case interface{ Unwrap() error }:
		e.Err = w.Unwrap()
	case interface{ Unwrap() []error }:
		e.Err = errors.Join(w.Unwrap()...)
	}
	return e
}

// From returns err as an *Error of its own, which the caller may change: a
// copy of the *Error err is (or wraps without adding words), else a message
// with no place whose cause is err. Either way it prints as err does.
func From(err error) *Error {
	var d *Error
	if errors.As(err, &d) && (d == err || d.Error() == err.Error()) {
		c := *d
		return &c
	}
	return &Error{Msg: err.Error(), Err: err}
}

// Warning is From(err) with severity warning.
func Warning(err error) *Error {
	w := From(err)
	w.Severity = SeverityWarning
	return w
}

// Warnings is Warning of each of errs.
func Warnings(errs []error) []*Error {
	out := make([]*Error, len(errs))
	for i, err := range errs {
		out[i] = Warning(err)
	}
	return out
}

// IsWarning reports whether the problem is a warning, not an error.
func (e *Error) IsWarning() bool { return e.Severity == SeverityWarning }

func (e *Error) Error() string {
	s := e.Msg
	if p := e.Place(); p != "" {
		s = p + ": " + s
	}
	if e.Times > 1 {
		s += " (" + strconv.Itoa(e.Times) + " times)"
	}
	return s
}

// Place is where the problem is: "path:line:col", "path:line",
// "path: paragraph 12", "path", or "" for no file.
func (e *Error) Place() string {
	switch {
	case e.Path == "":
		return ""
	case e.Line > 0 && e.Unit != "":
		return e.Path + ": " + e.Unit + " " + strconv.Itoa(e.Line)
	case e.Line > 0 && e.Col > 0:
		return e.Path + ":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col)
	case e.Line > 0:
		return e.Path + ":" + strconv.Itoa(e.Line)
	default:
		return e.Path
	}
}

func (e *Error) Unwrap() error { return e.Err }
