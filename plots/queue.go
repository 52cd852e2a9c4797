package plots

import (
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
)

// Queue writes the anchorage queue figure of the results r to w in
// format f: two panels sharing a date axis, the vessels waiting at the
// anchorages to start their transit at the end of each day (top) and the
// most waiting at once during the day (bottom). Each panel draws, for the
// baseline and the scenario, the mean across replications as a line and
// the 5th to 95th percentiles as a translucent band, over the disruption
// windows, shaded.
//
// Queue returns an error, before writing anything, if f is unknown, r or
// its manifest is nil, or the daily table has no rows for either
// variant; and any error from encoding or writing.
func Queue(w io.Writer, f Format, r *results.Folder) error {
	return bandsFigure(w, f, r, "queue", "Anchorage queue: ", []bandPanel{
		{column: "queue", ylabel: "vessels waiting, end of day", zero: true},
		{column: "queue_max", ylabel: "vessels waiting, day's maximum", zero: true},
	}, "Vessels waiting at the anchorages (both entrances) to start their transit, booked and unbooked.")
}

// bandPanel is a panel of a figure of daily bands: the column of
// daily.csv it draws, its y label, and whether its axis starts at zero
// (counts, which then share one scale across the figure) or spans the
// data (levels).
type bandPanel struct {
	column, ylabel string
	zero           bool
}

// bandsFigure draws a figure of panels stacked on a date axis, each the
// daily band of a column of r's daily table for the two variants, titled
// title and the scenario's name; name prefixes errors, and note goes
// under the scenario's description.
func bandsFigure(w io.Writer, f Format, r *results.Folder, name, title string, panels []bandPanel, note string) error {
	if err := checkResults(name, f, r, hasDaily, "daily table"); err != nil {
		return err
	}
	m := r.Manifest
	labels := make([]string, len(panels))
	for i, pn := range panels {
		labels[i] = pn.ylabel
	}
	plots := datePanels(m.Disruptions, labels...)
	for i, pn := range panels {
		var bands []*results.Band
		for _, v := range variants {
			b, err := r.Bands.Band(results.Series{Column: pn.column, Variant: v.v, Window: 1})
			if err != nil {
				return fmt.Errorf("plots: %s: %w", name, err)
			}
			bands = append(bands, b)
		}
		p := plots[i]
		if err := addBands(p, bands); err != nil {
			return fmt.Errorf("plots: %s: %w", name, err)
		}
		// Headroom above the data for the windows' labels.
		room := 0.1
		if i == 0 {
			room = labelRoom(m.Disruptions, room)
		}
		if pn.zero {
			p.Y.Min = 0
			p.Y.Max = niceMax(withRoom(0, p.Y.Max, room))
			continue
		}
		p.Y.Tick.Marker = numTicks{}
		lo, hi := p.Y.Min, math.Max(p.Y.Max, p.Y.Min+1)
		p.Y.Min, p.Y.Max = lo-0.05*(hi-lo), withRoom(lo, hi, room)
		roundOut(&p.Y)
	}
	shareX(plots)
	top := 0.0
	for i, pn := range panels {
		if pn.zero {
			top = math.Max(top, plots[i].Y.Max)
		}
	}
	for i, pn := range panels {
		if pn.zero {
			plots[i].Y.Max = top
		}
	}
	fr := newFrame(title+m.Scenario, m, note, bandsNote(m.Replications))
	fr.legend = variantLegend(m.Replications, m.Disruptions)
	return render(w, f, func(c draw.Canvas) { drawStack(fr.draw(c), plots) })
}
