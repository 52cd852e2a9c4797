package sim

import (
	"cmp"
	"iter"
	"math"
	"slices"

	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// This file is the canal's traffic control at the anchorages: who may
// start a transit, and when.
//
// Each day (from local midnight) the canal lets at most cap[t] transits
// start through locks of type t: the operations' daily transits, or less
// while a slot_limit is in force (dayPlan). Of these, the day's booking
// slots (no more than max_booked_share of the cap) are spread evenly over
// the day; a booked vessel takes the first free one at or after the time
// it will have arrived, within bookingHorizon, and otherwise waits as
// unbooked. The rest of the cap goes to unbooked vessels as permits
// spread over the day, first come, first served, except that one that
// has waited priority_after_days goes before those that have waited
// less; and a booking slot that nobody has booked by its time goes to
// them too (onSlotTime), as the canal fills the slots its customers did
// not book from the queue.
//
// An unbooked vessel diverts to another route when, on arrival, the wait
// it can expect (unbooked vessels ahead of it over the day's unbooked
// permits) passes its threshold (streamPlan.divertAt: its class's
// break-even wait, or the demand's fixed diversion_days); any vessel
// diverts when it would have to lighten by more than max_lighten_ft to
// meet the draft limit, and lightens otherwise, losing cargo_per_ft of
// its cargo per foot. Auction slots (holdAuction) are sold at midnight.

// Lock type indices.
const (
	neo = 0
	pmx = 1
)

func typeIndex(t network.LockType) int {
	if t == network.Neopanamax {
		return neo
	}
	return pmx
}

// bookingHorizon is how much later than it wants a vessel still takes a
// booked time rather than going unbooked.
const bookingHorizon = kernel.Day

// noLimit stands for "no cap" and "no draft limit".
const noLimit = 1 << 20

// control is the anchorage traffic control of a run.
type control struct {
	cap      [2]int
	pool     [2]int            // unbooked permits today
	unbooked [2]*kernel.Server // unbooked permits, consumed
	queued   [2]int            // unbooked vessels waiting
	draft    [2]float64
	waiting  int // vessels at the anchorages waiting to transit
	// slots holds each lock type's booking slots by day, from today
	// to the last day booked.
	slots [2]map[int64]*slotDay
	// blocked: a lock, cut, lake or approach on the lock type's routes is
	// closed (or a lock has no lane in service). The canal then starts no
	// transit of that type: its permits are held (deferred counts them,
	// at most one for each vessel waiting) and issued once the route
	// reopens, on top of each day's, at most surge a day
	// (operations.backlog_transits less the day's cap, none while a slot
	// limit is in force); booked vessels lose their time and wait first
	// among the unbooked; the queue grows at the anchorage, where vessels
	// arriving divert by their thresholds, and each midnight those that
	// have waited longer than their threshold give up (giveUp).
	blocked  [2]bool
	deferred [2]int
	surge    [2]int
}

func newControl() control {
	return control{
		unbooked: [2]*kernel.Server{kernel.NewServer(0), kernel.NewServer(0)},
		slots:    [2]map[int64]*slotDay{{}, {}},
	}
}

// dayPlan is the canal's plan for one lock type and day: its cap on
// transits, its booking slots (those sold at the day's auction not
// counted) and the slots its auction sells.
type dayPlan struct{ cap, booked, auction int }

// planFor returns lock type t's plan for the day starting at time at:
// the operations' daily transits and booking slots, less while a
// slot_limit is in force at the day's start.
func (m *model) planFor(t int, at kernel.Time) dayPlan {
	ops := m.ops
	lt := lockTypes[t]
	if ops == nil {
		return dayPlan{cap: noLimit}
	}
	date := m.clock.Date(at)
	capT := ops.DailyTransits.Get(lt)
	if capT == 0 {
		return dayPlan{cap: noLimit} // no cap for this lock type
	}
	for v := range m.typeValues(SlotLimit, lt, at) {
		capT = math.Min(capT, v)
	}
	booked := math.Min(ops.BookingOn(date).Get(lt), math.Floor(capT*ops.MaxBookedShare))
	auction := math.Min(ops.AuctionOn(date).Get(lt), booked)
	return dayPlan{cap: int(capT), booked: int(booked - auction), auction: int(auction)}
}

// typeValues yields the values for lock type lt of the windows of effect
// e in force at time at (those that give one).
func (m *model) typeValues(e Effect, lt network.LockType, at kernel.Time) iter.Seq[float64] {
	return func(yield func(float64) bool) {
		for i := range m.windows {
			w := &m.windows[i]
			if w.Effect != e || !w.active(at) {
				continue
			}
			v := w.d.Neopanamax
			if lt == network.Panamax {
				v = w.d.Panamax
			}
			if v != nil && !yield(*v) {
				return
			}
		}
	}
}

// lockTypes lists the lock types by index.
var lockTypes = [2]network.LockType{neo: network.Neopanamax, pmx: network.Panamax}

// newDay sets the day's caps, permits and draft limits.
func (c *control) newDay(m *model, s *kernel.Sim) {
	now := s.Now()
	ops := m.ops
	day := int64(now / kernel.Day)
	for t, lt := range lockTypes {
		p := m.planFor(t, now)
		c.draft[t] = noLimit
		if ops != nil && lt == network.Panamax && ops.PanamaxDraftFt > 0 {
			c.draft[t] = ops.PanamaxDraftFt
		}
		if lt == network.Neopanamax && m.lake.spec != nil {
			c.draft[t] = m.lake.spec.DraftLimit(m.lake.level)
		}
		for v := range m.typeValues(DraftLimit, lt, now) {
			c.draft[t] = math.Min(c.draft[t], v)
		}
		c.surge[t] = 0
		if ops != nil {
			if normal := ops.DailyTransits.Get(lt); float64(p.cap) >= normal {
				c.surge[t] = max(0, int(ops.BacklogTransits.Get(lt)-normal))
			}
		}
		c.cap[t] = p.cap
		c.pool[t] = p.cap - p.booked - p.auction
		// Yesterday's booking slots are gone; today's release the permit
		// of any slot still free at its time (onSlotTime).
		for d := range c.slots[t] {
			if d < day {
				delete(c.slots[t], d)
			}
		}
		today := m.slotsOf(t, day)
		for k := range today.taken {
			s.Schedule(slotTime(day, k, len(today.taken)), m.slotTime, slotArg(t, k))
		}
		// Yesterday's unbooked permits lapse; today's are issued evenly
		// over the day, as the canal spaces its transits.
		u := c.unbooked[t]
		u.SetCapacity(s, 0)
		for u.Busy() > 0 {
			u.Release(s)
		}
		if c.pool[t] >= noLimit/2 {
			if !c.blocked[t] {
				u.SetCapacity(s, noLimit)
			}
			continue
		}
		if n := p.auction; n > 0 {
			if !c.blocked[t] {
				n -= m.holdAuction(s, sale{t: t, n: n, at: now, reserve: ops.AuctionReserveUSD})
			}
			c.pool[t] += n // slots not sold go to the unbooked vessels
		}
		if ops != nil && ops.SpecialAuction != nil && !c.blocked[t] {
			sa := ops.SpecialAuction
			at := now + kernel.Day*kernel.Time(sa.LeadDays)
			if n := m.specialSlots(at, lt); n > 0 {
				m.holdAuction(s, sale{t: t, n: n, at: at, minWait: sa.MinWaitDays, reserve: sa.ReserveUSD, special: true})
			}
		}
		for k := range c.pool[t] {
			at := now + kernel.Day*kernel.Time(k)/kernel.Time(c.pool[t])
			s.Schedule(at, m.permitTick, int64(t))
		}
		if !c.blocked[t] {
			m.releaseDeferred(s, t)
		}
	}
}

// slotDay is one lock type's booking slots of one day: taken[k] says
// that slot k (at slotTime) is held by a booked vessel or, its time past
// and nobody holding it, released to the unbooked.
type slotDay struct {
	taken []bool
	free  int // slots neither held nor released
	held  int // slots held by booked vessels
	// unlimited: the lock type has no cap that day, and a booked vessel
	// starts at its booked time.
	unlimited bool
}

// slotTime is the time of slot k of the n booking slots of day d: the
// slots are spread evenly over the day, as the canal spaces its
// transits.
func slotTime(d int64, k, n int) kernel.Time {
	return kernel.Time(d)*kernel.Day + kernel.Day*kernel.Time(2*k+1)/kernel.Time(2*n)
}

// slotsOf returns lock type t's booking slots of day d, laid out from
// its plan on first use.
func (m *model) slotsOf(t int, d int64) *slotDay {
	sd := m.ctl.slots[t][d]
	if sd == nil {
		p := m.planFor(t, kernel.Time(d)*kernel.Day)
		if p.cap >= noLimit {
			p.booked = 0
		}
		sd = &slotDay{taken: make([]bool, p.booked), free: p.booked, unlimited: p.cap >= noLimit}
		m.ctl.slots[t][d] = sd
	}
	return sd
}

// slotArg packs a lock type index (0 or 1) and a slot of the day into an
// event argument, and slotOf unpacks it.
func slotArg(t, k int) int64      { return int64(k)<<1 | int64(t&1) }
func slotOf(arg int64) (t, k int) { return int(arg & 1), int(arg >> 1) }

// onSlotTime: the time of one of today's booking slots (arg: slotArg)
// has come. A slot no booked vessel holds can no longer be booked, and
// its transit goes to the unbooked vessels, as the canal gives them the
// booking slots its customers did not buy.
func (m *model) onSlotTime(s *kernel.Sim, arg int64) {
	t, k := slotOf(arg)
	sd := m.slotsOf(t, int64(s.Now()/kernel.Day))
	if k >= len(sd.taken) || sd.taken[k] {
		return
	}
	sd.taken[k] = true // released
	sd.free--
	m.onPermitTick(s, int64(t))
}

// sale is one auction of transit slots: n slots of lock type t for
// transits at time at, open to the unbooked vessels that will have waited
// at least minWait days by then, sold for at least reserve (USD). The
// daily auction sells slots for now to any vessel waiting; a special
// auction sells slots days ahead to those that have waited long.
type sale struct {
	t, n    int
	at      kernel.Time
	minWait float64
	reserve float64
	special bool // counted as a special auction's
}

// holdAuction holds the sale a and returns how many slots it sold. Each
// unbooked vessel waiting for the lock type bids what the slot saves its
// owner: the wait it still expects after the slot's time (what it
// expected on joining the queue, at most its break-even wait, less what
// it will have waited by then) at its cost of a day's wait. The highest
// bids win if they reach the reserve price, and each winner pays the
// highest losing bid or the reserve, whichever is more. A winner of a
// slot for now starts its transit at once; one of a later slot leaves the
// unbooked queue and starts at the slot's time (onBookedTime). (The
// canal's auctions take sealed bids; with bidders who know their own
// values, the price a uniform-price sale fetches is on average what a
// first-price one does: the revenue equivalence theorem. docs/model.md.)
func (m *model) holdAuction(s *kernel.Sim, a sale) int {
	type bid struct {
		v     int
		value float64
	}
	now := s.Now()
	lead := (a.at - now).Hours() / 24
	var bids []bid
	for v := range m.vessels {
		vs := &m.vessels[v]
		sp := &m.streams[vs.stream]
		if !vs.waiting || vs.permitted || vs.booked || typeIndex(sp.lockType) != a.t || m.tooDeep(vs, a.t) {
			continue // a ship too deep for today's draft limit has no use for a slot
		}
		waited := (now-vs.asked).Hours()/24 + lead // by the slot's time
		if waited < a.minWait {
			continue
		}
		if left := min(vs.expect, sp.breakEven) - waited; left > 0 {
			bids = append(bids, bid{v, left * sp.waitPerDay})
		}
	}
	slices.SortStableFunc(bids, func(a, b bid) int { return cmp.Compare(b.value, a.value) })
	price := a.reserve
	if len(bids) > a.n {
		price = max(price, bids[a.n].value)
	}
	sold := 0
	d := m.day(now)
	for _, b := range bids[:min(a.n, len(bids))] {
		vs := &m.vessels[b.v]
		if b.value < price || !m.ctl.unbooked[a.t].Withdraw(vs.ticket) {
			continue
		}
		m.ctl.queued[a.t]--
		sold++
		switch {
		case d == nil:
		case a.special:
			d.SpecialSlots++
			d.SpecialUSD += price
		default:
			d.AuctionSlots++
			d.AuctionUSD += price
		}
		if a.at > now {
			vs.booked, vs.special, vs.bookedAt = true, true, a.at
			s.Schedule(a.at, m.bookedTime, m.vesselArg(int64(b.v)))
			continue
		}
		m.countUnbookedStart(s, vs)
		m.startTransit(s, int64(b.v))
	}
	return sold
}

// specialSlots is the number of slots of lock type lt that special
// auctions offer for the transit date starting at time at: the largest
// offer of the special_auction windows in force then.
func (m *model) specialSlots(at kernel.Time, lt network.LockType) int {
	n := 0.0
	for v := range m.typeValues(SpecialAuction, lt, at) {
		n = max(n, v)
	}
	return int(n)
}

// countUnbookedStart counts, on the day reported, an unbooked vessel's
// start of transit and its wait.
func (m *model) countUnbookedStart(s *kernel.Sim, vs *vessel) {
	if d := m.day(s.Now()); d != nil {
		d.UnbookedStarts++
		d.UnbookedWaitTotalDays += (s.Now() - vs.asked).Hours() / 24
	}
}

// onPermitTick issues one unbooked permit for lock type arg.
func (m *model) onPermitTick(s *kernel.Sim, arg int64) {
	if m.ctl.blocked[arg] {
		m.ctl.deferred[arg]++ // issued when the route reopens
		return
	}
	u := m.ctl.unbooked[arg]
	u.SetCapacity(s, u.Capacity()+1)
}

// releaseDeferred issues the day's share of lock type t's held permits,
// evenly over the rest of the day: the surge a day, in proportion to what
// is left of the day.
func (m *model) releaseDeferred(s *kernel.Sim, t int) {
	c := &m.ctl
	now := s.Now()
	// Permits are held for the vessels waiting, no more.
	c.deferred[t] = min(c.deferred[t], c.queued[t])
	left := kernel.Day - now%kernel.Day // days start at multiples of Day
	n := min(c.deferred[t], int(float64(c.surge[t])*float64(left)/float64(kernel.Day)+0.5))
	if n <= 0 {
		return
	}
	c.deferred[t] -= n
	for k := range kernel.Time(n) {
		s.Schedule(now+left*k/kernel.Time(n), m.permitTick, int64(t))
	}
}

// giveUp diverts the unbooked vessels waiting for a blocked route that
// have waited longer than their threshold: with no transit
// starting, the wait they can expect has no end in sight.
func (m *model) giveUp(s *kernel.Sim) {
	if !m.ctl.blocked[neo] && !m.ctl.blocked[pmx] {
		return
	}
	now := s.Now()
	for v := range m.vessels {
		vs := &m.vessels[v]
		if !vs.waiting || vs.permitted || vs.booked {
			continue
		}
		sp := &m.streams[vs.stream]
		t := typeIndex(sp.lockType)
		if !m.ctl.blocked[t] || sp.divertAt <= 0 || (now-vs.asked).Hours() <= 24*sp.divertAt {
			continue
		}
		if m.ctl.unbooked[t].Withdraw(vs.ticket) {
			m.ctl.queued[t]--
			m.divert(s, int64(v))
		}
	}
}

// updateBlocked sets whether each lock type's routes are blocked, from
// the state of the nodes on them, and holds or releases its permits.
func (m *model) updateBlocked(s *kernel.Sim) {
	for t, nodes := range m.typeNodes {
		b := false
		for _, n := range nodes {
			if m.nodes[n].closed || m.locks[n] != nil && m.locks[n].active == 0 {
				b = true
				break
			}
		}
		if b == m.ctl.blocked[t] {
			continue
		}
		m.ctl.blocked[t] = b
		u := m.ctl.unbooked[t]
		switch {
		case m.ctl.pool[t] >= noLimit/2 && b:
			u.SetCapacity(s, u.Busy())
		case m.ctl.pool[t] >= noLimit/2:
			u.SetCapacity(s, noLimit)
		case !b:
			m.releaseDeferred(s, t)
		}
	}
}

// inflowFactor is the factor on the lake's inflow in force at time t (the
// lowest of those in force, 1 when none).
func (m *model) inflowFactor(t kernel.Time) float64 {
	var f lowest
	for i := range m.windows {
		w := &m.windows[i]
		if w.Effect == InflowFactor && w.active(t) {
			f.add(w.d.Factor)
		}
	}
	return f.or1()
}

// vesselArg packs a vessel's slot and its arrival number into an event
// argument, so an event for a vessel that has left (its slot reused) is
// recognised as stale.
func (m *model) vesselArg(v int64) int64 { return v | int64(m.vessels[v].serial)<<32 }

// vesselOf unpacks vesselArg; ok is false for a stale argument.
func (m *model) vesselOf(arg int64) (v int64, ok bool) {
	v = arg & (1<<32 - 1)
	return v, m.vessels[v].serial == uint32(arg>>32)
}

// book gives a booked vessel its transit time: the first free booking
// slot of its lock type at or after the time it will have arrived (ready:
// its arrival plus lead). When no slot is free within bookingHorizon of
// that, the vessel gets no booking and waits as an unbooked vessel.
func (m *model) book(vs *vessel, ready kernel.Time) {
	t := typeIndex(m.streams[vs.stream].lockType)
	for d := int64(ready / kernel.Day); kernel.Time(d)*kernel.Day <= ready+bookingHorizon; d++ {
		sd := m.slotsOf(t, d)
		if sd.unlimited {
			vs.bookedAt = ready
			return
		}
		if sd.free == 0 {
			continue
		}
		for k, taken := range sd.taken {
			at := slotTime(d, k, len(sd.taken))
			if at > ready+bookingHorizon {
				break
			}
			if !taken && at >= ready {
				sd.taken[k] = true
				sd.free--
				sd.held++
				vs.bookedAt = at
				return
			}
		}
	}
	vs.booked = false
}

// askToTransit: vessel arg is ready to start its transit.
func (m *model) askToTransit(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	sp := &m.streams[vs.stream]
	t := typeIndex(sp.lockType)
	vs.asked = s.Now()
	if m.tooDeep(vs, t) {
		m.divert(s, arg)
		return
	}
	m.ctl.waiting++
	vs.waiting = true
	if d := m.day(s.Now()); d != nil && m.ctl.waiting > d.QueueMax {
		d.QueueMax = m.ctl.waiting
	}
	if vs.booked {
		if s.Now() < vs.bookedAt {
			s.Schedule(vs.bookedAt, m.bookedTime, m.vesselArg(arg))
			return
		}
		m.onBookedTime(s, m.vesselArg(arg))
		return
	}
	// An unbooked vessel weighs the wait ahead against going elsewhere.
	vs.expect = m.expectedWait(t)
	if sp.divertAt > 0 && vs.expect > sp.divertAt {
		m.divert(s, arg)
		return
	}
	m.queueUnbooked(s, arg, 0)
}

// expectedWait is the wait (days) a vessel joining the unbooked queue
// for lock type t can expect: the vessels queued ahead of it over the
// day's transits left to the unbooked, its unbooked permits and the
// booking slots not booked so far (the canal publishes the slots still
// free).
func (m *model) expectedWait(t int) float64 {
	sd := m.slotsOf(t, int64(m.sim.Now()/kernel.Day))
	return float64(m.ctl.queued[t]) / math.Max(float64(m.ctl.pool[t]+len(sd.taken)-sd.held), 0.5)
}

// tooDeep reports whether the vessel would have to lighten by more than
// it can to meet today's draft limit for lock type t.
func (m *model) tooDeep(vs *vessel, t int) bool {
	return vs.draftFt-m.ctl.draft[t] > m.dem.MaxLightenFt
}

func (m *model) queueUnbooked(s *kernel.Sim, arg int64, prio int) {
	vs := &m.vessels[arg]
	t := typeIndex(m.streams[vs.stream].lockType)
	if prio == 0 {
		m.ctl.queued[t]++
		if ops := m.ops; ops != nil && ops.PriorityAfterDays > 0 {
			s.Schedule(max(s.Now(), vs.asked+kernel.FromHours(24*ops.PriorityAfterDays)), m.age, m.vesselArg(arg))
		}
	}
	vs.ticket = m.ctl.unbooked[t].Request(s, prio, m.permitted, arg)
}

// onBookedTime: a booked vessel's time has come.
func (m *model) onBookedTime(s *kernel.Sim, arg int64) {
	v, ok := m.vesselOf(arg)
	if !ok {
		return
	}
	vs := &m.vessels[v]
	t := typeIndex(m.streams[vs.stream].lockType)
	if vs.special {
		// A slot won at a special auction: on top of the day's transits.
		vs.booked, vs.special = false, false
		if m.ctl.blocked[t] {
			// The route is blocked: the vessel goes first among the
			// unbooked when their permits are issued.
			vs.expect = m.expectedWait(t)
			m.ctl.queued[t]++
			m.queueUnbooked(s, v, 1)
			return
		}
		m.countUnbookedStart(s, vs)
		m.startTransit(s, v)
		return
	}
	if m.ctl.blocked[t] {
		// The route is blocked: the booking lapses, its permit is held
		// with the unbooked ones, and the vessel goes first among the
		// unbooked when they are issued.
		m.ctl.deferred[t]++
		vs.booked = false
		vs.expect = m.expectedWait(t)
		m.ctl.queued[t]++ // queueUnbooked counts only vessels joining at priority 0
		m.queueUnbooked(s, v, 1)
		return
	}
	m.startTransit(s, v) // its booking slot
}

// onAge: an unbooked vessel has waited long enough to go first.
func (m *model) onAge(s *kernel.Sim, arg int64) {
	v, ok := m.vesselOf(arg)
	if !ok {
		return
	}
	vs := &m.vessels[v]
	t := typeIndex(m.streams[vs.stream].lockType)
	if vs.permitted || !vs.waiting || vs.booked {
		return
	}
	if m.ctl.unbooked[t].Withdraw(vs.ticket) {
		m.queueUnbooked(s, v, 1)
	}
}

// onPermitted: an unbooked vessel has its permit.
func (m *model) onPermitted(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	t := typeIndex(m.streams[vs.stream].lockType)
	m.ctl.queued[t]--
	m.countUnbookedStart(s, vs)
	m.startTransit(s, arg)
}

// startTransit sends a permitted vessel on its way, lightened if the
// draft limit asks for it.
func (m *model) startTransit(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	sp := &m.streams[vs.stream]
	t := typeIndex(sp.lockType)
	vs.waiting = false
	m.ctl.waiting--
	if d := m.day(s.Now()); d != nil {
		d.WaitDaysByClass[sp.costClass] += (s.Now() - vs.asked).Hours() / 24
	}
	if m.tooDeep(vs, t) {
		m.divert(s, arg) // the limit fell while it waited
		return
	}
	if need := vs.draftFt - m.ctl.draft[t]; need > 0 {
		vs.draftFt = m.ctl.draft[t]
		keep := math.Max(0, 1-m.dem.CargoPerFt*need)
		for k := int(m.nextCall(vs)); k < len(sp.spec.Calls); k++ {
			vs.teu[k] *= keep
		}
		if d := m.day(s.Now()); d != nil {
			d.Lightened++
		}
	}
	vs.permitted = true
	vs.started = s.Now()
	if m.onTransitStart != nil {
		m.onTransitStart(vs)
	}
	if m.day(s.Now()) != nil { // a reported day
		m.waits[waitBin(s.Now()-vs.asked)]++
	}
	m.move(s, arg)
}

// nextCall returns the index of the vessel's next call not yet made.
func (m *model) nextCall(vs *vessel) int16 {
	steps := m.streams[vs.stream].steps
	for i := int(vs.step) + 1; i < len(steps); i++ {
		if steps[i].action == actCall {
			return steps[i].call
		}
	}
	return maxCalls
}

// divert: the vessel gives up on the canal. The calls it made before
// its transit, on its arrival side, stand (a vessel asks to transit only
// after them); those it has not made are all on the far side, which it
// can no longer reach. Their boxes cross the isthmus by rail when the
// call policy allows it (CallPolicy.Rail: the carrier works them at a
// terminal on the vessel's side, on the railway, and the trains of the
// coming week carry them as they have room: model.rail); the rest are
// lost to Panama.
func (m *model) divert(s *kernel.Sim, arg int64) {
	vs := &m.vessels[arg]
	if m.onDivert != nil {
		m.onDivert(vs)
	}
	sp := &m.streams[vs.stream]
	d := m.day(s.Now())
	if vs.waiting {
		vs.waiting = false
		m.ctl.waiting--
		if d != nil {
			d.WaitDaysByClass[sp.costClass] += (s.Now() - vs.asked).Hours() / 24
		}
	}
	if d != nil {
		d.Diverted++
		d.DivertedByClass[sp.costClass]++
	}
	for i := int(vs.step) + 1; i < len(sp.steps); i++ {
		st := &sp.steps[i]
		if st.action != actCall {
			continue
		}
		teu, carried := vs.teu[st.call], 0.0
		if m.dem.CallDiversion.Rail {
			carried, _ = m.rail(s, vs, int(st.node), teu)
		}
		if d == nil {
			continue
		}
		d.LostTEU += teu - carried
		d.DivertedTEU += teu - carried
	}
	m.diverted++
	m.leave(arg)
}
