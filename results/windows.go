package results

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/canalsim/canalsim/sim"
)

// This file holds the window section of summary.json: each disruption
// window's effect where it happens, over the reported days it touches
// and the recovery after it, replication by replication (a random
// window over the days it fell on in that replication). Every interval
// of this section is a percentile bootstrap of the mean
// (describeBootstrap).

// WindowComparison is one metric over a span of days (a window, or the
// recovery after it), for the scenario, its baseline and their paired
// difference, across the replications in which the span has days.
//
// Every interval of this section is a percentile bootstrap of the mean
// (see describeBootstrap), so an interval never leaves the range of its
// values: the interval of a quantity that cannot be negative is never
// negative.
type WindowComparison struct {
	// Unit is the unit of Baseline, Scenario and Difference: the metric
	// per day of the span (a mean over its days for a queue; the mean
	// wait of the vessels that started in it for a wait).
	Unit string `json:"unit"`
	// TotalUnit is the unit of DifferenceTotal, the difference summed
	// over the span's days.
	TotalUnit       string `json:"total_unit"`
	Baseline        Stats  `json:"baseline"`
	Scenario        Stats  `json:"scenario"`
	Difference      Stats  `json:"difference"`
	DifferenceTotal Stats  `json:"difference_total"`
	// ShareOfNormal is the scenario's value as a share of the baseline's
	// over the same days (see describeShare: its mean is the ratio of the
	// means, its percentiles those of the replications' own ratios; no
	// value where the baseline's is 0): 0.85 reads "85% of normal".
	ShareOfNormal Stats `json:"share_of_normal"`
}

// WindowEffect is one disruption window's effect: the metrics over the
// reported days it touched, and over the recovery after it.
type WindowEffect struct {
	// Disruption is the window's number in the scenario's disruptions
	// (and manifest.json's), from 1; Name its name.
	Disruption int    `json:"disruption"`
	Name       string `json:"name,omitempty"`
	// From and Until are the window as applied, [From, Until); for a
	// Random window, the span its windows may fall in.
	From   time.Time `json:"from"`
	Until  time.Time `json:"until"`
	Random bool      `json:"random,omitempty"`
	// Replications counts the replications in which the window happened
	// on at least one reported day: the statistics are over those.
	Replications int `json:"replications"`
	// Days is the number of reported days the window touched (a day
	// counts when any of it falls in the window).
	Days Stats `json:"days"`
	// DaysToRecover is the number of days from the window's end until
	// throughput is back (as days_to_recover, from this window's end);
	// NotRecovered counts the replications where it was not back before
	// the run ended (left out of DaysToRecover).
	DaysToRecover Stats `json:"days_to_recover"`
	NotRecovered  int   `json:"not_recovered"`
	// During holds the key metrics over the window's days; Recovery over
	// the days of the recovery after it (to the run's end where it did
	// not recover), in the replications where it has any.
	During   map[sim.MetricName]WindowComparison `json:"during"`
	Recovery map[sim.MetricName]WindowComparison `json:"recovery"`
	// Costs are the costs (as the summary's) over the window's days, in
	// the replications where it touched any.
	Costs *Costs `json:"costs,omitempty"`
}

// windows computes the window section of a summary over the done
// replications.
func windows(r *sim.Result) []WindowEffect {
	ms := r.WindowMetrics()
	var out []WindowEffect
	for k, w := range r.Windows {
		we := WindowEffect{Disruption: k + 1, Name: w.Name, From: w.From, Until: w.Until, Random: w.Random}
		type cols struct{ base, scen, diff, total []float64 }
		during, recovery := make([]cols, len(ms)), make([]cols, len(ms))
		var lengths, recover []float64
		add := func(c []cols, vs []sim.SpanValue) {
			for j, v := range vs {
				c[j].base = append(c[j].base, v.Baseline)
				c[j].scen = append(c[j].scen, v.Disrupted)
				c[j].diff = append(c[j].diff, v.Disrupted-v.Baseline)
				c[j].total = append(c[j].total, v.DisruptedTotal-v.BaselineTotal)
			}
		}
		for _, o := range r.Outcomes() {
			wo := o.Windows[k]
			if !wo.Touched {
				continue
			}
			we.Replications++
			lengths = append(lengths, wo.Days)
			add(during, wo.During)
			recover = append(recover, wo.Recover)
			if math.IsNaN(wo.Recover) {
				we.NotRecovered++
			}
			add(recovery, wo.Recovery)
		}
		we.Days, we.DaysToRecover = describeBootstrap(lengths), describeBootstrap(recover)
		we.Costs = costs(r, func(o *sim.Outcome) []float64 { return o.Windows[k].Costs })
		we.During, we.Recovery = map[sim.MetricName]WindowComparison{}, map[sim.MetricName]WindowComparison{}
		for j, m := range ms {
			for _, p := range []struct {
				c   cols
				out map[sim.MetricName]WindowComparison
			}{{during[j], we.During}, {recovery[j], we.Recovery}} {
				p.out[m.Name] = WindowComparison{
					Unit: m.Unit, TotalUnit: m.TotalUnit,
					Baseline: describeBootstrap(p.c.base), Scenario: describeBootstrap(p.c.scen),
					Difference: describeBootstrap(p.c.diff), DifferenceTotal: describeBootstrap(p.c.total),
					ShareOfNormal: describeShare(p.c.base, p.c.scen),
				}
			}
		}
		out = append(out, we)
	}
	if out == nil {
		out = []WindowEffect{}
	}
	return out
}

