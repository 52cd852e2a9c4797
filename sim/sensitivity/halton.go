package sensitivity

import "math/rand/v2"

// halton fills x, n rows of dim columns, with points 0..n-1 of the Halton
// sequence randomised by independent random digit permutations (Owen 2017,
// "A randomized Halton algorithm in R", arXiv:1706.02808), the algorithm of
// gonum's samplemv.Halton. Column c uses the c-th prime b as its base, and
// digit k of the row index (least significant first) is mapped through its
// own random permutation of 0..b-1 before it is weighted by b^-(k+1). The
// digits are carried to the last one that still changes a float64, so the
// zero digits above a row index's length also get permuted: that random
// tail places each point at random inside its cell. (div stays below
// 2^53·b, far from overflow.) The float64 conversion in the sum forbids
// a fused multiply-add, so the points are the same on every platform.
func halton(x []float64, n, dim int, seed uint64) {
	for c, b := range primes(dim) {
		r := rand.New(newPCG(seed, saltSaltelli, uint64(c)))
		scale := 1 / float64(b)
		for div := 1; 1-scale < 1; div, scale = div*b, scale/float64(b) {
			perm := r.Perm(b)
			for j := range n {
				x[j*dim+c] += float64(float64(perm[(j/div)%b]) * scale)
			}
		}
	}
}

// primes returns the first n primes.
func primes(n int) []int {
	ps := make([]int, 0, n)
	for c := 2; len(ps) < n; c++ {
		prime := true
		for _, p := range ps {
			if p*p > c {
				break
			}
			if c%p == 0 {
				prime = false
				break
			}
		}
		if prime {
			ps = append(ps, c)
		}
	}
	return ps
}
