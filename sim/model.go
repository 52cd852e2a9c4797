package sim

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// This file is the model: vessels as state machines driven by kernel
// events, moving along routes computed once per study.
//
// A vessel's life: it arrives at its origin anchorage; it may call at a
// terminal first; it waits at the anchorage for permission to start its
// transit (its booked time, or its turn among unbooked vessels, within the
// day's transit cap: control.go) and may divert instead; it then goes node
// by node: lockages at each lock complex (lock.go), passage through the
// other nodes unless closed; it may call at a terminal after the transit;
// at its destination it leaves. A transit is counted when a vessel leaves
// the last lock of its route, on that day. Times are Panama local time
// and days run from local midnight.

// actions at a route step.
const (
	actPass   = iota // pass through when the node is open
	actLock          // a lockage
	actCall          // a terminal call
	actCut           // the passage of a cut with traffic rules
	actDepart        // leave the network (destination)
)

// step is one node of a route and what happens there.
type step struct {
	node   int32
	action uint8
	end    uint8       // for actLock: the end of the complex entered
	call   int16       // for actCall: index into the stream's calls
	travel kernel.Time // time to the next step's node
	// permit marks the step a vessel leaves only with permission to
	// transit (the anchorage, or the last call before the transit);
	// lastLock the step where the transit completes.
	permit, lastLock bool
}

// streamPlan is a stream prepared for every run: its route as steps.
type streamPlan struct {
	spec     *Stream
	class    *Class
	lockType network.LockType
	dir      int  // northbound or southbound
	transits bool // the route passes a lock
	steps    []step
	meanGap  float64 // mean time between arrivals, in hours (0: none)
	divertAt float64 // expected wait, in days, above which it diverts
	// waitPerDay is what a day's wait costs its owner (USD) and
	// breakEven the wait that costs as much as giving up on the canal
	// (days), from the scenario's rates: what it bids at a slot auction.
	waitPerDay, breakEven float64
	// costClass is the index of its segment and lock type in CostClasses.
	costClass int
	// carrier is the carrier of its vessels (an index into plan.carriers,
	// 0 for none), and carriers, when the stream has a mix, the carriers
	// with their cumulative shares, drawn per vessel (the rest have
	// carrier 0).
	carrier  uint8
	carriers []flagShare
	// flags are the stream's flags (indices into plan.flags, 0 for
	// "other") with their cumulative shares.
	flags []flagShare
	// shocked: a demand shock may act on the stream. Its arrivals are
	// then drawn at surge times the rate (surge is the largest factor any
	// shock may apply, at least 1) and thinned, in both variants, so both
	// see the same candidate vessels.
	shocked bool
	surge   float64
	// season is the monthly pattern of its segment's arrivals, or nil;
	// its arrivals are then thinned too, at up to its highest factor.
	season *Season
	// changes are the demand's dated changes, in force at some time of
	// the run, that may select its vessels (indices into plan.changes);
	// changed is set when one of them has a factor, so its arrivals are
	// thinned like a shocked stream's, at up to changeUp times the rate.
	changes  []int
	changed  bool
	changeUp float64
	// moves are the changes of changes with a move, and variants, by
	// the set of those applied to a vessel (bit k for moves[k]), the
	// stream whose route its vessels follow: variants[0] is the stream
	// itself, the others copies with their calls moved (no arrivals of
	// their own). Nil when no move may apply.
	moves    []int
	variants []int32
}

// dated is one of the demand's changes, with its times.
type dated struct {
	*Change
	from, until kernel.Time
}

// maxMoves bounds the moves that may apply to one stream (each set of
// them has its own route).
const maxMoves = 6

// flagShare is a flag and the cumulative share up to it.
type flagShare struct {
	flag uint8
	cum  float64
}

// nodePlan holds a node's parameters.
type nodePlan struct {
	spec     *network.Node
	capacity int // berths of a terminal; unlimited elsewhere
	terminal int // index into plan.terminals, or -1
}

// window is a resolved disruption; in a run, with its times drawn.
type window struct {
	Window
	d     *Disruption
	nodes []int
	// on gives, by node, the times in which the node matches the target
	// (a target by operator or owner follows the node's tenures); nil
	// when every node of the window matches throughout the run.
	on          [][]tickSpan
	from, until kernel.Time
	occurs      bool // it happens in this run
}

// tickSpan is a period of simulated time, [from, until).
type tickSpan struct{ from, until kernel.Time }

