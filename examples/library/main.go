// Command library uses canalsim as an outside program would: a waterway built in Go,
// a study observed, its results folder written and its figures drawn from memory.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

func main() { run(filepath.Join(os.TempDir(), "canalsim-library")) }

// run studies a two-day closure of a lock between two anchorages and
// writes its results folder, figures included, into out.
func run(out string) {
	day := func(d int) time.Time { return time.Date(2030, 1, d, 0, 0, 0, 0, time.UTC) }
	us, lock := []network.Tenure{{Operator: "us"}}, &network.LockSpec{Type: network.Panamax, Lanes: 1, Steps: 1,
		ChamberLengthM: 300, ChamberWidthM: 33, EnterMinutes: 20, LevelMinutes: 15, ExitMinutes: 20, MaxRun: 3}
	net, err := network.New(&network.Network{Name: "one-lock", Operators: []*network.Operator{{ID: "us", Name: "Lock authority"}},
		Nodes: []*network.Node{{ID: "west", Name: "West", Kind: network.Anchorage, Side: network.Pacific, Operators: us},
			{ID: "lock", Name: "Lock", Kind: network.Lock, Side: network.Pacific, Operators: us, Lock: lock},
			{ID: "east", Name: "East", Kind: network.Anchorage, Side: network.Atlantic, Operators: us}},
		Reaches: []*network.Reach{{From: "west", To: "lock", LengthM: 9260, SpeedKnots: 10}, {From: "lock", To: "east", LengthM: 9260, SpeedKnots: 10}}})
	must(err)
	sc := &sim.Scenario{Name: "lock-closure", Network: net, Start: day(1), Days: 20, WarmupDays: 2, Seed: 1, Replications: 10,
		Demand: &sim.Demand{Name: "ten-a-day", Classes: []sim.Class{{ID: "ship", LockType: network.Panamax, LengthM: 200, BeamM: 30, DraftM: 10}},
			Streams: []sim.Stream{{Name: "east", Class: "ship", Segment: "dry-bulk", From: "west", To: "east", PerDay: 5},
				{Name: "west", Class: "ship", Segment: "dry-bulk", From: "east", To: "west", PerDay: 5}}},
		Disruptions: []sim.Disruption{{Name: "lock closed", Effect: sim.Closure, Target: sim.Target{Nodes: []string{"lock"}}, From: day(5), Until: day(7)}}}
	var lockages atomic.Int64 // replications run at once, so hooks may be called at once
	res, err := sim.Study(context.Background(), sc, sim.Options{Observer: &sim.Observer{Lockage: func(int, sim.Variant, sim.Lockage) { lockages.Add(1) }}})
	must(err)
	folder, err := results.New(res, results.NewManifest(res, "", nil), nil)
	must(err)
	must(folder.Write(out))
	for _, fig := range plots.Figures() {
		if fig.Applies == nil || fig.Applies(folder) {
			must(results.WriteFile(filepath.Join(out, "plots", fig.Name+".svg"), func(w io.Writer) error { return fig.Draw(w, plots.SVG, folder) }))
		}
	}
	cwt := folder.Summary.Metrics["canal_waters_time_h"].Difference
	fmt.Printf("%d lockages observed; canal waters time %+.1f h [%.1f, %.1f] with the closure; results in %s\n", lockages.Load(), cwt.Mean, cwt.CI95[0], cwt.CI95[1], out)
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
