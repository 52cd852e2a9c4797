package sim

import (
	"context"
	"errors"
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
	Metrics []MetricName
	// Workers, Stop and Progress are as in Options, for the runs of the
	// design's points (SensitivityDesign.Run); Progress counts the points
	// (paired runs) that one Run call runs.
	Workers  int
	Stop     func() bool
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
	Metric   MetricName             `json:"metric"`
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
//
// Sensitivity is NewSensitivityDesign, Run of every row and Analyze; a
// program that runs the rows in parts (shards on several machines, or an
// analysis resumed after an interruption) calls them itself.
func Sensitivity(ctx context.Context, sc *Scenario, o SensitivityOptions) (*SensitivityResult, error) {
	d, err := NewSensitivityDesign(sc, o)
	if err != nil {
		return nil, err
	}
	out := d.NewOutputs()
	if err := d.Run(ctx, out, d.AllRows()); err != nil {
		return nil, err
	}
	return d.Analyze(out)
}

// SensitivityDesign is the design of a sensitivity analysis of a
// scenario: Len points, in Rows rows (Sobol' base rows or Morris
// trajectories) of Group points each, point k = j·Group + m being
// position m of row j. Every point of row j runs on replication j's
// random numbers. A design is safe for concurrent use by Run calls on
// different outputs.
type SensitivityDesign struct {
	sc *Scenario // sc with Replications = Rows: the study of one position
	o  SensitivityOptions
	d  interface {
		Point(dst []float64, k int) []float64
	}
	salt   *sensitivity.Saltelli
	morris *sensitivity.Morris
	group  int
	rows   int
	// metricIdx and units are the analysed metrics' indices in
	// Result.Metrics and their units.
	metricIdx []int
	units     []string
}

// NewSensitivityDesign returns the design of the analysis of sc that o
// asks for, with o's defaults filled in (Options returns them). It fails
// if sc declares no assumptions or is invalid, or if o names an unknown
// method or metric.
func NewSensitivityDesign(sc *Scenario, o SensitivityOptions) (*SensitivityDesign, error) {
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
		o.Metrics = []MetricName{MetricLostTEU}
	}
	o.Metrics = slices.Clone(o.Metrics)
	if o.Resamples == 0 {
		o.Resamples = 200
	}
	problem := sensitivity.Problem{}
	for i := range sc.Assumptions {
		a := &sc.Assumptions[i]
		problem.Params = append(problem.Params, sensitivity.Param{Name: a.Path, Dist: sensitivity.QuantileFunc(a.Dist.safeQuantile)})
	}
	d := &SensitivityDesign{}
	var points int
	switch o.Method {
	case Sobol:
		if o.N == 0 {
			o.N = 64
		}
		s, err := sensitivity.NewSaltelli(problem, o.N, sensitivity.SaltelliOptions{Seed: sc.Seed})
		if err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
		d.d, d.salt, d.group, points = s, s, len(sc.Assumptions)+2, s.Len()
	case Morris:
		if o.N == 0 {
			o.N = 20
		}
		m, err := sensitivity.NewMorris(problem, o.N, sensitivity.MorrisOptions{Seed: sc.Seed})
		if err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
		d.d, d.morris, d.group, points = m, m, len(sc.Assumptions)+1, m.Len()
	default:
		return nil, fmt.Errorf("sim: unknown sensitivity method %q; expected %s or %s", o.Method, Sobol, Morris)
	}
	d.rows = points / d.group
	if d.rows > MaxReplications {
		return nil, fmt.Errorf("sim: %d base rows; at most %d", d.rows, MaxReplications)
	}
	run := *sc
	run.Replications = d.rows
	d.sc = &run
	res0, err := NewResult(&run)
	if err != nil {
		return nil, err
	}
	var names []MetricName
	for _, m := range res0.Metrics() {
		names = append(names, m.Name)
	}
	for _, name := range o.Metrics {
		i := slices.Index(names, name)
		if i < 0 {
			return nil, fmt.Errorf("sim: unknown metric %q", name)
		}
		d.metricIdx = append(d.metricIdx, i)
		d.units = append(d.units, res0.Metrics()[i].Unit)
	}
	d.o = o
	return d, nil
}

