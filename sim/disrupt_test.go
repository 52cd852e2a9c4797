package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// call is a call observed through model.onCall.
type call struct {
	stream     *Stream
	carrier    string
	flag       string
	node       string
	teu        float64
	start, end kernel.Time
}

// runCalls runs one replication of sc (the disrupted variant if
// disrupted) and returns the model and every call made in the reported
// days.
func runCalls(t *testing.T, sc *Scenario, rep int, disrupted bool) (*model, []call) {
	t.Helper()
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(p, rep, disrupted)
	var calls []call
	m.onCall = func(v *vessel, node int, teu float64, start, end kernel.Time) {
		if end >= m.start {
			sp := &m.streams[v.stream]
			calls = append(calls, call{sp.spec, m.carriers[v.carrier], m.flags[v.flag], p.net.Nodes[node].ID, teu, start, end})
		}
	}
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m, calls
}

// TestTerminalCalibration compares the baseline's terminals with their
// 2025 figures (docs/sources.md, section 4): each terminal's TEU
// within 10% [K5]; the system's transshipment share within 1.5 points of
// 89.22% [K5]; Maersk's share of Balboa's boxes over 80% and MSC's of
// Cristóbal's over 90% [K14]; and in a normal year no call lost, no box by
// rail but those of vessels that gave up on the canal (TestDivertedCalls),
// and hardly a call moved to another terminal.
func TestTerminalCalibration(t *testing.T) {
	sc := &Scenario{Name: "terminals", Start: day(2025, 1, 1), Days: 365, WarmupDays: 14, Seed: 3, Replications: 1}
	want := map[string]float64{"balboa": 2676768, "cristobal": 1210528, "mit": 2861352, "cct": 1736582, "psa": 1354708}
	teu := map[string]float64{}
	byCarrier := map[string]map[string]float64{}
	var m *model
	diverted, ncalls := 0, 0
	const reps = 4
	for rep := range reps {
		var calls []call
		m, calls = runCalls(t, sc, rep, false)
		for _, c := range calls {
			teu[c.node] += c.teu / reps
			if byCarrier[c.node] == nil {
				byCarrier[c.node] = map[string]float64{}
			}
			byCarrier[c.node][c.carrier] += c.teu / reps
		}
		for _, d := range m.days {
			diverted += d.DivertedCalls
			if d.LostCalls > 0 || d.LostTEU > d.DivertedTEU+1e-6 {
				t.Errorf("rep %d %s: %d calls, %g TEU lost at the terminals in a normal year", rep, d.Date.Format(time.DateOnly), d.LostCalls, d.LostTEU-d.DivertedTEU)
			}
		}
		ncalls += len(calls)
	}
	// A call finding its terminal full may move to one with room, rarely.
	t.Logf("%d of %d calls moved to another terminal", diverted, ncalls)
	if diverted > ncalls/200 {
		t.Errorf("%d of %d calls moved to another terminal in a normal year; want under 0.5%%", diverted, ncalls)
	}
	total, tship := 0.0, 0.0
	for id, w := range want {
		got := teu[id]
		t.Logf("%-10s model %9.0f TEU  2025 %9.0f  (%+.1f%%)", id, got, w, 100*(got/w-1))
		if math.Abs(got/w-1) > 0.10 {
			t.Errorf("%s: %.0f TEU a year, want %.0f within 10%%", id, got, w)
		}
		total += got
		tship += got * m.net.Node(id).Terminal.TransshipmentShare
	}
	share := tship / total
	t.Logf("transshipment share %.2f%% (2025: 89.22%%)", 100*share)
	if math.Abs(share-0.8922) > 0.015 {
		t.Errorf("transshipment share %.4f, want 0.8922 within 0.015", share)
	}
	for _, c := range []struct {
		terminal, carrier string
		min               float64
	}{{"balboa", "maersk", 0.80}, {"cristobal", "msc", 0.90}} {
		s := byCarrier[c.terminal][c.carrier] / teu[c.terminal]
		t.Logf("%s's share of %s: %.1f%%", c.carrier, c.terminal, 100*s)
		if s <= c.min {
			t.Errorf("%s carries %.1f%% of %s's boxes; want more than %.0f%%", c.carrier, 100*s, c.terminal, 100*c.min)
		}
	}
}

