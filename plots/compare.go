package plots

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// This file compares results folders side by side: compare.html, one
// self-contained page (inline styles and SVG, no script, nothing
// fetched), and its two figures, the forest plot of the key numbers and
// the daily differences over time. Folders of different calendars,
// networks or program versions are compared on what they share: a
// metric is shown only where every folder has it, and the page says
// what differs between the folders' manifests.

// CompareFigure is a figure of a comparison of results folders.
type CompareFigure struct {
	// Name is the file name without its extension: "forest".
	Name string
	// Title and Caption name and explain the figure on the page.
	Title, Caption string
	// Draw writes the figure of the results rs in format f.
	Draw func(w io.Writer, f Format, rs []*results.Folder) error
}

// CompareFigures lists the figures of a comparison, in page order.
func CompareFigures() []CompareFigure {
	return []CompareFigure{
		{
			Name:  "forest",
			Title: "The key numbers, folder by folder",
			Caption: "One panel per key number, one row per results folder: the dot is the mean across replications of the paired difference, scenario minus baseline, " +
				"and the bar its 95% confidence interval (a percentile bootstrap in the first disruption window, Student's t over the whole run); the vertical line is no difference. " +
				"Only the numbers every folder has are drawn.",
			Draw: CompareForest,
		},
		{
			Name:  "differences",
			Title: "Throughput differences over time",
			Caption: "The paired difference, scenario minus baseline, in canal transits a day and in TEU a day handled by all terminals (a 7-day centred mean in each replication), " +
				"the mean across each folder's replications, one line per folder, on dates (or, where the folders' calendars do not overlap, in days from each folder's first disruption window). " +
				"The bars along the top mark each folder's disruption windows (paler where the timing is drawn per replication: the span it may fall in); zero is no effect.",
			Draw: CompareDifferences,
		},
	}
}

// comparePalette gives each folder its colour: the Okabe-Ito palette,
// distinguishable with the common forms of colour blindness, without its
// yellow (too light on white). Folders past its length reuse it with
// dashed lines.
var comparePalette = []color.NRGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x22, G: 0x22, B: 0x22, A: 0xFF}, // near black
}

// folderColor returns the colour of folder i and the dashes of its line
// (nil for solid).
func folderColor(i int) (color.NRGBA, []vg.Length) {
	c := comparePalette[i%len(comparePalette)]
	if i < len(comparePalette) {
		return c, nil
	}
	return c, []vg.Length{vg.Points(5), vg.Points(2.5)}
}

