package plots

import (
	"io"
	"math"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// Lake writes the water figure of the results r to w in format f: two
// panels sharing a date axis, the level of Gatún Lake at the start of
// each day, in feet (top), and the deepest draft allowed in the
// Neopanamax locks that day, in feet (bottom), the baseline and the
// scenario each as the mean across replications and a band from the 5th
// to the 95th percentile, over the disruption windows, shaded. It is
// registered in Figures to be drawn only where the lake or the draft
// limit moves with the scenario.
//
// Lake returns an error, before writing anything, if f is unknown, r or
// its manifest is nil, or the daily table has no rows for either
// variant; and any error from encoding or writing.
func Lake(w io.Writer, f Format, r *results.Folder) error {
	return bandsFigure(w, f, r, "lake", "Gat\u00fan Lake and the draft limit: ", []bandPanel{
		{column: "lake_level_ft", ylabel: "lake level (ft)"},
		{column: "draft_limit_ft", ylabel: "Neopanamax draft limit (ft)"},
	}, "Lake: level of Gat\u00fan Lake at the start of the day; draft limit: the deepest draft allowed in the Neopanamax locks that day.")
}

// lakeTolerance is the least difference between the scenario's level of
// Gatún Lake and the baseline's, in feet, for which the lake figure is
// drawn: a disruption that changes only the transits moves the lake by
// hundredths of a foot.
const lakeTolerance = 0.25

// lakeApplies reports whether the water figure has something to show for
// r: the scenario's lake level differs from the baseline's by
// lakeTolerance or more on some day of some replication, or the draft
// limit changes. (The lake always moves a little with the seasons, and a
// few hundredths of a foot with the locks' use when a disruption changes
// the transits, which alone is not worth a figure.)
func lakeApplies(r *results.Folder) bool {
	if r == nil || !hasDaily(r) {
		return false
	}
	gap, err := r.Bands.Band(results.Series{Column: "lake_level_ft", Variant: results.Difference, Window: 1})
	if err != nil {
		return false
	}
	for j := range gap.Dates {
		if math.Abs(gap.Min[j]) >= lakeTolerance || math.Abs(gap.Max[j]) >= lakeTolerance {
			return true
		}
	}
	// The draft limit changes when it is not one value on every day of
	// every run.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range []sim.Variant{sim.Baseline, sim.Disrupted} {
		b, err := r.Bands.Band(results.Series{Column: "draft_limit_ft", Variant: v, Window: 1})
		if err != nil {
			return false
		}
		for j := range b.Dates {
			lo, hi = math.Min(lo, b.Min[j]), math.Max(hi, b.Max[j])
		}
	}
	return lo < hi
}
