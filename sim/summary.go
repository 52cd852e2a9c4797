package sim

import (
	"encoding/json"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
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
	i := slices.IndexFunc(metricTable, func(m Metric) bool { return m.Name == n })
	if i < 0 {
		return Metric{}, false
	}
	return metricTable[i], true
}

// metricsNamed returns the descriptions of the metrics named ns, which
// must be in metricTable.
func metricsNamed(ns ...MetricName) []Metric {
	out := make([]Metric, len(ns))
	for i, n := range ns {
		out[i], _ = LookupMetric(n)
	}
	return out
}

// TerminalMetric returns the metric of TEU per day at one terminal.
func TerminalMetric(id string) Metric {
	return Metric{MetricTEU + MetricName("."+id), "TEU/day", "TEU handled per day at terminal " + id + "."}
}

// Metrics returns the metrics of a result, in report order.
func (r *Result) Metrics() []Metric {
	ms := metricsNamed(MetricTransits, MetricNeopanamaxTransits, MetricPanamaxTransits, MetricCWT, MetricTransitTime,
		MetricUnbookedWait, MetricQueueMax, MetricQueueMean, MetricDiverted, MetricLakeMin, MetricTEU)
	for _, t := range r.Terminals {
		ms = append(ms, TerminalMetric(t))
	}
	return append(ms, metricsNamed(MetricLostTEU, MetricDivertedCalls, MetricLostCalls, MetricRailTEU, MetricTransshipment, MetricAuctionSlots, MetricAuctionPrice,
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

// Stats describe one metric across replications.
type Stats struct {
	// N is the number of replications with a value (NaN values, such as
	// the canal waters time of a run without transits, are left out).
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	// CI95 is the 95% confidence interval of the mean (Student's t);
	// nil when N < 2.
	CI95 *[2]float64 `json:"ci95"`
	// P5, P50 and P95 are percentiles across replications, by linear
	// interpolation between order statistics.
	P5  float64 `json:"p5"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// Describe computes Stats of xs. NaNs are ignored; with no value left the
// result has N == 0 and NaN fields.
func Describe(xs []float64) Stats {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		nan := math.NaN()
		return Stats{Mean: nan, P5: nan, P50: nan, P95: nan}
	}
	slices.Sort(v)
	s := Stats{
		N:    len(v),
		Mean: stat.Mean(v, nil),
		P5:   quantile(0.05, v),
		P50:  quantile(0.50, v),
		P95:  quantile(0.95, v),
	}
	if len(v) >= 2 {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(v) - 1)}.Quantile(0.975)
		half := t * stat.StdDev(v, nil) / math.Sqrt(float64(len(v)))
		s.CI95 = &[2]float64{s.Mean - half, s.Mean + half}
	}
	return s
}

// quantile is the p-quantile of sorted x with linear interpolation
// between order statistics (type 7 of Hyndman and Fan, the default of R
// and NumPy).
func quantile(p float64, x []float64) float64 {
	h := p * float64(len(x)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-lo)*(x[i+1]-x[i])
}

// Comparison is one metric for the scenario, its baseline and their
// paired difference (scenario minus baseline, replication by replication).
type Comparison struct {
	Unit       string `json:"unit"`
	Scenario   Stats  `json:"scenario"`
	Baseline   Stats  `json:"baseline"`
	Difference Stats  `json:"difference"`
	// Split divides the spread of the difference between the scenario's
	// assumptions and randomness; nil without assumptions (or with too
	// few replications to tell).
	Split *Split `json:"split,omitempty"`
}

// Summary is the content of summary.json.
type Summary struct {
	Scenario     string                    `json:"scenario"`
	Replications int                       `json:"replications"`
	Days         int                       `json:"days"`
	Metrics      map[MetricName]Comparison `json:"metrics"`
	// Risk holds the risk metrics: figures of each replication's pair,
	// described across replications.
	Risk map[MetricName]Risk `json:"risk"`
	// TerminalSides maps each terminal to its side of the isthmus
	// ("atlantic" or "pacific"), from the network that ran.
	TerminalSides map[string]string `json:"terminal_sides,omitempty"`
	// Windows holds each disruption window's effect where it happens:
	// the key metrics over the days of the window and of the recovery
	// after it, in the order of the scenario's disruptions.
	Windows []WindowEffect `json:"windows"`
	// Costs says who pays for the scenario, in US dollars, over the
	// reported days: the canal, the terminal operators, the railway and
	// the shipowners.
	Costs *Costs `json:"costs,omitempty"`
}

// Summarize computes the statistics of every metric across the
// replications done.
func (r *Result) Summarize() *Summary {
	s, _ := r.SummarizeWith(nil) // no thresholds, no error
	return s
}

// SummarizeWith is Summarize with the probabilities that risk metrics
// exceed the given thresholds; a threshold on an unknown metric is an
// error.
func (r *Result) SummarizeWith(thresholds []Threshold) (*Summary, error) {
	risk, err := r.risks(thresholds)
	if err != nil {
		return nil, err
	}
	ms := r.Metrics()
	base := make([][]float64, len(ms))
	scen := make([][]float64, len(ms))
	diff := make([][]float64, len(ms))
	n := 0
	var drawn [][]float64
	for i, done := range r.Done {
		if !done {
			continue
		}
		n++
		drawn = append(drawn, r.Disrupted[i].Assumptions)
		o := r.outcome(i)
		b, s := o.base, o.scen
		for j := range ms {
			base[j] = append(base[j], b[j])
			scen[j] = append(scen[j], s[j])
			diff[j] = append(diff[j], s[j]-b[j])
		}
	}
	sum := &Summary{Scenario: r.Scenario.Name, Replications: n, Days: r.Scenario.Days, Metrics: map[MetricName]Comparison{}, Risk: risk,
		TerminalSides: r.terminalSides(), Windows: r.windows()}
	sum.Costs = r.costs(func(o *outcome) []float64 { return o.costs })
	for j, m := range ms {
		c := Comparison{Unit: m.Unit, Scenario: Describe(scen[j]), Baseline: Describe(base[j]), Difference: Describe(diff[j])}
		if len(r.Scenario.Assumptions) > 0 {
			c.Split = split(diff[j], drawn)
		}
		sum.Metrics[m.Name] = c
	}
	return sum, nil
}

// MarshalJSON writes the stats with null in place of NaN (JSON has no
// NaN), so a metric without values still gives valid JSON.
func (s Stats) MarshalJSON() ([]byte, error) {
	num := func(x float64) any {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	}
	return json.Marshal(struct {
		N    int         `json:"n"`
		Mean any         `json:"mean"`
		CI95 *[2]float64 `json:"ci95"`
		P5   any         `json:"p5"`
		P50  any         `json:"p50"`
		P95  any         `json:"p95"`
	}{s.N, num(s.Mean), s.CI95, num(s.P5), num(s.P50), num(s.P95)})
}

// UnmarshalJSON reads stats written by MarshalJSON (null as NaN).
func (s *Stats) UnmarshalJSON(b []byte) error {
	var raw struct {
		N    int         `json:"n"`
		Mean *float64    `json:"mean"`
		CI95 *[2]float64 `json:"ci95"`
		P5   *float64    `json:"p5"`
		P50  *float64    `json:"p50"`
		P95  *float64    `json:"p95"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	val := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	*s = Stats{N: raw.N, Mean: val(raw.Mean), CI95: raw.CI95, P5: val(raw.P5), P50: val(raw.P50), P95: val(raw.P95)}
	return nil
}

// lakeOrNaN returns x, or NaN when the network has no summit lake (whose
// level would read 0).
func (r *Result) lakeOrNaN(x float64) float64 {
	if r.Scenario != nil && r.Scenario.network().SummitLake() == nil {
		return math.NaN()
	}
	return x
}
