package sim_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/param"
)

const railPath = "network.nodes.railway.rail.capacity_teu_per_day"

// TestAssumptionsDrawn: each replication draws its own values of the
// scenario's assumptions, within their ranges, the same for its baseline
// and its scenario and for the same seed, and runs with them: a railway
// whose capacity is drawn at 0 carries nothing.
func TestAssumptionsDrawn(t *testing.T) {
	sc := ppcClosure(6)
	sc.Days, sc.WarmupDays = 60, 7
	sc.Assumptions = []sim.Assumption{
		{Path: railPath, Dist: sim.Dist{Kind: sim.Uniform, Min: 500, Max: 2500}, Source: "test"},
		{Path: "demand.call_diversion.capacity_margin", Dist: sim.Dist{Kind: sim.Triangular, Min: 0, Mode: 0.2, Max: 0.4}},
		{Path: "disruptions[0].probability", Dist: sim.Dist{Kind: sim.Fixed, Value: 1}},
	}
	res := study(t, sc, 2)
	var seen [][]float64
	for i := range res.Baseline {
		b, d := res.Baseline[i].Assumptions, res.Disrupted[i].Assumptions
		if len(b) != 3 || !slices.Equal(b, d) {
			t.Fatalf("replication %d: baseline drew %v, scenario %v; want the same 3 values", i, b, d)
		}
		if b[0] < 500 || b[0] > 2500 || b[1] < 0 || b[1] > 0.4 || b[2] != 1 {
			t.Errorf("replication %d drew %v: outside the ranges", i, b)
		}
		for _, s := range seen {
			if s[0] == b[0] {
				t.Errorf("two replications drew the same railway capacity %g", b[0])
			}
		}
		seen = append(seen, b)
	}
	again := study(t, sc, 1)
	for i := range again.Baseline {
		if !slices.Equal(again.Baseline[i].Assumptions, seen[i]) {
			t.Errorf("replication %d drew %v with 1 worker, %v with 2", i, again.Baseline[i].Assumptions, seen[i])
		}
	}
	// The shared network is left as it was.
	if v, _ := sc.ParamValue(railPath); v != 1500 {
		t.Errorf("the Panama network's railway now has %g TEU a day", v)
	}

	// Fixed at 1 TEU a day: the railway carries at most that, in every
	// run (the boxes of a day book the trains of at most a week).
	sc.Assumptions = []sim.Assumption{{Path: railPath, Dist: sim.Dist{Kind: sim.Fixed, Value: 1}}}
	sc.Replications = 2
	res = study(t, sc, 0)
	for _, run := range append(res.Baseline, res.Disrupted...) {
		for _, d := range run.Days {
			if d.RailTEU > 7 {
				t.Fatalf("%s: %g TEU by a railway of 1 TEU a day", d.Date.Format("2006-01-02"), d.RailTEU)
			}
		}
	}
}

// TestAssumptionValues: Options.Values gives the values instead of the
// draws, and the runs record them.
func TestAssumptionValues(t *testing.T) {
	sc := ppcClosure(3)
	sc.Days, sc.WarmupDays = 40, 7
	sc.Assumptions = []sim.Assumption{{Path: railPath, Dist: sim.Dist{Kind: sim.Uniform, Min: 1, Max: 3000}}}
	res, err := sim.Study(context.Background(), sc, sim.Options{Values: func(rep int) []float64 { return []float64{float64(1 + 1000*rep)} }})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res.Disrupted {
		if got := r.Assumptions; len(got) != 1 || got[0] != float64(1+1000*i) {
			t.Errorf("replication %d ran with %v, want [%d]", i, got, 1+1000*i)
		}
	}
	rail := func(r sim.Run) (x float64) {
		for _, d := range r.Days {
			x += d.RailTEU
		}
		return x
	}
	if a, b := rail(res.Disrupted[0]), rail(res.Disrupted[2]); !(a <= 40 && b > 100*a) {
		t.Errorf("rail TEU %g with 1 a day, %g with 2,001 a day", a, b)
	}
}

