package results_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// A column of the daily table summarised across replications, date by
// date: the mean and the 5th and 95th percentiles of the TEU handled at
// Balboa, closed for three days, against its baseline.
func ExampleFoldDaily() {
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
	base := results.Series{Column: "teu_balboa", Variant: sim.Baseline, Window: 1}
	scen := results.Series{Column: "teu_balboa", Variant: sim.Disrupted, Window: 1}
	bands, err := results.FoldDaily(results.NewDailyTable(res), []results.Series{base, scen}, res.Windows)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := bands.Band(base)
	s, _ := bands.Band(scen)
	fmt.Println("TEU a day at Balboa, mean of the replications (scenario's 5th-95th percentiles)")
	fmt.Println("date        baseline  scenario")
	for i, d := range b.Dates {
		fmt.Printf("%s  %8.0f  %8.0f  (%.0f-%.0f)\n", d.Format(time.DateOnly), b.Mean[i], s.Mean[i], s.P5[i], s.P95[i])
	}
	// Output:
	// TEU a day at Balboa, mean of the replications (scenario's 5th-95th percentiles)
	// date        baseline  scenario
	// 2025-10-01      9823      9823  (7221-11691)
	// 2025-10-02     13349     13349  (7717-16582)
	// 2025-10-03      5805      2500  (2276-2671)
	// 2025-10-04      6168         0  (0-0)
	// 2025-10-05      7247         0  (0-0)
	// 2025-10-06      8586      4519  (1783-6500)
	// 2025-10-07      8411      9484  (6629-12295)
}
