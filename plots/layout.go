package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// This file holds the layout every figure shares: the frame around the
// panels (title, subtitle, legend, footer), panels stacked on a shared
// date axis, and rows of panels of unequal widths.

// frame is what surrounds the panels of a figure: a title, a subtitle (a
// paragraph wrapped to two lines at most, then lines of their own), a
// legend of one row, and the provenance footer.
type frame struct {
	title  string
	desc   string   // wrapped, at most two lines
	notes  []string // one line each, shortened to the width
	legend []legendEntry
	footer string
}

// newFrame returns the frame of a figure of the study m: its title, the
// scenario's description and the notes as subtitle, and the footer.
func newFrame(title string, m *results.Manifest, notes ...string) frame {
	return frame{title: title, desc: m.Description, notes: notes, footer: footer(m)}
}

// draw draws the frame over c, the whole figure, and returns the canvas
// left for the panels.
func (fr frame) draw(c draw.Canvas) draw.Canvas {
	c = draw.Crop(c, vg.Points(12), -vg.Points(14), vg.Points(8), -vg.Points(10))
	inner := c.Max.X - c.Min.X

	// Title, subtitle and legend from the top.
	y := c.Max.Y
	title := sans(15, ink)
	title.XAlign, title.YAlign = draw.XLeft, draw.YTop
	c.FillText(title, vg.Point{X: c.Min.X, Y: y}, fit(title, fr.title, inner))
	y -= title.Height("A") + vg.Points(3)

	sub := sans(9, grey)
	sub.XAlign, sub.YAlign = draw.XLeft, draw.YTop
	lines := fr.notes
	if d := strings.TrimSpace(fr.desc); d != "" {
		lines = append(wrap(sub, d, inner, 2), lines...)
	}
	for _, l := range lines {
		c.FillText(sub, vg.Point{X: c.Min.X, Y: y}, fit(sub, l, inner))
		y -= sub.Height("A") + vg.Points(1)
	}

	if len(fr.legend) > 0 {
		// One row, or as many as the entries need.
		rows := legendRows(fr.legend, inner)
		legendH := vg.Points(18)
		if len(rows) > 1 {
			legendH = vg.Points(16)
		}
		for _, row := range rows {
			drawLegend(draw.Crop(c, 0, 0, y-legendH-c.Min.Y, -(c.Max.Y-y)), row)
			y -= legendH
		}
		y -= vg.Points(4)
	} else {
		y -= vg.Points(6)
	}

	// Footer from the bottom.
	foot := sans(8, grey)
	foot.XAlign, foot.YAlign = draw.XLeft, draw.YBottom
	c.FillText(foot, vg.Point{X: c.Min.X, Y: c.Min.Y}, fit(foot, fr.footer, inner))
	bottom := c.Min.Y + foot.Height("A") + vg.Points(8)

	return draw.Crop(c, 0, 0, bottom-c.Min.Y, -(c.Max.Y - y))
}

// drawStack draws panels one above the other in c, their data areas
// aligned and of equal height.
func drawStack(c draw.Canvas, panels []*plot.Plot) {
	rows := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		rows[i] = []*plot.Plot{p}
	}
	tiles := draw.Tiles{Rows: len(rows), Cols: 1, PadY: vg.Points(6)}
	canvases := plot.Align(rows, tiles, c)
	for i, p := range panels {
		p.Draw(canvases[i][0])
	}
}

