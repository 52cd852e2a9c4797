package sensitivity_test

import (
	"testing"

	"github.com/canalsim/canalsim/sim/sensitivity"
)

// BenchmarkSaltelliPoint measures the design's side of a study: producing
// the points of an Ishigami design of 4096 rows (20480 points) mapped
// through their distributions, without the model.
func BenchmarkSaltelliPoint(b *testing.B) {
	s, err := sensitivity.NewSaltelli(ishigamiProblem, 4096, sensitivity.SaltelliOptions{Base: sensitivity.Halton})
	if err != nil {
		b.Fatal(err)
	}
	x := make([]float64, s.Dim())
	b.ReportAllocs()
	points := 0
	for b.Loop() {
		for k := range s.Len() {
			x = s.Point(x, k)
		}
		points += s.Len()
	}
	b.ReportMetric(float64(points)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkSaltelliAnalyze measures the analysis of the outputs of 4096
// rows of an Ishigami design with 100 bootstrap resamples, in design
// points per second.
func BenchmarkSaltelliAnalyze(b *testing.B) {
	s, err := sensitivity.NewSaltelli(ishigamiProblem, 4096, sensitivity.SaltelliOptions{})
	if err != nil {
		b.Fatal(err)
	}
	y := evaluate(s, ishigami)
	b.ReportAllocs()
	points := 0
	for b.Loop() {
		if _, err := s.Analyze(y, sensitivity.Bootstrap{Resamples: 100}); err != nil {
			b.Fatal(err)
		}
		points += s.Len()
	}
	b.ReportMetric(float64(points)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkSaltelliStudy measures a whole study of the Ishigami function:
// building a Halton design of 1024 rows, evaluating it and analysing the
// outputs with 100 bootstrap resamples, in model runs per second.
func BenchmarkSaltelliStudy(b *testing.B) {
	b.ReportAllocs()
	points := 0
	for b.Loop() {
		s, err := sensitivity.NewSaltelli(ishigamiProblem, 1024, sensitivity.SaltelliOptions{Base: sensitivity.Halton})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Analyze(evaluate(s, ishigami), sensitivity.Bootstrap{Resamples: 100}); err != nil {
			b.Fatal(err)
		}
		points += s.Len()
	}
	b.ReportMetric(float64(points)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkMorris measures a Morris study of the Sobol' G function with
// six parameters and 100 trajectories (700 runs), in model runs per
// second.
func BenchmarkMorris(b *testing.B) {
	f := sobolG(gA)
	b.ReportAllocs()
	points := 0
	for b.Loop() {
		m, err := sensitivity.NewMorris(sobolGProblem(gA), 100, sensitivity.MorrisOptions{})
		if err != nil {
			b.Fatal(err)
		}
		y := make([]float64, m.Len())
		x := make([]float64, m.Dim())
		for k := range y {
			y[k] = f(m.Point(x, k))
		}
		if _, err := m.Analyze(y); err != nil {
			b.Fatal(err)
		}
		points += m.Len()
	}
	b.ReportMetric(float64(points)/b.Elapsed().Seconds(), "samples/s")
}
