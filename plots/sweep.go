package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// SweepFigure is the file name, without its extension, of the figure
// SweepResponse draws: "sweep".
const SweepFigure = "sweep"

// SweepResponse writes the response figure of a sweep to w in format f:
// the losses against the swept parameter, one point per value, from each
// point's summary.json. The top panel draws the TEU lost to Panama
// because of the disruptions (the risk metric lost_teu, the paired
// difference of the scenario's lost TEU and its baseline's); the bottom
// one the paired difference in diverted calls (calls that went to
// another terminal or by rail), or, where no point diverted any, the
// transits lost (the risk metric lost_transits). Each draws the mean
// across replications as a line through dots, with error bars across
// its 95% confidence interval, over a lighter band from the 5th to the
// 95th percentile across replications. The x axis is labelled with the
// parameter in words with its unit ("closure length, days" for
// disruptions[0].days of a closure; see sweepAxis).
//
// SweepResponse returns an error, before writing anything, if f is
// unknown, s is nil or has no points, a point lacks its summary or
// manifest, or a summary has no lost_teu; and any error from encoding or
// writing.
func SweepResponse(w io.Writer, f Format, s *results.Sweep) error {
	if err := checkFormat(f); err != nil {
		return err
	}
	if err := checkSweep(s); err != nil {
		return fmt.Errorf("plots: sweep: %w", err)
	}
	type response struct {
		ylabel string
		stats  []results.Stats // by point
	}
	lost := response{ylabel: "lost TEU (scenario \u2013 baseline)"}
	diverted := response{ylabel: "diverted calls (scenario \u2013 baseline)"}
	transits := response{ylabel: "lost transits (baseline \u2013 scenario)"}
	anyDiverted := false
	for i, sum := range s.Summaries {
		rk, ok := sum.Risk["lost_teu"]
		if !ok {
			c, ok := sum.Metrics["lost_teu"]
			if !ok {
				return fmt.Errorf("plots: sweep: point %s has no lost_teu", s.Index.Points[i].Folder)
			}
			rk.Stats = c.Difference
		}
		lost.stats = append(lost.stats, rk.Stats)
		d := sum.Metrics["diverted_calls"].Difference
		anyDiverted = anyDiverted || (d.N > 0 && d.Mean != 0)
		diverted.stats = append(diverted.stats, d)
		transits.stats = append(transits.stats, sum.Risk["lost_transits"].Stats)
	}
	second := diverted
	if !anyDiverted {
		second = transits
	}

	xs := make([]float64, len(s.Index.Points))
	for i, p := range s.Index.Points {
		xs[i] = p.Value
	}
	col := variants[1].color
	var panels []*plot.Plot
	for i, rs := range []response{lost, second} {
		p := newPanel()
		p.Y.Label.Text = rs.ylabel
		p.X.Tick.Marker = numTicks{}
		if i == 1 {
			p.X.Label.Text, _ = sweepAxis(s.Index.Parameter, s.Manifests[0].Disruptions)
		}
		p.Add(grid{x: numTicks{}})
		p.Add(statsBand{xs: xs, stats: rs.stats, color: translucent(col, bandAlpha)})
		p.Add(hline(0, zeroLine))
		mean, bars := make(plotter.XYs, 0, len(xs)), errBars{color: col}
		for k, x := range xs {
			st := rs.stats[k]
			if math.IsNaN(st.Mean) {
				continue
			}
			mean = append(mean, plotter.XY{X: x, Y: st.Mean})
			if st.CI95 != nil {
				bars.pts = append(bars.pts, [3]float64{x, st.CI95[0], st.CI95[1]})
			}
		}
		slices.SortFunc(mean, func(a, b plotter.XY) int { return int(math.Copysign(1, a.X-b.X)) })
		l, pts, err := plotter.NewLinePoints(mean)
		if err != nil {
			return fmt.Errorf("plots: sweep: %w", err)
		}
		l.Color, l.Width = col, vg.Points(1.6)
		pts.Color, pts.Shape, pts.Radius = col, draw.CircleGlyph{}, vg.Points(3)
		p.Add(bars, l, pts)
		// Zero in view, at the bottom for losses that are never gains;
		// a little room under gains.
		lo, hi := math.Min(p.Y.Min, 0), math.Max(p.Y.Max, 0)
		p.Y.Min, p.Y.Max = lo, niceMax(hi*1.08)
		if lo < 0 {
			p.Y.Min = lo - 0.04*(p.Y.Max-lo)
		}
		panels = append(panels, p)
	}
	// The panels share the parameter's axis, a little wider than the
	// values so the end dots show whole.
	shareX(panels)
	pad := math.Max(panels[0].X.Max-panels[0].X.Min, 1) * 0.03
	for _, p := range panels {
		p.X.Min -= pad
		p.X.Max += pad
	}
	panels[0].X.Tick.Label.Font.Size = 1
	panels[0].X.Tick.Marker = blankLabels{numTicks{}}

	m := *s.Manifests[0]
	m.Scenario = s.Index.Scenario
	if m.Scenario == "" {
		m.Scenario = s.Summaries[0].Scenario
	}
	_, name := sweepAxis(s.Index.Parameter, s.Manifests[0].Disruptions)
	fr := newFrame("Losses against "+name+": "+m.Scenario, &m,
		fmt.Sprintf("%s, each a study of %s; differences scenario \u2013 baseline in each replication (same random numbers).",
			plural(len(xs), "value"), plural(m.Replications, "replication")),
		"Line and dots: mean across replications; bars: its 95% confidence interval; band: P5\u2013P95 across replications.")
	fr.legend = []legendEntry{
		{text: "mean, 95% CI", line: col, width: vg.Points(1.6)},
		{text: "P5\u2013P95", fill: translucent(col, bandAlpha)},
		{text: "no difference", line: zeroLine.Color, width: zeroLine.Width},
	}
	return render(w, f, func(c draw.Canvas) { drawStack(fr.draw(c), panels) })
}

