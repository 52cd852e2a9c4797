// Package input reads canalsim's input files (networks, scenarios) from
// YAML, strictly: every key must be known, every value of the expected
// type, and every problem is reported with its file, line and column. All
// the problems of a file are collected and reported together, so a user
// fixes them in one pass.
//
// JSON is valid YAML, so the same decoder reads JSON files.
//
// Whatever a file holds, reading it stays bounded: ReadFile, the one door
// through which canalsim reads the files a user names, refuses what is
// not a regular file of at most MaxFileBytes; Decode refuses YAML nested
// deeper than MaxDepth or larger than MaxKeys and MaxNodes before parsing
// it; an error list keeps MaxErrorsPerFile problems of a file and counts
// the others; messages are cut to MaxMessageBytes.
package input

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds on what a bad file can make canalsim hold and print.
const (
	// MaxErrorsPerFile is the most problems of one file kept and
	// reported; the others are counted ("and 12,345 more problems"). A
	// person fixes a file from its first problems, and a file of a
	// million bad rows would otherwise print a million lines.
	MaxErrorsPerFile = 50
	// MaxMessageBytes bounds the length of one message: a longer one
	// (a value of megabytes echoed back) is cut in the middle, keeping its
	// start and its end (where a suggestion goes).
	MaxMessageBytes = 1000
	// MaxQuoteRunes bounds the text of a value quoted in a message (see
	// Quote).
	MaxQuoteRunes = 64
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
	// more, for the last entry of a file in an Errors list, counts the
	// problems of the file beyond MaxErrorsPerFile, left out.
	more int
}

// Error formats the error as "file:line:col: message".
func (e *Error) Error() string {
	msg := Truncate(e.Msg, MaxMessageBytes)
	if e.more > 0 {
		msg = moreMsg(e.more)
	}
	if e.Pos.File == "" && !e.Pos.IsValid() {
		return msg
	}
	return e.Pos.String() + ": " + msg
}

// Truncate shortens s to at most about n bytes by cutting out its middle
// (at rune boundaries), marked with an ellipsis, keeping a fifth of n at
// the end.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head, tail := n*4/5, n/5
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	cut := len(s) - tail
	for cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut++
	}
	return s[:head] + " … " + s[cut:]
}

// Quote returns s quoted as Go's %q does, its text cut after
// MaxQuoteRunes runes with an ellipsis: for echoing a value from a file,
// which may be of any length, in a message.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= MaxQuoteRunes {
		return strconv.Quote(s)
	}
	i, n := 0, 0
	for i = range s {
		if n == MaxQuoteRunes {
			break
		}
		n++
	}
	return strconv.Quote(s[:i]) + "…"
}

// moreMsg returns the summary line of the problems left out.
func moreMsg(n int) string {
	if n == 1 {
		return fmt.Sprintf("1 more problem from here on, not shown (a file's first %d are)", MaxErrorsPerFile)
	}
	return fmt.Sprintf("%d more problems from here on, not shown (a file's first %d are)", n, MaxErrorsPerFile)
}

// Errors is a list of input errors; it is itself an error whose message
// has one line per problem, in file order.
type Errors []*Error

// Add appends an error at pos, unless the list has the same message at
// the same position already (a file reached by several paths, such as an
// include, is reported once). Beyond MaxErrorsPerFile errors of pos's
// file, it only counts them, so a list never holds more than
// MaxErrorsPerFile+1 entries per file (the last counting those left out)
// however bad the file.
func (l *Errors) Add(pos Pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	n := 0
	var sum *Error
	for _, e := range *l {
		if e.Pos.File == pos.File {
			if e.more > 0 {
				sum = e
				break
			}
			if e.Pos == pos && e.Msg == msg {
				return
			}
			n++
		}
	}
	switch {
	case sum != nil:
		sum.more++
	case n >= MaxErrorsPerFile:
		// At the first problem left out.
		*l = append(*l, &Error{Pos: pos, more: 1})
	default:
		*l = append(*l, &Error{Pos: pos, Msg: msg})
	}
}

// Count returns the number of problems in the list, those counted but
// left out (beyond MaxErrorsPerFile) included.
func (l Errors) Count() int {
	n := 0
	for _, e := range l {
		n += max(e.more, 1)
	}
	return n
}

// Sort orders the list by file, line and column, keeping the order of
// errors at the same position; a file's count of errors left out comes
// after its errors.
func (l Errors) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if (l[i].more > 0) != (l[j].more > 0) {
			return l[j].more > 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Error returns the errors one per line, at most MaxErrorsPerFile per
// file followed by a line counting the others, files in the order of
// their first error.
func (l Errors) Error() string {
	type file struct {
		msgs    []string
		left    int
		leftPos Pos // of the first problem left out
	}
	byFile := map[string]*file{}
	var order []*file
	for _, e := range l {
		f := byFile[e.Pos.File]
		if f == nil {
			f = &file{}
			byFile[e.Pos.File] = f
			order = append(order, f)
		}
		switch {
		case e.more > 0 || len(f.msgs) >= MaxErrorsPerFile:
			if f.left == 0 {
				f.leftPos = e.Pos
			}
			f.left += max(e.more, 1)
		default:
			f.msgs = append(f.msgs, e.Error())
		}
	}
	var msgs []string
	for _, f := range order {
		msgs = append(msgs, f.msgs...)
		if f.left > 0 {
			msgs = append(msgs, (&Error{Pos: f.leftPos, more: f.left}).Error())
		}
	}
	return strings.Join(msgs, "\n")
}

// Err returns nil for an empty list and the sorted list otherwise.
func (l Errors) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	for _, e := range l {
		if e.more > 0 {
			e.Msg = moreMsg(e.more)
		}
	}
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
