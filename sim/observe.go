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
// of variant v.
func (m *model) observe(obs *Observer, rep int, v Variant) {
	if obs == nil || obs.Lockage == nil {
		return
	}
	hook := obs.Lockage
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
