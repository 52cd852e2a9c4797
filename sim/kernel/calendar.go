package kernel

import "math/bits"

// Handler reacts to an event. The argument is the small integer given when
// the event was scheduled (typically an index into the model's own tables),
// so scheduling an event never allocates.
type Handler interface {
	Handle(s *Sim, arg int64)
}

// HandlerFunc adapts an ordinary function to the Handler interface.
type HandlerFunc func(s *Sim, arg int64)

// Handle calls f(s, arg).
func (f HandlerFunc) Handle(s *Sim, arg int64) { f(s, arg) }

// EventID names a scheduled event so that it can be cancelled or
// rescheduled. The zero EventID names no event. An EventID goes stale when
// its event fires or is cancelled; operations on a stale ID report false.
type EventID uint64

// arity is the number of children of a heap node. A 4-ary heap is
// shallower than a binary one (log4 n levels), and the four children of a
// node are 64 contiguous bytes, one cache line when the group is aligned.
const arity = 4

// Bits of entry.key: the sequence number above, the slot index below.
const (
	slotBits = 24
	slotMask = 1<<slotBits - 1
	// MaxPending is the largest number of events a Calendar can hold at
	// once (cancelled events not yet swept count too).
	MaxPending = slotMask
	maxSeq     = 1<<(64-slotBits) - 1
)

// entry is one element of the heap: 16 bytes, so four siblings fill one
// cache line. ord is the event's time with its sign bit flipped, so that
// unsigned order is time order and (ord, key) compares as one 128-bit
// unsigned number. key holds the sequence number in its high bits and the
// slot index in its low bits; sequence numbers are unique, so no two
// entries compare equal.
type entry struct {
	ord uint64
	key uint64
}

const signBit = 1 << 63

func mkEntry(at Time, key uint64) entry { return entry{ord: uint64(at) ^ signBit, key: key} }

func (e entry) at() Time { return Time(e.ord ^ signBit) }

func (a entry) before(b entry) bool {
	return a.ord < b.ord || (a.ord == b.ord && a.key < b.key)
}

// slot holds the payload of a scheduled event. seq is the sequence number
// of the event's live heap entry, 0 when the slot is free; a heap entry
// whose sequence number differs from its slot's is dead (fired, cancelled
// or rescheduled) and is dropped when it reaches the top.
type slot struct {
	h   Handler
	arg int64
	seq uint64
	gen uint32
}

// Calendar is the event list of a discrete-event simulation: a slice-backed
// 4-ary min-heap of small value events ordered by (time, sequence number).
// The sequence number is assigned at scheduling, so events at the same time
// fire in the order they were scheduled (FIFO), which makes runs
// deterministic.
//
// Cancel marks an event dead in O(1) and Reschedule pushes a new entry in
// O(log n); dead entries are dropped when they reach the top, and swept all
// at once when they outnumber the live ones, so they never cost more than a
// constant factor in time or space. This keeps the hot path (schedule and
// pop) free of the position bookkeeping an indexed heap needs.
//
// The zero value is an empty calendar ready to use. A Calendar is not safe
// for concurrent use. Once its slices have grown to the peak number of
// pending events, no operation allocates.
type Calendar struct {
	heap  []entry
	slots []slot
	free  []uint32
	seq   uint64
	dead  int // dead entries in heap
	// topDead is set by Pop, which frees the event's slot but leaves its
	// entry at the root: the next insertion overwrites that entry with
	// one sift instead of a pop and a push. In a simulation nearly every
	// handler schedules at least one event, so this is the common case.
	topDead bool
}

// Len returns the number of pending events. O(1).
func (c *Calendar) Len() int { return len(c.heap) - c.dead }

// nextSeq returns a fresh sequence number, renumbering the pending events
// in the rare case (after 2^40 events) that the counter would overflow.
func (c *Calendar) nextSeq() uint64 {
	if c.seq == maxSeq {
		c.renumber()
	}
	c.seq++
	return c.seq
}

// Schedule adds an event at time at that will call h.Handle(s, arg), and
// returns its ID. O(log n). It panics when MaxPending events are pending.
func (c *Calendar) Schedule(at Time, h Handler, arg int64) EventID {
	var idx uint32
	if n := len(c.free); n > 0 {
		idx = c.free[n-1]
		c.free = c.free[:n-1]
	} else {
		if len(c.slots) >= MaxPending {
			panic("kernel: too many pending events")
		}
		idx = uint32(len(c.slots))
		c.slots = append(c.slots, slot{})
	}
	seq := c.nextSeq()
	sl := &c.slots[idx]
	sl.h, sl.arg, sl.seq = h, arg, seq
	c.insert(mkEntry(at, seq<<slotBits|uint64(idx)))
	return EventID(uint64(sl.gen)<<32 | uint64(idx+1))
}

