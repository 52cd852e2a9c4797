package sim

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim/input"
)

// DailyRow is one day of one run: a row of daily.csv.
type DailyRow struct {
	Replication int
	Variant     Variant
	Day
}

// DailyTable is the day-by-day record of a study, the content of
// daily.csv: one row per replication, variant and day, ordered by
// replication, then variant (baseline first), then date.
type DailyTable struct {
	// Terminals are the terminal IDs, the order of Day.TerminalTEU.
	Terminals []string
	Rows      []DailyRow
}

// Daily returns the result's day-by-day table.
func (r *Result) Daily() *DailyTable {
	t := &DailyTable{Terminals: r.Terminals}
	for i := range r.Baseline {
		for _, run := range []*Run{&r.Baseline[i], &r.Disrupted[i]} {
			for _, d := range run.Days {
				t.Rows = append(t.Rows, DailyRow{Replication: run.Replication, Variant: run.Variant, Day: d})
			}
		}
	}
	return t
}

// dailyColumn is a numeric column of daily.csv: its value in a row, its
// text in the file, and how to store the text back into a row. Integer
// columns hold whole numbers (counts), the others any float.
type dailyColumn struct {
	name    string
	integer bool
	num     func(*DailyRow) float64
	get     func(*DailyRow) string
	set     func(*DailyRow, string) error
}

func intCol(name string, f func(*DailyRow) *int) dailyColumn {
	return dailyColumn{
		name:    name,
		integer: true,
		num:     func(r *DailyRow) float64 { return float64(*f(r)) },
		get:     func(r *DailyRow) string { return strconv.Itoa(*f(r)) },
		set: func(r *DailyRow, s string) (err error) {
			*f(r), err = strconv.Atoi(s)
			if err != nil {
				return fmt.Errorf("expected a whole number, got %q", s)
			}
			return nil
		},
	}
}

func floatCol(name string, prec int, f func(*DailyRow) *float64) dailyColumn {
	return dailyColumn{
		name: name,
		num:  func(r *DailyRow) float64 { return *f(r) },
		get:  func(r *DailyRow) string { return strconv.FormatFloat(*f(r), 'f', prec, 64) },
		set: func(r *DailyRow, s string) (err error) {
			*f(r), err = strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(*f(r)) || math.IsInf(*f(r), 0) {
				return fmt.Errorf("expected a number, got %q", s)
			}
			return nil
		},
	}
}

// columns returns the numeric columns of the table, in file order.
func (t *DailyTable) columns() []dailyColumn {
	cols := []dailyColumn{
		intCol("arrivals", func(r *DailyRow) *int { return &r.Arrivals }),
		intCol("transits", func(r *DailyRow) *int { return &r.Transits }),
		intCol("transits_neopanamax", func(r *DailyRow) *int { return &r.TransitsNeopanamax }),
		intCol("transits_panamax", func(r *DailyRow) *int { return &r.TransitsPanamax }),
		intCol("queue", func(r *DailyRow) *int { return &r.Queue }),
		intCol("queue_max", func(r *DailyRow) *int { return &r.QueueMax }),
		intCol("lock_queue", func(r *DailyRow) *int { return &r.LockQueue }),
		floatCol("teu", 1, func(r *DailyRow) *float64 { return &r.TEU }),
	}
	for i, id := range t.Terminals {
		cols = append(cols, floatCol("teu_"+id, 1, func(r *DailyRow) *float64 { return &r.TerminalTEU[i] }))
	}
	return append(cols,
		floatCol("lost_teu", 1, func(r *DailyRow) *float64 { return &r.LostTEU }),
		floatCol("diverted_teu", 1, func(r *DailyRow) *float64 { return &r.DivertedTEU }),
		floatCol("cwt_total_h", 3, func(r *DailyRow) *float64 { return &r.CWTTotalHours }),
		floatCol("transit_total_h", 3, func(r *DailyRow) *float64 { return &r.TransitTotalHours }),
		floatCol("canal_wait_total_h", 3, func(r *DailyRow) *float64 { return &r.CanalWaitTotalHours }),
		intCol("unbooked_starts", func(r *DailyRow) *int { return &r.UnbookedStarts }),
		floatCol("unbooked_wait_total_days", 4, func(r *DailyRow) *float64 { return &r.UnbookedWaitTotalDays }),
		intCol("diverted", func(r *DailyRow) *int { return &r.Diverted }),
		intCol("lightened", func(r *DailyRow) *int { return &r.Lightened }),
		intCol("slots_neopanamax", func(r *DailyRow) *int { return &r.SlotsNeopanamax }),
		intCol("slots_panamax", func(r *DailyRow) *int { return &r.SlotsPanamax }),
		floatCol("lake_level_ft", 2, func(r *DailyRow) *float64 { return &r.LakeLevelFt }),
		floatCol("draft_limit_ft", 1, func(r *DailyRow) *float64 { return &r.DraftLimitFt }),
		floatCol("water_mgal", 1, func(r *DailyRow) *float64 { return &r.WaterMgal }),
		intCol("diverted_calls", func(r *DailyRow) *int { return &r.DivertedCalls }),
		intCol("lost_calls", func(r *DailyRow) *int { return &r.LostCalls }),
		floatCol("rail_teu", 1, func(r *DailyRow) *float64 { return &r.RailTEU }),
		floatCol("transshipment_teu", 1, func(r *DailyRow) *float64 { return &r.TransshipmentTEU }),
		intCol("auction_slots", func(r *DailyRow) *int { return &r.AuctionSlots }),
		floatCol("auction_usd", 0, func(r *DailyRow) *float64 { return &r.AuctionUSD }),
	)
}

