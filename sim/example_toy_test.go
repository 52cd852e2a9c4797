package sim_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// A waterway built from scratch in Go: one Panamax lock between two
// anchorages, a terminal on the Atlantic side and two on the Pacific side,
// three operators (one the subsidiary of another, and a concession that
// changes hands), a demand of transits and of calls without a transit, and
// a scenario that closes everything the parent company controls for a
// week. The anchorages double as harbours: the terminals are joined to
// them.
func Example_twoTerminals() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

	// The network. network.New checks it and builds its graph, as
	// network.Load does for a file.
	net, err := network.New(&network.Network{
		Name: "toy",
		Operators: []*network.Operator{
			{ID: "authority", Name: "Canal Authority"},
			{ID: "global-ports", Name: "Global Ports Holdings"},
			// Harbour Co is 80% owned, and controlled, by Global Ports.
			{ID: "harbour-co", Name: "Harbour Co", Parent: "global-ports", Share: 0.8},
			{ID: "city-terminals", Name: "City Terminals"},
		},
		Nodes: []*network.Node{
			{ID: "west", Name: "West anchorage", Kind: network.Anchorage, Side: network.Pacific,
				Operators: []network.Tenure{{Operator: "authority"}}},
			{ID: "lock", Name: "The lock", Kind: network.Lock, Side: network.Pacific,
				Operators: []network.Tenure{{Operator: "authority"}},
				// One lane, one chamber: 10 min in, 15 min to level, 10
				// min out, 20 min to turn the lane around.
				Lock: &network.LockSpec{
					Type: network.Panamax, Lanes: 1, Steps: 1, ChamberLengthM: 300, ChamberWidthM: 33,
					EnterMinutes: 10, LevelMinutes: 15, ExitMinutes: 10, TurnaroundMinutes: 20,
					MaxRun: 2, WaterMgal: 2,
				}},
			{ID: "east", Name: "East anchorage", Kind: network.Anchorage, Side: network.Atlantic,
				Operators: []network.Tenure{{Operator: "authority"}}},
			// Harbour Co runs the west port until 1 March 2030, when its
			// concession passes to City Terminals.
			{ID: "west-port", Name: "West Port", Kind: network.Terminal, Side: network.Pacific,
				Operators: []network.Tenure{
					{Operator: "harbour-co", Until: time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)},
					{Operator: "city-terminals", From: time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)},
				},
				Terminal: &network.TermSpec{Berths: 2, Cranes: 6, CranesPerCall: 3, MovesPerCraneHour: 30,
					TEUPerMove: 1.5, CapacityTEUPerYear: 2_000_000}},
			{ID: "bay", Name: "Bay Terminal", Kind: network.Terminal, Side: network.Pacific,
				Operators: []network.Tenure{{Operator: "city-terminals"}},
				Terminal: &network.TermSpec{Berths: 2, Cranes: 4, CranesPerCall: 2, MovesPerCraneHour: 30,
					TEUPerMove: 1.5, CapacityTEUPerYear: 1_500_000}},
			{ID: "east-port", Name: "East Port", Kind: network.Terminal, Side: network.Atlantic,
				Operators: []network.Tenure{{Operator: "city-terminals"}},
				Terminal: &network.TermSpec{Berths: 2, Cranes: 6, CranesPerCall: 3, MovesPerCraneHour: 30,
					TEUPerMove: 1.5, CapacityTEUPerYear: 2_000_000}},
		},
		Reaches: []*network.Reach{
			{From: "west", To: "lock", LengthM: 9260, SpeedKnots: 10}, // half an hour
			{From: "lock", To: "east", LengthM: 9260, SpeedKnots: 10},
			{From: "west", To: "west-port", LengthM: 3704, SpeedKnots: 4},
			{From: "west", To: "bay", LengthM: 3704, SpeedKnots: 4},
			{From: "east", To: "east-port", LengthM: 3704, SpeedKnots: 4},
		},
		// At most 16 Panamax transits may start a day; drafts up to 39.5 ft.
		Operations: &network.Operations{
			DailyTransits:  network.ByLockType{Panamax: 16},
			PanamaxDraftFt: 39.5,
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The demand: arrivals a day by stream.
	dem := &sim.Demand{
		Name: "toy-demand",
		Classes: []sim.Class{{ID: "panamax", LockType: network.Panamax,
			LengthM: 290, MinLengthM: 200, BeamM: 32, DraftM: 11.5, MinDraftM: 9}},
		Streams: []sim.Stream{
			// Transits that call at the terminal on the far side.
			{Name: "westbound", Class: "panamax", Segment: "container", Carrier: "blue-line",
				From: "east", To: "west", PerDay: 4, Calls: []sim.Call{{Terminal: "west-port", TEU: 1000}}},
			{Name: "eastbound", Class: "panamax", Segment: "container", Carrier: "red-line",
				From: "west", To: "east", PerDay: 4, Calls: []sim.Call{{Terminal: "east-port", TEU: 1000}}},
			// Calls without a transit.
			{Name: "west-feeder", Class: "panamax", Segment: "container", Carrier: "blue-line",
				From: "west", To: "west", PerDay: 2, Calls: []sim.Call{{Terminal: "west-port", TEU: 500}}},
			{Name: "bay-feeder", Class: "panamax", Segment: "container", Carrier: "green-feeders",
				From: "west", To: "west", PerDay: 2, Calls: []sim.Call{{Terminal: "bay", TEU: 500}}},
			// Transits without calls.
			{Name: "bulk-north", Class: "panamax", Segment: "dry-bulk", From: "west", To: "east", PerDay: 2},
			{Name: "bulk-south", Class: "panamax", Segment: "dry-bulk", From: "east", To: "west", PerDay: 2},
		},
		BookedLeadHours: []float64{0, 0}, // required even when no class books
		// A call the west port cannot take shifts to the bay terminal
		// (3 hours) while fewer than one vessel per berth waits there;
		// otherwise it is lost.
		CallDiversion: sim.CallPolicy{RoomPerBerth: 1, ShiftHours: 3},
	}

	sc := &sim.Scenario{
		Name:    "global-ports-closure",
		Network: net, Demand: dem,
		Start: day(2030, 1, 1), Days: 28, WarmupDays: 7,
		Seed: 1, Replications: 8,
		Disruptions: []sim.Disruption{{
			// Resolved on the start date: Global Ports controls the west
			// port through Harbour Co.
			Target: sim.Target{Owner: "global-ports"}, Effect: sim.Closure,
			From: day(2030, 1, 8), Until: day(2030, 1, 15),
		}},
	}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("closed:", res.Windows[0].Nodes)
	for _, at := range []time.Time{sc.Start, day(2030, 3, 1)} {
		fmt.Print("west-port on ", at.Format(time.DateOnly), ":")
		for _, op := range net.Chain(net.Node("west-port"), at) {
			fmt.Print(" ", op.ID)
		}
		fmt.Println()
	}

	sum := results.Summarize(res)
	m := sum.Metrics
	fmt.Printf("transits a day: baseline %.1f, scenario %.1f\n",
		m["transits_per_day"].Baseline.Mean, m["transits_per_day"].Scenario.Mean)
	for _, t := range res.Terminals {
		c := m[sim.TerminalMetric(t).Name]
		fmt.Printf("%-9s %5.0f TEU a day, %+5.0f in the scenario\n", t, c.Baseline.Mean, c.Difference.Mean)
	}
	fmt.Printf("lost: %.0f TEU, %.1f calls; moved to another terminal: %.1f calls\n",
		m["lost_teu"].Difference.Mean, m["lost_calls"].Difference.Mean, m["diverted_calls"].Difference.Mean)
	// Output:
	// closed: [west-port]
	// west-port on 2030-01-01: harbour-co global-ports
	// west-port on 2030-03-01: city-terminals
	// transits a day: baseline 12.2, scenario 12.2
	// west-port  4610 TEU a day, -1209 in the scenario
	// bay        1397 TEU a day,  +656 in the scenario
	// east-port  4148 TEU a day,    +0 in the scenario
	// lost: 15474 TEU, 18.2 calls; moved to another terminal: 22.0 calls
}

