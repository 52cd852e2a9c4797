package sim_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/canalsim/canalsim/sim"
)

// sensitivityScenario is a 60-day closure of Balboa and Cristóbal with
// two assumptions: the railway's capacity, which decides how many of the
// closed terminals' boxes cross by rail, and the water of the Miraflores
// locks, which no metric of the terminals depends on (Miraflores draws
// on Miraflores Lake, not the summit lake).
func sensitivityScenario() *sim.Scenario {
	sc := ppcClosure(1)
	sc.Days, sc.WarmupDays = 45, 7
	sc.Disruptions[0].From, sc.Disruptions[0].Until = date(2025, 10, 5), date(2025, 11, 4)
	sc.Assumptions = []sim.Assumption{
		{Path: railPath, Dist: sim.Dist{Kind: sim.Uniform, Min: 10, Max: 6000}, Source: "test [R2]"},
		{Path: "network.nodes.miraflores-locks.lock.water_mgal", Dist: sim.Dist{Kind: sim.Uniform, Min: 0, Max: 50}},
	}
	return sc
}

// TestSensitivitySobol: the railway's capacity explains most of the
// variance of the rail TEU of a closure, the Miraflores water none; the
// same seed gives the same indices with 1 and 2 workers.
func TestSensitivitySobol(t *testing.T) {
	sc := sensitivityScenario()
	run := func(workers int) *sim.SensitivityResult {
		r, err := sim.Sensitivity(context.Background(), sc, sim.SensitivityOptions{N: 48, Resamples: 100, Metrics: []sim.MetricName{"rail_teu_per_day", "lost_teu"}, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := run(2)
	if r.Runs != 48*4 || len(r.Metrics) != 2 || len(r.Params) != 2 || !r.Params[0].Sourced || r.Params[1].Sourced {
		t.Fatalf("result %+v", r)
	}
	rail := r.Metrics[0]
	t.Logf("rail_teu_per_day: first %+v total %+v", rail.First, rail.Total)
	if rail.Total[0].Value < 0.5 || rail.First[0].Value < 0.4 {
		t.Errorf("the railway's capacity explains %.2f (total) of the rail TEU's variance, want most", rail.Total[0].Value)
	}
	if rail.Total[1].Value > 0.05 || rail.First[1].Lo > 0.05 {
		t.Errorf("Miraflores' water: total index %+v, want ~0", rail.Total[1])
	}
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(run(1))
	if string(a) != string(b) {
		t.Error("the indices depend on the number of workers")
	}
}

// TestSensitivityMorris: the screening ranks the railway's capacity above
// the Miraflores water, whose elementary effects are all 0.
func TestSensitivityMorris(t *testing.T) {
	r, err := sim.Sensitivity(context.Background(), sensitivityScenario(), sim.SensitivityOptions{Method: sim.Morris, N: 6, Metrics: []sim.MetricName{"rail_teu_per_day"}})
	if err != nil {
		t.Fatal(err)
	}
	m := r.Metrics[0]
	if r.Runs != 6*3 || !(m.MuStar[0] > 0) || m.MuStar[1] != 0 {
		t.Errorf("mu* %v over %d runs; want the railway's > 0 and Miraflores' water 0", m.MuStar, r.Runs)
	}
	if _, err := sim.Sensitivity(context.Background(), ppcClosure(1), sim.SensitivityOptions{}); err == nil {
		t.Error("a scenario without assumptions: no error")
	}
}

// TestSensitivityDesignInParts: rows run in parts (shards, and a part
// stopped and resumed) into outputs merged with Set give the indices of
// the one-call Sensitivity.
func TestSensitivityDesignInParts(t *testing.T) {
	sc := sensitivityScenario()
	sc.Days = 20
	o := sim.SensitivityOptions{Method: sim.Morris, N: 4, Metrics: []sim.MetricName{"rail_teu_per_day", "lost_teu"}, Workers: 2}
	want, err := sim.Sensitivity(context.Background(), sc, o)
	if err != nil {
		t.Fatal(err)
	}
	d, err := sim.NewSensitivityDesign(sc, o)
	if err != nil {
		t.Fatal(err)
	}
	if d.Rows() != 4 || d.Group() != 3 || d.Len() != 12 || d.Options().Resamples != 200 {
		t.Fatalf("design of %d rows of %d points, options %+v", d.Rows(), d.Group(), d.Options())
	}
	merged := d.NewOutputs()
	for _, rows := range [][]int{{1, 3}, {2, 0}} {
		part := d.NewOutputs()
		if err := d.Run(context.Background(), part, rows); err != nil {
			t.Fatal(err)
		}
		for k, done := range part.Done {
			if done {
				if err := merged.Set(k, part.Values(k)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if _, err := d.Analyze(d.NewOutputs()); err == nil {
		t.Error("Analyze of outputs with no point run: no error")
	}
	got, err := d.Analyze(merged)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Errorf("rows run in parts:\n%s\nin one call:\n%s", a, b)
	}
	if err := d.Run(context.Background(), merged, []int{0, 0}); err == nil {
		t.Error("a row given twice: no error")
	}
}
