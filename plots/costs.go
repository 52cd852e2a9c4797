package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// bluishGreen marks a gain in the costs figure (Okabe-Ito, like the
// variants' colours).
var bluishGreen = color.NRGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}

// Costs writes the costs figure of the results r to w in format f, from
// summary.json's costs section: one horizontal bar per payer (the canal,
// each terminal operator, the railway's operator, the shipowners) from
// zero to its mean cost over the replications, vermillion for a loss and
// bluish green for a gain, with a black whisker across the 95% interval
// of the mean and the mean and interval written beside it, in millions
// of US dollars.
//
// Costs returns an error, before writing anything, if f is unknown, r or
// its manifest is nil, or r's summary has no costs; and any error from
// encoding or writing.
func Costs(w io.Writer, f Format, r *results.Folder) error {
	if err := checkResults("costs", f, r, costsApply, "summary with costs"); err != nil {
		return err
	}
	m, c := r.Manifest, r.Summary.Costs
	n := len(c.Payers)
	p := newPanel()
	p.X.Label.Text = "cost to the payer, million US$ (negative: a gain)"
	p.X.Tick.Marker = numTicks{}
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.Y.Tick.Length = 0
	p.Y.Color = color.Transparent
	ticks := make([]plot.Tick, n)
	var rows []costRow
	// A square of the operator's colour beside each operator's name (the
	// canal's: that of the operator of its locks), where the network is
	// known; the shipowners have none.
	var sw swatches
	net, start, known := studyNetwork(m)
	for i, pc := range c.Payers {
		y := float64(n - 1 - i) // the first at the top
		ticks[i] = plot.Tick{Value: y, Label: payerLabel(pc)}
		rows = append(rows, costRow{y: y, s: scaleStats(pc.CostUSD, 1e-6)})
		if !known {
			continue
		}
		if op := payerOperator(net, pc, start); op != "" {
			col, _ := operatorColour(net, op)
			sw.rows = append(sw.rows, swatch{y: y, colour: col})
		}
	}
	if len(sw.rows) > 0 {
		for i := range ticks {
			ticks[i].Label += swatchGap
		}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	bars := costBars{rows: rows}
	p.X.Min, p.X.Max, _, _ = bars.DataRange()
	// Room for the values written beside the bars.
	lo, hi := math.Min(p.X.Min, 0), math.Max(p.X.Max, 0)
	span := math.Max(hi-lo, 0.1)
	if lo < 0 {
		lo -= 0.45 * span
	}
	p.X.Min, p.X.Max = lo, hi+0.45*span
	roundOut(&p.X)
	// The grid under the bars and their labels.
	p.Add(grid{x: p.X.Tick.Marker, noY: true}, bars, vline(0, zeroLine))
	if len(sw.rows) > 0 {
		p.Add(sw)
	}

	fr := newFrame("Who pays: "+m.Scenario, m,
		fmt.Sprintf("Over the reported days, scenario \u2013 baseline in each replication, %s; bar: mean; whisker: its 95%% interval.", plural(m.Replications, "replication")),
		"Canal: tolls forgone. Operators: handling or rail revenue lost. Shipowners: charter and fuel, waiting and detouring.")
	if len(sw.rows) > 0 {
		fr.notes = append(fr.notes, swatchNote)
	}
	fr.legend = []legendEntry{
		{text: "loss", fill: vermillion},
		{text: "gain", fill: bluishGreen},
		{text: "95% interval of the mean", line: ink, width: vg.Points(1.2)},
	}
	return render(w, f, func(cv draw.Canvas) {
		drawGrid(fr.draw(cv), [][]*plot.Plot{{p}}, []float64{1}, vg.Points(24), 0)
	})
}

// costsApply reports whether r's summary has costs with a payer.
func costsApply(r *results.Folder) bool {
	return r != nil && r.Summary != nil && r.Summary.Costs != nil && len(r.Summary.Costs.Payers) > 0
}

// payerLabel names a payer on the figure's axis: its name, shortened, and
// what it pays as.
func payerLabel(p results.PayerCost) string {
	name, _, _ := strings.Cut(p.Name, " (")
	switch p.Kind {
	case sim.PayerCanal:
		return "Canal: " + name
	case sim.PayerRailway:
		return "Railway: " + name
	case sim.PayerShipowners:
		return "Shipowners"
	}
	return name
}

// scaleStats returns s with every figure times k.
func scaleStats(s results.Stats, k float64) results.Stats {
	s.Mean, s.P5, s.P50, s.P95 = s.Mean*k, s.P5*k, s.P50*k, s.P95*k
	if s.CI95 != nil {
		s.CI95 = &[2]float64{s.CI95[0] * k, s.CI95[1] * k}
	}
	return s
}

// costRow is a payer's cost, in millions, at height y.
type costRow struct {
	y float64
	s results.Stats
}

// costBars draws costs as bars from zero to their means, with whiskers
// across their 95% intervals and the values written beside.
type costBars struct{ rows []costRow }

// Plot implements plot.Plotter.
func (b costBars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	sty := sans(8, ink)
	sty.YAlign = draw.YCenter
	half := (ty(0) - ty(0.3)) // the bar's half height, in points
	if half < 0 {
		half = -half
	}
	for _, r := range b.rows {
		if math.IsNaN(r.s.Mean) {
			continue
		}
		y := ty(r.y)
		fill := vermillion
		if r.s.Mean < 0 {
			fill = bluishGreen
		}
		x0, x1 := tx(0), tx(r.s.Mean)
		c.FillPolygon(fill, []vg.Point{{X: x0, Y: y - half}, {X: x1, Y: y - half}, {X: x1, Y: y + half}, {X: x0, Y: y + half}})
		lo, hi := r.s.Mean, r.s.Mean
		text := money(r.s.Mean)
		if r.s.CI95 != nil {
			lo, hi = r.s.CI95[0], r.s.CI95[1]
			whisk := draw.LineStyle{Color: ink, Width: vg.Points(1.2)}
			c.StrokeLine2(whisk, tx(lo), y, tx(hi), y)
			for _, x := range []float64{lo, hi} {
				c.StrokeLine2(whisk, tx(x), y-half/2, tx(x), y+half/2)
			}
			text += fmt.Sprintf("  [%s to %s]", money(lo), money(hi))
		}
		// Beside the bar and its whisker, on the side away from zero, on
		// white so the grid does not cross it.
		wd, ht := sty.Width(text), sty.Height(text)
		x := tx(math.Max(hi, 0)) + 4
		sty.XAlign = draw.XLeft
		if r.s.Mean < 0 {
			x = tx(math.Min(lo, 0)) - 4 - wd
		}
		// On the other side where there is no room on its own (a small
		// loss or gain beside large ones): not over the axis's names. A
		// bar whose label fits on neither side (the largest, its whisker
		// near the figure's edge) has it inside, from zero.
		if x < c.Min.X+4 {
			x = tx(math.Max(hi, 0)) + 4
		} else if x+wd > c.Max.X {
			x = tx(math.Min(lo, 0)) - 4 - wd
			if x < c.Min.X+4 {
				x = tx(0) + 4
				if r.s.Mean < 0 {
					x = tx(0) - 4 - wd
				}
			}
		}
		c.FillPolygon(color.White, []vg.Point{{X: x - 1, Y: y - ht/2}, {X: x + wd + 1, Y: y - ht/2}, {X: x + wd + 1, Y: y + ht/2}, {X: x - 1, Y: y + ht/2}})
		c.FillText(sty, vg.Point{X: x, Y: y}, text)
	}
}

// DataRange implements plot.DataRanger: zero and the rows' intervals.
func (b costBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = 0, 0
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, r := range b.rows {
		for _, x := range []float64{r.s.Mean} {
			if !math.IsNaN(x) {
				xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
			}
		}
		if r.s.CI95 != nil {
			xmin, xmax = math.Min(xmin, r.s.CI95[0]), math.Max(xmax, r.s.CI95[1])
		}
		ymin, ymax = math.Min(ymin, r.y), math.Max(ymax, r.y)
	}
	return xmin, xmax, ymin, ymax
}

// money writes an amount in millions of US dollars, as "$13.9M" or
// "-$2.9M" (no decimals from $100M); under a million, as "$0.55M".
func money(millions float64) string {
	sign := ""
	if millions < 0 && math.Round(millions*100) != 0 { // no "-$0.00M"
		sign, millions = "-", -millions
	}
	// By the value as rounded, so that 0.996 reads "$1.0M" like 1.0 does.
	switch {
	case math.Round(millions*10)/10 >= 100:
		return fmt.Sprintf("%s$%.0fM", sign, millions)
	case math.Round(millions*100)/100 >= 1:
		return fmt.Sprintf("%s$%.1fM", sign, millions)
	}
	return fmt.Sprintf("%s$%.2fM", sign, math.Abs(millions))
}

// payerOperator returns the operator in net that a payer is: the
// operator of that ID, or for the canal the operator of its first lock on
// date at; "" for the shipowners, or an ID net does not have.
func payerOperator(net *network.Network, p results.PayerCost, at time.Time) string {
	if p.Kind == sim.PayerCanal {
		for _, nd := range net.Nodes {
			if nd.Kind == network.Lock {
				return nd.OperatorAt(at)
			}
		}
		return ""
	}
	if p.Kind == sim.PayerShipowners || net.Operator(p.Payer) == nil {
		return ""
	}
	return p.Payer
}