// The day-by-day record of a study: each replication's runs, baseline and
// scenario, hold their days (what daily.csv holds, a row each). Here the
// Balboa terminal closes for three days. (Package results writes them as
// daily.csv, results.NewDailyTable, and summarises a column across
// replications, date by date: results.FoldDaily.)
func ExampleRun_days() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sc := &sim.Scenario{
		Name:  "balboa-3-days",
		Start: day(2025, 10, 1), Days: 7, WarmupDays: 7,
		Seed: 1, Replications: 4,
		Disruptions: []sim.Disruption{{
			Target: sim.Target{Nodes: []string{"balboa"}}, Effect: sim.Closure,
			From: day(2025, 10, 3), Until: day(2025, 10, 6),
		}},
	}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	base, scen := res.Baseline[0].Days, res.Disrupted[0].Days
	fmt.Println(len(res.Baseline), "replications of", len(base), "days; first:", base[0].Date.Format(time.DateOnly))

	// Replication 0's TEU at Balboa, closed from the 3rd to the 5th.
	k := slices.Index(res.Terminals, "balboa")
	fmt.Println("date        baseline  scenario")
	for i := range base {
		fmt.Printf("%s  %8.0f  %8.0f\n", base[i].Date.Format(time.DateOnly), base[i].TerminalTEU[k], scen[i].TerminalTEU[k])
	}
	// Output:
	// 4 replications of 7 days; first: 2025-10-01
	// date        baseline  scenario
	// 2025-10-01     11819     11819
	// 2025-10-02     16499     16499
	// 2025-10-03      5560      2470
	// 2025-10-04      6254         0
	// 2025-10-05      3987         0
	// 2025-10-06      7626      6086
	// 2025-10-07      6755     11046
}