// cssColor writes c as #rrggbb.
func cssColor(c color.NRGBA) string {
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// compareMetric is a number of the comparison: where it comes from in
// summary.json, what the page calls it, and how to read it from a
// folder's summary.
type compareMetric struct {
	// Source is "windows" (the first window's during), "metrics",
	// "risk" or "costs"; Name the key there.
	Source, Name string
	Label        string
	// value returns a folder's paired difference and its unit, the
	// baseline's and scenario's means (NaN where they have none), and
	// false where the folder does not have the metric.
	value func(r *results.Folder) (compareValue, bool)
}

// compareValue is a folder's value of a compareMetric.
type compareValue struct {
	unit               string
	diff               results.Stats
	baseline, scenario float64
}

// firstWindowMetric is a metric of the first window's during section,
// per day of the window.
func firstWindowMetric(name sim.MetricName, label string) compareMetric {
	return compareMetric{Source: "windows", Name: string(name), Label: label, value: func(r *results.Folder) (compareValue, bool) {
		if r.Summary == nil || len(r.Summary.Windows) == 0 {
			return compareValue{}, false
		}
		c, ok := r.Summary.Windows[0].During[name]
		if !ok || c.Difference.N == 0 {
			return compareValue{}, false
		}
		return compareValue{unit: c.Unit, diff: c.Difference, baseline: c.Baseline.Mean, scenario: c.Scenario.Mean}, true
	}}
}

// runMetric is a metric of summary.json's metrics, over the whole run.
func runMetric(name sim.MetricName, label string) compareMetric {
	m, _ := sim.LookupMetric(name)
	return compareMetric{Source: "metrics", Name: string(m.Name), Label: label, value: func(r *results.Folder) (compareValue, bool) {
		if r.Summary == nil {
			return compareValue{}, false
		}
		c, ok := r.Summary.Metrics[m.Name]
		if !ok || c.Difference.N == 0 {
			return compareValue{}, false
		}
		unit := c.Unit
		if unit == "" {
			unit = m.Unit
		}
		return compareValue{unit: unit, diff: c.Difference, baseline: c.Baseline.Mean, scenario: c.Scenario.Mean}, true
	}}
}

// compareKeys are the numbers a comparison shows, where every folder has
// them, in order; the costs of summary.json's costs section follow.
var compareKeys = []compareMetric{
	firstWindowMetric(sim.MetricTransits, "Canal transits a day, in the first window"),
	firstWindowMetric(sim.MetricTEU, "TEU handled a day, in the first window"),
	runMetric(sim.MetricTransits, "Canal transits a day, whole run"),
	runMetric(sim.MetricTEU, "TEU handled a day, whole run"),
	runMetric(sim.MetricLostTEU, "TEU lost to Panama, whole run"),
	runMetric(sim.MetricDivertedCalls, "Calls moved elsewhere, whole run"),
	runMetric(sim.MetricDiverted, "Vessels that gave up on the canal"),
	runMetric(sim.MetricQueueMax, "Largest anchorage queue"),
}

// groupOf names the group of a source in the page's table.
func groupOf(source string) string {
	switch source {
	case "windows":
		return "During each folder's first disruption window, per day"
	case "costs":
		return "Costs"
	}
	return "Over the whole run"
}

// comparison is what the page and the figures of a comparison draw on:
// the folders' labels and the metrics they all have.
type comparison struct {
	rs     []*results.Folder
	labels []string
	// shared are the metrics every folder has; missing those some
	// folders lack, each with the labels of the folders without it.
	shared  []compareMetric
	missing []missingMetric
}

type missingMetric struct {
	metric  compareMetric
	without []string
}

// newComparison checks rs (at least two results, each with its manifest
// and summary) and finds what they share.
func newComparison(rs []*results.Folder) (*comparison, error) {
	if len(rs) < 2 {
		return nil, fmt.Errorf("plots: compare: needs at least 2 results folders, got %d", len(rs))
	}
	for i, r := range rs {
		if r == nil || r.Manifest == nil || r.Summary == nil {
			return nil, fmt.Errorf("plots: compare: results %d (%s) without manifest or summary", i+1, dirOf(r))
		}
	}
	c := &comparison{rs: rs, labels: compareLabels(rs)}
	keys := append(slices.Clone(compareKeys), costMetrics(rs)...)
	for _, k := range keys {
		var without []string
		units := map[string]bool{}
		for i, r := range rs {
			v, ok := k.value(r)
			if !ok {
				without = append(without, c.labels[i])
				continue
			}
			units[v.unit] = true
		}
		switch {
		case len(without) > 0:
			c.missing = append(c.missing, missingMetric{k, without})
		case len(units) > 1:
			// The same name in different units is not the same number.
			c.missing = append(c.missing, missingMetric{k, nil})
		default:
			c.shared = append(c.shared, k)
		}
	}
	return c, nil
}

func dirOf(r *results.Folder) string {
	if r == nil || r.Dir == "" {
		return "no folder"
	}
	return r.Dir
}

// compareLabels names each folder for a reader: its scenario's name, or,
// where folders share it, the name and the folder's own name (or path).
func compareLabels(rs []*results.Folder) []string {
	count := func(f func(*results.Folder) string) map[string]int {
		n := map[string]int{}
		for _, r := range rs {
			n[f(r)]++
		}
		return n
	}
	scen := count(func(r *results.Folder) string { return r.Manifest.Scenario })
	base := count(func(r *results.Folder) string { return filepath.Base(r.Dir) })
	labels := make([]string, len(rs))
	for i, r := range rs {
		name := r.Manifest.Scenario
		if name == "" {
			name = filepath.Base(r.Dir)
		}
		switch {
		case scen[r.Manifest.Scenario] == 1 && r.Manifest.Scenario != "":
			labels[i] = name
		case base[filepath.Base(r.Dir)] == 1 && filepath.Base(r.Dir) != name:
			labels[i] = name + " (" + filepath.Base(r.Dir) + ")"
		default:
			labels[i] = name + " (" + r.Dir + ")"
		}
	}
	// Still the same (the same folder twice): number them.
	n := map[string]int{}
	for _, l := range labels {
		n[l]++
	}
	k := map[string]int{}
	for i, l := range labels {
		if n[l] > 1 {
			k[l]++
			labels[i] = fmt.Sprintf("%s #%d", l, k[l])
		}
	}
	return labels
}

// costMetrics returns the costs of summary.json's costs section that any
// folder has: each payer's cost (USD, negative for a gain), in the order
// of the first folder that has each. A folder without the section has no
// costs, which is no error.
func costMetrics(rs []*results.Folder) []compareMetric {
	var order []string
	labels := map[string]string{}
	for _, r := range rs {
		if r.Summary == nil || r.Summary.Costs == nil {
			continue
		}
		for _, p := range r.Summary.Costs.Payers {
			name := "costs." + p.Payer
			if _, ok := labels[name]; !ok {
				order = append(order, name)
				labels[name] = "Cost to " + cmpOr(p.Name, p.Payer)
			}
		}
	}
	var ms []compareMetric
	for _, name := range order {
		payer := strings.TrimPrefix(name, "costs.")
		ms = append(ms, compareMetric{Source: "costs", Name: name, Label: labels[name], value: func(r *results.Folder) (compareValue, bool) {
			st, ok := payerCost(r, payer)
			if !ok {
				return compareValue{}, false
			}
			return compareValue{unit: "USD", diff: st, baseline: math.NaN(), scenario: math.NaN()}, true
		}})
	}
	return ms
}

// payerCost returns the cost to a payer in r's summary.
func payerCost(r *results.Folder, payer string) (results.Stats, bool) {
	if r.Summary == nil || r.Summary.Costs == nil {
		return results.Stats{}, false
	}
	for _, p := range r.Summary.Costs.Payers {
		if p.Payer == payer {
			return p.CostUSD, true
		}
	}
	return results.Stats{}, false
}

// cmpOr returns the first of ss that is not empty.
func cmpOr(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// compareFooter is the footer of a comparison's figures: the program
// versions and the folders compared.
func compareFooter(rs []*results.Folder, labels []string) string {
	var progs []string
	for _, r := range rs {
		p := cmpOr(r.Manifest.Program, "canalsim")
		if r.Manifest.Version != "" {
			p += " " + r.Manifest.Version
		}
		if !slices.Contains(progs, p) {
			progs = append(progs, p)
		}
	}
	return strings.Join(progs, ", ") + "\u00a0 \u00b7 \u00a0" + fmt.Sprintf("%d results folders: %s", len(rs), strings.Join(labels, ", "))
}

// folderLegend is the legend entries naming the folders by their colour,
// as lines (line) or as swatches.
func folderLegend(labels []string, line bool) []legendEntry {
	var es []legendEntry
	for i, l := range labels {
		c, dashes := folderColor(i)
		e := legendEntry{text: l, line: c, width: vg.Points(2.2), dashes: dashes}
		if !line {
			e = legendEntry{text: l, fill: c}
		}
		es = append(es, e)
	}
	return es
}

// drawLegendRows draws legend entries in as many centred rows as they
// need across c's width, from its top, and returns the canvas below.
func drawLegendRows(c draw.Canvas, entries []legendEntry) draw.Canvas {
	rowH := vg.Points(16)
	y := c.Max.Y
	for _, row := range legendRows(entries, c.Max.X-c.Min.X) {
		drawLegend(draw.Crop(c, 0, 0, y-rowH-c.Min.Y, -(c.Max.Y-y)), row)
		y -= rowH
	}
	return draw.Crop(c, 0, 0, 0, -(c.Max.Y - y + vg.Points(6)))
}

// forestRow is a folder's value in a forest panel, at height y.
type forestRow struct {
	y     float64
	s     results.Stats
	color color.NRGBA
}

// forest draws each row as a dot at its mean with a thick bar across its
// 95% confidence interval, and the mean written beside them, away from
// zero, with dec decimals; under them, a light grid at the x axis's major
// ticks and a line at zero, up to half a row above the top row (the
// panel's title goes above).
type forest struct {
	rows []forestRow
	dec  int
}

// Plot implements plot.Plotter.
func (f forest) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	top := c.Min.Y
	for _, r := range f.rows {
		top = max(top, ty(r.y+0.5))
	}
	gridSty := draw.LineStyle{Color: gridGrey, Width: vg.Points(0.5)}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if !t.IsMinor() && t.Value >= p.X.Min && t.Value <= p.X.Max {
			c.StrokeLine2(gridSty, tx(t.Value), c.Min.Y, tx(t.Value), top)
		}
	}
	if p.X.Min <= 0 && p.X.Max >= 0 {
		c.StrokeLine2(zeroLine, tx(0), c.Min.Y, tx(0), top)
	}
	sty := sans(8.5, ink)
	sty.YAlign = draw.YCenter
	for _, r := range f.rows {
		if math.IsNaN(r.s.Mean) {
			continue
		}
		y := ty(r.y)
		if r.s.CI95 != nil {
			c.StrokeLine2(draw.LineStyle{Color: r.color, Width: vg.Points(4)}, tx(r.s.CI95[0]), y, tx(r.s.CI95[1]), y)
		}
		dot := circle(vg.Point{X: tx(r.s.Mean), Y: y}, vg.Points(4))
		c.FillPolygon(r.color, dot)
		c.StrokeLines(draw.LineStyle{Color: color.White, Width: vg.Points(0.9)}, append(dot, dot[0]))
		text := signed(sig3(r.s.Mean), f.dec)
		lo, hi := forestExtent(r.s)
		// Away from zero, unless that runs past the panel's edge (into
		// the folders' names or the next panel).
		wd := sty.Width(text)
		left := r.s.Mean < 0
		if left && tx(lo)-5-wd < c.Min.X+4 {
			left = false
		} else if !left && tx(hi)+5+wd > c.Max.X-4 {
			left = true
		}
		sty.XAlign = draw.XLeft
		x := tx(hi) + 5
		if left {
			x = tx(lo) - 5 - wd
		}
		c.FillText(sty, vg.Point{X: x, Y: y}, text)
	}
}