// Options returns the design's options, with their defaults filled in:
// the method, N, resamples and metrics that identify the analysis.
func (d *SensitivityDesign) Options() SensitivityOptions { return d.o }

// Scenario returns the scenario whose replications the points run: the
// analysed scenario with Replications = Rows.
func (d *SensitivityDesign) Scenario() *Scenario { return d.sc }

// Len returns the number of points, Rows·Group.
func (d *SensitivityDesign) Len() int { return d.rows * d.group }

// Rows returns the number of rows: Sobol' base rows or Morris
// trajectories.
func (d *SensitivityDesign) Rows() int { return d.rows }

// Group returns the number of points in a row: the assumptions + 2
// (Sobol') or + 1 (Morris).
func (d *SensitivityDesign) Group() int { return d.group }

// AllRows returns the indices of every row, 0 to Rows-1.
func (d *SensitivityDesign) AllRows() []int {
	rows := make([]int, d.rows)
	for j := range rows {
		rows[j] = j
	}
	return rows
}

// Point returns point k's values of the assumptions, in the order of
// Scenario.Assumptions, in dst (reused if large enough). It panics if k
// is out of range.
func (d *SensitivityDesign) Point(dst []float64, k int) []float64 { return d.d.Point(dst, k) }

// SensitivityOutputs are what the points of a design gave: the analysed
// metrics' paired differences, point by point. Run fills them; a program
// that keeps them (to resume an analysis, or to merge shards run on other
// machines) fills them with Set.
type SensitivityOutputs struct {
	// Y[i][k] is metric i's (in the order of SensitivityOptions.Metrics)
	// paired difference, scenario minus baseline, at point k.
	Y [][]float64
	// Done tells which points have run.
	Done []bool
}

// NewOutputs returns outputs for the design with no point run.
func (d *SensitivityDesign) NewOutputs() *SensitivityOutputs {
	out := &SensitivityOutputs{Y: make([][]float64, len(d.o.Metrics)), Done: make([]bool, d.Len())}
	for i := range out.Y {
		out.Y[i] = make([]float64, d.Len())
	}
	return out
}

// Set stores point k's values of the metrics and marks it done.
func (o *SensitivityOutputs) Set(k int, values []float64) error {
	if k < 0 || k >= len(o.Done) {
		return fmt.Errorf("sim: point %d out of range 0..%d", k, len(o.Done)-1)
	}
	if len(values) != len(o.Y) {
		return fmt.Errorf("sim: point %d: %d values for %d metrics", k, len(values), len(o.Y))
	}
	for i, v := range values {
		o.Y[i][k] = v
	}
	o.Done[k] = true
	return nil
}

// Values returns point k's values of the metrics.
func (o *SensitivityOutputs) Values(k int) []float64 {
	v := make([]float64, len(o.Y))
	for i := range o.Y {
		v[i] = o.Y[i][k]
	}
	return v
}

// Complete reports whether every point has run.
func (o *SensitivityOutputs) Complete() bool { return !slices.Contains(o.Done, false) }

// fits reports how out does not fit the design, or "".
func (d *SensitivityDesign) fits(out *SensitivityOutputs) string {
	if len(out.Y) != len(d.o.Metrics) || len(out.Done) != d.Len() {
		return fmt.Sprintf("outputs of %d points and %d metrics, the design has %d and %d", len(out.Done), len(out.Y), d.Len(), len(d.o.Metrics))
	}
	for _, y := range out.Y {
		if len(y) != d.Len() {
			return fmt.Sprintf("outputs of %d points, the design has %d", len(y), d.Len())
		}
	}
	return ""
}

