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

// arity is the number of children of a heap node. A 4-ary heap is half as
// deep as a binary one, and finding the smallest of four children costs
// little more than comparing two when it is done without branches (see
// siftDown).
const arity = 4

// Bits of entry.key: the sequence number above, the slot index below.
const (
	slotBits = 24
	slotMask = 1<<slotBits - 1
	// MaxPending is the largest number of events a Calendar can hold at
	// once.
	MaxPending = slotMask
	maxSeq     = 1<<(64-slotBits) - 1
)

// entry is one element of the heap, 16 bytes. ord is the event's time with
// its sign bit flipped, so that unsigned order is time order and the
// tournament in siftDown can compare times with one subtraction. key holds
// the sequence number in its high bits and the slot index in its low bits;
// sequence numbers are unique, so (ord, key) orders entries totally.
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
// or rescheduled) and is dropped when it reaches the top. gen counts the
// slot's reuses, so that the IDs of past events go stale. A free slot's arg
// links it into the free list.
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
// Events at the current instant need no lane of their own beside the
// heap: the first event a handler schedules overwrites the root its own
// event left dead (topDead), and one at the current instant, the least
// time, stops there after comparing it with the root's children, where a
// lane would leave the hole for a full pop to close
// (BenchmarkPHOLDAtNow, with three events in ten at the current instant,
// runs faster than BenchmarkPHOLD).
//
// The zero value is an empty calendar ready to use. A Calendar is not safe
// for concurrent use. Once its slices have grown to the peak number of
// pending events, no operation allocates.
type Calendar struct {
	heap  []entry
	slots []slot
	free  uint32 // index+1 of the first free slot, 0 if none
	seq   uint64
	dead  int // dead entries in heap
	// topDead reports that the root is the dead entry of the event Pop
	// returned last. Pop leaves that entry in place, and the next
	// insertion overwrites it and sifts down once, instead of a pop
	// (sift down) followed by a push (sift up). In a simulation most
	// handlers schedule an event, so this is the common case.
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
	if c.free == 0 || c.seq == maxSeq {
		c.prepare() // the rare cases, out of line
	}
	idx := c.free - 1
	sl := &c.slots[idx]
	c.free = uint32(sl.arg)
	c.seq++
	seq := c.seq
	sl.h, sl.arg, sl.seq = h, arg, seq
	id := EventID(uint64(sl.gen)<<32 | uint64(idx+1))
	// insert, written out to save a call on the hot path.
	e := mkEntry(at, seq<<slotBits|uint64(idx))
	if c.topDead {
		c.topDead = false
		c.dead--
		c.siftDown(0, e)
	} else {
		c.push(e)
	}
	return id
}

