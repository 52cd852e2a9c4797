package sim

import (
	"math"
	"slices"
	"strings"
)

// Metric names a figure computed for each run (one replication of one
// variant) over the reported days.
type Metric struct {
	Name MetricName
	Unit string
	Doc  string
}

// MetricName is the name of a metric or a risk metric, its key in
// summary.json ("transits_per_day"; "teu_per_day.balboa" for a
// terminal's).
type MetricName string

// The names of the metrics, in report order (Result.Metrics). A
// terminal's TEU a day is named "teu_per_day.<terminal id>"
// (TerminalMetric), and the TEU a day of a side of the isthmus, a metric
// of the window section, "side_teu_per_day.<side>" (SideMetric).
const (
	MetricTransits           MetricName = "transits_per_day"
	MetricNeopanamaxTransits MetricName = "neopanamax_transits_per_day"
	MetricPanamaxTransits    MetricName = "panamax_transits_per_day"
	MetricCWT                MetricName = "canal_waters_time_h"
	MetricTransitTime        MetricName = "transit_time_h"
	MetricUnbookedWait       MetricName = "unbooked_wait_days"
	MetricQueueMax           MetricName = "anchorage_queue_max"
	MetricQueueMean          MetricName = "anchorage_queue_mean"
	MetricDiverted           MetricName = "diverted_vessels"
	MetricLakeMin            MetricName = "lake_level_min_ft"
	MetricTEU                MetricName = "teu_per_day"
	MetricLostTEU            MetricName = "lost_teu"
	MetricDivertedCalls      MetricName = "diverted_calls"
	MetricLostCalls          MetricName = "lost_calls"
	MetricRailTEU            MetricName = "rail_teu_per_day"
	MetricTransshipment      MetricName = "transshipment_share"
	MetricAuctionSlots       MetricName = "auction_slots"
	MetricAuctionPrice       MetricName = "auction_price_usd"
	MetricSpecialSlots       MetricName = "special_auction_slots"
	MetricSpecialPrice       MetricName = "special_auction_price_usd"
)

// metricTable describes the metrics named above.
var metricTable = []Metric{
	{MetricTransits, "transits/day", "Transits completed per day (a vessel leaving the last lock of its route), mean over the reported days."},
	{MetricNeopanamaxTransits, "transits/day", "Transits through the Neopanamax locks per day."},
	{MetricPanamaxTransits, "transits/day", "Transits through the Panamax locks per day."},
	{MetricCWT, "h", "Mean canal waters time of the transits completed in the reported days: from arrival in canal waters (or the end of a call made before the transit) to the end of the transit."},
	{MetricTransitTime, "h", "Mean time in the canal of the transits completed: from leaving the anchorage to the end of the transit."},
	{MetricUnbookedWait, "days", "Mean wait at the anchorage of the unbooked vessels that started their transit, from asking to starting."},
	{MetricQueueMax, "vessels", "Most vessels waiting at once at the anchorages to start their transit (booked and unbooked)."},
	{MetricQueueMean, "vessels", "Mean of the end-of-day anchorage queue."},
	{MetricDiverted, "vessels", "Vessels that gave up on the canal (a wait past their break-even, or a draft limit too deep to meet), over the reported days."},
	{MetricLakeMin, "ft", "Lowest level of the summit lake at the start of a reported day."},
	{MetricTEU, "TEU/day", "TEU handled by all terminals per day (counted when a call ends)."},
	{MetricLostTEU, "TEU", "Exchange of the calls lost to Panama, over the reported days: calls no terminal could take (closed, refusing, obstructed) that found no other terminal or rail capacity, and the calls of vessels that diverted from the canal."},
	{MetricDivertedCalls, "calls", "Calls their terminal could not take that went to another terminal on the same side or whose boxes crossed the isthmus by rail, over the reported days."},
	{MetricLostCalls, "calls", "Calls their terminal could not take that were lost to Panama, over the reported days."},
	{MetricRailTEU, "TEU/day", "TEU carried across the isthmus by rail for calls their terminal could not take, per day."},
	{MetricTransshipment, "fraction", "Share of the TEU handled that moved ship to ship (each terminal's transshipment share, weighted by its TEU)."},
	{MetricAuctionSlots, "slots", "Transit slots sold at the canal's daily auction to vessels waiting at the anchorages, over the reported days."},
	{MetricAuctionPrice, "USD", "Mean price paid for a slot at the daily auction (no value when none was sold)."},
	{MetricSpecialSlots, "slots", "Extra transit slots sold at special auctions to unbooked vessels that had waited long, over the reported days (counted on the day of the auction)."},
	{MetricSpecialPrice, "USD", "Mean price paid for a slot at a special auction (no value when none was sold)."},
}

