package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/sensitivity"
)

// sensitivityColors are the first-order and the total indices.
var (
	firstColor = color.NRGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF} // bluish green (Okabe-Ito)
	totalColor = blue
)

// Sensitivity writes the figure of a sensitivity analysis r, run on the
// study of manifest m, to w in format f: for each metric analysed, a
// panel with a row per assumption, ranked by its total index in the first
// metric. A Sobol' analysis draws each assumption's first-order and total
// indices as dots with bars across their bootstrap intervals; a Morris
// screening draws mu* (the mean absolute elementary effect) with a thin
// line to mu* + sigma. Assumptions whose source cites no tag are marked
// with an asterisk.
//
// Sensitivity returns an error, before writing anything, if f is
// unknown, r or m is nil, or r has no metric or no assumption.
func Sensitivity(w io.Writer, f Format, r *sim.SensitivityResult, m *results.Manifest) error {
	if _, err := ParseFormat(string(f)); err != nil {
		return fmt.Errorf("plots: sensitivity: %w", err)
	}
	if r == nil || m == nil || len(r.Metrics) == 0 || len(r.Params) == 0 {
		return fmt.Errorf("plots: sensitivity: no analysis to draw")
	}
	n := len(r.Params)
	order := SensitivityOrder(r)
	ticks := make([]plot.Tick, n)
	for rank, i := range order {
		ticks[rank] = plot.Tick{Value: float64(n - 1 - rank), Label: AssumptionLabel(r.Params[i])}
	}
	var row []*plot.Plot
	for k, sm := range r.Metrics {
		p := newPanel()
		p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
		p.Y.Tick.Length = 0
		p.Y.Color = color.Transparent
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		if k > 0 {
			p.Y.Tick.Marker = blankLabels{plot.ConstantTicks(ticks)}
			p.Y.Tick.Label.Font.Size = 1
		}
		var rows []dotRow
		for rank, i := range order {
			y := float64(n - 1 - rank)
			if r.Method == sim.Sobol {
				rows = append(rows,
					dotRow{y: y + 0.14, s: estimateStats(sm.Total[i]), color: totalColor},
					dotRow{y: y - 0.14, s: estimateStats(sm.First[i]), color: firstColor})
				continue
			}
			s := results.Stats{Mean: sm.MuStar[i], P5: sm.MuStar[i], P95: sm.MuStar[i] + sm.Sigma[i]}
			rows = append(rows, dotRow{y: y, s: s, color: totalColor})
		}
		p.Add(dots{rows: rows})
		if r.Method == sim.Sobol {
			p.X.Label.Text = string(sm.Metric) + ": share of variance"
			p.X.Min, p.X.Max = math.Min(p.X.Min, 0), math.Max(math.Min(p.X.Max, 1.2), 1)
			p.X.Tick.Marker = numTicks{}
		} else {
			p.X.Label.Text = string(sm.Metric) + ": mu*, " + sm.Unit
			p.X.Min = 0
			p.X.Max = niceMax(p.X.Max * 1.05)
			p.X.Tick.Marker = countTicks{}
		}
		p.Add(grid{x: p.X.Tick.Marker, noY: true})
		p.Add(vline(0, zeroLine))
		row = append(row, p)
	}
	note := fmt.Sprintf("Sobol' indices, %d paired runs (%d rows of %d); dot: the index; bar: its %.0f%% bootstrap interval.", r.Runs, r.N, n+2, 100*r.Level)
	note2 := "Total: share of the variance with interactions; first-order: alone; the rest is traffic's randomness."
	if r.Method == sim.Morris {
		note = fmt.Sprintf("Morris screening, %d paired runs (%d trajectories); dot: mu*, the mean absolute effect across the range.", r.Runs, r.N)
		note2 = "Line: to mu* + sigma; a large sigma means interactions or a non-linear effect."
	}
	if unsourced(r) {
		note2 += " *: no source."
	}
	fr := newFrame("What drives the answer: "+m.Scenario, m, note, note2)
	if r.Method == sim.Sobol {
		fr.legend = []legendEntry{{text: "total index", fill: totalColor}, {text: "first-order index", fill: firstColor}}
	}
	weights := make([]float64, len(row))
	for i := range weights {
		weights[i] = 1
	}
	weights[0] = 1.6 // the labels
	return render(w, f, func(c draw.Canvas) {
		drawGrid(fr.draw(c), [][]*plot.Plot{row}, weights, vg.Points(24), 0)
	})
}

// SensitivityOrder returns the indices of r's assumptions ranked by what
// they explain of the first metric: its total index (Sobol') or mu*
// (Morris), largest first, ties in the scenario's order.
func SensitivityOrder(r *sim.SensitivityResult) []int {
	order := make([]int, len(r.Params))
	key := make([]float64, len(r.Params))
	for i := range order {
		order[i] = i
		if len(r.Metrics) > 0 {
			sm := r.Metrics[0]
			if r.Method == sim.Sobol && i < len(sm.Total) {
				key[i] = sm.Total[i].Value
			} else if i < len(sm.MuStar) {
				key[i] = sm.MuStar[i]
			}
		}
	}
	for i := 1; i < len(order); i++ { // insertion sort: stable
		for j := i; j > 0 && key[order[j]] > key[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	return order
}

// AssumptionLabel names an assumption for a reader: its path without the
// network's and the demand's leading keys, marked with an asterisk when
// its source cites no tag.
func AssumptionLabel(p sim.SensitivityParam) string {
	s := p.Path
	for _, pre := range []string{"network.nodes.", "network.", "demand."} {
		if t, ok := strings.CutPrefix(s, pre); ok {
			s = t
			break
		}
	}
	if !p.Sourced {
		s += " *"
	}
	return s
}

// unsourced reports whether any of r's assumptions has no source tag.
func unsourced(r *sim.SensitivityResult) bool {
	for _, p := range r.Params {
		if !p.Sourced {
			return true
		}
	}
	return false
}

// estimateStats draws an index as a statistic: the value, its interval
// as both the confidence interval and the thin line.
func estimateStats(e sensitivity.Estimate) results.Stats {
	s := results.Stats{Mean: e.Value, P5: e.Value, P95: e.Value}
	if !math.IsNaN(e.Lo) && !math.IsNaN(e.Hi) {
		s.CI95 = &[2]float64{e.Lo, e.Hi}
		s.P5, s.P95 = e.Lo, e.Hi
	}
	return s
}
