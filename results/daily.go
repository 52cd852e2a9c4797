package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// DailyRow is one day of one run: a row of daily.csv.
type DailyRow struct {
	Replication int
	Variant     sim.Variant
	sim.Day
}

// DailyTable is the day-by-day record of a study, the content of
// daily.csv: one row per replication, variant and day, ordered by
// replication, then variant (baseline first), then date.
type DailyTable struct {
	// Terminals are the terminal IDs, the order of sim.Day.TerminalTEU.
	Terminals []string
	Rows      []DailyRow
}

// NewDailyTable returns a result's day-by-day table (empty for a result
// run without its days, sim.Options.DropDays).
func NewDailyTable(r *sim.Result) *DailyTable {
	t := &DailyTable{Terminals: r.Terminals}
	for i := range r.Baseline {
		for _, run := range []*sim.Run{&r.Baseline[i], &r.Disrupted[i]} {
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
	// prec is the digits after the point of a float column (-1 for an
	// integer column).
	prec int
	num  func(*sim.Day) float64
	get  func(*sim.Day) string
	set  func(*sim.Day, string) error
	put  func(*sim.Day, float64)
}

func intCol(name string, f func(*sim.Day) *int) dailyColumn {
	return dailyColumn{
		name:    name,
		integer: true,
		prec:    -1,
		num:     func(d *sim.Day) float64 { return float64(*f(d)) },
		get:     func(d *sim.Day) string { return strconv.Itoa(*f(d)) },
		put:     func(d *sim.Day, x float64) { *f(d) = int(x) },
		set: func(d *sim.Day, s string) (err error) {
			*f(d), err = strconv.Atoi(s)
			if err != nil {
				return fmt.Errorf("expected a whole number, got %q", s)
			}
			return nil
		},
	}
}

func floatCol(name string, prec int, f func(*sim.Day) *float64) dailyColumn {
	return dailyColumn{
		name: name,
		prec: prec,
		num:  func(d *sim.Day) float64 { return *f(d) },
		get:  func(d *sim.Day) string { return strconv.FormatFloat(*f(d), 'f', prec, 64) },
		put:  func(d *sim.Day, x float64) { *f(d) = x },
		set: func(d *sim.Day, s string) (err error) {
			*f(d), err = strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(*f(d)) || math.IsInf(*f(d), 0) {
				return fmt.Errorf("expected a number, got %q", s)
			}
			return nil
		},
	}
}

// columns returns the numeric columns of the table, in file order.
func (t *DailyTable) columns() []dailyColumn {
	cols := []dailyColumn{
		intCol("arrivals", func(d *sim.Day) *int { return &d.Arrivals }),
		intCol("transits", func(d *sim.Day) *int { return &d.Transits }),
		intCol("transits_neopanamax", func(d *sim.Day) *int { return &d.TransitsNeopanamax }),
		intCol("transits_panamax", func(d *sim.Day) *int { return &d.TransitsPanamax }),
		intCol("queue", func(d *sim.Day) *int { return &d.Queue }),
		intCol("queue_max", func(d *sim.Day) *int { return &d.QueueMax }),
		intCol("lock_queue", func(d *sim.Day) *int { return &d.LockQueue }),
		floatCol("teu", 1, func(d *sim.Day) *float64 { return &d.TEU }),
	}
	for i, id := range t.Terminals {
		cols = append(cols, floatCol("teu_"+id, 1, func(d *sim.Day) *float64 { return &d.TerminalTEU[i] }))
	}
	return append(cols,
		floatCol("lost_teu", 1, func(d *sim.Day) *float64 { return &d.LostTEU }),
		floatCol("diverted_teu", 1, func(d *sim.Day) *float64 { return &d.DivertedTEU }),
		floatCol("cwt_total_h", 3, func(d *sim.Day) *float64 { return &d.CWTTotalHours }),
		floatCol("transit_total_h", 3, func(d *sim.Day) *float64 { return &d.TransitTotalHours }),
		floatCol("canal_wait_total_h", 3, func(d *sim.Day) *float64 { return &d.CanalWaitTotalHours }),
		intCol("unbooked_starts", func(d *sim.Day) *int { return &d.UnbookedStarts }),
		floatCol("unbooked_wait_total_days", 4, func(d *sim.Day) *float64 { return &d.UnbookedWaitTotalDays }),
		intCol("diverted", func(d *sim.Day) *int { return &d.Diverted }),
		intCol("lightened", func(d *sim.Day) *int { return &d.Lightened }),
		intCol("slots_neopanamax", func(d *sim.Day) *int { return &d.SlotsNeopanamax }),
		intCol("slots_panamax", func(d *sim.Day) *int { return &d.SlotsPanamax }),
		floatCol("lake_level_ft", 2, func(d *sim.Day) *float64 { return &d.LakeLevelFt }),
		floatCol("draft_limit_ft", 1, func(d *sim.Day) *float64 { return &d.DraftLimitFt }),
		floatCol("water_mgal", 1, func(d *sim.Day) *float64 { return &d.WaterMgal }),
		intCol("diverted_calls", func(d *sim.Day) *int { return &d.DivertedCalls }),
		intCol("lost_calls", func(d *sim.Day) *int { return &d.LostCalls }),
		floatCol("rail_teu", 1, func(d *sim.Day) *float64 { return &d.RailTEU }),
		floatCol("transshipment_teu", 1, func(d *sim.Day) *float64 { return &d.TransshipmentTEU }),
		intCol("auction_slots", func(d *sim.Day) *int { return &d.AuctionSlots }),
		floatCol("auction_usd", 0, func(d *sim.Day) *float64 { return &d.AuctionUSD }),
		intCol("special_auction_slots", func(d *sim.Day) *int { return &d.SpecialSlots }),
		floatCol("special_auction_usd", 0, func(d *sim.Day) *float64 { return &d.SpecialUSD }),
	)
}

// DailyColumn is a numeric column of the table, for writers of other
// formats: its name in daily.csv's header, whether it holds whole numbers
// (counts) or any float, and its value on a day, at full precision.
type DailyColumn struct {
	Name    string
	Integer bool
	Value   func(*sim.Day) float64
	// Written is the value as daily.csv holds it: rounded to the file's
	// precision, as reading the file back gives it.
	Written func(*sim.Day) float64
	// Set stores a value of the column into a day (truncated to a whole
	// number for an integer column): how a reader of another format
	// rebuilds the days. A day's TerminalTEU must have room for the
	// table's terminals.
	Set func(*sim.Day, float64)
}

// Columns returns the numeric columns of the table, in the order of
// daily.csv's header after replication, variant and date.
func (t *DailyTable) Columns() []DailyColumn {
	var cols []DailyColumn
	for _, c := range t.columns() {
		written := c.num
		if c.prec >= 0 {
			written = func(d *sim.Day) float64 {
				var buf [32]byte
				x, _ := strconv.ParseFloat(string(strconv.AppendFloat(buf[:0], c.num(d), 'f', c.prec, 64)), 64)
				return x
			}
		}
		cols = append(cols, DailyColumn{Name: c.name, Integer: c.integer, Value: c.num, Written: written, Set: c.put})
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
	dw, err := NewDailyWriter(w, t.Terminals)
	if err != nil {
		return err
	}
	for i := range t.Rows {
		if err := dw.Write(&t.Rows[i]); err != nil {
			return err
		}
	}
	return dw.Flush()
}

// DailyWriter writes daily.csv a row at a time, as DailyTable.WriteCSV
// writes it whole: a program writes a study's days as its replications
// come (Options.Each) without holding them.
type DailyWriter struct {
	cw   *csv.Writer
	cols []dailyColumn
	rec  []string
}

// NewDailyWriter writes the header of daily.csv for a network whose
// terminals are terminals, and returns the writer of its rows.
func NewDailyWriter(w io.Writer, terminals []string) (*DailyWriter, error) {
	t := &DailyTable{Terminals: terminals}
	dw := &DailyWriter{cw: csv.NewWriter(w), cols: t.columns()}
	dw.rec = make([]string, 3+len(dw.cols))
	return dw, dw.cw.Write(t.DailyColumns())
}

// Write writes one row.
func (dw *DailyWriter) Write(r *DailyRow) error {
	dw.rec[0] = strconv.Itoa(r.Replication)
	dw.rec[1] = string(r.Variant)
	dw.rec[2] = r.Date.Format(input.DateLayout)
	for j, c := range dw.cols {
		dw.rec[3+j] = c.get(&r.Day)
	}
	return dw.cw.Write(dw.rec)
}

// WriteRun writes the rows of a run's days.
func (dw *DailyWriter) WriteRun(run *sim.Run) error { return writeRun(run, dw.Write) }

// writeRun gives write the rows of a run's days, in order.
func writeRun(run *sim.Run, write func(*DailyRow) error) error {
	for i := range run.Days {
		if err := write(&DailyRow{Replication: run.Replication, Variant: run.Variant, Day: run.Days[i]}); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes any buffered rows.
func (dw *DailyWriter) Flush() error {
	dw.cw.Flush()
	return dw.cw.Error()
}

// ReadDailyCSV reads a table written by WriteCSV; name is used in error
// messages, which give the line and column of the first problem.
func ReadDailyCSV(name string, r io.Reader) (*DailyTable, error) {
	dr, err := NewDailyReader(name, r)
	if err != nil {
		return nil, err
	}
	t := &DailyTable{Terminals: dr.Terminals}
	for {
		row, err := dr.Read()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, row)
	}
}

// DailyReader reads daily.csv a row at a time, so that a program can go
// through a study's days without holding them.
type DailyReader struct {
	// Terminals are the terminal IDs of the file's teu_ID columns.
	Terminals []string
	name      string
	cr        *csv.Reader
	cols      []dailyColumn
}

// NewDailyReader reads and checks the header of daily.csv from r; name
// is used in error messages, which give the line and column of the
// problem.
func NewDailyReader(name string, r io.Reader) (*DailyReader, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff") // as a spreadsheet may save it
	dr := &DailyReader{name: name, cr: cr}
	fixed := []string{"replication", "variant", "date"}
	if len(header) < len(fixed) || !slices.Equal(header[:3], fixed) {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: "expected a daily.csv header starting replication,variant,date"}
	}
	for _, h := range header[3:] {
		if id, ok := strings.CutPrefix(h, "teu_"); ok {
			dr.Terminals = append(dr.Terminals, id)
		}
	}
	t := &DailyTable{Terminals: dr.Terminals}
	want := t.DailyColumns()
	if !slices.Equal(header, want) {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: fmt.Sprintf("unexpected daily.csv columns; expected %s", strings.Join(want, ","))}
	}
	dr.cols = t.columns()
	return dr, nil
}

// Read returns the next row, or io.EOF after the last.
func (dr *DailyReader) Read() (DailyRow, error) {
	name := dr.name
	rec, err := dr.cr.Read()
	if err == io.EOF {
		return DailyRow{}, io.EOF
	}
	if err != nil {
		return DailyRow{}, csvError(name, err)
	}
	at := func(field int) input.Pos {
		l, c := dr.cr.FieldPos(field)
		return input.Pos{File: name, Line: l, Col: c}
	}
	row := DailyRow{Day: sim.Day{TerminalTEU: make([]float64, len(dr.Terminals))}}
	if row.Replication, err = strconv.Atoi(rec[0]); err != nil || row.Replication < 0 {
		return DailyRow{}, &input.Error{Pos: at(0), Msg: fmt.Sprintf("replication: expected a whole number from 0, got %q", rec[0])}
	}
	row.Variant = sim.Variant(rec[1])
	if row.Variant != sim.Baseline && row.Variant != sim.Disrupted {
		return DailyRow{}, &input.Error{Pos: at(1), Msg: fmt.Sprintf("variant: expected baseline or scenario, got %q", rec[1])}
	}
	if row.Date, err = time.Parse(input.DateLayout, rec[2]); err != nil {
		return DailyRow{}, &input.Error{Pos: at(2), Msg: fmt.Sprintf("date: expected YYYY-MM-DD, got %q", rec[2])}
	}
	for j, c := range dr.cols {
		if err := c.set(&row.Day, rec[3+j]); err != nil {
			return DailyRow{}, &input.Error{Pos: at(3 + j), Msg: c.name + ": " + err.Error()}
		}
	}
	return row, nil
}

// Pos returns the position in the file of the start of the row read last.
func (dr *DailyReader) Pos() input.Pos {
	l, c := dr.cr.FieldPos(0)
	return input.Pos{File: dr.name, Line: l, Col: c}
}

// csvError is input.CSVError, and for an empty file a message asking for
// daily.csv's header.
func csvError(name string, err error) error {
	if err == io.EOF {
		return &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: "empty file; expected a daily.csv header"}
	}
	return input.CSVError(name, err)
}
