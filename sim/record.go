package sim

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/canalsim/canalsim/sim/kernel"
)

// Record is a replication kept without its days: its two runs with Days
// nil, and what the summary and the replications table take from their
// days (its outcome, computed when the replication was done). A program
// that writes the days elsewhere (daily.csv) keeps a study's replications
// as Records, in a file or across machines, and rebuilds its Result from
// them with SetRecord: the summary of that Result is the same bytes as
// that of the study that ran them.
//
// A Record encodes with encoding/gob (GobEncode; a stream of them with a
// RecordEncoder); it is valid only for a Result of the same study
// (scenario, network and demand).
type Record struct {
	Replication         int
	Baseline, Disrupted Run
	outcome             *Outcome
}

// Record returns replication i's record. Its runs share their slices
// (Waits, Windows, Assumptions) with the Result's.
func (r *Result) Record(i int) (Record, error) {
	if i < 0 || i >= len(r.Done) || !r.Done[i] {
		return Record{}, fmt.Errorf("sim: replication %d is not done", i)
	}
	b, s := r.Baseline[i], r.Disrupted[i]
	b.Days, s.Days = nil, nil
	if b.Waits == nil && i < len(r.packed) {
		b.Waits, s.Waits = r.packed[i].base.unpack(), r.packed[i].scen.unpack()
	}
	return Record{Replication: i, Baseline: b, Disrupted: s, outcome: r.outcome(i)}, nil
}

// SetRecord stores a replication from its record, as Set stores it from
// its runs, without days (its wait bins packed, as Options.DropDays packs
// them). It is an error for a record that does not fit r's study: a
// replication out of range, other windows, metrics, risk metrics, cost
// items or wait bins, or runs that are not the record's replication.
func (r *Result) SetRecord(rec Record) error {
	i := rec.Replication
	if i < 0 || i >= len(r.Done) {
		return fmt.Errorf("sim: record of replication %d out of range 0..%d", i, len(r.Done)-1)
	}
	b, s := rec.Baseline, rec.Disrupted
	if b.Variant != Baseline || s.Variant != Disrupted || b.Replication != i || s.Replication != i {
		return fmt.Errorf("sim: record of replication %d holds runs of %s %d and %s %d", i, b.Variant, b.Replication, s.Variant, s.Replication)
	}
	if rec.outcome == nil {
		return fmt.Errorf("sim: record of replication %d has no outcome (not made by Result.Record)", i)
	}
	if msg := r.fits(rec); msg != "" {
		return fmt.Errorf("sim: record of replication %d is not of this study: %s", i, msg)
	}
	b.Days, s.Days = nil, nil
	r.Baseline[i], r.Disrupted[i], r.Done[i] = b, s, true
	r.prepare()
	r.outcomes[i] = rec.outcome
	r.pack(i)
	return nil
}

// prepare makes r's per-replication stores, for a Result built by hand.
func (r *Result) prepare() {
	if r.outcomes == nil {
		r.outcomes = make([]*Outcome, len(r.Done))
	}
	if r.packed == nil {
		r.packed = make([]packedWaits, len(r.Done))
	}
}

// packedWaits holds a replication's wait bins (Run.Waits) in less room:
// a run's counts as int32, without the trailing empty bins (most waits
// are short, and the bins run to 30 days).
type packedWaits struct{ base, scen packedBins }

type packedBins []int32

// pack moves replication i's wait bins out of its runs into r.packed.
// Study's workers call it at once for different replications.
func (r *Result) pack(i int) {
	b, s := &r.Baseline[i], &r.Disrupted[i]
	if b.Waits == nil && s.Waits == nil {
		return
	}
	r.packed[i] = packedWaits{packBins(b.Waits), packBins(s.Waits)}
	b.Waits, s.Waits = nil, nil
}

func packBins(w []int) packedBins {
	n := len(w)
	for n > 0 && w[n-1] == 0 {
		n--
	}
	p := make(packedBins, n)
	for k, x := range w[:n] {
		p[k] = int32(min(x, math.MaxInt32))
	}
	return p
}

