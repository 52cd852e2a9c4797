package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// Losses writes the loss-distribution figure of the results r to w in
// format f: histograms, across replications, of two risk metrics of
// replications.csv's scenario rows, the TEU lost to Panama because of the
// disruptions (risk.lost_teu, top) and the transits lost
// (risk.lost_transits, bottom). The replications whose loss is exactly
// zero (a disruption that did not happen, or did no harm) are a bar of
// their own, left of each histogram, with their share written over it;
// the histogram holds the others. Lines mark the mean and the 95th
// percentile of all replications (zeros included), and the subtitle
// gives the number of replications and the shares at zero. Bars are
// shares of the replications, so the zero bar and the histogram read on
// the same scale.
//
// Losses returns an error, before writing anything, if f is unknown, r
// or its manifest is nil, or r has no replications table with the two
// risk columns and a scenario row with a value; and any error from
// encoding or writing.
func Losses(w io.Writer, f Format, r *results.Folder) error {
	if err := checkResults("losses", f, r, lossesApply, "replications table with risk metrics"); err != nil {
		return err
	}
	m := r.Manifest
	metrics := []struct {
		column, xlabel, short string
	}{
		{"risk.lost_teu", "lost TEU (scenario \u2013 baseline), replications with a loss other than 0", "lost TEU"},
		{"risk.lost_transits", "lost transits (baseline \u2013 scenario), replications with a loss other than 0", "lost transits"},
	}
	var rows [][]*plot.Plot
	var notes []string
	for _, mt := range metrics {
		xs, err := riskValues(r.Replications, mt.column)
		if err != nil {
			return fmt.Errorf("plots: losses: %w", err)
		}
		zero, hist := lossPanels(xs, mt.xlabel)
		rows = append(rows, []*plot.Plot{zero, hist})
		s := results.Describe(xs)
		notes = append(notes, fmt.Sprintf("%s: exactly 0 in %s of %d, mean %s, P95 %s", mt.short,
			percent(zeroShare(xs)), len(xs), number(s.Mean), number(s.P95)))
	}

	fr := newFrame("Losses across replications: "+m.Scenario, m,
		fmt.Sprintf("%s; %s; %s.", plural(replicationCount(r.Replications), "replication"), notes[0], notes[1]),
		"Each loss is the scenario's against its own baseline over the reported days; bars: share of the replications.")
	fr.legend = []legendEntry{
		{text: "no loss (exactly 0)", fill: zeroColor},
		{text: "loss other than 0 (below 0: a gain)", fill: translucent(vermillion, 0.55)},
		{text: "mean", line: ink, width: vg.Points(1)},
		{text: "P95", line: ink, width: vg.Points(1), dashes: p95Dashes},
	}
	return render(w, f, func(c draw.Canvas) {
		drawGrid(fr.draw(c), rows, []float64{1, 8}, vg.Points(10), vg.Points(14))
	})
}

// lossesApply reports whether r has the risk metrics the losses figure
// draws.
func lossesApply(r *results.Folder) bool {
	if r == nil || r.Replications == nil {
		return false
	}
	for _, col := range []string{"risk.lost_teu", "risk.lost_transits"} {
		if xs, err := riskValues(r.Replications, col); err != nil || len(xs) == 0 {
			return false
		}
	}
	return true
}

// zeroColor is the colour of the bar of replications without a loss.
var zeroColor = color.NRGBA{R: 0x77, G: 0x77, B: 0x77, A: 0xFF}

// p95Dashes is the dash pattern of a line at a 95th percentile.
var p95Dashes = []vg.Length{vg.Points(4), vg.Points(2.5)}

