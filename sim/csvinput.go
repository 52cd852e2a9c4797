package sim

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"github.com/canalsim/canalsim/sim/input"
)

// csvHeader is the header of a CSV file a user writes (arrivals, observed
// series), which names its columns in any order.
type csvHeader struct {
	file  string // the file's name, for messages
	cr    *csv.Reader
	col   map[string]int // a column's index + 1; 0 means absent
	width int            // the number of columns in the header
}

// readCSVHeader reads the header row from cr: every column must be one of
// known and appear once, else the problem is reported at its column. A
// spreadsheet's byte-order mark is dropped. empty is the message for a
// file without a header. A read error is returned as err; problems with
// the columns as errs, and the header is still returned so that the
// caller can add its own (which columns it needs).
func readCSVHeader(cr *csv.Reader, file string, known []string, empty string) (h *csvHeader, errs input.Errors, err error) {
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &input.Error{Pos: input.Pos{File: file, Line: 1, Col: 1}, Msg: empty}
	}
	if err != nil {
		return nil, nil, csvError(file, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	h = &csvHeader{file: file, cr: cr, col: map[string]int{}, width: len(header)}
	for i, name := range header {
		name = strings.TrimSpace(name)
		_, c := cr.FieldPos(i)
		switch {
		case !slices.Contains(known, name):
			errs.Add(input.Pos{File: file, Line: 1, Col: c}, "unknown column %q%s", name, input.DidYouMean(name, known))
		case h.col[name] != 0:
			errs.Add(input.Pos{File: file, Line: 1, Col: c}, "column %q appears twice", name)
		default:
			h.col[name] = i + 1
		}
	}
	return h, errs, nil
}

// csvRow is a record read under a csvHeader, with its line.
type csvRow struct {
	*csvHeader
	rec  []string
	line int
}

// row wraps the record cr has just read.
func (h *csvHeader) row(rec []string) csvRow {
	line, _ := h.cr.FieldPos(0)
	return csvRow{h, rec, line}
}

// at is the position of the row's key column, or of the row's start when
// the column is absent or the row is short.
func (r csvRow) at(key string) input.Pos {
	i := r.col[key] - 1
	if i < 0 || i >= len(r.rec) {
		return input.Pos{File: r.file, Line: r.line, Col: 1}
	}
	_, c := r.cr.FieldPos(i)
	return input.Pos{File: r.file, Line: r.line, Col: c}
}

// get is the row's key field, trimmed, or "" when it is absent.
func (r csvRow) get(key string) string {
	if i := r.col[key] - 1; i >= 0 && i < len(r.rec) {
		return strings.TrimSpace(r.rec[i])
	}
	return ""
}