// TestTargets resolves targets on the Panama network as of dates either
// side of the takeover of 23 Feb 2026.
func TestTargets(t *testing.T) {
	net := network.Panama()
	ids := func(nodes []*network.Node) string {
		var s []string
		for _, nd := range nodes {
			s = append(s, nd.ID)
		}
		return strings.Join(s, " ")
	}
	tests := []struct {
		target Target
		at     time.Time
		want   string // node IDs, or the error
	}{
		{Target{Owner: "ck-hutchison"}, day(2025, 10, 1), "balboa cristobal"},
		{Target{Owner: "ck-hutchison"}, day(2026, 3, 1), "sim: target: owner ck-hutchison matches nothing on 2026-03-01"},
		{Target{Operator: "ppc"}, day(2026, 2, 22), "balboa cristobal"},
		{Target{Operator: "hutchison-ports"}, day(2025, 10, 1), "sim: target: operator hutchison-ports matches nothing on 2025-10-01"},
		{Target{Owner: "maersk"}, day(2026, 3, 1), "balboa railway"},
		{Target{Owner: "maersk"}, day(2025, 3, 1), "sim: target: owner maersk matches nothing on 2025-03-01"},
		{Target{Owner: "msc"}, day(2026, 3, 1), "cristobal"},
		{Target{Kind: network.Terminal, Side: network.Pacific}, day(2025, 10, 1), "balboa psa"},
		{Target{Kind: network.Lock, Side: network.Atlantic}, day(2025, 10, 1), "gatun-locks agua-clara-locks"},
		{Target{Nodes: []string{"mit", "balboa"}, Owner: "ck-hutchison"}, day(2025, 10, 1), "balboa"},
		{Target{Nodes: []string{"balbao"}}, day(2025, 10, 1), `sim: target: unknown node "balbao"; did you mean "balboa"?`},
		{Target{Owner: "ck-hutchisen"}, day(2025, 10, 1), `sim: target: unknown operator "ck-hutchisen"; did you mean "ck-hutchison"?`},
		{Target{Kind: "terminl"}, day(2025, 10, 1), `sim: target: unknown kind "terminl"; did you mean "terminal"?`},
		{Target{}, day(2025, 10, 1), "sim: target: empty target: give nodes, kind, side, operator or owner"},
	}
	for _, tt := range tests {
		nodes, err := tt.target.Resolve(net, tt.at)
		got := ids(nodes)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s on %s: got %q, want %q", tt.target, tt.at.Format(time.DateOnly), got, tt.want)
		}
	}
}

// rig returns a disrupted model of sc, prepared but not run.
func rig(t *testing.T, sc *Scenario) *model {
	t.Helper()
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	return newModel(p, 0, true)
}

func short(ds ...Disruption) *Scenario {
	return &Scenario{Name: "t", Start: day(2025, 10, 1), Days: 60, WarmupDays: 14, Seed: 1, Replications: 1, Disruptions: ds}
}

// impatient returns the Panama demand with fixed diversion thresholds of
// a few days (Demand.DiversionDays), so that a closure of a few days
// sends ships away: the thresholds of the demand before ships weighed
// their costs. Tests of what happens to a ship that gives up use it.
func impatient() *Demand {
	d := *PanamaDemand()
	d.DiversionDays = map[string]float64{"container": 2, "vehicle": 3, "passenger": 1, "lng": 3, "lpg": 6, "tanker": 5, "dry-bulk": 8, "other": 5}
	return &d
}

