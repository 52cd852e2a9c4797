package plots

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// This file holds the hindcast: the comparison of a run with a published
// series (results.Hindcast), written by "canalsim hindcast" as the results
// folder's hindcast.json, drawn as plots/hindcast and shown in the
// report's "Hindcast" section.

// hindcastApplies reports whether r has a hindcast to draw.
func hindcastApplies(r *results.Folder) bool {
	return r != nil && r.Hindcast != nil && len(r.Hindcast.Points) > 0
}

// hindcastUnits are the y labels of the metrics drawn; the others are
// labelled by their name.
var hindcastUnits = map[string]string{
	"transits":            "transits a day",
	"transits_neopanamax": "Neopanamax transits a day",
	"transits_panamax":    "Panamax transits a day",
	"teu":                 "TEU a day",
	"lake_level_ft":       "Gatún Lake level (ft)",
	"draft_limit_ft":      "draft limit (ft)",
	"queue":               "anchorage queue (vessels)",
}

// hindcastLabel is the y label of metric m, aggregated as agg.
func hindcastLabel(m, agg string) string {
	l, ok := hindcastUnits[m]
	if !ok {
		l = m
		if agg == "sum" {
			l += " a day"
		}
	}
	return l
}

// perDay is the divisor that puts a point on its panel's axis: the days
// of its period for a sum, so that periods of any length (a month, a
// quarter, a fiscal year) are drawn as a rate a day beside the daily
// series; 1 otherwise.
func perDay(p results.HindcastPoint) float64 {
	if p.Aggregate != "sum" {
		return 1
	}
	from, err1 := time.Parse(input.DateLayout, p.From)
	until, err2 := time.Parse(input.DateLayout, p.Until)
	if err1 != nil || err2 != nil {
		return 1
	}
	return float64(until.Sub(from)/(24*time.Hour) + 1)
}

// hindcastBoxes draws the model's value of each point over its period: a
// box from its P5 to its P95, a line at its mean, and the observed value
// as a dot at the period's middle, labelled with its value.
type hindcastBoxes struct {
	points []results.HindcastPoint
	// first and last bound a summary metric's period: the run's days.
	first, last time.Time
}

func (b hindcastBoxes) span(p results.HindcastPoint) (x0, x1 float64) {
	if p.Aggregate == "run" {
		return float64(b.first.Unix()), float64(b.last.Unix()) + 24*3600
	}
	from, _ := time.Parse(input.DateLayout, p.From)
	until, _ := time.Parse(input.DateLayout, p.Until)
	return float64(from.Unix()), float64(until.Unix()) + 24*3600
}

var (
	modelColor    = vermillion
	observedColor = ink
	// observedGlyph marks a published value, in the figure and its legend.
	observedGlyph = draw.GlyphStyle{Color: observedColor, Radius: vg.Points(3.2), Shape: draw.CircleGlyph{}}
)

// Plot implements plot.Plotter.
func (b hindcastBoxes) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	lab := sans(8, observedColor)
	lab.XAlign, lab.YAlign = draw.XLeft, draw.YCenter
	for _, pt := range b.points {
		k := perDay(pt)
		x0, x1 := b.span(pt)
		box := []vg.Point{
			{X: tx(x0), Y: ty(pt.P5 / k)}, {X: tx(x1), Y: ty(pt.P5 / k)},
			{X: tx(x1), Y: ty(pt.P95 / k)}, {X: tx(x0), Y: ty(pt.P95 / k)},
		}
		c.FillPolygon(translucent(modelColor, 0.18), c.ClipPolygonXY(box))
		c.StrokeLines(draw.LineStyle{Color: modelColor, Width: vg.Points(0.6)}, c.ClipLinesXY(append(box, box[0]))...)
		c.StrokeLines(draw.LineStyle{Color: modelColor, Width: vg.Points(2)}, c.ClipLinesXY([]vg.Point{{X: tx(x0), Y: ty(pt.Mean / k)}, {X: tx(x1), Y: ty(pt.Mean / k)}})...)
		at := vg.Point{X: tx((x0 + x1) / 2), Y: ty(pt.Observed / k)}
		if !c.Contains(at) {
			continue
		}
		c.DrawGlyph(observedGlyph, at)
		c.FillText(lab, vg.Point{X: at.X + vg.Points(5), Y: at.Y}, thousandsOf(pt.Observed))
	}
}

