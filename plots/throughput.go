package plots

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot/vg/draw"

	"github.com/canalsim/canalsim/results"
)

// Throughput writes the throughput figure of a study to w in format f:
// two panels sharing a date axis, canal transits per day (top) and TEU
// per day handled by all terminals (bottom). Each panel draws, for the
// baseline and the scenario, the mean across replications as a line and
// the 5th to 95th percentiles across replications as a translucent band,
// over the disruption windows of m, shaded. TEU is first smoothed in each
// replication by a centred rolling mean over results.TEUWindow days that does not
// reach across the edge of a disruption window (nor past the ends of the
// run), as the figure's subtitle says.
//
// The title names the scenario, and the footer gives its seed, number of
// replications and period and the program's version, all from m.
//
// Throughput returns an error, before writing anything, if f is unknown,
// m is nil, or t has no rows for either variant; and any error from
// encoding or writing, after which w may hold part of a figure (write to
// a temporary file and rename it to keep a folder whole).
func Throughput(w io.Writer, f Format, b *results.Bands, m *results.Manifest) error {
	if err := checkFormat(f); err != nil {
		return err
	}
	if m == nil {
		return errors.New("plots: throughput: no manifest")
	}
	if b == nil || len(b.Dates) == 0 {
		return errors.New("plots: throughput: the results have no daily rows")
	}
	bands := make([][]*results.Band, 2) // by panel, then variant
	for _, v := range variants {
		for i, s := range []results.Series{{Column: "transits", Variant: v.v, Window: 1}, {Column: "teu", Variant: v.v, Window: results.TEUWindow}} {
			band, err := b.Band(s)
			if err != nil {
				return fmt.Errorf("plots: throughput: %w", err)
			}
			bands[i] = append(bands[i], band)
		}
	}
	panels := datePanels(m.Disruptions, "transits/day", fmt.Sprintf("TEU/day (%d-day mean)", results.TEUWindow))
	for i, p := range panels {
		if err := addBands(p, bands[i]); err != nil {
			return fmt.Errorf("plots: throughput: %w", err)
		}
		// Counts per day: start at zero so a drop is seen at its true
		// size, and leave headroom for the window labels.
		p.Y.Min = 0
		room := 0.12 / 1.12
		if i == 0 {
			room = labelRoom(m.Disruptions, room)
		}
		p.Y.Max = niceMax(withRoom(0, p.Y.Max, room))
	}
	shareX(panels)

	fr := newFrame("Throughput: "+m.Scenario, m, methods(m.Replications, len(m.Disruptions) > 0)...)
	fr.legend = variantLegend(m.Replications, m.Disruptions)
	return render(w, f, func(c draw.Canvas) { drawStack(fr.draw(c), panels) })
}

// methods says how to read the throughput figure, one line each for the
// lines and bands and for the smoothing of TEU.
func methods(reps int, windows bool) []string {
	teu := fmt.Sprintf("TEU: all terminals; %d-day centred mean per replication", results.TEUWindow)
	if windows {
		teu += ", not across the edges of disruption windows"
	}
	return []string{bandsNote(reps), teu + "."}
}

// footer is the provenance line of a figure.
func footer(m *results.Manifest) string {
	prog := m.Program
	if prog == "" {
		prog = "canalsim"
	}
	if m.Version != "" {
		prog += " " + m.Version
	}
	// What a figure must carry comes first, so that a footer cut to the
	// figure's width never loses it: the scenario, the seed, the
	// replications and the program's version; then the period and the
	// file.
	parts := []string{"scenario " + m.Scenario, fmt.Sprintf("seed %d", m.Seed), plural(m.Replications, "replication"), prog}
	if m.Start != "" && m.Days > 0 {
		span := fmt.Sprintf("from %s, %d days", m.Start, m.Days)
		if m.WarmupDays > 0 {
			span += fmt.Sprintf(" after %d warm-up", m.WarmupDays)
		}
		parts = append(parts, span)
	}
	if m.ScenarioFile != "" && m.ScenarioFile != "library:"+m.Scenario {
		parts = append(parts, m.ScenarioFile)
	}
	return strings.Join(parts, "\u00a0 \u00b7 \u00a0")
}

// plural returns n and noun, adding an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// niceMax rounds x up to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6
// or 8 times a power of ten) for the top of an axis that starts at zero.
func niceMax(x float64) float64 {
	if x <= 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
