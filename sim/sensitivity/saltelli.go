package sensitivity

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/gonum/stat/sampleuv"
)

// Base chooses how a Saltelli design draws its base matrices A and B, the
// 2·D columns of an N-row sample of the unit hypercube (A the first D
// columns, B the last D).
type Base int

const (
	// Random draws every coordinate independently and uniformly. Row j is
	// drawn from its own stream, so the design with N rows is the first N
	// rows of every larger design with the same seed.
	Random Base = iota
	// LatinHypercube stratifies every column into N equiprobable cells
	// with one point in each (gonum's sampleuv.LatinHypercube, column by
	// column with independent permutations). The design is not nested in
	// larger ones.
	LatinHypercube
	// Halton uses the randomised Halton sequence of Owen (2017), a
	// quasi-random sequence whose error shrinks faster than Random's for
	// smooth models. Row j is the sequence's point j, so the design is
	// nested like Random's. It is limited to 2·D <= 1000.
	Halton
)

// maxHaltonDim bounds the Halton base: beyond a thousand dimensions the
// primes are large and the sequence's early points poorly spread.
const maxHaltonDim = 1000

// String returns the base's name.
func (b Base) String() string {
	switch b {
	case Random:
		return "random"
	case LatinHypercube:
		return "latin-hypercube"
	case Halton:
		return "halton"
	}
	return fmt.Sprintf("Base(%d)", int(b))
}

// SaltelliOptions configures a Saltelli design. The zero value draws
// Random base matrices from seed 0.
type SaltelliOptions struct {
	// Base is the sampling of the base matrices A and B.
	Base Base
	// Seed determines every random draw of the design.
	Seed uint64
}

// Saltelli is the design of Saltelli et al. (2010) for first-order and
// total Sobol' indices: from N base rows and D parameters it makes
// N·(D+2) points, the rows of A, of B and of the D matrices AB_i (A with
// its column i taken from B).
//
// # Order of the points
//
// Points are grouped by base row: point k belongs to row j = k/(D+2), and
// m = k%(D+2) says which matrix it comes from: m = 0 is A_j, m = 1..D is
// AB_{m-1},j and m = D+1 is B_j. (This is the order of SALib's
// saltelli.sample without second-order indices.) Every complete group of
// D+2 outputs is one base row, so the outputs of the first n rows form a
// valid smaller experiment.
//
// A Saltelli design is immutable and safe for concurrent use. It holds the
// 2·N·D base coordinates.
type Saltelli struct {
	problem Problem
	n, d    int
	base    []float64 // row j: A_j (d values), then B_j (d values)
}

// NewSaltelli builds the design of n base rows for problem p. It reports
// every problem with its arguments at once.
func NewSaltelli(p Problem, n int, opt SaltelliOptions) (*Saltelli, error) {
	var errs []error
	if err := p.check(); err != nil {
		errs = append(errs, err)
	}
	if n < 1 {
		errs = append(errs, fmt.Errorf("sensitivity: %d base rows, want at least 1", n))
	}
	switch opt.Base {
	case Random, LatinHypercube:
	case Halton:
		if 2*p.Dim() > maxHaltonDim {
			errs = append(errs, fmt.Errorf("sensitivity: Halton base needs 2·D <= %d, have D = %d", maxHaltonDim, p.Dim()))
		}
	default:
		errs = append(errs, fmt.Errorf("sensitivity: unknown base %v", opt.Base))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	d := p.Dim()
	p.Params = slices.Clone(p.Params) // the design keeps its own copy
	s := &Saltelli{problem: p, n: n, d: d, base: make([]float64, n*2*d)}
	switch opt.Base {
	case Random:
		src := rand.NewPCG(0, 0)
		r := rand.New(src)
		for j := range n {
			*src = *newPCG(opt.Seed, saltSaltelli, uint64(j))
			row := s.base[j*2*d : (j+1)*2*d]
			for c := range row {
				row[c] = r.Float64()
			}
		}
	case LatinHypercube:
		col := make([]float64, n)
		for c := range 2 * d {
			lhs := sampleuv.LatinHypercube{Q: distuv.UnitUniform, Src: newPCG(opt.Seed, saltSaltelli, uint64(c))}
			lhs.Sample(col)
			for j, v := range col {
				s.base[j*2*d+c] = v
			}
		}
	case Halton:
		halton(s.base, n, 2*d, opt.Seed)
	}
	for i, v := range s.base {
		s.base[i] = min(v, belowOne)
	}
	return s, nil
}

// Problem returns a copy of the problem the design was built for.
func (s *Saltelli) Problem() Problem {
	return Problem{Params: slices.Clone(s.problem.Params)}
}

// Rows returns N, the number of base rows.
func (s *Saltelli) Rows() int { return s.n }

// Dim returns D, the number of parameters.
func (s *Saltelli) Dim() int { return s.d }

// Len returns the number of design points, N·(D+2).
func (s *Saltelli) Len() int { return s.n * (s.d + 2) }

// Unit writes the unit-hypercube coordinates of point k, 0 <= k < Len(),
// into dst and returns it; it allocates only if dst is shorter than Dim().
// It panics if k is out of range.
func (s *Saltelli) Unit(dst []float64, k int) []float64 {
	if k < 0 || k >= s.Len() {
		panic(fmt.Sprintf("sensitivity: point %d out of range [0, %d)", k, s.Len()))
	}
	j, m := k/(s.d+2), k%(s.d+2)
	a := s.base[j*2*s.d : j*2*s.d+s.d]
	b := s.base[j*2*s.d+s.d : (j+1)*2*s.d]
	dst = resize(dst, s.d)
	switch {
	case m == 0:
		copy(dst, a)
	case m == s.d+1:
		copy(dst, b)
	default:
		copy(dst, a)
		dst[m-1] = b[m-1]
	}
	return dst
}

// Point writes the parameter values of point k, 0 <= k < Len(), into dst
// and returns it: Unit mapped through the problem's Quantilers. It
// allocates only if dst is shorter than Dim(), and panics if k is out of
// range.
func (s *Saltelli) Point(dst []float64, k int) []float64 {
	dst = s.Unit(dst, k)
	return s.problem.Value(dst, dst)
}