// DailyColumn is a numeric column of the table, for writers of other
// formats: its name in daily.csv's header, whether it holds whole numbers
// (counts) or any float, and its value in a row, at full precision.
type DailyColumn struct {
	Name    string
	Integer bool
	Value   func(*DailyRow) float64
}

// Columns returns the numeric columns of the table, in the order of
// daily.csv's header after replication, variant and date.
func (t *DailyTable) Columns() []DailyColumn {
	var cols []DailyColumn
	for _, c := range t.columns() {
		cols = append(cols, DailyColumn{Name: c.name, Integer: c.integer, Value: c.num})
	}
	return cols
}

// DailyColumns returns the header of daily.csv for the table.
func (t *DailyTable) DailyColumns() []string {
	h := []string{"replication", "variant", "date"}
	for _, c := range t.columns() {
		h = append(h, c.name)
	}
	return h
}

// WriteCSV writes the table as CSV with a header row. Numbers have fixed
// precision (counts as integers, TEU to 0.1, hours to 0.001), so the same
// results always give the same bytes.
func (t *DailyTable) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.DailyColumns()); err != nil {
		return err
	}
	cols := t.columns()
	rec := make([]string, 3+len(cols))
	for i := range t.Rows {
		r := &t.Rows[i]
		rec[0] = strconv.Itoa(r.Replication)
		rec[1] = string(r.Variant)
		rec[2] = r.Date.Format(input.DateLayout)
		for j, c := range cols {
			rec[3+j] = c.get(r)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadDailyCSV reads a table written by WriteCSV; name is used in error
// messages, which give the line and column of the first problem.
func ReadDailyCSV(name string, r io.Reader) (*DailyTable, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	t := &DailyTable{}
	fixed := []string{"replication", "variant", "date"}
	if len(header) < len(fixed) || !slices.Equal(header[:3], fixed) {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: "expected a daily.csv header starting replication,variant,date"}
	}
	for _, h := range header[3:] {
		if id, ok := strings.CutPrefix(h, "teu_"); ok {
			t.Terminals = append(t.Terminals, id)
		}
	}
	want := t.DailyColumns()
	if !slices.Equal(header, want) {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: fmt.Sprintf("unexpected daily.csv columns; expected %s", strings.Join(want, ","))}
	}
	cols := t.columns()
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		at := func(field int) input.Pos {
			l, c := cr.FieldPos(field)
			return input.Pos{File: name, Line: l, Col: c}
		}
		row := DailyRow{Day: Day{TerminalTEU: make([]float64, len(t.Terminals))}}
		if row.Replication, err = strconv.Atoi(rec[0]); err != nil || row.Replication < 0 {
			return nil, &input.Error{Pos: at(0), Msg: fmt.Sprintf("replication: expected a whole number from 0, got %q", rec[0])}
		}
		row.Variant = Variant(rec[1])
		if row.Variant != Baseline && row.Variant != Disrupted {
			return nil, &input.Error{Pos: at(1), Msg: fmt.Sprintf("variant: expected baseline or scenario, got %q", rec[1])}
		}
		if row.Date, err = time.Parse(input.DateLayout, rec[2]); err != nil {
			return nil, &input.Error{Pos: at(2), Msg: fmt.Sprintf("date: expected YYYY-MM-DD, got %q", rec[2])}
		}
		for j, c := range cols {
			if err := c.set(&row, rec[3+j]); err != nil {
				return nil, &input.Error{Pos: at(3 + j), Msg: c.name + ": " + err.Error()}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

func csvError(name string, err error) error {
	if pe, ok := err.(*csv.ParseError); ok {
		return &input.Error{Pos: input.Pos{File: name, Line: pe.Line, Col: max(pe.Column, 1)}, Msg: pe.Err.Error()}
	}
	if err == io.EOF {
		return &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: "empty file; expected a daily.csv header"}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// Band is a daily series summarised across replications: for each date,
// the mean and the 5th and 95th percentiles. It satisfies gonum/plot's
// XYer shape (Len, XY) with x in Unix seconds and y the mean, so plots
// can take it directly.
type Band struct {
	Dates         []time.Time
	Mean, P5, P95 []float64
}

// Len returns the number of dates.
func (b *Band) Len() int { return len(b.Dates) }

// XY returns date i as Unix seconds and its mean.
func (b *Band) XY(i int) (x, y float64) { return float64(b.Dates[i].Unix()), b.Mean[i] }

// Series summarises one numeric column of the table (for example
// "transits", "teu", "teu_balboa", "queue") for one variant across
// replications, date by date.
func (t *DailyTable) Series(v Variant, column string) (*Band, error) {
	var col *dailyColumn
	for _, c := range t.columns() {
		if c.name == column {
			col = &c
			break
		}
	}
	if col == nil {
		return nil, fmt.Errorf("sim: daily table has no column %q", column)
	}
	byDate := map[time.Time][]float64{}
	var dates []time.Time
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Variant != v {
			continue
		}
		x := col.num(r)
		if _, ok := byDate[r.Date]; !ok {
			dates = append(dates, r.Date)
		}
		byDate[r.Date] = append(byDate[r.Date], x)
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	b := &Band{Dates: dates}
	for _, d := range dates {
		s := Describe(byDate[d])
		b.Mean = append(b.Mean, s.Mean)
		b.P5 = append(b.P5, s.P5)
		b.P95 = append(b.P95, s.P95)
	}
	return b, nil
}
