package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// MorrisOptions configures a Morris design. The zero value uses 4 levels
// and seed 0.
type MorrisOptions struct {
	// Levels is p, the number of levels of the grid each parameter moves
	// on: an even number, at least 2; 0 means 4.
	Levels int
	// Seed determines the trajectories.
	Seed uint64
}

// Morris is the elementary-effects screening design of Morris (1991): r
// random trajectories through a grid of p levels per parameter, each of
// D+1 points, where each step moves one parameter, every parameter once,
// by Δ. It costs r·(D+1) model runs and ranks parameters by mu*, the mean
// absolute elementary effect, with sigma flagging non-linearity and
// interactions.
//
// # Grid
//
// Each parameter moves on the levels l/(p-1), l = 0..p-1, of its
// probability scale, ends included, by Δ = p/(2(p-1)), a jump of p/2
// levels (Morris's recommendation, which makes every level equally likely
// to be visited). A step starts from a random level: from the lower half
// the parameter steps up, from the upper half down. Because the grid
// includes probabilities 0 and 1, a parameter's Dist must be finite there:
// give an unbounded distribution truncated, for instance through a
// QuantileFunc that maps p to Normal.Quantile(0.005 + 0.99·p).
//
// # Order of the points
//
// Point k belongs to trajectory t = k/(D+1) and is its step m = k%(D+1):
// m = 0 is the trajectory's start, and step m changes one parameter of
// step m-1. Trajectory t is drawn from its own stream, so a design of r
// trajectories is the first r of every larger design with the same seed.
//
// A Morris design is immutable and safe for concurrent use. It holds the
// r·(D+1)·D unit coordinates. Campolongo et al.'s (2007) selection of
// well-spread trajectories from a larger random set is not done here.
type Morris struct {
	problem Problem
	r, d, p int
	delta   float64
	unit    []float64 // point k at unit[k*d : (k+1)*d]
	moved   []int     // moved[t*d+m-1] is the parameter that step m of trajectory t changes
	up      []bool    // up[t*d+m-1] says whether that step goes up
}

