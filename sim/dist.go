package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// DistKind names a family of probability distributions.
type DistKind string

// The distribution families of random disruption timing.
const (
	// Fixed is always Value.
	Fixed DistKind = "fixed"
	// Uniform is uniform on [Min, Max].
	Uniform DistKind = "uniform"
	// Triangular rises from Min to Mode and falls to Max.
	Triangular DistKind = "triangular"
	// Exponential has mean Mean.
	Exponential DistKind = "exponential"
	// LogNormal has median Median and 95th percentile P95 (its log is
	// normal with mean ln Median and sigma ln(P95/Median)/1.645).
	LogNormal DistKind = "lognormal"
)

// distKinds lists the distribution families.
var distKinds = []DistKind{Fixed, Uniform, Triangular, Exponential, LogNormal}

// DistKinds returns the distribution families, in a slice of the caller's own.
func DistKinds() []DistKind { return slices.Clone(distKinds) }

// Dist is a distribution of a non-negative quantity (days, for the timing
// of disruptions). Only the parameters of its Kind are read.
type Dist struct {
	Kind                        DistKind
	Value, Min, Mode, Max, Mean float64
	Median, P95                 float64
}

// z95 is the standard normal's 95th percentile.
const z95 = 1.6448536269514722

// MaxDistValue bounds the parameters of a distribution: a delay or a
// duration of more than ten years (3,660 days) is a slip, not a scenario.
const MaxDistValue = 3660

// Check reports parameters that do not make a distribution of a
// non-negative quantity, or that exceed MaxDistValue.
func (d *Dist) Check() error {
	for _, x := range []float64{d.Value, d.Min, d.Mode, d.Max, d.Mean, d.Median, d.P95} {
		if x > MaxDistValue {
			return fmt.Errorf("%s: parameters must be at most %d (days), got %g", d.Kind, MaxDistValue, x)
		}
	}
	return d.CheckShape()
}

// CheckShape reports parameters that do not make a distribution of a
// non-negative quantity, whatever their size (Check also bounds them, for
// durations).
func (d *Dist) CheckShape() error {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) || x < 0 }
	switch d.Kind {
	case Fixed:
		if bad(d.Value) {
			return fmt.Errorf("fixed: value must be a number of at least 0, got %g", d.Value)
		}
	case Uniform:
		if bad(d.Min) || bad(d.Max) || d.Max < d.Min {
			return fmt.Errorf("uniform: needs 0 <= min <= max, got min %g, max %g", d.Min, d.Max)
		}
	case Triangular:
		if bad(d.Min) || bad(d.Mode) || bad(d.Max) || !(d.Min <= d.Mode && d.Mode <= d.Max && d.Min < d.Max) {
			return fmt.Errorf("triangular: needs 0 <= min <= mode <= max and min < max, got %g, %g, %g", d.Min, d.Mode, d.Max)
		}
	case Exponential:
		if bad(d.Mean) || d.Mean == 0 {
			return fmt.Errorf("exponential: mean must be greater than 0, got %g", d.Mean)
		}
	case LogNormal:
		if bad(d.Median) || d.Median == 0 || bad(d.P95) || !(d.P95 > d.Median) {
			return fmt.Errorf("lognormal: needs 0 < median < p95, got median %g, p95 %g", d.Median, d.P95)
		}
	default:
		return fmt.Errorf("unknown distribution %q", d.Kind)
	}
	return nil
}

// Sample draws a value. It makes exactly one draw from rng whatever the
// kind, so the draws that follow do not depend on the distribution.
func (d *Dist) Sample(rng *rand.Rand) float64 {
	u := rng.Float64()
	return d.Quantile(u)
}

// Quantile returns the p-quantile, for p in [0, 1).
func (d *Dist) Quantile(p float64) float64 {
	switch d.Kind {
	case Uniform:
		return d.Min + p*(d.Max-d.Min)
	case Triangular:
		a, c, b := d.Min, d.Mode, d.Max
		if p < (c-a)/(b-a) {
			return a + math.Sqrt(p*(b-a)*(c-a))
		}
		return b - math.Sqrt((1-p)*(b-a)*(b-c))
	case Exponential:
		return -d.Mean * math.Log1p(-p)
	case LogNormal:
		sigma := math.Log(d.P95/d.Median) / z95
		return d.Median * math.Exp(sigma*math.Sqrt2*math.Erfinv(2*p-1))
	}
	return d.Value
}

// Lowest returns the smallest value the distribution takes.
func (d *Dist) Lowest() float64 { return d.Quantile(0) }

// Highest returns the largest value the distribution takes (+Inf for the
// exponential and lognormal families).
func (d *Dist) Highest() float64 {
	if d.Kind == Exponential || d.Kind == LogNormal {
		return math.Inf(1)
	}
	return d.Quantile(1)
}

// String describes the distribution: "uniform(1, 3)", its numbers in
// full ("triangular(2000000, 2400000, 2800000)", not 2e+06).
func (d *Dist) String() string {
	n := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	switch d.Kind {
	case Uniform:
		return fmt.Sprintf("uniform(%s, %s)", n(d.Min), n(d.Max))
	case Triangular:
		return fmt.Sprintf("triangular(%s, %s, %s)", n(d.Min), n(d.Mode), n(d.Max))
	case Exponential:
		return fmt.Sprintf("exponential(mean %s)", n(d.Mean))
	case LogNormal:
		return fmt.Sprintf("lognormal(median %s, p95 %s)", n(d.Median), n(d.P95))
	}
	return n(d.Value)
}
