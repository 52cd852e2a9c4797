package sim

import (
	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// This file is the lock model: each lane of a complex is a flight of
// chambers in series (see network.LockSpec for the timing), fed from a
// queue at each end.
//
// Policies, all documented in docs/model.md:
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
//     the other end; to change ends it must be empty, then turns around.
//     An idle lane stays set for the end it last served.
//   - Lanes are tried in order; a lane never used takes the end where a
//     vessel has waited longest.

// Lock ends: the sea end and the lake end of a complex.
const (
	seaEnd  = 0
	lakeEnd = 1
)

// lane is the state of one lane during a run.
type lane struct {
	end       int         // the end it takes vessels from; -1 before first use
	inFlight  int         // groups in the flight
	run       int         // groups in a row from end
	entryFree kernel.Time // earliest start of the next group from end
	lastExit  kernel.Time // when the last group in the flight leaves
	wakeAt    kernel.Time // a wake-up is scheduled for then (0: none)
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
	lockages  int
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
	}
	return c
}

// transit is the time a group spends in the flight.
func (c *lockComplex) transit() kernel.Time {
	steps := kernel.Time(c.spec.Steps)
	return c.enter + steps*c.level + (steps-1)*c.move + c.exit
}

// headway is the time from a group starting to enter until the next group
// from the same end may start.
func (c *lockComplex) headway() kernel.Time {
	leave := c.move
	if c.spec.Steps == 1 {
		leave = c.exit
	}
	return c.enter + c.level + leave + c.level
}

// fits reports whether a vessel fits the chamber at all.
func (c *lockComplex) fits(length, beam float64) bool {
	return length <= c.spec.ChamberLengthM && beam <= c.spec.ChamberWidthM
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

// lockDispatch starts every lockage that can start now, and arranges to be
// called again when a lane's next possible start comes.
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
			m.startLockage(s, c, i, end)
		}
	}
}

// next decides what lane l does at time now: the end to start a group
// from (or -1 for none now), and when to look again (0 for when something
// else happens: an arrival or a group leaving).
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
		l.entryFree = now
	}
	here, there := len(c.queue[l.end]) > 0, len(c.queue[1-l.end]) > 0
	stay := here && (!there || l.run < c.spec.MaxRun)
	switch {
	case stay && now >= l.entryFree:
		return l.end, 0
	case stay:
		return -1, l.entryFree
	case there && l.inFlight == 0:
		// Turn around: the lane is empty; it is ready for the other end
		// after the turnaround.
		l.end, l.run = 1-l.end, 0
		l.entryFree = max(now, l.lastExit) + c.turnaround
		if l.entryFree <= now {
			return l.end, 0
		}
		return -1, l.entryFree
	}
	// Waiting for the flight to empty (the exit wakes it) or for vessels.
	return -1, 0
}

// startLockage forms a group at an end by the complex's policy (first
// come first fit, or the line-up in order) and sends it through lane i.
func (m *model) startLockage(s *kernel.Sim, c *lockComplex, i, end int) {
	l := &c.lanes[i]
	now := s.Now()
	q := c.queue[end]
	room := c.spec.ChamberLengthM
	total, widest := 0.0, 0.0
	kept := q[:0]
	// A productivity factor stretches the lockage's times.
	pace := m.productivity(c.node, now)
	exitAt := now + stretch(c.transit(), pace)
	var group []int32
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
			s.Schedule(exitAt, m.done, int64(w.v))
			if m.onLockage != nil {
				group = append(group, w.v)
			}
			continue
		}
		closed = c.lineUp
		kept = append(kept, w)
	}
	c.queue[end] = kept
	if m.onLockage != nil {
		m.onLockage(c, end, group, now, exitAt)
	}
	c.maxLength = max(c.maxLength, total)
	c.maxBeam = max(c.maxBeam, widest)
	c.lockages++
	c.waterMgal += c.spec.WaterMgal
	if d := m.day(now); d != nil {
		d.WaterMgal += c.spec.WaterMgal
	}
	m.lakeDraw(c.spec.WaterMgal)

	l.inFlight++
	l.run++
	l.entryFree = now + stretch(c.headway(), pace)
	l.lastExit = max(l.lastExit, exitAt)
	s.Schedule(exitAt, m.laneExit, int64(c.node)<<8|int64(i))
}

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

// onLaneExit: a group has left lane arg&0xff of complex arg>>8.
func (m *model) onLaneExit(s *kernel.Sim, arg int64) {
	c := m.locks[arg>>8]
	c.lanes[arg&0xff].inFlight--
	m.lockDispatch(s, c)
}
