package results

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// This file holds the risk section of summary.json: each risk metric
// across replications, and the probabilities of exceeding thresholds.

// Threshold asks how likely a risk metric is to exceed a value: the share
// of replications in which Metric > Value.
type Threshold struct {
	Metric sim.MetricName
	Value  float64
}

// ParseThreshold reads a threshold written METRIC=VALUE, such as
// "lost_teu=100000".
func ParseThreshold(s string) (Threshold, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return Threshold{}, fmt.Errorf("threshold %q: expected METRIC=VALUE, such as lost_teu=100000", s)
	}
	var t Threshold
	t.Metric = sim.MetricName(strings.TrimSpace(name))
	// The whole value must be one number: "100,000", "100k" or "100 000"
	// would otherwise read as 100.
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return Threshold{}, fmt.Errorf("threshold %s: %s is not a number; write it in digits, without separators or units, such as lost_teu=100000", input.Quote(s), input.Quote(value))
	}
	t.Value = v
	return t, nil
}

// Exceedance is the estimated probability that a risk metric exceeds a
// threshold, with its 95% Wilson score interval.
type Exceedance struct {
	Threshold float64 `json:"threshold"`
	// Probability and CI95 are nil when no replication has a value.
	Probability *float64    `json:"probability"`
	CI95        *[2]float64 `json:"ci95"`
}

// Risk describes a risk metric across replications: the statistics of
// its values, the share of replications where it is zero (a disruption
// that did not happen, or did no harm), and the probabilities of
// exceeding the thresholds asked for.
type Risk struct {
	Unit      string       `json:"unit"`
	Stats     Stats        `json:"stats"`
	ZeroShare float64      `json:"zero_share"`
	Exceed    []Exceedance `json:"exceed,omitempty"`
}

// wilson returns the 95% Wilson score interval of a proportion of k in n.
func wilson(k, n int) [2]float64 {
	if n == 0 {
		return [2]float64{math.NaN(), math.NaN()}
	}
	const z = 1.959963984540054
	p, nn := float64(k)/float64(n), float64(n)
	centre := (p + z*z/(2*nn)) / (1 + z*z/nn)
	half := z / (1 + z*z/nn) * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn))
	return [2]float64{math.Max(0, centre-half), math.Min(1, centre+half)}
}

// risks computes the risk section of a summary over the done
// replications.
func risks(r *sim.Result, thresholds []Threshold) (map[sim.MetricName]Risk, error) {
	ms := r.RiskMetrics()
	vals := make([][]float64, len(ms))
	for _, o := range r.Outcomes() {
		for j, x := range o.Risk {
			vals[j] = append(vals[j], x)
		}
	}
	out := map[sim.MetricName]Risk{}
	for j, m := range ms {
		rk := Risk{Unit: m.Unit, Stats: Describe(vals[j])}
		zeros := 0
		for _, x := range vals[j] {
			if x == 0 {
				zeros++
			}
		}
		// Over every replication done: one with no value (throughput not
		// back before the run ended) is not a zero.
		if n := len(vals[j]); n > 0 {
			rk.ZeroShare = float64(zeros) / float64(n)
		}
		out[m.Name] = rk
	}
	for _, t := range thresholds {
		j := -1
		for k, m := range ms {
			if m.Name == t.Metric {
				j = k
			}
		}
		if j < 0 {
			names := make([]string, len(ms))
			for k, m := range ms {
				names[k] = string(m.Name)
			}
			return nil, fmt.Errorf("results: threshold on unknown risk metric %q; expected one of: %s", t.Metric, strings.Join(names, ", "))
		}
		// A replication without a value (days_to_recover: throughput not
		// back before the run ended) counts as exceeding any threshold.
		k, n := 0, len(vals[j])
		for _, x := range vals[j] {
			if math.IsNaN(x) || x > t.Value {
				k++
			}
		}
		rk := out[t.Metric]
		e := Exceedance{Threshold: t.Value}
		if n > 0 {
			p, ci := float64(k)/float64(n), wilson(k, n)
			e.Probability, e.CI95 = &p, &ci
		}
		rk.Exceed = append(rk.Exceed, e)
		out[t.Metric] = rk
	}
	return out, nil
}