// riskValues returns the values of a risk column on the scenario's rows,
// without the empty cells.
func riskValues(t *results.ReplicationsTable, column string) ([]float64, error) {
	all, err := t.Column(sim.Disrupted, column)
	if err != nil {
		return nil, err
	}
	var xs []float64
	for _, x := range all {
		if !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	if len(xs) == 0 {
		return nil, fmt.Errorf("replications.csv has no scenario row with a value of %s", column)
	}
	return xs, nil
}

// replicationCount is the number of replications with a scenario row.
func replicationCount(t *results.ReplicationsTable) int {
	n := 0
	for _, r := range t.Rows {
		if r.Variant == sim.Disrupted {
			n++
		}
	}
	return n
}

// zeroShare is the share of xs that are exactly 0.
func zeroShare(xs []float64) float64 {
	k := 0
	for _, x := range xs {
		if x == 0 {
			k++
		}
	}
	return float64(k) / float64(len(xs))
}

// number writes x for a reader: whole with thousands separators from
// 100, else with a decimal.
func number(x float64) string {
	if math.Abs(x) >= 99.95 {
		return thousands(sig3(x))
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// percent writes a share as a whole percentage, or with a decimal under
// 10% (but never 0% or 100% for a share that is not).
func percent(s float64) string {
	p := 100 * s
	switch {
	case p == 0 || p == 100:
		return strconv.Itoa(int(p)) + "%"
	case p < 1:
		return "<1%"
	case p > 99:
		return ">99%"
	case p < 10:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(p, 'f', 0, 64) + "%"
}

// lossPanels returns the two panels of a loss: the bar of the zeros and
// the histogram of the rest, on one y scale, with lines at the mean and
// the 95th percentile of all.
func lossPanels(xs []float64, xlabel string) (zero, hist *plot.Plot) {
	n := float64(len(xs))
	var rest []float64
	for _, x := range xs {
		if x != 0 {
			rest = append(rest, x)
		}
	}
	bins := histogram(rest)
	top := 100 * zeroShare(xs)
	for _, b := range bins {
		top = math.Max(top, 100*float64(b.n)/n)
	}

	zero = newPanel()
	zero.Y.Label.Text = "replications (%)"
	zero.X.Label.Text = " "
	zero.X.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}})
	zero.X.Min, zero.X.Max = -0.5, 0.5
	zero.Add(grid{x: plot.ConstantTicks(nil)})
	zero.Add(columns{bins: []bin{{lo: -0.32, hi: 0.32, n: int(math.Round(n * zeroShare(xs)))}}, total: n, fill: zeroColor, label: true})

	hist = newPanel()
	hist.X.Label.Text = xlabel
	hist.X.Tick.Marker = countTicks{}
	hist.Y.Tick.Label.Font.Size = 1
	hist.Y.Tick.Marker = blankLabels{countTicks{}}
	hist.Add(grid{x: countTicks{}})
	hist.Add(columns{bins: bins, total: n, fill: translucent(vermillion, 0.55), line: vermillion})
	if len(bins) == 0 {
		hist.X.Min, hist.X.Max = 0, 1
	}
	s := results.Describe(xs)
	hist.X.Min = math.Min(hist.X.Min, s.Mean)
	hist.X.Max = math.Max(hist.X.Max, math.Max(s.Mean, s.P95))
	meanSty := draw.LineStyle{Color: ink, Width: vg.Points(1)}
	if number(s.Mean) == number(s.P95) {
		// One line, one label: two at the same place would overwrite
		// each other.
		hist.Add(marker{x: s.Mean, label: "mean = P95 = " + number(s.Mean), style: meanSty})
	} else {
		hist.Add(marker{x: s.Mean, label: "mean " + number(s.Mean), style: meanSty, left: s.Mean < s.P95})
		hist.Add(marker{x: s.P95, label: "P95 " + number(s.P95), style: draw.LineStyle{Color: ink, Width: vg.Points(1), Dashes: p95Dashes}, left: s.P95 < s.Mean})
	}

	// Room over the bars for the zero bar's share and the markers'
	// labels, but a share axis past 100% only as far as that needs.
	ymax := niceMax(top * 1.2)
	if ymax > 100 {
		ymax = math.Max(100, top*1.12)
	}
	for _, p := range []*plot.Plot{zero, hist} {
		p.Y.Min, p.Y.Max = 0, ymax
	}
	pad := (hist.X.Max - hist.X.Min) * 0.03
	hist.X.Min -= pad
	hist.X.Max += pad
	return zero, hist
}

// bin is a bin of a histogram: [lo, hi) and its count.
type bin struct {
	lo, hi float64
	n      int
}

// histogram bins xs: whole numbers that span at most 40 in bins of one
// centred on them, anything else in about 2 n^(1/3) bins (Rice's rule,
// 6 to 30) of a round width, edges at its multiples.
func histogram(xs []float64) []bin {
	if len(xs) == 0 {
		return nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	whole := true
	for _, x := range xs {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
		whole = whole && x == math.Trunc(x)
	}
	var width, start float64
	if whole && hi-lo <= 40 {
		width, start = 1, lo-0.5
	} else {
		k := math.Min(30, math.Max(6, math.Round(2*math.Cbrt(float64(len(xs))))))
		// A span below a millionth of the values' size (one value, say)
		// would give edges finer than the values' own precision.
		span := math.Max(hi-lo, 1e-6*math.Max(1, math.Max(math.Abs(lo), math.Abs(hi))))
		width = roundStep(span / k)
		if whole {
			width = math.Max(width, 1)
		}
		if start = math.Floor(lo/width) * width; start > lo {
			start -= width
		}
	}
	nb := max(1, int(math.Floor((hi-start)/width))+1)
	bins := make([]bin, nb)
	for i := range bins {
		bins[i] = bin{lo: start + float64(i)*width, hi: start + float64(i+1)*width}
	}
	for _, x := range xs {
		// Rounding may put x a hair below start, or past the last edge.
		i := max(0, min(int(math.Floor((x-start)/width)), nb-1))
		bins[i].n++
	}
	return bins
}

// roundStep returns the round number (1, 2, 2.5 or 5 times a power of
// ten) nearest x, by ratio.
func roundStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	best := p
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if math.Abs(math.Log(m*p/x)) < math.Abs(math.Log(best/x)) {
			best = m * p
		}
	}
	return best
}

