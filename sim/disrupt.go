package sim

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// This file applies disruptions during a run: their windows (fixed, or
// drawn per replication), the state of the nodes they act on, and the
// carriers' response to a call that its terminal cannot take (CallPolicy).
//
// One mechanism serves every targeted effect: when a window opens or
// closes, refresh recomputes the state of each node it acts on from all
// the windows in force there (docs/scenarios.md, "Overlapping effects").

// resolveWindows resolves each disruption's target over the span its
// window may fall in, node by node and date by date (a target by operator
// or owner follows the nodes' tenures), fixes the times of fixed windows,
// and indexes windows by node.
func (p *plan) resolveWindows() error {
	sc, net := p.sc, p.net
	runFrom, runUntil := sc.Start.AddDate(0, 0, -sc.WarmupDays), sc.Start.AddDate(0, 0, sc.Days)
	p.nodeWins = make([][]int32, len(net.Nodes))
	for i := range sc.Disruptions {
		d := &sc.Disruptions[i]
		w := window{d: d, occurs: true, Window: Window{
			Name: d.Name, Effect: d.Effect, From: d.From, Until: d.Until,
			Random: d.Delay != nil || d.Duration != nil, Probability: d.chance(),
		}}
		if d.Effect.Targeted() {
			span := d.Span(runFrom, runUntil)
			matches, err := d.Target.ResolveOver(net, span.From, span.Until)
			if err != nil {
				return err
			}
			w.Target = d.Target.String()
			// Each node acts while it matches: an obstruction's approach
			// while any terminal it blocks for does.
			on := make([][]Span, len(net.Nodes))
			partial := false
			for _, mt := range matches {
				nd := mt.Node
				on[nd.Index] = union(on[nd.Index], mt.Spans)
				if d.Effect == Obstruction {
					for _, nb := range net.Neighbours(nd) {
						if nb.Kind != network.Terminal {
							on[nb.Index] = union(on[nb.Index], mt.Spans)
						}
					}
				}
			}
			for n, spans := range on {
				if len(spans) == 0 {
					continue
				}
				w.nodes = append(w.nodes, n)
				w.Nodes = append(w.Nodes, net.Nodes[n].ID)
				p.nodeWins[n] = append(p.nodeWins[n], int32(i))
				if len(spans) > 1 || spans[0].From.After(span.From) || spans[0].Until.Before(span.Until) {
					partial = true
				}
			}
			if partial {
				w.on = make([][]tickSpan, len(net.Nodes))
				for n, spans := range on {
					for _, sp := range spans {
						w.on[n] = append(w.on[n], tickSpan{p.ticks(sp.From), p.ticks(sp.Until)})
					}
				}
				// The ends of the spans are clipped to the window's
				// possible span; open them to the run's ends there, so
				// that only a change of hands bounds a node's part.
				for n := range w.on {
					if k := len(w.on[n]); k > 0 {
						if on[n][0].From.Equal(span.From) {
							w.on[n][0].from = p.ticks(runFrom.AddDate(0, 0, -1))
						}
						if on[n][k-1].Until.Equal(span.Until) {
							w.on[n][k-1].until = p.ticks(runUntil.AddDate(0, 0, 1))
						}
					}
				}
			}
		} else {
			w.Target = "canal"
			w.Nodes = []string{}
			if d.Effect == DemandShock {
				w.Target = "arrivals of " + d.Filter.String()
			}
		}
		if d.Delay != nil || d.Duration != nil {
			// The span a random window may fall in, for outputs: from its
			// earliest start to its latest end (its fixed end, or the
			// latest start plus the longest duration), within the run.
			w.From = d.From.Add(days(d.Delay.lowest()))
			end := sc.Start.AddDate(0, 0, sc.Days)
			w.Until = d.Until
			if d.Duration != nil {
				if late := d.Delay.highest() + d.Duration.Highest(); late < float64(sc.WarmupDays+sc.Days+1) {
					w.Until = d.From.Add(days(late))
				} else {
					w.Until = end
				}
			}
			if w.Until.After(end) {
				w.Until = end
			}
		}
		w.from, w.until = p.ticks(w.From), p.ticks(w.Until)
		p.windows = append(p.windows, w)
	}
	return nil
}

