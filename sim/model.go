package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// This file is the model: vessels as state machines driven by kernel
// events, moving along precomputed routes through servers (lock lanes,
// berths, gates on the other nodes).
//
// A vessel's life: it arrives at its origin anchorage; at each node of its
// route it asks that node's server for a unit (a lock lane, a berth, or
// passage through an open gate); once granted it is served (a lockage, a
// call) and travels the reach to the next node; at its destination it
// leaves. A transit is counted when a vessel leaves the last lock of its
// route, on that day.

// actions at a route step.
const (
	actPass   = iota // pass through when the node is open
	actLock          // a lockage
	actCall          // a terminal call
	actDepart        // leave the network (destination)
)

// step is one node of a route and what happens there.
type step struct {
	node   int32
	action uint8
	call   int16       // index into the stream's calls for actCall
	travel kernel.Time // time to the next step's node
	// lastLock marks the step where the transit completes.
	lastLock bool
}

// streamPlan is a stream prepared for every run: its route as steps.
type streamPlan struct {
	spec    *Stream
	steps   []step
	meanGap float64 // mean time between arrivals, in hours (0: none)
}

// nodePlan holds a node's parameters in kernel units.
type nodePlan struct {
	spec     *network.Node
	capacity int         // capacity when open
	hold     kernel.Time // time a lock lane is held (headway)
	service  kernel.Time // lockage time
	terminal int         // index into plan.terminals, or -1
}

// window is a resolved disruption.
type window struct {
	Window
	nodes       []int
	from, until kernel.Time
}

// plan is what every run of a scenario shares, built once per study and
// only read afterwards: routes as steps, node parameters in ticks, the
// resolved disruption windows.
type plan struct {
	sc        *Scenario
	clock     kernel.Clock
	start     kernel.Time // tick of the first reported day
	nodes     []nodePlan
	streams   []streamPlan
	terminals []*network.Node
	windows   []window
}

// nodeState is the state of a node during a run.
type nodeState struct {
	*nodePlan
	server *kernel.Server
	closed int // nesting count of closures in force
	// waiting lists the vessels queued at a terminal, so a closure can
	// turn them away.
	waiting []int32
}

// vessel is a vessel in the network. Vessels live in a slab reused
// through a free list, so a run allocates only while its peak population
// grows.
type vessel struct {
	stream int32
	step   int32
	ticket kernel.Ticket
	queued bool // waiting in a server's queue
	// cwtFrom is when canal waters time started: arrival at the
	// anchorage, or the end of a terminal call made before the transit.
	cwtFrom kernel.Time
	teu     [maxCalls]float64
}

// maxCalls bounds the calls of one stream (a fixed array keeps vessels
// free of per-vessel allocations).
const maxCalls = 4

// model is one simulation run of one scenario variant.
type model struct {
	*plan
	sim       kernel.Sim
	nodes     []nodeState
	rngs      []*rand.Rand // by stream
	vessels   []vessel
	free      []int32
	days      []Day
	windows   []window // in force in this variant
	canalWait int      // vessels queued at locks and closed gates
	arrived   int
	departed  int
	// handlers
	arrive, reach, grant, done, release, midnight, disrupt kernel.Handler
}

// unlimited is the capacity of a gate that never binds.
const unlimited = 1 << 30

