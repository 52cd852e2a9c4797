package sensitivity_test

import (
	"math"
	"testing"

	"github.com/canalsim/canalsim/sim/sensitivity"
)

func TestExplore(t *testing.T) {
	wf, wt := ishigamiIndices()
	t.Log(wf, wt)
	ga := []float64{0, 1, 4.5, 9, 99, 99}
	gf, gt := sobolGIndices(ga)
	t.Log(gf, gt)
	for _, base := range []sensitivity.Base{sensitivity.Random, sensitivity.LatinHypercube, sensitivity.Halton} {
		for _, n := range []int{1024, 4096, 16384} {
			var e1, eT, g1, gT float64
			const reps = 20
			for seed := range uint64(reps) {
				s, err := sensitivity.NewSaltelli(ishigamiProblem, n, sensitivity.SaltelliOptions{Base: base, Seed: seed})
				if err != nil {
					t.Fatal(err)
				}
				res, err := s.Analyze(evaluate(s, ishigami), sensitivity.Bootstrap{})
				if err != nil {
					t.Fatal(err)
				}
				for i := range wf {
					e1 = max(e1, math.Abs(res.First[i].Value-wf[i]))
					eT = max(eT, math.Abs(res.Total[i].Value-wt[i]))
				}
				s, _ = sensitivity.NewSaltelli(sobolGProblem(ga), n, sensitivity.SaltelliOptions{Base: base, Seed: seed})
				res, _ = s.Analyze(evaluate(s, sobolG(ga)), sensitivity.Bootstrap{})
				for i := range gf {
					g1 = max(g1, math.Abs(res.First[i].Value-gf[i]))
					gT = max(gT, math.Abs(res.Total[i].Value-gt[i]))
				}
			}
			t.Logf("%v n=%d max err over %d seeds: ishigami S %.4f ST %.4f; G S %.4f ST %.4f", base, n, reps, e1, eT, g1, gT)
		}
	}
}
