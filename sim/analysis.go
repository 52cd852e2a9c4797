package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/canalsim/canalsim/sim/sensitivity"
)

// Sensitivity methods.
const (
	// Sobol estimates first-order and total Sobol' indices from a
	// Saltelli design, with bootstrap intervals.
	Sobol = "sobol"
	// Morris screens the assumptions by their elementary effects.
	Morris = "morris"
)

// SensitivityOptions say how Sensitivity samples the assumptions. The zero
// value runs a Sobol' analysis of lost_teu on 64 base rows.
type SensitivityOptions struct {
	// Method is Sobol (the default) or Morris.
	Method string
	// N is the number of base rows of a Sobol' design (default 64), each
	// N·(D+2) paired runs for D assumptions, or of Morris trajectories
	// (default 20), each D+1 paired runs.
	N int
	// Resamples is the number of bootstrap resamples of the Sobol'
	// intervals (default 200); their level is 95%.
	Resamples int
	// Metrics are the metrics analysed, by name (see Result.Metrics):
	// each design point's value is the paired difference, scenario minus
	// baseline, of one replication. Default: lost_teu.
	Metrics []string
	// Workers, Stop and Progress are as in Options; Progress counts the
	// design's points (paired runs).
	Workers  int
	Stop     <-chan struct{}
	Progress func(done, total int)
}

// SensitivityResult holds the indices of each metric analysed.
type SensitivityResult struct {
	Scenario    string       `json:"scenario"`
	Method      string       `json:"method"`
	Seed        uint64       `json:"seed"`
	N           int          `json:"n"`
	Runs        int          `json:"runs"`
	Resamples   int          `json:"resamples,omitempty"`
	Level       float64      `json:"level,omitempty"`
	Assumptions []Assumption `json:"-"`
	// Params describes the assumptions, in the order of the indices.
	Params  []SensitivityParam  `json:"assumptions"`
	Metrics []SensitivityMetric `json:"metrics"`
}

// SensitivityParam is an assumption as sensitivity.json describes it.
type SensitivityParam struct {
	Path    string `json:"path"`
	Dist    string `json:"dist"`
	Source  string `json:"source"`
	Sourced bool   `json:"sourced"`
}

// SensitivityMetric is the analysis of one metric: its mean and variance
// over the design, and per assumption (in the order of Params) the
// first-order and total Sobol' indices with their intervals, or the Morris
// measures.
type SensitivityMetric struct {
	Metric   string                 `json:"metric"`
	Unit     string                 `json:"unit"`
	Mean     float64                `json:"mean"`
	Variance float64                `json:"variance"`
	First    []sensitivity.Estimate `json:"first,omitempty"`
	Total    []sensitivity.Estimate `json:"total,omitempty"`
	Mu       []float64              `json:"mu,omitempty"`
	MuStar   []float64              `json:"mu_star,omitempty"`
	Sigma    []float64              `json:"sigma,omitempty"`
}

