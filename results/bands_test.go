package results

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim"
)

// TestExtremesExact: the percentiles a band computes from the values it
// keeps are exactly Describe's from all the values, for any number
// of values up to the number planned, with ties and NaNs; the mean
// agrees to rounding.
func TestExtremesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, planned := range []int{1, 2, 3, 7, 20, 21, 99, 100, 101, 1000, 4567} {
		for _, n := range []int{1, 2, 5, planned / 2, planned - 1, planned} {
			if n < 1 || n > planned {
				continue
			}
			var e extremes
			var xs []float64
			keep := keepFor(planned)
			for range n {
				x := math.Round(rng.NormFloat64()*10) / 2 // ties
				if rng.IntN(20) == 0 {
					x = math.NaN()
				}
				xs = append(xs, x)
				e.add(x, keep)
			}
			want := Describe(xs)
			got := e.stats()
			if want.N == 0 {
				if !math.IsNaN(got.mean) || !math.IsNaN(got.p5) {
					t.Errorf("planned %d, n %d: no value, got %+v", planned, n, got)
				}
				continue
			}
			if got.p5 != want.P5 || got.p95 != want.P95 {
				t.Errorf("planned %d, n %d: P5 %v P95 %v, want %v %v", planned, n, got.p5, got.p95, want.P5, want.P95)
			}
			if math.Abs(got.mean-want.Mean) > 1e-9*math.Max(1, math.Abs(want.Mean)) {
				t.Errorf("planned %d, n %d: mean %v, want %v", planned, n, got.mean, want.Mean)
			}
			if len(e.low) > keep || len(e.high) > keep {
				t.Errorf("planned %d: kept %d and %d values, at most %d", planned, len(e.low), len(e.high), keep)
			}
		}
	}
	if k := keepFor(100000); k != 5001 {
		t.Errorf("keepFor(100000) = %d, want 5001", k)
	}
}

// TestBandFold: a fold of a study's replications gives, for an
// unsmoothed series, the percentiles of DailyTable.Series; the
// difference series is the pairs' difference; a smoothed series is the
// centred mean that stops at the disruption window's edges.
func TestBandFold(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 10, d, 0, 0, 0, 0, time.UTC) }
	sc := &sim.Scenario{Name: "ppc", Start: day(1), Days: 12, WarmupDays: 3, Seed: 1, Replications: 9,
		Disruptions: []sim.Disruption{{Effect: sim.Closure, Target: sim.Target{Operator: "ppc"}, From: day(5), Until: day(8)}}}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	series := []Series{{"transits", sim.Disrupted, 1}, {"teu", Difference, 1}, {"teu", sim.Baseline, 3}}
	var dates []time.Time
	for _, d := range res.Baseline[0].Days {
		dates = append(dates, d.Date)
	}
	f, err := NewBandFold(series, sc.Replications, res.Terminals, res.Windows)
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Done {
		if err := f.Add(res.Baseline[i].Days, res.Disrupted[i].Days); err != nil {
			t.Fatal(err)
		}
	}
	bands := f.Bands()
	got, err := bands.Band(series[0])
	if err != nil {
		t.Fatal(err)
	}
	for j := range dates {
		var xs []float64
		for i := range res.Done {
			xs = append(xs, float64(res.Disrupted[i].Days[j].Transits))
		}
		want := Describe(xs)
		if got.P5[j] != want.P5 || got.P95[j] != want.P95 || math.Abs(got.Mean[j]-want.Mean) > 1e-9 {
			t.Fatalf("day %d: %v %v %v, want %v %v %v", j, got.Mean[j], got.P5[j], got.P95[j], want.Mean, want.P5, want.P95)
		}
	}
	diff, _ := bands.Band(series[1])
	for j := range dates {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range res.Done {
			x := written(res.Disrupted[i].Days[j].TEU) - written(res.Baseline[i].Days[j].TEU)
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		if diff.Min[j] != lo || diff.Max[j] != hi {
			t.Fatalf("day %d: difference from %v to %v, want %v to %v", j, diff.Min[j], diff.Max[j], lo, hi)
		}
	}
	// The 3-day mean of replication 0's TEU, alone in a fold, on a day
	// away from the window's edges and on the window's first day.
	one, _ := NewBandFold(series[2:], 1, res.Terminals, res.Windows)
	days := res.Baseline[0].Days
	if err := one.Add(days, res.Disrupted[0].Days); err != nil {
		t.Fatal(err)
	}
	sm, _ := one.Bands().Band(series[2])
	if x, w := sm.Mean[1], (written(days[0].TEU)+written(days[1].TEU)+written(days[2].TEU))/3; math.Abs(x-w) > 1e-9 {
		t.Errorf("3-day mean on day 1: %v, want %v", x, w)
	}
	first := 0
	for j, d := range dates {
		if !d.Before(res.Windows[0].From) {
			first = j
			break
		}
	}
	if x, w := sm.Mean[first], (written(days[first].TEU)+written(days[first+1].TEU))/2; first > 0 && math.Abs(x-w) > 1e-9 {
		t.Errorf("3-day mean on the window's first day: %v, want %v (not across its edge)", x, w)
	}
	if _, err := NewBandFold([]Series{{"nope", sim.Baseline, 1}}, 1, nil, nil); err == nil {
		t.Error("a series of an unknown column was accepted")
	}
}

// written is x as daily.csv writes TEU, to 0.1.
func written(x float64) float64 {
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 1, 64), 64)
	return y
}
