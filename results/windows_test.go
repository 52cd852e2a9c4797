package results

import (
	"math"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim"
)

// TestDescribeBootstrapBound: for values that cannot be negative, most at
// zero and a few large (lost TEU when a disruption seldom happens),
// Student's t interval of the mean goes below zero; the percentile
// bootstrap's does not, contains the mean, and is the same on every call.
func TestDescribeBootstrapBound(t *testing.T) {
	xs := make([]float64, 20)
	xs[3], xs[11] = 90000, 40000
	tt := Describe(xs)
	if tt.CI95[0] >= 0 {
		t.Fatalf("t-interval %v: the case should go below 0", *tt.CI95)
	}
	got := describeBootstrap(xs)
	lo, hi := got.CI95[0], got.CI95[1]
	if lo < 0 || !(lo <= got.Mean && got.Mean <= hi) || hi > 90000 {
		t.Errorf("bootstrap interval [%g, %g] of mean %g: want within [0, 90000] around the mean", lo, hi, got.Mean)
	}
	if got.Mean != tt.Mean || got.N != tt.N || got.P95 != tt.P95 {
		t.Errorf("bootstrap stats %+v differ from Describe's %+v beyond the interval", got, tt)
	}
	if again := describeBootstrap(xs); *again.CI95 != *got.CI95 {
		t.Errorf("interval %v, then %v: want the same", *got.CI95, *again.CI95)
	}
	// On values of a symmetric spread the two intervals agree closely.
	var ys []float64
	for i := range 200 {
		ys = append(ys, 100+float64(i%20)-9.5)
	}
	b, s := describeBootstrap(ys), Describe(ys)
	for k := range 2 {
		if math.Abs(b.CI95[k]-s.CI95[k]) > 0.15*(s.CI95[1]-s.CI95[0]) {
			t.Errorf("symmetric values: bootstrap %v, t %v", *b.CI95, *s.CI95)
		}
	}
	// Equal values: an interval of width 0; one value: none.
	if c := describeBootstrap([]float64{3, 3, 3}).CI95; c == nil || c[0] != 3 || c[1] != 3 {
		t.Errorf("equal values: interval %v, want [3, 3]", c)
	}
	if c := describeBootstrap([]float64{3}).CI95; c != nil {
		t.Errorf("one value: interval %v, want none", c)
	}
}

// TestDescribeShare: the share of normal is the ratio of the means (not
// the mean of the ratios, which a replication with a small baseline
// swamps), its interval holds it and is not negative.
func TestDescribeShare(t *testing.T) {
	b := []float64{100, 100, 100, 1}
	s := []float64{50, 60, 40, 10}
	got := describeShare(b, s)
	if want := 160.0 / 301; math.Abs(got.Mean-want) > 1e-12 {
		t.Errorf("share %g, want %g", got.Mean, want)
	}
	if got.CI95 == nil || got.CI95[0] < 0 || got.CI95[0] > got.Mean || got.CI95[1] < got.Mean {
		t.Errorf("share interval %v around %g", got.CI95, got.Mean)
	}
	if z := describeShare([]float64{0, 0}, []float64{1, 2}); !math.IsNaN(z.Mean) || z.CI95 != nil {
		t.Errorf("share over a zero baseline: %+v, want no value", z)
	}
}

// TestWindows checks the window section on a hand-made result: two
// replications whose random window fell on different days, the
// scenario's TEU halved on the window's days, then (replication 0 only)
// slow to come back. Each replication is measured over its own window,
// and the recovery follows days_to_recover's definition.
func TestWindows(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	day := func(d int, h float64) time.Time {
		return start.Add(time.Duration((float64(d)*24 + h) * float64(time.Hour)))
	}
	run := func(teu func(d int) float64, lost func(d int) float64) sim.Run {
		var r sim.Run
		for d := range 20 {
			x := teu(d)
			r.Days = append(r.Days, sim.Day{Date: day(d, 0), Transits: 30, TEU: x, TerminalTEU: []float64{x}, LostTEU: lost(d)})
		}
		return r
	}
	flat := func(int) float64 { return 100 }
	zero := func(int) float64 { return 0 }
	in := func(lo, hi int) func(d int) bool { return func(d int) bool { return d >= lo && d < hi } }
	w0, w1 := in(5, 10), in(2, 4)
	res := &sim.Result{
		Terminals: []string{"t"},
		Windows:   []sim.Window{{Name: "closure", Random: true, From: day(0, 0), Until: day(20, 0)}},
		Done:      []bool{true, true},
		Baseline:  []sim.Run{run(flat, zero), run(flat, zero)},
		Disrupted: []sim.Run{
			run(func(d int) float64 {
				switch {
				case w0(d):
					return 50
				case d >= 10 && d < 13:
					return 80
				}
				return 100
			}, func(d int) float64 {
				if w0(d) {
					return 50
				}
				return 0
			}),
			run(func(d int) float64 {
				if w1(d) {
					return 50
				}
				return 100
			}, func(d int) float64 {
				if w1(d) {
					return 50
				}
				return 0
			}),
		},
	}
	// Replication 0's window ends at noon: day 9 counts whole.
	res.Disrupted[0].Windows = []sim.RunWindow{{Occurred: true, From: day(5, 0), Until: day(9, 12)}}
	res.Disrupted[1].Windows = []sim.RunWindow{{Occurred: true, From: day(2, 0), Until: day(4, 0)}}
	ws := windows(res)
	if len(ws) != 1 {
		t.Fatalf("%d windows, want 1", len(ws))
	}
	w := ws[0]
	check := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %g, want %g", what, got, want)
		}
	}
	check("replications", float64(w.Replications), 2)
	check("days", w.Days.Mean, 3.5)
	check("days_to_recover", w.DaysToRecover.Mean, 1) // 2 and 0
	check("days_to_recover of replication 0", res.Outcome(0).Windows[0].Recover, 2)
	teu := w.During["teu_per_day"]
	check("TEU difference a day", teu.Difference.Mean, -50)
	check("TEU difference in total", teu.DifferenceTotal.Mean, -175)
	check("TEU share of normal", teu.ShareOfNormal.Mean, 0.5)
	check("terminal TEU share", w.During["teu_per_day.t"].ShareOfNormal.Mean, 0.5)
	lost := w.During["lost_teu"]
	check("lost TEU in total", lost.DifferenceTotal.Mean, 175)
	if lost.DifferenceTotal.CI95[0] < 0 {
		t.Errorf("lost TEU interval %v below 0", *lost.DifferenceTotal.CI95)
	}
	if !math.IsNaN(lost.ShareOfNormal.Mean) {
		t.Errorf("lost TEU share of a zero baseline = %g, want no value", lost.ShareOfNormal.Mean)
	}
	// The recovery: days 10 and 11 of replication 0 only.
	rec := w.Recovery["teu_per_day"]
	check("recovery n", float64(rec.Difference.N), 1)
	check("recovery TEU difference a day", rec.Difference.Mean, -20)
	check("recovery TEU difference in total", rec.DifferenceTotal.Mean, -40)
	// A window that did not happen is left out.
	res.Disrupted[1].Windows[0].Occurred = false
	if w := windows(res)[0]; w.Replications != 1 || w.During["teu_per_day"].Difference.N != 1 {
		t.Errorf("a window that did not happen: %d replications, n %d; want 1", w.Replications, w.During["teu_per_day"].Difference.N)
	}
}
