package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// Colours of the Okabe-Ito palette, distinguishable with the common forms
// of colour blindness.
var (
	blue       = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}
	vermillion = color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}
)

// Neutral colours: text, secondary text, grid and disruption windows.
var (
	ink      = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xFF}
	grey     = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xFF}
	gridGrey = color.NRGBA{R: 0xE2, G: 0xE2, B: 0xE2, A: 0xFF}
	// shade is 20% of mid grey: #EBEBEB on white.
	shade = color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0x33}
)

// bandAlpha is the opacity of a P5-P95 band: enough to see where the
// bands of the two variants overlap, little enough to leave the means on
// top as the thing to read.
const bandAlpha = 0.22

// translucent returns c with opacity a, in [0, 1].
func translucent(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(a * 255))
	return c
}

// variantStyle is how a variant looks in every figure.
type variantStyle struct {
	label string
	color color.NRGBA
	width vg.Length // of the mean's line
}

var variants = []struct {
	v sim.Variant
	variantStyle
}{
	{sim.Baseline, variantStyle{"baseline", blue, vg.Points(1.1)}},
	{sim.Disrupted, variantStyle{"scenario", vermillion, vg.Points(2.2)}},
}

// sans returns a text style in Liberation Sans of the given size. There
// is no bold: gonum/plot's PDF canvas fails on bold faces ("undefined
// font"), and a figure must look the same in every format.
func sans(size vg.Length, c color.Color) text.Style {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	return text.Style{Color: c, Font: font.From(f, size), Handler: plot.DefaultTextHandler}
}

// newPanel returns a plot styled for a panel of a figure: sans-serif
// text, no title, a light grid drawn by the caller.
func newPanel() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(10, ink).Font
		a.Label.TextStyle.Color = ink
		a.Tick.Label.Font = sans(9, ink).Font
		a.Tick.Label.Color = ink
		a.Color = grey
		a.Tick.Color = grey
		a.Tick.Length = vg.Points(4)
		a.Padding = 0
	}
	p.Y.Tick.Marker = countTicks{}
	p.Y.Label.Padding = vg.Points(4)
	return p
}

// countTicks marks a count axis at round numbers (1, 2, 2.5 or 5 times a
// power of ten apart, at most six intervals over the axis, and at least
// one apart, unless that leaves fewer than two labels), labelled with
// thousands separators and no decimals (from
// 100,000 on, in thousands, millions or billions: "250k", "1.5M"); minor
// ticks halve the step.
type countTicks struct {
	// n is the most intervals between labels; 0 means six. A narrow
	// panel needs fewer to keep its labels apart.
	n int
}

// Ticks implements plot.Ticker.
func (t countTicks) Ticks(min, max float64) []plot.Tick { return roundTicks(min, max, true, t.n) }

// numTicks marks an axis of measures (feet, hours) as countTicks does, but
// at fractions too where the axis spans little, labelled with the
// decimals the step needs.
type numTicks struct {
	// n is as countTicks'.
	n int
}

// Ticks implements plot.Ticker.
func (t numTicks) Ticks(min, max float64) []plot.Tick { return roundTicks(min, max, false, t.n) }

