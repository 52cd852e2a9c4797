package kernel

import "context"

// Hooks observe a simulation. Every field is optional: a nil hook costs one
// predictable branch. Hooks run synchronously on the simulation's goroutine
// and must not schedule or cancel events.
type Hooks struct {
	// Fired is called just before an event's handler runs, with the
	// simulation clock already advanced to the event's time.
	Fired func(at Time, seq uint64, h Handler, arg int64)
	// Scheduled is called after an event has been added to the calendar.
	Scheduled func(at Time, id EventID, h Handler, arg int64)
}

// Sim is a discrete-event simulation: a clock and an event calendar. Its
// zero value is a simulation at time 0 with nothing scheduled. A Sim is not
// safe for concurrent use; run independent replications in independent
// Sims, one per goroutine.
type Sim struct {
	// Hooks observe the run; set them before Run.
	Hooks Hooks

	cal     Calendar
	now     Time
	fired   uint64
	stopped bool
}

// Now returns the current simulated time.
func (s *Sim) Now() Time { return s.now }

// Fired returns the number of events that have fired so far.
func (s *Sim) Fired() uint64 { return s.fired }

// Pending returns the number of scheduled events.
func (s *Sim) Pending() int { return s.cal.Len() }

// Schedule arranges for h.Handle(s, arg) to be called at time at, which
// must not be earlier than Now (it panics otherwise: time never goes back).
// Events at equal times fire in the order they were scheduled. O(log n),
// no allocation once the calendar has grown.
func (s *Sim) Schedule(at Time, h Handler, arg int64) EventID {
	if at < s.now {
		panic("kernel: event scheduled in the past")
	}
	id := s.cal.Schedule(at, h, arg)
	if s.Hooks.Scheduled != nil {
		s.Hooks.Scheduled(at, id, h, arg)
	}
	return id
}

// After schedules h.Handle(s, arg) at Now()+d; d must not be negative.
func (s *Sim) After(d Time, h Handler, arg int64) EventID {
	return s.Schedule(s.now+d, h, arg)
}

// Cancel removes a pending event and reports whether it was pending.
func (s *Sim) Cancel(id EventID) bool { return s.cal.Cancel(id) }

// Reschedule moves a pending event to time at (not earlier than Now) and
// reports whether it was pending. See Calendar.Reschedule for ordering.
func (s *Sim) Reschedule(id EventID, at Time) bool {
	if at < s.now {
		panic("kernel: event rescheduled into the past")
	}
	return s.cal.Reschedule(id, at)
}

// Scheduled reports whether id names a pending event, and its time.
func (s *Sim) Scheduled(id EventID) (Time, bool) { return s.cal.Scheduled(id) }

// Stop makes Run return after the current event's handler; the clock stays
// at the current event's time and pending events stay scheduled.
func (s *Sim) Stop() { s.stopped = true }

// Step fires the next event, if any, and reports whether it did.
func (s *Sim) Step() bool {
	if !s.cal.clean() {
		return false
	}
	s.fire()
	return true
}

// fire runs the event at the top of the calendar, which must be live.
func (s *Sim) fire() {
	top, h, arg := s.cal.take()
	s.now = top.at()
	s.fired++
	if s.Hooks.Fired != nil {
		s.Hooks.Fired(s.now, top.key>>slotBits, h, arg)
	}
	h.Handle(s, arg)
}

// ctxCheckEvery is how many events Run fires between looks at its context:
// often enough to stop within microseconds, rarely enough to cost nothing.
const ctxCheckEvery = 1 << 12

// Run fires events in order until the next event is later than horizon,
// the calendar is empty, Stop is called or ctx is done. Events at exactly
// horizon fire. When it stops at the horizon (or runs dry before it) the
// clock is set to horizon, unless horizon is Never; when ctx is done it
// returns ctx.Err() with the clock at the last fired event.
func (s *Sim) Run(ctx context.Context, horizon Time) error {
	s.stopped = false
	done := ctx.Done()
	for n := 0; ; n++ {
		if n&(ctxCheckEvery-1) == 0 && done != nil {
			select {
			case <-done:
				return ctx.Err()
			default:
			}
		}
		if !s.cal.clean() || s.cal.heap[0].at() > horizon {
			if horizon != Never && horizon > s.now {
				s.now = horizon
			}
			return nil
		}
		// fire, written out to save a call per event.
		top, h, arg := s.cal.take()
		s.now = top.at()
		s.fired++
		if s.Hooks.Fired != nil {
			s.Hooks.Fired(s.now, top.key>>slotBits, h, arg)
		}
		h.Handle(s, arg)
		if s.stopped {
			return nil
		}
	}
}
