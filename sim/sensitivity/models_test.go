package sensitivity_test

import (
	"fmt"
	"math"

	"github.com/canalsim/canalsim/sim/sensitivity"
	"gonum.org/v1/gonum/stat/distuv"
)

// The Ishigami function (Ishigami and Homma 1990) with a = 7, b = 0.1, on
// three parameters uniform on [-π, π]. Its indices are known in closed
// form; x3 acts only through its interaction with x1.
func ishigami(x []float64) float64 {
	const a, b = 7, 0.1
	return math.Sin(x[0]) + a*math.Sin(x[1])*math.Sin(x[1]) + b*math.Pow(x[2], 4)*math.Sin(x[0])
}

var ishigamiProblem = sensitivity.Problem{Params: []sensitivity.Param{
	{Name: "x1", Dist: distuv.Uniform{Min: -math.Pi, Max: math.Pi}},
	{Name: "x2", Dist: distuv.Uniform{Min: -math.Pi, Max: math.Pi}},
	{Name: "x3", Dist: distuv.Uniform{Min: -math.Pi, Max: math.Pi}},
}}

// ishigamiIndices returns the analytic first-order and total indices for
// a = 7, b = 0.1 (Sobol' and Levitan 1999): V1 = (1 + bπ⁴/5)²/2,
// V2 = a²/8, V13 = b²π⁸(1/18 - 1/50), V = V1 + V2 + V13.
func ishigamiIndices() (first, total []float64) {
	const a, b = 7.0, 0.1
	pi4 := math.Pow(math.Pi, 4)
	v1 := 0.5 * (1 + b*pi4/5) * (1 + b*pi4/5)
	v2 := a * a / 8
	v13 := b * b * pi4 * pi4 * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	return []float64{v1 / v, v2 / v, 0}, []float64{(v1 + v13) / v, v2 / v, v13 / v}
}

// sobolG returns the Sobol' G function with coefficients a on parameters
// uniform on [0, 1): the product of (|4x_i - 2| + a_i)/(1 + a_i). A small
// a_i makes parameter i important, a large one negligible.
func sobolG(a []float64) func(x []float64) float64 {
	return func(x []float64) float64 {
		g := 1.0
		for i, ai := range a {
			g *= (math.Abs(4*x[i]-2) + ai) / (1 + ai)
		}
		return g
	}
}

func sobolGProblem(a []float64) sensitivity.Problem {
	var p sensitivity.Problem
	for i := range a {
		p.Params = append(p.Params, sensitivity.Param{Name: fmt.Sprintf("x%d", i+1)})
	}
	return p
}

// sobolGIndices returns the G function's analytic indices: with
// V_i = 1/(3(1+a_i)²), V = Π(1+V_i) - 1, S_i = V_i/V and
// S_Ti = V_i Π_{j≠i}(1+V_j) / V.
func sobolGIndices(a []float64) (first, total []float64) {
	vi := make([]float64, len(a))
	prod := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		prod *= 1 + vi[i]
	}
	v := prod - 1
	for i := range a {
		first = append(first, vi[i]/v)
		total = append(total, vi[i]*prod/(1+vi[i])/v)
	}
	return first, total
}

// evaluate runs f at every point of the design, in order.
func evaluate(s *sensitivity.Saltelli, f func([]float64) float64) []float64 {
	y := make([]float64, s.Len())
	x := make([]float64, s.Dim())
	for k := range y {
		y[k] = f(s.Point(x, k))
	}
	return y
}