// TestCheckAssumption: every problem of an assumption is found before
// anything runs, with what a user needs to fix it.
func TestCheckAssumption(t *testing.T) {
	for _, tt := range []struct {
		a     sim.Assumption
		want  string
		known string // a key suggested where the path went wrong
	}{
		{sim.Assumption{Path: "network.nodes.railway.rail.capacity_teu_per_dya", Dist: sim.Dist{Kind: sim.Fixed, Value: 1}},
			`nodes.railway.rail has no key "capacity_teu_per_dya"`, "capacity_teu_per_day"},
		{sim.Assumption{Path: "network.nodes.railwya.rail.capacity_teu_per_day", Dist: sim.Dist{Kind: sim.Fixed, Value: 1}},
			`nodes has no element railwya`, "railway"},
		{sim.Assumption{Path: "netwrok.nodes.railway.rail.capacity_teu_per_day", Dist: sim.Dist{Kind: sim.Fixed, Value: 1}},
			`unknown root "netwrok"`, "network"},
		{sim.Assumption{Path: "disruptions[3].factor", Dist: sim.Dist{Kind: sim.Fixed, Value: 1}},
			`has no element [3]`, ""},
		{sim.Assumption{Path: railPath, Dist: sim.Dist{Kind: sim.Uniform, Min: 5, Max: 1}},
			`uniform: needs 0 <= min <= max`, ""},
		{sim.Assumption{Path: "network.nodes.gatun-locks.lock.lanes", Dist: sim.Dist{Kind: sim.Uniform, Min: 0, Max: 2}},
			`does not run at 0,`, ""},
		{sim.Assumption{Path: railPath, Dist: sim.Dist{Kind: sim.Uniform, Min: 0, Max: 2000}},
			`does not run at 0,`, ""},
	} {
		sc := ppcClosure(1)
		sc.Assumptions = []sim.Assumption{tt.a}
		err := sc.CheckAssumption(0)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.a.Path, err, tt.want)
			continue
		}
		var pe *param.Error
		if tt.known != "" && (!errors.As(err, &pe) || !slices.Contains(pe.Known, tt.known)) {
			t.Errorf("%s: %v suggests none of %q", tt.a.Path, err, tt.known)
		}
		if sc.Check() == nil {
			t.Errorf("%s: Check passes", tt.a.Path)
		}
	}
	sc := ppcClosure(1)
	sc.Assumptions = []sim.Assumption{{Path: railPath, Dist: sim.Dist{Kind: sim.LogNormal, Median: 1500, P95: 3000}}, {Path: railPath, Dist: sim.Dist{Kind: sim.Fixed, Value: 2}}}
	if err := sc.CheckAssumption(0); err != nil {
		t.Errorf("a lognormal railway capacity: %v", err)
	}
	if err := sc.CheckAssumption(1); err == nil || !strings.Contains(err.Error(), "assumed already, in assumptions[0]") {
		t.Errorf("a path assumed twice: %v", err)
	}
}

// TestWith: a sweep's point sets one parameter of a copy.
func TestWith(t *testing.T) {
	sc := ppcClosure(1)
	c, err := sc.With("network.nodes.mit.terminal.moves_per_crane_hour", 31.5)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.ParamValue("network.nodes.mit.terminal.moves_per_crane_hour")
	was, _ := sc.ParamValue("network.nodes.mit.terminal.moves_per_crane_hour")
	if got != 31.5 || was != 28 || math.IsNaN(got) {
		t.Errorf("With: %g in the copy, %g in the scenario", got, was)
	}
	if c.Network.Node("mit") == nil {
		t.Error("the copy's network has no index of its nodes")
	}
	if !slices.Contains(sc.ParamPaths(), "network.nodes.mit.terminal.moves_per_crane_hour") || !slices.Contains(sc.ParamPaths(), "disruptions[0].factor") {
		t.Error("ParamPaths lacks a path")
	}
}

// TestWindowLength: an assumption or a sweep may name a window's length
// as a scenario file gives it, disruptions[i].days or .hours (by index or
// name), though a Disruption keeps its end: the value read is the
// window's length, and a value set moves its end (or, after a random
// delay, fixes its duration).
func TestWindowLength(t *testing.T) {
	sc := ppcClosure(1) // closed for 30 days from 1 November 2025
	name := sc.Disruptions[0].Name
	for _, c := range []struct {
		path string
		was  float64
	}{{"disruptions[0].days", 30}, {"disruptions[0].hours", 720}, {"disruptions[" + name + "].days", 30}} {
		if got, err := sc.ParamValue(c.path); err != nil || got != c.was {
			t.Errorf("%s = %g (%v), want %g", c.path, got, err, c.was)
		}
	}
	c, err := sc.With("disruptions[0].hours", 36)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Disruptions[0].Until, sc.Disruptions[0].From.Add(36*time.Hour); !got.Equal(want) {
		t.Errorf("until %v, want %v", got, want)
	}
	if !sc.Disruptions[0].Until.Equal(sc.Disruptions[0].From.AddDate(0, 0, 30)) {
		t.Error("With changed the scenario itself")
	}
	sc.Disruptions[0].Delay = &sim.Dist{Kind: sim.Uniform, Min: 0, Max: 5}
	sc.Disruptions[0].Until = time.Time{}
	sc.Disruptions[0].Duration = &sim.Dist{Kind: sim.Fixed, Value: 30}
	if c, err = sc.With("disruptions[0].days", 12); err != nil || c.Disruptions[0].Duration.Value != 12 || sc.Disruptions[0].Duration.Value != 30 {
		t.Errorf("after a random delay: %v, %+v", err, c.Disruptions[0].Duration)
	}
	sc.Disruptions[0].Duration = &sim.Dist{Kind: sim.Uniform, Min: 1, Max: 3}
	if _, err := sc.ParamValue("disruptions[0].days"); err == nil || !strings.Contains(err.Error(), "random") {
		t.Errorf("a random length read as a number: %v", err)
	}
	var pe *param.Error
	if _, err := sc.ParamValue("disruptions[0].dayz"); !errors.As(err, &pe) || !strings.Contains(err.Error(), `disruptions[0] has no key "dayz"`) || !slices.Contains(pe.Known, "days") || !slices.Contains(pe.Known, "vessels") {
		t.Errorf("a mistyped key: %v (known %v)", err, pe)
	}
}

