package sensitivity_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/sim/sensitivity"
	"gonum.org/v1/gonum/stat/distuv"
)

// evaluateMorris runs f at every point of the design, in order.
func evaluateMorris(m *sensitivity.Morris, f func([]float64) float64) []float64 {
	y := make([]float64, m.Len())
	x := make([]float64, m.Dim())
	for k := range y {
		y[k] = f(m.Point(x, k))
	}
	return y
}

// TestMorrisLinear checks the measures on a linear function, where every
// elementary effect equals coefficient × range: mu = c·(hi-lo),
// mu* = |c|·(hi-lo), sigma = 0, up to rounding (1e-9 relative), and a
// parameter without effect has mu* = 0 exactly.
func TestMorrisLinear(t *testing.T) {
	p := sensitivity.Problem{Params: []sensitivity.Param{
		{Name: "a", Dist: distuv.Uniform{Min: 0, Max: 10}},
		{Name: "b", Dist: distuv.Uniform{Min: -1, Max: 1}},
		{Name: "none", Dist: distuv.Uniform{Min: 5, Max: 6}},
		{Name: "c"},
		{Name: "normal", Dist: sensitivity.QuantileFunc(func(p float64) float64 {
			return distuv.UnitNormal.Quantile(0.005 + 0.99*p)
		})},
	}}
	// 0·x[4] makes Analyze fail if the truncated normal parameter's value
	// were infinite.
	f := func(x []float64) float64 { return 3*x[0] - 2*x[1] + 0.5*x[3] + 0*x[4] }
	wantMu := []float64{30, -4, 0, 0.5, 0}
	for _, levels := range []int{2, 4, 6, 10} {
		m, err := sensitivity.NewMorris(p, 20, sensitivity.MorrisOptions{Levels: levels, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.Analyze(evaluateMorris(m, f))
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range got.Names {
			tol := 1e-9 * math.Abs(wantMu[i])
			if math.Abs(got.Mu[i]-wantMu[i]) > tol || math.Abs(got.MuStar[i]-math.Abs(wantMu[i])) > tol || got.Sigma[i] > 1e-9 {
				t.Errorf("p = %d, %s: mu, mu*, sigma = %g, %g, %g, want %g, %g, 0", levels, name, got.Mu[i], got.MuStar[i], got.Sigma[i], wantMu[i], math.Abs(wantMu[i]))
			}
		}
	}
}

// TestMorrisNonlinear checks that sigma flags non-linearity and
// interaction: in f = x1² + x2·x3 + x4, x1, x2 and x3 have sigma > 0.1 and
// x4 has sigma < 1e-12; and that mu* ranks the G function's parameters
// like their analytic total indices (a = 0, 1, 4.5, 9, 99, 99), with
// r = 50.
func TestMorrisNonlinear(t *testing.T) {
	m, err := sensitivity.NewMorris(sobolGProblem(make([]float64, 4)), 30, sensitivity.MorrisOptions{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Analyze(evaluateMorris(m, func(x []float64) float64 { return x[0]*x[0] + x[1]*x[2] + x[3] }))
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range got.Names[:3] {
		if got.Sigma[i] < 0.1 {
			t.Errorf("sigma of %s = %g, want above 0.1", name, got.Sigma[i])
		}
	}
	if got.Sigma[3] > 1e-12 || math.Abs(got.MuStar[3]-1) > 1e-12 {
		t.Errorf("x4: mu* %g, sigma %g, want 1, 0", got.MuStar[3], got.Sigma[3])
	}

	m, err = sensitivity.NewMorris(sobolGProblem(gA), 50, sensitivity.MorrisOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	g, err := m.Analyze(evaluateMorris(m, sobolG(gA)))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("G mu*: %.4f", g.MuStar)
	for i := 1; i < 4; i++ {
		if !(g.MuStar[i] < g.MuStar[i-1]) {
			t.Errorf("mu* of x%d = %.4f, not below x%d's %.4f", i+1, g.MuStar[i], i, g.MuStar[i-1])
		}
	}
	for i := 4; i < 6; i++ {
		if g.MuStar[i] > 0.05*g.MuStar[0] {
			t.Errorf("mu* of x%d = %.4f, want below 5%% of x1's %.4f", i+1, g.MuStar[i], g.MuStar[0])
		}
	}
}

// TestMorrisDesign checks the trajectories: points on the grid l/(p-1),
// each step moving exactly one parameter by ±Δ = p/(2(p-1)), every
// parameter once per trajectory, every level about as often; the design's
// determinism and nesting.
func TestMorrisDesign(t *testing.T) {
	const r, d, p = 40, 5, 6
	m, err := sensitivity.NewMorris(sobolGProblem(make([]float64, d)), r, sensitivity.MorrisOptions{Levels: p, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if m.Delta() != 0.6 {
		t.Errorf("Δ = %v for p = 6, want 0.6", m.Delta())
	}
	if m.Len() != r*(d+1) || m.Trajectories() != r || m.Levels() != p || m.Dim() != d {
		t.Fatalf("Len, Trajectories, Levels, Dim = %d, %d, %d, %d", m.Len(), m.Trajectories(), m.Levels(), m.Dim())
	}
	levelCount := make([]int, p)
	for tr := range r {
		moved := make([]int, d)
		for step := range d + 1 {
			x := m.Unit(nil, tr*(d+1)+step)
			for i, v := range x {
				l := v * (p - 1)
				if math.Abs(l-math.Round(l)) > 1e-12 || l < -1e-12 || l > p-1+1e-12 {
					t.Fatalf("trajectory %d step %d: x%d = %v is not on the grid", tr, step, i, v)
				}
				levelCount[int(math.Round(l))]++
			}
			if step == 0 {
				continue
			}
			prev := m.Unit(nil, tr*(d+1)+step-1)
			changed := 0
			for i := range x {
				if x[i] != prev[i] {
					changed++
					moved[i]++
					if math.Abs(math.Abs(x[i]-prev[i])-m.Delta()) > 1e-12 {
						t.Errorf("trajectory %d step %d: x%d moved by %v, want ±%v", tr, step, i, x[i]-prev[i], m.Delta())
					}
				}
			}
			if changed != 1 {
				t.Errorf("trajectory %d step %d changed %d parameters, want 1", tr, step, changed)
			}
		}
		if slices.ContainsFunc(moved, func(n int) bool { return n != 1 }) {
			t.Errorf("trajectory %d moved the parameters %v times, want once each", tr, moved)
		}
	}
	// r·(d+1)·d = 1200 coordinates over 6 levels: about 200 each.
	for l, n := range levelCount {
		if n < 150 || n > 250 {
			t.Errorf("level %d holds %d of %d coordinates, want about %d", l, n, r*(d+1)*d, r*(d+1)*d/p)
		}
	}

	again, _ := sensitivity.NewMorris(sobolGProblem(make([]float64, d)), 2*r, sensitivity.MorrisOptions{Levels: p, Seed: 4})
	other, _ := sensitivity.NewMorris(sobolGProblem(make([]float64, d)), r, sensitivity.MorrisOptions{Levels: p, Seed: 5})
	same, differ := true, false
	for k := range m.Len() {
		same = same && slices.Equal(m.Unit(nil, k), again.Unit(nil, k))
		differ = differ || !slices.Equal(m.Unit(nil, k), other.Unit(nil, k))
	}
	if !same {
		t.Error("the design of 40 trajectories is not the start of that of 80")
	}
	if !differ {
		t.Error("another seed gave the same design")
	}
}

func TestMorrisErrors(t *testing.T) {
	_, err := sensitivity.NewMorris(sensitivity.Problem{Params: []sensitivity.Param{{Name: ""}}}, 1, sensitivity.MorrisOptions{Levels: 3})
	for _, want := range []string{"empty name", "1 trajectories", "3 levels"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	m, err := sensitivity.NewMorris(sobolGProblem(make([]float64, 2)), 2, sensitivity.MorrisOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Analyze(make([]float64, 5)); err == nil || !strings.Contains(err.Error(), "5 outputs for a design of 6 points") {
		t.Errorf("error %v, want one about the number of outputs", err)
	}
	if _, err := m.Analyze([]float64{0, 1, 2, math.NaN(), 4, 5}); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("error %v, want one about the NaN output", err)
	}
}
