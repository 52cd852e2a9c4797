package sensitivity_test

import (
	"fmt"
	"math"

	"github.com/canalsim/canalsim/sim/sensitivity"
	"gonum.org/v1/gonum/stat/distuv"
)

// The Ishigami function sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1, with three
// parameters uniform on [-π, π]: x2 acts alone, x3 only through x1. The
// analytic indices are S = 0.314, 0.442, 0 and ST = 0.558, 0.442, 0.244.
func Example() {
	u := distuv.Uniform{Min: -math.Pi, Max: math.Pi}
	problem := sensitivity.Problem{Params: []sensitivity.Param{
		{Name: "x1", Dist: u}, {Name: "x2", Dist: u}, {Name: "x3", Dist: u},
	}}
	design, err := sensitivity.NewSaltelli(problem, 4096, sensitivity.SaltelliOptions{Base: sensitivity.Halton, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Each point could go to another goroutine or machine: its index
	// alone determines it.
	y := make([]float64, design.Len())
	x := make([]float64, design.Dim())
	for k := range y {
		x = design.Point(x, k)
		y[k] = math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
	}

	ind, err := design.Analyze(y, sensitivity.Bootstrap{Resamples: 200, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d runs, %.0f%% intervals\n", design.Len(), 100*ind.Level)
	for i, name := range ind.Names {
		s, st := ind.First[i], ind.Total[i]
		fmt.Printf("%s  S %5.2f [%5.2f, %5.2f]  ST %5.2f [%5.2f, %5.2f]\n", name, s.Value, s.Lo, s.Hi, st.Value, st.Lo, st.Hi)
	}
	// Output:
	// 20480 runs, 95% intervals
	// x1  S  0.31 [ 0.28,  0.34]  ST  0.56 [ 0.52,  0.59]
	// x2  S  0.44 [ 0.42,  0.47]  ST  0.44 [ 0.42,  0.46]
	// x3  S  0.00 [-0.03,  0.03]  ST  0.24 [ 0.23,  0.26]
}

// Screening the Ishigami function with 20 Morris trajectories (80 runs):
// no parameter can be dropped. x2's mu near 0 beside a large mu* says its
// effects take both signs (sin² x2 rises and falls), and the large sigmas
// that every effect depends on where it is measured.
func ExampleMorris() {
	u := distuv.Uniform{Min: -math.Pi, Max: math.Pi}
	problem := sensitivity.Problem{Params: []sensitivity.Param{
		{Name: "x1", Dist: u}, {Name: "x2", Dist: u}, {Name: "x3", Dist: u},
	}}
	design, err := sensitivity.NewMorris(problem, 20, sensitivity.MorrisOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	y := make([]float64, design.Len())
	x := make([]float64, design.Dim())
	for k := range y {
		x = design.Point(x, k)
		y[k] = math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
	}
	eff, err := design.Analyze(y)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, name := range eff.Names {
		fmt.Printf("%s  mu %6.2f  mu* %5.2f  sigma %5.2f\n", name, eff.Mu[i], eff.MuStar[i], eff.Sigma[i])
	}
	// Output:
	// x1  mu   7.08  mu*  7.08  sigma  6.38
	// x2  mu  -0.79  mu*  7.88  sigma  8.04
	// x3  mu   1.25  mu*  7.50  sigma  9.85
}
