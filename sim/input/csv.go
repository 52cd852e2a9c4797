package input

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
)

// CSVHeader is the header of a CSV file a person writes (an arrivals
// list, an observed series), which names its columns in any order.
type CSVHeader struct {
	file string
	cr   *csv.Reader
	col  map[string]int // a column's index + 1; 0 means absent
	// Width is the number of columns in the header.
	Width int
}

// ReadCSVHeader reads the header row from cr, a reader of the named
// file: every column must be one of known and appear once, else the
// problem is reported at its column. A spreadsheet's byte-order mark is
// dropped. empty is the message for a file without a header. A read
// error is returned as err; problems with the columns as errs, and the
// header is still returned so that the caller can add its own (which
// columns it needs).
func ReadCSVHeader(cr *csv.Reader, file string, known []string, empty string) (h *CSVHeader, errs Errors, err error) {
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &Error{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: empty}
	}
	if err != nil {
		return nil, nil, CSVError(file, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	h = &CSVHeader{file: file, cr: cr, col: map[string]int{}, Width: len(header)}
	for i, name := range header {
		name = strings.TrimSpace(name)
		_, c := cr.FieldPos(i)
		switch {
		case !slices.Contains(known, name):
			errs.Add(Pos{File: file, Line: 1, Col: c}, "unknown column %q%s", name, DidYouMean(name, known))
		case h.col[name] != 0:
			errs.Add(Pos{File: file, Line: 1, Col: c}, "column %q appears twice", name)
		default:
			h.col[name] = i + 1
		}
	}
	return h, errs, nil
}

// Has reports whether the header has the column.
func (h *CSVHeader) Has(name string) bool { return h.col[name] != 0 }

// Columns returns the known columns the header has, in file order.
func (h *CSVHeader) Columns() []string {
	out := make([]string, 0, len(h.col))
	for name := range h.col {
		out = append(out, name)
	}
	slices.SortFunc(out, func(a, b string) int { return h.col[a] - h.col[b] })
	return out
}

// CSVRow is a record read under a CSVHeader, with its line.
type CSVRow struct {
	h    *CSVHeader
	rec  []string
	Line int
}

// Rows reads the rows after the header, one at a time, to the end of the
// file. A read error (a stray quote) ends them: it is added to errs, at
// its position.
func (h *CSVHeader) Rows(errs *Errors) iter.Seq[CSVRow] {
	return func(yield func(CSVRow) bool) {
		for {
			rec, err := h.cr.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				*errs = append(*errs, AsErrors(CSVError(h.file, err))...)
				return
			}
			line, _ := h.cr.FieldPos(0)
			if !yield(CSVRow{h, rec, line}) {
				return
			}
		}
	}
}

// Fields returns the number of fields of the row.
func (r CSVRow) Fields() int { return len(r.rec) }

// At is the position of the row's key column, or of the row's start
// when the column is absent or the row is short.
func (r CSVRow) At(key string) Pos {
	i := r.h.col[key] - 1
	if i < 0 || i >= len(r.rec) {
		return Pos{File: r.h.file, Line: r.Line, Col: 1}
	}
	_, c := r.h.cr.FieldPos(i)
	return Pos{File: r.h.file, Line: r.Line, Col: c}
}

// Get is the row's key field, trimmed, or "" when it is absent.
func (r CSVRow) Get(key string) string {
	if i := r.h.col[key] - 1; i >= 0 && i < len(r.rec) {
		return strings.TrimSpace(r.rec[i])
	}
	return ""
}

// CSVError turns an error of encoding/csv reading the named file into an
// *Error at its position; any other error is returned with the file's
// name.
func CSVError(file string, err error) error {
	if pe, ok := err.(*csv.ParseError); ok {
		msg := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
			// A quote left open runs on to the end of the file or the
			// next quote: the record where it opened is the place to look.
			return &Error{Pos: Pos{File: file, Line: pe.StartLine, Col: 1}, Msg: fmt.Sprintf("a quoted field opened in this row is not closed (read on to line %d); expected a closing \" before the end of the field", pe.Line)}
		case errors.Is(pe.Err, csv.ErrQuote):
			msg = `a quote inside a quoted field must be doubled (""), and the field must end at its closing quote`
		case errors.Is(pe.Err, csv.ErrBareQuote):
			msg = `a quote in a field that does not start with one; expected the whole field in quotes, with inner quotes doubled ("")`
		case errors.Is(pe.Err, csv.ErrFieldCount):
			msg = "wrong number of fields"
		}
		return &Error{Pos: Pos{File: file, Line: pe.Line, Col: max(pe.Column, 1)}, Msg: msg}
	}
	return fmt.Errorf("%s: %w", file, err)
}