// drawGrid draws rows of panels in c: the rows of equal height, the
// columns' data areas as wide as their weights say, and the data areas
// of a row, and of a column, aligned. A nil panel leaves its place empty.
func drawGrid(c draw.Canvas, panels [][]*plot.Plot, weights []float64, padX, padY vg.Length) {
	nr, nc := len(panels), len(weights)
	// pads are the room a panel's axes take on each side of its data
	// area. They depend a little on the panel's size (gonum/plot keeps
	// the glyphs at the data's edges inside the panel), so the layout is
	// made three times, each time with the pads of the previous one.
	type pads struct{ left, right, bottom, top vg.Length }
	measure := func(p *plot.Plot, pc draw.Canvas) pads {
		dc := p.DataCanvas(pc)
		return pads{dc.Min.X - pc.Min.X, pc.Max.X - dc.Max.X, dc.Min.Y - pc.Min.Y, pc.Max.Y - dc.Max.Y}
	}
	pad := make([][]pads, nr)
	for i, row := range panels {
		pad[i] = make([]pads, nc)
		for j := 0; j < nc && j < len(row); j++ {
			if row[j] != nil {
				pad[i][j] = measure(row[j], c)
			}
		}
	}
	canvases := make([][]draw.Canvas, nr)
	for range 3 {
		colPad := make([]pads, nc)
		rowPad := make([]pads, nr)
		for i := range nr {
			for j := range nc {
				pd := pad[i][j]
				colPad[j].left = max(colPad[j].left, pd.left)
				colPad[j].right = max(colPad[j].right, pd.right)
				rowPad[i].bottom = max(rowPad[i].bottom, pd.bottom)
				rowPad[i].top = max(rowPad[i].top, pd.top)
			}
		}
		var fixedW, fixedH, total float64
		for j := range nc {
			fixedW += float64(colPad[j].left + colPad[j].right)
			total += weights[j]
		}
		for i := range nr {
			fixedH += float64(rowPad[i].bottom + rowPad[i].top)
		}
		dataW := float64(c.Max.X-c.Min.X) - fixedW - float64(padX)*float64(nc-1)
		dataH := (float64(c.Max.Y-c.Min.Y) - fixedH - float64(padY)*float64(nr-1)) / float64(nr)
		top := c.Max.Y
		for i, row := range panels {
			canvases[i] = make([]draw.Canvas, nc)
			y1 := top - rowPad[i].top // the data area's top
			y0 := y1 - vg.Length(dataH)
			x := c.Min.X
			for j := range nc {
				x0 := x + colPad[j].left
				x1 := x0 + vg.Length(dataW*weights[j]/total)
				if j < len(row) && row[j] != nil {
					pc := c
					pc.Min = vg.Point{X: x0 - pad[i][j].left, Y: y0 - pad[i][j].bottom}
					pc.Max = vg.Point{X: x1 + pad[i][j].right, Y: y1 + pad[i][j].top}
					canvases[i][j] = pc
					pad[i][j] = measure(row[j], pc)
				}
				x = x1 + colPad[j].right + padX
			}
			top = y0 - rowPad[i].bottom - padY
		}
	}
	for i, row := range panels {
		for j := 0; j < nc && j < len(row); j++ {
			if row[j] != nil {
				row[j].Draw(canvases[i][j])
			}
		}
	}
}

// datePanels returns panels for a stack sharing a date axis, one per
// y label, each with the disruption windows ws shaded (labelled on the
// top panel) and a grid; only the lowest one labels its dates. The
// caller adds the data, then calls shareX.
func datePanels(ws []sim.Window, ylabels ...string) []*plot.Plot {
	panels := make([]*plot.Plot, len(ylabels))
	for i, l := range ylabels {
		last := i == len(ylabels)-1
		p := newPanel()
		p.Y.Label.Text = l
		p.X.Tick.Marker = dateTicks{noLabels: !last}
		if !last {
			// Keep the ticks of the shared axis but not the room for
			// their labels.
			p.X.Tick.Label.Font.Size = 1
		}
		p.Add(windows{ws: ws})
		p.Add(grid{x: dateTicks{}})
		if i == 0 {
			p.Add(windows{ws: ws, label: true, noShade: true})
		}
		panels[i] = p
	}
	return panels
}

// shareX gives every panel the x range of all of them together.
func shareX(panels []*plot.Plot) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range panels {
		lo, hi = math.Min(lo, p.X.Min), math.Max(hi, p.X.Max)
	}
	for _, p := range panels {
		p.X.Min, p.X.Max = lo, hi
	}
}

// addBands draws in p, for each variant, its band: the P5-P95 fills
// first, then the means, the scenario's under the baseline's and wider,
// so that where the two agree (before a disruption, on common random
// numbers) the baseline shows with a scenario edge instead of vanishing.
func addBands(p *plot.Plot, bands []*results.Band) error {
	for j, v := range variants {
		p.Add(bandFill{b: bands[j], color: translucent(v.color, bandAlpha)})
	}
	for j := len(variants) - 1; j >= 0; j-- {
		if err := addMean(p, bands[j], variants[j].color, variants[j].width); err != nil {
			return err
		}
	}
	return nil
}

// addMean draws the mean of a band as a line.
func addMean(p *plot.Plot, b *results.Band, c color.Color, width vg.Length) error {
	l, err := plotter.NewLine(bandXY{b})
	if err != nil {
		return fmt.Errorf("%s: %w", p.Y.Label.Text, err)
	}
	l.Color = c
	l.Width = width
	p.Add(l)
	return nil
}

