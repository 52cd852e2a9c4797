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
