package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Bootstrap configures confidence intervals for Sobol' indices. The zero
// value computes no intervals.
type Bootstrap struct {
	// Resamples is the number of bootstrap resamples of the N base rows;
	// 0 computes no intervals. A few hundred give stable 95% intervals.
	Resamples int
	// Level is the confidence level of the percentile intervals, in
	// (0, 1); 0 means 0.95.
	Level float64
	// Seed determines the resamples.
	Seed uint64
}

// An Estimate is an index with its bootstrap percentile interval [Lo, Hi].
// Lo and Hi are NaN when no interval was computed.
type Estimate struct {
	Value, Lo, Hi float64
}

// Indices are the first-order and total Sobol' indices of one model output,
// one entry per parameter in the problem's order. Estimates are not
// clipped: sampling error can put them a little below 0 or above 1, or a
// first-order index above its total index.
type Indices struct {
	// Names are the parameters' names.
	Names []string
	// First holds S_i, the fraction of the output variance due to
	// parameter i alone.
	First []Estimate
	// Total holds S_Ti, the fraction due to parameter i alone and in all
	// its interactions with others.
	Total []Estimate
	// N is the number of base rows the indices were estimated from.
	N int
	// Mean and Variance are the output's mean and variance over the runs
	// at the points of A and B.
	Mean, Variance float64
	// Level is the confidence level of the intervals, 0 without them.
	Level float64
}

// Analyze estimates the first-order and total indices from y, the model's
// outputs at the design points in design order (y[k] is the output at
// Point(k)), with bootstrap intervals as b asks. It reports every problem
// with its inputs at once: a wrong number of outputs, outputs that are NaN
// or infinite, a bad Bootstrap, an output of zero variance.
//
// With D parameters, Analyze takes O(N·D·(1+b.Resamples)) time.
//
// The estimators are, with f_A, f_B and f_ABi the outputs on row j of A, B
// and AB_i, f0 the mean and V the variance of the 2N outputs on A and B:
//
//	S_i  = (1/N) Σ_j (f_B - f0) (f_ABi - f_A) / V   (Saltelli et al. 2010)
//	S_Ti = (1/2N) Σ_j (f_A - f_ABi)² / V            (Jansen 1999)
//
// Each bootstrap resample draws N rows with replacement and recomputes
// both (including f0 and V); the interval is the resamples' central
// Level quantile range. Resamples with zero variance are left out. With a
// Halton or LatinHypercube base, the rows are not independent and the
// intervals are approximate (usually conservative).
func (s *Saltelli) Analyze(y []float64, b Bootstrap) (Indices, error) {
	var errs []error
	if len(y) != s.Len() {
		errs = append(errs, fmt.Errorf("sensitivity: %d outputs for a design of %d points", len(y), s.Len()))
	} else if err := checkFinite(y); err != nil {
		errs = append(errs, err)
	}
	if b.Resamples < 0 {
		errs = append(errs, fmt.Errorf("sensitivity: %d bootstrap resamples, want 0 or more", b.Resamples))
	}
	level := b.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		errs = append(errs, fmt.Errorf("sensitivity: confidence level %v, want one in (0, 1)", b.Level))
	}
	if len(errs) > 0 {
		return Indices{}, errors.Join(errs...)
	}

	d := s.d
	res := Indices{
		Names: s.problem.Names(),
		First: make([]Estimate, d),
		Total: make([]Estimate, d),
		N:     s.n,
	}
	rows := make([]int, s.n)
	for j := range rows {
		rows[j] = j
	}
	first, total := make([]float64, d), make([]float64, d)
	res.Mean, res.Variance = s.estimate(y, rows, first, total)
	if res.Variance == 0 {
		return Indices{}, errors.New("sensitivity: output has zero variance over A and B; indices are undefined")
	}
	for i := range d {
		res.First[i] = Estimate{Value: first[i], Lo: math.NaN(), Hi: math.NaN()}
		res.Total[i] = Estimate{Value: total[i], Lo: math.NaN(), Hi: math.NaN()}
	}
	if b.Resamples == 0 {
		return res, nil
	}

	res.Level = level
	// boot[i] holds the resamples of First[i] for i < d and of
	// Total[i-d] for i >= d.
	boot := make([][]float64, 2*d)
	for i := range boot {
		boot[i] = make([]float64, 0, b.Resamples)
	}
	r := rand.New(newPCG(b.Seed, saltBootstrap, 0))
	for range b.Resamples {
		for j := range rows {
			rows[j] = r.IntN(s.n)
		}
		if _, v := s.estimate(y, rows, first, total); v == 0 {
			continue
		}
		for i := range d {
			boot[i] = append(boot[i], first[i])
			boot[d+i] = append(boot[d+i], total[i])
		}
	}
	lo, hi := (1-level)/2, (1+level)/2
	for i, xs := range boot {
		e := &res.First[i%d]
		if i >= d {
			e = &res.Total[i-d]
		}
		if len(xs) == 0 {
			continue
		}
		slices.Sort(xs)
		e.Lo = stat.Quantile(lo, stat.LinInterp, xs, nil)
		e.Hi = stat.Quantile(hi, stat.LinInterp, xs, nil)
	}
	return res, nil
}

// estimate computes the first-order and total indices over the given base
// rows (repeats allowed) into first and total, and returns the mean and
// variance of the outputs on A and B. If the variance is zero, first and
// total are left unchanged.
func (s *Saltelli) estimate(y []float64, rows []int, first, total []float64) (mean, variance float64) {
	d, stride := s.d, s.d+2
	// Two passes, so that a large mean does not cancel the variance. The
	// float64 conversions forbid fused multiply-adds, which would make
	// the sums differ in the last place between platforms.
	var sum float64
	for _, j := range rows {
		sum += y[j*stride] + y[j*stride+d+1]
	}
	mean = sum / float64(2*len(rows))
	clear(first)
	clear(total)
	var ss float64
	for _, j := range rows {
		out := y[j*stride : (j+1)*stride]
		fA, fB := out[0], out[d+1]
		ss += float64((fA-mean)*(fA-mean)) + float64((fB-mean)*(fB-mean))
		for i, fAB := range out[1 : d+1] {
			first[i] += float64((fB - mean) * (fAB - fA))
			total[i] += float64((fA - fAB) * (fA - fAB))
		}
	}
	n := float64(len(rows))
	variance = ss / (2 * n)
	if variance == 0 {
		return mean, 0
	}
	for i := range d {
		first[i] /= n * variance
		total[i] /= 2 * n * variance
	}
	return mean, variance
}

// checkFinite reports the NaN and infinite values in y, by count and by
// the first few indices.
func checkFinite(y []float64) error {
	const show = 5
	var bad []int
	count := 0
	for k, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if count < show {
				bad = append(bad, k)
			}
			count++
		}
	}
	if count == 0 {
		return nil
	}
	more := ""
	if count > show {
		more = ", ..."
	}
	return fmt.Errorf("sensitivity: %d outputs are NaN or infinite, at points %s%s", count, fmt.Sprint(bad), more)
}