// newPlan checks sc and prepares its runs.
func newPlan(sc *Scenario) (*plan, error) {
	if err := sc.Check(); err != nil {
		return nil, err
	}
	net, dem := sc.network(), sc.demand()
	p := &plan{sc: sc, terminals: net.Terminals()}
	p.clock = kernel.NewClock(sc.Start.AddDate(0, 0, -sc.WarmupDays))
	p.start = kernel.Time(sc.WarmupDays) * kernel.Day

	p.nodes = make([]nodePlan, len(net.Nodes))
	for i, nd := range net.Nodes {
		np := &p.nodes[i]
		np.spec, np.terminal, np.capacity = nd, -1, unlimited
		switch nd.Kind {
		case network.Lock:
			np.capacity = nd.Lock.Lanes
			np.hold = minutes(nd.Lock.HeadwayMinutes)
			np.service = minutes(nd.Lock.LockageMinutes)
		case network.Terminal:
			np.capacity = nd.Terminal.Berths
			np.terminal = slices.Index(p.terminals, nd)
		}
	}

	classes := map[string]*Class{}
	for i := range dem.Classes {
		classes[dem.Classes[i].ID] = &dem.Classes[i]
	}
	for i := range dem.Streams {
		s := &dem.Streams[i]
		if len(s.Calls) > maxCalls {
			return nil, fmt.Errorf("sim: stream %s has %d calls; at most %d are supported", s.Name, len(s.Calls), maxCalls)
		}
		route, err := streamRoute(net, s, classes[s.Class])
		if err != nil {
			return nil, fmt.Errorf("sim: stream %s: %w", s.Name, err)
		}
		sp := streamPlan{spec: s, steps: buildSteps(route, s)}
		if s.PerDay > 0 {
			sp.meanGap = 24 / s.PerDay
		}
		p.streams = append(p.streams, sp)
	}

	for _, d := range sc.Disruptions {
		nodes, err := d.Target.Resolve(net, sc.Start)
		if err != nil {
			return nil, err
		}
		w := window{Window: Window{Name: d.Name, Effect: d.Effect, Target: d.Target.String(), From: d.From, Until: d.Until}}
		for _, nd := range nodes {
			w.nodes = append(w.nodes, nd.Index)
			w.Nodes = append(w.Nodes, nd.ID)
		}
		if w.from, err = p.clock.Time(d.From); err != nil {
			return nil, err
		}
		if w.until, err = p.clock.Time(d.Until); err != nil {
			return nil, err
		}
		p.windows = append(p.windows, w)
	}
	return p, nil
}

// newModel prepares one run of a plan: servers, random streams, days.
func newModel(p *plan, rep int, disrupted bool) *model {
	m := &model{plan: p}
	m.arrive = kernel.HandlerFunc(m.onArrive)
	m.reach = kernel.HandlerFunc(m.onReach)
	m.grant = kernel.HandlerFunc(m.onGrant)
	m.done = kernel.HandlerFunc(m.onDone)
	m.release = kernel.HandlerFunc(m.onRelease)
	m.midnight = kernel.HandlerFunc(m.onMidnight)
	m.disrupt = kernel.HandlerFunc(m.onDisrupt)

	m.nodes = make([]nodeState, len(p.nodes))
	for i := range p.nodes {
		m.nodes[i] = nodeState{nodePlan: &p.nodes[i], server: kernel.NewServer(p.nodes[i].capacity)}
	}
	streams := kernel.Streams{Seed: p.sc.Seed, Replication: uint64(rep)}
	m.rngs = make([]*rand.Rand, len(p.streams))
	for i, sp := range p.streams {
		m.rngs[i] = streams.Stream("arrivals/" + sp.spec.Name)
	}
	m.days = make([]Day, p.sc.Days)
	for d := range m.days {
		m.days[d] = Day{Date: p.sc.Start.AddDate(0, 0, d), TerminalTEU: make([]float64, len(p.terminals))}
	}
	if disrupted {
		m.windows = p.windows
	}
	return m
}

func minutes(x float64) kernel.Time { return kernel.FromSeconds(x * 60) }

