package sim

import (
	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// This file is the cut model (network.CutSpec): vessels of clear-cut
// classes pass one direction at a time, in alternating windows, spaced;
// daylight-only vessels enter by day; the others pass freely. A vessel
// waiting for the cut waits at its entrance, inside the canal.

// Directions through the canal.
const (
	northbound = 0 // from the Pacific side
	southbound = 1
)

// cutState is a cut during a run.
type cutState struct {
	spec      *network.CutSpec
	node      int
	pass      kernel.Time // time to pass the cut
	queue     [2][]int32  // restricted vessels waiting, by direction
	inside    [2]int      // clear-cut vessels inside, by direction
	lastEntry [2]kernel.Time
	armedAt   kernel.Time // a wake is scheduled then (0: none)
	first     int         // direction of the window starting at midnight
}

func newCutState(node int, spec *network.CutSpec) *cutState {
	c := &cutState{spec: spec, node: node, pass: kernel.FromHours(spec.Hours()), lastEntry: [2]kernel.Time{-1 << 62, -1 << 62}}
	if spec.FirstDirection == "northbound" {
		c.first = northbound
	} else {
		c.first = southbound
	}
	return c
}

// window returns the clear-cut direction at time t and when it next
// changes.
func (c *cutState) window(t kernel.Time) (dir int, next kernel.Time) {
	period := kernel.FromHours(c.spec.PeriodHours)
	k := t / period
	return (c.first + int(k)) % 2, (k + 1) * period
}

// daylight reports whether t is by day, and when the next day starts.
func (c *cutState) daylight(t kernel.Time) (bool, kernel.Time) {
	day := t / kernel.Day * kernel.Day
	from, until := day+kernel.FromHours(c.spec.DaylightFrom), day+kernel.FromHours(c.spec.DaylightUntil)
	switch {
	case t < from:
		return false, from
	case t < until:
		return true, from
	}
	return false, from + kernel.Day
}

// cutArrive: vessel arg reaches the cut's entrance.
func (m *model) cutArrive(s *kernel.Sim, c *cutState, arg int64) {
	vs := &m.vessels[arg]
	cl := m.streams[vs.stream].class
	if !cl.ClearCut && !m.daylightOnly(vs) && !m.nodes[c.node].closed {
		s.After(c.pass, m.cutLeave, arg)
		return
	}
	dir := m.streams[vs.stream].dir
	vs.since = s.Now()
	c.queue[dir] = append(c.queue[dir], int32(arg))
	m.cutDispatch(s, c)
}

// cutDispatch lets in every waiting vessel that may enter now, in order
// of arrival in each direction (a vessel that may not enter yet does not
// hold up one behind it that may), and arranges to look again when the
// next may.
func (m *model) cutDispatch(s *kernel.Sim, c *cutState) {
	if m.nodes[c.node].closed {
		return // the reopening dispatches again
	}
	now := s.Now()
	wake := kernel.Time(0)
	later := func(t kernel.Time) {
		if t > now && (wake == 0 || t < wake) {
			wake = t
		}
	}
	for dir := range 2 {
		kept := c.queue[dir][:0]
		for _, v := range c.queue[dir] {
			if !m.mayEnterCut(c, v, dir, now, later) {
				kept = append(kept, v)
				continue
			}
			vs := &m.vessels[v]
			if m.streams[vs.stream].class.ClearCut {
				c.inside[dir]++
				c.lastEntry[dir] = now
			}
			vs.canalWait += now - vs.since
			s.After(c.pass, m.cutLeave, int64(v))
		}
		c.queue[dir] = kept
	}
	if wake != 0 && wake != c.armedAt {
		c.armedAt = wake
		s.Schedule(wake, m.cutWake, int64(c.node))
	}
}

// mayEnterCut reports whether vessel v, waiting to go in direction dir,
// may enter the cut now; if not, it tells later when it might.
func (m *model) mayEnterCut(c *cutState, v int32, dir int, now kernel.Time, later func(kernel.Time)) bool {
	vs := &m.vessels[v]
	cl := m.streams[vs.stream].class
	if m.daylightOnly(vs) {
		if day, next := c.daylight(now); !day {
			later(next)
			return false
		}
	}
	if !cl.ClearCut {
		return true
	}
	open, next := c.window(now)
	switch {
	case open != dir:
		later(next)
		return false
	case c.inside[1-dir] > 0:
		return false // the last one leaving dispatches again
	case now < c.lastEntry[dir]+minutes(c.spec.SpacingMinutes):
		later(c.lastEntry[dir] + minutes(c.spec.SpacingMinutes))
		return false
	case now+c.pass > next:
		// The passage must end within the window, so that the other
		// direction finds the cut clear.
		later(next)
		return false
	}
	return true
}

// daylightOnly reports whether a vessel may pass the cut by day only.
func (m *model) daylightOnly(vs *vessel) bool {
	d := m.streams[vs.stream].class.DaylightDraftFt
	return d > 0 && vs.draftFt > d
}

// onCutWake looks again at a cut.
func (m *model) onCutWake(s *kernel.Sim, arg int64) {
	c := m.cuts[arg]
	if c.armedAt == s.Now() {
		c.armedAt = 0
	}
	m.cutDispatch(s, c)
}

// onCutLeave: vessel arg has passed the cut.
func (m *model) onCutLeave(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	sp := &m.streams[vs.stream]
	c := m.cuts[sp.steps[vs.step].node]
	if sp.class.ClearCut {
		c.inside[sp.dir]--
		m.cutDispatch(s, c)
	}
	m.move(s, arg)
}
