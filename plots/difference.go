package plots

import (
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
)

// Difference writes the paired-difference figure of the results r to w
// in format f: two panels sharing a date axis, the difference scenario
// minus baseline in canal transits per day (top) and in TEU per day
// handled by all terminals (bottom), taken replication by replication
// (the two variants of a replication share their random numbers, so the
// difference shows the disruption's effect without the noise common to
// both). Each panel draws the mean difference across replications as a
// line and its 5th to 95th percentiles as a band, a line at zero (no
// difference), and the disruption windows, shaded. TEU is smoothed in
// each replication before the difference is taken, as in Throughput.
//
// Difference returns an error, before writing anything, if f is unknown,
// r or its manifest is nil, or the daily table has no pair of baseline
// and scenario rows of a replication and date; and any error from
// encoding or writing.
func Difference(w io.Writer, f Format, r *results.Folder) error {
	if err := checkResults("difference", f, r, hasDaily, "daily table"); err != nil {
		return err
	}
	m := r.Manifest
	bands, err := differences(r.Bands)
	if err != nil {
		return fmt.Errorf("plots: difference: %w", err)
	}
	panels := datePanels(m.Disruptions,
		"difference, transits/day",
		fmt.Sprintf("difference, TEU/day (%d-day mean)", results.TEUWindow))
	diff := variants[1]
	for i, p := range panels {
		p.Add(bandFill{b: bands[i], color: translucent(diff.color, bandAlpha)})
		p.Add(hline(0, zeroLine))
		if err := addMean(p, bands[i], diff.color, diff.width); err != nil {
			return fmt.Errorf("plots: difference: %w", err)
		}
		// Zero in view, and headroom above for the window labels.
		lo, hi := math.Min(p.Y.Min, 0), math.Max(p.Y.Max, 0)
		if hi-lo < 1 {
			hi = lo + 1
		}
		room := 0.1
		if i == 0 {
			room = labelRoom(m.Disruptions, room)
		}
		p.Y.Min, p.Y.Max = lo-0.04*(hi-lo), withRoom(lo, hi, room)
		roundOut(&p.Y)
	}
	shareX(panels)

	notes := []string{
		fmt.Sprintf("Difference: scenario \u2013 baseline in each replication (both share their random numbers); "+
			"line: mean of %s; band: P5\u2013P95.", plural(m.Replications, "replication")),
		methods(m.Replications, len(m.Disruptions) > 0)[1],
	}
	fr := newFrame("Scenario against baseline: "+m.Scenario, m, notes...)
	key := " (mean, P5\u2013P95 band)"
	if m.Replications == 1 {
		key = ""
	}
	fr.legend = []legendEntry{
		{text: "scenario \u2013 baseline" + key, fill: translucent(diff.color, bandAlpha), line: diff.color, width: diff.width},
		{text: "no difference", fill: nil, line: zeroLine.Color, width: zeroLine.Width},
	}
	fr.legend = append(fr.legend, windowEntries(m.Disruptions)...)
	return render(w, f, func(c draw.Canvas) { drawStack(fr.draw(c), panels) })
}

// hasDaily reports whether r has daily rows (their bands).
func hasDaily(r *results.Folder) bool { return r.Bands != nil && len(r.Bands.Dates) > 0 }

// differences returns the bands of the paired differences, scenario
// minus baseline in each replication, of transits and of TEU (smoothed
// over results.TEUWindow days).
func differences(b *results.Bands) ([]*results.Band, error) {
	var out []*results.Band
	for _, s := range []results.Series{{Column: "transits", Variant: results.Difference, Window: 1}, {Column: "teu", Variant: results.Difference, Window: results.TEUWindow}} {
		band, err := b.Band(s)
		if err != nil {
			return nil, err
		}
		out = append(out, band)
	}
	return out, nil
}