// Run runs the points of the given rows that out lacks and stores what
// they give in out. It honours the options' Workers, Stop and Progress
// (which counts the points this call runs): once Stop returns true it returns
// ErrStopped with the points done so far in out, to be kept and run no
// more. Each point's values depend on nothing but the design and the
// point, so out ends the same whichever rows ran in which call, and with
// any Workers.
func (d *SensitivityDesign) Run(ctx context.Context, out *SensitivityOutputs, rows []int) error {
	if msg := d.fits(out); msg != "" {
		return fmt.Errorf("sim: %s", msg)
	}
	seen := make([]bool, d.rows)
	for _, j := range rows {
		if j < 0 || j >= d.rows {
			return fmt.Errorf("sim: row %d out of range 0..%d", j, d.rows-1)
		}
		if seen[j] {
			return fmt.Errorf("sim: row %d given twice", j)
		}
		seen[j] = true
	}
	// One study per position in a row: replication j of study m runs
	// point j*group+m, on replication j's random numbers.
	todo := make([][]int, d.group)
	total := 0
	for m := range d.group {
		for _, j := range rows {
			if !out.Done[j*d.group+m] {
				todo[m] = append(todo[m], j)
			}
		}
		total += len(todo[m])
	}
	var mu sync.Mutex
	done := 0
	for m := range d.group {
		if len(todo[m]) == 0 {
			continue
		}
		res, err := Study(ctx, d.sc, Options{
			Workers: d.o.Workers, Stop: d.o.Stop, Replications: todo[m],
			Values: func(j int) []float64 { return d.d.Point(nil, j*d.group+m) },
			Progress: func(int, int) {
				if d.o.Progress != nil {
					mu.Lock()
					done++
					n := done
					mu.Unlock()
					d.o.Progress(n, total)
				}
			},
		})
		stopped := errors.Is(err, ErrStopped)
		if err != nil && !stopped {
			return err
		}
		for _, j := range todo[m] {
			if !res.Done[j] {
				continue
			}
			b, s := res.Values(&res.Baseline[j]), res.Values(&res.Disrupted[j])
			for i, mi := range d.metricIdx {
				out.Y[i][j*d.group+m] = s[mi] - b[mi]
			}
			out.Done[j*d.group+m] = true
		}
		if stopped {
			return ErrStopped
		}
	}
	return nil
}

// Analyze computes the indices from the outputs of every point.
func (d *SensitivityDesign) Analyze(y *SensitivityOutputs) (*SensitivityResult, error) {
	if msg := d.fits(y); msg != "" {
		return nil, fmt.Errorf("sim: %s", msg)
	}
	if !y.Complete() {
		return nil, fmt.Errorf("sim: %d of %d points have not run", len(y.Done)-countTrue(y.Done), len(y.Done))
	}
	sc, o := d.sc, d.o
	out := &SensitivityResult{Scenario: sc.Name, Method: o.Method, Seed: sc.Seed, N: o.N, Runs: d.Len(), Assumptions: sc.Assumptions}
	for _, a := range sc.Assumptions {
		out.Params = append(out.Params, SensitivityParam{Path: a.Path, Dist: a.Dist.String(), Source: a.Source, Sourced: a.Sourced()})
	}
	for i, name := range o.Metrics {
		sm := SensitivityMetric{Metric: name, Unit: d.units[i]}
		if d.salt != nil {
			ix, err := d.salt.Analyze(y.Y[i], sensitivity.Bootstrap{Resamples: o.Resamples, Seed: sc.Seed})
			if err != nil {
				return nil, fmt.Errorf("sim: %s: %w", name, err)
			}
			sm.Mean, sm.Variance, sm.First, sm.Total = ix.Mean, ix.Variance, ix.First, ix.Total
			out.Resamples, out.Level = o.Resamples, ix.Level
		} else {
			e, err := d.morris.Analyze(y.Y[i])
			if err != nil {
				return nil, fmt.Errorf("sim: %s: %w", name, err)
			}
			sm.Mu, sm.MuStar, sm.Sigma = e.Mu, e.MuStar, e.Sigma
			sm.Mean, sm.Variance = meanVar(y.Y[i])
		}
		out.Metrics = append(out.Metrics, sm)
	}
	return out, nil
}

// countTrue returns the number of true values in bs.
func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
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
