package sim

import (
	"iter"
	"math"
	"slices"
)

// This file reduces each replication, once both its runs are done, to
// the figures the statistics across replications are computed from (its
// Outcome), so that a study need not keep every run's days to describe
// it: see Options.DropDays. Package results describes outcomes
// (summary.json, replications.csv).

// Outcome is what one replication's pair of runs comes to: the figures
// the statistics across replications are computed from.
type Outcome struct {
	// Baseline and Disrupted are the runs' values of every metric, in the
	// order of Result.Metrics (NaN: no value).
	Baseline, Disrupted []float64
	// Risk holds the pair's risk metrics, in the order of
	// Result.RiskMetrics (NaN: no value).
	Risk []float64
	// Costs holds the quantity of each cost item over the run, in the
	// order of Result.CostItems.
	Costs []float64
	// Windows holds the effect of each disruption window, in the order
	// of Result.Windows.
	Windows []WindowOutcome
}

// WindowOutcome is a disruption window's effect in one replication.
type WindowOutcome struct {
	// Touched says whether the window fell on a reported day; the other
	// fields are set only then.
	Touched bool
	// Days is the number of reported days it touched; Recover the days
	// until throughput was back after it (NaN when it was not).
	Days, Recover float64
	// During and Recovery hold the window metrics (Result.WindowMetrics)
	// over its days and over the recovery after it; Recovery is nil when
	// the recovery has no day.
	During, Recovery []SpanValue
	// Costs holds the quantity of each cost item over its days.
	Costs []float64
}

// SpanValue is a window metric over a span of days: per day of the span
// and summed over it, in each run of the pair.
type SpanValue struct {
	Baseline, Disrupted, BaselineTotal, DisruptedTotal float64
}

// reducer computes outcomes: what a result's outcomes need that does not
// change from one replication to the next.
type reducer struct {
	items   []CostItem
	metrics []WindowMetric
}

// newReducer returns the reducer of r. It reads the days of r's first
// replication done when r has no scenario to give the reported dates.
func (r *Result) newReducer() *reducer {
	return &reducer{items: r.costItems(r.costRates()), metrics: r.windowMetrics()}
}

// reduce computes the outcome of the pair of runs b (baseline) and s
// (scenario) of one replication.
func (r *Result) reduce(red *reducer, b, s *Run) *Outcome {
	o := &Outcome{Baseline: r.Values(b), Disrupted: r.Values(s), Risk: r.riskValues(b, s), Costs: quantities(red.items, b.Days, s.Days)}
	for k := range r.Windows {
		var w WindowOutcome
		if k < len(s.Windows) {
			lo, hi := windowSpan(s.Days, s.Windows[k])
			if hi > lo {
				w = red.window(b.Days, s.Days, lo, hi)
			}
		}
		o.Windows = append(o.Windows, w)
	}
	return o
}

// window computes the outcome of a window that touched the reported days
// [lo, hi) of the runs' days b and s.
func (red *reducer) window(b, s []Day, lo, hi int) WindowOutcome {
	w := WindowOutcome{Touched: true, Days: float64(hi - lo), Recover: recoverFrom(b, s, hi)}
	w.During = red.span(b[lo:hi], s[lo:hi])
	end := len(s)
	if !math.IsNaN(w.Recover) {
		end = hi + int(w.Recover)
	}
	if end > hi {
		w.Recovery = red.span(b[hi:end], s[hi:end])
	}
	w.Costs = quantities(red.items, b[lo:hi], s[lo:hi])
	return w
}

// span computes the window metrics over the spans b and s.
func (red *reducer) span(b, s []Day) []SpanValue {
	out := make([]SpanValue, len(red.metrics))
	for j, m := range red.metrics {
		bv, bt := m.value(b)
		sv, st := m.value(s)
		out[j] = SpanValue{bv, sv, bt, st}
	}
	return out
}

// quantities returns the quantity of each cost item over the spans b and
// s.
func quantities(items []CostItem, b, s []Day) []float64 {
	q := make([]float64, len(items))
	for j, it := range items {
		q[j] = it.quantity(b, s)
	}
	return q
}

// Outcome returns replication i's outcome, which must have been done
// (Result.Done): the one stored when it was done, or else computed from
// its runs' days (for a Result built by hand). It is a copy: the caller
// may change it.
func (r *Result) Outcome(i int) Outcome {
	o := r.outcome(i)
	c := Outcome{Baseline: slices.Clone(o.Baseline), Disrupted: slices.Clone(o.Disrupted), Risk: slices.Clone(o.Risk), Costs: slices.Clone(o.Costs)}
	for _, w := range o.Windows {
		w.During, w.Recovery, w.Costs = slices.Clone(w.During), slices.Clone(w.Recovery), slices.Clone(w.Costs)
		c.Windows = append(c.Windows, w)
	}
	return c
}

// Outcomes yields each done replication and its outcome, in replication
// order, without a copy: the outcomes are the result's own, to be read
// and not changed or kept (Outcome gives a copy). A summary of many
// replications reads them this way.
func (r *Result) Outcomes() iter.Seq2[int, *Outcome] {
	return func(yield func(int, *Outcome) bool) {
		for i, done := range r.Done {
			if done && !yield(i, r.outcome(i)) {
				return
			}
		}
	}
}

// outcome returns replication i's outcome: the one stored when it was
// done, or else computed from its runs' days (for a Result built by hand).
func (r *Result) outcome(i int) *Outcome {
	if i < len(r.outcomes) && r.outcomes[i] != nil {
		return r.outcomes[i]
	}
	return r.reduce(r.reduction(), &r.Baseline[i], &r.Disrupted[i])
}

// reduction returns r's reducer, made on first use for a Result built by
// hand (newResult makes it for a study's, before its workers start).
func (r *Result) reduction() *reducer {
	if r.reducer == nil {
		r.reducer = r.newReducer()
	}
	return r.reducer
}

// store computes and keeps replication i's outcome from its runs. Study's
// workers call it at once for different replications: it only reads r's
// reducer, made by newResult, and writes its own entry.
func (r *Result) store(i int) {
	r.outcomes[i] = r.reduce(r.reducer, &r.Baseline[i], &r.Disrupted[i])
}