// DataRange implements plot.DataRanger.
func (b hindcastBoxes) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, pt := range b.points {
		k := perDay(pt)
		x0, x1 := b.span(pt)
		xmin, xmax = math.Min(xmin, x0), math.Max(xmax, x1)
		for _, y := range []float64{pt.P5 / k, pt.P95 / k, pt.Observed / k} {
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	return xmin, xmax, ymin, ymax
}

// thousandsOf formats an observed value: with thousands separators, and
// the decimals it has up to two.
func thousandsOf(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return thousands(x)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// Hindcast writes the hindcast figure of r to w in format f: one panel per
// metric of r.Hindcast, on a shared date axis, with the model's daily
// series (the scenario's mean across replications and its P5-P95 band)
// where the metric is a level (the lake); each observed point's period as
// a box from the model's P5 to its P95 with a line at its mean; and the
// observed value as a dot, labelled. Sums over a period (transits, TEU)
// are drawn as a rate a day, the period's total divided by its days, so
// that a month, a quarter and a fiscal year share the axis; the labels
// give the observed totals as published.
func Hindcast(w io.Writer, f Format, r *results.Folder) error {
	if err := checkResults("hindcast", f, r, hasDaily, "daily table"); err != nil {
		return err
	}
	if !hindcastApplies(r) {
		return fmt.Errorf("plots: hindcast: the results have no hindcast (run canalsim hindcast first)")
	}
	h, m := r.Hindcast, r.Manifest
	var labels []string
	for _, mt := range h.Metrics {
		labels = append(labels, hindcastLabel(mt.Metric, mt.Aggregate))
	}
	panels := datePanels(nil, labels...)
	var first, last time.Time
	if hasDaily(r) {
		first, last = r.Bands.Dates[0], r.Bands.Dates[len(r.Bands.Dates)-1]
	}
	for i, mt := range h.Metrics {
		p := panels[i]
		// The daily series shows how a level moves between the observed
		// dates; a count's day-to-day noise would hide the periods' boxes.
		if b, err := r.Bands.Band(results.Series{Column: mt.Metric, Variant: sim.Disrupted, Window: 1}); err == nil && b.Len() > 0 && mt.Aggregate == "mean" {
			p.Add(bandFill{b: b, color: translucent(modelColor, 0.12)})
			if err := addMean(p, b, translucent(modelColor, 0.6), vg.Points(0.8)); err != nil {
				return fmt.Errorf("plots: hindcast: %w", err)
			}
		}
		var pts []results.HindcastPoint
		for _, pt := range h.Points {
			if pt.Metric == mt.Metric {
				pts = append(pts, pt)
			}
		}
		p.Add(hindcastBoxes{points: pts, first: first, last: last})
		p.Y.Tick.Marker = numTicks{}
		lo, hi := p.Y.Min, math.Max(p.Y.Max, p.Y.Min+1)
		p.Y.Min, p.Y.Max = lo-0.08*(hi-lo), hi+0.08*(hi-lo)
		roundOut(&p.Y)
	}
	shareX(panels)
	fr := newFrame("Hindcast: "+m.Scenario+" against "+filepath.Base(h.Observed), m,
		fmt.Sprintf("Boxes: the model (scenario variant, %d replications) over each published period, P5\u2013P95, line at the mean.", h.Replications),
		"Dots: published values, labelled as published. Totals over a period drawn as a rate a day (total \u00f7 days).")
	fr.legend = []legendEntry{
		{text: "model over the period (mean, P5\u2013P95)", fill: translucent(modelColor, 0.18), line: modelColor, width: vg.Points(2)},
		{text: "published", glyph: observedGlyph},
	}
	for _, mt := range h.Metrics {
		if mt.Aggregate == "mean" {
			fr.legend = append(fr.legend, legendEntry{text: "model, day by day (levels)", fill: translucent(modelColor, 0.12), line: translucent(modelColor, 0.6), width: vg.Points(0.8)})
			break
		}
	}
	ht := height
	if n := len(panels); n > 2 {
		ht = height + vg.Length(n-2)*1.8*vg.Inch
	}
	return renderSize(w, f, width, ht, func(c draw.Canvas) { drawStack(fr.draw(c), panels) })
}

// hindcastSection is the report's "Hindcast" section.
type hindcastSection struct {
	Observed     string
	Replications int
	Metrics      []hindcastMetricRow
	Points       []hindcastPointRow
	Skipped      []results.HindcastSkip
}

type hindcastMetricRow struct {
	Metric, Aggregate, Bias, MAPE, Coverage string
	Points                                  int
}

type hindcastPointRow struct {
	Metric, Period, Source, Observed, Mean, Band, Error, APE string
	Inside                                                   bool
}

// newHindcastSection returns the report's hindcast section for r, nil
// without a hindcast.
func newHindcastSection(r *results.Folder) *hindcastSection {
	h := r.Hindcast
	if h == nil {
		return nil
	}
	s := &hindcastSection{Observed: h.Observed, Replications: h.Replications, Skipped: h.Skipped}
	for _, m := range h.Metrics {
		row := hindcastMetricRow{Metric: m.Metric, Aggregate: m.Aggregate, Points: m.Points,
			Bias: formatSigned(m.Bias), MAPE: dash, Coverage: formatPercent(m.Coverage)}
		if m.MAPE != nil {
			row.MAPE = strconv.FormatFloat(*m.MAPE, 'f', 1, 64) + "%"
		}
		s.Metrics = append(s.Metrics, row)
	}
	for _, p := range h.Points {
		row := hindcastPointRow{Metric: p.Metric, Period: p.Period, Source: p.Source, Inside: p.Inside,
			Observed: thousandsOf(p.Observed), Mean: formatNumber(p.Mean, hindcastDecimals(p.Mean)),
			Band:  formatNumber(p.P5, hindcastDecimals(p.P5)) + " to " + formatNumber(p.P95, hindcastDecimals(p.P95)),
			Error: formatSigned(p.Error), APE: dash}
		if p.APE != nil {
			row.APE = strconv.FormatFloat(*p.APE, 'f', 1, 64) + "%"
		}
		s.Points = append(s.Points, row)
	}
	return s
}

// hindcastDecimals gives a model value two decimals below 100 (levels in
// feet), none above (counts over months).
func hindcastDecimals(x float64) int {
	if math.Abs(x) < 100 {
		return 2
	}
	return 0
}

// formatSigned formats a difference with its sign.
func formatSigned(x float64) string {
	s := formatNumber(x, hindcastDecimals(x))
	if x > 0 {
		s = "+" + s
	}
	return s
}

// hindcastHTML is the report's hindcast section (hindcast.html.tmpl).
//
//go:embed hindcast.html.tmpl
var hindcastHTML string