// LookupMetric returns the description of the metric named n (those
// above, a terminal's or a side's); ok is false for a name that is not
// a metric's.
func LookupMetric(n MetricName) (m Metric, ok bool) {
	if id, ok := strings.CutPrefix(string(n), string(MetricTEU)+"."); ok && id != "" {
		return TerminalMetric(id), true
	}
	if side, ok := strings.CutPrefix(string(n), "side_"+string(MetricTEU)+"."); ok && side != "" {
		return SideMetric(side), true
	}
	return find(metricTable, n)
}

// find returns the metric of table named n.
func find(table []Metric, n MetricName) (Metric, bool) {
	i := slices.IndexFunc(table, func(m Metric) bool { return m.Name == n })
	if i < 0 {
		return Metric{}, false
	}
	return table[i], true
}

// metric returns the description of the metric named n, which must be
// known.
func metric(n MetricName) Metric {
	m, _ := LookupMetric(n)
	return m
}

// named returns the descriptions that lookup gives of the names ns, which
// it must know.
func named(lookup func(MetricName) (Metric, bool), ns ...MetricName) []Metric {
	out := make([]Metric, len(ns))
	for i, n := range ns {
		out[i], _ = lookup(n)
	}
	return out
}

// TerminalMetric returns the metric of TEU per day at one terminal.
func TerminalMetric(id string) Metric {
	return Metric{MetricTEU + MetricName("."+id), "TEU/day", "TEU handled per day at terminal " + id + "."}
}

// Metrics returns the metrics of a result, in report order.
func (r *Result) Metrics() []Metric {
	ms := named(LookupMetric, MetricTransits, MetricNeopanamaxTransits, MetricPanamaxTransits, MetricCWT, MetricTransitTime,
		MetricUnbookedWait, MetricQueueMax, MetricQueueMean, MetricDiverted, MetricLakeMin, MetricTEU)
	for _, t := range r.Terminals {
		ms = append(ms, TerminalMetric(t))
	}
	return append(ms, named(LookupMetric, MetricLostTEU, MetricDivertedCalls, MetricLostCalls, MetricRailTEU, MetricTransshipment, MetricAuctionSlots, MetricAuctionPrice,
		MetricSpecialSlots, MetricSpecialPrice)...)
}

// Values returns the run's value of every metric, in the order of
// r.Metrics().
func (r *Result) Values(run *Run) []float64 {
	var transits, neo, pmx, queueMax, queueSum, diverted, unbooked, divertedCalls, lostCalls, auctioned, special int
	var teu, lost, cwt, transit, unbookedWait, rail, tship, auctionUSD, specialUSD float64
	lakeMin := math.NaN()
	byTerminal := make([]float64, len(r.Terminals))
	for i, d := range run.Days {
		transits += d.Transits
		neo += d.TransitsNeopanamax
		pmx += d.TransitsPanamax
		queueMax = max(queueMax, d.QueueMax)
		queueSum += d.Queue
		diverted += d.Diverted
		unbooked += d.UnbookedStarts
		unbookedWait += d.UnbookedWaitTotalDays
		teu += d.TEU
		lost += d.LostTEU
		divertedCalls += d.DivertedCalls
		lostCalls += d.LostCalls
		rail += d.RailTEU
		tship += d.TransshipmentTEU
		auctioned += d.AuctionSlots
		auctionUSD += d.AuctionUSD
		special += d.SpecialSlots
		specialUSD += d.SpecialUSD
		cwt += d.CWTTotalHours
		transit += d.TransitTotalHours
		if i == 0 || d.LakeLevelFt < lakeMin {
			lakeMin = d.LakeLevelFt
		}
		for k, x := range d.TerminalTEU {
			byTerminal[k] += x
		}
	}
	days := float64(len(run.Days))
	out := []float64{
		float64(transits) / days, float64(neo) / days, float64(pmx) / days,
		ratio(cwt, transits), ratio(transit, transits), ratio(unbookedWait, unbooked),
		float64(queueMax), float64(queueSum) / days, float64(diverted), r.lakeOrNaN(lakeMin), teu / days,
	}
	for _, x := range byTerminal {
		out = append(out, x/days)
	}
	share := math.NaN()
	if teu > 0 {
		share = tship / teu
	}
	return append(out, lost, float64(divertedCalls), float64(lostCalls), rail/days, share, float64(auctioned), ratio(auctionUSD, auctioned),
		float64(special), ratio(specialUSD, special))
}

// ratio is x/n, or NaN when n is 0 (no value, not zero).
func ratio(x float64, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	return x / float64(n)
}

// lakeOrNaN returns x, or NaN when the network has no summit lake (whose
// level would read 0).
func (r *Result) lakeOrNaN(x float64) float64 {
	if r.Scenario != nil && r.Scenario.network().SummitLake() == nil {
		return math.NaN()
	}
	return x
}