// unpack returns the bins as Run.Waits holds them.
func (p packedBins) unpack() []int {
	w := make([]int, WaitBins)
	for k, x := range p {
		w[k] = int(x)
	}
	return w
}

// The bins of Run.Waits: WaitBins bins of WaitBinHours hours, the last
// open-ended (30 days and more).
const (
	WaitBinHours = 2
	WaitBins     = 30*24/WaitBinHours + 1
)

// waitBin returns the bin of a wait.
func waitBin(w kernel.Time) int {
	return min(int(w/(WaitBinHours*kernel.Hour)), WaitBins-1)
}

// ReplicationValues returns the value of every metric (in the order of
// r.Metrics()) of replication i's run of variant v, as reduced when the
// replication was done, whether the result holds its days or not (NaN
// where a metric has none). Replication i must be done.
func (r *Result) ReplicationValues(i int, v Variant) []float64 {
	o := r.outcome(i)
	if v == Baseline {
		return slices.Clone(o.Baseline)
	}
	return slices.Clone(o.Disrupted)
}

// ReplicationWaits returns replication i's anchorage waits, by variant,
// as Run.Waits bins them (WaitBins bins of WaitBinHours), whether the
// result holds its days or not. Replication i must be done.
func (r *Result) ReplicationWaits(i int) (baseline, disrupted []int) {
	b, s := r.waits(i)
	return slices.Clone(b), slices.Clone(s)
}

// waits returns replication i's wait bins, by variant, wherever they are.
func (r *Result) waits(i int) (base, scen []int) {
	b, s := r.Baseline[i].Waits, r.Disrupted[i].Waits
	if b == nil && s == nil && i < len(r.packed) {
		return r.packed[i].base.unpack(), r.packed[i].scen.unpack()
	}
	return b, s
}

// fits says what in rec does not fit r's study, or "".
func (r *Result) fits(rec Record) string {
	o, red := rec.outcome, r.reduction()
	for _, run := range []*Run{&rec.Baseline, &rec.Disrupted} {
		if len(run.Waits) != WaitBins {
			return fmt.Sprintf("its %s run has %d wait bins, not %d", run.Variant, len(run.Waits), WaitBins)
		}
	}
	switch {
	case len(rec.Disrupted.Windows) != len(r.Windows) || len(o.Windows) != len(r.Windows):
		return fmt.Sprintf("%d disruption windows, the study %d", len(o.Windows), len(r.Windows))
	case len(o.Baseline) != len(r.Metrics()) || len(o.Disrupted) != len(o.Baseline):
		return fmt.Sprintf("%d metrics, the study %d", len(o.Baseline), len(r.Metrics()))
	case len(o.Risk) != len(r.RiskMetrics()):
		return fmt.Sprintf("%d risk metrics, the study %d", len(o.Risk), len(r.RiskMetrics()))
	case len(o.Costs) != len(red.items):
		return fmt.Sprintf("%d cost items, the study %d", len(o.Costs), len(red.items))
	}
	for k, w := range o.Windows {
		switch {
		case !w.Touched:
		case len(w.During) != len(red.metrics) || w.Recovery != nil && len(w.Recovery) != len(red.metrics):
			return fmt.Sprintf("window %d has %d window metrics, the study %d", k, len(w.During), len(red.metrics))
		case len(w.Costs) != len(red.items):
			return fmt.Sprintf("window %d has %d cost items, the study %d", k, len(w.Costs), len(red.items))
		}
	}
	return ""
}

// recordGob is a Record as gob encodes it: the outcome's fields exported.
type recordGob struct {
	Replication         int
	Baseline, Disrupted Run
	Base, Scen, Risk    []float64
	Costs               []float64
	Windows             []windowGob
}

// windowGob is a windowOutcome as gob encodes it.
type windowGob struct {
	Touched          bool
	Days, Recover    float64
	During, Recovery []spanGob
	HasRecovery      bool
	Costs            []float64
}