// buildSteps turns a route into steps with their actions and travel
// times. Call steps are matched to the stream's calls in order.
func buildSteps(route network.Path, s *Stream) []step {
	steps := make([]step, len(route.Nodes))
	call, last := 0, -1
	for i, nd := range route.Nodes {
		st := &steps[i]
		st.node = int32(nd.Index)
		switch {
		case i == len(route.Nodes)-1:
			st.action = actDepart
		case nd.Kind == network.Lock:
			st.action = actLock
			last = i
		case nd.Kind == network.Terminal && call < len(s.Calls) && s.Calls[call].Terminal == nd.ID:
			st.action = actCall
			st.call = int16(call)
			call++
		default:
			st.action = actPass
		}
		if i < len(route.Reaches) {
			st.travel = kernel.FromHours(route.Reaches[i].Hours())
		}
	}
	if last >= 0 {
		steps[last].lastLock = true
	}
	return steps
}

// run simulates from the warm-up's start to the end of the last reported
// day.
func (m *model) run(ctx context.Context) error {
	for i := range m.streams {
		if m.streams[i].meanGap > 0 {
			m.sim.Schedule(m.gap(i), m.arrive, int64(i))
		}
	}
	for d := range m.days {
		m.sim.Schedule(m.start+kernel.Time(d+1)*kernel.Day, m.midnight, int64(d))
	}
	for i, w := range m.windows {
		m.sim.Schedule(max(w.from, 0), m.disrupt, int64(2*i))
		m.sim.Schedule(max(w.until, 0), m.disrupt, int64(2*i+1))
	}
	horizon := m.start + kernel.Time(len(m.days))*kernel.Day
	return m.sim.Run(ctx, horizon)
}

// gap draws the time to the next arrival of stream i.
func (m *model) gap(i int) kernel.Time {
	return kernel.FromHours(m.rngs[i].ExpFloat64() * m.streams[i].meanGap)
}

// day returns the reported day that holds time t, or nil in the warm-up.
func (m *model) day(t kernel.Time) *Day {
	if t < m.start {
		return nil
	}
	d := int((t - m.start) / kernel.Day)
	if d >= len(m.days) {
		return nil
	}
	return &m.days[d]
}

func (m *model) onArrive(s *kernel.Sim, arg int64) {
	i := int(arg)
	st := &m.streams[i]
	s.After(m.gap(i), m.arrive, arg)

	var v int32
	if n := len(m.free); n > 0 {
		v = m.free[n-1]
		m.free = m.free[:n-1]
	} else {
		v = int32(len(m.vessels))
		m.vessels = append(m.vessels, vessel{})
	}
	vs := &m.vessels[v]
	*vs = vessel{stream: int32(i), cwtFrom: s.Now()}
	m.arrived++
	// Draw every per-vessel number at arrival, from the stream's own
	// random source, so the baseline and the disrupted run give the same
	// vessel the same cargo.
	for c, call := range st.spec.Calls {
		vs.teu[c] = call.TEU * (0.5 + m.rngs[i].Float64())
	}
	if d := m.day(s.Now()); d != nil {
		d.Arrivals++
	}
	m.onReach(s, int64(v))
}

// onReach: vessel arg has reached the node of its current step.
func (m *model) onReach(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	ns := &m.nodes[st.node]
	switch st.action {
	case actDepart:
		m.free = append(m.free, int32(arg))
		m.departed++
		return
	case actCall:
		if ns.closed > 0 {
			m.skipCall(s, arg)
			return
		}
	}
	before := ns.server.Len()
	vs.ticket = ns.server.Request(s, 0, m.grant, arg)
	if ns.server.Len() > before {
		vs.queued = true
		if st.action == actCall {
			ns.waiting = append(ns.waiting, int32(arg))
		} else {
			m.wait(s, +1)
		}
	}
}

// wait changes the count of vessels queued in the canal and keeps the
// day's maximum.
func (m *model) wait(s *kernel.Sim, delta int) {
	m.canalWait += delta
	if d := m.day(s.Now()); d != nil && m.canalWait > d.QueueMax {
		d.QueueMax = m.canalWait
	}
}

