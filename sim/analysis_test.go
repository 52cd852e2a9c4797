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
		r, err := sim.Sensitivity(context.Background(), sc, sim.SensitivityOptions{N: 24, Resamples: 100, Metrics: []string{"rail_teu_per_day", "lost_teu"}, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := run(2)
	if r.Runs != 24*4 || len(r.Metrics) != 2 || len(r.Params) != 2 || !r.Params[0].Sourced || r.Params[1].Sourced {
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
	r, err := sim.Sensitivity(context.Background(), sensitivityScenario(), sim.SensitivityOptions{Method: sim.Morris, N: 6, Metrics: []string{"rail_teu_per_day"}})
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
