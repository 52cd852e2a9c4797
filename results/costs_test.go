package results

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

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
	rate := func(x float64) sim.Rate { return sim.Rate{Value: x, Ref: "test", Date: input.DateOf(2025, 1, 1).Time} }
	ship := func(seg string, lt network.LockType, toll, charter, anchor, sea, days float64) sim.ShipRates {
		return sim.ShipRates{Segment: seg, LockType: lt, Toll: rate(toll), Charter: rate(charter), FuelAnchor: rate(anchor), FuelSea: rate(sea), DiversionDays: rate(days), AlternativeToll: rate(0)}
	}
	rates := &sim.CostRates{Name: "hand", Currency: "USD",
		Ships: []sim.ShipRates{
			ship("lpg", network.Neopanamax, 400000, 50000, 3000, 27500, 17),
			ship("other", network.Neopanamax, 1, 1, 1, 1, 2),
			ship("other", network.Panamax, 1, 1, 1, 1, 2),
		},
		Handling: rate(45), Rail: rate(160)}
	if err := rates.Check(); err != nil {
		t.Fatal(err)
	}
	lpg := slices.Index(sim.CostClasses(), sim.CostClass{Segment: "lpg", LockType: network.Neopanamax})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	run := func(diverted int, wait, teu, rail float64) sim.Run {
		var r sim.Run
		for d := range 10 {
			day := sim.Day{Date: start.AddDate(0, 0, d), TerminalTEU: []float64{teu / 10}, RailTEU: rail / 10}
			if d == 3 {
				day.DivertedByClass[lpg] = diverted
			}
			day.WaitDaysByClass[lpg] = wait / 10
			r.Days = append(r.Days, day)
		}
		return r
	}
	res := &sim.Result{Scenario: &sim.Scenario{Rates: rates}, Terminals: []string{"t"}, Done: []bool{true, true},
		Baseline:  []sim.Run{run(0, 20, 5000, 100), run(0, 20, 5000, 100)},
		Disrupted: []sim.Run{run(3, 30, 4000, 500), run(3, 30, 4000, 500)}}
	c := costs(res, func(o *sim.Outcome) []float64 { return o.Costs })
	want := map[string]float64{sim.PayerCanal: 1200000, sim.PayerShipowners: 3282500, sim.PayerTerminalOperator: 45000, sim.PayerRailway: -64000}
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
	if p := c.Payers[len(c.Payers)-1]; p.Kind != sim.PayerShipowners || len(p.Items) != 2 ||
		p.Items[0].Item != sim.CostWaiting || p.Items[0].CostUSD.Mean != 530000 || p.Items[1].Item != sim.CostDiversion || p.Items[1].CostUSD.Mean != 2752500 {
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
	sc := &sim.Scenario{Name: "ppc-closure", Start: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), Days: 120, WarmupDays: 14, Seed: 1, Replications: 1,
		Disruptions: []sim.Disruption{{Name: "PPC closed", Target: sim.Target{Operator: "ppc"}, Effect: sim.Closure,
			From: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}}}
	sc.Days, sc.Replications = 60, 4
	res, err := sim.Study(t.Context(), sc, sim.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	sum := Summarize(res)
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