// union merges two lists of spans, each in time order and disjoint, into
// one.
func union(a, b []Span) []Span {
	all := slices.Concat(a, b)
	slices.SortFunc(all, func(x, y Span) int { return x.From.Compare(y.From) })
	var out []Span
	for _, sp := range all {
		if k := len(out) - 1; k >= 0 && !sp.From.After(out[k].Until) {
			if sp.Until.After(out[k].Until) {
				out[k].Until = sp.Until
			}
			continue
		}
		out = append(out, sp)
	}
	return out
}

// ticks converts a date to simulated time, clamped to a day either side
// of the run (a window's part outside the run does nothing, and dates far
// from it would overflow the clock).
func (p *plan) ticks(d time.Time) kernel.Time {
	lo, hi := p.clock.Epoch().AddDate(0, 0, -1), p.clock.Epoch().AddDate(0, 0, p.totalDays+1)
	switch {
	case d.Before(lo):
		d = lo
	case d.After(hi):
		d = hi
	}
	t, _ := p.clock.Time(d) // within a few years of the epoch: no error
	return t
}

// lowest and highest are the bounds of a distribution, 0 for none.
func (d *Dist) lowest() float64 {
	if d == nil {
		return 0
	}
	return d.Lowest()
}

func (d *Dist) highest() float64 {
	if d == nil {
		return 0
	}
	return d.Highest()
}

// days converts a number of days to a duration, to the microsecond.
func days(x float64) time.Duration {
	return time.Duration(math.Round(x*86400e6)) * time.Microsecond
}

// flag returns the index of a flag in p.flags, adding it.
func (p *plan) flag(f string) uint8 {
	if i := slices.Index(p.flags, f); i >= 0 {
		return uint8(i)
	}
	p.flags = append(p.flags, f)
	return uint8(len(p.flags) - 1)
}

// carrier returns the index of a carrier in p.carriers, adding it.
func (p *plan) carrier(c string) uint8 {
	if i := slices.Index(p.carriers, c); i >= 0 {
		return uint8(i)
	}
	p.carriers = append(p.carriers, c)
	return uint8(len(p.carriers) - 1)
}

// surge reports whether a demand shock may act on a stream, and the
// largest factor one may apply to its arrivals, at least 1.
func (p *plan) surge(sp *streamPlan) (shocked bool, f float64) {
	f = 1
	for i := range p.windows {
		w := &p.windows[i]
		if w.Effect == DemandShock && p.couldMatch(w.d.Filter, sp) {
			shocked, f = true, max(f, w.d.Factor)
		}
	}
	return shocked, f
}

// couldMatch reports whether a filter may match some vessel of a stream.
func (p *plan) couldMatch(f Filter, sp *streamPlan) bool {
	if f.Empty() || sp.spec.Carrier != "" && slices.Contains(f.Carriers, sp.spec.Carrier) || slices.Contains(f.Segments, sp.spec.Segment) {
		return true
	}
	for _, fl := range sp.flags {
		if slices.Contains(f.Flags, p.flags[fl.flag]) {
			return true
		}
	}
	for _, c := range sp.carriers {
		if slices.Contains(f.Carriers, p.carriers[c.flag]) {
			return true
		}
	}
	return false
}

// drawWindows returns the windows of one disrupted run: fixed windows as
// planned, random ones drawn from the replication's streams. Every random
// disruption makes the same three draws (occurs, delay, duration) in
// every replication, from its own stream.
func (p *plan) drawWindows(streams kernel.Streams) []window {
	ws := slices.Clone(p.windows)
	for i := range ws {
		w := &ws[i]
		d := w.d
		if !d.Random() {
			continue
		}
		rng := streams.Stream(fmt.Sprintf("disruption/%d", i))
		w.occurs = rng.Float64() < d.chance()
		delay, dur := rng.Float64(), rng.Float64()
		// Draws are bounded by the run's length before they become
		// durations (a long tail must not overflow the clock).
		span := float64(p.totalDays + 2)
		from := d.From
		if d.Delay != nil {
			from = from.Add(days(math.Min(d.Delay.Quantile(delay), span)))
		}
		until := d.Until
		if d.Duration != nil {
			until = from.Add(days(math.Min(d.Duration.Quantile(dur), span)))
		}
		w.From, w.Until = from, until
		w.from, w.until = p.ticks(from), p.ticks(until)
		if w.until <= w.from || w.from >= kernel.Time(p.totalDays)*kernel.Day || w.until <= 0 {
			w.occurs = false // starts after its fixed end, or outside the run
		}
	}
	return ws
}

