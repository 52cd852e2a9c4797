package sim

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
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
	starts   map[string]kernel.Time // when its lockage started, by vessel name
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
	r := &lockRig{m: newModel(p, 0, false), exits: map[string]kernel.Time{}, starts: map[string]kernel.Time{}, names: map[int32]string{}}
	r.c = r.m.locks[1]
	r.m.onLockage = func(c *lockComplex, end int, vessels []int32, start, exit kernel.Time) {
		var names []string
		for _, v := range vessels {
			names = append(names, r.names[v])
			r.exits[r.names[v]] = exit
			r.starts[r.names[v]] = start
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

// TestLockPolicies pins each packing policy on the same hand-made queues.
// The chamber is `chamber` at 320 m: a lockage takes 35 min, the next from
// the same end starts 50 min after the last, a turn takes 20 min.
func TestLockPolicies(t *testing.T) {
	type arrival struct {
		name   string
		at     float64
		length float64
	}
	long := chamber
	long.ChamberLengthM = 320
	twoLanes := long
	twoLanes.Lanes = 2
	// abc: A 200 m, B 250 m, C 100 m arrive at the sea end at 0, in that
	// order. A leaves 120 m: B does not fit, C does.
	abc := []arrival{{"A", 0, 200}, {"B", 0, 250}, {"C", 0, 100}}
	tests := []struct {
		name     string
		spec     network.LockSpec
		arrivals []arrival
		// The groups in order and, per policy, each vessel's lockage
		// start and exit (minutes).
		groups map[string][][]string
		times  map[string]map[string][2]float64
	}{
		{"a small vessel overtakes one too long only under first_fit", long, abc,
			map[string][][]string{
				// first_fit: A+C at 0 (300 m); B at 50.
				firstFit: {{"A", "C"}, {"B"}},
				// line_up: A at 0 stops at B; B at 50 leaves 70 m, C does
				// not fit; C at 100.
				lineUp: {{"A"}, {"B"}, {"C"}},
			},
			map[string]map[string][2]float64{
				firstFit: {"A": {0, 35}, "C": {0, 35}, "B": {50, 85}},
				lineUp:   {"A": {0, 35}, "B": {50, 85}, "C": {100, 135}},
			}},
		{"vessels that fit in queue order share under both", long,
			[]arrival{{"A", 0, 200}, {"B", 0, 100}, {"C", 0, 250}},
			map[string][][]string{
				firstFit: {{"A", "B"}, {"C"}},
				lineUp:   {{"A", "B"}, {"C"}},
			},
			map[string]map[string][2]float64{
				firstFit: {"A": {0, 35}, "B": {0, 35}, "C": {50, 85}},
				lineUp:   {"A": {0, 35}, "B": {0, 35}, "C": {50, 85}},
			}},
		{"a vessel arriving while the group enters waits for the next lockage", long,
			// D reaches the lock at 5, before the gates close at 10, with
			// 220 m of room left: the group was fixed at 0.
			[]arrival{{"A", 0, 100}, {"D", 5, 100}},
			map[string][][]string{
				firstFit: {{"A"}, {"D"}},
				lineUp:   {{"A"}, {"D"}},
			},
			map[string]map[string][2]float64{
				firstFit: {"A": {0, 35}, "D": {50, 85}},
				lineUp:   {"A": {0, 35}, "D": {50, 85}},
			}},
		{"with two lanes the line-up fills both in order", twoLanes, abc,
			map[string][][]string{
				// first_fit: lane 1 takes A+C, lane 2 B, all at 0.
				firstFit: {{"A", "C"}, {"B"}},
				// line_up: lane 1 takes A, lane 2 B (room 70: C waits), C
				// goes when lane 1 is free again at 50.
				lineUp: {{"A"}, {"B"}, {"C"}},
			},
			map[string]map[string][2]float64{
				firstFit: {"A": {0, 35}, "C": {0, 35}, "B": {0, 35}},
				lineUp:   {"A": {0, 35}, "B": {0, 35}, "C": {50, 85}},
			}},
	}
	for _, tt := range tests {
		for _, policy := range []string{"", firstFit, lineUp} {
			want := policy
			if want == "" {
				want = firstFit // the default
			}
			t.Run(fmt.Sprintf("%s/%q", tt.name, policy), func(t *testing.T) {
				spec := tt.spec
				spec.Policy = policy
				r := newLockRig(t, spec)
				for _, a := range tt.arrivals {
					r.arrive(a.name, a.at, seaEnd, a.length)
				}
				r.run(t)
				if !slices.EqualFunc(r.lockages, tt.groups[want], slices.Equal[[]string]) {
					t.Errorf("lockages %v, want %v", r.lockages, tt.groups[want])
				}
				for name, ts := range tt.times[want] {
					if got := r.starts[name]; got != minutes(ts[0]) {
						t.Errorf("%s starts its lockage at %v, want %v", name, got, minutes(ts[0]))
					}
					if got := r.exits[name]; got != minutes(ts[1]) {
						t.Errorf("%s leaves at %v, want %v", name, got, minutes(ts[1]))
					}
				}
			})
		}
	}
}

// TestLockPolicyChecked: a network file with an unknown policy (here for
// Miraflores, the lock that draws no water from the summit lake) is refused
// at the key's position, with the closest policy suggested.
func TestLockPolicyChecked(t *testing.T) {
	src := network.PanamaSource()
	old := []byte("max_run: 4, water_mgal: 0}")
	i := bytes.Index(src, old)
	if i < 0 {
		t.Fatalf("no %q in the Panama network file", old)
	}
	bad := bytes.Replace(src, old, []byte("max_run: 4, water_mgal: 0, policy: lineup}"), 1)
	_, err := network.Parse("bad.yaml", bad)
	line := bytes.Count(src[:i], []byte("\n")) + 1
	col := i - bytes.LastIndexByte(src[:i], '\n') + len(old) - 1 + len(", policy: ")
	want := fmt.Sprintf(`bad.yaml:%d:%d: lock "miraflores-locks": unknown policy "lineup"; expected first_fit (the default) or line_up; did you mean "line_up"?`, line, col)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error containing\n%s", err, want)
	}
	for _, ok := range []string{"first_fit", "line_up"} {
		good := bytes.Replace(src, old, []byte("max_run: 4, water_mgal: 0, policy: "+ok+"}"), 1)
		if _, err := network.Parse("good.yaml", good); err != nil {
			t.Errorf("policy %s: %v", ok, err)
		}
	}
}

// TestLockInvariants runs the Panama baseline for 60 days under each
// packing policy and checks every complex: no lockage held more length or
// beam than its chambers, every lockage took at least one vessel, and the
// group is as full as its policy allows (first_fit: no vessel left waiting
// at that end fits the room left; line_up: the first one left does not).
func TestLockInvariants(t *testing.T) {
	for _, policy := range []string{firstFit, lineUp} {
		t.Run(policy, func(t *testing.T) { lockInvariants(t, policy) })
	}
}

func lockInvariants(t *testing.T, policy string) {
	sc := &Scenario{Name: "inv", Start: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), Days: 60, WarmupDays: 7, Seed: 5, Replications: 1}
	if policy != firstFit {
		// A fresh copy of the Panama network (the shared one must not be
		// modified) with every lock on the policy.
		net, err := network.Parse(network.PanamaFile, network.PanamaSource())
		if err != nil {
			t.Fatal(err)
		}
		for _, nd := range net.Nodes {
			if nd.Lock != nil {
				nd.Lock.Policy = policy
			}
		}
		sc.Network = net
	}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(p, 0, false)
	groups := 0
	shared := 0
	blocked := 0 // lockages that left behind a vessel that would have fitted
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
		// The queue at that end is what the group left behind.
		fitsRoom := func(w waiter) bool {
			vs := &m.vessels[w.v]
			return length+vs.length <= c.spec.ChamberLengthM && vs.beam <= c.spec.ChamberWidthM
		}
		left := c.queue[end]
		switch {
		case policy == lineUp && len(left) > 0 && fitsRoom(left[0]):
			t.Errorf("%s (line_up): a %g m group left behind a %g m vessel at the head of the queue that fits", p.nodes[c.node].spec.ID, length, m.vessels[left[0].v].length)
		case policy == firstFit && slices.ContainsFunc(left, fitsRoom):
			t.Errorf("%s (first_fit): a %g m group left behind a vessel that fits", p.nodes[c.node].spec.ID, length)
		}
		if slices.ContainsFunc(left, fitsRoom) {
			blocked++
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
	// Under line_up some groups leave behind a vessel that first_fit would
	// have taken: the policies differ on the Panama traffic too.
	if policy == lineUp && blocked == 0 {
		t.Errorf("line_up: no lockage left behind a vessel that fitted; want some")
	}
	t.Logf("%s: %d lockages, %d shared, %d left behind a vessel that fitted", policy, groups, shared, blocked)
	if lvl := m.lake.level; lvl < m.lake.spec.MinLevelFt || lvl > m.lake.spec.MaxLevelFt {
		t.Errorf("lake level %g ft outside its bounds", lvl)
	}
}
