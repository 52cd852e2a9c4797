package results

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// Hindcast compares a run with a published series (an Observed): for each
// observed point, the model's value over the same date or months across
// replications, and per metric the errors. It is the content of a results
// folder's hindcast.json.
type Hindcast struct {
	// Observed is the observed file's name.
	Observed string `json:"observed"`
	// Variant is the variant compared, the scenario's: for a scenario
	// without disruptions, the same as the baseline.
	Variant      sim.Variant `json:"variant"`
	Replications int         `json:"replications"`
	// Metrics are the errors per metric, in the order the metrics first
	// appear in the observed file.
	Metrics []HindcastMetric `json:"metrics"`
	// Points are the points compared, in file order.
	Points []HindcastPoint `json:"points"`
	// Skipped are the points the run does not cover, with the reason.
	Skipped []HindcastSkip `json:"skipped,omitempty"`
}

// HindcastPoint is an observed point and the model's value over its
// period: the mean across replications and the 5th and 95th percentiles
// (the 90% band).
type HindcastPoint struct {
	Metric string `json:"metric"`
	Period string `json:"period"`
	// From and Until are the period's first and last days, YYYY-MM-DD.
	From  string `json:"from"`
	Until string `json:"until"`
	// Aggregate is how a replication's days are combined over the
	// period: "sum" (counts, such as transits), "mean" (levels, such as
	// lake_level_ft) or "run" (a metric of summary.json, over the run).
	Aggregate string  `json:"aggregate"`
	Observed  float64 `json:"observed"`
	Source    string  `json:"source"`
	Mean      float64 `json:"mean"`
	P5        float64 `json:"p5"`
	P95       float64 `json:"p95"`
	// Error is the model's mean minus the observed value; APE its
	// absolute value as a percentage of the observed one (nil for an
	// observed zero).
	Error float64  `json:"error"`
	APE   *float64 `json:"ape_percent"`
	// Inside reports whether the observed value is within the 90% band.
	Inside bool `json:"inside"`
}

// HindcastMetric is the errors of one metric over its points: the bias
// (the mean of model minus observed), the mean absolute percentage error
// (over the points with an observed value other than zero; nil without
// any) and the coverage of the 90% band (the share of observed values
// inside it).
type HindcastMetric struct {
	Metric    string   `json:"metric"`
	Aggregate string   `json:"aggregate"`
	Points    int      `json:"points"`
	Bias      float64  `json:"bias"`
	MAPE      *float64 `json:"mape_percent"`
	Coverage  float64  `json:"coverage"`
}