// roundTicks returns the ticks of countTicks (whole) or numTicks, at
// most n intervals apart (0: six).
func roundTicks(min, max float64, whole bool, n int) []plot.Tick {
	span := max - min
	if !(span > 0) || math.IsInf(span, 0) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	if n <= 0 {
		n = 6
	}
	intervals := float64(n)
	step := math.Pow(10, math.Floor(math.Log10(span/intervals)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		s := m * step
		// A count axis needs no fractions: no steps under one, nor 2.5.
		if whole && (s < 1 || s != math.Trunc(s)) {
			continue
		}
		if span/s <= intervals {
			step = s
			break
		}
	}
	if whole {
		step = math.Max(step, 1)
	}
	// Large values in thousands, millions or billions ("250k", "1.5M",
	// "2bn"): seven digits and more with their separators crowd a
	// narrow panel.
	scale, suffix := 1.0, ""
	switch top := math.Max(math.Abs(min), math.Abs(max)); {
	case top >= 1e9:
		scale, suffix = 1e9, "bn"
	case top >= 1e6:
		scale, suffix = 1e6, "M"
	case top >= 1e5:
		scale, suffix = 1e3, "k"
	}
	// Decimals enough for a label every step.
	decimals := 0
	for d := step / scale; (!whole || scale > 1) && decimals < 6 && math.Abs(d-math.Round(d)) > 1e-9; d *= 10 {
		decimals++
	}
	var ticks []plot.Tick
	for i := math.Ceil(2*min/step - 1e-9); i/2*step <= max+1e-9*math.Abs(max); i++ {
		x := i / 2 * step
		if x == 0 {
			x = 0 // not -0, written "-0.0"
		}
		t := plot.Tick{Value: x}
		if math.Mod(i, 2) == 0 {
			switch {
			case scale > 1 && x == 0:
				t.Label = "0"
			case scale > 1:
				// No trailing zeros: "0.25M 0.5M 0.75M 1M".
				k := math.Pow(10, float64(decimals))
				t.Label = strconv.FormatFloat(math.Round(x/scale*k)/k, 'f', -1, 64) + suffix
			case whole || decimals == 0:
				t.Label = thousands(x)
			default:
				t.Label = strconv.FormatFloat(x, 'f', decimals, 64)
			}
		}
		ticks = append(ticks, t)
	}
	// An axis of counts less than two apart (a mean of -0.5 and a P95
	// of -0.1 beside a count of -1) would have one label or none: give
	// it fractions rather than leave it unreadable.
	labels := 0
	for _, t := range ticks {
		if t.Label != "" && t.Value >= min-1e-9 && t.Value <= max+1e-9 {
			labels++
		}
	}
	if whole && labels < 2 {
		return roundTicks(min, max, false, n)
	}
	return ticks
}

// thousands formats x rounded to a whole number with commas between
// groups of three digits, as in 25,000.
func thousands(x float64) string {
	s := strconv.FormatFloat(math.Abs(math.Round(x)), 'f', 0, 64)
	var b strings.Builder
	if math.Round(x) < 0 {
		b.WriteByte('-')
	}
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// sig3 rounds x to three significant figures from 1,000 on (123,308 to
// 123,000): a mean over a few replications is not known to the unit, and
// a figure's labels should not pretend it is. Smaller numbers are left
// as they are.
func sig3(x float64) float64 {
	if math.Abs(x) < 1000 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	k := math.Pow(10, math.Floor(math.Log10(math.Abs(x)))-2)
	return math.Round(x/k) * k
}

// dayMid is where a day's value is drawn: noon of its date.
func dayMid(d time.Time) float64 {
	return float64(d.Unix()) + 12*3600
}

// bandXY is the mean of a band as a plotter.XYer, one point a day at
// noon (results.Band's own XY puts it at midnight).
type bandXY struct{ b *results.Band }

// Len implements plotter.XYer.
func (s bandXY) Len() int { return s.b.Len() }

// XY implements plotter.XYer.
func (s bandXY) XY(i int) (x, y float64) { return dayMid(s.b.Dates[i]), s.b.Mean[i] }

// bandFill draws the area between a band's P5 and P95.
type bandFill struct {
	b     *results.Band
	color color.Color
}

// Plot implements plot.Plotter.
func (f bandFill) Plot(c draw.Canvas, p *plot.Plot) {
	n := f.b.Len()
	if n == 0 {
		return
	}
	tx, ty := p.Transforms(&c)
	poly := make([]vg.Point, 0, 2*n)
	for i := range n {
		poly = append(poly, vg.Point{X: tx(dayMid(f.b.Dates[i])), Y: ty(f.b.P95[i])})
	}
	for i := n - 1; i >= 0; i-- {
		poly = append(poly, vg.Point{X: tx(dayMid(f.b.Dates[i])), Y: ty(f.b.P5[i])})
	}
	c.FillPolygon(f.color, c.ClipPolygonXY(poly))
}

// DataRange implements plot.DataRanger: the days the band covers and its
// extremes.
func (f bandFill) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for i, d := range f.b.Dates {
		xmin = math.Min(xmin, float64(d.Unix()))
		xmax = math.Max(xmax, float64(d.Unix())+24*3600)
		ymin = math.Min(ymin, f.b.P5[i])
		ymax = math.Max(ymax, f.b.P95[i])
	}
	return xmin, xmax, ymin, ymax
}

// windows shades disruption windows over the whole height of a panel and,
// if labelled, writes each window's name at its top left. A random window
// (its timing drawn per replication) is not shaded, since it falls at a
// different time in each replication: if labelled, it is drawn as a
// bracket across the span its windows may fall in, under its name.
type windows struct {
	ws    []sim.Window
	label bool
	// noShade draws the labels only: a panel adds its windows twice,
	// the shades under its grid and the labels over it.
	noShade bool
}

// maxWindowLines is the most lines the labels of fixed windows take at the
// top of a panel; more windows than that are grouped by kind.
const maxWindowLines = 3

// Plot implements plot.Plotter.
func (w windows) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	clip := func(from, until time.Time) (x0, x1 vg.Length, ok bool) {
		x0 = max(tx(float64(from.Unix())), c.Min.X)
		x1 = min(tx(float64(until.Unix())), c.Max.X)
		return x0, x1, x1 > x0
	}
	rect := func(x0, x1, y0, y1 vg.Length) []vg.Point {
		return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
	}
	var random []labelSpan
	for _, win := range w.ws {
		if x0, x1, ok := clip(win.From, win.Until); ok && win.Random {
			random = append(random, labelSpan{x0, x1, windowLabel(win)})
		}
	}
	sty := sans(8, grey)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	lineH := sty.Height("A")
	kinds, grouped := windowKinds(w.ws)
	lines := 0 // the lines the fixed windows' labels take
	if grouped {
		// Many windows: the days any of them covers shaded once, and a
		// row per kind at the top, its name over a bar across its days.
		if !w.noShade {
			for _, iv := range mergeSpans(kinds) {
				if x0, x1, ok := clip(iv[0], iv[1]); ok {
					c.FillPolygon(shade, rect(x0, x1, c.Min.Y, c.Max.Y))
				}
			}
		}
		if !w.label {
			return
		}
		for _, k := range kinds {
			var xs [][2]vg.Length
			for _, iv := range k.spans {
				if x0, x1, ok := clip(iv[0], iv[1]); ok {
					xs = append(xs, [2]vg.Length{x0, x1})
				}
			}
			if len(xs) == 0 {
				continue
			}
			top := c.Max.Y - windowPad - vg.Length(lines)*(lineH+kindBar+2)
			x, _ := labelAt(sty, labelSpan{xs[0][0], xs[len(xs)-1][1], k.label}, c.Min.X, c.Max.X)
			c.FillText(sty, vg.Point{X: x, Y: top}, k.label)
			y := top - lineH - 1
			for _, s := range xs {
				c.FillPolygon(grey, rect(s[0], s[1], y-kindBar, y))
			}
			lines++
		}
	} else {
		// Few windows: each shaded (translucent, so overlaps show
		// darker) and labelled on its own.
		var spans []labelSpan
		for _, k := range kinds {
			x0, x1, ok := clip(k.spans[0][0], k.spans[0][1])
			if !ok {
				continue
			}
			if !w.noShade {
				c.FillPolygon(shade, rect(x0, x1, c.Min.Y, c.Max.Y))
			}
			spans = append(spans, labelSpan{x0, x1, k.label})
		}
		if !w.label {
			return
		}
		labels := layoutLabels(sty, spans, c.Min.X, c.Max.X, maxWindowLines)
		for _, l := range labels {
			c.FillText(sty, vg.Point{X: l.x, Y: c.Max.Y - windowPad - vg.Length(l.line)*lineH}, l.text)
			lines = max(lines, l.line+1)
		}
	}
	// Random windows: each name on a line of its own below the others,
	// with a bracket under it across the span its windows may fall in.
	ls := draw.LineStyle{Color: grey, Width: vg.Points(1)}
	below := c.Max.Y - windowPad - vg.Length(lines)*lineH
	if grouped {
		below = c.Max.Y - windowPad - vg.Length(lines)*(lineH+kindBar+2)
	}
	for _, s := range random {
		x0, _ := labelAt(sty, s, c.Min.X, c.Max.X)
		c.FillText(sty, vg.Point{X: x0, Y: below}, s.label)
		y := below - 1.5*lineH
		c.StrokeLines(ls, []vg.Point{{X: s.x0, Y: y}, {X: s.x1, Y: y}})
		for _, x := range []vg.Length{s.x0, s.x1} {
			c.StrokeLines(ls, []vg.Point{{X: x, Y: y - 3}, {X: x, Y: y + 3}})
		}
		below -= 2 * lineH // the name's line and the bracket's
	}
}

