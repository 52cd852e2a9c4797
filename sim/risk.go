package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// This file holds the risk metrics: figures of one replication's pair
// (the disrupted run against its baseline), which describe the losses a
// disruption causes. For a disruption that may not happen (a probability
// below 1), the replications where it did not happen have runs identical
// to their baselines, so their losses are zero: the distribution keeps
// its mass at zero.

// The names of the risk metrics, in report order (Result.RiskMetrics).
// A terminal's TEU lost is named "lost_teu.<terminal id>" (TerminalRisk).
// A risk metric named like a metric (lost_teu, diverted_vessels) is that
// metric's paired difference, the scenario's minus the baseline's, and
// its description says so; the others have names of their own.
const (
	RiskLostTransits  MetricName = "lost_transits"
	RiskLostTEU       MetricName = "lost_teu"
	RiskExtraWait     MetricName = "extra_wait_days"
	RiskQueueMax      MetricName = "scenario_queue_max"
	RiskDiverted      MetricName = "diverted_vessels"
	RiskDaysToRecover MetricName = "days_to_recover"
)

// riskTable describes the risk metrics named above.
var riskTable = []Metric{
	{RiskLostTransits, "transits", "Transits the baseline completed over the reported days that the scenario did not (baseline minus scenario)."},
	{RiskLostTEU, "TEU", "TEU lost to Panama because of the disruptions: the scenario's lost_teu minus the baseline's (calls no terminal or rail could take, and the calls of vessels that diverted from the canal)."},
	{RiskExtraWait, "vessel-days", "Extra days vessels spent waiting, at the anchorages to start their transit and at the locks, summed over vessels: the scenario's end-of-day queues minus the baseline's, summed over the reported days."},
	{RiskQueueMax, "vessels", "Most vessels waiting at once at the anchorages in the scenario: the scenario's own anchorage_queue_max, not a difference (for threshold questions)."},
	{RiskDiverted, "vessels", "Vessels that gave up on the canal in the scenario beyond those of the baseline."},
	{RiskDaysToRecover, "days", fmt.Sprintf("Days after the last disruption window of the replication ends until throughput is back: the first k >= 0 such that, over the %d days from k days after the end, the scenario's mean transits and TEU a day are both within %.0f%% of the baseline's. 0 when no disruption happened; no value when throughput was not back before the run ended.", RecoveryDays, 100*RecoveryTolerance)},
}

// LookupRisk returns the description of the risk metric named n (those
// above or a terminal's); ok is false for a name that is not a risk
// metric's.
func LookupRisk(n MetricName) (m Metric, ok bool) {
	if id, ok := strings.CutPrefix(string(n), string(RiskLostTEU)+"."); ok && id != "" {
		return TerminalRisk(id), true
	}
	return find(riskTable, n)
}

// RecoveryDays is the length of the mean that days_to_recover compares,
// and RecoveryTolerance the relative difference from the baseline within
// which throughput counts as back.
const (
	RecoveryDays      = 7
	RecoveryTolerance = 0.05
)

// TerminalRisk returns the risk metric of the TEU one terminal handled
// less than in the baseline.
func TerminalRisk(id string) Metric {
	return Metric{RiskLostTEU + MetricName("."+id), "TEU", "TEU terminal " + id + " handled less than in the baseline, over the reported days (negative when it took calls from other terminals); the terminals' figures add up to about lost_teu."}
}

// RiskMetrics returns the risk metrics of a result, in report order.
func (r *Result) RiskMetrics() []Metric {
	ms := named(LookupRisk, RiskLostTransits, RiskLostTEU)
	for _, t := range r.Terminals {
		ms = append(ms, TerminalRisk(t))
	}
	return append(ms, named(LookupRisk, RiskExtraWait, RiskQueueMax, RiskDiverted, RiskDaysToRecover)...)
}

// RiskValues returns replication i's value of every risk metric, in the
// order of r.RiskMetrics() (NaN where there is none).
func (r *Result) RiskValues(i int) []float64 {
	return slices.Clone(r.outcome(i).Risk)
}

// riskValues computes the risk metrics of the pair of runs b (baseline)
// and s (scenario) of one replication.
func (r *Result) riskValues(b, s *Run) []float64 {
	var transits, lost, wait, queueMax, diverted float64
	byTerminal := make([]float64, len(r.Terminals))
	for d := range s.Days {
		sd, bd := &s.Days[d], &b.Days[d]
		transits += float64(bd.Transits - sd.Transits)
		lost += sd.LostTEU - bd.LostTEU
		wait += float64(sd.Queue + sd.LockQueue - bd.Queue - bd.LockQueue)
		queueMax = math.Max(queueMax, float64(sd.QueueMax))
		diverted += float64(sd.Diverted - bd.Diverted)
		for k := range byTerminal {
			byTerminal[k] += bd.TerminalTEU[k] - sd.TerminalTEU[k]
		}
	}
	for k := range byTerminal {
		byTerminal[k] = snapTEU(byTerminal[k])
	}
	out := append([]float64{transits, snapTEU(lost)}, byTerminal...)
	return append(out, wait, queueMax, diverted, daysToRecover(b, s))
}

// teuResolution is the smallest difference of TEU the risk metrics tell
// from none: a millionth of a box.
const teuResolution = 1e-6

// snapTEU returns 0 for a difference of TEU smaller than teuResolution.
// Calls carry fractional TEU, and when a disruption only moves a call to
// another day, the two runs' sums over the days differ by rounding
// (-4e-13 TEU), which would count as a loss in the share of replications
// without one (zero_share) and show in percentiles.
func snapTEU(x float64) float64 {
	if math.Abs(x) < teuResolution {
		return 0
	}
	return x
}

// daysToRecover computes days_to_recover for the pair of runs b and s.
func daysToRecover(br, sr *Run) float64 {
	b, s := br.Days, sr.Days
	if len(s) == 0 {
		return math.NaN()
	}
	// The end of the last window that happened, as a day index (a
	// window that ended in the warm-up ends at the first reported day).
	end, occurred := 0, false
	start := s[0].Date
	for _, w := range sr.Windows {
		if !w.Occurred {
			continue
		}
		// The first whole day after the window.
		d := int(math.Ceil(w.Until.Sub(start).Hours() / 24))
		end, occurred = max(end, d), true
	}
	if !occurred {
		return 0 // nothing happened
	}
	return recoverFrom(b, s, end)
}

// recoverFrom returns the days from day index end until throughput is
// back: the first k >= 0 such that over the RecoveryDays days from end+k
// the scenario's (s) transits and TEU are both within RecoveryTolerance
// of the baseline's (b); NaN when it is not back before the run ended.
// It is the one definition of recovery: days_to_recover applies it from
// the end of a replication's last window, the window section
// (WindowEffect) from the end of each window.
func recoverFrom(b, s []Day, end int) float64 {
	within := func(x, y float64) bool { return math.Abs(x-y) <= RecoveryTolerance*math.Abs(y) }
	for k := end; k+RecoveryDays <= len(s); k++ {
		var bt, st, bteu, steu float64
		for d := k; d < k+RecoveryDays; d++ {
			bt += float64(b[d].Transits)
			st += float64(s[d].Transits)
			bteu += b[d].TEU
			steu += s[d].TEU
		}
		if within(st, bt) && within(steu, bteu) {
			return float64(k - end)
		}
	}
	return math.NaN()
}