// DataRange implements plot.DataRanger.
func (f forest) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, r := range f.rows {
		lo, hi := forestExtent(r.s)
		xmin, xmax = math.Min(xmin, lo), math.Max(xmax, hi)
		ymin, ymax = math.Min(ymin, r.y), math.Max(ymax, r.y)
	}
	return xmin, xmax, ymin, ymax
}

// forestExtent is the least and greatest of a mean and its interval.
func forestExtent(s results.Stats) (lo, hi float64) {
	lo, hi = s.Mean, s.Mean
	if s.CI95 != nil {
		lo, hi = math.Min(lo, s.CI95[0]), math.Max(hi, s.CI95[1])
	}
	return lo, hi
}

// signed writes x with dec decimals, thousands separated, a + for a
// positive number and a plain hyphen for a negative one (figures go to
// PDF, whose font has no minus sign).
func signed(x float64, dec int) string {
	s := strings.ReplaceAll(formatNumber(x, dec), "−", "-")
	if x > 0 && strings.Trim(s, "0.,") != "" {
		s = "+" + s
	}
	return s
}

// panelTitle writes a panel's title at the top left of its data area,
// in the room the panel leaves for it above its data.
type panelTitle string

// Plot implements plot.Plotter.
func (t panelTitle) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := sans(9.5, ink)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	w, s := c.Max.X-c.Min.X-8, string(t)
	// A parenthesis is the first thing to go where the title is too
	// long ("Cost to Shipowners (ships' time and fuel)"): the page's
	// table has it whole.
	if head, _, ok := strings.Cut(s, " ("); ok && sty.Width(s) > w {
		s = head
	}
	c.FillText(sty, vg.Point{X: c.Min.X + 4, Y: c.Max.Y - 3}, fit(sty, s, w))
}

