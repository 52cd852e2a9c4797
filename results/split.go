package results

import (
	"math"
	"slices"
)

// Split divides the spread of a metric's paired difference across
// replications between the scenario's assumptions and the randomness of
// traffic, for a study whose replications drew their own assumption
// values (second-order Monte Carlo).
//
// Assumptions is the share of the difference's variance explained by the
// assumptions' first-order effects, estimated from the given data: for
// each assumption, the replications are sorted by its value into about
// √n bins of equal count, and the variance of the bins' mean differences
// is its first-order effect (the correlation ratio η², with the bias of
// the bins' own noise taken off); the shares of the assumptions add up,
// as first-order effects of independent draws do (each left unclipped,
// so that their noise cancels in the sum), and the sum is kept within 0
// and 1. It catches
// effects that are not linear (a railway that stops mattering once it
// has capacity to spare), but leaves interactions between assumptions
// with randomness, and is noisy with few replications per assumption:
// canalsim sensitivity measures both properly.
//
// SD is the standard deviation of the difference across replications;
// SDAssumptions and SDRandomness those of the two parts (their squares add
// up to SD²), so that a reader can see how much of the P5-P95 range each
// explains.
type Split struct {
	Assumptions   float64 `json:"assumptions"`
	SD            float64 `json:"sd"`
	SDAssumptions float64 `json:"sd_assumptions"`
	SDRandomness  float64 `json:"sd_randomness"`
}

// split computes the Split of y, the paired differences, given x, each
// replication's assumption values; nil when there are fewer than 20
// replications, y has a NaN, or y does not vary.
func split(y []float64, x [][]float64) *Split {
	n := len(y)
	if n < 20 || len(x) != n || len(x[0]) == 0 {
		return nil
	}
	mean := 0.0
	for _, v := range y {
		if math.IsNaN(v) {
			return nil
		}
		mean += v
	}
	mean /= float64(n)
	total := 0.0
	for _, v := range y {
		total += (v - mean) * (v - mean)
	}
	if !(total > 0) {
		return nil
	}
	bins := int(math.Round(math.Sqrt(float64(n))))
	order := make([]int, n)
	share := 0.0
	for j := range x[0] {
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			switch {
			case x[a][j] < x[b][j]:
				return -1
			case x[a][j] > x[b][j]:
				return 1
			}
			return 0
		})
		// Between- and within-bin sums of squares.
		between, within := 0.0, 0.0
		for b := range bins {
			lo, hi := b*n/bins, (b+1)*n/bins
			m := 0.0
			for _, i := range order[lo:hi] {
				m += y[i]
			}
			m /= float64(hi - lo)
			between += float64(hi-lo) * (m - mean) * (m - mean)
			for _, i := range order[lo:hi] {
				within += (y[i] - m) * (y[i] - m)
			}
		}
		// What bins of pure noise would show: (bins-1) times the mean
		// square within bins.
		eta := (between - float64(bins-1)*within/float64(n-bins)) / total
		share += eta // unclipped, so that the noise of each cancels in the sum
	}
	share = math.Min(math.Max(share, 0), 1)
	sd := math.Sqrt(total / float64(n-1))
	return &Split{Assumptions: share, SD: sd, SDAssumptions: sd * math.Sqrt(share), SDRandomness: sd * math.Sqrt(1-share)}
}
