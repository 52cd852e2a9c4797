package sensitivity

import (
	"errors"
	"fmt"
)

// A Quantiler maps a probability p in [0,1] to a value: the inverse of a
// parameter's cumulative distribution function. The distributions of
// gonum.org/v1/gonum/stat/distuv satisfy it. Saltelli designs ask only
// for p < 1; Morris grids include p = 0 and p = 1, where an unbounded
// distribution must be truncated.
type Quantiler interface {
	Quantile(p float64) float64
}

// QuantileFunc adapts an ordinary function to a Quantiler.
type QuantileFunc func(p float64) float64

// Quantile returns f(p).
func (f QuantileFunc) Quantile(p float64) float64 { return f(p) }

// A Param is one uncertain input of a model.
type Param struct {
	// Name identifies the parameter in results; names are unique within
	// a Problem.
	Name string
	// Dist maps a probability to the parameter's value. Nil means the
	// value is the probability itself, a parameter uniform on [0,1].
	Dist Quantiler
}

// A Problem lists the uncertain inputs of a model, in the order in which
// design points give their values. The parameters are taken as independent.
type Problem struct {
	Params []Param
}

// Dim returns the number of parameters.
func (p Problem) Dim() int { return len(p.Params) }

// Names returns the parameters' names, in order.
func (p Problem) Names() []string {
	names := make([]string, len(p.Params))
	for i, par := range p.Params {
		names[i] = par.Name
	}
	return names
}

// Value maps a point u of the unit hypercube to parameter values through
// each parameter's Dist, and returns dst. If dst is too short a new slice
// is allocated; u and dst may be the same slice.
func (p Problem) Value(dst, u []float64) []float64 {
	dst = resize(dst, len(p.Params))
	for i, par := range p.Params {
		if par.Dist == nil {
			dst[i] = u[i]
		} else {
			dst[i] = par.Dist.Quantile(u[i])
		}
	}
	return dst
}

// check reports every problem with p at once.
func (p Problem) check() error {
	if len(p.Params) == 0 {
		return errors.New("sensitivity: problem has no parameters")
	}
	var errs []error
	seen := make(map[string]int, len(p.Params))
	for i, par := range p.Params {
		if par.Name == "" {
			errs = append(errs, fmt.Errorf("sensitivity: parameter %d: empty name", i))
			continue
		}
		if j, dup := seen[par.Name]; dup {
			errs = append(errs, fmt.Errorf("sensitivity: parameter %d: name %q already used by parameter %d", i, par.Name, j))
			continue
		}
		seen[par.Name] = i
	}
	return errors.Join(errs...)
}

// resize returns dst with length n, reusing its storage when it can.
func resize(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}