// forestCols is the number of columns of the forest plot's panels.
const forestCols = 2

// CompareForest writes the forest plot of a comparison of the results rs
// to w in format f: one panel per number every folder has (compareKeys,
// then the costs of summary.json's costs section), one row per folder
// in its colour, a dot at the mean paired difference and a bar across
// its 95% confidence interval, and a line at zero. The figure's height
// grows with the folders and the panels.
//
// CompareForest returns an error, before writing anything, if f is
// unknown, there are fewer than two results, one has no manifest or
// summary, or they share no number; and any error from encoding or
// writing.
func CompareForest(w io.Writer, f Format, rs []*results.Folder) error {
	if err := checkFormat(f); err != nil {
		return err
	}
	c, err := newComparison(rs)
	if err != nil {
		return err
	}
	if len(c.shared) == 0 {
		return fmt.Errorf("plots: compare: the folders share no number to compare")
	}
	n := len(rs)
	ticks := make([]plot.Tick, n)
	for i, l := range c.labels {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: l}
	}
	var panels [][]*plot.Plot
	for k, m := range c.shared {
		p := newPanel()
		var rows []forestRow
		dec := 0
		unit := ""
		for i, r := range rs {
			v, _ := m.value(r)
			unit = v.unit
			col, _ := folderColor(i)
			rows = append(rows, forestRow{y: float64(n - 1 - i), s: v.diff, color: col})
			dec = max(dec, statDecimals(v.diff))
		}
		p.X.Label.Text = "difference, " + unit
		p.X.Tick.Marker = numTicks{}
		p.Y.Tick.Length = 0
		p.Y.Color = color.Transparent
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		if k%forestCols != 0 {
			p.Y.Tick.Marker = blankLabels{plot.ConstantTicks(ticks)}
			p.Y.Tick.Label.Font.Size = 1
		}
		fr := forest{rows: rows, dec: dec}
		p.Add(fr)
		xmin, xmax, _, _ := fr.DataRange()
		lo, hi := math.Min(xmin, 0), math.Max(xmax, 0)
		span := hi - lo
		if !(span > 0) {
			span = math.Max(math.Abs(hi), 1)
		}
		// Room for the values written beside the bars.
		p.X.Min, p.X.Max = lo-0.3*span, hi+0.3*span
		if lo >= 0 {
			p.X.Min = lo - 0.08*span
		}
		if hi <= 0 {
			p.X.Max = hi + 0.08*span
		}
		roundOut(&p.X)
		// One row's height above the top folder for the title.
		p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4+0.9
		p.Add(panelTitle(m.Label))
		if k%forestCols == 0 {
			panels = append(panels, make([]*plot.Plot, forestCols))
		}
		panels[len(panels)-1][k%forestCols] = p
	}
	// Each panel's rows on the same panels' order, each row's folder named
	// on the left column, coloured as in the legend.
	legend := folderLegend(c.labels, false)
	legend = append(legend, legendEntry{text: "no difference", line: zeroLine.Color, width: zeroLine.Width})
	fr := frame{
		title: "Side by side: the scenario against its baseline",
		notes: []string{
			"Each row a results folder; dot: the mean paired difference (scenario \u2013 baseline, replication by replication); bar: its 95% confidence interval.",
		},
		footer: compareFooter(rs, c.labels),
	}
	if slices.ContainsFunc(c.shared, func(m compareMetric) bool { return m.Source == "windows" }) {
		fr.notes = append(fr.notes, "First window: each folder's own first disruption window (bootstrap interval); whole run: all reported days (Student's t).")
	}
	panelH := vg.Points(float64(n)*17 + 62)
	ht := vg.Points(120) + vg.Points(float64(16*legendRowsNeeded(legend))) + vg.Length(len(panels))*panelH
	ht = max(ht, 5*vg.Inch)
	return renderSize(w, f, width, ht, func(cv draw.Canvas) {
		rest := drawLegendRows(fr.draw(cv), legend)
		weights := make([]float64, forestCols)
		for i := range weights {
			weights[i] = 1
		}
		drawGrid(rest, panels, weights, vg.Points(22), vg.Points(12))
	})
}

