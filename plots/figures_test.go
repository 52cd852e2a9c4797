package plots

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// resultsFigure is a figure of a results folder under test: its name in
// Figures, how to draw it, and texts its SVG must hold.
type resultsFigure struct {
	name string
	draw func(io.Writer, Format, *results.Folder) error
	want []string
}

var resultsFigures = []resultsFigure{
	{"difference", Difference, []string{"Scenario against baseline: ppc-closure", "difference, transits/day", "difference, TEU/day (7-day mean)", "no difference", "PPC closure"}},
	{"queue", Queue, []string{"Anchorage queue: ppc-closure", "vessels waiting, end of day", "vessels waiting, day's maximum", "scenario (mean, P5\u2013P95 band)"}},
	{"waits", Waits, []string{"Anchorage waits: ppc-closure", "wait at the anchorage, days", "median", "P95"}},
	{"terminals", Terminals, []string{"TEU by terminal: ppc-closure", "Balboa", "Crist\u00f3bal", "MIT", "TEU/day handled", "difference, TEU/day"}},
	{"losses", Losses, []string{"Losses across replications: ppc-closure", "no loss (exactly 0)", "10 replications", "P95"}},
	{"costs", Costs, []string{"Who pays: ppc-closure", "Panama Ports Company", "Shipowners", "cost to the payer, million US$ (negative: a gain)", "95% interval of the mean"}},
	{"lake", Lake, []string{"Gat\u00fan Lake and the draft limit: ppc-closure", "lake level (ft)", "Neopanamax draft limit (ft)"}},
}

// withLake returns a copy of r whose scenario has Gatún Lake a foot and a
// half lower, and the draft limit two feet less, in July: results the
// lake figure applies to.
func withLake(r *results.Folder) *results.Folder {
	out := *r
	d := *r.Daily
	d.Rows = slices.Clone(r.Daily.Rows)
	for i := range d.Rows {
		row := &d.Rows[i]
		if row.Variant == sim.Disrupted && row.Date.Month() == time.July {
			row.LakeLevelFt -= 1.5
			row.DraftLimitFt -= 2
		}
	}
	out.Daily = &d
	b, err := results.FoldDaily(&d, results.FigureSeries(), r.Manifest.Disruptions)
	if err != nil {
		panic(err)
	}
	out.Bands = b
	return &out
}

// TestFiguresFormats draws every figure of the fixture (the lake's with
// the lake lowered) in every format, and checks each output and that the
// same data give the same SVG and PNG bytes.
func TestFiguresFormats(t *testing.T) {
	fx := fixtureResults(t)
	for _, fig := range resultsFigures {
		r := fx
		if fig.name == "lake" {
			r = withLake(fx)
		}
		for _, f := range formats {
			t.Run(fig.name+"/"+string(f), func(t *testing.T) {
				var buf bytes.Buffer
				if err := fig.draw(&buf, f, r); err != nil {
					t.Fatal(err)
				}
				checkFigure(t, f, buf.Bytes(), append(fig.want, "seed 1", "v0.0.0-test")...)
				if f == PDF {
					return
				}
				var again bytes.Buffer
				if err := fig.draw(&again, f, r); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf.Bytes(), again.Bytes()) {
					t.Error("two renderings of the same data differ")
				}
			})
		}
	}
}

