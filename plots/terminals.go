package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// Terminals writes the terminals figure of the results r to w in format
// f, from summary.json's metrics teu_per_day.<terminal>: on the left, the
// TEU a day each terminal handled over the reported days, baseline and
// scenario, as the mean across replications (a dot) with the 95%
// confidence interval of the mean (a thick bar) and the 5th to 95th
// percentiles across replications (a thin line); on the right, the
// paired difference, scenario minus baseline, drawn the same way and
// written out. Terminals are named as in the network where it is the
// embedded Panama one, else by their IDs.
//
// Terminals returns an error, before writing anything, if f is unknown,
// r or its manifest is nil, or r's summary has no terminal's TEU metric;
// and any error from encoding or writing.
func Terminals(w io.Writer, f Format, r *results.Folder) error {
	if err := checkResults("terminals", f, r, terminalsApply, "summary with TEU by terminal"); err != nil {
		return err
	}
	m := r.Manifest
	ids := terminalIDs(r)
	n := len(ids)
	names := make([]string, n)
	var level, diff []dotRow
	for i, id := range ids {
		names[i] = terminalName(m, id)
		c := r.Summary.Metrics[sim.TerminalMetric(id).Name]
		y := float64(n - 1 - i) // the first at the top
		for j, v := range variants {
			s := c.Baseline
			if v.v == sim.Disrupted {
				s = c.Scenario
			}
			level = append(level, dotRow{y: y + 0.14 - 0.28*float64(j), s: s, color: v.color})
		}
		diff = append(diff, dotRow{y: y, s: c.Difference, color: variants[1].color, label: true})
	}

	left, right := newPanel(), newPanel()
	left.X.Label.Text = "TEU/day handled"
	right.X.Label.Text = "difference, TEU/day"
	for _, p := range []*plot.Plot{left, right} {
		p.X.Tick.Marker = countTicks{}
		if p == right {
			// Two fifths of the width: fewer labels, kept apart.
			p.X.Tick.Marker = countTicks{n: 4}
		}
		p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
		p.Y.Tick.Length = 0
		p.Y.Color = color.Transparent
	}
	// A square of the terminal's operator's colour beside its name,
	// where the network is known.
	var sw swatches
	if net, start, ok := studyNetwork(m); ok {
		for i, id := range ids {
			if c, ok := nodeColour(net, id, start); ok {
				sw.rows = append(sw.rows, swatch{y: float64(n - 1 - i), colour: c})
			}
		}
	}
	ticks := make([]plot.Tick, n)
	for i, name := range names {
		if len(sw.rows) > 0 {
			name += swatchGap
		}
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: name}
	}
	if len(sw.rows) > 0 {
		left.Add(sw)
	}
	left.Y.Tick.Marker = plot.ConstantTicks(ticks)
	right.Y.Tick.Marker = blankLabels{plot.ConstantTicks(ticks)}
	right.Y.Tick.Label.Font.Size = 1

	left.Add(dots{rows: level})
	right.Add(dots{rows: diff})
	left.X.Min = 0
	left.X.Max = niceMax(left.X.Max * 1.05)
	// Room for the values written beside the difference's dots.
	lo, hi := math.Min(right.X.Min, 0), math.Max(right.X.Max, 0)
	span := math.Max(hi-lo, 1)
	right.X.Min, right.X.Max = lo-0.25*span, hi+0.25*span
	roundOut(&right.X)
	for _, p := range []*plot.Plot{left, right} {
		p.Add(grid{x: p.X.Tick.Marker, noY: true})
	}
	right.Add(vline(0, zeroLine))

	fr := newFrame("TEU by terminal: "+m.Scenario, m,
		fmt.Sprintf("TEU a day over the reported days, %s; dot: mean; thick bar: its 95%% confidence interval; "+
			"thin line: P5\u2013P95 across replications.", plural(m.Replications, "replication")),
		"Right: the paired difference, scenario \u2013 baseline in each replication (both share their random numbers).")
	if len(sw.rows) > 0 {
		fr.notes = append(fr.notes, swatchNote)
	}
	for _, v := range variants {
		fr.legend = append(fr.legend, legendEntry{text: v.label, fill: v.color})
	}
	fr.legend = append(fr.legend, legendEntry{text: "no difference", line: zeroLine.Color, width: zeroLine.Width})
	return render(w, f, func(c draw.Canvas) {
		drawGrid(fr.draw(c), [][]*plot.Plot{{left, right}}, []float64{3, 2}, vg.Points(24), 0)
	})
}

