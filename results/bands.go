package results

import (
	"container/heap"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/canalsim/canalsim/sim"
)

// This file holds the daily bands the figures draw: for each date, the
// mean and the 5th and 95th percentiles across replications of a daily
// series. They are folded replication by replication, so a study's
// figures need none of its days once they are folded.
//
// The percentiles are exact (the same interpolation between order
// statistics as Describe) without keeping every value: for n
// replications the 5th percentile needs only the floor(0.05(n-1))+2
// smallest values of a date and the 95th the n-floor(0.95(n-1)) largest,
// so a band keeps those two sets, about a tenth of the values, in two
// heaps. The mean is the sum in replication order over the count, which
// may differ from Describe's (a sum in sorted order) in the last
// bits. The values are daily.csv's (rounded as the file writes them), so
// a study's bands are the same folded from its days as from its
// daily.csv read back.

// Difference is the variant of a series of the paired difference,
// scenario minus baseline, replication by replication.
const Difference sim.Variant = "difference"

// Series names a daily series drawn as a band: a numeric column of
// daily.csv, for the baseline, the scenario or their Difference, after a
// centred rolling mean over Window days in each replication that does
// not reach across the edge of a disruption window (Smooth).
type Series struct {
	Column  string
	Variant sim.Variant
	Window  int
}

func (s Series) String() string {
	return fmt.Sprintf("%s (%s, %d-day mean)", s.Column, s.Variant, s.Window)
}

// TEUWindow is the width, in days, of the centred rolling mean applied to
// each replication's daily TEU before its band is taken. A terminal call
// moves about 1,500 TEU and is counted on the day it ends, so a single
// run's daily TEU jumps between zero and several calls; a week's mean
// shows the level a reader wants to compare.
const TEUWindow = 7

// FigureSeries lists the series canalsim's figures draw (package plots):
// a results folder holds their bands.
func FigureSeries() []Series {
	var out []Series
	add := func(col string, window int, vs ...sim.Variant) {
		for _, v := range vs {
			out = append(out, Series{col, v, window})
		}
	}
	all := []sim.Variant{sim.Baseline, sim.Disrupted, Difference}
	both := []sim.Variant{sim.Baseline, sim.Disrupted}
	add("transits", 1, all...)
	add("teu", TEUWindow, all...)
	add("queue", 1, both...)
	add("queue_max", 1, both...)
	add("lake_level_ft", 1, all...)
	add("draft_limit_ft", 1, both...)
	// The hindcast figure's other levels, for the scenario.
	add("lock_queue", 1, sim.Disrupted)
	add("slots_neopanamax", 1, sim.Disrupted)
	add("slots_panamax", 1, sim.Disrupted)
	return out
}

// Band is a daily series summarised across replications: for each date,
// the mean, the 5th and 95th percentiles, and the least and greatest
// value. It satisfies gonum/plot's XYer shape (Len, XY) with x in Unix
// seconds and y the mean, so plots can take it directly.
type Band struct {
	Dates                   []time.Time
	Mean, P5, P95, Min, Max []float64
}

// Len returns the number of dates.
func (b *Band) Len() int { return len(b.Dates) }

// XY returns date i as Unix seconds and its mean.
func (b *Band) XY(i int) (x, y float64) { return float64(b.Dates[i].Unix()), b.Mean[i] }

// Bands are the bands of a study's series.
type Bands struct {
	// Dates are the reported days.
	Dates  []time.Time
	series map[Series]*Band
}

// Band returns the band of s, or an error naming it when the folder has
// none.
func (b *Bands) Band(s Series) (*Band, error) {
	if b != nil {
		if x, ok := b.series[s]; ok {
			return x, nil
		}
	}
	return nil, fmt.Errorf("results: no band of %s", s)
}

// BandFold folds replications, one at a time, into the bands of a list
// of series.
type BandFold struct {
	dates    []time.Time
	series   []Series
	cols     map[string]func(*sim.Day) float64
	segments []int
	breaks   []time.Time
	cells    [][]extremes // by series, then date
	keep     int
	buf      [3][]float64
}