// plan is what every run of a scenario shares, built once per study and
// only read afterwards: routes as steps, node parameters, the resolved
// disruption windows.
type plan struct {
	sc        *Scenario
	net       *network.Network
	dem       *Demand
	clock     kernel.Clock
	start     kernel.Time // tick of the first reported day
	totalDays int         // warm-up and reported days
	nodes     []nodePlan
	streams   []streamPlan
	terminals []*network.Node
	windows   []window
	// nodeWins lists, by node, the windows that act on it.
	nodeWins [][]int32
	// typeNodes lists, by lock type, the locks, cuts, lakes and approaches
	// on the routes of its transits.
	typeNodes [2][]int
	lake      *network.Node // the summit lake, or nil
	ops       *network.Operations
	// approaches lists, by terminal node, the other nodes joined to it
	// by water.
	approaches [][]int
	railway    int // the railway node, or -1
	// trace holds the arrivals replayed from Scenario.Arrivals, in time
	// order (none without a trace).
	trace  []traceArrival
	railed []bool // by node: joined to the railway
	// changes are the demand's dated changes.
	changes []dated
	// flags and carriers name the flags and carriers of vessels (index 0
	// is none); a vessel holds indices into them.
	flags    []string
	carriers []string
}

// nodeState is the state of a node during a run.
type nodeState struct {
	*nodePlan
	server *kernel.Server
	closed bool // a closure or an obstruction is in force
	// free says a vessel passes the node without waiting and without an
	// event of its own: its capacity is unlimited and no disruption of
	// the run acts on it, so its gate never binds.
	free bool
	// waiting lists the vessels queued at a terminal, so a closure or a
	// refusal can turn them away.
	waiting []int32
	// intake is the TEU of the calls a terminal has taken on each of the
	// last intakeDays days (by day number modulo intakeDays), its own and
	// others', and others the part of it that came from other terminals
	// (calls shifted to it, boxes railed to it). budget is what its design
	// capacity allows over intakeDays days, scaled by its berths in
	// service (CallPolicy); held lists, in arrival order, its own calls
	// waiting for the room that others' calls took.
	intake, others [intakeDays]float64
	budget         float64
	held           []int32
}

// vessel is a vessel in the network. Vessels live in a slab reused
// through a free list, so a run allocates only while its peak population
// grows.
type vessel struct {
	serial uint32 // arrival number, to recognise stale events
	stream int32
	step   int32
	ticket kernel.Ticket
	queued bool // waiting in a terminal's queue
	booked bool
	// special: it won a slot at a special auction, for its bookedAt.
	special bool
	// shifted: its current call moved to another terminal; callNode is
	// the node of the terminal that has (or will have) its call.
	shifted  bool
	flag     uint8
	carrier  uint8
	callNode int32
	// permitted: allowed to transit; waiting: waiting at the anchorage
	// for its transit.
	permitted, waiting bool

	length, beam, draftFt float64

	bookedAt kernel.Time // a booked vessel's transit time
	asked    kernel.Time // when it asked to start its transit
	// expect is the wait at the anchorage (days) an unbooked vessel
	// expected when it joined the unbooked queue, from when it asked.
	expect  float64
	started kernel.Time // when it left to start its transit
	// cwtFrom is when canal waters time started: arrival at the
	// anchorage, or the end of a terminal call made before the transit.
	cwtFrom   kernel.Time
	since     kernel.Time // when it started its current wait
	canalWait kernel.Time // time spent waiting inside the canal
	teu       [maxCalls]float64
}

// maxCalls bounds the calls of one stream (a fixed array keeps vessels
// free of per-vessel allocations).
const maxCalls = 4

