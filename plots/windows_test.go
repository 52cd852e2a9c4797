package plots

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim"
)

// TestWindowKinds checks that a few windows are labelled each on its own
// and many are grouped by effect, once each, their days merged.
func TestWindowKinds(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2023, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	win := func(e sim.Effect, name string, from, until time.Time) sim.Window {
		return sim.Window{Name: name, Effect: e, Target: "canal", From: from, Until: until}
	}
	few := []sim.Window{win(sim.Closure, "A", day(1, 1), day(2, 1)), win(sim.Closure, "B", day(3, 1), day(4, 1))}
	kinds, grouped := windowKinds(few)
	if grouped || len(kinds) != 2 || kinds[0].label != "A" || kinds[1].label != "B" {
		t.Errorf("two windows: got %+v (grouped %v), want each on its own", kinds, grouped)
	}
	many := []sim.Window{
		win(sim.InflowFactor, "dry year", day(1, 1), day(12, 31)),
		win(sim.SlotLimit, "32 a day", day(7, 30), day(11, 1)),
		win(sim.SlotLimit, "31 a day", day(11, 1), day(11, 3)),
		win(sim.SlotLimit, "25 a day", day(11, 3), day(11, 7)),
		win(sim.DraftLimit, "47.5 ft", day(4, 19), day(5, 30)),
	}
	kinds, grouped = windowKinds(many)
	var got []string
	for _, k := range kinds {
		got = append(got, fmt.Sprintf("%s %d", k.label, len(k.spans)))
	}
	want := []string{"dry year 1", "caps on daily transits (3 windows) 1", "47.5 ft 1"}
	if !grouped || !slices.Equal(got, want) {
		t.Errorf("five windows: got %q (grouped %v), want %q", got, grouped, want)
	}
	if got := mergeSpans(kinds); len(got) != 1 || !got[0][0].Equal(day(1, 1)) || !got[0][1].Equal(day(12, 31)) {
		t.Errorf("the days covered: got %v, want the year", got)
	}
}

// TestSweepAxis checks the labels of swept parameters.
func TestSweepAxis(t *testing.T) {
	ws := []sim.Window{
		{Name: "PPC closure", Effect: sim.Closure},
		{Name: "slow cranes", Effect: sim.ProductivityFactor},
	}
	for _, tt := range []struct{ param, want, title string }{
		{"disruptions[0].days", "closure length, days", "closure length"},
		{"disruptions[PPC closure].hours", "closure length, hours", "closure length"},
		{"disruptions[1].factor", "productivity factor (1: no change)", "productivity factor"},
		{"disruptions[1].probability", "productivity factor probability (0 to 1)", "productivity factor probability"},
		{"disruptions[5].days", "disruption length, days", "disruption length"},
		{"network.nodes.railway.rail.capacity_teu_per_day", "capacity (railway), TEU/day", "capacity (railway)"},
		{"network.nodes.balboa.terminal.berths", "berths (balboa)", "berths (balboa)"},
		{"demand.growth", "growth", "growth"},
	} {
		got, title := sweepAxis(tt.param, ws)
		if got != tt.want || title != tt.title {
			t.Errorf("%s: got %q, %q; want %q, %q", tt.param, got, title, tt.want, tt.title)
		}
	}
}
