package main

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// Records a run can write besides its results (--records), each a CSV
// file of the same name, and a Parquet file with --parquet
// (docs/outputs.md); their columns are recordColumns.
const (
	recordLockages = "lockages"
	recordVessels  = "vessels"
	recordCalls    = "calls"
)

// recordKinds are the records "canalsim run --records" can write.
var recordKinds = []string{recordLockages, recordVessels, recordCalls}

// parseRecords checks the values of --records and returns them in the
// order of recordKinds, each once.
func parseRecords(values []string) ([]string, error) {
	want := map[string]bool{}
	for _, v := range values {
		if !contains(recordKinds, v) {
			if s := input.Suggest(v, recordKinds); s != "" {
				return nil, usagef("--records: unknown record %s; did you mean %q?", input.Quote(v), s)
			}
			return nil, usagef("--records: unknown record %s; expected one of: %s", input.Quote(v), strings.Join(recordKinds, ", "))
		}
		want[v] = true
	}
	var out []string
	for _, k := range recordKinds {
		if want[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

// recordLog gathers a study's records as CSV rows, by replication and
// variant, so that each file comes out in replication order whatever the
// order the replications ran in. Each replication is run by one
// goroutine, and writes only its own slots.
type recordLog struct {
	kinds []string
	slots [][2]recordSlot // by replication: baseline, scenario
}

// recordSlot is the rows of one run, by kind, and its vessels still in
// the network.
type recordSlot struct {
	rows    map[string]*bytes.Buffer
	vessels map[int]*vesselRow
}

// vesselRow is a vessel's record as its events come.
type vesselRow struct {
	e                  sim.VesselEvent
	arrived            time.Time
	start, end         time.Time
	waited, canalWait  time.Duration
	hasStart, hasEnded bool
}

func newRecordLog(replications int, kinds []string) *recordLog {
	g := &recordLog{kinds: kinds, slots: make([][2]recordSlot, replications)}
	for i := range g.slots {
		for j := range g.slots[i] {
			g.slots[i][j] = recordSlot{rows: map[string]*bytes.Buffer{}, vessels: map[int]*vesselRow{}}
			for _, k := range kinds {
				g.slots[i][j].rows[k] = &bytes.Buffer{}
			}
		}
	}
	return g
}

// recordTime is the layout of the times in the records: Panama local
// time, to the second.
const recordTime = "2006-01-02T15:04:05"

func (g *recordLog) slot(rep int, v sim.Variant) *recordSlot {
	i := 0
	if v == sim.Disrupted {
		i = 1
	}
	return &g.slots[rep][i]
}

// observer returns the hooks that fill the log.
func (g *recordLog) observer() *sim.Observer {
	o := &sim.Observer{}
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	hours := func(d time.Duration) string { return strconv.FormatFloat(d.Hours(), 'f', 3, 64) }
	if contains(g.kinds, recordLockages) {
		o.Lockage = func(rep int, v sim.Variant, l sim.Lockage) {
			b := g.slot(rep, v).rows[recordLockages]
			chamber, dir := "", "down"
			if l.Chamber >= 0 {
				chamber = strconv.Itoa(l.Chamber)
			}
			if l.Up {
				dir = "up"
			}
			var vs []byte
			for j, n := range l.Vessels {
				if j > 0 {
					vs = append(vs, ' ')
				}
				vs = strconv.AppendInt(vs, int64(n), 10)
			}
			row(b, strconv.Itoa(rep), string(v), l.Lock, strconv.Itoa(l.Lane), chamber, dir,
				l.Start.Format(recordTime), l.End.Format(recordTime), strconv.FormatBool(l.Empty), string(vs), num(l.WaterMgal))
		}
	}
	if contains(g.kinds, recordVessels) {
		o.Arrival = func(rep int, v sim.Variant, e sim.VesselEvent) {
			g.slot(rep, v).vessels[e.Vessel] = &vesselRow{e: e, arrived: e.Time}
		}
		o.TransitStart = func(rep int, v sim.Variant, e sim.VesselEvent) {
			if r := g.slot(rep, v).vessels[e.Vessel]; r != nil {
				r.start, r.waited, r.hasStart, r.e.Booked = e.Time, e.Waited, true, e.Booked
			}
		}
		o.TransitEnd = func(rep int, v sim.Variant, e sim.VesselEvent) {
			if r := g.slot(rep, v).vessels[e.Vessel]; r != nil {
				r.end, r.canalWait, r.hasEnded = e.Time, e.CanalWait, true
			}
		}
		leave := func(outcome string) func(int, sim.Variant, sim.VesselEvent) {
			return func(rep int, v sim.Variant, e sim.VesselEvent) {
				s := g.slot(rep, v)
				r := s.vessels[e.Vessel]
				if r == nil {
					return
				}
				delete(s.vessels, e.Vessel)
				start, waited, end, canal := "", "", "", ""
				if r.hasStart {
					start, waited = r.start.Format(recordTime), hours(r.waited)
				}
				if r.hasEnded {
					end, canal = r.end.Format(recordTime), hours(r.canalWait)
				}
				row(s.rows[recordVessels], strconv.Itoa(rep), string(v), strconv.Itoa(e.Vessel), r.e.Stream, r.e.Class, r.e.Segment, r.e.Carrier, r.e.Flag,
					strconv.FormatBool(r.e.Booked), r.arrived.Format(recordTime), start, waited, end, canal, e.Time.Format(recordTime), outcome, e.Node)
			}
		}
		o.Departure = leave("departed")
		o.Diversion = leave("diverted")
	}
	if contains(g.kinds, recordCalls) {
		o.Call = func(rep int, v sim.Variant, c sim.CallRecord) {
			row(g.slot(rep, v).rows[recordCalls], strconv.Itoa(rep), string(v), strconv.Itoa(c.Vessel), c.Planned, c.Terminal,
				strconv.FormatFloat(c.TEU, 'f', 1, 64), c.Start.Format(recordTime), c.End.Format(recordTime))
		}
	}
	return o
}

// row appends a CSV row to b (quoting fields that need it, such as a
// stream's name with a comma).
func row(b *bytes.Buffer, fields ...string) {
	w := csv.NewWriter(b)
	_ = w.Write(fields) // a bytes.Buffer does not fail
	w.Flush()
}

// writer returns the writer of one kind's CSV file: its header, then its
// rows by replication and variant (baseline first), in the order they
// came.
func (g *recordLog) writer(kind string) func(io.Writer) error {
	return func(w io.Writer) error {
		if _, err := io.WriteString(w, recordHeader(kind)); err != nil {
			return err
		}
		for i := range g.slots {
			for j := range g.slots[i] {
				if _, err := w.Write(g.slots[i][j].rows[kind].Bytes()); err != nil {
					return err
				}
			}
		}
		return nil
	}
}