// NewBandFold returns a fold of the series of a study of at most
// replications replications (its reported days are the first
// replication's), whose terminals are terminals (the columns teu_ID) and
// whose disruption windows are windows (where smoothing stops). It is an
// error to name a column daily.csv does not have.
func NewBandFold(series []Series, replications int, terminals []string, windows []sim.Window) (*BandFold, error) {
	cols := map[string]func(*sim.Day) float64{}
	t := &DailyTable{Terminals: terminals}
	for _, c := range t.Columns() {
		cols[c.Name] = c.Written
	}
	for _, s := range series {
		if cols[s.Column] == nil {
			return nil, fmt.Errorf("results: daily.csv has no column %q", s.Column)
		}
		if s.Window < 1 || s.Variant != sim.Baseline && s.Variant != sim.Disrupted && s.Variant != Difference {
			return nil, fmt.Errorf("results: bad series %s", s)
		}
	}
	f := &BandFold{series: series, cols: cols, keep: keepFor(replications)}
	for _, w := range windows {
		f.breaks = append(f.breaks, w.From, w.Until)
	}
	return f, nil
}

// keepFor returns how many of the smallest and of the largest values a
// band keeps for n replications: enough for the order statistics the 5th
// and 95th percentiles of any n or fewer values interpolate between.
func keepFor(n int) int {
	n = max(n, 1)
	lo := int(math.Floor(0.05*float64(n-1))) + 2
	hi := n - int(math.Floor(0.95*float64(n-1)))
	return max(lo, hi)
}

// setDates sets the fold's dates and the segment of each between breaks.
func (f *BandFold) setDates(dates []time.Time) {
	f.dates = dates
	f.segments = make([]int, len(dates))
	for i, d := range dates {
		for _, b := range f.breaks {
			if !d.Before(b) {
				f.segments[i]++
			}
		}
	}
	f.cells = make([][]extremes, len(f.series))
	for i := range f.cells {
		f.cells[i] = make([]extremes, len(dates))
	}
}

// Add folds one replication's runs' days, baseline and scenario, both
// over the fold's dates.
func (f *BandFold) Add(baseline, scenario []sim.Day) error {
	if f.dates == nil {
		dates := make([]time.Time, len(baseline))
		for i := range baseline {
			dates[i] = baseline[i].Date
		}
		f.setDates(dates)
	}
	if len(baseline) != len(f.dates) || len(scenario) != len(f.dates) {
		return fmt.Errorf("results: a replication of %d and %d days, want %d", len(baseline), len(scenario), len(f.dates))
	}
	for i, s := range f.series {
		var x []float64
		switch s.Variant {
		case sim.Baseline:
			x = f.smooth(0, baseline, s)
		case sim.Disrupted:
			x = f.smooth(0, scenario, s)
		default:
			b, sc := f.smooth(1, baseline, s), f.smooth(2, scenario, s)
			for j := range b {
				b[j] = sc[j] - b[j]
			}
			x = b
		}
		for j, v := range x {
			f.cells[i][j].add(v, f.keep)
		}
	}
	return nil
}

// smooth returns the series s of days in buffer k: the column's values,
// each the mean over the Window days centred on it that lie between the
// same breaks (fewer near a break or an end).
func (f *BandFold) smooth(k int, days []sim.Day, s Series) []float64 {
	col := f.cols[s.Column]
	raw := f.buf[k][:0]
	for i := range days {
		raw = append(raw, col(&days[i]))
	}
	f.buf[k] = raw
	if s.Window == 1 {
		return raw
	}
	half := s.Window / 2
	out := make([]float64, len(raw))
	for i := range raw {
		var sum float64
		n := 0
		for j := max(i-half, 0); j < min(i+s.Window-half, len(raw)); j++ {
			if f.segments[j] == f.segments[i] {
				sum += raw[j]
				n++
			}
		}
		out[i] = sum / float64(n)
	}
	return out
}

// Bands returns the bands of the replications folded so far.
func (f *BandFold) Bands() *Bands {
	out := &Bands{Dates: f.dates, series: map[Series]*Band{}}
	for i, s := range f.series {
		b := &Band{Dates: f.dates}
		for j := range f.dates {
			st := f.cells[i][j].stats()
			b.Mean = append(b.Mean, st.mean)
			b.P5 = append(b.P5, st.p5)
			b.P95 = append(b.P95, st.p95)
			b.Min = append(b.Min, st.min)
			b.Max = append(b.Max, st.max)
		}
		out.series[s] = b
	}
	return out
}

