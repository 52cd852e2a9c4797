package sim

import (
	"math"
	"slices"
	"time"

	"github.com/canalsim/canalsim/sim/network"
)

// This file holds the effects of each disruption window where they
// happen: the whole-run metrics average a 30-day closure over a 120-day
// run, so a reader sees a quarter of its effect. Each window's effect is
// measured over the reported days it touches, and over the recovery
// after it, replication by replication (a random window over the days it
// fell on in that replication).
//
// The recovery after a window is the days_to_recover of that window (see
// recoverFrom): the days from its end until the scenario's transits and
// TEU, as 7-day means, are both back within 5% of the baseline's. The
// risk metric days_to_recover is the same measure taken from the end of
// the replication's last window.

// WindowMetric is a metric of the window section (summary.json's
// windows), and how to compute it over a span of one run's days: an
// Outcome's window spans hold it per day of the span and summed over
// the span, whose unit is TotalUnit.
type WindowMetric struct {
	Metric
	TotalUnit string
	// value returns the metric per day of the span and its total.
	value func(ds []Day) (perDay, total float64)
}

// sumDays returns the per-day mean and the sum of f over ds.
func sumDays(f func(d *Day) float64) func(ds []Day) (float64, float64) {
	return func(ds []Day) (float64, float64) {
		t := 0.0
		for i := range ds {
			t += f(&ds[i])
		}
		return t / float64(len(ds)), t
	}
}

// SideMetric returns the metric of TEU per day at the terminals of one
// side of the isthmus, in the window section.
func SideMetric(side string) Metric {
	return Metric{"side_" + MetricTEU + MetricName("."+side), "TEU/day", "TEU handled per day at the terminals on the " + side + " side."}
}

// windowMetrics returns the key metrics of the window section, in order.
func (r *Result) windowMetrics() []WindowMetric {
	ms := []WindowMetric{
		{metric(MetricTransits), "transits", sumDays(func(d *Day) float64 { return float64(d.Transits) })},
		{metric(MetricTEU), "TEU", sumDays(func(d *Day) float64 { return d.TEU })},
	}
	for k, t := range r.Terminals {
		ms = append(ms, WindowMetric{TerminalMetric(t), "TEU", sumDays(func(d *Day) float64 { return d.TerminalTEU[k] })})
	}
	sides := r.TerminalSides()
	for _, side := range sideOrder(sides) {
		var idx []int
		for k, t := range r.Terminals {
			if sides[t] == side {
				idx = append(idx, k)
			}
		}
		ms = append(ms, WindowMetric{SideMetric(side), "TEU", sumDays(func(d *Day) float64 {
			x := 0.0
			for _, k := range idx {
				x += d.TerminalTEU[k]
			}
			return x
		})})
	}
	perDay := func(n MetricName, unit string) Metric { m := metric(n); m.Unit = unit; return m }
	return append(ms,
		WindowMetric{metric(MetricRailTEU), "TEU", sumDays(func(d *Day) float64 { return d.RailTEU })},
		WindowMetric{perDay(MetricLostTEU, "TEU/day"), "TEU", sumDays(func(d *Day) float64 { return d.LostTEU })},
		WindowMetric{perDay(MetricDivertedCalls, "calls/day"), "calls", sumDays(func(d *Day) float64 { return float64(d.DivertedCalls) })},
		WindowMetric{perDay(MetricLostCalls, "calls/day"), "calls", sumDays(func(d *Day) float64 { return float64(d.LostCalls) })},
		WindowMetric{perDay(MetricDiverted, "vessels/day"), "vessels", sumDays(func(d *Day) float64 { return float64(d.Diverted) })},
		WindowMetric{metric(MetricQueueMean), "vessel-days", sumDays(func(d *Day) float64 { return float64(d.Queue) })},
		WindowMetric{metric(MetricUnbookedWait), "vessel-days", func(ds []Day) (float64, float64) {
			var n int
			var w float64
			for i := range ds {
				n += ds[i].UnbookedStarts
				w += ds[i].UnbookedWaitTotalDays
			}
			return ratio(w, n), w
		}},
	)
}

// WindowMetrics returns the metrics of the window section, in the order
// of an Outcome's window spans.
func (r *Result) WindowMetrics() []WindowMetric { return slices.Clone(r.reduction().metrics) }

// TerminalSides maps each terminal to its side of the isthmus, from the
// scenario's network (nil without a scenario).
func (r *Result) TerminalSides() map[string]string {
	if r.Scenario == nil {
		return nil
	}
	net := r.Scenario.network()
	out := map[string]string{}
	for _, t := range r.Terminals {
		if n := net.Node(t); n != nil && n.Side != "" {
			out[t] = string(n.Side)
		}
	}
	return out
}

// sideOrder lists the sides of sides' terminals: Atlantic, Pacific, then
// any other by name.
func sideOrder(sides map[string]string) []string {
	var out []string
	for _, s := range sides {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	rank := func(s string) int { return network.Side(s).Rank() }
	slices.SortFunc(out, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	return out
}

// dayIndex returns the index in days of the day holding t, counted from
// the first day's midnight (negative before it).
func dayIndex(days []Day, t time.Time) float64 {
	return t.Sub(days[0].Date).Hours() / 24
}

// windowSpan returns the reported days a run's window touched, [a, b),
// clipped to the reported days (a == b when none).
func windowSpan(days []Day, w RunWindow) (a, b int) {
	if !w.Occurred || len(days) == 0 {
		return 0, 0
	}
	a = int(math.Floor(dayIndex(days, w.From)))
	b = int(math.Ceil(dayIndex(days, w.Until)))
	a, b = min(max(a, 0), len(days)), min(max(b, 0), len(days))
	if b < a {
		b = a
	}
	return a, b
}