// checkSweep checks that s has points, each with a summary and manifest.
func checkSweep(s *results.Sweep) error {
	switch {
	case s == nil:
		return errors.New("no sweep")
	case len(s.Index.Points) == 0:
		return errors.New("the sweep has no points")
	case len(s.Summaries) != len(s.Index.Points) || len(s.Manifests) != len(s.Index.Points):
		return fmt.Errorf("the sweep has %d points but %d summaries and %d manifests",
			len(s.Index.Points), len(s.Summaries), len(s.Manifests))
	}
	for i := range s.Index.Points {
		if s.Summaries[i] == nil || s.Manifests[i] == nil {
			return fmt.Errorf("point %s has no summary or manifest", s.Index.Points[i].Folder)
		}
	}
	return nil
}

// sweepAxis labels the axis of the swept parameter param of a study of
// the disruptions ws (the manifest's): for a key of a disruption, what
// the key is for that disruption's effect and its unit ("closure length,
// days" for disruptions[0].days of a closure); for a path of the network
// or demand, its last key in words with the unit its suffix names and the
// node it belongs to ("capacity (railway), TEU/day" for
// network.nodes.railway.rail.capacity_teu_per_day). name is the label
// without its unit, for a title.
func sweepAxis(param string, ws []sim.Window) (label, name string) {
	if m := sweepParamRE.FindStringSubmatch(param); m != nil {
		ref, key := m[1], m[2]
		effect := "disruption"
		for i, w := range ws {
			if w.Name == ref || strconv.Itoa(i) == ref {
				effect = effectText(w)
				break
			}
		}
		switch key {
		case "days", "hours":
			name = effect + " length"
			return name + ", " + key, name
		case "factor":
			name = effect
			if !strings.HasSuffix(effect, "factor") {
				name += " factor"
			}
			return name + " (1: no change)", name
		case "neopanamax", "panamax":
			name = strings.ToUpper(key[:1]) + key[1:] + " transits a day"
			return name, name
		case "lanes":
			name = "lanes out of service"
			return name, name
		case "probability":
			name = effect + " probability"
			return name + " (0 to 1)", name
		}
		return param, param
	}
	// A path: its last key, and the node's ID where it names a node.
	parts := strings.Split(param, ".")
	last := parts[len(parts)-1]
	words, unit := last, ""
	for _, u := range pathUnits {
		if w, ok := strings.CutSuffix(last, u.suffix); ok && w != "" {
			words, unit = w, u.unit
			break
		}
	}
	name = strings.ReplaceAll(words, "_", " ")
	if len(parts) > 3 && parts[1] == "nodes" {
		name += " (" + parts[2] + ")"
	}
	if unit == "" {
		return name, name
	}
	return name + ", " + unit, name
}