// legendRowsNeeded is the number of rows drawLegendRows takes for
// entries across a figure of the standard width.
func legendRowsNeeded(entries []legendEntry) int {
	return len(legendRows(entries, width-vg.Points(26)))
}

// windowRug marks each folder's disruption windows as a bar of its
// colour across the top of a panel, one line per folder; a window whose
// timing is drawn per replication is a lighter bar across the span it
// may fall in.
type windowRug struct {
	ws [][]sim.Window
	// x places a time of folder i on the x axis.
	x func(i int, t time.Time) float64
}

// rugLine is the height of a line of the rug.
const rugLine = 5

// Plot implements plot.Plotter.
func (r windowRug) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	for i, ws := range r.ws {
		col, _ := folderColor(i)
		y := c.Max.Y - vg.Points(3) - vg.Length(i)*vg.Points(rugLine)
		for _, w := range ws {
			x0 := max(tx(r.x(i, w.From)), c.Min.X)
			x1 := min(tx(r.x(i, w.Until)), c.Max.X)
			if x1 <= x0 {
				continue
			}
			sty := draw.LineStyle{Color: col, Width: vg.Points(3.5)}
			if w.Random {
				sty.Color = translucent(col, 0.35)
			}
			c.StrokeLine2(sty, x0, y, x1, y)
		}
	}
}