// RunWindow is a disruption as it fell in one run: whether it happened,
// and when.
type RunWindow struct {
	Occurred    bool
	From, Until time.Time
}

// realised returns the run's windows as they fell.
func (m *model) realised() []RunWindow {
	out := make([]RunWindow, len(m.windows))
	for i, w := range m.windows {
		out[i] = RunWindow{Occurred: w.occurs, From: w.From, Until: w.Until}
	}
	return out
}

// winsAt returns the windows that act on node n in this run (none in a
// baseline run).
func (m *model) winsAt(n int) []int32 {
	if m.nodeWins == nil {
		return nil
	}
	return m.nodeWins[n]
}

// active reports whether the window is in force at time t.
func (w *window) active(t kernel.Time) bool { return w.occurs && t >= w.from && t < w.until }

// activeOn reports whether the window is in force on node n at time t: it
// is in force, and the node matches its target then.
func (w *window) activeOn(n int, t kernel.Time) bool {
	if !w.active(t) {
		return false
	}
	if w.on == nil {
		return true
	}
	for _, sp := range w.on[n] {
		if t >= sp.from && t < sp.until {
			return true
		}
	}
	return false
}

// refresh sets node n's state from the windows in force on it now: open
// or closed, its capacity (berths, lanes, a railway's TEU a day), and,
// for a terminal, turns away the vessels queued there that it can no
// longer serve.
func (m *model) refresh(s *kernel.Sim, n int) {
	ns := &m.nodes[n]
	now := s.Now()
	closed, factor, lanesOut := false, lowest{}, 0
	for _, i := range m.winsAt(n) {
		w := &m.windows[i]
		if !w.activeOn(n, now) {
			continue
		}
		switch w.Effect {
		case Closure, Obstruction:
			closed = true
		case CapacityFactor:
			factor.add(w.d.Factor)
		case LaneOutage:
			lanesOut = max(lanesOut, w.d.lanes())
		}
	}
	reopened := ns.closed && !closed
	ns.closed = closed
	// Vessels queued at a terminal that can no longer serve them leave
	// before the capacity changes: a higher capacity grants berths at
	// once, and must not grant them to vessels sent elsewhere.
	if ns.terminal >= 0 && len(ns.waiting)+len(ns.held) > 0 {
		m.turnAway(s, ns)
	}
	capacity := ns.capacity
	if ns.spec.Kind == network.Terminal {
		capacity = scaled(capacity, factor.or1())
	}
	if closed {
		capacity = 0
	}
	ns.server.SetCapacity(s, capacity)
	if n == m.railway && reopened {
		// The railway reopens: the rest of the day's capacity.
		m.railCap = m.railCapacity(now)
		gone := float64(now%kernel.Day) / float64(kernel.Day)
		i := m.today % intakeDays
		m.railBooked[i] = max(m.railBooked[i], m.railCap*gone)
	}
	if c := m.locks[n]; c != nil {
		before := c.active
		c.active = max(0, scaled(c.spec.Lanes, factor.or1())-lanesOut)
		if reopened || c.active > before {
			m.lockDispatch(s, c)
		}
	}
	if c := m.cuts[n]; c != nil && reopened {
		m.cutDispatch(s, c)
	}
	m.updateBlocked(s)
}

// lowest is the lowest of the factors in force: the overlap rule for
// effects of one kind.
type lowest struct {
	f   float64
	any bool
}

func (l *lowest) add(f float64) {
	if !l.any || f < l.f {
		l.f, l.any = f, true
	}
}

// or1 returns the lowest factor, or 1 when none is in force.
func (l lowest) or1() float64 {
	if !l.any {
		return 1
	}
	return l.f
}

// scaled multiplies a whole capacity by a factor, rounding, keeping at
// least one while the factor is above zero.
func scaled(n int, f float64) int {
	if f == 1 {
		return n
	}
	return max(1, int(math.Round(float64(n)*f)))
}

// productivity is the working rate factor of node n at time t: the lowest
// productivity factor or ramp-up in force, 1 when none.
func (m *model) productivity(n int, t kernel.Time) float64 {
	var f lowest
	for _, i := range m.winsAt(n) {
		w := &m.windows[i]
		if !w.activeOn(n, t) {
			continue
		}
		switch w.Effect {
		case ProductivityFactor:
			f.add(w.d.Factor)
		case RampUp:
			done := float64(t-w.from) / float64(w.until-w.from)
			f.add(w.d.Factor + (1-w.d.Factor)*done)
		}
	}
	return f.or1()
}