// Peek returns the time of the next event; ok is false when the calendar
// is empty. O(1) amortised.
func (c *Calendar) Peek() (at Time, ok bool) {
	if !c.clean() {
		return 0, false
	}
	return c.heap[0].at(), true
}

// clean drops dead entries from the top and reports whether a live event
// is left.
func (c *Calendar) clean() bool {
	for len(c.heap) > 0 {
		e := c.heap[0]
		if c.slots[e.key&slotMask].seq == e.key>>slotBits {
			return true
		}
		c.popTop()
		c.dead--
	}
	return false
}

// Pop removes the next event and returns it. It panics on an empty
// calendar. O(log n).
func (c *Calendar) Pop() (at Time, seq uint64, h Handler, arg int64) {
	if !c.clean() {
		panic("kernel: Pop on an empty calendar")
	}
	return c.take()
}

// take removes the event at the root, which must be live, in O(1): it
// frees the event's slot, which makes the root entry dead, and leaves the
// entry in place for the next insert to overwrite (see topDead).
func (c *Calendar) take() (at Time, seq uint64, h Handler, arg int64) {
	top := c.heap[0]
	idx := uint32(top.key & slotMask)
	sl := &c.slots[idx]
	h, arg = sl.h, sl.arg
	c.release(idx)
	c.dead++
	c.topDead = true
	return top.at(), top.key >> slotBits, h, arg
}

// lookup returns the slot index of a live event, or false.
func (c *Calendar) lookup(id EventID) (uint32, bool) {
	idx := uint32(id) - 1
	if uint32(id) == 0 || int(idx) >= len(c.slots) {
		return 0, false
	}
	sl := &c.slots[idx]
	if sl.seq == 0 || sl.gen != uint32(id>>32) {
		return 0, false
	}
	return idx, true
}

// Scheduled reports whether id names a pending event, and its time. O(n):
// it is meant for tests and diagnostics, not hot paths.
func (c *Calendar) Scheduled(id EventID) (at Time, ok bool) {
	idx, ok := c.lookup(id)
	if !ok {
		return 0, false
	}
	want := c.slots[idx].seq<<slotBits | uint64(idx)
	for _, e := range c.heap {
		if e.key == want {
			return e.at(), true
		}
	}
	panic("kernel: live event missing from the heap")
}

// Cancel removes a pending event. It reports false, and does nothing, when
// id is stale (already fired or cancelled). O(1) amortised.
func (c *Calendar) Cancel(id EventID) bool {
	idx, ok := c.lookup(id)
	if !ok {
		return false
	}
	c.release(idx)
	c.kill()
	return true
}

// Reschedule moves a pending event to time at. The event takes a new
// sequence number, so among events at the same time it fires after those
// already scheduled, exactly as if it had been cancelled and scheduled
// again; its ID stays valid. It reports false when id is stale. O(log n).
func (c *Calendar) Reschedule(id EventID, at Time) bool {
	idx, ok := c.lookup(id)
	if !ok {
		return false
	}
	seq := c.nextSeq()
	c.slots[idx].seq = seq
	c.insert(mkEntry(at, seq<<slotBits|uint64(idx)))
	c.kill()
	return true
}

// kill counts one more dead entry and sweeps them all when they outnumber
// the live ones.
func (c *Calendar) kill() {
	c.dead++
	if c.dead > 64 && 2*c.dead > len(c.heap) {
		c.sweep()
	}
}

// sweep drops every dead entry and rebuilds the heap. O(n).
func (c *Calendar) sweep() {
	live := c.heap[:0]
	for _, e := range c.heap {
		if c.slots[e.key&slotMask].seq == e.key>>slotBits {
			live = append(live, e)
		}
	}
	clear(c.heap[len(live):])
	c.heap = live
	c.dead = 0
	c.topDead = false
	for i := (len(c.heap) - 2) / arity; i >= 0; i-- {
		c.down(i)
	}
}

// renumber gives the pending events the sequence numbers 1..n in their
// current order, so the counter can go on without changing any order.
func (c *Calendar) renumber() {
	c.sweep()
	sorted := make([]entry, 0, len(c.heap))
	for len(c.heap) > 0 {
		sorted = append(sorted, c.popTop())
	}
	for i, e := range sorted {
		seq := uint64(i + 1)
		idx := e.key & slotMask
		c.slots[idx].seq = seq
		sorted[i].key = seq<<slotBits | idx
	}
	c.heap = sorted // a sorted slice is a valid heap
	c.seq = uint64(len(sorted))
}