// terminalsApply reports whether r's summary has the TEU of a terminal.
func terminalsApply(r *results.Folder) bool {
	return r != nil && r.Summary != nil && len(terminalIDs(r)) > 0
}

// terminalIDs returns the terminals of r that its summary has TEU for, in
// the manifest's order.
func terminalIDs(r *results.Folder) []string {
	var ids []string
	if r.Manifest == nil || r.Summary == nil {
		return nil
	}
	for _, id := range r.Manifest.Terminals {
		if _, ok := r.Summary.Metrics[sim.TerminalMetric(id).Name]; ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// terminalName names a terminal for a reader: its short name in the
// embedded Panama network, if the study ran on it, else its ID.
func terminalName(m *results.Manifest, id string) string {
	if !embedded(m) {
		return id
	}
	nd := network.Panama().Node(id)
	if nd == nil {
		return id
	}
	name, _ := shortName(nd.Name)
	return name
}

// dotRow is a statistic drawn as a dot with its intervals, at height y.
type dotRow struct {
	y     float64
	s     results.Stats
	color color.Color
	label bool // write the mean beside it
}

// dotR is the radius of a dot at a mean.
const dotR = 3.5

// dots draws statistics as dots at their means, with thick bars across
// their 95% confidence intervals and thin lines across P5-P95.
type dots struct{ rows []dotRow }

// Plot implements plot.Plotter.
func (d dots) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	sty := sans(8, ink)
	sty.YAlign = draw.YCenter
	for _, r := range d.rows {
		if math.IsNaN(r.s.Mean) {
			continue
		}
		y := ty(r.y)
		thin := draw.LineStyle{Color: translucent(color.NRGBAModel.Convert(r.color).(color.NRGBA), 0.5), Width: vg.Points(1)}
		c.StrokeLine2(thin, tx(r.s.P5), y, tx(r.s.P95), y)
		if r.s.CI95 != nil {
			thick := draw.LineStyle{Color: r.color, Width: vg.Points(4)}
			c.StrokeLine2(thick, tx(r.s.CI95[0]), y, tx(r.s.CI95[1]), y)
		}
		dot := circle(vg.Point{X: tx(r.s.Mean), Y: y}, dotR)
		c.FillPolygon(r.color, dot)
		c.StrokeLines(draw.LineStyle{Color: color.White, Width: vg.Points(0.8)}, append(dot, dot[0]))
		if r.label {
			// Beside the whole of its intervals, on the side away from
			// zero.
			text := thousands(sig3(r.s.Mean))
			if r.s.Mean > 0 {
				text = "+" + text
			}
			lo, hi := r.extent()
			// Clear of the dot too, where the intervals are narrower.
			if r.s.Mean < 0 {
				sty.XAlign = draw.XRight
				c.FillText(sty, vg.Point{X: min(tx(lo), tx(r.s.Mean)-dotR) - 4, Y: y}, text)
			} else {
				sty.XAlign = draw.XLeft
				c.FillText(sty, vg.Point{X: max(tx(hi), tx(r.s.Mean)+dotR) + 4, Y: y}, text)
			}
		}
	}
}

// extent returns the least and greatest of a row's mean, P5, P95 and
// confidence interval.
func (r dotRow) extent() (lo, hi float64) {
	xs := []float64{r.s.Mean, r.s.P5, r.s.P95}
	if r.s.CI95 != nil {
		xs = append(xs, r.s.CI95[0], r.s.CI95[1])
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range xs {
		if !math.IsNaN(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	return lo, hi
}

// DataRange implements plot.DataRanger: the rows' extents.
func (d dots) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, r := range d.rows {
		lo, hi := r.extent()
		xmin, xmax = math.Min(xmin, lo), math.Max(xmax, hi)
		ymin, ymax = math.Min(ymin, r.y), math.Max(ymax, r.y)
	}
	return xmin, xmax, ymin, ymax
}

// circle returns a polygon of a circle of radius r around at.
func circle(at vg.Point, r vg.Length) []vg.Point {
	const n = 24
	pts := make([]vg.Point, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / n
		pts[i] = vg.Point{X: at.X + r*vg.Length(math.Cos(a)), Y: at.Y + r*vg.Length(math.Sin(a))}
	}
	return pts
}
