package input_test

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/sim/input"
)

// TestCSVHeader: a header names known columns in any order, after a
// spreadsheet's byte-order mark; unknown and repeated columns are reported
// at their column, and the rows come with their lines until a read error,
// which is reported at its position.
func TestCSVHeader(t *testing.T) {
	known := []string{"date", "metric", "value"}
	read := func(text string) (*input.CSVHeader, input.Errors, error) {
		cr := csv.NewReader(strings.NewReader(text))
		cr.FieldsPerRecord = -1
		return input.ReadCSVHeader(cr, "f.csv", known, "empty file")
	}
	h, errs, err := read("\ufeffvalue, date\n1,2025-01-01\n2,2025-01-02,x\n3,\"bad\n")
	if err != nil || errs != nil {
		t.Fatalf("header: %v %v", err, errs)
	}
	if got := h.Columns(); !slices.Equal(got, []string{"value", "date"}) || !h.Has("date") || h.Has("metric") || h.Width != 2 {
		t.Errorf("columns %v, width %d", got, h.Width)
	}
	var got []string
	for row := range h.Rows(&errs) {
		got = append(got, row.Get("date")+"@"+row.At("value").String()+"/"+string(rune('0'+row.Fields())))
	}
	if want := []string{"2025-01-01@f.csv:2:1/2", "2025-01-02@f.csv:3:1/3"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if len(errs) != 1 || errs[0].Pos.Line != 4 {
		t.Errorf("the stray quote: %v", errs)
	}

	_, errs, err = read("date,metrc,date\n")
	if err != nil || len(errs) != 2 || !strings.Contains(errs[0].Error(), `f.csv:1:6: unknown column "metrc"; did you mean "metric"?`) || !strings.Contains(errs[1].Error(), `f.csv:1:12: column "date" appears twice`) {
		t.Errorf("bad header: %v %v", err, errs)
	}
	if _, _, err := read(""); err == nil || err.Error() != "f.csv:1:1: empty file" {
		t.Errorf("empty file: %v", err)
	}
}

// TestCSVErrorQuotes: the quote mistakes of a CSV file are told in words
// at the row to look at: a quote left open at the row where it opened, a
// stray quote at its column.
func TestCSVErrorQuotes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a,b\n1,\"x\n2,y\n3,z\n", "f.csv:2:1: a quoted field opened in this row is not closed (read on to line 4); expected a closing \" before the end of the field"},
		{"a,b\n1,x\"y\n", "f.csv:2:4: a quote in a field that does not start with one; expected the whole field in quotes, with inner quotes doubled (\"\")"},
		{"a,b\n1,\"x\"y\n", "f.csv:2:5: a quote inside a quoted field must be doubled (\"\"), and the field must end at its closing quote"},
	} {
		cr := csv.NewReader(strings.NewReader(c.in))
		var err error
		for err == nil {
			_, err = cr.Read()
		}
		if got := input.CSVError("f.csv", err).Error(); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
