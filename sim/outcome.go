package sim

import "math"

// This file reduces each replication, once both its runs are done, to
// the figures the summary and replications.csv are computed from (its
// outcome), so that a study need not keep every run's days to summarise
// it: see Options.DropDays. The statistics across replications
// (SummarizeWith, Replications) read only outcomes.

// outcome is what the summary takes from one replication.
type outcome struct {
	// base and scen are the runs' values of every metric (Values).
	base, scen []float64
	// risk holds the pair's risk metrics (RiskMetrics).
	risk []float64
	// costs holds the quantity of each cost item over the run
	// (costItems).
	costs []float64
	// windows holds the effect of each disruption window (Result.Windows).
	windows []windowOutcome
}

// windowOutcome is a window's effect in one replication.
type windowOutcome struct {
	// touched says whether the window fell on a reported day; the other
	// fields are set only then.
	touched bool
	// days is the number of reported days it touched; recover the days
	// until throughput was back after it (NaN when it was not).
	days, recover float64
	// during and recovery hold the window metrics (windowMetrics) over
	// its days and over the recovery after it; recovery is nil when the
	// recovery has no day.
	during, recovery []spanValue
	// costs holds the quantity of each cost item over its days.
	costs []float64
}

// spanValue is a window metric over a span of days: per day of the span
// and summed over it, in each run of the pair.
type spanValue struct {
	base, scen, baseTotal, scenTotal float64
}

// reducer computes outcomes: what a result's outcomes need that does not
// change from one replication to the next.
type reducer struct {
	items   []costItem
	metrics []windowMetric
}

// newReducer returns the reducer of r. It reads the days of r's first
// replication done when r has no scenario to give the reported dates.
func (r *Result) newReducer() *reducer {
	return &reducer{items: r.costItems(r.costRates()), metrics: r.windowMetrics()}
}

// reduce computes the outcome of the pair of runs b (baseline) and s
// (scenario) of one replication.
func (r *Result) reduce(red *reducer, b, s *Run) *outcome {
	o := &outcome{base: r.Values(b), scen: r.Values(s), risk: r.riskValues(b, s), costs: quantities(red.items, b.Days, s.Days)}
	for k := range r.Windows {
		var w windowOutcome
		if k < len(s.Windows) {
			lo, hi := windowSpan(s.Days, s.Windows[k])
			if hi > lo {
				w = red.window(b.Days, s.Days, lo, hi)
			}
		}
		o.windows = append(o.windows, w)
	}
	return o
}

// window computes the outcome of a window that touched the reported days
// [lo, hi) of the runs' days b and s.
func (red *reducer) window(b, s []Day, lo, hi int) windowOutcome {
	w := windowOutcome{touched: true, days: float64(hi - lo), recover: recoverFrom(b, s, hi)}
	w.during = red.span(b[lo:hi], s[lo:hi])
	end := len(s)
	if !math.IsNaN(w.recover) {
		end = hi + int(w.recover)
	}
	if end > hi {
		w.recovery = red.span(b[hi:end], s[hi:end])
	}
	w.costs = quantities(red.items, b[lo:hi], s[lo:hi])
	return w
}

// span computes the window metrics over the spans b and s.
func (red *reducer) span(b, s []Day) []spanValue {
	out := make([]spanValue, len(red.metrics))
	for j, m := range red.metrics {
		bv, bt := m.value(b)
		sv, st := m.value(s)
		out[j] = spanValue{bv, sv, bt, st}
	}
	return out
}

// quantities returns the quantity of each cost item over the spans b and
// s.
func quantities(items []costItem, b, s []Day) []float64 {
	q := make([]float64, len(items))
	for j, it := range items {
		q[j] = it.quantity(b, s)
	}
	return q
}

// outcome returns replication i's outcome: the one stored when it was
// done, or else computed from its runs' days (for a Result built by hand).
func (r *Result) outcome(i int) *outcome {
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
