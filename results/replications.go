package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// ReplicationsHeader returns the header of a result's replications.csv: replication
// and variant, every metric (r.Metrics()), every risk metric
// (r.RiskMetrics(), prefixed "risk."), and for each disruption k (from 1)
// whether it happened in the run and its window.
func ReplicationsHeader(r *sim.Result) []string {
	h := []string{"replication", "variant"}
	for _, m := range r.Metrics() {
		h = append(h, string(m.Name))
	}
	for _, m := range r.RiskMetrics() {
		h = append(h, "risk."+string(m.Name))
	}
	for k := range r.Windows {
		p := fmt.Sprintf("disruption%d_", k+1)
		h = append(h, p+"occurred", p+"from", p+"until")
	}
	for _, a := range r.Scenario.Assumptions {
		h = append(h, "assumption."+a.Path)
	}
	return h
}

// NewReplicationsTable returns the table of a result's replications.csv: one row per
// replication done and variant (baseline first), with the run's value of
// every metric and, on the scenario's rows, the pair's risk metrics and
// the windows the run drew (risk and window cells are empty on baseline
// rows), then the values the pair drew for the scenario's assumptions.
// Numbers are written in full (the shortest text that reads back to the
// same value); a metric without a value is an empty cell; times are RFC
// 3339 in UTC. It is the table ReadReplicationsCSV reads back from what
// WriteReplicationsCSV writes.
func NewReplicationsTable(r *sim.Result) *ReplicationsTable {
	t := &ReplicationsTable{Header: ReplicationsHeader(r)}
	num := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	nRisk := len(r.RiskMetrics())
	for i, done := range r.Done {
		if !done {
			continue
		}
		risk := r.RiskValues(i)
		for _, run := range []*sim.Run{&r.Baseline[i], &r.Disrupted[i]} {
			var cells []string
			for _, x := range r.ReplicationValues(i, run.Variant) {
				cells = append(cells, num(x))
			}
			if run.Variant == sim.Baseline {
				for range nRisk + 3*len(r.Windows) {
					cells = append(cells, "")
				}
			} else {
				for _, x := range risk {
					cells = append(cells, num(x))
				}
				for k := range r.Windows {
					occurred, from, until := "0", "", ""
					if k < len(run.Windows) && run.Windows[k].Occurred {
						w := run.Windows[k]
						occurred, from, until = "1", w.From.UTC().Format(time.RFC3339), w.Until.UTC().Format(time.RFC3339)
					}
					cells = append(cells, occurred, from, until)
				}
			}
			// The assumptions' values, on both rows: the pair shares them.
			for k := range r.Scenario.Assumptions {
				x := math.NaN()
				if k < len(run.Assumptions) {
					x = run.Assumptions[k]
				}
				cells = append(cells, num(x))
			}
			t.Rows = append(t.Rows, newReplicationRow(i, run.Variant, cells))
		}
	}
	return t
}

// newReplicationRow makes a row from its cells, with their values.
func newReplicationRow(rep int, v sim.Variant, cells []string) ReplicationRow {
	row := ReplicationRow{Replication: rep, Variant: v, Cells: cells}
	for _, c := range cells {
		x, err := strconv.ParseFloat(c, 64)
		if err != nil {
			x = math.NaN()
		}
		row.Values = append(row.Values, x)
	}
	return row
}

