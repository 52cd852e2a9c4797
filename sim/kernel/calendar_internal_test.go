package kernel

import (
	"math/rand/v2"
	"testing"
)

// These tests look inside the calendar: its heap order, its count of dead
// entries, its free list. The behaviour seen from outside is checked
// against a reference in calendar_test.go.

// invariants reports the first broken internal invariant of c, or "".
func (c *Calendar) invariants() string {
	h := c.heap
	for i := 1; i < len(h); i++ {
		if h[i].before(h[(i-1)/arity]) {
			return "heap order broken"
		}
	}
	dead := 0
	liveOf := make([]int, len(c.slots)) // live entries per slot
	for _, e := range h {
		idx := e.key & slotMask
		if c.slots[idx].seq == e.key>>slotBits {
			liveOf[idx]++
		} else {
			dead++
		}
	}
	if dead != c.dead {
		return "dead count wrong"
	}
	if c.topDead && (len(h) == 0 || c.slots[h[0].key&slotMask].seq == h[0].key>>slotBits) {
		return "topDead set but the root is live"
	}
	free := 0
	for f := c.free; f != 0; f = uint32(c.slots[f-1].arg) {
		if c.slots[f-1].seq != 0 {
			return "a slot on the free list is in use"
		}
		if free++; free > len(c.slots) {
			return "free list has a cycle"
		}
	}
	used := 0
	for idx, sl := range c.slots {
		switch {
		case sl.seq == 0 && liveOf[idx] != 0:
			return "a free slot has a live entry"
		case sl.seq != 0 && liveOf[idx] != 1:
			return "a used slot does not have exactly one live entry"
		case sl.seq != 0:
			used++
		}
	}
	if free+used != len(c.slots) {
		return "slots leak: neither free nor in use"
	}
	return ""
}

func TestCalendarInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var c Calendar
	var ids []EventID
	for op := range 30_000 {
		switch r := rng.IntN(10); {
		case c.Len() > 300:
			c.Pop()
		case r < 3 || c.Len() < 10:
			ids = append(ids, c.Schedule(Time(rng.IntN(20)), nil, 0))
		case r < 5:
			c.Cancel(ids[rng.IntN(len(ids))])
		case r < 7:
			c.Reschedule(ids[rng.IntN(len(ids))], Time(rng.IntN(20)))
		case r < 8:
			c.Pop()
		default:
			c.Pop()
			ids = append(ids, c.Schedule(Time(rng.IntN(20)), nil, 0))
		}
		if len(ids) > 2000 {
			ids = ids[1000:]
		}
		if msg := c.invariants(); msg != "" {
			t.Fatalf("after op %d: %s", op, msg)
		}
	}
}

// TestCalendarRenumber runs the sequence counter up to its limit, where
// the calendar renumbers its pending events; the order of events at equal
// times must survive.
func TestCalendarRenumber(t *testing.T) {
	var c Calendar
	var ids []EventID
	for i := range 100 {
		ids = append(ids, c.Schedule(Time(i%4), nil, int64(i)))
	}
	c.Pop() // leave the fired root in place, as a simulation does
	c.seq = maxSeq - 10
	for i := 100; i < 200; i++ { // crosses the limit
		ids = append(ids, c.Schedule(Time(i%4), nil, int64(i)))
	}
	for _, id := range ids[150:160] {
		c.Reschedule(id, 2)
	}
	if c.seq >= maxSeq-10 {
		t.Fatalf("seq = %d, want the counter renumbered", c.seq)
	}
	if msg := c.invariants(); msg != "" {
		t.Fatal(msg)
	}
	// Expected order: by time, then scheduling order, with the rescheduled
	// events last among those at time 2, in the order they were moved.
	var want [4][]int64
	for i := 1; i < 200; i++ {
		if i < 150 || i >= 160 {
			want[i%4] = append(want[i%4], int64(i))
		}
	}
	for i := 150; i < 160; i++ {
		want[2] = append(want[2], int64(i))
	}
	for at := range want {
		for _, w := range want[at] {
			gotAt, _, _, got := c.Pop()
			if gotAt != Time(at) || got != w {
				t.Fatalf("Pop = (%d, %d), want (%d, %d)", gotAt, got, at, w)
			}
		}
	}
	if c.Len() != 0 {
		t.Errorf("Len = %d after draining, want 0", c.Len())
	}
}

// TestCalendarRenumberOnReschedule reaches the limit in Reschedule, which
// renumbers while the moved event's old entry is still live.
func TestCalendarRenumberOnReschedule(t *testing.T) {
	var c Calendar
	a := c.Schedule(1, nil, 1)
	c.Schedule(1, nil, 2)
	c.Schedule(1, nil, 3)
	c.seq = maxSeq
	if !c.Reschedule(a, 1) {
		t.Fatal("Reschedule of a pending event failed")
	}
	if msg := c.invariants(); msg != "" {
		t.Fatal(msg)
	}
	for _, want := range []int64{2, 3, 1} {
		if _, _, _, got := c.Pop(); got != want {
			t.Fatalf("Pop = %d, want %d", got, want)
		}
	}
}
