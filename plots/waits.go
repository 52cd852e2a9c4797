package plots

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// Waits writes the waiting-time figure of the results r to w in format
// f: for the baseline and the scenario, the cumulative distribution of
// the waits at the anchorages of the vessels that started their transit
// in the reported days (all replications together), from waits.csv: the
// share of vessels that waited at most x, against x in hours (or in days
// where the waits run long). Guides mark the median and the 95th
// percentile of each variant, and a table in the panel gives them with
// the 99th. The axis ends a little past the larger 99th percentile; the
// table says how long the longest waits were.
//
// Waits returns an error, before writing anything, if f is unknown, r or
// its manifest is nil, r has no waits table (a folder written before
// waits.csv existed) or either variant has no vessel in it; and any
// error from encoding or writing.
func Waits(w io.Writer, f Format, r *results.Folder) error {
	if err := checkResults("waits", f, r, func(r *results.Folder) bool { return r.Waits != nil }, "waits table (waits.csv)"); err != nil {
		return err
	}
	m := r.Manifest
	dists := []*waitDist{newWaitDist(r.Waits.Baseline), newWaitDist(r.Waits.Scenario)}
	for i, d := range dists {
		if d.total == 0 {
			return fmt.Errorf("plots: waits: the waits table has no %s vessels", variants[i].v)
		}
	}
	// The axis: to a little past the larger 99th percentile, in hours up
	// to five days, else in days.
	top := math.Max(dists[0].quantile(0.99), dists[1].quantile(0.99)) * 1.15
	unit, per := "hours", 1.0
	if top > 120 {
		unit, per = "days", 24
	}
	p := newPanel()
	p.X.Label.Text = "wait at the anchorage, " + unit
	p.Y.Label.Text = "vessels that waited at most that long (%)"
	p.X.Tick.Marker = countTicks{}
	if unit == "hours" {
		p.X.Tick.Marker = hourTicks{}
	}
	p.Add(grid{x: p.X.Tick.Marker})
	guide := draw.LineStyle{Color: grey, Width: vg.Points(0.6), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
	for _, q := range []float64{50, 95} {
		p.Add(hline(q, guide))
	}
	for j := len(variants) - 1; j >= 0; j-- {
		v, d := variants[j], dists[j]
		l, err := plotter.NewLine(d.cdf(per))
		if err != nil {
			return fmt.Errorf("plots: waits: %w", err)
		}
		l.Color, l.Width = v.color, v.width
		p.Add(l)
		for _, q := range []float64{0.5, 0.95} {
			x := d.quantile(q) / per
			p.Add(drop{x: x, y: 100 * q, style: draw.LineStyle{Color: v.color, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}})
		}
	}
	hoursBelow := 24.0 // the table's waits under this many hours in hours, the rest in days
	if unit == "hours" {
		hoursBelow = 120
	}
	p.Add(quantileTable{dists: dists, hoursBelow: hoursBelow})
	// After the lines, which would stretch the axis to the last bin.
	p.X.Min, p.X.Max = 0, top/per
	p.Y.Min, p.Y.Max = 0, 100
	roundOut(&p.X)

	fr := newFrame("Anchorage waits: "+m.Scenario, m,
		fmt.Sprintf("Vessels that started their transit in the reported days, %s together: baseline %s, scenario %s.",
			plural(m.Replications, "replication"), thousands(float64(dists[0].total)), thousands(float64(dists[1].total))),
		fmt.Sprintf("Wait from asking to transit to starting (vessels that diverted are not counted), in %d-hour bins, "+
			"linear within a bin; dashed: median and P95.", sim.WaitBinHours))
	for _, v := range variants {
		fr.legend = append(fr.legend, legendEntry{text: v.label, line: v.color, width: v.width})
	}
	return render(w, f, func(c draw.Canvas) { drawStack(fr.draw(c), []*plot.Plot{p}) })
}

// waitDist is a distribution of waits in the bins of waits.csv.
type waitDist struct {
	counts []int
	total  int
}

func newWaitDist(counts []int) *waitDist {
	d := &waitDist{counts: counts}
	for _, n := range counts {
		d.total += n
	}
	return d
}

// open reports whether bin k is the last, open-ended one.
func (d *waitDist) open(k int) bool { return k == len(d.counts)-1 && k > 0 }

// quantile returns the q-quantile of the waits in hours, interpolated
// linearly within its bin; in the open last bin, the bin's start.
func (d *waitDist) quantile(q float64) float64 {
	target := q * float64(d.total)
	cum := 0.0
	for k, n := range d.counts {
		if n == 0 {
			continue
		}
		if cum+float64(n) >= target {
			if d.open(k) {
				return float64(k * sim.WaitBinHours)
			}
			return (float64(k) + (target-cum)/float64(n)) * sim.WaitBinHours
		}
		cum += float64(n)
	}
	return float64(len(d.counts) * sim.WaitBinHours)
}

// cdf returns the cumulative distribution as points at the ends of the
// closed bins, x in hours divided by per, y in percent.
func (d *waitDist) cdf(per float64) plotter.XYs {
	xy := plotter.XYs{{X: 0, Y: 0}}
	cum := 0
	for k, n := range d.counts {
		if d.open(k) {
			break
		}
		cum += n
		xy = append(xy, plotter.XY{X: float64((k+1)*sim.WaitBinHours) / per, Y: 100 * float64(cum) / float64(d.total)})
	}
	return xy
}

// drop draws a line from a point of a curve down to the x axis, and
// across to the y axis: where a percentile falls.
type drop struct {
	x, y  float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (d drop) Plot(c draw.Canvas, p *plot.Plot) {
	if d.x > p.X.Max {
		return
	}
	tx, ty := p.Transforms(&c)
	c.StrokeLines(d.style, []vg.Point{{X: tx(d.x), Y: ty(d.y)}, {X: tx(d.x), Y: c.Min.Y}})
}

// quantileTable writes, at the bottom right of a panel of waits, each
// variant's median, 95th and 99th percentiles and longest wait.
type quantileTable struct {
	dists      []*waitDist
	hoursBelow float64 // see formatWait
}

// Plot implements plot.Plotter.
func (t quantileTable) Plot(c draw.Canvas, _ *plot.Plot) {
	head := []string{"", "median", "P95", "P99", "longest"}
	rows := [][]string{head}
	for i, d := range t.dists {
		row := []string{variants[i].label}
		for _, q := range []float64{0.5, 0.95, 0.99} {
			row = append(row, formatWait(d.quantile(q), t.hoursBelow))
		}
		row = append(row, d.longest(t.hoursBelow))
		rows = append(rows, row)
	}
	sty := sans(9, ink)
	sty.YAlign = draw.YBottom
	const gap = 12
	widths := make([]vg.Length, len(head))
	for _, row := range rows {
		for j, s := range row {
			widths[j] = max(widths[j], sty.Width(s))
		}
	}
	total := vg.Length(gap * (len(head) - 1))
	for _, w := range widths {
		total += w
	}
	lineH := sty.Height("A") + 2
	x0 := c.Max.X - 10 - total
	y := c.Min.Y + 10 + vg.Length(len(rows)-1)*lineH
	for i, row := range rows {
		x := x0
		for j, s := range row {
			st := sty
			if i > 0 && j == 0 {
				st.Color = variants[i-1].color
			}
			if i == 0 {
				st.Color = grey
			}
			if j == 0 {
				st.XAlign = draw.XLeft
				c.FillText(st, vg.Point{X: x, Y: y}, s)
			} else {
				st.XAlign = draw.XRight
				c.FillText(st, vg.Point{X: x + widths[j], Y: y}, s)
			}
			x += widths[j] + gap
		}
		y -= lineH
	}
}

// longest returns the upper end of the last bin with a vessel: "over"
// the open bin's start if it is that one.
func (d *waitDist) longest(hoursBelow float64) string {
	for k := len(d.counts) - 1; k >= 0; k-- {
		if d.counts[k] == 0 {
			continue
		}
		if d.open(k) {
			return "over " + formatWait(float64(k*sim.WaitBinHours), hoursBelow)
		}
		return "under " + formatWait(float64((k+1)*sim.WaitBinHours), hoursBelow)
	}
	return "\u2013"
}

// formatWait writes a wait of h hours: in whole hours under hoursBelow
// (so in the axis's unit where it is hours), else in days with a decimal.
func formatWait(h, hoursBelow float64) string {
	if math.Round(h) < hoursBelow {
		return strconv.FormatFloat(h, 'f', 0, 64) + " h"
	}
	return strconv.FormatFloat(h/24, 'f', 1, 64) + " d"
}

// hourTicks marks an axis of hours at 1, 2, 3, 6, 12 or 24 hours apart,
// at most eight intervals over the axis, unlabelled minor ticks between.
type hourTicks struct{}

// Ticks implements plot.Ticker.
func (hourTicks) Ticks(min, max float64) []plot.Tick {
	span := max - min
	step := 24.0
	for _, s := range []float64{1, 2, 3, 6, 12, 24} {
		if span/s <= 8 {
			step = s
			break
		}
	}
	minor := step / 2
	if step == 3 || step == 6 || step == 12 || step == 24 {
		minor = step / 3
		if step == 12 || step == 24 {
			minor = step / 4
		}
	}
	var ticks []plot.Tick
	for i := math.Ceil(min/minor - 1e-9); i*minor <= max+1e-9; i++ {
		x := i*minor + 0 // no -0
		t := plot.Tick{Value: x}
		if math.Abs(math.Remainder(x, step)) < 1e-9 {
			t.Label = strconv.FormatFloat(x, 'f', 0, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}