// WriteCSV writes the table as replications.csv.
func (t *ReplicationsTable) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := cw.Write(append([]string{strconv.Itoa(row.Replication), string(row.Variant)}, row.Cells...)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WaitTable is the distribution of anchorage waits of a study, the
// content of waits.csv: by variant, the vessels that started their
// transit in the reported days in each bin of sim.Run.Waits, summed over the
// replications done.
type WaitTable struct {
	Baseline, Scenario []int
}

// NewWaitTable returns a result's wait distribution.
func NewWaitTable(r *sim.Result) *WaitTable {
	t := &WaitTable{Baseline: make([]int, sim.WaitBins), Scenario: make([]int, sim.WaitBins)}
	for i, done := range r.Done {
		if !done {
			continue
		}
		b, s := r.ReplicationWaits(i)
		for k := range sim.WaitBins {
			if k < len(b) {
				t.Baseline[k] += b[k]
			}
			if k < len(s) {
				t.Scenario[k] += s[k]
			}
		}
	}
	return t
}

// WriteCSV writes waits.csv: columns from_h and to_h (the bin, hours; the
// last bin's to_h is empty: open-ended), baseline and scenario (vessels).
func (t *WaitTable) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"from_h", "to_h", "baseline", "scenario"}); err != nil {
		return err
	}
	for k := range t.Baseline {
		to := strconv.Itoa((k + 1) * sim.WaitBinHours)
		if k == len(t.Baseline)-1 {
			to = ""
		}
		if err := cw.Write([]string{strconv.Itoa(k * sim.WaitBinHours), to, strconv.Itoa(t.Baseline[k]), strconv.Itoa(t.Scenario[k])}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadWaitsCSV reads waits.csv as WriteCSV writes it; name is used in
// messages, which carry the line and column of any problem.
func ReadWaitsCSV(name string, r io.Reader) (*WaitTable, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	t := &WaitTable{}
	err := eachRecord(name, cr, func(line int, rec []string) error {
		if line == 1 {
			if strings.Join(rec, ",") != "from_h,to_h,baseline,scenario" {
				return &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: "unexpected waits.csv columns; expected from_h,to_h,baseline,scenario"}
			}
			return nil
		}
		var b, s int
		for c, dst := range []*int{nil, nil, &b, &s} {
			if dst == nil {
				continue
			}
			var err error
			if *dst, err = strconv.Atoi(rec[c]); err != nil || *dst < 0 {
				return fieldError(name, cr, line, c, "expected a count of vessels, got %q", rec[c])
			}
		}
		t.Baseline = append(t.Baseline, b)
		t.Scenario = append(t.Scenario, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(t.Baseline) == 0 {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: "waits.csv has no rows"}
	}
	return t, nil
}

// ReplicationsTable is replications.csv as read back: its header and, for
// each row, the replication, the variant and every cell after them (as
// text, and as a number where it is one: NaN for an empty or text cell).
type ReplicationsTable struct {
	Header []string
	Rows   []ReplicationRow
}

// ReplicationRow is a row of replications.csv.
type ReplicationRow struct {
	Replication int
	Variant     sim.Variant
	Cells       []string  // the cells after replication and variant
	Values      []float64 // Cells as numbers (NaN where not one)
}

// ReadReplicationsCSV reads replications.csv; name is used in messages,
// which carry the line and column of any problem.
func ReadReplicationsCSV(name string, r io.Reader) (*ReplicationsTable, error) {
	cr := csv.NewReader(r)
	t := &ReplicationsTable{}
	err := eachRecord(name, cr, func(line int, rec []string) error {
		if line == 1 {
			if len(rec) < 2 || rec[0] != "replication" || rec[1] != "variant" {
				return &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: "unexpected replications.csv header; expected replication,variant,..."}
			}
			t.Header = rec
			return nil
		}
		rep, err := strconv.Atoi(rec[0])
		if err != nil || rep < 0 {
			return fieldError(name, cr, line, 0, "expected a replication number, got %q", rec[0])
		}
		if v := sim.Variant(rec[1]); v != sim.Baseline && v != sim.Disrupted {
			return fieldError(name, cr, line, 1, "expected baseline or scenario, got %q", rec[1])
		}
		t.Rows = append(t.Rows, newReplicationRow(rep, sim.Variant(rec[1]), rec[2:]))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if t.Header == nil {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: "replications.csv is empty"}
	}
	return t, nil
}

// Column returns the values of a column for the rows of one variant, in
// file order, or an error naming the column when there is none.
func (t *ReplicationsTable) Column(v sim.Variant, name string) ([]float64, error) {
	k := -1
	for i, h := range t.Header {
		if h == name {
			k = i - 2
		}
	}
	if k < 0 {
		return nil, fmt.Errorf("results: replications.csv has no column %q", name)
	}
	var out []float64
	for _, r := range t.Rows {
		if r.Variant == v {
			out = append(out, r.Values[k])
		}
	}
	return out, nil
}

// eachRecord reads the records of a results folder's CSV file (a table
// canalsim wrote, in a fixed format) and gives each to row with its line,
// from 1 (the header), to the end of the file or the first error, from
// reading (at its position) or from row.
func eachRecord(name string, cr *csv.Reader, row func(line int, rec []string) error) error {
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(name, err)
		}
		if line == 1 && len(rec) > 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff") // as a spreadsheet may save it
		}
		if err := row(line, rec); err != nil {
			return err
		}
	}
}

// fieldError is a problem with field c of the record cr read last, at
// line of the named file.
func fieldError(name string, cr *csv.Reader, line, c int, format string, args ...any) error {
	_, col := cr.FieldPos(c)
	return &input.Error{Pos: input.Pos{File: name, Line: line, Col: col}, Msg: fmt.Sprintf(format, args...)}
}