// extremes holds what a band keeps of a date's values: their count and
// sum, and the keep smallest (low, a max-heap) and largest (high, a
// min-heap). NaNs are left out, as Describe leaves them out.
type extremes struct {
	n         int
	sum       float64
	low, high []float64
}

func (e *extremes) add(x float64, keep int) {
	if math.IsNaN(x) {
		return
	}
	e.n++
	e.sum += x
	if len(e.low) < keep {
		heap.Push((*maxHeap)(&e.low), x)
	} else if x < e.low[0] {
		e.low[0] = x
		heap.Fix((*maxHeap)(&e.low), 0)
	}
	if len(e.high) < keep {
		heap.Push((*minHeap)(&e.high), x)
	} else if x > e.high[0] {
		e.high[0] = x
		heap.Fix((*minHeap)(&e.high), 0)
	}
}

type cellStats struct{ mean, p5, p95, min, max float64 }

// stats computes the cell's statistics; NaN for all with no value.
func (e *extremes) stats() cellStats {
	if e.n == 0 {
		nan := math.NaN()
		return cellStats{nan, nan, nan, nan, nan}
	}
	low := sortedCopy(e.low, false)  // the smallest, ascending
	high := sortedCopy(e.high, true) // the largest, descending
	at := func(i int) float64 {      // the i-th smallest value
		if i < len(low) {
			return low[i]
		}
		return high[e.n-1-i]
	}
	q := func(p float64) float64 { // as Describe's quantile
		h := p * float64(e.n-1)
		lo := math.Floor(h)
		i := int(lo)
		if i+1 >= e.n {
			return at(e.n - 1)
		}
		return at(i) + (h-lo)*(at(i+1)-at(i))
	}
	return cellStats{mean: e.sum / float64(e.n), p5: q(0.05), p95: q(0.95), min: low[0], max: high[0]}
}

// sortedCopy returns xs sorted, descending if desc.
func sortedCopy(xs []float64, desc bool) []float64 {
	out := slices.Clone(xs)
	slices.Sort(out)
	if desc {
		slices.Reverse(out)
	}
	return out
}

type maxHeap []float64

func (h maxHeap) Len() int           { return len(h) }
func (h maxHeap) Less(i, j int) bool { return h[i] > h[j] }
func (h maxHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *maxHeap) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *maxHeap) Pop() any          { x := (*h)[len(*h)-1]; *h = (*h)[:len(*h)-1]; return x }

type minHeap []float64

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *minHeap) Pop() any          { x := (*h)[len(*h)-1]; *h = (*h)[:len(*h)-1]; return x }

// FoldDaily folds a daily table held in memory (its rows in any order)
// into the bands of series, smoothing not across the edges of windows.
// A replication needs both variants on the same dates.
func FoldDaily(t *DailyTable, series []Series, windows []sim.Window) (*Bands, error) {
	type runs struct{ base, scen []DailyRow }
	byRep := map[int]*runs{}
	var reps []int
	for _, r := range t.Rows {
		x := byRep[r.Replication]
		if x == nil {
			x = &runs{}
			byRep[r.Replication] = x
			reps = append(reps, r.Replication)
		}
		if r.Variant == sim.Baseline {
			x.base = append(x.base, r)
		} else {
			x.scen = append(x.scen, r)
		}
	}
	slices.Sort(reps)
	fold, err := NewBandFold(series, len(reps), t.Terminals, windows)
	if err != nil {
		return nil, err
	}
	days := func(rows []DailyRow) []sim.Day {
		slices.SortStableFunc(rows, func(a, b DailyRow) int { return a.Date.Compare(b.Date) })
		out := make([]sim.Day, len(rows))
		for i := range rows {
			out[i] = rows[i].Day
		}
		return out
	}
	for _, rep := range reps {
		x := byRep[rep]
		if err := fold.Add(days(x.base), days(x.scen)); err != nil {
			return nil, fmt.Errorf("results: replication %d: %w", rep, err)
		}
	}
	return fold.Bands(), nil
}
