package sim

import (
	"context"
	"testing"

	"github.com/canalsim/canalsim/sim/kernel"
)

// ppcClosure is the library's ppc-closure scenario: Balboa and Cristóbal
// closed for 30 days.
func ppcClosure() *Scenario {
	return &Scenario{
		Name: "ppc-closure", Start: day(2025, 10, 1), Days: 120, WarmupDays: 14, Seed: 1, Replications: 1,
		Disruptions: []Disruption{{Name: "PPC closed", Target: Target{Operator: "ppc"}, Effect: Closure,
			From: day(2025, 11, 1), Until: day(2025, 12, 1)}},
	}
}

// intake runs one replication and returns, by terminal node and day (from
// the start of the warm-up), the TEU each terminal took and the part of
// it that came from other terminals.
func intake(t *testing.T, sc *Scenario, rep int, disrupted bool) (m *model, all, others map[int][]float64) {
	t.Helper()
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m = newModel(p, rep, disrupted)
	all, others = map[int][]float64{}, map[int][]float64{}
	for _, nd := range p.terminals {
		all[nd.Index] = make([]float64, p.totalDays)
		others[nd.Index] = make([]float64, p.totalDays)
	}
	m.onTake = func(node, day int, teu float64, other bool) {
		all[node][day] += teu
		if other {
			others[node][day] += teu
		}
	}
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m, all, others
}

// TestCapacityBound runs ppc-closure: in every 7 days in which a terminal
// took other terminals' calls (shifted to it, or boxes railed to it), its
// intake, its own calls included, stays within (1 + capacity_margin)
// times 7 days of its design capacity; and the closure makes the others
// take calls up to that bound.
func TestCapacityBound(t *testing.T) {
	sc := ppcClosure()
	margin := PanamaDemand().CallDiversion.CapacityMargin
	for rep := range 2 {
		m, all, others := intake(t, sc, rep, true)
		t.Logf("rep %d: %d own calls waited for room, %.1f h on average", rep, m.heldCalls, m.heldTime.Hours()/float64(max(1, m.heldCalls)))
		for _, nd := range m.terminals {
			week := intakeDays * nd.Terminal.CapacityTEUPerYear / 365
			busiest, withOthers := 0.0, 0.0
			for d := 0; d+intakeDays <= len(all[nd.Index]); d++ {
				a, o := 0.0, 0.0
				for k := d; k < d+intakeDays; k++ {
					a += all[nd.Index][k]
					o += others[nd.Index][k]
				}
				busiest = max(busiest, a/week)
				if o > 0 {
					withOthers = max(withOthers, a/week)
				}
				if o > 0 && a > (1+margin)*week*(1+1e-9) {
					t.Errorf("rep %d %s: %.0f TEU taken in the 7 days from day %d, %.0f of them from other terminals; the bound is %.0f", rep, nd.ID, a, d, o, (1+margin)*week)
				}
			}
			t.Logf("rep %d %-9s busiest week %.3f of design capacity; with others' calls %.3f", rep, nd.ID, busiest, withOthers)
			if nd.ID == "mit" && withOthers < 1 {
				t.Errorf("rep %d: MIT's busiest week with others' calls is %.3f of its design capacity; the closure should fill it", rep, withOthers)
			}
		}
	}
}