// onGrant: vessel arg holds a unit of its current node's server.
func (m *model) onGrant(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	ns := &m.nodes[st.node]
	if vs.queued {
		vs.queued = false
		if st.action == actCall {
			ns.waiting = removeValue(ns.waiting, int32(arg))
		} else {
			m.wait(s, -1)
		}
	}
	switch st.action {
	case actPass:
		ns.server.Release(s)
		m.move(s, arg)
	case actLock:
		s.After(ns.hold, m.release, int64(st.node))
		s.After(ns.service, m.done, arg)
	case actCall:
		t := ns.spec.Terminal
		hours := vs.teu[st.call] / t.TEUPerHour()
		s.After(kernel.FromHours(hours), m.done, arg)
	}
}

// onDone: vessel arg has finished its lockage or call.
func (m *model) onDone(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	ns := &m.nodes[st.node]
	d := m.day(s.Now())
	switch st.action {
	case actLock:
		if st.lastLock && d != nil {
			d.Transits++
			if ns.spec.Lock.Type == network.Neopanamax {
				d.TransitsNeopanamax++
			} else {
				d.TransitsPanamax++
			}
			d.CWTTotalHours += (s.Now() - vs.cwtFrom).Hours()
		}
	case actCall:
		ns.server.Release(s)
		if d != nil {
			teu := vs.teu[st.call]
			d.TEU += teu
			d.TerminalTEU[ns.terminal] += teu
		}
		vs.cwtFrom = s.Now() + st.travel
	}
	m.move(s, arg)
}

// skipCall: the vessel's terminal is closed; it sails on without calling
// and its boxes are lost to the terminal.
func (m *model) skipCall(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	if d := m.day(s.Now()); d != nil {
		d.LostTEU += vs.teu[st.call]
	}
	vs.cwtFrom = s.Now() + st.travel
	m.move(s, arg)
}

// move sends vessel arg along the reach to its next step.
func (m *model) move(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	vs.step++
	s.After(st.travel, m.reach, arg)
}

// onRelease: a lock lane's headway has passed.
func (m *model) onRelease(s *kernel.Sim, arg int64) {
	m.nodes[arg].server.Release(s)
}

// onMidnight records the end-of-day queue of day arg.
func (m *model) onMidnight(s *kernel.Sim, arg int64) {
	m.days[arg].Queue = m.canalWait
}

// onDisrupt starts (even arg) or ends (odd arg) disruption arg/2.
func (m *model) onDisrupt(s *kernel.Sim, arg int64) {
	w := &m.windows[arg/2]
	starting := arg%2 == 0
	for _, n := range w.nodes {
		ns := &m.nodes[n]
		switch w.Effect {
		case Closure:
			if starting {
				ns.closed++
				if ns.closed == 1 {
					ns.server.SetCapacity(s, 0)
					m.turnAway(s, ns)
				}
			} else {
				ns.closed--
				if ns.closed == 0 {
					ns.server.SetCapacity(s, ns.capacity)
				}
			}
		}
	}
}

// turnAway sends the vessels queued at a terminal that has just closed on
// their way without their call.
func (m *model) turnAway(s *kernel.Sim, ns *nodeState) {
	for _, v := range ns.waiting {
		vs := &m.vessels[v]
		ns.server.Withdraw(vs.ticket)
		vs.queued = false
		m.skipCall(s, int64(v))
	}
	ns.waiting = ns.waiting[:0]
}

func removeValue(s []int32, x int32) []int32 {
	for i, y := range s {
		if y == x {
			return append(s[:i], s[i+1:]...)
		}
	}
	return s
}

// simulate runs one replication of one variant of a plan.
func simulate(ctx context.Context, p *plan, rep int, disrupted bool) (Run, error) {
	m := newModel(p, rep, disrupted)
	if err := m.run(ctx); err != nil {
		return Run{}, err
	}
	v := Baseline
	if disrupted {
		v = Disrupted
	}
	return Run{
		Replication: rep, Variant: v, Days: m.days, Events: m.sim.Fired(),
		Arrived: m.arrived, Departed: m.departed, Inside: len(m.vessels) - len(m.free),
	}, nil
}