// model is one simulation run of one scenario variant.
type model struct {
	*plan
	sim     kernel.Sim
	nodes   []nodeState
	locks   []*lockComplex // by node; nil for other nodes
	cuts    []*cutState    // by node; nil for other nodes
	rngs    []*rand.Rand   // by stream
	vessels []vessel
	free    []int32
	days    []Day
	windows []window // in force in this variant
	// nodeWins is the plan's index of windows by node in a disrupted
	// run, nil in a baseline run (which has no windows).
	nodeWins [][]int32
	ctl      control
	lake     lakeState
	// onLockage, if set, observes every lockage and every empty
	// levelling of a chamber, as it is scheduled (lock.go).
	onLockage func(c *lockComplex, e lockEvent)
	// group is the lock model's buffer for the vessels of a lockage.
	group []int32
	// onCall, if set, observes every call made: the vessel, the node of
	// the terminal that worked it, its TEU, and when it started and
	// ended.
	onCall func(v *vessel, node int, teu float64, start, end kernel.Time)
	// onDivert, if set, observes every vessel that gives up on the canal,
	// before its calls not made are counted.
	onDivert func(v *vessel)
	// onTake, if set, observes every call (or boxes by rail) a terminal
	// takes: its node, the day (from the start of the warm-up), the TEU,
	// and whether they came from another terminal.
	onTake func(node, day int, teu float64, others bool)
	// onArrival, if set, observes every vessel that arrives (from a
	// stream, not thinned, or from a trace), as it arrives.
	onArrival func(v *vessel)
	// onTransitStart, onTransitEnd and onDepart, if set, observe a vessel
	// leaving the anchorage for its transit, leaving the last lock of its
	// route (node), and leaving the network at its destination.
	onTransitStart func(v *vessel)
	onTransitEnd   func(v *vessel, node int)
	onDepart       func(v *vessel)
	// counts over the whole run
	arrived, departed, diverted int
	// heldCalls counts the own calls that waited for the room other
	// terminals' calls took, heldTime their waits (released ones only).
	heldCalls int
	heldTime  kernel.Time
	// handlers
	arrive, reach, grant, done, midnight, disrupt  kernel.Handler
	lockWake, laneExit, permitted, bookedTime, age kernel.Handler
	cutWake, cutLeave, permitTick, shiftArrive     kernel.Handler
	traceArrive, slotTime, enter                   kernel.Handler
	// waits counts the vessels that started their transit in the
	// reported days by their wait at the anchorage (WaitBinHours bins).
	waits []int
	// railCap is the railway's capacity a day, in TEU, as of today, and
	// railBooked the TEU booked on the trains of each of the next
	// intakeDays days, today included (by day number modulo intakeDays);
	// today is the day's number from the start of the warm-up.
	railCap    float64
	railBooked [intakeDays]float64
	today      int
}

// unlimited is the capacity of a gate that never binds.
const unlimited = 1 << 30