// demandFactor is the factor on the arrivals of a stream's vessel v (its
// carrier and flag drawn) at time t: the lowest of the demand shocks in
// force that match it, 1 when none.
func (m *model) demandFactor(t kernel.Time, sp *streamPlan, v *vessel) float64 {
	var f lowest
	for i := range m.windows {
		w := &m.windows[i]
		if w.Effect == DemandShock && w.active(t) && w.d.Filter.Match(m.carriers[v.carrier], m.flags[v.flag], sp.spec.Segment) {
			f.add(w.d.Factor)
		}
	}
	return f.or1()
}

// reachable reports whether a vessel can shift to terminal node n: no
// node joined to it by water is closed (as its approach is during an
// obstruction).
func (m *model) reachable(n int) bool {
	for _, a := range m.approaches[n] {
		if m.nodes[a].closed {
			return false
		}
	}
	return true
}

// serves reports whether terminal node n is open and serves vessel v now.
func (m *model) serves(n int, v *vessel, t kernel.Time) bool {
	if m.nodes[n].closed {
		return false
	}
	sp := &m.streams[v.stream]
	for _, i := range m.winsAt(n) {
		w := &m.windows[i]
		if w.Effect == Refusal && w.activeOn(n, t) && w.d.Filter.Match(m.carriers[v.carrier], m.flags[v.flag], sp.spec.Segment) {
			return false
		}
	}
	return true
}

// room reports whether terminal node n has room for another call: fewer
// than RoomPerBerth vessels waiting per berth in service.
func (m *model) room(n int) bool {
	ns := &m.nodes[n]
	return float64(ns.server.Len()) < m.dem.CallDiversion.RoomPerBerth*float64(ns.server.Capacity())
}

// callAt brings vessel arg's call to terminal node n: it queues for a
// berth there, or, when the terminal cannot take it, goes elsewhere or
// waits for room.
func (m *model) callAt(s *kernel.Sim, arg int64, n int) {
	vs := &m.vessels[arg]
	if !m.serves(n, vs, s.Now()) {
		m.redirect(s, arg, n)
		return
	}
	ns := &m.nodes[n]
	vs.callNode = int32(n)
	if !vs.shifted { // a shifted call was counted when it was placed
		teu := vs.teu[m.streams[vs.stream].steps[vs.step].call]
		over := len(ns.held) > 0 || !m.ownRoom(n, teu)
		if (over || !m.room(n)) && m.alternative(vs, n, s.Now()) >= 0 {
			m.redirect(s, arg, n)
			return
		}
		if over {
			// The room is taken by other terminals' calls: the vessel
			// waits for it (releaseHeld), its call not yet taken.
			ns.held = append(ns.held, int32(arg))
			vs.since = s.Now()
			m.heldCalls++
			return
		}
		m.take(ns, teu, false)
	}
	m.queueBerth(s, arg, ns)
}

// queueBerth queues vessel arg, whose call terminal node state ns has
// taken, for a berth there.
func (m *model) queueBerth(s *kernel.Sim, arg int64, ns *nodeState) {
	vs := &m.vessels[arg]
	before := ns.server.Len()
	vs.ticket = ns.server.Request(s, 0, m.grant, arg)
	if ns.server.Len() > before {
		vs.queued = true
		ns.waiting = append(ns.waiting, int32(arg))
	}
}

// taken returns the TEU terminal node n has taken over the last
// intakeDays days, today included, and the part of it that came from
// other terminals.
func (m *model) taken(n int) (all, others float64) {
	ns := &m.nodes[n]
	for i := range ns.intake {
		all += ns.intake[i]
		others += ns.others[i]
	}
	return all, others
}

// othersFit reports whether terminal node n may take teu more from
// another terminal: none of its own calls waits for room, and its intake
// over the last intakeDays days, this call included, stays within its
// budget (its design capacity).
func (m *model) othersFit(n int, teu float64) bool {
	all, _ := m.taken(n)
	return len(m.nodes[n].held) == 0 && all+teu <= m.nodes[n].budget
}