// bootstrapResamples is the number of resamples of describeBootstrap.
const bootstrapResamples = 2000

// describeBootstrap is Describe with the 95% interval of the mean from a
// percentile bootstrap: the 2.5th and 97.5th percentiles of the means of
// 2,000 resamples (with replacement, of the values' own number) of the
// values. Every resample's mean lies between the smallest and largest
// value, so the interval does too: unlike Student's t, it never goes
// below zero for values that cannot (lost TEU with most replications at
// zero and a few large), and it follows the skew of the values. The
// resamples are drawn from a fixed seed, so the same values give the
// same interval. Like the t-interval, it is for 2 values or more; with
// few (under about 20) it is too narrow, as every interval from so few
// is.
func describeBootstrap(xs []float64) Stats {
	s := Describe(xs)
	if s.CI95 == nil {
		return s
	}
	v := make([]float64, 0, s.N)
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	lo, hi := bootstrap(len(v), func(idx []int) float64 {
		t := 0.0
		for _, i := range idx {
			t += v[i]
		}
		return t / float64(len(idx))
	})
	// Rounding in the sums must not take the interval past the values.
	lo, hi = math.Max(lo, slices.Min(v)), math.Min(hi, slices.Max(v))
	s.CI95 = &[2]float64{lo, hi}
	return s
}

// describeShare describes the scenario's values s as a share of the
// baseline's b, paired by replication: Mean is the ratio of their means
// (sum s / sum b, which a few replications with a baseline near zero do
// not swamp, as they would a mean of ratios), CI95 its percentile
// bootstrap over the pairs, and N and the percentiles those of the
// replications' own ratios (where the baseline is not 0). A pair with a
// NaN is left out; with no baseline the share has no value.
func describeShare(b, s []float64) Stats {
	var bv, sv, ratios []float64
	for i := range b {
		if math.IsNaN(b[i]) || math.IsNaN(s[i]) {
			continue
		}
		bv, sv = append(bv, b[i]), append(sv, s[i])
		r := math.NaN()
		if b[i] != 0 {
			r = s[i] / b[i]
		}
		ratios = append(ratios, r)
	}
	st := Describe(ratios)
	st.CI95 = nil
	share := func(idx []int) float64 {
		var tb, ts float64
		for _, i := range idx {
			tb += bv[i]
			ts += sv[i]
		}
		if tb == 0 {
			return math.NaN()
		}
		return ts / tb
	}
	all := make([]int, len(bv))
	for i := range all {
		all[i] = i
	}
	st.Mean = share(all)
	if math.IsNaN(st.Mean) {
		return Stats{Mean: math.NaN(), P5: math.NaN(), P50: math.NaN(), P95: math.NaN()}
	}
	if st.N >= 2 {
		lo, hi := bootstrap(len(bv), share)
		if !math.IsNaN(lo) {
			st.CI95 = &[2]float64{lo, hi}
		}
	}
	return st
}

// bootstrap returns the 2.5th and 97.5th percentiles of stat over
// bootstrapResamples resamples of n values (stat gets the indices
// drawn), from a fixed seed; resamples where stat has no value are left
// out (NaN, NaN when all are).
func bootstrap(n int, stat func(idx []int) float64) (lo, hi float64) {
	rng := rand.New(rand.NewPCG(0x626f6f74, uint64(n)))
	idx := make([]int, n)
	vals := make([]float64, 0, bootstrapResamples)
	for range bootstrapResamples {
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		if x := stat(idx); !math.IsNaN(x) {
			vals = append(vals, x)
		}
	}
	if len(vals) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(vals)
	return quantile(0.025, vals), quantile(0.975, vals)
}
