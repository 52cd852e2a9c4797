package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/internal/inputtest"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// oneLock returns the smallest network with a lockage: two anchorages
// and a lock of one lane and one chamber (320 x 33 m; enter 10, level 15,
// exit 10 and turnaround 20 minutes; at most 4 lockages one way), with
// reaches of 6 minutes (1 nautical mile at 10 knots), and a demand with
// one class and no streams; no daily caps.
func oneLock(t testing.TB) (*network.Network, *Demand) {
	t.Helper()
	auth := []network.Tenure{{Operator: "authority"}}
	net, err := network.New(&network.Network{
		Name:      "one-lock",
		Operators: []*network.Operator{{ID: "authority", Name: "Authority"}},
		Nodes: []*network.Node{
			{ID: "west", Name: "West", Kind: network.Anchorage, Side: network.Pacific, Operators: auth},
			{ID: "lock", Name: "Lock", Kind: network.Lock, Side: network.Pacific, Operators: auth, Lock: &network.LockSpec{
				Type: network.Panamax, Lanes: 1, Steps: 1, ChamberLengthM: 320, ChamberWidthM: 33,
				EnterMinutes: 10, LevelMinutes: 15, ExitMinutes: 10, TurnaroundMinutes: 20, MaxRun: 4,
			}},
			{ID: "east", Name: "East", Kind: network.Anchorage, Side: network.Atlantic, Operators: auth},
		},
		Reaches: []*network.Reach{
			{From: "west", To: "lock", LengthM: 1852, SpeedKnots: 10},
			{From: "lock", To: "east", LengthM: 1852, SpeedKnots: 10},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	dem := &Demand{Name: "trace-only", Classes: []Class{{ID: "ship", LockType: network.Panamax, LengthM: 300, BeamM: 32, DraftM: 12}}}
	return net, dem
}

// TestTraceByHand replays three vessels through the one-lock network and
// checks every lockage against the times computed by hand:
//
//	A (200 m) and B (250 m) arrive west at 0 and reach the lock at 6 min;
//	they do not fit one 320 m chamber together: A enters at 6 and leaves
//	at 6 + 10 + 15 + 10 = 41, leaving the chamber at the lake level; it
//	levels back empty for the next group from the same end in 15 min, so
//	B enters at 56 and leaves at 91 (waited 50 min).
//	C (100 m) arrives east at 60 and reaches the lock at 66; the lane, set
//	for the west end, turns around once empty (B leaves at 91) in 20 min;
//	the chamber is at the lake level, as C needs: C enters at 111 and
//	leaves at 146 (waited 45 min).
//
// Transits are counted as each leaves the lock: 3 on the first day.
func TestTraceByHand(t *testing.T) {
	net, dem := oneLock(t)
	trace, err := ReadArrivalsCSV("trace.csv", strings.NewReader(`time,origin,destination,length_m,beam_m,draught_m,name
0,west,east,200,30,10,A
0,west,east,250,30,10,B
3600,east,west,100,20,8,C
`))
	if err != nil {
		t.Fatal(err)
	}
	sc := &Scenario{Name: "by-hand", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 1, Seed: 1, Replications: 1, Arrivals: trace}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(p, 0, false)
	var got []string
	m.onLockage = func(c *lockComplex, e lockEvent) {
		if e.Empty {
			got = append(got, fmt.Sprintf("empty %v-%v", e.Start, e.End))
			return
		}
		var names []string
		for _, v := range e.Vessels {
			names = append(names, fmt.Sprint(m.vessels[v].length))
		}
		got = append(got, fmt.Sprintf("%s %v-%v", strings.Join(names, "+"), e.Start, e.End))
	}
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"200 6m0s-41m0s", "empty 41m0s-56m0s", "250 56m0s-1h31m0s", "100 1h51m0s-2h26m0s"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("lockages\n got %v\nwant %v", got, want)
	}
	if d := m.days[0]; d.Transits != 3 || d.Arrivals != 3 || m.departed != 3 {
		t.Errorf("transits %d, arrivals %d, departed %d; want 3 each", d.Transits, d.Arrivals, m.departed)
	}
	// Canal waiting: B 50 min and C 45 min at the lock, in the day's
	// total of waits inside the canal.
	if w := m.days[0].CanalWaitTotalHours * 60; w < 94.99 || w > 95.01 {
		t.Errorf("waits inside the canal %.2f min, want 95", w)
	}
}

// TestTraceLocalTime: an arrivals file's timestamps are instants, read on
// the model's clock, the network's local time. On the one-lock network at
// UTC-5 (Panama's), 11:30Z and 06:30-05:00 are the same arrival, 6.5
// hours into the first day, and a time in seconds is from local midnight;
// at UTC (the default), 11:30Z is 11:30.
func TestTraceLocalTime(t *testing.T) {
	arrive := func(offset float64, times ...string) []float64 {
		t.Helper()
		net, dem := oneLock(t)
		net.UTCOffsetHours = offset
		var b strings.Builder
		b.WriteString("time,origin,destination,length_m,beam_m,draught_m\n")
		for _, tm := range times {
			fmt.Fprintf(&b, "%s,west,east,100,20,8\n", tm)
		}
		trace, err := ReadArrivalsCSV("t.csv", strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		sc := &Scenario{Name: "local", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 1, Seed: 1, Replications: 1, Arrivals: trace}
		p, err := newPlan(sc)
		if err != nil {
			t.Fatal(err)
		}
		var hours []float64
		for _, v := range p.trace {
			hours = append(hours, v.at.Hours())
		}
		return hours
	}
	if got := arrive(-5, "2030-01-01T11:30:00Z", "2030-01-01T06:30:00-05:00", "23400"); fmt.Sprint(got) != "[6.5 6.5 6.5]" {
		t.Errorf("at UTC-5: arrivals at %v hours, want [6.5 6.5 6.5]", got)
	}
	if got := arrive(0, "2030-01-01T11:30:00Z"); fmt.Sprint(got) != "[11.5]" {
		t.Errorf("at UTC: arrival at %v hours, want [11.5]", got)
	}
	net, dem := oneLock(t)
	net.UTCOffsetHours = -5
	trace, err := ReadArrivalsCSV("t.csv", strings.NewReader("time,origin,destination,length_m,beam_m,draught_m\n2030-01-01T03:00:00Z,west,east,100,20,8\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc := &Scenario{Name: "local", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 1, Replications: 1, Arrivals: trace}
	// 03:00Z is 22:00 the day before in Panama: before the run.
	if err := trace.check(sc, net, dem); err == nil || !strings.Contains(err.Error(), "arrives 2029-12-31 22:00:00 local time (UTC-05:00), outside the run") {
		t.Errorf("an arrival before the run's first local midnight: %v", err)
	}
}

// busyTrace writes a trace of n vessels over days days, both ways
// between anchorages west and east, at random times (seeded), of random
// lengths.
func busyTrace(n, days int, west, east string) string {
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("time,origin,destination,length_m,beam_m,draught_m,segment\n")
	for range n {
		from, to := west, east
		if rng.IntN(2) == 0 {
			from, to = to, from
		}
		fmt.Fprintf(&b, "%d,%s,%s,%d,%d,10,dry-bulk\n", rng.IntN(days*86400), from, to, 100+rng.IntN(200), 20+rng.IntN(12))
	}
	return b.String()
}

// TestTraceNoDeadlock: about 1,000 vessels both ways over 30 days through
// the one lock; every vessel that arrived before the last two days has
// left, whichever order the lane takes them in.
func TestTraceNoDeadlock(t *testing.T) {
	net, dem := oneLock(t)
	trace, err := ReadArrivalsCSV("busy.csv", strings.NewReader(busyTrace(1000, 30, "west", "east")))
	if err != nil {
		t.Fatal(err)
	}
	sc := &Scenario{Name: "busy", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 32, Seed: 1, Replications: 1, Arrivals: trace}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(p, 0, false)
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m.arrived != 1000 || m.departed != 1000 {
		t.Errorf("arrived %d, departed %d; want all 1,000 through", m.arrived, m.departed)
	}
}

// TestTraceErrors: bad rows name their line and column.
func TestTraceErrors(t *testing.T) {
	net, dem := oneLock(t)
	for _, c := range []struct{ in, want string }{
		{"", "t.csv:1:1: empty arrivals file"},
		{"time,origin,destination,length_m,beam_m\n", `t.csv:1:1: missing column "draught_m"`},
		{"time,origin,destination,length_m,beam_m,draught_m,lenght\n", `t.csv:1:51: unknown column "lenght"`},
		{"time,origin,destination,length_m,beam_m,draught_m\nsoon,west,east,100,20,8\n", `t.csv:2:1: time "soon": expected seconds from the start or an RFC 3339 timestamp`},
		{"time,origin,destination,length_m,beam_m,draught_m\n0,west,east,-5,20,8\n", `t.csv:2:13: length_m: expected a number of metres greater than 0, got "-5"`},
		{"time,origin,destination,length_m,beam_m,draught_m,segment\n0,west,east,100,20,8,bulk\n", `t.csv:2:22: unknown segment "bulk"`},
		{"time,origin,destination,length_m,beam_m,draught_m\n0,west,east,100,20,8\n0,west\n", "t.csv:3:1: expected 6 fields, got 2"},
	} {
		_, err := ReadArrivalsCSV("t.csv", strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %s", c.in, err, c.want)
		}
	}
	// Rows that parse but do not fit the scenario: named by line.
	for _, c := range []struct{ row, want string }{
		{"0,west,nowhere,100,20,8", `t.csv:2:8: unknown node "nowhere"`},
		{"0,west,lock,100,20,8", `t.csv:2:8: "lock" is a lock; vessels arrive at and leave from anchorages`},
		{"0,west,east,400,20,8", "t.csv:2:13: a vessel of 400 x 20 m fits no lock of network one-lock"},
		{"2030-03-01T00:00:00Z,west,east,100,20,8", "t.csv:2:1: arrives 2030-03-01 00:00:00 local time (UTC), outside the run"},
	} {
		tr, err := ReadArrivalsCSV("t.csv", strings.NewReader("time,origin,destination,length_m,beam_m,draught_m\n"+c.row+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		sc := &Scenario{Name: "t", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 5, Seed: 1, Replications: 1, Arrivals: tr}
		if err := sc.Check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %s", c.row, err, c.want)
		}
	}
}

// BenchmarkTrace replays a 30-day two-direction trace of 1,000 vessels
// through the single-lock example (examples/one-lock: its network and
// demand files), one run per iteration, and reports the time per replay.
// The budget is 5 ms.
func BenchmarkTrace(b *testing.B) {
	net, err := network.Load("../examples/one-lock/network.yaml")
	if err != nil {
		b.Fatal(err)
	}
	dem, err := LoadDemand("../examples/one-lock/demand.yaml")
	if err != nil {
		b.Fatal(err)
	}
	trace, err := ReadArrivalsCSV("busy.csv", strings.NewReader(busyTrace(1000, 30, "west-anchorage", "east-anchorage")))
	if err != nil {
		b.Fatal(err)
	}
	sc := &Scenario{Name: "busy", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 32, Seed: 1, Replications: 1, Arrivals: trace}
	p, err := newPlan(sc)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m := newModel(p, 0, false)
		if err := m.run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/replay")
}

// TestTraceFriendlyInput: a spreadsheet's byte-order mark, negative
// seconds for the warm-up, and every problem of a file reported at once.
func TestTraceFriendlyInput(t *testing.T) {
	net, dem := oneLock(t)
	tr, err := ReadArrivalsCSV("t.csv", strings.NewReader("\ufefftime,origin,destination,length_m,beam_m,draught_m\n-3600,west,east,100,20,8\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc := &Scenario{Name: "t", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 5, WarmupDays: 1, Seed: 1, Replications: 1, Arrivals: tr}
	if err := sc.Check(); err != nil {
		t.Errorf("an arrival an hour into the warm-up: %v", err)
	}
	tr, err = ReadArrivalsCSV("t.csv", strings.NewReader("time,origin,destination,length_m,beam_m,draught_m\n0,west,nowhere,100,20,8\n0,lock,east,400,20,8\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc.Arrivals = tr
	err = sc.Check()
	for _, want := range []string{`t.csv:2:8: unknown node "nowhere"`, `t.csv:3:3: "lock" is a lock`, "t.csv:3:13: a vessel of 400 x 20 m fits no lock"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %s among the errors", err, want)
		}
	}
}

// FuzzReadArrivalsCSV: the arrivals reader never panics, every error has a
// position, and a trace it accepts checks against a scenario without
// panicking.
func FuzzReadArrivalsCSV(f *testing.F) {
	f.Add("time,origin,destination,length_m,beam_m,draught_m,name\n0,west,east,200,30,10,A\n3600,east,west,100,20,8,C\n")
	f.Add("\ufefftime,origin,destination,length_m,beam_m,draught_m,segment,flag,teu\n2030-01-01T06:00:00Z,west,east,1e3,20,8,bulk,US,-1\n")
	f.Add("time,origin\n0\n")
	f.Add("")
	net, dem := oneLock(f)
	f.Fuzz(func(t *testing.T, s string) {
		var tr *Arrivals
		var err error
		inputtest.Bounded(t, len(s), func() { tr, err = ReadArrivalsCSV("f.csv", strings.NewReader(s)) })
		if err != nil {
			for _, e := range input.AsErrors(err) {
				if e.Pos.File != "f.csv" || e.Pos.Line < 1 || e.Pos.Col < 1 {
					t.Fatalf("bad position in %q", e.Error())
				}
			}
			if input.AsErrors(err) == nil {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		sc := &Scenario{Name: "f", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 2, WarmupDays: 1, Seed: 1, Replications: 1, Arrivals: tr}
		if err := sc.Check(); err == nil {
			if _, err := newPlan(sc); err != nil {
				t.Fatalf("a checked trace does not plan: %v", err)
			}
		}
	})
}