func TestSourced(t *testing.T) {
	for src, want := range map[string]bool{"": false, "not published": false, "MIT's 3.5 M [K7][K8]": true, "[R1]": true, "[k7]": false} {
		a := sim.Assumption{Source: src}
		if a.Sourced() != want {
			t.Errorf("Sourced(%q) = %t", src, !want)
		}
	}
}

// TestSplitKnown: with the railway's capacity drawn from a wide range,
// the assumptions explain much of the spread of the rail TEU of a closure,
// and none of that of canal transits, which no terminal touches; the two
// parts' variances add up to the whole.
func TestSplitKnown(t *testing.T) {
	sc := ppcClosure(400)
	sc.Days, sc.WarmupDays = 30, 1
	sc.Disruptions[0].From, sc.Disruptions[0].Until = date(2025, 10, 5), date(2025, 10, 20)
	sc.Assumptions = []sim.Assumption{
		{Path: railPath, Dist: sim.Dist{Kind: sim.Uniform, Min: 1, Max: 6000}},
		{Path: "network.nodes.miraflores-locks.lock.water_mgal", Dist: sim.Dist{Kind: sim.Uniform, Min: 0, Max: 50}},
	}
	sum := results.Summarize(study(t, sc, 0))
	rail, transits := sum.Metrics["rail_teu_per_day"].Split, sum.Metrics["transits_per_day"].Split
	if rail == nil || transits == nil {
		t.Fatalf("no split: %v %v", rail, transits)
	}
	t.Logf("rail TEU: %+v; transits: %+v", *rail, *transits)
	// The estimate's own noise, with 400 replications and two
	// assumptions, is about 0.02 (one standard deviation), and the
	// lockage water reaches transits a little, through the lake.
	if rail.Assumptions < 0.3 || transits.Assumptions > 0.1 {
		t.Errorf("assumptions explain %.2f of the rail TEU's spread and %.2f of the transits'; want much and ~none", rail.Assumptions, transits.Assumptions)
	}
	if d := rail.SDAssumptions*rail.SDAssumptions + rail.SDRandomness*rail.SDRandomness - rail.SD*rail.SD; math.Abs(d) > 1e-6*rail.SD*rail.SD {
		t.Errorf("the parts' variances do not add up: %+v", *rail)
	}
	if sum.Metrics["lost_teu"].Split == nil || (results.Summarize(study(t, ppcClosure(3), 0)).Metrics["lost_teu"].Split != nil) {
		t.Error("a split without assumptions, or none with")
	}
}

// TestStudyStop: a Stop hook that says stop after two replications are
// done stops the study gracefully: those under way finish, no other
// starts, and Progress is called one at a time, counting up.
func TestStudyStop(t *testing.T) {
	sc := ppcClosure(12)
	sc.Days, sc.WarmupDays = 20, 1
	sc.Disruptions[0].From, sc.Disruptions[0].Until = date(2025, 10, 3), date(2025, 10, 10)
	done, calls := 0, 0
	res, err := sim.Study(context.Background(), sc, sim.Options{
		Workers: 2,
		Stop:    func() bool { return done >= 2 },
		Progress: func(n, total int) {
			calls++
			if n != calls || total != 12 {
				t.Errorf("Progress(%d, %d) at call %d", n, total, calls)
			}
			done = n
		},
	})
	if !errors.Is(err, sim.ErrStopped) {
		t.Fatalf("err %v, want ErrStopped", err)
	}
	n := 0
	for _, d := range res.Done {
		if d {
			n++
		}
	}
	if n < 2 || n > 4 {
		t.Errorf("%d replications done; want 2, and at most the 2 under way more", n)
	}
}