// TestBacklogAfterReopening: a terminal whose berths are cut keeps the
// calls that find no room elsewhere waiting; when its berths come back,
// the queue is worked at once at the rate of all its berths and cranes,
// not held to its design capacity.
func TestBacklogAfterReopening(t *testing.T) {
	dem := *PanamaDemand()
	dem.CallDiversion.RoomPerBerth = 1000 // no room elsewhere: calls wait
	from, until := day(2025, 10, 10), day(2025, 10, 16)
	sc := &Scenario{Name: "mit-berths", Start: day(2025, 10, 1), Days: 30, WarmupDays: 14, Seed: 5, Replications: 1, Demand: &dem,
		Disruptions: []Disruption{{Target: Target{Nodes: []string{"mit"}}, Effect: CapacityFactor, Factor: 0.125, From: from, Until: until}}}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(p, 0, true)
	mit := p.net.Node("mit")
	end := p.ticks(until)
	var queued []uint32 // vessels waiting at MIT as the window ends
	m.sim.Schedule(end, kernel.HandlerFunc(func(s *kernel.Sim, _ int64) {
		for _, v := range m.nodes[mit.Index].waiting {
			queued = append(queued, m.vessels[v].serial)
		}
	}), 0)
	starts := map[uint32]kernel.Time{}
	var backlog float64
	m.onCall = func(v *vessel, node int, teu float64, start, _ kernel.Time) {
		if node == mit.Index {
			starts[v.serial] = start
			for _, q := range queued {
				if q == v.serial {
					backlog += teu
				}
			}
		}
	}
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	spec := mit.Terminal
	if len(queued) < 2*spec.Berths {
		t.Fatalf("%d calls waiting at MIT as its berths came back; want a backlog of at least %d", len(queued), 2*spec.Berths)
	}
	// The berths that come back (all but the one in service) take the
	// head of the queue as the window ends; all of it starts within the
	// time its berths need for it, with a day of slack.
	var last kernel.Time
	for i, q := range queued {
		st, ok := starts[q]
		if !ok {
			t.Fatalf("call %d of the backlog was never worked", i)
		}
		if i < spec.Berths-1 && st != end {
			t.Errorf("call %d of the backlog started %v after the berths came back; want at once", i, st-end)
		}
		last = max(last, st)
	}
	need := backlog / (float64(spec.Berths) * spec.TEUPerHour())
	if got := (last - end).Hours(); got > need+24 {
		t.Errorf("the backlog of %.0f TEU took %.1f h to start; its berths need %.1f h", backlog, got, need)
	}
	perDay := spec.CapacityTEUPerYear / 365
	t.Logf("backlog of %d calls, %.0f TEU (%.1f days of design capacity) all started within %.1f h", len(queued), backlog, backlog/perDay, (last - end).Hours())
}

// TestDivertedCalls: in a normal year, a vessel that gives up on the canal
// has made the calls before its transit, on its arrival side; the boxes of
// its calls on the far side cross by rail (the policy allows it), so the
// year loses next to no TEU: under 0.1% of those handled. (In a normal
// year the few that give up are unbooked Neopanamax container ships and
// LNG carriers in the dry season's queue, 42 and 99 in these two runs.)
func TestDivertedCalls(t *testing.T) {
	sc := &Scenario{Name: "baseline", Demand: PanamaDemand(), Start: day(2025, 10, 1), Days: 365, WarmupDays: 14, Seed: 1, Replications: 1}
	p, err := newPlan(sc)
	if err != nil {
		t.Fatal(err)
	}
	for rep := range 2 {
		m := newModel(p, rep, false)
		made := map[uint32]int{} // calls made, by vessel
		m.onCall = func(v *vessel, _ int, _ float64, _, _ kernel.Time) { made[v.serial]++ }
		type diversion struct {
			serial   uint32
			before   int     // calls on its route before the transit
			farSide  float64 // TEU of its calls after it
			reported bool
		}
		var divs []diversion
		m.onDivert = func(v *vessel) {
			sp := &m.streams[v.stream]
			dv := diversion{serial: v.serial, reported: m.day(m.sim.Now()) != nil}
			for i, st := range sp.steps {
				if st.action != actCall {
					continue
				}
				if i <= int(v.step) {
					dv.before++
				} else {
					dv.farSide += v.teu[st.call]
				}
			}
			divs = append(divs, dv)
		}
		if err := m.run(context.Background()); err != nil {
			t.Fatal(err)
		}
		withBefore, farSide := 0, 0.0
		for _, dv := range divs {
			if dv.before > 0 {
				withBefore++
				if made[dv.serial] != dv.before {
					t.Errorf("rep %d: vessel %d diverted having made %d of its %d calls before the transit", rep, dv.serial, made[dv.serial], dv.before)
				}
			}
			if dv.reported {
				farSide += dv.farSide
			}
		}
		var handled, lost, rail float64
		for _, d := range m.days {
			handled += d.TEU
			lost += d.LostTEU
			rail += d.RailTEU
		}
		t.Logf("rep %d: %d vessels diverted, %d after calls before their transit; far side %.0f TEU: %.0f by rail, %.0f lost (%.3f%% of %.0f handled)", rep, len(divs), withBefore, farSide, rail, lost, 100*lost/handled, handled)
		if withBefore == 0 {
			t.Errorf("rep %d: no diverted vessel had a call before its transit; the test checks nothing", rep)
		}
		if lost > 0.001*handled {
			t.Errorf("rep %d: a normal year lost %.0f TEU, %.2f%% of the %.0f handled; want under 0.1%%", rep, lost, 100*lost/handled, handled)
		}
		if rail > farSide+1e-6 {
			t.Errorf("rep %d: %.0f TEU by rail in a normal year, more than the %.0f of the diverted vessels' far-side calls", rep, rail, farSide)
		}
	}
}
