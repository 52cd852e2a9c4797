package plots

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/sim"
)

// TEUWindow is the width, in days, of the centred rolling mean applied to
// each replication's daily TEU before the band is taken. A terminal call
// moves about 1,500 TEU and is counted on the day it ends, so a single
// run's daily TEU jumps between zero and several calls; a week's mean
// shows the level a reader wants to compare.
const TEUWindow = 7

// Throughput writes the throughput figure of a study to w in format f:
// two panels sharing a date axis, canal transits per day (top) and TEU
// per day handled by all terminals (bottom). Each panel draws, for the
// baseline and the scenario, the mean across replications as a line and
// the 5th to 95th percentiles across replications as a translucent band,
// over the disruption windows of m, shaded. TEU is first smoothed in each
// replication by a centred rolling mean over TEUWindow days that does not
// reach across the edge of a disruption window (nor past the ends of the
// run), as the figure's subtitle says.
//
// The title names the scenario, and the footer gives its seed, number of
// replications and period and the program's version, all from m.
//
// Throughput returns an error, before writing anything, if f is unknown,
// m is nil, or t has no rows for either variant; and any error from
// encoding or writing, after which w may hold part of a figure (write to
// a temporary file and rename it to keep a folder whole).
func Throughput(w io.Writer, f Format, t *sim.DailyTable, m *sim.Manifest) error {
	if _, err := ParseFormat(f.String()); err != nil {
		return err
	}
	if m == nil {
		return errors.New("plots: throughput: no manifest")
	}
	if t == nil || len(t.Rows) == 0 {
		return errors.New("plots: throughput: the daily table has no rows")
	}
	type panel struct {
		ylabel string
		bands  []*sim.Band
	}
	panels := []panel{
		{ylabel: "transits/day"},
		{ylabel: fmt.Sprintf("TEU/day (%d-day mean)", TEUWindow)},
	}
	var breaks []time.Time
	for _, w := range m.Disruptions {
		breaks = append(breaks, w.From, w.Until)
	}
	for _, v := range variants {
		tr, err := t.Series(v.v, "transits")
		if err != nil {
			return fmt.Errorf("plots: throughput: %w", err)
		}
		if tr.Len() == 0 {
			return fmt.Errorf("plots: throughput: the daily table has no %s rows", v.v)
		}
		teu := daily(t, v.v, func(r *sim.DailyRow) float64 { return r.TEU }, TEUWindow, breaks)
		panels[0].bands = append(panels[0].bands, tr)
		panels[1].bands = append(panels[1].bands, teu)
	}

	plots := make([][]*plot.Plot, len(panels))
	for i, pn := range panels {
		last := i == len(panels)-1
		p := newPanel()
		p.Y.Label.Text = pn.ylabel
		p.X.Tick.Marker = dateTicks{noLabels: !last}
		if !last {
			// Keep the ticks of the shared axis but not the room for
			// their labels.
			p.X.Tick.Label.Font.Size = 1
		}
		p.Add(windows{ws: m.Disruptions, label: i == 0})
		p.Add(grid{x: dateTicks{}})
		for j, v := range variants {
			p.Add(bandFill{b: pn.bands[j], color: translucent(v.color, bandAlpha)})
		}
		// The scenario's mean under the baseline's, wider: where the two
		// agree (before a disruption, on common random numbers) the
		// baseline shows with a scenario edge instead of vanishing.
		for j := len(variants) - 1; j >= 0; j-- {
			v := variants[j]
			l, err := plotter.NewLine(bandXY{pn.bands[j]})
			if err != nil {
				return fmt.Errorf("plots: throughput: %s: %w", pn.ylabel, err)
			}
			l.Color = v.color
			l.Width = v.width
			p.Add(l)
		}
		// Counts per day: start at zero so a drop is seen at its true
		// size, and leave headroom for the window labels.
		p.Y.Min = 0
		p.Y.Max = niceMax(p.Y.Max * 1.12)
		plots[i] = []*plot.Plot{p}
	}
	// The panels share the date axis.
	for _, row := range plots {
		row[0].X.Min, row[0].X.Max = plots[0][0].X.Min, plots[0][0].X.Max
	}

	return render(w, f, func(c draw.Canvas) {
		c = draw.Crop(c, vg.Points(12), -vg.Points(14), vg.Points(8), -vg.Points(10))
		inner := c.Max.X - c.Min.X

		// Title, subtitle and legend from the top.
		y := c.Max.Y
		title := sans(15, ink)
		title.XAlign, title.YAlign = draw.XLeft, draw.YTop
		c.FillText(title, vg.Point{X: c.Min.X, Y: y}, fit(title, "Throughput: "+m.Scenario, inner))
		y -= title.Height("A") + vg.Points(3)

		sub := sans(9, grey)
		sub.XAlign, sub.YAlign = draw.XLeft, draw.YTop
		lines := methods(m.Replications, len(m.Disruptions) > 0)
		if d := strings.TrimSpace(m.Description); d != "" {
			lines = append(wrap(sub, d, inner, 2), lines...)
		}
		for _, l := range lines {
			c.FillText(sub, vg.Point{X: c.Min.X, Y: y}, fit(sub, l, inner))
			y -= sub.Height("A") + vg.Points(1)
		}

		key := " (mean, P5\u2013P95 band)"
		if m.Replications == 1 {
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
		if len(m.Disruptions) > 0 {
			entries = append(entries, legendEntry{text: "disruption window", fill: shade})
		}
		legendH := vg.Points(18)
		drawLegend(draw.Crop(c, 0, 0, y-legendH-c.Min.Y, -(c.Max.Y-y)), entries)
		y -= legendH + vg.Points(4)

		// Footer from the bottom.
		foot := sans(8, grey)
		foot.XAlign, foot.YAlign = draw.XLeft, draw.YBottom
		c.FillText(foot, vg.Point{X: c.Min.X, Y: c.Min.Y}, fit(foot, footer(m), inner))
		bottom := c.Min.Y + foot.Height("A") + vg.Points(8)

		area := draw.Crop(c, 0, 0, bottom-c.Min.Y, -(c.Max.Y - y))
		tiles := draw.Tiles{Rows: len(plots), Cols: 1, PadY: vg.Points(6)}
		canvases := plot.Align(plots, tiles, area)
		for i, row := range plots {
			row[0].Draw(canvases[i][0])
		}
	})
}

// methods says how to read the throughput figure, one line each for the
// lines and bands and for the smoothing of TEU.
func methods(reps int, windows bool) []string {
	bands := "Lines: 1 replication (a P5\u2013P95 band needs more)."
	if reps != 1 {
		bands = fmt.Sprintf("Lines: mean of %d paired replications (same random numbers for baseline and scenario); "+
			"bands: P5\u2013P95 across them.", reps)
	}
	teu := fmt.Sprintf("TEU: all terminals; %d-day centred mean per replication", TEUWindow)
	if windows {
		teu += ", not across the edges of disruption windows"
	}
	return []string{bands, teu + "."}
}

// footer is the provenance line of a figure.
func footer(m *sim.Manifest) string {
	parts := []string{"scenario " + m.Scenario}
	if m.ScenarioFile != "" {
		parts = append(parts, m.ScenarioFile)
	}
	parts = append(parts, fmt.Sprintf("seed %d", m.Seed), plural(m.Replications, "replication"))
	if m.Start != "" && m.Days > 0 {
		span := fmt.Sprintf("from %s, %d days", m.Start, m.Days)
		if m.WarmupDays > 0 {
			span += fmt.Sprintf(" after %d warm-up", m.WarmupDays)
		}
		parts = append(parts, span)
	}
	prog := m.Program
	if prog == "" {
		prog = "canalsim"
	}
	if m.Version != "" {
		prog += " " + m.Version
	}
	return strings.Join(append(parts, prog), "\u00a0 \u00b7 \u00a0")
}

// daily summarises value for variant v across replications, date by date,
// after a centred rolling mean over window days of each replication's
// series (window 1 leaves it as is). The mean never reaches across a
// break (the edges of disruption windows), where the model's inputs
// change at once: smoothing across one would show a drop starting before
// the disruption does. Near a break or an end of the run the mean is
// over the days available on its side. Replications are told apart by
// their index, and each one's days are taken in date order.
func daily(t *sim.DailyTable, v sim.Variant, value func(*sim.DailyRow) float64, window int, breaks []time.Time) *sim.Band {
	type point struct {
		date time.Time
		x    float64
	}
	runs := map[int][]point{}
	var reps []int
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Variant != v {
			continue
		}
		if _, ok := runs[r.Replication]; !ok {
			reps = append(reps, r.Replication)
		}
		runs[r.Replication] = append(runs[r.Replication], point{r.Date, value(r)})
	}
	slices.Sort(reps)
	// segment numbers the stretches between breaks.
	segment := func(d time.Time) int {
		n := 0
		for _, b := range breaks {
			if !d.Before(b) {
				n++
			}
		}
		return n
	}
	byDate := map[time.Time][]float64{}
	var dates []time.Time
	half := window / 2
	for _, rep := range reps {
		run := runs[rep]
		slices.SortStableFunc(run, func(a, b point) int { return a.date.Compare(b.date) })
		seg := make([]int, len(run))
		for i, p := range run {
			seg[i] = segment(p.date)
		}
		for i, p := range run {
			var sum float64
			n := 0
			for j := max(i-half, 0); j < min(i+window-half, len(run)); j++ {
				if seg[j] == seg[i] {
					sum += run[j].x
					n++
				}
			}
			if _, ok := byDate[p.date]; !ok {
				dates = append(dates, p.date)
			}
			byDate[p.date] = append(byDate[p.date], sum/float64(n))
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	b := &sim.Band{Dates: dates}
	for _, d := range dates {
		s := sim.Describe(byDate[d])
		b.Mean = append(b.Mean, s.Mean)
		b.P5 = append(b.P5, s.P5)
		b.P95 = append(b.P95, s.P95)
	}
	return b
}

// plural returns n and noun, adding an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// niceMax rounds x up to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6
// or 8 times a power of ten) for the top of an axis that starts at zero.
func niceMax(x float64) float64 {
	if x <= 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
