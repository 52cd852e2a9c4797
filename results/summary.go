package results

import (
	"encoding/json"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/canalsim/canalsim/sim"
)

// This file holds the statistics across replications of summary.json:
// each metric's, for the baseline, the scenario and their paired
// difference, from the replications' outcomes (sim.Outcome).

// Stats describe one metric across replications.
type Stats struct {
	// N is the number of replications with a value (NaN values, such as
	// the canal waters time of a run without transits, are left out).
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	// CI95 is the 95% confidence interval of the mean (Student's t);
	// nil when N < 2.
	CI95 *[2]float64 `json:"ci95"`
	// P5, P50 and P95 are percentiles across replications, by linear
	// interpolation between order statistics.
	P5  float64 `json:"p5"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// Describe computes Stats of xs. NaNs are ignored; with no value left the
// result has N == 0 and NaN fields.
func Describe(xs []float64) Stats {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		nan := math.NaN()
		return Stats{Mean: nan, P5: nan, P50: nan, P95: nan}
	}
	slices.Sort(v)
	s := Stats{
		N:    len(v),
		Mean: stat.Mean(v, nil),
		P5:   quantile(0.05, v),
		P50:  quantile(0.50, v),
		P95:  quantile(0.95, v),
	}
	if len(v) >= 2 {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(v) - 1)}.Quantile(0.975)
		half := t * stat.StdDev(v, nil) / math.Sqrt(float64(len(v)))
		s.CI95 = &[2]float64{s.Mean - half, s.Mean + half}
	}
	return s
}

// quantile is the p-quantile of sorted x with linear interpolation
// between order statistics (type 7 of Hyndman and Fan, the default of R
// and NumPy).
func quantile(p float64, x []float64) float64 {
	h := p * float64(len(x)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-lo)*(x[i+1]-x[i])
}

// Comparison is one metric for the scenario, its baseline and their
// paired difference (scenario minus baseline, replication by replication).
type Comparison struct {
	Unit       string `json:"unit"`
	Scenario   Stats  `json:"scenario"`
	Baseline   Stats  `json:"baseline"`
	Difference Stats  `json:"difference"`
	// Split divides the spread of the difference between the scenario's
	// assumptions and randomness; nil without assumptions (or with too
	// few replications to tell).
	Split *Split `json:"split,omitempty"`
}

// Summary is the content of summary.json.
type Summary struct {
	Scenario     string                        `json:"scenario"`
	Replications int                           `json:"replications"`
	Days         int                           `json:"days"`
	Metrics      map[sim.MetricName]Comparison `json:"metrics"`
	// Risk holds the risk metrics: figures of each replication's pair,
	// described across replications.
	Risk map[sim.MetricName]Risk `json:"risk"`
	// TerminalSides maps each terminal to its side of the isthmus
	// ("atlantic" or "pacific"), from the network that ran.
	TerminalSides map[string]string `json:"terminal_sides,omitempty"`
	// Windows holds each disruption window's effect where it happens:
	// the key metrics over the days of the window and of the recovery
	// after it, in the order of the scenario's disruptions.
	Windows []WindowEffect `json:"windows"`
	// Costs says who pays for the scenario, in US dollars, over the
	// reported days: the canal, the terminal operators, the railway and
	// the shipowners.
	Costs *Costs `json:"costs,omitempty"`
}

// Summarize computes the statistics of every metric across the
// replications done.
func Summarize(r *sim.Result) *Summary {
	s, _ := SummarizeWith(r, nil) // no thresholds, no error
	return s
}

// SummarizeWith is Summarize with the probabilities that risk metrics
// exceed the given thresholds; a threshold on an unknown metric is an
// error.
func SummarizeWith(r *sim.Result, thresholds []Threshold) (*Summary, error) {
	risk, err := risks(r, thresholds)
	if err != nil {
		return nil, err
	}
	ms := r.Metrics()
	base := make([][]float64, len(ms))
	scen := make([][]float64, len(ms))
	diff := make([][]float64, len(ms))
	n := 0
	var drawn [][]float64
	for i, o := range r.Outcomes() {
		n++
		drawn = append(drawn, r.Disrupted[i].Assumptions)
		b, s := o.Baseline, o.Disrupted
		for j := range ms {
			base[j] = append(base[j], b[j])
			scen[j] = append(scen[j], s[j])
			diff[j] = append(diff[j], s[j]-b[j])
		}
	}
	sum := &Summary{Scenario: r.Scenario.Name, Replications: n, Days: r.Scenario.Days, Metrics: map[sim.MetricName]Comparison{}, Risk: risk,
		TerminalSides: r.TerminalSides(), Windows: windows(r)}
	sum.Costs = costs(r, func(o *sim.Outcome) []float64 { return o.Costs })
	for j, m := range ms {
		c := Comparison{Unit: m.Unit, Scenario: Describe(scen[j]), Baseline: Describe(base[j]), Difference: Describe(diff[j])}
		if len(r.Scenario.Assumptions) > 0 {
			c.Split = split(diff[j], drawn)
		}
		sum.Metrics[m.Name] = c
	}
	return sum, nil
}

// MarshalJSON writes the stats with null in place of NaN (JSON has no
// NaN), so a metric without values still gives valid JSON.
func (s Stats) MarshalJSON() ([]byte, error) {
	num := func(x float64) any {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	}
	return json.Marshal(struct {
		N    int         `json:"n"`
		Mean any         `json:"mean"`
		CI95 *[2]float64 `json:"ci95"`
		P5   any         `json:"p5"`
		P50  any         `json:"p50"`
		P95  any         `json:"p95"`
	}{s.N, num(s.Mean), s.CI95, num(s.P5), num(s.P50), num(s.P95)})
}

// UnmarshalJSON reads stats written by MarshalJSON (null as NaN).
func (s *Stats) UnmarshalJSON(b []byte) error {
	var raw struct {
		N    int         `json:"n"`
		Mean *float64    `json:"mean"`
		CI95 *[2]float64 `json:"ci95"`
		P5   *float64    `json:"p5"`
		P50  *float64    `json:"p50"`
		P95  *float64    `json:"p95"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	val := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	*s = Stats{N: raw.N, Mean: val(raw.Mean), CI95: raw.CI95, P5: val(raw.P5), P50: val(raw.P50), P95: val(raw.P95)}
	return nil
}
