package sim

import (
	"strings"
	"testing"

	"github.com/canalsim/canalsim/internal/inputtest"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// TestPanamaCosts: the embedded rates load, every class of the demand
// has rates, and every figure has a source and a date.
func TestPanamaCosts(t *testing.T) {
	r := PanamaCosts()
	for _, c := range CostClasses() {
		if r.Ship(c) == nil {
			t.Errorf("%s: no rates", c)
		}
	}
	if got := costClassIndex("lpg", network.Neopanamax); CostClasses()[got] != (CostClass{"lpg", network.Neopanamax}) {
		t.Errorf("costClassIndex(lpg, neopanamax) = %d, class %v", got, CostClasses()[got])
	}
	if len(segments)*2 != NumCostClasses {
		t.Errorf("NumCostClasses = %d, want %d (two lock types per segment)", NumCostClasses, len(segments)*2)
	}
}

// TestCostRatesErrors: every problem of a rates file at once, each at
// its line and column.
func TestCostRatesErrors(t *testing.T) {
	src := `name: x
currency: EUR
ships:
  - segment: containr
    lock_type: neopanamax
    toll: {value: -1, source: "[R4]", date: 2025-01-01}
    charter_per_day: {value: 1, source: "", date: 2025-01-01}
    fuel_at_anchor_per_day: {value: 1, source: a, date: 2025-01-01}
    fuel_at_sea_per_day: {value: 1, source: a, date: 2025-01-01}
    diversion_extra_days: {value: 1, source: a, date: 2025-01-01}
    alternative_toll: {value: 1, source: a, date: 2025-01-01}
handling_per_teu: {value: 1, source: a, date: 2025-01-01}
rail_per_teu: {value: 1, source: a, date: 2025-01-01}
`
	_, err := ParseCostRates("rates.yaml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`rates.yaml:2:11: currency must be USD`,
		`rates.yaml:4:14: ships[0]: unknown segment "containr"; did you mean "container"?`,
		`rates.yaml:6:19: ships[0] containr/neopanamax: toll must not be negative, got -1`,
		`rates.yaml:7:41: ships[0] containr/neopanamax: charter_per_day needs a source`,
		`ships: segment other on lock_type neopanamax is missing`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// FuzzParseCostRates: any rates file is read without panicking, every
// problem has a position, and rates that are accepted give every class
// a positive break-even wait.
func FuzzParseCostRates(f *testing.F) {
	f.Add(PanamaCostsSource())
	f.Add([]byte("name: x\ncurrency: USD\nships: []\nhandling_per_teu: {value: 1, source: a, date: 2025-01-01}\nrail_per_teu: {value: 1, source: a, date: 2025-01-01}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r *CostRates
		var err error
		inputtest.Bounded(t, len(data), func() { r, err = ParseCostRates("r.yaml", data) })
		if err != nil {
			l := input.AsErrors(err)
			if l == nil {
				t.Fatalf("error without position: %v", err)
			}
			for _, e := range l {
				if e.Pos.File == "" || e.Msg == "" {
					t.Fatalf("error without a file or a message: %+v", e)
				}
			}
			return
		}
		for _, c := range CostClasses() {
			if be := r.Ship(c).BreakEvenWaitDays(); !(be > 0) {
				t.Fatalf("%s: accepted rates with a break-even wait of %g days", c, be)
			}
		}
	})
}