// spanGob is a spanValue as gob encodes it.
type spanGob struct{ Base, Scen, BaseTotal, ScenTotal float64 }

// GobEncode encodes the record, its outcome included. Each value carries
// its own type information (some 3 KB); a stream of records is smaller
// written with a RecordEncoder.
func (rec Record) GobEncode() ([]byte, error) {
	g, err := rec.toGob()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = gob.NewEncoder(&buf).Encode(g)
	return buf.Bytes(), err
}

// GobDecode decodes a record encoded by GobEncode.
func (rec *Record) GobDecode(data []byte) error {
	var g recordGob
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&g); err != nil {
		return err
	}
	*rec = g.record()
	return nil
}

// RecordEncoder writes Records to a stream, one after another, as one gob
// stream: the type information once, not with every record.
type RecordEncoder struct{ enc *gob.Encoder }

// NewRecordEncoder returns an encoder that writes to w.
func NewRecordEncoder(w io.Writer) *RecordEncoder { return &RecordEncoder{gob.NewEncoder(w)} }

// Encode writes a record.
func (e *RecordEncoder) Encode(rec Record) error {
	g, err := rec.toGob()
	if err != nil {
		return err
	}
	return e.enc.Encode(g)
}

// RecordDecoder reads the Records a RecordEncoder wrote, in order.
type RecordDecoder struct{ dec *gob.Decoder }

// NewRecordDecoder returns a decoder that reads from r.
func NewRecordDecoder(r io.Reader) *RecordDecoder { return &RecordDecoder{gob.NewDecoder(r)} }

// Decode reads the next record into rec; it returns io.EOF after the
// last.
func (d *RecordDecoder) Decode(rec *Record) error {
	var g recordGob
	if err := d.dec.Decode(&g); err != nil {
		return err
	}
	*rec = g.record()
	return nil
}

// toGob returns the record as gob encodes it.
func (rec Record) toGob() (recordGob, error) {
	if rec.outcome == nil {
		return recordGob{}, fmt.Errorf("sim: record of replication %d has no outcome (not made by Result.Record)", rec.Replication)
	}
	o := rec.outcome
	g := recordGob{Replication: rec.Replication, Baseline: rec.Baseline, Disrupted: rec.Disrupted,
		Base: o.Baseline, Scen: o.Disrupted, Risk: o.Risk, Costs: o.Costs}
	for _, w := range o.Windows {
		g.Windows = append(g.Windows, windowGob{Touched: w.Touched, Days: w.Days, Recover: w.Recover,
			During: spansGob(w.During), Recovery: spansGob(w.Recovery), HasRecovery: w.Recovery != nil, Costs: w.Costs})
	}
	return g, nil
}

// record returns the Record g encodes.
func (g recordGob) record() Record {
	o := &Outcome{Baseline: g.Base, Disrupted: g.Scen, Risk: g.Risk, Costs: g.Costs}
	for _, w := range g.Windows {
		wo := WindowOutcome{Touched: w.Touched, Days: w.Days, Recover: w.Recover, During: spansOf(w.During), Costs: w.Costs}
		if w.HasRecovery {
			wo.Recovery = spansOf(w.Recovery)
			if wo.Recovery == nil {
				wo.Recovery = []SpanValue{}
			}
		}
		o.Windows = append(o.Windows, wo)
	}
	return Record{Replication: g.Replication, Baseline: g.Baseline, Disrupted: g.Disrupted, outcome: o}
}

func spansGob(s []SpanValue) []spanGob {
	var out []spanGob
	for _, v := range s {
		out = append(out, spanGob{v.Baseline, v.Disrupted, v.BaselineTotal, v.DisruptedTotal})
	}
	return out
}

func spansOf(s []spanGob) []SpanValue {
	var out []SpanValue
	for _, v := range s {
		out = append(out, SpanValue{v.Base, v.Scen, v.BaseTotal, v.ScenTotal})
	}
	return out
}
