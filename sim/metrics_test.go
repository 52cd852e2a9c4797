package sim_test

import (
	"testing"

	"github.com/canalsim/canalsim/sim"
)

// TestLookupMetric: every metric and risk metric of a result is found by
// its name, with the description the result gives; a terminal's and a
// side's are found by theirs; a name of neither is not found, and a
// metric's name does not find a risk metric that has none of its own.
func TestLookupMetric(t *testing.T) {
	res, err := sim.NewResult(&sim.Scenario{Name: "lookup", Start: date(2025, 10, 1), Days: 2, Seed: 1, Replications: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Terminals) == 0 {
		t.Fatal("the Panama network has no terminal")
	}
	for _, m := range res.Metrics() {
		if got, ok := sim.LookupMetric(m.Name); !ok || got != m {
			t.Errorf("LookupMetric(%q) = %+v, %t; want %+v", m.Name, got, ok, m)
		}
	}
	for _, m := range res.RiskMetrics() {
		if got, ok := sim.LookupRisk(m.Name); !ok || got != m {
			t.Errorf("LookupRisk(%q) = %+v, %t; want %+v", m.Name, got, ok, m)
		}
	}
	if m, ok := sim.LookupMetric("side_teu_per_day.pacific"); !ok || m != sim.SideMetric("pacific") {
		t.Errorf("LookupMetric(side_teu_per_day.pacific) = %+v, %t", m, ok)
	}
	for _, n := range []sim.MetricName{"", "teu_per_day.", "lost_transits", "no_such_metric"} {
		if m, ok := sim.LookupMetric(n); ok {
			t.Errorf("LookupMetric(%q) = %+v, want none", n, m)
		}
	}
	for _, n := range []sim.MetricName{"", "lost_teu.", sim.MetricTEU, sim.MetricQueueMax} {
		if m, ok := sim.LookupRisk(n); ok {
			t.Errorf("LookupRisk(%q) = %+v, want none", n, m)
		}
	}
	// The risk metric lost_teu is the metric's paired difference, and
	// says so.
	m, _ := sim.LookupMetric(sim.MetricLostTEU)
	r, _ := sim.LookupRisk(sim.RiskLostTEU)
	if m.Name != r.Name || m.Doc == r.Doc {
		t.Errorf("lost_teu: metric %+v, risk %+v; want one name, two descriptions", m, r)
	}
}
