package sim_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// A study built in Go, without a scenario file: Panama Ports Company's
// terminals closed for 30 days, 20 replications each paired with its
// baseline. The embedded Panama network and demand are used because
// Network and Demand are nil.
func ExampleStudy() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sc := &sim.Scenario{
		Name:  "ppc-closure",
		Start: day(2025, 10, 1), Days: 90, WarmupDays: 14,
		Seed: 1, Replications: 20,
		Disruptions: []sim.Disruption{{
			Target: sim.Target{Owner: "ck-hutchison"}, Effect: sim.Closure,
			From: day(2025, 11, 1), Until: day(2025, 12, 1),
		}},
	}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("closed:", res.Windows[0].Nodes)
	sum := results.Summarize(res)
	transits := sum.Metrics["transits_per_day"]
	fmt.Printf("transits a day: baseline %.1f, scenario %.1f\n", transits.Baseline.Mean, transits.Scenario.Mean)
	lost := sum.Metrics["lost_teu"].Difference
	fmt.Printf("TEU lost: %.0f thousand (95%% CI %.0f to %.0f)\n", lost.Mean/1e3, lost.CI95[0]/1e3, lost.CI95[1]/1e3)
	// Output:
	// closed: [balboa cristobal]
	// transits a day: baseline 34.8, scenario 34.8
	// TEU lost: 148 thousand (95% CI 135 to 161)
}

// Targets resolve through the dated ownership graph: what CK Hutchison
// controlled in Panama before the takeover of 23 February 2026, and after.
func ExampleTarget_Resolve() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	net := network.Panama()
	target := sim.Target{Owner: "ck-hutchison"}
	for _, at := range []time.Time{day(2025, 10, 1), day(2026, 3, 1)} {
		nodes, err := target.Resolve(net, at)
		if err != nil {
			fmt.Println(err)
			continue
		}
		for _, nd := range nodes {
			var chain []string
			for _, op := range net.Chain(nd, at) {
				chain = append(chain, op.ID)
			}
			fmt.Printf("%s %s: %s\n", at.Format(time.DateOnly), nd.ID, strings.Join(chain, " -> "))
		}
	}
	// Output:
	// 2025-10-01 balboa: ppc -> hutchison-ports -> ck-hutchison
	// 2025-10-01 cristobal: ppc -> hutchison-ports -> ck-hutchison
	// sim: target: owner ck-hutchison matches nothing on 2026-03-01
}

// ExampleObserver counts, with the hooks of an Observer, the vessels of
// one replication of the ppc-closure study that transit and those whose
// call at Cristóbal is worked elsewhere during its closure.
func ExampleObserver() {
	sc := &sim.Scenario{
		Name: "ppc-closure", Start: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), Days: 30, WarmupDays: 7,
		Seed: 1, Replications: 1,
		Disruptions: []sim.Disruption{{
			Target: sim.Target{Owner: "ck-hutchison"}, Effect: sim.Closure,
			From: time.Date(2025, 10, 10, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 10, 20, 0, 0, 0, 0, time.UTC),
		}},
	}
	transits, moved := map[sim.Variant]int{}, map[sim.Variant]int{}
	obs := &sim.Observer{
		TransitEnd: func(_ int, v sim.Variant, e sim.VesselEvent) { transits[v]++ },
		Call: func(_ int, v sim.Variant, c sim.CallRecord) {
			if c.Planned == "cristobal" && c.Terminal != c.Planned {
				moved[v]++
			}
		},
	}
	// One replication runs on one goroutine: the hooks need no lock.
	if _, err := sim.Study(context.Background(), sc, sim.Options{Observer: obs, Workers: 1}); err != nil {
		panic(err)
	}
	fmt.Println("transits, baseline = scenario:", transits[sim.Baseline] == transits[sim.Disrupted])
	fmt.Println("Cristóbal's calls worked elsewhere, baseline:", moved[sim.Baseline], "scenario > 0:", moved[sim.Disrupted] > 0)
	// Output:
	// transits, baseline = scenario: true
	// Cristóbal's calls worked elsewhere, baseline: 0 scenario > 0: true
}