// TestFiguresRegistered checks that every figure is in Figures, in
// report order after throughput, and what each applies to.
func TestFiguresRegistered(t *testing.T) {
	fx := fixtureResults(t)
	byName := map[string]Figure{}
	var names []string
	for _, fig := range Figures() {
		if _, dup := byName[fig.Name]; dup {
			t.Errorf("figure %q twice", fig.Name)
		}
		byName[fig.Name] = fig
		names = append(names, fig.Name)
		if fig.Title == "" || fig.Caption == "" || fig.Draw == nil {
			t.Errorf("figure %q lacks a title, caption or Draw", fig.Name)
		}
	}
	last := slices.Index(names, "throughput")
	for _, want := range resultsFigures {
		i := slices.Index(names, want.name)
		if i < 0 {
			t.Errorf("figure %q is not in Figures()", want.name)
			continue
		}
		if i < last {
			t.Errorf("figure %q comes before throughput", want.name)
		}
	}
	applies := func(name string, r *results.Folder) bool {
		fig := byName[name]
		return fig.Applies == nil || fig.Applies(r)
	}
	for _, name := range []string{"difference", "queue", "waits", "terminals", "losses", "costs"} {
		if !applies(name, fx) {
			t.Errorf("%s does not apply to the fixture", name)
		}
	}
	if applies("lake", fx) {
		t.Error("lake applies to the fixture, whose scenario leaves the lake alone")
	}
	if !applies("lake", withLake(fx)) {
		t.Error("lake does not apply where the scenario lowers the lake")
	}
	noWaits := *fx
	noWaits.Waits = nil
	if applies("waits", &noWaits) {
		t.Error("waits applies to results without waits.csv")
	}
	noRisk := *fx
	noRisk.Replications = &results.ReplicationsTable{Header: []string{"replication", "variant", "lost_teu"}}
	if applies("losses", &noRisk) {
		t.Error("losses applies to results without risk metrics")
	}
	noCosts := *fx
	noCosts.Summary = &results.Summary{Metrics: fx.Summary.Metrics}
	if applies("costs", &noCosts) {
		t.Error("costs applies to a summary without costs (written before they existed)")
	}
	noTerminals := *fx
	noTerminals.Summary = &results.Summary{Metrics: map[sim.MetricName]results.Comparison{}}
	if applies("terminals", &noTerminals) {
		t.Error("terminals applies to results without TEU by terminal")
	}
}

// TestFiguresGolden compares four figures of the fixture with golden
// PNGs (see checkGolden; go test -update rewrites them).
func TestFiguresGolden(t *testing.T) {
	fx := fixtureResults(t)
	for _, fig := range resultsFigures {
		if fig.name != "difference" && fig.name != "terminals" && fig.name != "losses" && fig.name != "costs" {
			continue
		}
		t.Run(fig.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := fig.draw(&buf, PNG, fx); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, fig.name, buf.Bytes())
		})
	}
}

