package scenarios_test

import (
	"context"
	"math"
	"testing"

	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
)

// BenchmarkSensitivity is the sensitivity budget: the Sobol' indices of
// ppc-closure's lost TEU over its 8 declared assumptions, with enough
// base rows that every total index's 95% bootstrap interval is narrower
// than 0.1, within 10 minutes on 2 cores (run it with -cpu 2). It reports
// the base rows, the paired runs, the widest total interval and the
// seconds taken.
func BenchmarkSensitivity(b *testing.B) {
	sc, _, err := scenarios.Load("ppc-closure")
	if err != nil {
		b.Fatal(err)
	}
	const rows = 256
	var widest float64
	for i := 0; i < b.N; i++ {
		r, err := sim.Sensitivity(context.Background(), sc, sim.SensitivityOptions{N: rows})
		if err != nil {
			b.Fatal(err)
		}
		widest = 0
		for _, e := range r.Metrics[0].Total {
			widest = math.Max(widest, e.Hi-e.Lo)
		}
		if i == 0 {
			for k, p := range r.Params {
				e := r.Metrics[0].Total[k]
				b.Logf("%-55s total %.3f [%.3f, %.3f]  first %.3f", p.Path, e.Value, e.Lo, e.Hi, r.Metrics[0].First[k].Value)
			}
		}
	}
	b.ReportMetric(rows, "base-rows")
	b.ReportMetric(float64(rows*(len(sc.Assumptions)+2)), "paired-runs")
	b.ReportMetric(widest, "widest-total-CI")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/analysis")
}