// sweepParamRE matches a disruption's key: disruptions[REF].KEY.
var sweepParamRE = regexp.MustCompile(`^disruptions\[([^\]]+)\]\.([a-z_]+)$`)

// pathUnits are the units the suffixes of the network's and demand's keys
// name, the longest of a family first.
var pathUnits = []struct{ suffix, unit string }{
	{"_teu_per_day", "TEU/day"},
	{"_teu_per_year", "TEU/year"},
	{"_teu_per_hour", "TEU/hour"},
	{"_mcm_per_year", "million m\u00b3/year"},
	{"_mcm_per_day", "million m\u00b3/day"},
	{"_per_crane_hour", "per crane-hour"},
	{"_per_day", "a day"},
	{"_per_hour", "an hour"},
	{"_per_week", "a week"},
	{"_teu", "TEU"},
	{"_hours", "hours"},
	{"_minutes", "minutes"},
	{"_days", "days"},
	{"_ft", "ft"},
	{"_m", "m"},
	{"_km", "km"},
	{"_usd", "US$"},
	{"_knots", "knots"},
	{"_mgal", "million gallons"},
	{"_share", "share (0 to 1)"},
}

// statsBand fills the area between the P5 and P95 of statistics at xs
// (in any order; points without a value are left out).
type statsBand struct {
	xs    []float64
	stats []results.Stats
	color color.Color
}

// points returns the band's x, P5 and P95 in the order of x.
func (b statsBand) points() [][3]float64 {
	var pts [][3]float64
	for i, x := range b.xs {
		st := b.stats[i]
		if !math.IsNaN(st.P5) && !math.IsNaN(st.P95) {
			pts = append(pts, [3]float64{x, st.P5, st.P95})
		}
	}
	slices.SortFunc(pts, func(a, b [3]float64) int { return int(math.Copysign(1, a[0]-b[0])) })
	return pts
}

// Plot implements plot.Plotter.
func (b statsBand) Plot(c draw.Canvas, p *plot.Plot) {
	pts := b.points()
	if len(pts) < 2 {
		return
	}
	tx, ty := p.Transforms(&c)
	poly := make([]vg.Point, 0, 2*len(pts))
	for _, q := range pts {
		poly = append(poly, vg.Point{X: tx(q[0]), Y: ty(q[2])})
	}
	for i := len(pts) - 1; i >= 0; i-- {
		poly = append(poly, vg.Point{X: tx(pts[i][0]), Y: ty(pts[i][1])})
	}
	c.FillPolygon(b.color, c.ClipPolygonXY(poly))
}

// DataRange implements plot.DataRanger.
func (b statsBand) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, q := range b.points() {
		xmin, xmax = math.Min(xmin, q[0]), math.Max(xmax, q[0])
		ymin, ymax = math.Min(ymin, q[1]), math.Max(ymax, q[2])
	}
	return xmin, xmax, ymin, ymax
}

// errBars draws vertical error bars, each at x from lo to hi (pts hold
// x, lo, hi), with caps.
type errBars struct {
	pts   [][3]float64
	color color.Color
}

// Plot implements plot.Plotter.
func (e errBars) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	sty := draw.LineStyle{Color: e.color, Width: vg.Points(1.2)}
	const capW = 3
	for _, q := range e.pts {
		x, lo, hi := tx(q[0]), ty(q[1]), ty(q[2])
		c.StrokeLine2(sty, x, lo, x, hi)
		c.StrokeLine2(sty, x-capW, lo, x+capW, lo)
		c.StrokeLine2(sty, x-capW, hi, x+capW, hi)
	}
}

// DataRange implements plot.DataRanger.
func (e errBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, q := range e.pts {
		xmin, xmax = math.Min(xmin, q[0]), math.Max(xmax, q[0])
		ymin, ymax = math.Min(ymin, q[1]), math.Max(ymax, q[2])
	}
	return xmin, xmax, ymin, ymax
}