// NewMorris builds a design of r trajectories for problem p. Sigma needs
// r >= 2; 10 to 50 trajectories are usual. It reports every problem
// with its arguments at once.
func NewMorris(p Problem, r int, opt MorrisOptions) (*Morris, error) {
	var errs []error
	if err := p.check(); err != nil {
		errs = append(errs, err)
	}
	if r < 2 {
		errs = append(errs, fmt.Errorf("sensitivity: %d trajectories, want at least 2", r))
	}
	levels := opt.Levels
	if levels == 0 {
		levels = 4
	}
	if levels < 2 || levels%2 != 0 {
		errs = append(errs, fmt.Errorf("sensitivity: %d levels, want an even number of at least 2", opt.Levels))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	d := p.Dim()
	p.Params = slices.Clone(p.Params) // the design keeps its own copy
	m := &Morris{
		problem: p, r: r, d: d, p: levels,
		delta: float64(levels) / float64(2*(levels-1)),
		unit:  make([]float64, r*(d+1)*d),
		moved: make([]int, r*d),
		up:    make([]bool, r*d),
	}
	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	upward := make([]bool, d) // by parameter
	for t := range r {
		*src = *newPCG(opt.Seed, saltMorris, uint64(t))
		start := m.unit[t*(d+1)*d : t*(d+1)*d+d]
		for i := range start {
			l := rng.IntN(levels)
			start[i] = float64(l) / float64(levels-1)
			upward[i] = l < levels/2
		}
		order := m.moved[t*d : (t+1)*d]
		for i := range order {
			order[i] = i
		}
		rng.Shuffle(d, func(a, b int) { order[a], order[b] = order[b], order[a] })
		for step, i := range order {
			prev := m.unit[(t*(d+1)+step)*d : (t*(d+1)+step+1)*d]
			next := m.unit[(t*(d+1)+step+1)*d : (t*(d+1)+step+2)*d]
			copy(next, prev)
			m.up[t*d+step] = upward[i]
			// Step by whole levels, so the points are exactly on the grid.
			l := math.Round(prev[i] * float64(levels-1))
			if upward[i] {
				next[i] = (l + float64(levels/2)) / float64(levels-1)
			} else {
				next[i] = (l - float64(levels/2)) / float64(levels-1)
			}
		}
	}
	return m, nil
}

// Problem returns a copy of the problem the design was built for.
func (m *Morris) Problem() Problem {
	return Problem{Params: slices.Clone(m.problem.Params)}
}

// Trajectories returns r, the number of trajectories.
func (m *Morris) Trajectories() int { return m.r }

// Levels returns p, the number of grid levels.
func (m *Morris) Levels() int { return m.p }

// Delta returns Δ, the step on the probability scale, p/(2(p-1)).
func (m *Morris) Delta() float64 { return m.delta }

// Dim returns D, the number of parameters.
func (m *Morris) Dim() int { return m.d }

// Len returns the number of design points, r·(D+1).
func (m *Morris) Len() int { return m.r * (m.d + 1) }

// Unit writes the unit-hypercube coordinates of point k, 0 <= k < Len(),
// into dst and returns it; it allocates only if dst is shorter than Dim().
// It panics if k is out of range.
func (m *Morris) Unit(dst []float64, k int) []float64 {
	if k < 0 || k >= m.Len() {
		panic(fmt.Sprintf("sensitivity: point %d out of range [0, %d)", k, m.Len()))
	}
	dst = resize(dst, m.d)
	copy(dst, m.unit[k*m.d:(k+1)*m.d])
	return dst
}

// Point writes the parameter values of point k, 0 <= k < Len(), into dst
// and returns it: Unit mapped through the problem's Quantilers. It
// allocates only if dst is shorter than Dim(), and panics if k is out of
// range.
func (m *Morris) Point(dst []float64, k int) []float64 {
	dst = m.Unit(dst, k)
	return m.problem.Value(dst, dst)
}

// Effects are the Morris screening measures of one model output, one
// entry per parameter in the problem's order, in output units per unit of
// the parameter's probability scale.
type Effects struct {
	// Names are the parameters' names.
	Names []string
	// Mu is the mean elementary effect; effects of opposite signs cancel.
	Mu []float64
	// MuStar is the mean absolute elementary effect (Campolongo et al.
	// 2007), the measure to rank parameters by.
	MuStar []float64
	// Sigma is the standard deviation of the elementary effects (with
	// r-1 in the denominator): large when the effect depends on where it
	// is measured, through non-linearity or interactions.
	Sigma []float64
}

// Analyze computes the elementary effects from y, the model's outputs at
// the design points in design order (y[k] is the output at Point(k)). The
// elementary effect of the parameter moved at step m of a trajectory is
// (y_m - y_{m-1})/Δ for a step up and (y_{m-1} - y_m)/Δ for a step down.
// It reports a wrong number of outputs and NaN or infinite outputs.
func (m *Morris) Analyze(y []float64) (Effects, error) {
	if len(y) != m.Len() {
		return Effects{}, fmt.Errorf("sensitivity: %d outputs for a design of %d points", len(y), m.Len())
	}
	if err := checkFinite(y); err != nil {
		return Effects{}, err
	}
	d := m.d
	e := Effects{
		Names:  m.problem.Names(),
		Mu:     make([]float64, d),
		MuStar: make([]float64, d),
		Sigma:  make([]float64, d),
	}
	ee := func(t, step int) (param int, effect float64) {
		y := y[t*(d+1):]
		effect = (y[step+1] - y[step]) / m.delta
		if !m.up[t*d+step] {
			effect = -effect
		}
		return m.moved[t*d+step], effect
	}
	for t := range m.r {
		for step := range d {
			i, v := ee(t, step)
			e.Mu[i] += v
			e.MuStar[i] += math.Abs(v)
		}
	}
	r := float64(m.r)
	for i := range d {
		e.Mu[i] /= r
		e.MuStar[i] /= r
	}
	for t := range m.r {
		for step := range d {
			i, v := ee(t, step)
			e.Sigma[i] += float64((v - e.Mu[i]) * (v - e.Mu[i])) // no fused multiply-add
		}
	}
	for i := range d {
		e.Sigma[i] = math.Sqrt(e.Sigma[i] / (r - 1))
	}
	return e, nil
}