// CompareDifferences writes the daily differences of a comparison of the
// results rs to w in format f: two panels sharing a date axis, the
// paired difference scenario minus baseline in canal transits a day
// (top) and in TEU a day (bottom, a results.TEUWindow-day centred mean in each
// replication, as in Difference), each folder's mean across its
// replications as a line of its colour, a line at zero, and each
// folder's disruption windows as bars of its colour along the top of
// each panel (not shaded: the folders' windows differ).
//
// CompareDifferences returns an error, before writing anything, if f is
// unknown, there are fewer than two results, one has no manifest,
// summary or daily table with both variants of a replication; and any
// error from encoding or writing.
func CompareDifferences(w io.Writer, f Format, rs []*results.Folder) error {
	if err := checkFormat(f); err != nil {
		return err
	}
	c, err := newComparison(rs)
	if err != nil {
		return err
	}
	var trans, teu []*results.Band
	var ws [][]sim.Window
	for i, r := range rs {
		if !hasDaily(r) {
			return fmt.Errorf("plots: compare: %s has no daily table", c.labels[i])
		}
		bands, err := differences(r.Bands)
		if err != nil {
			return fmt.Errorf("plots: compare: %s: %w", c.labels[i], err)
		}
		trans = append(trans, bands[0])
		teu = append(teu, bands[1])
		ws = append(ws, r.Manifest.Disruptions)
	}
	// On a shared calendar, dates; folders whose reported days do not
	// overlap are aligned on their first disruption window instead.
	anchors, relative := alignment(rs, trans)
	x := func(i int, t time.Time) float64 {
		if !relative {
			return float64(t.Unix())
		}
		return t.Sub(anchors[i]).Hours() / 24
	}
	xTicks := func(upper bool) plot.Ticker {
		if relative {
			return numTicks{}
		}
		return dateTicks{noLabels: upper}
	}
	panels := make([]*plot.Plot, 2)
	for i, l := range []string{"difference, transits/day", fmt.Sprintf("difference, TEU/day (%d-day mean)", results.TEUWindow)} {
		p := newPanel()
		p.Y.Label.Text = l
		p.X.Tick.Marker = xTicks(i == 0)
		if i == 0 {
			p.X.Tick.Label.Font.Size = 1
			if relative {
				p.X.Tick.Marker = blankLabels{numTicks{}}
			}
		} else if relative {
			p.X.Label.Text = "days from the start of each folder's first disruption window"
		}
		p.Add(grid{x: xTicks(false)})
		p.Add(hline(0, zeroLine))
		panels[i] = p
	}
	for k, bands := range [][]*results.Band{trans, teu} {
		p := panels[k]
		for i, b := range bands {
			col, dashes := folderColor(i)
			l, err := plotter.NewLine(shiftedXY{b: b, x: func(t time.Time) float64 { return x(i, t) }})
			if err != nil {
				return fmt.Errorf("plots: compare: %s: %w", c.labels[i], err)
			}
			l.Color, l.Width, l.Dashes = col, vg.Points(1.6), dashes
			p.Add(l)
		}
		p.Add(windowRug{ws: ws, x: x})
		lo, hi := math.Min(p.Y.Min, 0), math.Max(p.Y.Max, 0)
		if hi-lo < 1 {
			hi = lo + 1
		}
		// Headroom for the rug: its lines over a panel of about 150 points.
		room := math.Min(0.5, float64(len(rs)*rugLine+8)/150)
		p.Y.Min, p.Y.Max = lo-0.04*(hi-lo), withRoom(lo, hi, room)
		roundOut(&p.Y)
	}
	shareX(panels)

	notes := []string{
		"Lines: each folder's mean across its paired replications of the daily difference (same random numbers for baseline and scenario).",
		fmt.Sprintf("TEU: all terminals, %d-day centred mean per replication. Bars at the top: each folder's disruption windows (pale: random timing).", results.TEUWindow),
	}
	if relative {
		notes = append(notes, "The folders' calendars do not overlap: each is drawn from the start of its first disruption window (or of its run, without one).")
	}
	legend := folderLegend(c.labels, true)
	legend = append(legend,
		legendEntry{text: "no difference", line: zeroLine.Color, width: zeroLine.Width},
		legendEntry{text: "disruption windows (bars at the top)", fill: translucent(grey, 0.5)})
	fr := frame{
		title:  "Side by side: daily differences, scenario \u2013 baseline",
		notes:  notes,
		footer: compareFooter(rs, c.labels),
	}
	ht := height + vg.Points(float64(16*(legendRowsNeeded(legend)-1)))
	return renderSize(w, f, width, ht, func(cv draw.Canvas) {
		drawStack(drawLegendRows(fr.draw(cv), legend), panels)
	})
}

// shiftedXY is the mean of a band as a plotter.XYer, a point a day at
// noon, placed on the x axis by x.
type shiftedXY struct {
	b *results.Band
	x func(time.Time) float64
}

// Len implements plotter.XYer.
func (s shiftedXY) Len() int { return s.b.Len() }

// XY implements plotter.XYer.
func (s shiftedXY) XY(i int) (x, y float64) {
	return s.x(s.b.Dates[i].Add(12 * time.Hour)), s.b.Mean[i]
}

// alignment returns whether the folders' reported days (the dates of
// their bands) fail to overlap, and then the time each folder is
// aligned on: the start of its first disruption window, or its first
// reported day without one.
func alignment(rs []*results.Folder, bands []*results.Band) (anchors []time.Time, relative bool) {
	var latestStart, earliestEnd time.Time
	for i, b := range bands {
		first, last := b.Dates[0], b.Dates[b.Len()-1].AddDate(0, 0, 1)
		if i == 0 || first.After(latestStart) {
			latestStart = first
		}
		if i == 0 || last.Before(earliestEnd) {
			earliestEnd = last
		}
	}
	if latestStart.Before(earliestEnd) {
		return nil, false
	}
	anchors = make([]time.Time, len(rs))
	for i, r := range rs {
		anchors[i] = bands[i].Dates[0]
		if ds := r.Manifest.Disruptions; len(ds) > 0 {
			anchors[i] = ds[0].From
		}
	}
	return anchors, true
}