// ownRoom reports whether terminal node n has room for teu more of its
// own calls: when the last intakeDays days hold no call from another
// terminal, always (a terminal's own traffic is bounded by its berths
// alone); otherwise if its intake, this call included, stays within its
// budget plus the surge margin (CallPolicy.CapacityMargin). Own calls
// already waiting for room go first (callAt, releaseHeld).
func (m *model) ownRoom(n int, teu float64) bool {
	all, others := m.taken(n)
	return others == 0 || all+teu <= m.nodes[n].budget*(1+m.dem.CallDiversion.CapacityMargin)
}

// take counts teu as taken today by the terminal of node state ns, as
// another terminal's if others.
func (m *model) take(ns *nodeState, teu float64, others bool) {
	ns.intake[m.today%intakeDays] += teu
	if others {
		ns.others[m.today%intakeDays] += teu
	}
	if m.onTake != nil {
		m.onTake(ns.spec.Index, m.today, teu, others)
	}
}

// intakeDays is the span, in days, over which a terminal's intake is held
// within its design capacity.
const intakeDays = 7

// alternative returns the terminal on the same side as node n that would
// take vessel v's call now (open, serving v, with room at its berths and
// within its design capacity over the last intakeDays days; the fewest
// waiting per berth, then network order), or -1.
func (m *model) alternative(v *vessel, n int, t kernel.Time) int {
	side := m.nodes[n].spec.Side
	teu := v.teu[m.streams[v.stream].steps[v.step].call]
	best, load := -1, math.Inf(1)
	for _, nd := range m.terminals {
		u := nd.Index
		if u == n || nd.Side != side || !m.serves(u, v, t) || !m.reachable(u) || !m.room(u) || !m.othersFit(u, teu) {
			continue
		}
		ns := &m.nodes[u]
		if l := float64(ns.server.Len()) / float64(max(1, ns.server.Capacity())); l < load {
			best, load = u, l
		}
	}
	return best
}

// redirect applies the call diversion policy to vessel arg, whose call
// terminal node n cannot take.
func (m *model) redirect(s *kernel.Sim, arg int64, n int) {
	vs := &m.vessels[arg]
	st := &m.streams[vs.stream].steps[vs.step]
	teu := vs.teu[st.call]
	d := m.day(s.Now())
	pol := m.dem.CallDiversion
	if !vs.shifted {
		if u := m.alternative(vs, n, s.Now()); u >= 0 {
			vs.shifted, vs.callNode = true, int32(u)
			m.take(&m.nodes[u], teu, true)
			s.After(kernel.FromHours(pol.ShiftHours), m.shiftArrive, arg)
			return
		}
	}
	if pol.Rail && m.streams[vs.stream].transits {
		if carried, ok := m.rail(s, vs, n, teu); ok {
			if d != nil {
				d.DivertedCalls++
				d.LostTEU += teu - carried
			}
			m.sailOn(s, arg)
			return
		}
	}
	if d != nil {
		d.LostCalls++
		d.LostTEU += teu
	}
	m.sailOn(s, arg)
}

// rail sends by rail the boxes of vessel v's call at terminal node n,
// which the vessel works at a terminal on the other side of the isthmus
// (its own stop there is not modelled): as many of teu as the trains of
// the next intakeDays days, today's first, have room for at today's
// capacity (boxes wait in the yard for a train with room). ok is false
// when none can go: the railway is closed or its trains are full, or no
// terminal on the other side can take them (railTerminal). The boxes
// carried count, when booked, for the terminal that works them, as other
// terminals' intake, and as rail TEU.
func (m *model) rail(s *kernel.Sim, v *vessel, n int, teu float64) (carried float64, ok bool) {
	for k := range intakeDays {
		carried += max(0, m.railCap-m.railBooked[(m.today+k)%intakeDays])
	}
	carried = math.Min(teu, carried)
	if !(carried > 0) {
		return 0, false
	}
	u := m.railTerminal(v, n, carried, s.Now())
	if u < 0 {
		return 0, false
	}
	for k, left := 0, carried; k < intakeDays && left > 0; k++ {
		i := (m.today + k) % intakeDays
		x := math.Min(left, max(0, m.railCap-m.railBooked[i]))
		m.railBooked[i] += x
		left -= x
	}
	ns := &m.nodes[u]
	m.take(ns, carried, true)
	d := m.day(s.Now())
	if d != nil {
		d.RailTEU += carried
	}
	m.handled(d, ns, carried)
	return carried, true
}