// Sensitivity measures how much each of sc's assumptions drives the
// paired difference of the chosen metrics, by a Sobol' analysis (first
// and total indices with bootstrap intervals) or Morris screening.
//
// Each design point is one paired replication with the point's values of
// the assumptions. The points of one base row (Sobol') or trajectory
// (Morris) share that row's random numbers, replication j's of sc.Seed, so
// they differ only in the assumptions: each index compares runs on the
// same traffic, and the variance that no assumption explains is the
// randomness of traffic. The result is the same for any Workers.
func Sensitivity(ctx context.Context, sc *Scenario, o SensitivityOptions) (*SensitivityResult, error) {
	if len(sc.Assumptions) == 0 {
		return nil, fmt.Errorf("sim: scenario %s declares no assumptions: nothing to analyse", sc.Name)
	}
	if err := sc.Check(); err != nil {
		return nil, err
	}
	if o.Method == "" {
		o.Method = Sobol
	}
	if len(o.Metrics) == 0 {
		o.Metrics = []string{MetricLostTEU.Name}
	}
	if o.Resamples == 0 {
		o.Resamples = 200
	}
	problem := sensitivity.Problem{}
	for i := range sc.Assumptions {
		a := &sc.Assumptions[i]
		problem.Params = append(problem.Params, sensitivity.Param{Name: a.Path, Dist: sensitivity.QuantileFunc(a.Dist.safeQuantile)})
	}
	type design interface {
		Len() int
		Point(dst []float64, k int) []float64
	}
	var d design
	var group int // points that share a row's random numbers
	var salt *sensitivity.Saltelli
	var morris *sensitivity.Morris
	switch o.Method {
	case Sobol:
		if o.N == 0 {
			o.N = 64
		}
		s, err := sensitivity.NewSaltelli(problem, o.N, sensitivity.SaltelliOptions{Seed: sc.Seed})
		if err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
		d, salt, group = s, s, len(sc.Assumptions)+2
	case Morris:
		if o.N == 0 {
			o.N = 20
		}
		m, err := sensitivity.NewMorris(problem, o.N, sensitivity.MorrisOptions{Seed: sc.Seed})
		if err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
		d, morris, group = m, m, len(sc.Assumptions)+1
	default:
		return nil, fmt.Errorf("sim: unknown sensitivity method %q; expected %s or %s", o.Method, Sobol, Morris)
	}
	rows := d.Len() / group
	if rows > MaxReplications {
		return nil, fmt.Errorf("sim: %d base rows; at most %d", rows, MaxReplications)
	}

	// One study per position in a row: replication j of study m runs
	// point j*group+m, on replication j's random numbers.
	run := *sc
	run.Replications = rows
	var metricIdx []int
	res0, err := NewResult(&run)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0)
	for _, m := range res0.Metrics() {
		names = append(names, m.Name)
	}
	var units []string
	for _, name := range o.Metrics {
		i := slices.Index(names, name)
		if i < 0 {
			return nil, fmt.Errorf("sim: unknown metric %q", name)
		}
		metricIdx = append(metricIdx, i)
		units = append(units, res0.Metrics()[i].Unit)
	}
	y := make([][]float64, len(o.Metrics))
	for i := range y {
		y[i] = make([]float64, d.Len())
	}
	var mu sync.Mutex
	done := 0
	for m := range group {
		res, err := Study(ctx, &run, Options{
			Workers: o.Workers, Stop: o.Stop,
			Values: func(j int) []float64 { return d.Point(nil, j*group+m) },
			Progress: func(int, int) {
				if o.Progress != nil {
					mu.Lock()
					done++
					n := done
					mu.Unlock()
					o.Progress(n, d.Len())
				}
			},
		})
		if err != nil {
			return nil, err
		}
		for j := range rows {
			b, s := res.Values(&res.Baseline[j]), res.Values(&res.Disrupted[j])
			for i, mi := range metricIdx {
				y[i][j*group+m] = s[mi] - b[mi]
			}
		}
	}

	out := &SensitivityResult{Scenario: sc.Name, Method: o.Method, Seed: sc.Seed, N: o.N, Runs: d.Len(), Assumptions: sc.Assumptions}
	for _, a := range sc.Assumptions {
		out.Params = append(out.Params, SensitivityParam{Path: a.Path, Dist: a.Dist.String(), Source: a.Source, Sourced: a.Sourced()})
	}
	for i, name := range o.Metrics {
		sm := SensitivityMetric{Metric: name, Unit: units[i]}
		if salt != nil {
			ix, err := salt.Analyze(y[i], sensitivity.Bootstrap{Resamples: o.Resamples, Seed: sc.Seed})
			if err != nil {
				return nil, fmt.Errorf("sim: %s: %w", name, err)
			}
			sm.Mean, sm.Variance, sm.First, sm.Total = ix.Mean, ix.Variance, ix.First, ix.Total
			out.Resamples, out.Level = o.Resamples, ix.Level
		} else {
			e, err := morris.Analyze(y[i])
			if err != nil {
				return nil, fmt.Errorf("sim: %s: %w", name, err)
			}
			sm.Mu, sm.MuStar, sm.Sigma = e.Mu, e.MuStar, e.Sigma
			sm.Mean, sm.Variance = meanVar(y[i])
		}
		out.Metrics = append(out.Metrics, sm)
	}
	return out, nil
}

// safeQuantile is Quantile within the range CheckAssumption checks: the
// exponential and lognormal families, whose ends are 0 and infinity (which
// a Morris grid reaches), are cut to their 0.1% and 99.9% quantiles.
func (d *Dist) safeQuantile(p float64) float64 {
	if math.IsInf(d.Highest(), 1) {
		p = min(max(p, 0.001), 0.999)
	}
	return d.Quantile(p)
}

// meanVar returns the mean and the variance (n-1) of xs.
func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	if len(xs) > 1 {
		variance /= float64(len(xs) - 1)
	}
	return mean, variance
}