func TestFiguresErrors(t *testing.T) {
	fx := fixtureResults(t)
	noManifest := *fx
	noManifest.Manifest = nil
	emptyDaily := *fx
	emptyDaily.Bands = &results.Bands{}
	// Bands of transits and TEU only: no queue, no lake.
	throughputOnly := *fx
	throughputOnly.Bands = bandsWith(t, fx.Daily, fx.Manifest,
		results.Series{Column: "transits", Variant: results.Difference, Window: 1},
		results.Series{Column: "teu", Variant: results.Difference, Window: results.TEUWindow})
	noWaits := *fx
	noWaits.Waits = nil
	emptyWaits := *fx
	emptyWaits.Waits = &results.WaitTable{Baseline: make([]int, 3), Scenario: make([]int, 3)}
	noSummary := *fx
	noSummary.Summary = nil
	noReplications := *fx
	noReplications.Replications = nil
	emptyReplications := *fx
	emptyReplications.Replications = &results.ReplicationsTable{Header: fx.Replications.Header}

	tests := []struct {
		figure string
		f      Format
		r      *results.Folder
		want   string
	}{
		{"difference", SVG, nil, "no results"},
		{"queue", SVG, &noManifest, "no manifest"},
		{"waits", Format("gif"), fx, `unknown format "gif"`},
		{"difference", SVG, &emptyDaily, "no daily table"},
		{"queue", SVG, &emptyDaily, "no daily table"},
		{"queue", SVG, &throughputOnly, "no band of queue (baseline, 1-day mean)"},
		{"lake", SVG, &throughputOnly, "no band of lake_level_ft (baseline, 1-day mean)"},
		{"waits", SVG, &noWaits, "no waits table"},
		{"waits", SVG, &emptyWaits, "no baseline vessels"},
		{"terminals", SVG, &noSummary, "no summary with TEU by terminal"},
		{"terminals", PNG, nil, "no results"},
		{"losses", SVG, &noReplications, "no replications table"},
		{"losses", SVG, &emptyReplications, "no replications table"},
		{"losses", PDF, &noManifest, "no manifest"},
		{"costs", SVG, &noSummary, "no summary with costs"},
		{"costs", PNG, &noManifest, "no manifest"},
	}
	draw := map[string]func(io.Writer, Format, *results.Folder) error{}
	for _, fig := range resultsFigures {
		draw[fig.name] = fig.draw
	}
	for _, tt := range tests {
		t.Run(tt.figure+"/"+tt.want, func(t *testing.T) {
			var buf bytes.Buffer
			err := draw[tt.figure](&buf, tt.f, tt.r)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "plots: ") {
				t.Fatalf("got error %v, want one with %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

func TestFiguresWriteError(t *testing.T) {
	fx := fixtureResults(t)
	for _, fig := range resultsFigures[:2] {
		err := fig.draw(&errWriter{n: 100}, PNG, fx)
		if !errors.Is(err, errFull) {
			t.Errorf("%s: got error %v, want %v", fig.name, err, errFull)
		}
	}
}

// sweepOf builds a sweep of the fixture's closure at lengths of 10, 20
// and 30 days, its summary scaled to each.
func sweepOf(t *testing.T) *results.Sweep {
	fx := fixtureResults(t)
	s := &results.Sweep{Index: results.SweepIndex{Scenario: "ppc-closure-sweep", Parameter: "disruptions[0].days"}}
	scale := func(st results.Stats, k float64) results.Stats {
		out := results.Stats{N: st.N, Mean: k * st.Mean, P5: k * st.P5, P50: k * st.P50, P95: k * st.P95}
		if st.CI95 != nil {
			out.CI95 = &[2]float64{k * st.CI95[0], k * st.CI95[1]}
		}
		return out
	}
	for _, days := range []float64{30, 10, 20} { // not in order
		k := days / 30
		sum := &results.Summary{Scenario: "ppc-closure-sweep", Replications: fx.Summary.Replications, Metrics: map[sim.MetricName]results.Comparison{}, Risk: map[sim.MetricName]results.Risk{}}
		for name, c := range fx.Summary.Metrics {
			sum.Metrics[name] = results.Comparison{Unit: c.Unit, Baseline: c.Baseline, Scenario: c.Scenario, Difference: scale(c.Difference, k)}
		}
		for name, rk := range fx.Summary.Risk {
			rk.Stats = scale(rk.Stats, k)
			sum.Risk[name] = rk
		}
		s.Index.Points = append(s.Index.Points, results.SweepPoint{Value: days, Folder: fmt.Sprintf("days-%g", days)})
		s.Summaries = append(s.Summaries, sum)
		s.Manifests = append(s.Manifests, fx.Manifest)
	}
	return s
}

func TestSweepResponse(t *testing.T) {
	s := sweepOf(t)
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := SweepResponse(&buf, f, s); err != nil {
				t.Fatal(err)
			}
			checkFigure(t, f, buf.Bytes(), "Losses against closure length: ppc-closure-sweep",
				"closure length, days", "lost TEU (scenario \u2013 baseline)", "diverted calls (scenario \u2013 baseline)", "3 values", "seed 1")
		})
	}

	noLost := sweepOf(t)
	delete(noLost.Summaries[1].Risk, "lost_teu")
	delete(noLost.Summaries[1].Metrics, "lost_teu")
	short := sweepOf(t)
	short.Manifests = short.Manifests[:1]
	nilSummary := sweepOf(t)
	nilSummary.Summaries[2] = nil
	for _, tt := range []struct {
		name string
		f    Format
		s    *results.Sweep
		want string
	}{
		{"nil", SVG, nil, "no sweep"},
		{"no points", SVG, &results.Sweep{}, "no points"},
		{"unknown format", Format("tiff"), s, `unknown format "tiff"`},
		{"no lost_teu", SVG, noLost, "has no lost_teu"},
		{"missing manifests", SVG, short, "3 points but 3 summaries and 1 manifests"},
		{"nil summary", SVG, nilSummary, "has no summary or manifest"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := SweepResponse(&buf, tt.f, tt.s)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "plots: ") {
				t.Fatalf("got error %v, want one with %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

// TestPaired checks the paired difference on two replications whose
// scenario runs lose 10 and 30 on the second day.
func TestPaired(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 6, d, 0, 0, 0, 0, time.UTC) }
	tab := &results.DailyTable{}
	for rep, loss := range []float64{10, 30} {
		for _, v := range []sim.Variant{sim.Baseline, sim.Disrupted} {
			for d := 1; d <= 3; d++ {
				teu := 100.0 + float64(rep)
				if v == sim.Disrupted && d == 2 {
					teu -= loss
				}
				tab.Rows = append(tab.Rows, results.DailyRow{Replication: rep, Variant: v, Day: sim.Day{Date: day(d), TEU: teu}})
			}
		}
	}
	paired := func(window int, breaks []time.Time) *results.Band {
		var windows []sim.Window
		for _, b := range breaks {
			windows = append(windows, sim.Window{From: b, Until: b})
		}
		s := results.Series{Column: "teu", Variant: results.Difference, Window: window}
		bands, err := results.FoldDaily(tab, []results.Series{s}, windows)
		if err != nil {
			t.Fatal(err)
		}
		b, err := bands.Band(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b := paired(1, nil)
	want := []float64{0, -20, 0}
	for i, w := range want {
		if b.Mean[i] != w {
			t.Errorf("day %d: mean %g, want %g", i+1, b.Mean[i], w)
		}
	}
	if b.P5[1] != -29 || b.P95[1] != -11 {
		t.Errorf("day 2: P5 %g, P95 %g; want -29 and -11", b.P5[1], b.P95[1])
	}
	// With a 3-day mean, the loss spreads to the neighbouring days,
	// unless a window's edge stops it.
	b = paired(3, nil)
	if got := b.Mean[0]; math.Abs(got+10) > 1e-9 {
		t.Errorf("3-day mean, day 1: %g, want -10", got)
	}
	b = paired(3, []time.Time{day(2)})
	if got := b.Mean[0]; got != 0 {
		t.Errorf("3-day mean with a break on day 2, day 1: %g, want 0", got)
	}
}

func TestHistogram(t *testing.T) {
	// Whole numbers: a bin for each, centred on it.
	bins := histogram([]float64{-1, 1, 1, 2})
	if len(bins) != 4 || bins[0].lo != -1.5 || bins[3].hi != 2.5 {
		t.Fatalf("whole numbers: bins %+v", bins)
	}
	if got := []int{bins[0].n, bins[1].n, bins[2].n, bins[3].n}; !slices.Equal(got, []int{1, 0, 2, 1}) {
		t.Errorf("whole numbers: counts %v, want [1 0 2 1]", got)
	}
	// Continuous values: round widths, every value in a bin.
	var xs []float64
	for i := range 40 {
		xs = append(xs, 81593+float64(i)*1873.3)
	}
	bins = histogram(xs)
	n := 0
	for _, b := range bins {
		n += b.n
		if w := b.hi - b.lo; math.Abs(w-10000) > 1e-6 {
			t.Errorf("bin width %g, want 10,000", w)
		}
	}
	if n != len(xs) || bins[0].lo != 80000 {
		t.Errorf("continuous: %d values in bins from %g, want %d from 80,000", n, bins[0].lo, len(xs))
	}
	if histogram(nil) != nil {
		t.Error("no values, but bins")
	}
	// One value that is not whole: its bin's edge, a multiple of a tiny
	// width, may round to just above it; the value is still counted.
	for _, x := range []float64{7.77, -7.77, 0.1, -123456.789} {
		n := 0
		for _, b := range histogram([]float64{x}) {
			n += b.n
		}
		if n != 1 {
			t.Errorf("histogram of %g counts %d values", x, n)
		}
	}
}

func TestWaitDist(t *testing.T) {
	// 100 vessels: 50 in [0, 2) h, 40 in [2, 4) h, 10 in the open bin.
	counts := make([]int, 5)
	counts[0], counts[1], counts[4] = 50, 40, 10
	d := newWaitDist(counts)
	for _, tt := range []struct{ q, want float64 }{{0.25, 1}, {0.5, 2}, {0.7, 3}, {0.95, 8}} {
		if got := d.quantile(tt.q); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("quantile %g: %g h, want %g", tt.q, got, tt.want)
		}
	}
	cdf := d.cdf(1)
	if last := cdf[len(cdf)-1]; last.X != 8 || last.Y != 90 {
		t.Errorf("the CDF ends at %v, want (8 h, 90%%) before the open bin", last)
	}
	if got := d.longest(24); got != "over 8 h" {
		t.Errorf("longest %q, want over 8 h", got)
	}
	if got := formatWait(60, 24); got != "2.5 d" {
		t.Errorf("formatWait(60, 24) = %q, want 2.5 d", got)
	}
	if got := formatWait(60, 120); got != "60 h" {
		t.Errorf("formatWait(60, 120) = %q, want 60 h", got)
	}
}

// TestLayoutLabels checks that many windows' labels take at most
// maxWindowLines lines, the rest counted in a note.
func TestLayoutLabels(t *testing.T) {
	sty := sans(8, grey)
	var spans []labelSpan
	for i := range 8 {
		spans = append(spans, labelSpan{x0: vg.Length(10 * i), x1: vg.Length(10*i + 40), label: "Neopanamax draft 44 ft"})
	}
	placed := layoutLabels(sty, spans, 0, 400, maxWindowLines)
	lines, labels := 0, 0
	note := ""
	for _, p := range placed {
		lines = max(lines, p.line+1)
		if strings.HasPrefix(p.text, "+") {
			note = p.text
			continue
		}
		labels++
	}
	if lines > maxWindowLines {
		t.Errorf("labels on %d lines, want at most %d", lines, maxWindowLines)
	}
	if want := "+" + plural(len(spans)-labels, "more window"); note != want {
		t.Errorf("note %q, want %q", note, want)
	}
	if got := layoutLabels(sty, spans[:1], 0, 400, maxWindowLines); len(got) != 1 || got[0].line != 0 {
		t.Errorf("one window: %+v", got)
	}
}

func TestHourTicks(t *testing.T) {
	var labels []string
	for _, tk := range (hourTicks{}).Ticks(0, 96) {
		if !tk.IsMinor() {
			labels = append(labels, tk.Label)
		}
	}
	if got := strings.Join(labels, " "); got != "0 12 24 36 48 60 72 84 96" {
		t.Errorf("0 to 96 h: got %q", got)
	}
}

func TestNumTicks(t *testing.T) {
	for _, tt := range []struct {
		min, max float64
		want     string
	}{
		{80, 90, "80 82 84 86 88 90"},
		{44, 45, "44.0 44.2 44.4 44.6 44.8 45.0"},
		{-3000, 2000, "-3,000 -2,000 -1,000 0 1,000 2,000"},
	} {
		var labels []string
		for _, tk := range (numTicks{}).Ticks(tt.min, tt.max) {
			if !tk.IsMinor() {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tt.want {
			t.Errorf("%g to %g: got %q, want %q", tt.min, tt.max, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		s    float64
		want string
	}{{0, "0%"}, {1, "100%"}, {0.375, "38%"}, {0.05, "5.0%"}, {0.001, "<1%"}, {0.999, ">99%"}} {
		if got := percent(tt.s); got != tt.want {
			t.Errorf("percent(%g) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