// variantLegend is the legend of a figure of bands for the two variants,
// with the shades of the disruption windows ws.
func variantLegend(reps int, ws []sim.Window) []legendEntry {
	key := " (mean, P5\u2013P95 band)"
	if reps == 1 {
		key = ""
	}
	var entries []legendEntry
	for _, v := range variants {
		entries = append(entries, legendEntry{
			text:  v.label + key,
			fill:  translucent(v.color, bandAlpha),
			line:  v.color,
			width: v.width,
		})
	}
	return append(entries, windowEntries(ws)...)
}

// windowEntries are the legend's entries for the windows ws: the shade,
// if there are any.
func windowEntries(ws []sim.Window) []legendEntry {
	if len(ws) == 0 {
		return nil
	}
	return []legendEntry{windowEntry}
}

// windowEntry is the legend's entry for the disruption windows' shade.
var windowEntry = legendEntry{text: "disruption window", fill: shade}

// bandsNote says how to read lines and bands across replications.
func bandsNote(reps int) string {
	if reps == 1 {
		return "Lines: 1 replication (a P5\u2013P95 band needs more)."
	}
	return fmt.Sprintf("Lines: mean of %d paired replications (same random numbers for baseline and scenario); "+
		"bands: P5\u2013P95 across them.", reps)
}

// rule draws a line across a panel at a value of its y axis (an hline)
// or x axis (a vline), if that is in view.
type rule struct {
	at       float64
	vertical bool
	style    draw.LineStyle
}

// hline is a rule across at y; vline one up at x.
func hline(y float64, sty draw.LineStyle) rule { return rule{at: y, style: sty} }
func vline(x float64, sty draw.LineStyle) rule { return rule{at: x, vertical: true, style: sty} }

// Plot implements plot.Plotter.
func (r rule) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	switch {
	case r.vertical && r.at >= p.X.Min && r.at <= p.X.Max:
		c.StrokeLine2(r.style, tx(r.at), c.Min.Y, tx(r.at), c.Max.Y)
	case !r.vertical && r.at >= p.Y.Min && r.at <= p.Y.Max:
		c.StrokeLine2(r.style, c.Min.X, ty(r.at), c.Max.X, ty(r.at))
	}
}

// zeroLine is the style of the line of no difference.
var zeroLine = draw.LineStyle{Color: ink, Width: vg.Points(0.8)}

// roundOut widens an axis to the major ticks of its marker just outside
// its range, so the axis starts and ends on a labelled value.
func roundOut(a *plot.Axis) {
	var major []float64
	for _, t := range a.Tick.Marker.Ticks(a.Min, a.Max) {
		if !t.IsMinor() {
			major = append(major, t.Value)
		}
	}
	if len(major) < 2 {
		return
	}
	step := major[1] - major[0]
	a.Min = math.Floor(a.Min/step+1e-9) * step
	a.Max = math.Ceil(a.Max/step-1e-9) * step
}

// checkResults checks what every figure of a results folder needs (a
// known format, results, and their manifest) and, for the figure name,
// that the table it draws from is there (has is false if not; what names
// it).
func checkResults(name string, f Format, r *results.Folder, has func(*results.Folder) bool, what string) error {
	if err := checkFormat(f); err != nil {
		return err
	}
	switch {
	case r == nil:
		return fmt.Errorf("plots: %s: no results", name)
	case r.Manifest == nil:
		return fmt.Errorf("plots: %s: no manifest", name)
	case has != nil && !has(r):
		return fmt.Errorf("plots: %s: no %s", name, what)
	}
	return nil
}

// labelRoom is the share of a panel's height at its top that the labels
// of the windows ws may take, for a panel of a two-panel stack, and at
// least least: the panel's data should stay below it.
func labelRoom(ws []sim.Window, least float64) float64 {
	random := 0
	for _, w := range ws {
		if w.Random {
			random++
		}
	}
	kinds, grouped := windowKinds(ws)
	lineH := sans(8, grey).Height("A")
	lines := vg.Length(min(len(kinds), maxWindowLines)+2*random) * lineH
	if grouped {
		lines = vg.Length(len(kinds))*(lineH+kindBar+2) + vg.Length(2*random)*lineH
	}
	const panelH = 135 // points, about the height of a panel of a two-panel stack
	need := float64(windowPad+lines+4) / panelH
	return math.Max(least, math.Min(need, 0.5))
}

// withRoom returns the top of an axis from lo whose data reach hi and
// leave the share room of its height free above them.
func withRoom(lo, hi, room float64) float64 {
	return hi + (hi-lo)*room/(1-room)
}
