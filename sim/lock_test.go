package sim

import (
	"context"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// lockRig is a one-lock network with a model whose vessels are placed by
// hand, for lock cases whose times can be computed on paper.
type lockRig struct {
	m        *model
	c        *lockComplex
	exits    map[string]kernel.Time // by vessel name
	lockages [][]string             // the vessels of each lockage
	names    map[int32]string
}

func newLockRig(t *testing.T, spec network.LockSpec) *lockRig {
	t.Helper()
	authority := []network.Tenure{{Operator: "authority"}}
	net, err := network.New(&network.Network{
		Name:      "one-lock",
		Operators: []*network.Operator{{ID: "authority", Name: "Authority"}},
		Nodes: []*network.Node{
			{ID: "west", Name: "West", Kind: network.Anchorage, Side: network.Pacific, Operators: authority},
			{ID: "lock", Name: "Lock", Kind: network.Lock, Side: network.Pacific, Operators: authority, Lock: &spec},
			{ID: "east", Name: "East", Kind: network.Anchorage, Side: network.Atlantic, Operators: authority},
		},
		Reaches: []*network.Reach{
			{From: "west", To: "lock", LengthM: 1852, SpeedKnots: 10},
			{From: "lock", To: "east", LengthM: 1852, SpeedKnots: 10},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	dem := &Demand{
		Name:            "by-hand",
		Classes:         []Class{{ID: "ship", LockType: spec.Type, LengthM: spec.ChamberLengthM, BeamM: 30, DraftM: 10}},
		Streams:         []Stream{{Name: "east", Class: "ship", Segment: "other", From: "west", To: "east"}, {Name: "west", Class: "ship", Segment: "other", From: "east", To: "west"}},
		BookedLeadHours: []float64{0, 0},
	}
	sc := &Scenario{Name: "rig", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 2, Seed: 1, Replications: 1}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	r := &lockRig{m: newModel(p, 0, false), exits: map[string]kernel.Time{}, names: map[int32]string{}}
	r.c = r.m.locks[1]
	r.m.onLockage = func(c *lockComplex, end int, vessels []int32, start, exit kernel.Time) {
		var names []string
		for _, v := range vessels {
			names = append(names, r.names[v])
			r.exits[r.names[v]] = exit
		}
		r.lockages = append(r.lockages, names)
	}
	return r
}

// arrive places a vessel of the given length at an end of the lock at a
// time (minutes).
func (r *lockRig) arrive(name string, at float64, end int, length float64) {
	stream := 0
	if end == lakeEnd {
		stream = 1
	}
	r.m.sim.Schedule(minutes(at), kernel.HandlerFunc(func(s *kernel.Sim, _ int64) {
		v := r.m.spawn(s, stream)
		vs := &r.m.vessels[v]
		vs.length, vs.beam, vs.permitted, vs.step = length, 30, true, 1
		r.names[v] = name
		r.m.lockArrive(s, r.c, v, end)
	}), 0)
}

func (r *lockRig) run(t *testing.T) {
	t.Helper()
	if err := r.m.sim.Run(context.Background(), kernel.Day); err != nil {
		t.Fatal(err)
	}
}

// chamber: one step; a cycle is enter 10 + level 15 + exit 10 = 35 min,
// and the same end is served again 50 min after a lockage starts (the
// chamber levels back empty); turning the lane around takes 20 min.
var chamber = network.LockSpec{
	Type: network.Panamax, Lanes: 1, Steps: 1, ChamberLengthM: 300, ChamberWidthM: 33,
	EnterMinutes: 10, LevelMinutes: 15, ExitMinutes: 10, TurnaroundMinutes: 20, MaxRun: 1, WaterMgal: 2,
}

func TestLockExact(t *testing.T) {
	type arrival struct {
		name   string
		at     float64
		end    int
		length float64
	}
	flight := chamber
	flight.Steps, flight.MoveMinutes = 3, 5 // 10 + 3x15 + 2x5 + 10 = 75 min; headway 10+15+5+15 = 45
	tests := []struct {
		name     string
		spec     network.LockSpec
		arrivals []arrival
		exits    map[string]float64 // minutes
		lockages int
	}{
		{"one vessel takes one cycle", chamber,
			[]arrival{{"a", 0, seaEnd, 200}}, map[string]float64{"a": 35}, 1},
		{"two vessels that fit share a lockage", chamber,
			[]arrival{{"a", 0, seaEnd, 120}, {"b", 0, seaEnd, 150}}, map[string]float64{"a": 35, "b": 35}, 1},
		{"a vessel that does not fit waits for the next cycle", chamber,
			[]arrival{{"a", 0, seaEnd, 200}, {"b", 0, seaEnd, 200}}, map[string]float64{"a": 35, "b": 50 + 35}, 2},
		{"first come, first fit skips a vessel too long for the room left", chamber,
			[]arrival{{"a", 0, seaEnd, 200}, {"b", 0, seaEnd, 150}, {"c", 0, seaEnd, 90}}, map[string]float64{"a": 35, "c": 35, "b": 85}, 2},
		{"opposite ends alternate with a turnaround", chamber,
			[]arrival{{"a", 0, seaEnd, 200}, {"b", 0, lakeEnd, 200}, {"c", 0, seaEnd, 200}},
			map[string]float64{"a": 35, "b": 35 + 20 + 35, "c": 90 + 20 + 35}, 3},
		{"an idle lane turns around before serving the other end", chamber,
			[]arrival{{"a", 0, seaEnd, 200}, {"b", 100, lakeEnd, 200}}, map[string]float64{"a": 35, "b": 100 + 20 + 35}, 2},
		{"a flight takes the next group from the same end after the first chamber empties", flight,
			[]arrival{{"a", 0, seaEnd, 200}, {"b", 0, seaEnd, 200}}, map[string]float64{"a": 75, "b": 45 + 75}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newLockRig(t, tt.spec)
			for _, a := range tt.arrivals {
				r.arrive(a.name, a.at, a.end, a.length)
			}
			r.run(t)
			for name, want := range tt.exits {
				if got := r.exits[name]; got != minutes(want) {
					t.Errorf("%s leaves at %v, want %v (lockages %v)", name, got, minutes(want), r.lockages)
				}
			}
			if r.c.lockages != tt.lockages {
				t.Errorf("%d lockages %v, want %d", r.c.lockages, r.lockages, tt.lockages)
			}
			if got, want := r.c.waterMgal, float64(tt.lockages)*tt.spec.WaterMgal; got != want {
				t.Errorf("water %g Mgal, want %g (per lockage, however many vessels)", got, want)
			}
		})
	}
}

// TestLockInvariants runs the Panama baseline for 60 days and checks every
// complex: no lockage held more length or beam than its chambers, and
// every lockage took at least one vessel.
func TestLockInvariants(t *testing.T) {
	sc := &Scenario{Name: "inv", Start: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), Days: 60, WarmupDays: 7, Seed: 5, Replications: 1}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(p, 0, false)
	groups := 0
	shared := 0
	m.onLockage = func(c *lockComplex, end int, vessels []int32, start, exit kernel.Time) {
		groups++
		length := 0.0
		for _, v := range vessels {
			length += m.vessels[v].length
			if m.vessels[v].beam > c.spec.ChamberWidthM {
				t.Errorf("%s: a %g m beam in a %g m chamber", c.spec.Type, m.vessels[v].beam, c.spec.ChamberWidthM)
			}
		}
		if len(vessels) == 0 || length > c.spec.ChamberLengthM {
			t.Errorf("%s lockage of %d vessels, %g m in a %g m chamber", p.nodes[c.node].spec.ID, len(vessels), length, c.spec.ChamberLengthM)
		}
		if len(vessels) > 1 {
			shared++
		}
		if exit-start != c.transit() {
			t.Errorf("lockage took %v, want %v", exit-start, c.transit())
		}
	}
	var last kernel.Time
	m.sim.Hooks.Fired = func(at kernel.Time, _ uint64, _ kernel.Handler, _ int64) {
		if at < last {
			t.Fatalf("time went back from %v to %v", last, at)
		}
		last = at
	}
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if groups == 0 || shared == 0 {
		t.Errorf("%d lockages, %d shared by several vessels; want both > 0 (small vessels share chambers)", groups, shared)
	}
	if lvl := m.lake.level; lvl < m.lake.spec.MinLevelFt || lvl > m.lake.spec.MaxLevelFt {
		t.Errorf("lake level %g ft outside its bounds", lvl)
	}
}