// prepare readies Schedule's fast path: a free slot, and a sequence number
// that does not overflow.
func (c *Calendar) prepare() {
	if c.seq == maxSeq {
		c.renumber()
	}
	if c.free == 0 {
		if len(c.slots) >= MaxPending {
			panic("kernel: too many pending events")
		}
		c.slots = append(c.slots, slot{})
		c.free = uint32(len(c.slots))
	}
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
// is left. Without dead entries it only looks at the length, which spares
// the hot path a load from the slot table.
func (c *Calendar) clean() bool {
	if c.dead == 0 {
		return len(c.heap) > 0
	}
	return c.dropDead()
}

func (c *Calendar) dropDead() bool {
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

// Pop removes the next event and returns it, with its sequence number
// (its rank in scheduling order). It panics on an empty calendar. O(log n)
// amortised: Pop itself only frees the event and leaves a hole at the top
// of the heap, which the next Schedule fills (one sift instead of two) or
// the next Pop or Peek closes.
func (c *Calendar) Pop() (at Time, seq uint64, h Handler, arg int64) {
	if !c.clean() {
		panic("kernel: Pop on an empty calendar")
	}
	top, h, arg := c.take()
	return top.at(), top.key >> slotBits, h, arg
}

// take removes the event at the root, which must be live, in O(1): it
// frees the event's slot, which makes the root entry dead, and leaves the
// entry in place for the next insertion to overwrite (see topDead). It
// returns the entry and the event's payload; it is small enough to be
// inlined into Sim.Run.
func (c *Calendar) take() (top entry, h Handler, arg int64) {
	top = c.heap[0]
	sl := &c.slots[top.key&slotMask]
	h, arg = sl.h, sl.arg
	c.release(sl, uint32(top.key&slotMask))
	c.dead++
	c.topDead = true
	return top, h, arg
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
	c.release(&c.slots[idx], idx)
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
	// Heapify from the last parent up. Every entry may be dead (all
	// pending events cancelled), so guard the empty heap: (0-2)/arity is
	// 0 in Go, not -1.
	if len(live) > 1 {
		for i := (len(live) - 2) / arity; i >= 0; i-- {
			c.siftDown(uint(i), live[i])
		}
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

// release frees sl, the slot at idx: the heap entries that name it die, the
// IDs that name it go stale, and it joins the free list.
func (c *Calendar) release(sl *slot, idx uint32) {
	// Field by field: assigning a whole slot{} would clear it with a
	// runtime call when the garbage collector is marking, which makes the
	// compiler spill the caller's registers on every event.
	sl.h = nil
	sl.arg = int64(c.free)
	sl.seq = 0
	sl.gen++
	c.free = idx + 1
}

// insert adds e to the heap, in place of the root when Pop left it dead.
func (c *Calendar) insert(e entry) {
	if c.topDead {
		c.topDead = false
		c.dead--
		c.siftDown(0, e)
		return
	}
	c.push(e)
}

// push appends e to the heap and sifts it up. It is kept out of line
// because inlined, its growth path (append) would cost Schedule's fast path
// spills.
//
//go:noinline
func (c *Calendar) push(e entry) {
	c.heap = append(c.heap, e)
	c.up(uint(len(c.heap)-1), e)
}

// popTop removes and returns the root: the last element fills the hole and
// sifts down.
func (c *Calendar) popTop() entry {
	c.topDead = false
	h := c.heap
	top := h[0]
	last := len(h) - 1
	e := h[last]
	h[last] = entry{}
	c.heap = h[:last]
	if last > 0 {
		c.siftDown(0, e)
	}
	return top
}

// up places e at the hole i or above it: while e orders before the hole's
// parent, the parent moves down into the hole.
func (c *Calendar) up(i uint, e entry) {
	h := c.heap
	for i > 0 {
		p := (i - 1) / arity
		if !e.before(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

// siftDown places e at the hole i or below it: while the smallest child of
// the hole orders before e, that child moves up into the hole. This loop is
// most of the cost of an event, and its speed is set by the chain from one
// level's loads to the next level's, so it is written for the machine:
//
//   - Which child is smallest is unpredictable, so the tournament among the
//     four is branch-free: each match turns the borrow of a subtraction into
//     a mask, and the masks select the winner. It compiles to SUB/SBB/AND/ADD,
//     with no conditional jump (checked with go build -gcflags=-S).
//   - The masks also select the index of the winner's first child directly
//     from four candidates computed beforehand, so the next level's loads
//     wait on two instructions after the last match, not on index
//     arithmetic.
//   - The tournament compares times only (one word, not two), which keeps
//     the live values within the registers. A tie between times is the only
//     case where sequence numbers matter; then, and only then, minFull
//     settles it with the full comparison. Ties between siblings are rare
//     unless a model schedules many events at the same instant, and then the
//     branch is still correct, only slower.
//   - The comparison with e is a branch, but a predictable one (go on
//     down) that no load waits for, so a sift pays one misprediction, where
//     it stops.
func (c *Calendar) siftDown(i uint, e entry) {
	h := c.heap
	n := uint(len(h))
	f := arity*i + 1 // first child of the hole
	for f+arity <= n {
		g := (*[arity]entry)(h[f : f+arity])
		o0, o1, o2, o3 := g[0].ord, g[1].ord, g[2].ord, g[3].ord
		d01, b01 := bits.Sub64(o1, o0, 0) // b01 = 1 when o1 < o0
		d23, b23 := bits.Sub64(o3, o2, 0)
		// tie is 0 when o0 == o1 or o2 == o3, and (the product wrapping
		// around) in rare other cases, which only take the exact path
		// needlessly. One live word instead of two saves a register.
		tie := d01 * d23
		m01, m23 := uint(-b01), uint(-b23) // the borrows as masks
		x := o0 + d01&uint64(m01)          // min(o0, o1)
		y := o2 + d23&uint64(m23)          // min(o2, o3)
		d, b := bits.Sub64(y, x, 0)
		m := uint(-b) // all ones when the right pair won
		// The first child of g[k] is c0 + arity*k.
		c0 := arity*f + 1
		c01 := c0 + arity&m01
		c23 := c0 + 2*arity + arity&m23
		next := c01 ^ (c01^c23)&m
		k := (next - c0) / arity
		if tie == 0 || d == 0 {
			k = minFull(g)
			next = c0 + arity*k
		}
		w := g[k&(arity-1)] // the mask lets the compiler drop a bounds check
		if !w.before(e) {
			h[i] = e
			return
		}
		h[i] = w
		i = f + k
		f = next
	}
	// At most one node has between one and three children.
	if f < n {
		m := f
		for j := f + 1; j < n; j++ {
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

// minFull returns the index of the smallest of four entries, comparing
// (time, key). It is siftDown's slow path for tied times.
func minFull(g *[arity]entry) uint {
	m := uint(0)
	for j := uint(1); j < arity; j++ {
		if g[j].before(g[m]) {
			m = j
		}
	}
	return m
}