// CompareReport writes compare.html, the page comparing the results rs
// side by side: the folders and what differs between their manifests,
// the key numbers every folder has (CompareForest's, as a table with
// each folder's difference, its 95% confidence interval and the
// baseline's and scenario's means), the numbers some folders lack, both
// figures inline (SVG), and how to read them. The page is
// self-contained: inline styles and figures, no script, nothing fetched.
func CompareReport(w io.Writer, rs []*results.Folder) error {
	c, err := newComparison(rs)
	if err != nil {
		return err
	}
	p, err := newComparePage(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := compareTemplate.ExecuteTemplate(&buf, "compare", p); err != nil {
		return fmt.Errorf("plots: compare: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("plots: writing compare page: %w", err)
	}
	return nil
}

// comparePage is what the comparison's template shows.
type comparePage struct {
	header
	Contents []tocEntry
	Folders  []compareFolder
	// Differs says what differs between the folders; Same what they
	// share.
	Differs, Same string
	Columns       int
	Rows          []compareRow
	Missing       []string
	Figures       []reportFigure
}

// compareFolder is a folder in the page's table of folders; the Diff
// fields say which of its cells differ between the folders.
type compareFolder struct {
	Label, Dir, Color                            string
	Scenario, Description, Window                string
	Network, Demand, Calendar, Replications      string
	Seed, Program                                string
	DiffNet, DiffDemand, DiffCal, DiffReps       bool
	DiffSeed, DiffProgram, DiffScenario, DiffWin bool
}

// compareRow is a row of the page's table of key numbers (Group rows
// head a group).
type compareRow struct {
	Group                     string
	Source, Name, Label, Unit string
	Cells                     []compareCell
}

// compareCell is a folder's number: the difference's mean, its 95%
// confidence interval, and the baseline's and scenario's means.
type compareCell struct {
	Folder, Mean, CI, Levels string
}

func newComparePage(c *comparison) (*comparePage, error) {
	rs := c.rs
	p := &comparePage{Columns: len(rs) + 2}
	p.header = header{
		Kind:  "canalsim comparison",
		Title: "Side by side: " + strings.Join(c.labels, ", "),
		Name:  "Side by side: " + plural(len(rs), "results folder"),
		Description: "Each folder's scenario against its own baseline, replication by replication, " +
			"compared on the numbers they all have.",
	}
	var progs []string
	for _, r := range rs {
		pr := cmpOr(r.Manifest.Program, "canalsim") + " " + orDash(r.Manifest.Version)
		if !slices.Contains(progs, pr) {
			progs = append(progs, pr)
		}
	}
	p.Program = strings.Join(progs, ", ")
	p.Generated = p.Program
	p.Facts = append(p.Facts, strings.Join(c.labels, " · "))

	// The folders, and what differs between them.
	fields := []struct {
		name string
		get  func(*results.Manifest, *results.Summary) string
	}{
		{"scenario", func(m *results.Manifest, _ *results.Summary) string { return m.Scenario }},
		{"first disruption window", func(m *results.Manifest, s *results.Summary) string { return firstWindow(m, s) }},
		{"network", func(m *results.Manifest, _ *results.Summary) string { return m.Network + " " + m.NetworkSHA256 }},
		{"demand", func(m *results.Manifest, _ *results.Summary) string {
			return m.Demand + " " + m.DemandSHA256 + " " + m.ArrivalsSHA256
		}},
		{"calendar (start, days, warm-up)", func(m *results.Manifest, _ *results.Summary) string { return calendarOf(m) }},
		{"replications", func(m *results.Manifest, _ *results.Summary) string { return strconv.Itoa(m.Replications) }},
		{"seed", func(m *results.Manifest, _ *results.Summary) string { return strconv.FormatUint(m.Seed, 10) }},
		{"program version", func(m *results.Manifest, _ *results.Summary) string { return m.Program + " " + m.Version }},
	}
	differs := make([]bool, len(fields))
	var differ, same []string
	for k, fl := range fields {
		vals := map[string]bool{}
		for _, r := range rs {
			vals[fl.get(r.Manifest, r.Summary)] = true
		}
		differs[k] = len(vals) > 1
		if differs[k] {
			differ = append(differ, fl.name)
		} else {
			same = append(same, fl.name)
		}
	}
	if len(differ) > 0 {
		p.Differs = "The folders differ in: " + strings.Join(differ, ", ") + " (marked in the table)."
	} else {
		p.Differs = "The folders differ in nothing their manifests record."
	}
	if len(same) > 0 {
		p.Same = "They share: " + strings.Join(same, ", ") + "."
	}
	for i, r := range rs {
		m := r.Manifest
		col, _ := folderColor(i)
		p.Folders = append(p.Folders, compareFolder{
			Label: c.labels[i], Dir: r.Dir, Color: cssColor(col),
			Scenario: m.Scenario, Description: strings.Join(strings.Fields(m.Description), " "),
			Window:  firstWindow(m, r.Summary),
			Network: orDash(m.Network), Demand: orDash(m.Demand), Calendar: calendarOf(m),
			Replications: strconv.Itoa(m.Replications), Seed: strconv.FormatUint(m.Seed, 10),
			Program:      cmpOr(m.Program, "canalsim") + " " + orDash(m.Version),
			DiffScenario: differs[0], DiffWin: differs[1], DiffNet: differs[2], DiffDemand: differs[3],
			DiffCal: differs[4], DiffReps: differs[5], DiffSeed: differs[6], DiffProgram: differs[7],
		})
	}

	// The key numbers, grouped by source, each folder's with the decimals
	// its difference's precision warrants (as in its own report).
	group := ""
	for _, k := range c.shared {
		if g := groupOf(k.Source); g != group {
			group = g
			p.Rows = append(p.Rows, compareRow{Group: g})
		}
		row := compareRow{Source: k.Source, Name: k.Name, Label: k.Label}
		for i, r := range rs {
			v, _ := k.value(r)
			row.Unit = v.unit
			// Each folder's numbers as its own report rounds them.
			dec := max(statDecimals(v.diff), levelDecimals(v.baseline, v.scenario))
			mean, ci, _ := spreadWith(v.diff, dec)
			cell := compareCell{Folder: rs[i].Dir, Mean: mean, CI: ci}
			if ci == dash {
				cell.CI = ""
			}
			if !math.IsNaN(v.baseline) && !math.IsNaN(v.scenario) {
				cell.Levels = formatNumber(v.baseline, dec) + " → " + formatNumber(v.scenario, dec)
			}
			row.Cells = append(row.Cells, cell)
		}
		p.Rows = append(p.Rows, row)
	}
	for _, m := range c.missing {
		what := m.metric.Label + " (" + m.metric.Source + " " + m.metric.Name + ")"
		if m.without == nil {
			p.Missing = append(p.Missing, what+": in different units")
		} else {
			p.Missing = append(p.Missing, what+": not in "+strings.Join(m.without, ", "))
		}
	}

	for _, fig := range CompareFigures() {
		var buf bytes.Buffer
		if err := fig.Draw(&buf, SVG, rs); err != nil {
			return nil, fmt.Errorf("plots: compare: figure %s: %w", fig.Name, err)
		}
		svg, err := inlineSVG(buf.Bytes(), fig.Title)
		if err != nil {
			return nil, fmt.Errorf("plots: compare: figure %s: %w", fig.Name, err)
		}
		p.Figures = append(p.Figures, reportFigure{Number: len(p.Figures) + 1, ID: "figure-" + fig.Name, Title: fig.Title, Caption: fig.Caption, SVG: svg})
	}
	p.Contents = []tocEntry{{ID: "folders", Title: "The folders"}, {ID: "key-numbers", Title: "Key numbers"}}
	figs := tocEntry{ID: "figures", Title: "Figures"}
	for _, f := range p.Figures {
		figs.Sub = append(figs.Sub, tocEntry{ID: f.ID, Title: f.Title})
	}
	p.Contents = append(p.Contents, figs, tocEntry{ID: "how-to-read", Title: "How to read this page"})
	return p, nil
}

// firstWindow describes the first disruption window of a folder: its
// name and days, or a dash for a scenario without disruptions.
func firstWindow(m *results.Manifest, s *results.Summary) string {
	if s != nil && len(s.Windows) > 0 {
		w := s.Windows[0]
		name := w.Name
		if name == "" && len(m.Disruptions) > 0 {
			name = windowLabel(m.Disruptions[0])
		}
		span := formatWindow(w.From, w.Until)
		t := span.From
		if span.Last != "" {
			t += " to " + span.Last
		}
		if w.Random {
			t = "random timing within " + t
		}
		return strings.TrimSpace(name + ", " + t)
	}
	if len(m.Disruptions) > 0 {
		return windowLabel(m.Disruptions[0])
	}
	return dash
}

// calendarOf is a folder's calendar: its start, days and warm-up.
func calendarOf(m *results.Manifest) string {
	s := fmt.Sprintf("%s, %s", orDash(m.Start), pluralize(m.Days, "day"))
	if m.WarmupDays > 0 {
		s += fmt.Sprintf(" after %d of warm-up", m.WarmupDays)
	}
	return s
}

// compareTemplate is the report's template (its head, styles and figures)
// with the comparison's page.
var compareTemplate = template.Must(template.Must(reportTemplate.Clone()).Parse(compareHTML))

// compareHTML is the comparison's page (compare.html.tmpl).
//
//go:embed compare.html.tmpl
var compareHTML string