// newPlan checks sc and prepares its runs.
func newPlan(sc *Scenario) (*plan, error) {
	if err := sc.Check(); err != nil {
		return nil, err
	}
	net, dem := sc.network(), sc.demand()
	p := &plan{sc: sc, net: net, dem: dem, terminals: net.Terminals(), lake: net.SummitLake(), ops: net.Operations, flags: []string{""}, carriers: []string{""}}
	p.clock = kernel.NewClock(sc.Start.AddDate(0, 0, -sc.WarmupDays))
	p.start = kernel.Time(sc.WarmupDays) * kernel.Day
	p.totalDays = sc.WarmupDays + sc.Days

	p.nodes = make([]nodePlan, len(net.Nodes))
	for i, nd := range net.Nodes {
		np := &p.nodes[i]
		np.spec, np.terminal, np.capacity = nd, -1, unlimited
		if nd.Kind == network.Terminal {
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
		c := classes[s.Class]
		route, err := streamRoute(net, s, c)
		if err != nil {
			return nil, fmt.Errorf("sim: stream %s: %w", s.Name, err)
		}
		p.streams = append(p.streams, p.newStreamPlan(s, c, route))
	}
	if err := p.planChanges(classes); err != nil {
		return nil, err
	}
	if sc.Arrivals != nil {
		// The trace replaces the streams' random arrivals.
		for i := range p.streams {
			p.streams[i].meanGap = 0
		}
		if err := p.planTrace(sc.Arrivals); err != nil {
			return nil, err
		}
	}

	if err := p.resolveWindows(); err != nil {
		return nil, err
	}
	busiest := 0.0 // vessels a day, at the most the streams could draw
	for i := range p.streams {
		sp := &p.streams[i]
		sp.shocked, sp.surge = p.surge(sp)
		sp.surge *= sp.changeUp
		if sp.season = p.dem.season(sp.spec.Segment); sp.season != nil {
			sp.surge *= slices.Max(sp.season.Monthly)
		}
		if sp.meanGap > 0 {
			busiest += sp.spec.PerDay * sp.surge
		}
	}
	if n := busiest * float64(p.totalDays); n > MaxVessels {
		var errs input.Errors
		errs.Add(input.Pos{File: dem.Name}, "its streams with the seasons, dated changes and demand shocks of scenario %s could bring %.3g vessels a day at their busiest, %.3g in a replication of %d days; at most %d: lower a per_day or a factor", sc.Name, busiest, n, p.totalDays, MaxVessels)
		return nil, errs.Err()
	}
	p.approaches = make([][]int, len(net.Nodes))
	for _, nd := range p.terminals {
		for _, nb := range net.Neighbours(nd) {
			if nb.Kind != network.Terminal {
				p.approaches[nd.Index] = append(p.approaches[nd.Index], nb.Index)
			}
		}
	}
	p.railway = -1
	p.railed = make([]bool, len(net.Nodes))
	for _, nd := range net.Nodes {
		if r := net.Railway(nd); r != nil {
			p.railed[nd.Index] = true
			p.railway = r.Index
		}
	}
	return p, nil
}

// planChanges times the demand's dated changes and, for each stream, the
// ones that may select its vessels during the run, and prepares the
// routes of the vessels whose calls they move.
func (p *plan) planChanges(classes map[string]*Class) error {
	end := kernel.Time(p.totalDays) * kernel.Day
	for i := range p.dem.Changes {
		c := &p.dem.Changes[i]
		until := p.ticks(c.Until)
		if c.Until.IsZero() {
			until = p.ticks(p.clock.Epoch().AddDate(0, 0, p.totalDays+1))
		}
		p.changes = append(p.changes, dated{Change: c, from: p.ticks(c.From), until: until})
	}
	n := len(p.streams)
	for i := 0; i < n; i++ {
		spec := p.streams[i].spec
		var changes, moves []int
		up, changed := 1.0, false
		for k, c := range p.changes {
			if c.from >= end || c.until <= 0 || !c.selects(spec, p.net) {
				continue // out of the run, or not for this stream
			}
			changes = append(changes, k)
			if c.Factor != nil {
				changed = true
				up *= max(1, *c.Factor)
			}
			if c.Move != nil {
				moves = append(moves, k)
			}
		}
		if len(moves) > maxMoves {
			return fmt.Errorf("sim: stream %s: %d dated moves of its calls; at most %d are supported", spec.Name, len(moves), maxMoves)
		}
		var variants []int32
		if len(moves) > 0 {
			variants = make([]int32, 1<<len(moves))
			for set := range variants {
				moved := *spec
				for b, k := range moves {
					if set&(1<<b) != 0 {
						moved.Calls = p.changes[k].moved(moved.Calls)
					}
				}
				if slices.EqualFunc(moved.Calls, spec.Calls, func(a, b Call) bool { return a.Terminal == b.Terminal }) {
					variants[set] = int32(i)
					continue
				}
				moved.Name = fmt.Sprintf("%s (calls moved, set %d)", spec.Name, set)
				c := classes[spec.Class]
				route, err := streamRoute(p.net, &moved, c)
				if err != nil {
					return fmt.Errorf("sim: stream %s with its calls moved: %w", spec.Name, err)
				}
				v := p.newStreamPlan(&moved, c, route)
				v.meanGap = 0 // its vessels arrive as the stream's
				variants[set] = int32(len(p.streams))
				p.streams = append(p.streams, v)
			}
		}
		sp := &p.streams[i]
		sp.changes, sp.changed, sp.changeUp, sp.moves, sp.variants = changes, changed, up, moves, variants
	}
	return nil
}

// changed returns, for vessel v of stream sp arriving at time t, the
// factor on its arrival that the demand's changes in force give (their
// product, 1 when none) and the stream whose route it follows (its calls
// moved by the changes in force).
func (m *model) changed(t kernel.Time, sp *streamPlan, v *vessel) (factor float64, stream int32) {
	factor, stream = 1, v.stream
	set := 0
	for _, k := range sp.changes {
		c := &m.changes[k]
		if t < c.from || t >= c.until || len(c.Carriers) > 0 && !slices.Contains(c.Carriers, m.carriers[v.carrier]) {
			continue
		}
		if c.Factor != nil {
			factor *= *c.Factor
		}
		if c.Move != nil {
			set |= 1 << slices.Index(sp.moves, k)
		}
	}
	if set != 0 {
		stream = sp.variants[set]
	}
	return factor, stream
}

// newStreamPlan prepares a stream: its route as steps, its direction,
// whether it transits, its arrival rate, season, diversion threshold,
// costs and flags;
// and records the nodes on the routes of its lock type.
func (p *plan) newStreamPlan(s *Stream, c *Class, route network.Path) streamPlan {
	sp := streamPlan{spec: s, class: c, lockType: c.LockType, steps: buildSteps(route, s), dir: southbound, changeUp: 1}
	if route.Nodes[0].Side == network.Pacific {
		sp.dir = northbound
	}
	for _, st := range sp.steps {
		sp.transits = sp.transits || st.action == actLock
	}
	if sp.transits {
		t := typeIndex(sp.lockType)
		for _, st := range sp.steps {
			switch k := p.net.Nodes[st.node].Kind; {
			case k == network.Lock || k == network.Cut || k == network.Lake || k == network.Approach:
				if !slices.Contains(p.typeNodes[t], int(st.node)) {
					p.typeNodes[t] = append(p.typeNodes[t], int(st.node))
				}
			}
		}
	}
	if s.PerDay > 0 {
		sp.meanGap = 24 / s.PerDay
	}
	sp.costClass = costClassIndex(s.Segment, c.LockType)
	rates := p.sc.rates().Ship(CostClass{s.Segment, c.LockType})
	sp.waitPerDay, sp.breakEven = rates.WaitPerDay(), rates.BreakEvenWaitDays()
	sp.divertAt = p.dem.DiversionDays[s.Segment]
	if _, fixed := p.dem.DiversionDays[s.Segment]; !fixed && p.dem.DiversionByCost {
		sp.divertAt = sp.breakEven
	}
	cum := 0.0
	for _, f := range slices.Sorted(maps.Keys(s.Flags)) {
		cum += s.Flags[f]
		sp.flags = append(sp.flags, flagShare{flag: p.flag(f), cum: cum})
	}
	sp.carrier = p.carrier(s.Carrier)
	cum = 0
	for _, c := range slices.Sorted(maps.Keys(s.Carriers)) {
		cum += s.Carriers[c]
		sp.carriers = append(sp.carriers, flagShare{flag: p.carrier(c), cum: cum})
	}
	return sp
}

// newModel prepares one run of a plan: servers, random streams, days.
func newModel(p *plan, rep int, disrupted bool) *model {
	m := &model{plan: p}
	m.arrive = kernel.HandlerFunc(m.onArrive)
	m.reach = kernel.HandlerFunc(m.onReach)
	m.grant = kernel.HandlerFunc(m.onGrant)
	m.done = kernel.HandlerFunc(m.onDone)
	m.midnight = kernel.HandlerFunc(m.onMidnight)
	m.disrupt = kernel.HandlerFunc(m.onDisrupt)
	m.lockWake = kernel.HandlerFunc(m.onLockWake)
	m.laneExit = kernel.HandlerFunc(m.onLaneExit)
	m.permitted = kernel.HandlerFunc(m.onPermitted)
	m.bookedTime = kernel.HandlerFunc(m.onBookedTime)
	m.age = kernel.HandlerFunc(m.onAge)
	m.cutWake = kernel.HandlerFunc(m.onCutWake)
	m.cutLeave = kernel.HandlerFunc(m.onCutLeave)
	m.permitTick = kernel.HandlerFunc(m.onPermitTick)
	m.shiftArrive = kernel.HandlerFunc(m.onShiftArrive)
	m.traceArrive = kernel.HandlerFunc(m.onTraceArrive)
	m.slotTime = kernel.HandlerFunc(m.onSlotTime)
	m.enter = kernel.HandlerFunc(m.onEnter)

	m.nodes = make([]nodeState, len(p.nodes))
	m.locks = make([]*lockComplex, len(p.nodes))
	m.cuts = make([]*cutState, len(p.nodes))
	for i := range p.nodes {
		m.nodes[i] = nodeState{nodePlan: &p.nodes[i], server: kernel.NewServer(p.nodes[i].capacity)}
		if l := p.nodes[i].spec.Lock; l != nil {
			m.locks[i] = newLockComplex(i, l)
		}
		if c := p.nodes[i].spec.Cut; c != nil {
			m.cuts[i] = newCutState(i, c)
		}
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
		m.windows = p.drawWindows(streams)
		m.nodeWins = p.nodeWins
	}
	for i := range m.nodes {
		ns := &m.nodes[i]
		ns.free = ns.capacity == unlimited && !slices.ContainsFunc(m.winsAt(i), func(w int32) bool { return m.windows[w].occurs })
	}
	m.ctl = newControl()
	m.waits = make([]int, WaitBins)
	m.lake = newLakeState(p.lake)
	return m
}

// buildSteps turns a route into steps with their actions and travel
// times. Call steps are matched to the stream's calls in order; a lock's
// end is the sea end when the vessel comes from the anchorage on that
// lock's side.
func buildSteps(route network.Path, s *Stream) []step {
	steps := make([]step, len(route.Nodes))
	call, first, last := 0, -1, -1
	origin := route.Nodes[0].Side
	for i, nd := range route.Nodes {
		st := &steps[i]
		st.node = int32(nd.Index)
		switch {
		case i == len(route.Nodes)-1:
			st.action = actDepart
		case nd.Kind == network.Lock:
			st.action = actLock
			st.end = lakeEnd
			if nd.Side == origin {
				st.end = seaEnd
			}
			if first < 0 {
				first = i
			}
			last = i
		case nd.Kind == network.Cut && nd.Cut != nil:
			st.action = actCut
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
		// Permission is asked when leaving the anchorage, or the last
		// call made before the transit.
		p := 0
		for i := 0; i < first; i++ {
			if steps[i].action == actCall {
				p = i
			}
		}
		steps[p].permit = true
	}
	return steps
}

// limitOrNone reports a limit, or -1 for none.
func limitOrNone(x int) int {
	if x >= noLimit {
		return -1
	}
	return x
}

func minutes(x float64) kernel.Time { return kernel.FromSeconds(x * 60) }

// run simulates from the warm-up's start to the end of the last reported
// day.
func (m *model) run(ctx context.Context) error {
	// Windows first, then the days, then the arrivals: at equal times
	// events fire in the order scheduled, so a window that opens or closes
	// at midnight does so before the day starts (the day's railway
	// capacity and terminal budgets see it), and a vessel that arrives at
	// midnight finds the day's permits set.
	for i, w := range m.windows {
		if w.occurs && w.Effect.Targeted() {
			m.sim.Schedule(max(w.from, 0), m.disrupt, int64(2*i))
			m.sim.Schedule(max(w.until, 0), m.disrupt, int64(2*i+1))
			// A node that changes hands inside the window starts or stops
			// matching its target then.
			for _, n := range w.nodes {
				if w.on == nil {
					break
				}
				for _, sp := range w.on[n] {
					for _, t := range [2]kernel.Time{sp.from, sp.until} {
						if t > max(w.from, 0) && t < w.until {
							m.sim.Schedule(t, m.disrupt, int64(-1-n))
						}
					}
				}
			}
		}
	}
	for d := 0; d <= m.totalDays; d++ {
		m.sim.Schedule(kernel.Time(d)*kernel.Day, m.midnight, int64(d))
	}
	for i := range m.streams {
		if m.streams[i].meanGap > 0 {
			m.sim.Schedule(m.gap(i), m.arrive, int64(i))
		}
	}
	for i, a := range m.trace {
		m.sim.Schedule(a.at, m.traceArrive, int64(i))
	}
	horizon := kernel.Time(m.totalDays) * kernel.Day
	return m.sim.Run(ctx, horizon)
}

// gap draws the time to the next arrival of stream i.
func (m *model) gap(i int) kernel.Time {
	sp := &m.streams[i]
	return kernel.FromHours(m.rngs[i].ExpFloat64() * sp.meanGap / sp.surge)
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
	sp := &m.streams[i]
	rng := m.rngs[i]
	s.After(m.gap(i), m.arrive, arg)
	// Draw every per-vessel number at arrival, in a fixed order, from the
	// stream's own random source, so the baseline and the disrupted run
	// give the same vessel the same size, cargo, booking and flag, and
	// make the same candidate arrivals (see streamPlan.surge).
	c := sp.class
	nv := vessel{
		stream:  int32(i),
		length:  uniform(rng, c.MinLengthM, c.LengthM),
		beam:    c.BeamM,
		draftFt: uniform(rng, c.MinDraftM, c.DraftM) * feetPerMetre,
	}
	for k, call := range sp.spec.Calls {
		nv.teu[k] = call.TEU * (0.5 + rng.Float64())
	}
	nv.booked = rng.Float64() < c.BookedShare && sp.transits
	lead := uniform(rng, m.dem.leadHours(0), m.dem.leadHours(1))
	nv.flag = draw(rng, sp.flags, 0)
	nv.carrier = draw(rng, sp.carriers, sp.carrier)
	factor, stream := m.changed(s.Now(), sp, &nv)
	if sp.season != nil {
		factor *= sp.season.factor(m.clock.Date(s.Now()).Month())
	}
	if (sp.shocked || sp.changed || sp.season != nil) && rng.Float64()*sp.surge >= factor*m.demandFactor(s.Now(), sp, &nv) {
		return // thinned: this candidate does not come
	}
	nv.stream = stream
	v := m.spawn(s, i)
	vs := &m.vessels[v]
	nv.serial, nv.cwtFrom = vs.serial, vs.cwtFrom
	*vs = nv
	if vs.booked {
		ready := s.Now() + kernel.FromHours(lead)
		m.book(vs, ready)
		// A booked vessel that asks for its transit at the anchorage
		// books ahead and times its arrival to its slot: lead hours
		// before it, not earlier (booked vessels must be in canal waters
		// by a time the day before or on the morning of their transit
		// [D1][P8]; the hours before their slot count in their canal
		// waters time).
		if late := vs.bookedAt - ready; vs.booked && late > 0 && m.streams[vs.stream].steps[0].permit {
			s.Schedule(s.Now()+late, m.enter, int64(v))
			return
		}
	}
	m.onEnter(s, int64(v))
}

// onEnter: vessel arg enters the network at its origin.
func (m *model) onEnter(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	vs.cwtFrom = s.Now()
	if m.onArrival != nil {
		m.onArrival(vs)
	}
	if d := m.day(s.Now()); d != nil {
		d.Arrivals++
	}
	m.onReach(s, arg)
}

// draw picks a flag or a carrier from cumulative shares, one draw when
// there are shares (none otherwise, so a stream without a mix keeps its
// sequence of draws); the rest of the shares, and no shares, give def.
func draw(rng *rand.Rand, shares []flagShare, def uint8) uint8 {
	if len(shares) == 0 {
		return def
	}
	u := rng.Float64()
	for _, f := range shares {
		if u < f.cum {
			return f.flag
		}
	}
	return def
}

// spawn takes a vessel slot for a new arrival of stream i.
func (m *model) spawn(s *kernel.Sim, i int) int32 {
	var v int32
	if n := len(m.free); n > 0 {
		v = m.free[n-1]
		m.free = m.free[:n-1]
	} else {
		v = int32(len(m.vessels))
		m.vessels = append(m.vessels, vessel{})
	}
	m.arrived++
	m.vessels[v] = vessel{serial: uint32(m.arrived), stream: int32(i), cwtFrom: s.Now()}
	return v
}

// feetPerMetre converts drafts and lake levels.
const feetPerMetre = 3.280839895

// uniform draws from [lo, hi]; always one draw, so the sequence of draws
// does not depend on the parameters.
func uniform(rng *rand.Rand, lo, hi float64) float64 {
	u := rng.Float64()
	if hi <= lo {
		return hi
	}
	return lo + u*(hi-lo)
}

// onReach: vessel arg has reached the node of its current step.
func (m *model) onReach(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	ns := &m.nodes[st.node]
	switch st.action {
	case actDepart:
		if m.onDepart != nil {
			m.onDepart(vs)
		}
		m.leave(arg)
		m.departed++
		return
	case actLock:
		m.lockArrive(s, m.locks[st.node], int32(arg), int(st.end))
		return
	case actCut:
		m.cutArrive(s, m.cuts[st.node], arg)
		return
	case actCall:
		vs.shifted = false
		m.callAt(s, arg, int(st.node))
		return
	}
	if ns.free {
		m.move(s, arg) // as onGrant would, at once
		return
	}
	vs.ticket = ns.server.Request(s, 0, m.grant, arg)
}

// leave frees the slot of a vessel that has left the network.
func (m *model) leave(arg int64) {
	m.free = append(m.free, int32(arg))
}

// onGrant: vessel arg holds a unit of its current node's server (a berth,
// or passage through an open gate).
func (m *model) onGrant(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	ns := &m.nodes[st.node]
	if st.action == actCall {
		ns = &m.nodes[vs.callNode]
	}
	if vs.queued {
		vs.queued = false
		ns.waiting = removeValue(ns.waiting, int32(arg))
	}
	switch st.action {
	case actPass:
		ns.server.Release(s)
		m.move(s, arg)
	case actCall:
		t := ns.spec.Terminal
		hours := vs.teu[st.call] / (t.TEUPerHour() * m.productivity(int(vs.callNode), s.Now()))
		vs.since = s.Now()
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
		if st.lastLock && m.onTransitEnd != nil {
			m.onTransitEnd(vs, int(st.node))
		}
		if st.lastLock && d != nil {
			d.Transits++
			if ns.spec.Lock.Type == network.Neopanamax {
				d.TransitsNeopanamax++
			} else {
				d.TransitsPanamax++
			}
			d.CWTTotalHours += (s.Now() - vs.cwtFrom).Hours()
			d.TransitTotalHours += (s.Now() - vs.started).Hours()
			d.CanalWaitTotalHours += vs.canalWait.Hours()
		}
	case actCall:
		ns = &m.nodes[vs.callNode]
		ns.server.Release(s)
		m.handled(d, ns, vs.teu[st.call])
		if vs.shifted && d != nil {
			d.DivertedCalls++ // counted once worked: a shifted call may still be lost
		}
		if m.onCall != nil {
			m.onCall(vs, int(vs.callNode), vs.teu[st.call], vs.since, s.Now())
		}
		vs.cwtFrom = s.Now() + st.travel
	}
	m.move(s, arg)
}

// handled counts TEU worked at a terminal on day d (nil in the warm-up).
func (m *model) handled(d *Day, ns *nodeState, teu float64) {
	if d == nil {
		return
	}
	d.TEU += teu
	d.TerminalTEU[ns.terminal] += teu
	if t := ns.spec.Terminal; t != nil {
		d.TransshipmentTEU += teu * t.TransshipmentShare
	}
}

// sailOn sends a vessel on its route after its call at the current step
// (made, moved or lost).
func (m *model) sailOn(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	vs.cwtFrom = s.Now() + st.travel
	m.move(s, arg)
}

// move sends vessel arg along the reach to its next step, once it may.
// The nodes it would pass freely on the way (free, and not where it asks
// to transit) cost no event: it reaches the first node after them at the
// sum of the reaches' times.
func (m *model) move(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	steps := m.streams[vs.stream].steps
	st := &steps[vs.step]
	if st.permit && !vs.permitted {
		m.askToTransit(s, arg)
		return
	}
	travel := st.travel
	vs.step++
	for next := &steps[vs.step]; next.action == actPass && !next.permit && m.nodes[next.node].free; next = &steps[vs.step] {
		travel += next.travel
		vs.step++
	}
	s.After(travel, m.reach, arg)
}

// onMidnight starts day arg (counted from the start of the warm-up): the
// lake's balance for the day that ended, the day's limits and permits.
func (m *model) onMidnight(s *kernel.Sim, arg int64) {
	if arg > 0 {
		if d := m.day(s.Now() - 1); d != nil {
			d.Queue = m.ctl.waiting
			for _, c := range m.locks {
				if c != nil {
					d.LockQueue += len(c.queue[seaEnd]) + len(c.queue[lakeEnd])
				}
			}
		}
		m.lake.endDay(m.clock.Date(s.Now()-1).Month(), m.inflowFactor(s.Now()-1))
	}
	if int(arg) == m.totalDays {
		return
	}
	// The day's railway and terminal budgets first: vessels that give up
	// at midnight may send their boxes by rail.
	m.railCap = m.railCapacity(s.Now())
	m.railBooked[(int(arg)+intakeDays-1)%intakeDays] = 0 // yesterday's trains have left; this slot is now the last day ahead
	m.newTerminalDay(s, int(arg))
	m.ctl.newDay(m, s)
	m.giveUp(s)
	if d := m.day(s.Now()); d != nil {
		d.SlotsNeopanamax = limitOrNone(m.ctl.cap[neo])
		d.SlotsPanamax = limitOrNone(m.ctl.cap[pmx])
		d.LakeLevelFt = m.lake.level
		d.DraftLimitFt = float64(limitOrNone(int(m.ctl.draft[neo])))
		d.QueueMax = m.ctl.waiting
	}
}

// onDisrupt starts (even arg) or ends (odd arg) targeted disruption
// arg/2: every node it acts on takes its new state. A negative arg is
// node -1-arg changing hands inside a window: it takes its new state.
func (m *model) onDisrupt(s *kernel.Sim, arg int64) {
	if arg < 0 {
		m.refresh(s, int(-1-arg))
		return
	}
	for _, n := range m.windows[arg/2].nodes {
		m.refresh(s, n)
	}
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
func simulate(ctx context.Context, p *plan, rep int, disrupted bool, obs *Observer) (Run, error) {
	m := newModel(p, rep, disrupted)
	v := Baseline
	if disrupted {
		v = Disrupted
	}
	m.observe(obs, rep, v)
	if err := m.run(ctx); err != nil {
		return Run{}, err
	}
	return Run{
		Replication: rep, Variant: v, Days: m.days, Events: m.sim.Fired(), Windows: m.realised(), Waits: m.waits,
		Arrived: m.arrived, Departed: m.departed, Diverted: m.diverted,
		Inside: len(m.vessels) - len(m.free),
	}, nil
}