// HindcastSkip is an observed point left out, and why.
type HindcastSkip struct {
	Metric string `json:"metric"`
	Period string `json:"period"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// levelColumns are the daily.csv columns that are levels or states of a
// day rather than counts: over several days their mean is taken, where
// the counts are summed.
var levelColumns = []string{"queue", "queue_max", "lock_queue", "slots_neopanamax", "slots_panamax", "lake_level_ft", "draft_limit_ft"}

// HindcastAggregate returns how a daily.csv column is combined over the
// days of a period: "mean" for levels (the queues, the slots, the lake's
// level and the draft limit), "sum" for the counts and totals (transits,
// TEU, hours, water).
func HindcastAggregate(column string) string {
	if slices.Contains(levelColumns, column) {
		return "mean"
	}
	return "sum"
}

// HindcastMetrics lists the metrics an observed file may name for a
// results folder: the columns of its daily table, then the metrics of its
// summary.
func HindcastMetrics(daily *DailyTable, sum *Summary) []string {
	var names []string
	for _, c := range daily.Columns() {
		names = append(names, c.Name)
	}
	if sum != nil {
		var more []string
		for k := range sum.Metrics {
			if !slices.Contains(names, string(k)) {
				more = append(more, string(k))
			}
		}
		slices.Sort(more)
		names = append(names, more...)
	}
	return names
}

// NewHindcast compares the scenario variant of a run (its daily table and
// summary) with the observed points. A point whose period the run's
// reported days do not wholly cover is skipped, with the reason; a
// metric of the summary describes the whole run whatever the point's
// period. It is an error when no point can be compared.
func NewHindcast(obs *Observed, daily *DailyTable, sum *Summary) (*Hindcast, error) {
	h := &Hindcast{Observed: obs.Name, Variant: sim.Disrupted}
	cols := map[string]DailyColumn{}
	for _, c := range daily.Columns() {
		cols[c.Name] = c
	}
	// The rows of the variant, by replication, in date order.
	byRep := map[int][]*DailyRow{}
	var reps []int
	for i := range daily.Rows {
		r := &daily.Rows[i]
		if r.Variant != sim.Disrupted {
			continue
		}
		if _, ok := byRep[r.Replication]; !ok {
			reps = append(reps, r.Replication)
		}
		byRep[r.Replication] = append(byRep[r.Replication], r)
	}
	slices.Sort(reps)
	h.Replications = len(reps)
	if sum != nil && len(reps) == 0 {
		h.Replications = sum.Replications
	}
	for _, p := range obs.Points {
		hp := HindcastPoint{
			Metric: p.Metric, Period: p.Period, Observed: p.Value, Source: p.Source,
			From: p.From.Format(input.DateLayout), Until: p.Until.Format(input.DateLayout),
		}
		var xs []float64
		if c, ok := cols[p.Metric]; ok {
			hp.Aggregate = HindcastAggregate(p.Metric)
			want := p.Days()
			covered := -1
			for _, rep := range reps {
				n, total := 0, 0.0
				for _, r := range byRep[rep] {
					if r.Date.Before(p.From) || r.Date.After(p.Until) {
						continue
					}
					n++
					total += c.Value(&r.Day)
				}
				if covered < 0 || n < covered {
					covered = n
				}
				if hp.Aggregate == "mean" && n > 0 {
					total /= float64(n)
				}
				xs = append(xs, total)
			}
			if covered < want {
				h.Skipped = append(h.Skipped, HindcastSkip{Metric: p.Metric, Period: p.Period, Line: p.Line,
					Reason: fmt.Sprintf("the run's reported days cover %d of the period's %d days", max(covered, 0), want)})
				continue
			}
		} else if c, ok := summaryMetric(sum, p.Metric); ok {
			hp.Aggregate = "run"
			st := c.Scenario
			hp.Mean, hp.P5, hp.P95 = st.Mean, st.P5, st.P95
		} else {
			return nil, &input.Error{Pos: input.Pos{File: obs.Name, Line: p.Line, Col: 1}, Msg: fmt.Sprintf("unknown metric %s", input.Quote(p.Metric))}
		}
		if xs != nil {
			st := Describe(xs)
			hp.Mean, hp.P5, hp.P95 = st.Mean, st.P5, st.P95
		}
		hp.Error = hp.Mean - hp.Observed
		if hp.Observed != 0 {
			ape := 100 * math.Abs(hp.Error) / math.Abs(hp.Observed)
			hp.APE = &ape
		}
		hp.Inside = hp.P5 <= hp.Observed && hp.Observed <= hp.P95
		h.Points = append(h.Points, hp)
	}
	if len(h.Points) == 0 {
		return nil, fmt.Errorf("results: hindcast: none of the %d points of %s falls within the run's reported days", len(obs.Points), obs.Name)
	}
	for _, p := range h.Points {
		i := slices.IndexFunc(h.Metrics, func(m HindcastMetric) bool { return m.Metric == p.Metric })
		if i < 0 {
			h.Metrics = append(h.Metrics, HindcastMetric{Metric: p.Metric, Aggregate: p.Aggregate})
			i = len(h.Metrics) - 1
		}
		m := &h.Metrics[i]
		m.Points++
		m.Bias += p.Error
		if p.Inside {
			m.Coverage++
		}
		if p.APE != nil {
			if m.MAPE == nil {
				m.MAPE = new(float64)
			}
			*m.MAPE += *p.APE
		}
	}
	for i := range h.Metrics {
		m := &h.Metrics[i]
		n := float64(m.Points)
		m.Bias /= n
		m.Coverage /= n
		if m.MAPE != nil {
			k := 0
			for _, p := range h.Points {
				if p.Metric == m.Metric && p.APE != nil {
					k++
				}
			}
			*m.MAPE /= float64(k)
		}
	}
	return h, nil
}

// summaryMetric returns the summary's metric name, if s has it.
func summaryMetric(s *Summary, name string) (Comparison, bool) {
	if s == nil {
		return Comparison{}, false
	}
	c, ok := s.Metrics[sim.MetricName(name)]
	return c, ok
}

// Days returns the number of days from the point's first to its last,
// both included.
func (p ObservedPoint) Days() int { return int(p.Until.Sub(p.From)/(24*time.Hour)) + 1 }
