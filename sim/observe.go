package sim

import (
	"time"

	"github.com/canalsim/canalsim/sim/kernel"
)

// Observer receives what happens inside the runs of a study as it
// happens. Each field is an optional hook, nil meaning off, in the manner
// of net/http/httptrace.ClientTrace; a nil *Observer observes nothing and
// costs nothing. Hooks are called from the goroutine that runs the
// replication: calls for one run come one at a time, in the order the
// model commits to what they report, and calls for different
// replications may be concurrent. A hook must not keep the slices it is
// given beyond the call.
type Observer struct {
	// Lockage is called for every lockage of a lock lane and every empty
	// levelling of one of its chambers, when the lane commits to it.
	Lockage func(replication int, v Variant, l Lockage)
	// Arrival is called as a vessel arrives at its origin anchorage
	// (warm-up included).
	Arrival func(replication int, v Variant, e VesselEvent)
	// TransitStart is called as a vessel leaves the anchorage (or its
	// last call before the transit) with permission to transit;
	// TransitEnd as it leaves the last lock of its route.
	TransitStart func(replication int, v Variant, e VesselEvent)
	TransitEnd   func(replication int, v Variant, e VesselEvent)
	// Diversion is called as a vessel gives up on the canal and leaves;
	// Departure as a vessel leaves the network at its destination.
	Diversion func(replication int, v Variant, e VesselEvent)
	Departure func(replication int, v Variant, e VesselEvent)
	// Call is called as a terminal finishes working a call.
	Call func(replication int, v Variant, c CallRecord)
}

// VesselEvent is a moment in a vessel's life, as the Observer sees it.
type VesselEvent struct {
	// Vessel is its arrival number in the run (1 for the first arrival,
	// warm-up included), as in Lockage.Vessels.
	Vessel int
	// Stream, Class, Segment, Carrier and Flag describe it ("" for no
	// carrier or flag).
	Stream, Class, Segment, Carrier, Flag string
	// Booked says whether it holds a booking (at that moment).
	Booked bool
	// Time is when it happens; Node where: the origin anchorage at its
	// arrival, the node it leaves for its transit, the last lock at the
	// transit's end, its destination at departure, where it is when it
	// diverts.
	Time time.Time
	Node string
	// Waited is, at the start of its transit, how long it waited for
	// permission (0 otherwise); CanalWait, at its end, the time it waited
	// inside the canal, at locks and the Cut.
	Waited, CanalWait time.Duration
}

// CallRecord is a terminal call worked, as the Observer sees it.
type CallRecord struct {
	Vessel int
	// Terminal is the terminal that worked the call; Planned the one it
	// was for (different when the call moved).
	Terminal, Planned string
	TEU               float64
	// Start is when the work began (a berth granted), End when it ended.
	Start, End time.Time
}

// Lockage is one use of a lane of a lock complex: a group of vessels
// through its flight of chambers, or one chamber levelled empty to make
// it ready for the next group (docs/model.md, "Locks").
type Lockage struct {
	// Lock is the ID of the lock complex's node, and Lane its lane,
	// counted from 0.
	Lock string
	Lane int
	// Chamber is the chamber an empty levelling levels, counted from 0 at
	// the sea end; -1 for a lockage with vessels, which passes every
	// chamber of the flight.
	Chamber int
	// Up is true for vessels rising from the sea end to the lake, or for
	// a chamber filling to the level of its lake side.
	Up bool
	// Start is when the first vessel starts to enter (or the levelling
	// starts), End when the last vessel has left (or the levelling ends).
	Start, End time.Time
	// Vessels are the arrival numbers of the vessels of the group (1 for
	// the run's first arrival, warm-up included), in the order they
	// enter and leave; none for an empty levelling.
	Vessels []int
	// Empty marks an empty levelling.
	Empty bool
	// WaterMgal is the water the lockage drew from the summit lake, in
	// million US gallons: a chamber of water when the top chamber rises,
	// nothing otherwise.
	WaterMgal float64
}

// lockEvent is a lockage as the lock model reports it (Lockage in the
// model's own terms).
type lockEvent struct {
	Lane, Chamber int
	Up, Empty     bool
	Start, End    kernel.Time
	Vessels       []int32 // vessel slots; valid only during the call
	WaterMgal     float64
}

// observe connects the hooks of obs to model m, run as replication rep
// of variant v. Hooks left nil cost nothing.
func (m *model) observe(obs *Observer, rep int, v Variant) {
	if obs == nil {
		return
	}
	if hook := obs.Lockage; hook != nil {
		var serials []int
		m.onLockage = func(c *lockComplex, e lockEvent) {
			serials = serials[:0]
			for _, x := range e.Vessels {
				serials = append(serials, int(m.vessels[x].serial))
			}
			hook(rep, v, Lockage{
				Lock: m.nodes[c.node].spec.ID, Lane: e.Lane, Chamber: e.Chamber, Up: e.Up,
				Start: m.clock.Date(e.Start), End: m.clock.Date(e.End),
				Vessels: serials, Empty: e.Empty, WaterMgal: e.WaterMgal,
			})
		}
	}
	event := func(vs *vessel, node int) VesselEvent {
		sp := &m.streams[vs.stream]
		now := m.sim.Now()
		e := VesselEvent{
			Vessel: int(vs.serial), Stream: sp.spec.Name, Class: sp.class.ID, Segment: sp.spec.Segment,
			Carrier: m.carriers[vs.carrier], Flag: m.flags[vs.flag], Booked: vs.booked, Time: m.clock.Date(now),
		}
		if node >= 0 {
			e.Node = m.nodes[node].spec.ID
		}
		return e
	}
	here := func(vs *vessel) int { return int(m.streams[vs.stream].steps[vs.step].node) }
	if hook := obs.Arrival; hook != nil {
		m.onArrival = func(vs *vessel) { hook(rep, v, event(vs, int(m.streams[vs.stream].steps[0].node))) }
	}
	if hook := obs.TransitStart; hook != nil {
		m.onTransitStart = func(vs *vessel) {
			e := event(vs, here(vs))
			e.Waited = (m.sim.Now() - vs.asked).Duration()
			hook(rep, v, e)
		}
	}
	if hook := obs.TransitEnd; hook != nil {
		m.onTransitEnd = func(vs *vessel, node int) {
			e := event(vs, node)
			e.CanalWait = vs.canalWait.Duration()
			hook(rep, v, e)
		}
	}
	if hook := obs.Diversion; hook != nil {
		m.onDivert = func(vs *vessel) { hook(rep, v, event(vs, here(vs))) }
	}
	if hook := obs.Departure; hook != nil {
		m.onDepart = func(vs *vessel) { hook(rep, v, event(vs, here(vs))) }
	}
	if hook := obs.Call; hook != nil {
		m.onCall = func(vs *vessel, node int, teu float64, start, end kernel.Time) {
			planned := m.nodes[m.streams[vs.stream].steps[vs.step].node].spec.ID
			hook(rep, v, CallRecord{Vessel: int(vs.serial), Terminal: m.nodes[node].spec.ID, Planned: planned, TEU: teu, Start: m.clock.Date(start), End: m.clock.Date(end)})
		}
	}
}
