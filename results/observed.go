package results

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim/input"
)

// Observed is a published series to compare a run with (a hindcast): one
// point per row of an observed CSV file.
type Observed struct {
	// Name is the file's name, for messages and hindcast.json.
	Name   string
	Points []ObservedPoint
}

// ObservedPoint is one published figure: a metric's value on a date, or
// over one or more whole months.
type ObservedPoint struct {
	// Period is the date or months as written: 2023-06-13, 2023-04 or
	// 2023-04..2023-06. From and Until are its first and last days
	// (inclusive); Daily is true for a single date.
	Period      string
	From, Until time.Time
	Daily       bool
	Metric      string
	Value       float64
	Source      string
	// Line is the point's line in its file.
	Line int
}

// observedColumns are the columns of an observed file: date or month (one
// of them at least, each row filling exactly one), then metric, value and
// source.
var observedColumns = []string{"date", "month", "metric", "value", "source"}

// maxObserved bounds a published value's size: far above any count or
// level of a canal, so that the statistics of the errors stay finite.
const maxObserved = 1e12

// sourceRe matches the source cell: one or more tags of docs/sources.md,
// such as [T11] or [T11][T15].
var sourceRe = regexp.MustCompile(`^(\[[A-Z]{1,2}[0-9]+[a-z]?\])+$`)

// ReadObservedCSV reads an observed series: a header naming date and/or
// month, metric, value and source, in any order, then one point per row.
// date is YYYY-MM-DD; month is YYYY-MM or a range of whole months
// YYYY-MM..YYYY-MM (a quarter, a fiscal year); source is one or more tags
// of docs/sources.md. When metrics is not nil, a metric must be one of
// them (a daily.csv column or a metric of summary.json), else the error
// suggests the closest. Every problem is reported with its line and
// column; name is used in messages.
func ReadObservedCSV(name string, r io.Reader, metrics []string) (*Observed, error) {
	data, err := input.ReadText(name, r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = false
	cr.FieldsPerRecord = -1
	o := &Observed{Name: name}
	h, errs, err := input.ReadCSVHeader(cr, name, observedColumns, "empty observed file; expected a header: date,metric,value,source (or month for date)")
	if err != nil {
		return nil, err
	}
	if !h.Has("date") && !h.Has("month") {
		errs.Add(input.Pos{File: name, Line: 1, Col: 1}, "missing column \"date\" or \"month\" (the columns are date or month, metric, value, source)")
	}
	for _, k := range observedColumns[2:] {
		if !h.Has(k) {
			errs.Add(input.Pos{File: name, Line: 1, Col: 1}, "missing column %q (the columns are date or month, metric, value, source)", k)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for row := range h.Rows(&errs) {
		at, get, line := row.At, row.Get, row.Line
		if row.Fields() != h.Width {
			errs.Add(input.Pos{File: name, Line: line, Col: 1}, "expected %d fields, as the header has, got %d", h.Width, row.Fields())
			continue
		}
		p := ObservedPoint{Line: line, Metric: get("metric"), Source: get("source")}
		date, month := get("date"), get("month")
		switch {
		case date != "" && month != "":
			errs.Add(at("month"), "a row has a date or a month, not both")
		case date != "":
			d, err := time.Parse(input.DateLayout, date)
			if err != nil {
				errs.Add(at("date"), "date: expected YYYY-MM-DD, got %s", input.Quote(date))
				break
			}
			p.Period, p.From, p.Until, p.Daily = date, d, d, true
		case month != "":
			from, until, err := parseMonths(month)
			if err != nil {
				errs.Add(at("month"), "month: %v", err)
				break
			}
			p.Period, p.From, p.Until = month, from, until
		default:
			k := "date"
			if !h.Has(k) {
				k = "month"
			}
			errs.Add(at(k), "a row needs a date (YYYY-MM-DD) or a month (YYYY-MM, or YYYY-MM..YYYY-MM)")
		}
		switch {
		case p.Metric == "":
			errs.Add(at("metric"), "metric: empty; expected a daily.csv column (such as transits or lake_level_ft) or a metric of summary.json")
		case metrics != nil && !slices.Contains(metrics, p.Metric):
			errs.Add(at("metric"), "unknown metric %s%s", input.Quote(p.Metric), input.DidYouMean(p.Metric, metrics))
		}
		v, err := strconv.ParseFloat(get("value"), 64)
		if err != nil || !(math.Abs(v) <= maxObserved) {
			errs.Add(at("value"), "value: expected a number of at most %g in size, got %s", float64(maxObserved), input.Quote(get("value")))
		}
		p.Value = v
		if !sourceRe.MatchString(p.Source) {
			errs.Add(at("source"), "source: expected one or more tags of docs/sources.md, such as [T11] or [T11][T15], got %s", input.Quote(p.Source))
		}
		o.Points = append(o.Points, p)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(o.Points) == 0 {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 2, Col: 1}, Msg: "no points: the file has a header only"}
	}
	return o, nil
}

// parseMonths parses YYYY-MM or YYYY-MM..YYYY-MM into the first day of the
// first month and the last day of the last.
func parseMonths(s string) (from, until time.Time, err error) {
	a, b, isRange := strings.Cut(s, "..")
	if !isRange {
		b = a
	}
	from, err = time.Parse("2006-01", a)
	if err != nil {
		return from, until, fmt.Errorf("expected YYYY-MM or YYYY-MM..YYYY-MM, got %s", input.Quote(s))
	}
	last, err := time.Parse("2006-01", b)
	if err != nil {
		return from, until, fmt.Errorf("expected YYYY-MM or YYYY-MM..YYYY-MM, got %s", input.Quote(s))
	}
	if last.Before(from) {
		return from, until, fmt.Errorf("the range %s ends before it starts", input.Quote(s))
	}
	return from, last.AddDate(0, 1, -1), nil
}