// kindBar is the height of the bar under a kind's name that marks its
// days, when windows are grouped by kind.
const kindBar = 2.5

// windowKind is fixed windows of a figure labelled as one: those of an
// effect where the windows are many, else a window.
type windowKind struct {
	label string
	// spans are the days covered, as [from, until) spans merged where
	// they touch or overlap, in time order.
	spans [][2]time.Time
}

// windowKinds returns the fixed windows of ws as they are labelled: each
// on its own where there are at most maxWindowLines of them; else
// (grouped) one kind per effect, in the order the effects first come,
// named with the number of its windows ("draft limits (7 windows)").
func windowKinds(ws []sim.Window) (kinds []windowKind, grouped bool) {
	var fixed []sim.Window
	for _, w := range ws {
		if !w.Random {
			fixed = append(fixed, w)
		}
	}
	if len(fixed) <= maxWindowLines {
		out := make([]windowKind, len(fixed))
		for i, w := range fixed {
			out[i] = windowKind{label: windowLabel(w), spans: [][2]time.Time{{w.From, w.Until}}}
		}
		return out, false
	}
	var order []sim.Effect
	by := map[sim.Effect][]sim.Window{}
	for _, w := range fixed {
		if by[w.Effect] == nil {
			order = append(order, w.Effect)
		}
		by[w.Effect] = append(by[w.Effect], w)
	}
	out := make([]windowKind, len(order))
	for i, e := range order {
		g := by[e]
		k := windowKind{label: windowLabel(g[0])}
		if len(g) > 1 {
			k.label = fmt.Sprintf("%s (%d windows)", effectPlural(e), len(g))
		}
		for _, w := range g {
			k.spans = append(k.spans, [2]time.Time{w.From, w.Until})
		}
		k.spans = merge(k.spans)
		out[i] = k
	}
	return out, true
}

