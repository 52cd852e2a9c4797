package sim

import (
	"math"
	"strings"
	"testing"
	"time"

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

// TestCostsByHand: three LPG carriers give up on the canal and the
// others wait 10 more days in all; a terminal handles 1,000 TEU fewer
// and the railway carries 400 more. The costs, worked by hand from the
// rates below:
//
//   - canal: 3 x $400,000 = $1,200,000 of tolls forgone;
//   - shipowners: waiting 10 x ($50,000 + $3,000) = $530,000; diversion
//     3 x (17 x ($50,000 + $27,500) - $400,000) = 3 x $917,500 =
//     $2,752,500; $3,282,500 in all;
//   - the terminal's operator: 1,000 x $45 = $45,000 lost;
//   - the railway: -400 x $160 = -$64,000 (a gain).
func TestCostsByHand(t *testing.T) {
	rate := func(x float64) Rate { return Rate{Value: x, Ref: "test", Date: input.DateOf(2025, 1, 1).Time} }
	ship := func(seg string, lt network.LockType, toll, charter, anchor, sea, days float64) ShipRates {
		return ShipRates{Segment: seg, LockType: lt, Toll: rate(toll), Charter: rate(charter), FuelAnchor: rate(anchor), FuelSea: rate(sea), DiversionDays: rate(days), AlternativeToll: rate(0)}
	}
	rates := &CostRates{Name: "hand", Currency: "USD",
		Ships: []ShipRates{
			ship("lpg", network.Neopanamax, 400000, 50000, 3000, 27500, 17),
			ship("other", network.Neopanamax, 1, 1, 1, 1, 2),
			ship("other", network.Panamax, 1, 1, 1, 1, 2),
		},
		Handling: rate(45), Rail: rate(160)}
	if err := rates.Check(); err != nil {
		t.Fatal(err)
	}
	lpg := costClassIndex("lpg", network.Neopanamax)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	run := func(diverted int, wait, teu, rail float64) Run {
		var r Run
		for d := range 10 {
			day := Day{Date: start.AddDate(0, 0, d), TerminalTEU: []float64{teu / 10}, RailTEU: rail / 10}
			if d == 3 {
				day.DivertedByClass[lpg] = diverted
			}
			day.WaitDaysByClass[lpg] = wait / 10
			r.Days = append(r.Days, day)
		}
		return r
	}
	res := &Result{Scenario: &Scenario{Rates: rates}, Terminals: []string{"t"}, Done: []bool{true, true},
		Baseline:  []Run{run(0, 20, 5000, 100), run(0, 20, 5000, 100)},
		Disrupted: []Run{run(3, 30, 4000, 500), run(3, 30, 4000, 500)}}
	c := res.costs(func(o *outcome) []float64 { return o.costs })
	want := map[string]float64{PayerCanal: 1200000, PayerShipowners: 3282500, PayerTerminalOperator: 45000, PayerRailway: -64000}
	if len(c.Payers) != len(want) {
		t.Fatalf("%d payers, want %d: %+v", len(c.Payers), len(want), c.Payers)
	}
	for _, p := range c.Payers {
		if got := p.CostUSD.Mean; math.Abs(got-want[p.Kind]) > 1e-6 {
			t.Errorf("%s: cost %g, want %g", p.Kind, got, want[p.Kind])
		}
		if p.CostUSD.CI95 == nil || p.CostUSD.CI95[0] != p.CostUSD.Mean || p.CostUSD.CI95[1] != p.CostUSD.Mean {
			t.Errorf("%s: interval %v, want [mean, mean] for equal replications", p.Kind, p.CostUSD.CI95)
		}
	}
	if p := c.Payers[len(c.Payers)-1]; p.Kind != PayerShipowners || len(p.Items) != 2 ||
		p.Items[0].Item != CostWaiting || p.Items[0].CostUSD.Mean != 530000 || p.Items[1].Item != CostDiversion || p.Items[1].CostUSD.Mean != 2752500 {
		t.Errorf("shipowners' items %+v, want waiting $530,000 then diversion $2,752,500", p.Items)
	}
	if math.Abs(c.TotalMean()-(1200000+3282500+45000-64000)) > 1e-6 {
		t.Errorf("total %g", c.TotalMean())
	}
}

// TestCostsRun: a PPC closure costs Panama Ports Company its handling
// revenue, with an interval, and the other operators gain; the window
// has its own costs.
func TestCostsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a study")
	}
	sc := ppcClosure()
	sc.Days, sc.Replications = 60, 4
	res, err := Study(t.Context(), sc, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Summarize()
	if sum.Costs == nil || len(sum.Costs.Payers) < 3 {
		t.Fatalf("costs %+v: want the canal, operators and shipowners", sum.Costs)
	}
	var ppc *PayerCost
	for i, p := range sum.Costs.Payers {
		if p.Payer == "ppc" {
			ppc = &sum.Costs.Payers[i]
		}
		if p.CostUSD.N == 4 && p.CostUSD.CI95 == nil {
			t.Errorf("%s: no interval", p.Payer)
		}
	}
	if ppc == nil || !(ppc.CostUSD.Mean > 0) || ppc.CostUSD.CI95 == nil || !(ppc.CostUSD.CI95[0] > 0) {
		t.Fatalf("Panama Ports Company's cost %+v: want a loss with an interval above 0", ppc)
	}
	if w := sum.Windows[0].Costs; w == nil || len(w.Payers) == 0 || w.Replications != 4 {
		t.Errorf("window costs %+v", w)
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
