// Package input reads canalsim's input files (networks, scenarios) from
// YAML, strictly: every key must be known, every value of the expected
// type, and every problem is reported with its file, line and column. All
// the problems of a file are collected and reported together, so a user
// fixes them in one pass.
//
// JSON is valid YAML, so the same decoder reads JSON files.
package input

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in an input file. Line and Col count from 1; a zero
// Line means the position is unknown (for example, a value built in Go).
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as file:line:col, leaving out what is
// unknown.
func (p Pos) String() string {
	switch {
	case p.File == "" && !p.IsValid():
		return "-"
	case !p.IsValid():
		return p.File
	case p.File == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is a problem at a position in an input file.
type Error struct {
	Pos Pos
	Msg string
}

// Error formats the error as "file:line:col: message".
func (e *Error) Error() string {
	if e.Pos.File == "" && !e.Pos.IsValid() {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// Errors is a list of input errors; it is itself an error whose message
// has one line per problem, in file order.
type Errors []*Error

// Add appends an error at pos.
func (l *Errors) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the list by file, line and column, keeping the order of
// errors at the same position.
func (l Errors) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Error returns the errors one per line.
func (l Errors) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Err returns nil for an empty list and the sorted list otherwise.
func (l Errors) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Unwrap returns the errors, so errors.As finds an *Error in the list.
func (l Errors) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// AsErrors returns the input errors in err: the list itself, a single
// *Error as a list of one, or nil when err holds none.
func AsErrors(err error) Errors {
	var l Errors
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return Errors{e}
	}
	return nil
}

// DidYouMean returns, for a message about an unknown word, a suggestion of
// the likely intended candidate ("; did you mean %q?"), or the list of
// candidates when none is close and they are few enough to read, or "".
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	if len(candidates) > 0 && len(candidates) <= 30 {
		return "; expected one of: " + strings.Join(candidates, ", ")
	}
	return ""
}
