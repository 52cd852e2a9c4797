package plots

import (
	"strings"
	"testing"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/sensitivity"
)

// TestSensitivityRanking: where a sensitivity analysis sits beside the
// results, the answer names the assumptions that drive the first metric
// most, by total index, leaving out those that explain under 1%, and
// quotes no number (its figures are in the analysis's own report).
func TestSensitivityRanking(t *testing.T) {
	r := &sim.SensitivityResult{Method: sim.Sobol,
		Params: []sim.SensitivityParam{{Path: "a"}, {Path: "b"}, {Path: "c"}, {Path: "d"}},
		Metrics: []sim.SensitivityMetric{{Metric: "lost_teu", Variance: 1,
			Total: []sensitivity.Estimate{{Value: 0.05}, {Value: 0.2}, {Value: 0.001}, {Value: 0.1}}}}}
	got := sensitivityRanking(r)
	want := "The sensitivity analysis beside these results (Sobol' indices) finds that b, d and a drive lost_teu most, in that order."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	r.Metrics[0].Total = []sensitivity.Estimate{{Value: 0.001}, {}, {}, {}}
	if got := sensitivityRanking(r); !strings.Contains(got, "no single assumption") {
		t.Errorf("none above 1%%: %s", got)
	}
}