// railTerminal returns a terminal on the other side of the isthmus from
// node n, joined like n to the railway, that is open, serves vessel v
// now and may take teu from another terminal within its design capacity
// (the fewest waiting per berth, then network order), or -1 when the
// boxes cannot cross by rail: n or the railway is off the line, the
// railway is closed, or no such terminal.
func (m *model) railTerminal(v *vessel, n int, teu float64, t kernel.Time) int {
	if m.railway < 0 || !m.railed[n] || m.nodes[m.railway].closed {
		return -1
	}
	side := m.nodes[n].spec.Side
	best, load := -1, math.Inf(1)
	for _, nd := range m.terminals {
		u := nd.Index
		if nd.Side == side || !m.railed[u] || !m.serves(u, v, t) || !m.reachable(u) || !m.othersFit(u, teu) {
			continue
		}
		ns := &m.nodes[u]
		if l := float64(ns.server.Len()) / float64(max(1, ns.server.Capacity())); l < load {
			best, load = u, l
		}
	}
	return best
}

// onShiftArrive: vessel arg has shifted to the terminal of its call.
func (m *model) onShiftArrive(s *kernel.Sim, arg int64) {
	m.callAt(s, arg, int(m.vessels[arg].callNode))
}

// newTerminalDay starts a day of the terminals' intake: today's count
// starts at zero, the budget is intakeDays days of design capacity scaled
// by the berths in service, and the own calls waiting for room take what
// the day that left the window freed, in arrival order.
func (m *model) newTerminalDay(s *kernel.Sim, day int) {
	m.today = day
	for _, nd := range m.terminals {
		ns := &m.nodes[nd.Index]
		ns.intake[day%intakeDays] = 0
		ns.others[day%intakeDays] = 0
		ns.budget = math.Inf(1)
		if c := nd.Terminal.CapacityTEUPerYear; c > 0 {
			ns.budget = intakeDays * c / 365 * float64(ns.server.Capacity()) / float64(ns.capacity)
		}
		m.releaseHeld(s, ns)
	}
}

// releaseHeld lets the own calls waiting at terminal node state ns take
// the room there is, in arrival order: each is taken and queues for a
// berth while the next fits.
func (m *model) releaseHeld(s *kernel.Sim, ns *nodeState) {
	n := ns.spec.Index
	for len(ns.held) > 0 {
		v := int64(ns.held[0])
		vs := &m.vessels[v]
		teu := vs.teu[m.streams[vs.stream].steps[vs.step].call]
		if !m.ownRoom(n, teu) {
			return
		}
		ns.held = ns.held[1:]
		m.heldTime += s.Now() - vs.since
		m.take(ns, teu, false)
		m.queueBerth(s, v, ns)
	}
}

// railCapacity is the railway's capacity on the day that starts at t:
// its TEU a day times the lowest capacity factor in force, 0 when closed.
func (m *model) railCapacity(t kernel.Time) float64 {
	if m.railway < 0 {
		return 0
	}
	r := m.nodes[m.railway]
	if r.closed {
		return 0
	}
	var f lowest
	for _, i := range m.winsAt(m.railway) {
		if w := &m.windows[i]; w.Effect == CapacityFactor && w.activeOn(m.railway, t) {
			f.add(w.d.Factor)
		}
	}
	return r.spec.Rail.CapacityTEUPerDay * f.or1()
}

// turnAway sends the vessels queued at a terminal that can no longer
// serve them (closed, or refusing them) elsewhere.
func (m *model) turnAway(s *kernel.Sim, ns *nodeState) {
	n := ns.spec.Index
	var gone []int32
	kept := ns.waiting[:0]
	for _, v := range ns.waiting {
		if m.serves(n, &m.vessels[v], s.Now()) {
			kept = append(kept, v)
			continue
		}
		gone = append(gone, v)
	}
	ns.waiting = kept
	// Own calls waiting for room leave too; their calls were not taken.
	var heldGone []int32
	keptHeld := ns.held[:0]
	for _, v := range ns.held {
		if m.serves(n, &m.vessels[v], s.Now()) {
			keptHeld = append(keptHeld, v)
			continue
		}
		heldGone = append(heldGone, v)
	}
	ns.held = keptHeld
	for _, v := range heldGone {
		m.redirect(s, int64(v), n)
	}
	for _, v := range gone {
		vs := &m.vessels[v]
		vs.queued = false
		if ns.server.Withdraw(vs.ticket) {
			m.redirect(s, int64(v), n)
		}
		// Otherwise the berth was granted at this very instant (its
		// grant event is pending): the call goes ahead.
	}
}