// Describe summarises a metric across replications: the mean with its 95%
// confidence interval, and percentiles. NaN values (a run where the
// metric has no value) are left out.
func ExampleDescribe() {
	s := results.Describe([]float64{31, 34, 35, 33, math.NaN(), 36, 32})
	fmt.Printf("n %d, mean %.2f, 95%% CI %.2f to %.2f\n", s.N, s.Mean, s.CI95[0], s.CI95[1])
	fmt.Printf("p5 %.2f, median %.2f, p95 %.2f\n", s.P5, s.P50, s.P95)

	none := results.Describe([]float64{math.NaN()})
	fmt.Println("no values:", none.N, none.Mean, none.CI95 == nil)
	// Output:
	// n 6, mean 33.50, 95% CI 31.54 to 35.46
	// p5 31.25, median 33.50, p95 35.75
	// no values: 0 NaN true
}

// A refusal selects vessels with a Filter: here the Balboa terminal turns
// away COSCO's and OOCL's ships for a month. The refused calls go to
// another Pacific terminal with room, cross the isthmus by rail, or are
// lost (the demand's CallPolicy).
func ExampleFilter() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	refused := sim.Filter{Carriers: []string{"cosco", "oocl"}}
	fmt.Println("refused:", refused)
	fmt.Println("matches a COSCO ship:", refused.Match("cosco", "hk", "container"))
	fmt.Println("matches a Maersk ship:", refused.Match("maersk", "us", "container"))

	sc := &sim.Scenario{
		Name:  "balboa-refuses-cosco-oocl",
		Start: day(2025, 10, 1), Days: 30, WarmupDays: 7,
		Seed: 1, Replications: 4,
		Disruptions: []sim.Disruption{{
			Target: sim.Target{Nodes: []string{"balboa"}}, Effect: sim.Refusal, Filter: refused,
			From: day(2025, 10, 1), Until: day(2025, 10, 31),
		}},
	}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := results.Summarize(res).Metrics
	fmt.Printf("calls moved: %.1f (baseline %.1f)\n", m["diverted_calls"].Scenario.Mean, m["diverted_calls"].Baseline.Mean)
	fmt.Printf("calls lost: %.1f\n", m["lost_calls"].Difference.Mean)
	fmt.Printf("by rail: %.0f TEU a day\n", m["rail_teu_per_day"].Difference.Mean)
	fmt.Printf("Balboa: %+.0f TEU a day; PSA: %+.0f\n", m["teu_per_day.balboa"].Difference.Mean, m["teu_per_day.psa"].Difference.Mean)
	// Output:
	// refused: carriers cosco, oocl
	// matches a COSCO ship: true
	// matches a Maersk ship: false
	// calls moved: 12.0 (baseline 0.0)
	// calls lost: 0.5
	// by rail: 0 TEU a day
	// Balboa: -587 TEU a day; PSA: +562
}