// columns draws the bins of a histogram as bars of their share of total,
// in percent; label writes the share over each bar.
type columns struct {
	bins  []bin
	total float64
	fill  color.Color
	line  color.Color // nil for none
	label bool
}

// Plot implements plot.Plotter.
func (cs columns) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	sty := sans(9, ink)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	for _, b := range cs.bins {
		h := 100 * float64(b.n) / cs.total
		if b.n == 0 && !cs.label {
			continue
		}
		r := []vg.Point{{X: tx(b.lo), Y: ty(0)}, {X: tx(b.hi), Y: ty(0)}, {X: tx(b.hi), Y: ty(h)}, {X: tx(b.lo), Y: ty(h)}}
		c.FillPolygon(cs.fill, r)
		if cs.line != nil {
			c.StrokeLines(draw.LineStyle{Color: cs.line, Width: vg.Points(0.7)}, append(r, r[0]))
		}
		if cs.label {
			c.FillText(sty, vg.Point{X: (tx(b.lo) + tx(b.hi)) / 2, Y: ty(h) + 3}, percent(float64(b.n)/cs.total))
		}
	}
}

// DataRange implements plot.DataRanger.
func (cs columns) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, b := range cs.bins {
		xmin, xmax = math.Min(xmin, b.lo), math.Max(xmax, b.hi)
		ymax = math.Max(ymax, 100*float64(b.n)/cs.total)
	}
	return xmin, xmax, 0, ymax
}

// marker draws a vertical line across a panel at x, labelled at its top
// on its left or right.
type marker struct {
	x     float64
	label string
	style draw.LineStyle
	left  bool
}

// Plot implements plot.Plotter.
func (m marker) Plot(c draw.Canvas, p *plot.Plot) {
	if math.IsNaN(m.x) || m.x < p.X.Min || m.x > p.X.Max {
		return
	}
	vline(m.x, m.style).Plot(c, p)
	tx, _ := p.Transforms(&c)
	sty := sans(8, ink)
	sty.YAlign = draw.YTop
	x := tx(m.x)
	w := sty.Width(m.label)
	// On its side, unless that runs off the panel.
	if m.left && x-4-w >= c.Min.X || !m.left && x+4+w > c.Max.X {
		sty.XAlign = draw.XRight
		x -= 4
	} else {
		sty.XAlign = draw.XLeft
		x += 4
	}
	c.FillText(sty, vg.Point{X: x, Y: c.Max.Y - 3}, m.label)
}

// blankLabels keeps a ticker's ticks, major and minor, but blanks their
// labels, for a panel that shares its neighbour's y axis.
type blankLabels struct{ plot.Ticker }

// Ticks implements plot.Ticker.
func (b blankLabels) Ticks(min, max float64) []plot.Tick {
	ts := slices.Clone(b.Ticker.Ticks(min, max))
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = " "
		}
	}
	return ts
}
