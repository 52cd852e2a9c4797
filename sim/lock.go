package sim

import (
	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// This file is the lock model: each lane of a complex is a flight of
// chambers in series (see network.LockSpec for the timing), fed from a
// queue at each end.
//
// Water levels, all documented in docs/model.md:
//   - Each chamber is at one level at a time: the level of the water on
//     its sea side (low) or on its lake side (high), as its last levelling
//     left it. A group rising from the sea end needs each chamber low when
//     it moves in and leaves it high; a group falling from the lake end
//     needs it high and leaves it low. So a group from the other end finds
//     the flight ready, and the next group from the same end finds each
//     chamber at the wrong level: the chamber first levels back empty (a
//     levelling without vessels, level_minutes, and its water when it is
//     the top chamber rising to the lake). An empty levelling, once
//     started, runs to its end: a change of plan pays for another.
//   - Water: the summit lake gives a chamber of water (water_mgal) each
//     time the top chamber rises to the lake level, with vessels in it or
//     empty. One-way runs draw one a lockage, alternating lockages half
//     as much.
//   - Vessels of one group enter one after another (enter_minutes each:
//     the second waits until the first is in), move from chamber to
//     chamber one after another (move_minutes each) and leave in order
//     (exit_minutes each). The gates close when the last one is in.
//
// Policies:
//   - Packing, chosen per complex by network.LockSpec.Policy. The group
//     for a lockage is formed when a lane starts it, from the vessels
//     waiting at that end then (one arriving while the group enters waits
//     for the next lockage), and starts with the vessel that has waited
//     longest. First come, first fit (first_fit, the default) then takes,
//     in queue order, every later vessel that still fits the chamber
//     (lengths add up along the chamber; each beam must fit its width), so
//     a small vessel may overtake one too long for the room left. The
//     line-up (line_up) takes vessels in queue order and stops at the first
//     that does not fit: none overtakes.
//   - Direction: a lane keeps taking groups from the end it serves while
//     vessels wait there, at most MaxRun in a row when vessels wait at
//     the other end; to change ends it must be empty, then turns around
//     (turnaround_minutes, on top of any levelling the chambers need).
//     An idle lane stays set for the end it last served, and its chambers
//     at the levels its last lockage left them.
//   - Lanes are tried in order; a lane never used takes the end where a
//     vessel has waited longest. Before its first lockage every chamber
//     of a lane is low (set for the sea end).

// Lock ends: the sea end and the lake end of a complex.
const (
	seaEnd  = 0
	lakeEnd = 1
)

// chamber is the state of one chamber of a lane.
type chamber struct {
	high bool        // at the level of its lake side (else its sea side)
	free kernel.Time // empty and still from then on, at that level
}

// lane is the state of one lane during a run.
type lane struct {
	end      int         // the end it takes vessels from; -1 before first use
	inFlight int         // groups in the flight
	run      int         // groups in a row from end
	turned   kernel.Time // after a change of ends: no group before then
	lastExit kernel.Time // when the last group in the flight leaves
	wakeAt   kernel.Time // a wake-up is scheduled for then (0: none)
	ch       []chamber   // from the sea end
}

// Packing policies (network.LockSpec.Policy); empty means firstFit.
const (
	firstFit = "first_fit"
	lineUp   = "line_up"
)

// waiter is a vessel in a lock queue and when it joined it.
type waiter struct {
	v     int32
	since kernel.Time
}

// lockComplex is a lock complex during a run.
type lockComplex struct {
	spec  *network.LockSpec
	node  int
	lanes []lane
	// active is the number of lanes in service (the first ones): fewer
	// during a lane outage or a capacity cut. A lane taken out finishes
	// the groups in its flight.
	active int
	queue  [2][]waiter // vessels waiting at each end, in arrival order
	armed  bool        // a dispatch is scheduled for now
	// lineUp: groups stop at the first vessel that does not fit (the
	// line_up policy) instead of taking later ones that do (first_fit).
	lineUp bool

	enter, level, move, exit, turnaround kernel.Time

	// Statistics.
	lockages  int // with vessels
	empties   int // empty levellings of a chamber
	waterMgal float64
	// maxLength and maxBeam are the largest total length and widest beam
	// any group has had: the invariant is that they fit the chamber.
	maxLength, maxBeam float64
}

func newLockComplex(node int, spec *network.LockSpec) *lockComplex {
	c := &lockComplex{
		spec: spec, node: node, lanes: make([]lane, spec.Lanes), active: spec.Lanes,
		enter: minutes(spec.EnterMinutes), level: minutes(spec.LevelMinutes),
		move: minutes(spec.MoveMinutes), exit: minutes(spec.ExitMinutes),
		turnaround: minutes(spec.TurnaroundMinutes),
		lineUp:     spec.Policy == lineUp,
	}
	for i := range c.lanes {
		c.lanes[i].end = -1
		c.lanes[i].ch = make([]chamber, spec.Steps)
	}
	return c
}

// entry is the chamber a group from end enters first.
func (c *lockComplex) entry(end int) int {
	if end == lakeEnd {
		return c.spec.Steps - 1
	}
	return 0
}

// lockArrive queues vessel v at an end. What can start is started by an
// event at the same time, after every vessel arriving at that instant has
// joined the queue, so vessels that arrive together can share a lockage.
func (m *model) lockArrive(s *kernel.Sim, c *lockComplex, v int32, end int) {
	c.queue[end] = append(c.queue[end], waiter{v, s.Now()})
	if !c.armed {
		c.armed = true
		s.Schedule(s.Now(), m.lockWake, int64(c.node))
	}
}

// lockDispatch starts every lockage and empty levelling that can start
// now, and arranges to be called again when a lane's next possible start
// comes.
func (m *model) lockDispatch(s *kernel.Sim, c *lockComplex) {
	if m.nodes[c.node].closed {
		return // the reopening dispatches again
	}
	now := s.Now()
	for i := range c.lanes[:c.active] {
		l := &c.lanes[i]
		for {
			end, wake := c.next(l, now)
			if wake > now && wake != l.wakeAt {
				s.Schedule(wake, m.lockWake, int64(c.node))
				l.wakeAt = wake
			}
			if end < 0 {
				break
			}
			k := c.entry(end)
			if need := end == lakeEnd; l.ch[k].high != need {
				// The entry chamber is empty at the other level: level it
				// back for this end, and look again when it is done.
				m.levelEmpty(s, c, i, k, now, need)
				continue
			}
			m.startLockage(s, c, i, end)
		}
	}
}

// next decides what lane l does at time now: the end to serve now (or -1
// for none now), and when to look again (0 for when something else
// happens: an arrival or a group leaving). The end returned has its entry
// chamber empty now, at either level.
func (c *lockComplex) next(l *lane, now kernel.Time) (end int, wake kernel.Time) {
	if l.end < 0 {
		// Never used: take the end where a vessel has waited longest.
		switch {
		case len(c.queue[seaEnd]) > 0 && len(c.queue[lakeEnd]) > 0:
			l.end = seaEnd
			if c.queue[lakeEnd][0].since < c.queue[seaEnd][0].since {
				l.end = lakeEnd
			}
		case len(c.queue[seaEnd]) > 0:
			l.end = seaEnd
		case len(c.queue[lakeEnd]) > 0:
			l.end = lakeEnd
		default:
			return -1, 0
		}
		l.turned = now
	}
	here, there := len(c.queue[l.end]) > 0, len(c.queue[1-l.end]) > 0
	stay := here && (!there || l.run < c.spec.MaxRun)
	switch {
	case stay:
		if ready := max(l.ch[c.entry(l.end)].free, l.turned); ready > now {
			return -1, ready
		}
		return l.end, 0
	case there && l.inFlight == 0:
		// Turn around: the lane is empty; it is ready for the other end
		// after the turnaround (and any levelling its chambers need).
		l.end, l.run = 1-l.end, 0
		l.turned = max(now, l.lastExit) + c.turnaround
		if ready := max(l.ch[c.entry(l.end)].free, l.turned); ready > now {
			return -1, ready
		}
		return l.end, 0
	}
	// Waiting for the flight to empty (the exit wakes it) or for vessels.
	return -1, 0
}

// levelEmpty levels chamber k of lane i empty from at, to the lake level
// (high) or the sea level, and returns when it is done. Once started it
// runs to its end. The summit lake gives the water when the top chamber
// rises.
func (m *model) levelEmpty(s *kernel.Sim, c *lockComplex, i, k int, at kernel.Time, high bool) kernel.Time {
	ch := &c.lanes[i].ch[k]
	start := max(ch.free, at)
	pace := m.productivity(c.node, s.Now())
	ch.free, ch.high = start+stretch(c.level, pace), high
	c.empties++
	water := m.lockWater(c, start, k, high)
	if m.onLockage != nil {
		m.onLockage(c, lockEvent{Lane: i, Chamber: k, Up: high, Start: start, End: ch.free, Empty: true, WaterMgal: water})
	}
	return ch.free
}

// lockWater draws the water of a levelling of chamber k of complex c, to
// high or low, from the summit lake, and returns it in million gallons:
// a chamber of water when the top chamber rises, nothing otherwise.
func (m *model) lockWater(c *lockComplex, t kernel.Time, k int, high bool) float64 {
	if !high || k != c.spec.Steps-1 {
		return 0
	}
	w := c.spec.WaterMgal
	c.waterMgal += w
	if d := m.day(t); d != nil {
		d.WaterMgal += w
	}
	m.lakeDraw(w)
	return w
}

// startLockage forms a group at an end by the complex's policy (first
// come first fit, or the line-up in order) and sends it through lane i,
// whose entry chamber for that end is empty and at its level now. The
// whole passage is scheduled at once: the groups ahead in the flight
// have fixed times, and the chambers further on level back empty for
// this group as soon as they are free.
func (m *model) startLockage(s *kernel.Sim, c *lockComplex, i, end int) {
	l := &c.lanes[i]
	now := s.Now()
	q := c.queue[end]
	room := c.spec.ChamberLengthM
	total, widest := 0.0, 0.0
	kept := q[:0]
	group := m.group[:0]
	closed := false // line_up: a vessel did not fit; the rest wait
	for k, w := range q {
		vs := &m.vessels[w.v]
		// The head always goes (plan checks that every class fits its
		// locks); the others go if they fit the room left.
		if !closed && (k == 0 || vs.length <= room && vs.beam <= c.spec.ChamberWidthM) {
			room -= vs.length
			total += vs.length
			widest = max(widest, vs.beam)
			vs.canalWait += now - w.since
			group = append(group, w.v)
			continue
		}
		closed = c.lineUp
		kept = append(kept, w)
	}
	c.queue[end] = kept
	m.group = group

	// A productivity factor stretches the lockage's times.
	pace := m.productivity(c.node, now)
	n := kernel.Time(len(group))
	enter, level := stretch(c.enter, pace), stretch(c.level, pace)
	move, exit := stretch(c.move, pace), stretch(c.exit, pace)
	up := end == seaEnd // rising from the sea end; falling from the lake
	steps := c.spec.Steps
	k, dk := c.entry(end), 1
	if !up {
		dk = -1
	}
	water := 0.0
	// In the entry chamber: the vessels enter one after another, the
	// gates close, it levels.
	t := now + n*enter + level
	if up {
		water += m.lockWater(c, now, k, true)
	}
	for step := 1; step < steps; step++ {
		next := k + dk
		ready := l.ch[next].free
		if l.ch[next].high != !up {
			ready = m.levelEmpty(s, c, i, next, now, !up)
		}
		at := max(t, ready) // the vessels move on one after another
		l.ch[k].free, l.ch[k].high = at+n*move, up
		t = at + n*move + level
		if up {
			water += m.lockWater(c, now, next, true)
		}
		k = next
	}
	// Out of the last chamber, in order.
	l.ch[k].free, l.ch[k].high = t+n*exit, up
	last := t + n*exit
	for j, v := range group {
		s.Schedule(t+kernel.Time(j+1)*exit, m.done, int64(v))
	}
	if m.onLockage != nil {
		m.onLockage(c, lockEvent{Lane: i, Chamber: -1, Up: up, Start: now, End: last, Vessels: group, WaterMgal: water})
	}
	c.maxLength = max(c.maxLength, total)
	c.maxBeam = max(c.maxBeam, widest)
	c.lockages++

	l.inFlight++
	l.run++
	l.lastExit = max(l.lastExit, last)
	s.Schedule(last, m.laneExit, laneArg(c.node, i))
}

// laneArg packs a complex's node and a lane into an event argument, and
// laneOf unpacks it. A lane fits its 16 bits: a network has at most
// network.MaxLanes lanes a lock (network.New and Load refuse more), and
// the compiler checks that bound against the field's width.
func laneArg(node, lane int) int64      { return int64(node)<<16 | int64(lane) }
func laneOf(arg int64) (node, lane int) { return int(arg >> 16), int(arg & 0xffff) }

// The lane field of laneArg holds every lane a network may have.
const _ = uint16(network.MaxLanes - 1)

// stretch divides a duration by a productivity factor.
func stretch(t kernel.Time, pace float64) kernel.Time {
	if pace == 1 {
		return t
	}
	return kernel.Time(float64(t)/pace + 0.5)
}

// onLockWake looks again at a complex whose lane may now start a group.
func (m *model) onLockWake(s *kernel.Sim, arg int64) {
	c := m.locks[arg]
	c.armed = false
	for i := range c.lanes {
		if c.lanes[i].wakeAt == s.Now() {
			c.lanes[i].wakeAt = 0
		}
	}
	m.lockDispatch(s, c)
}

// onLaneExit: a group has left a lane (laneArg).
func (m *model) onLaneExit(s *kernel.Sim, arg int64) {
	node, i := laneOf(arg)
	c := m.locks[node]
	c.lanes[i].inFlight--
	m.lockDispatch(s, c)
}