// mergeSpans returns the days any of kinds covers, merged.
func mergeSpans(kinds []windowKind) [][2]time.Time {
	var all [][2]time.Time
	for _, k := range kinds {
		all = append(all, k.spans...)
	}
	return merge(all)
}

// merge sorts spans and merges those that touch or overlap.
func merge(spans [][2]time.Time) [][2]time.Time {
	s := slices.Clone(spans)
	slices.SortStableFunc(s, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	var out [][2]time.Time
	for _, iv := range s {
		if n := len(out); n > 0 && !iv[0].After(out[n-1][1]) {
			if iv[1].After(out[n-1][1]) {
				out[n-1][1] = iv[1]
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}

// effectPlural names windows of an effect for a reader, in the plural.
func effectPlural(e sim.Effect) string {
	switch e {
	case sim.SlotLimit:
		return "caps on daily transits"
	case sim.InflowFactor:
		return "changes to the lake's inflow"
	case sim.CapacityFactor:
		return "capacity changes"
	case sim.ProductivityFactor:
		return "productivity changes"
	case sim.RampUp:
		return "ramps back up"
	}
	return strings.ReplaceAll(string(e), "_", " ") + "s"
}

// windowPad is the room between a window's label and its edges.
const windowPad = 3

// labelSpan is a labelled stretch of a panel's width.
type labelSpan struct {
	x0, x1 vg.Length
	label  string
}

// placed is a label where layoutLabels put it: its left end and line
// (from 0 at the top).
type placed struct {
	x    vg.Length
	line int
	text string
}

// labelAt returns the left end and width of a span's label: at the
// span's left edge, or, if it would run past right, ending at the span's
// right edge instead (but not left of left).
func labelAt(sty text.Style, s labelSpan, left, right vg.Length) (vg.Length, vg.Length) {
	w := sty.Width(s.label)
	x := s.x0 + windowPad
	if x+w > right {
		x = max(s.x1-windowPad-w, left)
	}
	return x, w
}

// layoutLabels places the labels of spans on lines from the top of a
// panel between left and right: each on the first line where it clears
// the labels already there, in at most maxLines lines. Labels that do
// not fit are left out, and a note at the right end of a line says how
// many (then the labels take one line less if the note needs it).
func layoutLabels(sty text.Style, spans []labelSpan, left, right vg.Length, maxLines int) []placed {
	try := func(lines int) (out []placed, ends []vg.Length, dropped int) {
		for _, s := range spans {
			x, w := labelAt(sty, s, left, right)
			line := 0
			for line < len(ends) && x < ends[line]+2*windowPad {
				line++
			}
			if line >= lines {
				dropped++
				continue
			}
			if line == len(ends) {
				ends = append(ends, 0)
			}
			ends[line] = x + w
			out = append(out, placed{x, line, s.label})
		}
		return out, ends, dropped
	}
	out, ends, dropped := try(maxLines)
	if dropped == 0 {
		return out
	}
	note := "+" + plural(dropped, "more window")
	x := right - windowPad - sty.Width(note)
	for line := range ends {
		if x >= ends[line]+2*windowPad {
			return append(out, placed{x, line, note})
		}
	}
	out, _, dropped = try(maxLines - 1)
	note = "+" + plural(dropped, "more window")
	return append(out, placed{right - windowPad - sty.Width(note), maxLines - 1, note})
}

// windowLabel names a disruption window for a reader: its name, or its
// effect and target.
func windowLabel(w sim.Window) string {
	l := w.Name
	if l == "" {
		l = string(w.Effect) + " of " + w.Target
	}
	switch {
	case w.Random && w.Probability > 0 && w.Probability < 1:
		l += fmt.Sprintf(" (random timing within the span; in %.0f%% of replications)", 100*w.Probability)
	case w.Random:
		l += " (random timing within the span)"
	case w.Probability > 0 && w.Probability < 1:
		l += fmt.Sprintf(" (in %.0f%% of replications)", 100*w.Probability)
	}
	return l
}

// grid draws light lines across a panel at the major ticks of its y axis
// and at those of x, which are given apart because an upper panel of a
// stack keeps its date ticks but not their labels. A panel of categories
// on y (noY) has lines at x only.
type grid struct {
	x   plot.Ticker
	noY bool
}

// Plot implements plot.Plotter.
func (g grid) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	sty := draw.LineStyle{Color: gridGrey, Width: vg.Points(0.5)}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if g.noY || t.IsMinor() || t.Value < p.Y.Min || t.Value > p.Y.Max {
			continue
		}
		y := ty(t.Value)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
	for _, t := range g.x.Ticks(p.X.Min, p.X.Max) {
		if t.IsMinor() || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		x := tx(t.Value)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
	}
}

// dateTicks marks a time axis in Unix seconds at calendar dates: the
// first of every month or every few months if that gives three to
// maxTicks labels, else every day, two days, week or two weeks (weeks
// start on Mondays), the shortest step with at most maxTicks labels.
// Minor ticks mark days or weeks in week steps, the 15th in month steps
// and months in steps of several months.
type dateTicks struct {
	// noLabels keeps the ticks but blanks their labels, for the upper
	// panels of a stack that share the lowest panel's dates.
	noLabels bool
}

const maxTicks = 7

// Ticks implements plot.Ticker.
func (d dateTicks) Ticks(min, max float64) []plot.Tick {
	lo := time.Unix(int64(math.Floor(min)), 0).UTC()
	hi := time.Unix(int64(math.Ceil(max)), 0).UTC()
	type step struct {
		days, months int
		format       string
	}
	steps := []step{
		{days: 1, format: "2 Jan"},
		{days: 2, format: "2 Jan"},
		{days: 7, format: "2 Jan"},
		{days: 14, format: "2 Jan"},
		{months: 1, format: "2 Jan 2006"},
		{months: 2, format: "2 Jan 2006"},
		{months: 3, format: "Jan 2006"},
		{months: 6, format: "Jan 2006"},
		{months: 12, format: "2006"},
	}
	// Months read best when there are at least three of them to label;
	// shorter spans get days or weeks, and spans too long for any step
	// get years however many there are.
	st := steps[len(steps)-1]
	for _, c := range slices.Concat(steps[4:], steps[:4]) {
		m := calendar(lo, hi, c.days, c.months)
		if len(m) <= maxTicks && (c.months == 0 || len(m) >= 3) {
			st = c
			break
		}
	}
	major := calendar(lo, hi, st.days, st.months)
	var minor []time.Time
	switch {
	case st.days == 2 || st.days == 7:
		minor = calendar(lo, hi, 1, 0)
	case st.days == 14:
		minor = calendar(lo, hi, 7, 0)
	case st.months == 1:
		for _, t := range calendar(lo.AddDate(0, -1, 0), hi, 0, 1) {
			if mid := t.AddDate(0, 0, 14); !mid.Before(lo) && !mid.After(hi) {
				minor = append(minor, mid)
			}
		}
	case st.months > 1:
		minor = calendar(lo, hi, 0, 1)
	}
	var ticks []plot.Tick
	isMajor := map[int64]bool{}
	for _, t := range major {
		label := t.Format(st.format)
		if d.noLabels {
			label = " "
		}
		ticks = append(ticks, plot.Tick{Value: float64(t.Unix()), Label: label})
		isMajor[t.Unix()] = true
	}
	for _, t := range minor {
		if !isMajor[t.Unix()] {
			ticks = append(ticks, plot.Tick{Value: float64(t.Unix())})
		}
	}
	// The year is only in the labels of month steps; give day and week
	// labels the year on their first label, so the axis is never
	// ambiguous.
	if !d.noLabels && st.days > 0 && len(major) > 0 {
		ticks[0].Label = major[0].Format("2 Jan 2006")
	}
	return ticks
}

// calendar returns the midnights from lo to hi at a step of days (aligned
// to Mondays for weeks) or months (aligned to the first of a month whose
// number is a multiple of the step, counting January as 0).
func calendar(lo, hi time.Time, days, months int) []time.Time {
	t := time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case months > 0:
		m := (int(t.Month()) - 1) / months * months
		t = time.Date(t.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	case days%7 == 0:
		t = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	}
	var out []time.Time
	for ; !t.After(hi); t = t.AddDate(0, months, days) {
		if !t.Before(lo) {
			out = append(out, t)
		}
	}
	return out
}

// legendEntry is one item of a figure's legend: a colour swatch (a band
// with its mean line, a plain shade, or a line alone) and its text.
type legendEntry struct {
	text   string
	fill   color.Color // nil for a line alone
	line   color.Color // nil for a plain shade
	width  vg.Length
	dashes []vg.Length // of the line; nil for solid
	// glyph, when its Shape is set, is drawn in the swatch's middle: the
	// marker of points.
	glyph draw.GlyphStyle
}

// Legend entries' sizes: swatch, gap between swatch and text and gap
// between entries.
const (
	swatchW = 22
	gapIn   = 5
	gapOut  = 18
)

// legendRows breaks entries into rows at most avail wide, in order.
func legendRows(entries []legendEntry, avail vg.Length) [][]legendEntry {
	sty := sans(9, ink)
	var rows [][]legendEntry
	var w vg.Length
	for _, e := range entries {
		ew := swatchW + gapIn + sty.Width(e.text)
		if len(rows) == 0 || w+gapOut+ew > avail {
			rows = append(rows, nil)
			w = ew
		} else {
			w += gapOut + ew
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], e)
	}
	return rows
}

// drawLegend draws entries side by side, centred in c, one row.
func drawLegend(c draw.Canvas, entries []legendEntry) {
	sty := sans(9, ink)
	sty.XAlign = draw.XLeft
	sty.YAlign = draw.YCenter
	const swatchH = 10
	var total vg.Length
	for i, e := range entries {
		if i > 0 {
			total += gapOut
		}
		total += swatchW + gapIn + sty.Width(e.text)
	}
	x := c.Center().X - total/2
	y := c.Center().Y
	for _, e := range entries {
		r := []vg.Point{
			{X: x, Y: y - swatchH/2}, {X: x + swatchW, Y: y - swatchH/2},
			{X: x + swatchW, Y: y + swatchH/2}, {X: x, Y: y + swatchH/2},
		}
		if e.fill != nil {
			c.FillPolygon(e.fill, r)
		}
		if e.line != nil {
			c.StrokeLine2(draw.LineStyle{Color: e.line, Width: e.width, Dashes: e.dashes}, x, y, x+swatchW, y)
		}
		if e.glyph.Shape != nil {
			c.DrawGlyph(e.glyph, vg.Point{X: x + swatchW/2, Y: y})
		}
		x += swatchW + gapIn
		c.FillText(sty, vg.Point{X: x, Y: y}, e.text)
		x += sty.Width(e.text) + gapOut
	}
}

// wrap breaks s into lines at most w wide in sty, at spaces, keeping at
// most max lines; the last one is shortened with an ellipsis if the text
// goes on.
func wrap(sty text.Style, s string, w vg.Length, max int) []string {
	var lines []string
	line := ""
	words := strings.Fields(s)
	for i, word := range words {
		next := word
		if line != "" {
			next = line + " " + word
		}
		if sty.Width(next) <= w || line == "" {
			line = next
			continue
		}
		if len(lines) == max-1 {
			return append(lines, fit(sty, strings.Join(append([]string{line}, words[i:]...), " "), w))
		}
		lines = append(lines, line)
		line = word
	}
	if line != "" {
		lines = append(lines, fit(sty, line, w))
	}
	return lines
}

// fit shortens s with an ellipsis until it is at most w wide in sty. It
// measures O(log n) prefixes no longer than about twice what fits, so a
// text of any length is fitted at the cost of one line's.
func fit(sty text.Style, s string, w vg.Length) string {
	// The shortest prefix, doubling in length, that is wider than w (or
	// the whole text): what fits is shorter than it.
	r := []rune(s)
	n := min(len(r), 64)
	for n < len(r) && sty.Width(string(r[:n])) <= w {
		n = min(len(r), 2*n)
	}
	if n == len(r) && sty.Width(s) <= w {
		return s
	}
	// The longest prefix k < n that fits with the ellipsis: widths grow
	// with the prefix, so binary search.
	k := sort.Search(n, func(k int) bool { return sty.Width(string(r[:k+1])+"…") > w })
	return string(r[:k]) + "…"
}