// TestOverlapRule applies overlapping effects to one node and checks the
// documented rule: the strictest of a kind wins, a closure stops the node
// whatever else, different kinds combine, and the node returns to normal
// when they end.
func TestOverlapRule(t *testing.T) {
	balboa := Target{Nodes: []string{"balboa"}}
	gatun := Target{Nodes: []string{"gatun-locks"}}
	m := rig(t, short(
		Disruption{Target: balboa, Effect: CapacityFactor, Factor: 0.8, From: day(2025, 10, 10), Until: day(2025, 10, 20)},
		Disruption{Target: balboa, Effect: CapacityFactor, Factor: 0.4, From: day(2025, 10, 12), Until: day(2025, 10, 14)},
		Disruption{Target: balboa, Effect: Closure, From: day(2025, 10, 13), Until: day(2025, 10, 16)},
		Disruption{Target: balboa, Effect: ProductivityFactor, Factor: 0.5, From: day(2025, 10, 10), Until: day(2025, 10, 20)},
		Disruption{Target: balboa, Effect: RampUp, Factor: 0.2, From: day(2025, 10, 10), Until: day(2025, 10, 20)},
		Disruption{Target: gatun, Effect: LaneOutage, Lanes: 1, From: day(2025, 10, 10), Until: day(2025, 10, 20)},
		Disruption{Target: gatun, Effect: CapacityFactor, Factor: 0.5, From: day(2025, 10, 11), Until: day(2025, 10, 12)},
	))
	b, g := m.net.Node("balboa").Index, m.net.Node("gatun-locks").Index
	at := func(d time.Time) kernel.Time {
		tick, err := m.clock.Time(d)
		if err != nil {
			t.Fatal(err)
		}
		return tick
	}
	var checks []func()
	check := func(when time.Time, f func(now kernel.Time)) {
		m.sim.Schedule(at(when), kernel.HandlerFunc(func(s *kernel.Sim, _ int64) { f(s.Now()) }), 0)
		checks = append(checks, nil)
	}
	berths := func(want int, closed bool) func(kernel.Time) {
		return func(now kernel.Time) {
			ns := &m.nodes[b]
			if ns.server.Capacity() != want || ns.closed != closed {
				t.Errorf("%s: Balboa has %d berths (closed %v), want %d (closed %v)", m.clock.Date(now), ns.server.Capacity(), ns.closed, want, closed)
			}
		}
	}
	check(day(2025, 10, 11), berths(4, false))                // 5 x 0.8
	check(day(2025, 10, 12).Add(time.Hour), berths(2, false)) // the lower factor wins: 5 x 0.4
	check(day(2025, 10, 13).Add(time.Hour), berths(0, true))  // closed whatever the factors
	check(day(2025, 10, 16).Add(time.Hour), berths(4, false))
	check(day(2025, 10, 21), berths(5, false))
	check(day(2025, 10, 15), func(now kernel.Time) {
		// Productivity 0.5 and a ramp from 0.2 half way (0.6): 0.5 wins.
		if got := m.productivity(b, now); got != 0.5 {
			t.Errorf("productivity %g, want 0.5", got)
		}
	})
	check(day(2025, 10, 11), func(now kernel.Time) {
		// One day into a ten-day ramp from 0.2: 0.28, below 0.5.
		if got := m.productivity(b, now); math.Abs(got-0.28) > 1e-9 {
			t.Errorf("productivity %g, want 0.28", got)
		}
	})
	lanes := func(want int) func(kernel.Time) {
		return func(now kernel.Time) {
			if got := m.locks[g].active; got != want {
				t.Errorf("%s: Gatún has %d lanes in service, want %d", m.clock.Date(now), got, want)
			}
		}
	}
	check(day(2025, 10, 10).Add(time.Hour), lanes(1))
	check(day(2025, 10, 11).Add(time.Hour), lanes(0)) // round(2 x 0.5) - 1
	check(day(2025, 10, 12).Add(time.Hour), lanes(1))
	check(day(2025, 10, 20).Add(time.Hour), lanes(2))
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestRefusal: Balboa refuses COSCO and OOCL for 20 days. No COSCO or
// OOCL call is worked at Balboa in the window; those calls go to PSA (the
// other Pacific terminal) or are lost (their ships turn at Panama, so the
// railway is not an option), most of them to PSA; other carriers' calls at
// Balboa go on; after the window COSCO and OOCL call at Balboa again.
func TestRefusal(t *testing.T) {
	from, until := day(2025, 10, 15), day(2025, 11, 4)
	sc := short(Disruption{Target: Target{Nodes: []string{"balboa"}}, Effect: Refusal,
		Filter: Filter{Carriers: []string{"cosco", "oocl"}}, From: from, Until: until})
	m, calls := runCalls(t, sc, 0, true)
	in := func(c call) bool {
		d := m.clock.Date(c.start)
		return !d.Before(from) && d.Before(until)
	}
	var refusedAtBalboa, movedToPSA, othersAtBalboa, after int
	for _, c := range calls {
		chinese := c.carrier == "cosco" || c.carrier == "oocl"
		switch {
		case chinese && in(c) && c.node == "balboa":
			refusedAtBalboa++
		case chinese && in(c) && c.node == "psa":
			movedToPSA++
		case !chinese && in(c) && c.node == "balboa":
			othersAtBalboa++
		case chinese && !in(c) && c.node == "balboa" && m.clock.Date(c.start).After(until):
			after++
		}
	}
	diverted, lost, rail := 0, 0, 0.0
	for _, d := range m.days {
		diverted += d.DivertedCalls
		lost += d.LostCalls
		rail += d.RailTEU
	}
	t.Logf("COSCO/OOCL calls moved to PSA %d, lost %d; other carriers' calls at Balboa %d; COSCO/OOCL at Balboa after %d", movedToPSA, lost, othersAtBalboa, after)
	if refusedAtBalboa > 0 {
		t.Errorf("%d COSCO or OOCL calls worked at Balboa while it refused them", refusedAtBalboa)
	}
	// Rail carries only the far-side boxes of vessels that gave up on the
	// canal: the refused calls go to PSA, but for those that come when PSA
	// has no room.
	if movedToPSA == 0 || diverted < movedToPSA || othersAtBalboa == 0 || after == 0 || 2*lost >= movedToPSA {
		t.Errorf("moved to PSA %d, diverted %d, others at Balboa %d, after %d, lost %d, rail %g", movedToPSA, diverted, othersAtBalboa, after, lost, rail)
	}
}

// TestObstruction: a vessel sunk at Balboa blocks the Pacific approach for
// three days: no transit is completed from the Pacific side and no call is
// worked at PSA (behind the same approach) on the day fully inside the
// window; traffic resumes after it.
func TestObstruction(t *testing.T) {
	from := day(2025, 10, 20)
	sc := short(Disruption{Target: Target{Nodes: []string{"balboa"}}, Effect: Obstruction, From: from, Until: from.AddDate(0, 0, 3)})
	m, calls := runCalls(t, sc, 0, true)
	if got := m.windows[0].Nodes; !slices.Equal(got, []string{"pacific-approach", "balboa"}) {
		t.Errorf("obstruction closes %v, want the approach and Balboa", got)
	}
	for _, c := range calls {
		if d := m.clock.Date(c.start); c.node == "psa" && d.After(from.Add(time.Hour)) && d.Before(from.AddDate(0, 0, 3)) {
			t.Errorf("PSA started a call at %s behind the blocked approach", d)
		}
	}
	inside := m.day(m.start + kernel.Time(from.Sub(m.sc.Start).Hours()/24+1)*kernel.Day)
	afterwards := m.day(m.start + kernel.Time(from.Sub(m.sc.Start).Hours()/24+6)*kernel.Day)
	if inside.LockQueue == 0 && inside.Queue < 10 {
		t.Errorf("%s: queues %d at the anchorages and %d at the locks; the blocked approach should hold vessels", inside.Date, inside.Queue, inside.LockQueue)
	}
	if afterwards.Transits < 20 {
		t.Errorf("%s: %d transits after the obstruction; traffic should resume", afterwards.Date, afterwards.Transits)
	}
}

// TestLaneOutage: Agua Clara's single lane out for five days stops the
// Neopanamax locks (the two complexes are in series) and nothing else;
// the canal holds Neopanamax ships at the anchorages rather than sending
// them into the locks, so the anchorage queue grows, not the lock queue,
// and ships that have waited past their segment's threshold (impatient)
// give up.
func TestLaneOutage(t *testing.T) {
	from := day(2025, 10, 20)
	sc := short(Disruption{Target: Target{Nodes: []string{"agua-clara-locks"}}, Effect: LaneOutage, From: from, Until: from.AddDate(0, 0, 5)})
	sc.Demand = impatient()
	m, _ := runCalls(t, sc, 0, true)
	first := int(from.Sub(sc.Start).Hours() / 24)
	before, during := m.days[first-1], m.days[first+4]
	if during.Queue < before.Queue+12 || during.LockQueue > before.LockQueue+10 {
		t.Errorf("anchorage queue %d -> %d, lock queue %d -> %d over the outage; want the anchorage queue to grow by 12 or more and the lock queue by at most 10",
			before.Queue, during.Queue, before.LockQueue, during.LockQueue)
	}
	gaveUp := 0
	for d := first; d <= first+5; d++ {
		gaveUp += m.days[d].Diverted
	}
	if gaveUp < 5 {
		t.Errorf("%d vessels diverted during the outage; want those that waited past their threshold to give up", gaveUp)
	}
	for d := 1; d < 5; d++ {
		x := m.days[int(from.Sub(sc.Start).Hours()/24)+d]
		// A vessel in Cocolí's flight when the outage starts may still
		// complete a southbound transit on the first day.
		if x.TransitsNeopanamax > 0 && d > 1 || x.TransitsPanamax < 15 {
			t.Errorf("%s: %d Neopanamax and %d Panamax transits during the outage", x.Date.Format(time.DateOnly), x.TransitsNeopanamax, x.TransitsPanamax)
		}
	}
}

// TestProductivity: at half productivity a call at Balboa takes twice as
// long, exactly.
func TestProductivity(t *testing.T) {
	sc := short(Disruption{Target: Target{Nodes: []string{"balboa"}}, Effect: ProductivityFactor, Factor: 0.5, From: day(2025, 9, 1), Until: day(2025, 12, 30)})
	_, calls := runCalls(t, sc, 0, true)
	n := 0
	rate := network.Panama().Node("balboa").Terminal.TEUPerHour()
	for _, c := range calls {
		if c.node != "balboa" {
			continue
		}
		n++
		if want := kernel.FromHours(c.teu / (0.5 * rate)); c.end-c.start != want {
			t.Fatalf("a %.0f TEU call took %v, want %v", c.teu, c.end-c.start, want)
		}
	}
	if n == 0 {
		t.Fatal("no call at Balboa")
	}
}

// TestRandomWindows draws the windows of a risk event over many
// replications: it happens in about its probability of them; its onset and
// length stay within their distributions' ranges; the same replication
// draws the same window every time; and a run where it did not happen is
// identical to its baseline.
func TestRandomWindows(t *testing.T) {
	d := Disruption{
		Target: Target{Owner: "ck-hutchison"}, Effect: Closure, From: day(2025, 10, 10),
		Delay:       &Dist{Kind: Uniform, Min: 0, Max: 20},
		Duration:    &Dist{Kind: Triangular, Min: 1, Mode: 3, Max: 10},
		Probability: 0.3,
	}
	p, err := newPlan(short(d))
	if err != nil {
		t.Fatal(err)
	}
	const reps = 2000
	occurred := 0
	for rep := range reps {
		streams := kernel.Streams{Seed: 1, Replication: uint64(rep)}
		w := p.drawWindows(streams)[0]
		again := p.drawWindows(streams)[0]
		if w.occurs != again.occurs || w.from != again.from || w.until != again.until {
			t.Fatalf("rep %d drew two different windows", rep)
		}
		if !w.occurs {
			continue
		}
		occurred++
		delay := w.From.Sub(d.From).Hours() / 24
		length := w.Until.Sub(w.From).Hours() / 24
		if delay < 0 || delay > 20 || length < 1 || length > 10 {
			t.Fatalf("rep %d: delay %g days, length %g days", rep, delay, length)
		}
	}
	// Binomial(2000, 0.3): sd 20.5; allow 4 sd.
	if math.Abs(float64(occurred)-0.3*reps) > 82 {
		t.Errorf("happened in %d of %d replications, want about %d", occurred, reps, int(0.3*reps))
	}
	res, err := Study(context.Background(), &Scenario{Name: "risk", Start: day(2025, 10, 1), Days: 40, WarmupDays: 7, Seed: 1, Replications: 8, Disruptions: []Disruption{d}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	quiet := 0
	for i, run := range res.Disrupted {
		if run.Windows[0].Occurred {
			continue
		}
		quiet++
		if !slices.EqualFunc(run.Days, res.Baseline[i].Days, func(a, b Day) bool { return a.TEU == b.TEU && a.Transits == b.Transits }) {
			t.Errorf("rep %d: the disruption did not happen, yet the run differs from its baseline", i)
		}
	}
	if quiet == 0 {
		t.Log("every replication drew the event; the quiet-run check did not run")
	}
}

// TestDemandShock halves container arrivals for 20 days: container
// arrivals fall by about half in the window, other segments' arrivals are
// the same vessels as in the baseline, and outside the window both
// variants see the same arrivals.
func TestDemandShock(t *testing.T) {
	from, until := day(2025, 10, 20), day(2025, 11, 9)
	sc := short(Disruption{Effect: DemandShock, Factor: 0.5, Filter: Filter{Segments: []string{"container"}}, From: from, Until: until})
	sc.Replications = 4
	res, err := Study(context.Background(), sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var base, scen, baseOut, scenOut float64
	for i := range res.Disrupted {
		for d, x := range res.Disrupted[i].Days {
			b := res.Baseline[i].Days[d]
			if !x.Date.Before(from) && x.Date.Before(until) {
				base += float64(b.Arrivals)
				scen += float64(x.Arrivals)
			} else if x.Date.Before(from) {
				baseOut += float64(b.Arrivals)
				scenOut += float64(x.Arrivals)
			}
		}
	}
	// Container vessels are 45% of arrivals (21.8 of 48.8 a day: 7.6
	// transiting, 14.2 calling without a transit); halving them removes
	// 22%.
	if r := scen / base; r < 0.74 || r > 0.81 {
		t.Errorf("arrivals in the window: scenario/baseline %.3f, want about 0.776", r)
	}
	if baseOut != scenOut {
		t.Errorf("arrivals before the window differ: %g vs %g", baseOut, scenOut)
	}
}

// TestDist checks the quantiles of each family and that Check rejects
// what is not a distribution of a non-negative quantity.
func TestDist(t *testing.T) {
	cases := []struct {
		d     Dist
		p, q  float64
		valid bool
	}{
		{Dist{Kind: Fixed, Value: 3}, 0.7, 3, true},
		{Dist{Kind: Uniform, Min: 1, Max: 3}, 0.25, 1.5, true},
		{Dist{Kind: Triangular, Min: 0, Mode: 1, Max: 2}, 0.5, 1, true},
		{Dist{Kind: Exponential, Mean: 2}, 1 - math.Exp(-1), 2, true},
		{Dist{Kind: LogNormal, Median: 10, P95: 40}, 0.5, 10, true},
		{Dist{Kind: LogNormal, Median: 10, P95: 40}, 0.95, 40, true},
		{Dist{Kind: Uniform, Min: 3, Max: 1}, 0, 0, false},
		{Dist{Kind: Triangular, Min: 1, Mode: 0, Max: 2}, 0, 0, false},
		{Dist{Kind: Exponential}, 0, 0, false},
		{Dist{Kind: LogNormal, Median: 10, P95: 5}, 0, 0, false},
		{Dist{Kind: Fixed, Value: -1}, 0, 0, false},
		{Dist{Kind: "gamma"}, 0, 0, false},
	}
	for _, c := range cases {
		err := c.d.Check()
		if (err == nil) != c.valid {
			t.Errorf("%s: Check = %v, want valid %v", c.d.String(), err, c.valid)
			continue
		}
		if c.valid && math.Abs(c.d.Quantile(c.p)-c.q) > 1e-9 {
			t.Errorf("%s: quantile(%g) = %g, want %g", c.d.String(), c.p, c.d.Quantile(c.p), c.q)
		}
	}
	// Sampling: the mean of a uniform(1, 3) is 2.
	rng := rand.New(rand.NewPCG(1, 2))
	d := Dist{Kind: Uniform, Min: 1, Max: 3}
	sum := 0.0
	for range 100000 {
		sum += d.Sample(rng)
	}
	if mean := sum / 100000; math.Abs(mean-2) > 0.01 {
		t.Errorf("uniform(1, 3) sample mean %g, want 2", mean)
	}
}

// TestEveryNodeAndEffect applies every targeted effect to every node it
// may act on, for three days in a 45-day run, and checks that the run
// completes with its vessels accounted for (arrived = departed + diverted
// + inside), that what is inside at the end is a bounded queue, and that
// TEU are accounted for on every day (the terminals' sum is the total).
func TestEveryNodeAndEffect(t *testing.T) {
	net := network.Panama()
	from := day(2025, 10, 20)
	for _, e := range effects {
		if !e.Targeted() {
			continue
		}
		for _, nd := range net.Nodes {
			if !slices.Contains(e.Kinds(), nd.Kind) {
				continue
			}
			d := Disruption{Target: Target{Nodes: []string{nd.ID}}, Effect: e, From: from, Until: from.AddDate(0, 0, 3)}
			switch e {
			case CapacityFactor, ProductivityFactor:
				d.Factor = 0.5
			case RampUp:
				d.Factor = 0.2
			case Refusal:
				d.Filter = Filter{Segments: []string{"container"}}
			}
			sc := &Scenario{Name: "every", Start: day(2025, 10, 1), Days: 45, WarmupDays: 7, Seed: 3, Replications: 1, Disruptions: []Disruption{d}}
			p, err := newPlan(sc)
			if err != nil {
				t.Errorf("%s on %s: %v", e, nd.ID, err)
				continue
			}
			m := newModel(p, 0, true)
			if err := m.run(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkSlots(t, m)
			run := Run{Arrived: m.arrived, Departed: m.departed, Diverted: m.diverted, Inside: len(m.vessels) - len(m.free), Days: m.days}
			if run.Arrived != run.Departed+run.Diverted+run.Inside || run.Inside > 250 {
				t.Errorf("%s on %s: arrived %d, departed %d, diverted %d, inside %d", e, nd.ID, run.Arrived, run.Departed, run.Diverted, run.Inside)
			}
			for _, x := range run.Days {
				sum := 0.0
				for _, v := range x.TerminalTEU {
					sum += v
				}
				if math.Abs(sum-x.TEU) > 1e-6*max(1, x.TEU) || x.DivertedCalls < 0 || x.LostCalls < 0 || x.RailTEU < 0 {
					t.Errorf("%s on %s, %s: TEU %g, terminals %g, diverted %d, lost %d, rail %g", e, nd.ID, x.Date.Format(time.DateOnly), x.TEU, sum, x.DivertedCalls, x.LostCalls, x.RailTEU)
				}
			}
		}
	}
}

// TestOverlapRace: a capacity cut that ends at the instant a refusal
// starts, on the same terminal, with vessels queued (the case where a
// higher capacity grants berths at once). Every vessel must be worked or
// sent elsewhere once: no vessel slot freed twice, no panic, and the
// vessels accounted for.
func TestOverlapRace(t *testing.T) {
	at := day(2025, 10, 20)
	sc := short(
		Disruption{Target: Target{Nodes: []string{"balboa"}}, Effect: CapacityFactor, Factor: 0.2, From: day(2025, 10, 5), Until: at},
		Disruption{Target: Target{Nodes: []string{"balboa"}}, Effect: Refusal, Filter: Filter{Carriers: []string{"maersk"}}, From: at, Until: at.AddDate(0, 0, 10)},
	)
	for rep := range 10 {
		m, _ := runCalls(t, sc, rep, true)
		checkSlots(t, m)
	}
}

// checkSlots fails if a vessel slot is on the free list twice, or if the
// vessels arrived are not those departed, diverted and inside.
func checkSlots(t *testing.T, m *model) {
	t.Helper()
	seen := map[int32]bool{}
	for _, v := range m.free {
		if seen[v] {
			t.Fatalf("vessel slot %d freed twice", v)
		}
		seen[v] = true
	}
	if inside := len(m.vessels) - len(m.free); m.arrived != m.departed+m.diverted+inside {
		t.Errorf("arrived %d != departed %d + diverted %d + inside %d", m.arrived, m.departed, m.diverted, inside)
	}
}

// TestOwnershipOverTime: CK Hutchison's terminals refuse Maersk from
// 2026-01-15 for 75 days. CK Hutchison holds Balboa and Cristóbal (through
// Panama Ports Company) until 2026-02-23, when APM Terminals takes
// Balboa: from then on the refusal no longer applies there, and Balboa
// serves Maersk again before the window ends.
func TestOwnershipOverTime(t *testing.T) {
	from, handover := day(2026, 1, 15), day(2026, 2, 23)
	until := from.AddDate(0, 0, 75)
	sc := &Scenario{Name: "t", Start: day(2026, 1, 1), Days: 100, WarmupDays: 14, Seed: 1, Replications: 1,
		Disruptions: []Disruption{{Target: Target{Owner: "ck-hutchison"}, Effect: Refusal,
			Filter: Filter{Carriers: []string{"maersk"}}, From: from, Until: until}}}
	m, calls := runCalls(t, sc, 0, true)
	var refused, servedAfter, servedBefore int
	for _, c := range calls {
		d := m.clock.Date(c.start)
		if c.carrier != "maersk" || c.node != "balboa" {
			continue
		}
		switch {
		case !d.Before(from) && d.Before(handover):
			refused++
		case !d.Before(handover) && d.Before(until):
			servedAfter++
		case d.Before(from):
			servedBefore++
		}
	}
	t.Logf("Maersk calls at Balboa: %d before the refusal, %d while CK Hutchison held it, %d after the handover within the window", servedBefore, refused, servedAfter)
	if refused > 0 {
		t.Errorf("%d Maersk calls started at Balboa while CK Hutchison held it and refused Maersk", refused)
	}
	if servedAfter < 50 || servedBefore == 0 {
		t.Errorf("Maersk calls at Balboa: %d before, %d after the handover; Balboa should serve Maersk once APM Terminals holds it", servedBefore, servedAfter)
	}
	// The day before the handover Balboa loses Maersk's calls; the day
	// after, it works them as in the baseline.
	_, base := runCalls(t, sc, 0, false)
	count := func(cs []call, on time.Time) (n int) {
		for _, c := range cs {
			if d := m.clock.Date(c.start); c.node == "balboa" && c.carrier == "maersk" && !d.Before(on) && d.Before(on.AddDate(0, 0, 7)) {
				n++
			}
		}
		return n
	}
	if late, b := count(calls, handover.AddDate(0, 0, 14)), count(base, handover.AddDate(0, 0, 14)); late < b*8/10 {
		t.Errorf("Maersk calls at Balboa two weeks after the handover: %d, baseline %d", late, b)
	}
}

// TestResolveOver: a target by owner follows the tenures of the nodes
// over a period; one by node does not; one that matches nothing in the
// period is an error.
func TestResolveOver(t *testing.T) {
	net := network.Panama()
	tests := []struct {
		target      Target
		from, until time.Time
		want        string
	}{
		{Target{Owner: "ck-hutchison"}, day(2026, 1, 15), day(2026, 3, 31), "balboa 2026-01-15..2026-02-23; cristobal 2026-01-15..2026-02-23"},
		{Target{Owner: "maersk", Kind: network.Terminal}, day(2026, 1, 15), day(2026, 3, 31), "balboa 2026-02-23..2026-03-31"},
		{Target{Operator: "ppc"}, day(2025, 1, 1), day(2025, 2, 1), "balboa 2025-01-01..2025-02-01; cristobal 2025-01-01..2025-02-01"},
		{Target{Nodes: []string{"balboa"}}, day(2026, 1, 15), day(2026, 3, 31), "balboa 2026-01-15..2026-03-31"},
		{Target{Owner: "ck-hutchison"}, day(2026, 3, 1), day(2026, 4, 1), "error: owner ck-hutchison matches nothing from 2026-03-01 to 2026-04-01"},
	}
	for _, tt := range tests {
		var got []string
		ms, err := tt.target.ResolveOver(net, tt.from, tt.until)
		if err != nil {
			got = append(got, "error: "+strings.TrimPrefix(err.Error(), "sim: target: "))
		}
		for _, m := range ms {
			s := m.Node.ID
			for i, sp := range m.Spans {
				if i > 0 {
					s += ","
				}
				s += " " + sp.From.Format(time.DateOnly) + ".." + sp.Until.Format(time.DateOnly)
			}
			got = append(got, s)
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("%s from %s: got %q, want %q", tt.target, tt.from.Format(time.DateOnly), g, tt.want)
		}
	}
}