func (c *Calendar) release(idx uint32) {
	sl := &c.slots[idx]
	sl.h = nil
	sl.seq = 0
	sl.gen++
	c.free = append(c.free, idx)
}

// insert adds e to the heap, in place of the root when Pop left it dead.
func (c *Calendar) insert(e entry) {
	if c.topDead {
		c.topDead = false
		c.dead--
		c.replaceTop(e)
		return
	}
	c.heap = append(c.heap, e)
	c.up(len(c.heap)-1, e)
}

// popTop removes and returns the root. It uses the bottom-up method: the
// hole left by the root sinks along the smaller children to a leaf, with no
// comparison against the element being placed, and the last element is
// then sifted up from there. The last element nearly always belongs near
// the leaves, so this saves a comparison per level, and an unpredictable
// branch with it.
func (c *Calendar) popTop() entry {
	c.topDead = false
	h := c.heap
	top := h[0]
	last := len(h) - 1
	e := h[last]
	h[last] = entry{}
	c.heap = h[:last]
	if last > 0 {
		c.up(c.sink(0), e)
	}
	return top
}

// up places e at the hole i, or above it: it moves the hole towards the
// root while e orders before the hole's parent.
func (c *Calendar) up(i int, e entry) {
	h := c.heap
	for i > 0 {
		p := int(uint(i-1) / arity)
		if !e.before(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

// sink moves the hole at i down to a leaf, pulling the smallest child up
// at each level, and returns the hole's final index.
//
// Which child is smallest is unpredictable, so the tournament among the
// four is branch-free: each match turns the borrow of a 128-bit
// subtraction into a mask and selects with it. The winners' keys travel
// with the masks, so no load waits on a computed index until the next
// level. This loop is most of the cost of an event.
func (c *Calendar) sink(i int) int {
	h := c.heap
	for {
		first := arity*i + 1
		if first+arity > len(h) {
			break
		}
		g := h[first : first+arity : first+arity]
		x, ix := sel(g[0], g[1], 0, 1)
		y, iy := sel(g[2], g[3], 2, 3)
		x, ix = sel(x, y, ix, iy)
		h[i] = x
		i = first + ix
	}
	// A node on the last level but one may have fewer than four children.
	if first := arity*i + 1; first < len(h) {
		m := first
		for j := first + 1; j < len(h); j++ {
			if h[j].before(h[m]) {
				m = j
			}
		}
		h[i] = h[m]
		i = m
	}
	return i
}

// replaceTop overwrites the root with e and sifts e down. Unlike popTop it
// goes top-down: a new event is as likely to belong near the top as
// anywhere, and the comparison with e at each level is a branch that is
// predicted (go on) and off the chain of loads, so the sift pays one
// misprediction, where it stops, instead of two (bottom of the sink, then
// top of the climb).
func (c *Calendar) replaceTop(e entry) {
	h := c.heap
	i := 0
	for {
		first := arity*i + 1
		if first+arity > len(h) {
			break
		}
		g := h[first : first+arity : first+arity]
		x, ix := sel(g[0], g[1], 0, 1)
		y, iy := sel(g[2], g[3], 2, 3)
		x, ix = sel(x, y, ix, iy)
		if !x.before(e) {
			h[i] = e
			return
		}
		h[i] = x
		i = first + ix
	}
	if first := arity*i + 1; first < len(h) {
		m := first
		for j := first + 1; j < len(h); j++ {
			if h[j].before(h[m]) {
				m = j
			}
		}
		if h[m].before(e) {
			h[i] = h[m]
			i = m
		}
	}
	h[i] = e
}

// sel returns the smaller of x and y with its index, without a branch.
func sel(x, y entry, ix, iy int) (entry, int) {
	// mask is all ones when y < x: the final borrow of (y.ord, y.key) -
	// (x.ord, x.key).
	_, borrow := bits.Sub64(y.key, x.key, 0)
	_, borrow = bits.Sub64(y.ord, x.ord, borrow)
	mask := -borrow
	x.ord ^= (x.ord ^ y.ord) & mask
	x.key ^= (x.key ^ y.key) & mask
	return x, ix ^ ((ix ^ iy) & int(mask))
}

// down moves element i towards the leaves; sweep uses it to rebuild the
// heap.
func (c *Calendar) down(i int) {
	h := c.heap
	n := len(h)
	e := h[i]
	for {
		first := arity*i + 1
		if first >= n {
			break
		}
		m := first
		for j := first + 1; j < n && j < first+arity; j++ {
			if h[j].before(h[m]) {
				m = j
			}
		}
		if !h[m].before(e) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = e
}
