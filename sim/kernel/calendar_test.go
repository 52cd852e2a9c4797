package kernel_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/canalsim/canalsim/sim/kernel"
)

// refCal is the reference the calendar is checked against: a slice kept
// sorted by (time, sequence number), with the same sequence numbering as
// Calendar (one per successful Schedule or Reschedule). It is slow and
// obviously right.
type refCal struct {
	evs []refEvent
	seq uint64
}

type refEvent struct {
	at  kernel.Time
	seq uint64
	arg int64
	id  kernel.EventID
}

func (r *refCal) insert(ev refEvent) {
	i, _ := slices.BinarySearchFunc(r.evs, ev, func(a, b refEvent) int {
		if a.at != b.at {
			if a.at < b.at {
				return -1
			}
			return 1
		}
		if a.seq < b.seq {
			return -1
		}
		return 1 // sequence numbers are unique
	})
	r.evs = slices.Insert(r.evs, i, ev)
}

func (r *refCal) find(id kernel.EventID) int {
	return slices.IndexFunc(r.evs, func(ev refEvent) bool { return ev.id == id })
}

func (r *refCal) schedule(at kernel.Time, arg int64, id kernel.EventID) {
	r.seq++
	r.insert(refEvent{at: at, seq: r.seq, arg: arg, id: id})
}

func (r *refCal) cancel(id kernel.EventID) bool {
	i := r.find(id)
	if i < 0 {
		return false
	}
	r.evs = slices.Delete(r.evs, i, i+1)
	return true
}

func (r *refCal) reschedule(id kernel.EventID, at kernel.Time) bool {
	i := r.find(id)
	if i < 0 {
		return false
	}
	ev := r.evs[i]
	r.evs = slices.Delete(r.evs, i, i+1)
	r.seq++
	ev.at, ev.seq = at, r.seq
	r.insert(ev)
	return true
}

func (r *refCal) pop() refEvent {
	ev := r.evs[0]
	r.evs = slices.Delete(r.evs, 0, 1)
	return ev
}

// calChecker drives a Calendar and its reference through the same
// operations and reports the first divergence.
type calChecker struct {
	t   testing.TB
	cal kernel.Calendar
	ref refCal
	ids []kernel.EventID // every ID ever issued, live or stale
	arg int64
	ops int
}

// marker is the handler of every event, so Pop's handler can be checked.
type marker struct{}

func (marker) Handle(*kernel.Sim, int64) {}

func (c *calChecker) schedule(at kernel.Time) {
	c.arg++
	id := c.cal.Schedule(at, marker{}, c.arg)
	if id == 0 {
		c.t.Fatalf("op %d: Schedule(%d) returned the zero EventID", c.ops, at)
	}
	if slices.Contains(c.ids, id) && c.ref.find(id) >= 0 {
		c.t.Fatalf("op %d: Schedule(%d) returned %#x, the ID of a pending event", c.ops, at, id)
	}
	c.ids = append(c.ids, id)
	c.ref.schedule(at, c.arg, id)
	c.check("Schedule")
}

// pick returns a known ID (often stale), the zero ID or a forged one.
func (c *calChecker) pick(b byte) kernel.EventID {
	switch {
	case len(c.ids) == 0 || b == 255:
		return 0
	case b == 254:
		return kernel.EventID(1<<40 | 7) // a generation no slot has reached
	}
	return c.ids[int(b)%len(c.ids)]
}

func (c *calChecker) cancel(id kernel.EventID) {
	got, want := c.cal.Cancel(id), c.ref.cancel(id)
	if got != want {
		c.t.Fatalf("op %d: Cancel(%#x) = %v, want %v", c.ops, id, got, want)
	}
	c.check("Cancel")
}

func (c *calChecker) reschedule(id kernel.EventID, at kernel.Time) {
	got, want := c.cal.Reschedule(id, at), c.ref.reschedule(id, at)
	if got != want {
		c.t.Fatalf("op %d: Reschedule(%#x, %d) = %v, want %v", c.ops, id, at, got, want)
	}
	c.check("Reschedule")
}

func (c *calChecker) pop() {
	if len(c.ref.evs) == 0 {
		defer func() {
			if recover() == nil {
				c.t.Fatalf("op %d: Pop on an empty calendar did not panic", c.ops)
			}
		}()
		c.cal.Pop()
		return
	}
	at, seq, h, arg := c.cal.Pop()
	want := c.ref.pop()
	if at != want.at || seq != want.seq || arg != want.arg || h != (marker{}) {
		c.t.Fatalf("op %d: Pop = (%d, %d, %v, %d), want (%d, %d, marker, %d)",
			c.ops, at, seq, h, arg, want.at, want.seq, want.arg)
	}
	c.check("Pop")
}

func (c *calChecker) scheduled(id kernel.EventID) {
	at, ok := c.cal.Scheduled(id)
	i := c.ref.find(id)
	if ok != (i >= 0) || ok && at != c.ref.evs[i].at {
		c.t.Fatalf("op %d: Scheduled(%#x) = (%d, %v), want pending %v", c.ops, id, at, ok, i >= 0)
	}
}

// check compares Len and Peek with the reference.
func (c *calChecker) check(op string) {
	c.ops++
	if got, want := c.cal.Len(), len(c.ref.evs); got != want {
		c.t.Fatalf("op %d (%s): Len = %d, want %d", c.ops, op, got, want)
	}
	at, ok := c.cal.Peek()
	if ok != (len(c.ref.evs) > 0) {
		c.t.Fatalf("op %d (%s): Peek ok = %v with %d pending", c.ops, op, ok, len(c.ref.evs))
	}
	if ok && at != c.ref.evs[0].at {
		c.t.Fatalf("op %d (%s): Peek = %d, want %d", c.ops, op, at, c.ref.evs[0].at)
	}
}

// drain pops everything left, checking the order.
func (c *calChecker) drain() {
	for len(c.ref.evs) > 0 {
		c.pop()
	}
	c.pop() // and the panic on empty
}

// fuzzTime maps a byte to a time: mostly a small range, so that ties are
// frequent, and sometimes an extreme, so that the sign handling is
// exercised.
func fuzzTime(b byte) kernel.Time {
	switch b {
	case 255:
		return kernel.Never
	case 254:
		return math.MinInt64
	case 253:
		return -1
	case 252:
		return 1 << 40
	}
	return kernel.Time(b % 8)
}

// FuzzCalendar checks Calendar against the sorted-slice reference under
// operation sequences decoded from the fuzz input, two bytes an operation.
func FuzzCalendar(f *testing.F) {
	f.Add([]byte{0, 1, 0, 1, 0, 2, 4, 0, 4, 0, 4, 0, 4, 0})               // schedule, pop, pop empty
	f.Add([]byte{0, 3, 0, 3, 0, 3, 0, 3, 4, 0, 0, 3, 4, 0, 4, 0})         // ties fire FIFO
	f.Add([]byte{0, 5, 1, 2, 2, 0, 2, 0, 3, 1, 6, 4, 0, 4, 0, 4, 0})      // cancel, cancel again, reschedule
	f.Add([]byte{0, 255, 0, 254, 0, 253, 0, 252, 4, 0, 4, 0, 4, 0, 4, 0}) // extreme times
	f.Add([]byte{0, 1, 0, 2, 4, 0, 3, 0, 7, 3, 1, 0, 4, 0, 1, 4, 4, 0})   // reschedule after pop
	f.Add([]byte{2, 255, 2, 254, 3, 255, 1, 3, 5, 0, 4, 0})               // zero and forged IDs
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &calChecker{t: t}
		for len(data) >= 2 {
			op, arg := data[0], data[1]
			data = data[2:]
			switch op % 8 {
			case 0, 1:
				c.schedule(fuzzTime(arg))
			case 2:
				c.cancel(c.pick(arg))
			case 3:
				if len(data) == 0 {
					break
				}
				at := fuzzTime(data[0])
				data = data[1:]
				c.reschedule(c.pick(arg), at)
			case 4, 5:
				c.pop()
			case 6:
				c.scheduled(c.pick(arg))
			case 7:
				// Pop then Schedule: the calendar's fused fast path.
				if c.cal.Len() > 0 {
					c.pop()
				}
				c.schedule(fuzzTime(arg))
			}
		}
		c.drain()
	})
}

// TestCalendarRandom runs long deterministic operation sequences against the
// reference, so that plain go test covers what short fuzz inputs reach
// rarely: sweeps of many dead entries, deep heaps, partial child groups at
// every heap size, long runs of the pop-then-schedule fast path.
func TestCalendarRandom(t *testing.T) {
	tests := []struct {
		name string
		ops  int
		size int // pending events the sequence hovers around
		span kernel.Time
		// Relative weights of the operations.
		schedule, cancel, reschedule, pop, hold int
	}{
		{name: "ties", ops: 40_000, size: 200, span: 4, schedule: 3, cancel: 1, reschedule: 1, pop: 3, hold: 3},
		{name: "spread", ops: 40_000, size: 600, span: 1 << 50, schedule: 3, cancel: 1, reschedule: 1, pop: 3, hold: 3},
		{name: "cancel-heavy", ops: 40_000, size: 300, span: 1000, schedule: 5, cancel: 4, pop: 1},
		{name: "reschedule-heavy", ops: 40_000, size: 300, span: 50, schedule: 1, reschedule: 6, pop: 1, hold: 1},
		{name: "hold", ops: 40_000, size: 500, span: 1 << 20, hold: 1},
		{name: "tiny", ops: 20_000, size: 6, span: 3, schedule: 2, cancel: 1, reschedule: 1, pop: 2, hold: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(len(tt.name))))
			c := &calChecker{t: t}
			now := kernel.Time(0) // times are drawn at or after the last pop
			draw := func() kernel.Time { return now + kernel.Time(rng.Int64N(int64(tt.span))) }
			for c.cal.Len() < tt.size {
				c.schedule(draw())
			}
			total := tt.schedule + tt.cancel + tt.reschedule + tt.pop + tt.hold
			for c.ops < tt.ops {
				// Lean towards the target size so the heap neither dies
				// out nor grows without bound.
				r := rng.IntN(total)
				switch {
				case r < tt.schedule:
					if c.cal.Len() < 2*tt.size {
						c.schedule(draw())
					}
				case r < tt.schedule+tt.cancel:
					c.cancel(c.pick(byte(rng.IntN(254))))
					if len(c.ids) > 1000 {
						c.ids = c.ids[len(c.ids)-500:]
					}
				case r < tt.schedule+tt.cancel+tt.reschedule:
					c.reschedule(c.pick(byte(rng.IntN(254))), draw())
				case r < tt.schedule+tt.cancel+tt.reschedule+tt.pop:
					if c.cal.Len() > tt.size/2 {
						if at, ok := c.cal.Peek(); ok {
							now = at
						}
						c.pop()
					}
				default:
					if at, ok := c.cal.Peek(); ok {
						now = at
						c.pop()
					}
					c.schedule(draw())
				}
				if rng.IntN(50) == 0 {
					c.scheduled(c.pick(byte(rng.IntN(256))))
				}
			}
			c.drain()
		})
	}
}

func TestCalendarFIFOAtEqualTimes(t *testing.T) {
	var c kernel.Calendar
	for i := range int64(100) {
		c.Schedule(kernel.Time(i%3), marker{}, i)
	}
	var got []int64
	for c.Len() > 0 {
		_, _, _, arg := c.Pop()
		got = append(got, arg)
	}
	var want []int64
	for r := range int64(3) {
		for i := r; i < 100; i += 3 {
			want = append(want, i)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("pop order = %v, want %v", got, want)
	}
}

func TestCalendarIDs(t *testing.T) {
	tests := []struct {
		name string
		run  func(c *kernel.Calendar) bool
		want bool
	}{
		{"zero ID cancels nothing", func(c *kernel.Calendar) bool {
			c.Schedule(1, marker{}, 0)
			return c.Cancel(0)
		}, false},
		{"cancel pending", func(c *kernel.Calendar) bool {
			return c.Cancel(c.Schedule(1, marker{}, 0))
		}, true},
		{"cancel twice", func(c *kernel.Calendar) bool {
			id := c.Schedule(1, marker{}, 0)
			c.Cancel(id)
			return c.Cancel(id)
		}, false},
		{"cancel fired", func(c *kernel.Calendar) bool {
			id := c.Schedule(1, marker{}, 0)
			c.Pop()
			return c.Cancel(id)
		}, false},
		{"stale ID after slot reuse", func(c *kernel.Calendar) bool {
			id := c.Schedule(1, marker{}, 0)
			c.Pop()
			c.Schedule(2, marker{}, 0) // reuses the slot
			return c.Cancel(id)
		}, false},
		{"ID stays valid across reschedules", func(c *kernel.Calendar) bool {
			id := c.Schedule(1, marker{}, 0)
			c.Reschedule(id, 5)
			c.Reschedule(id, 3)
			at, ok := c.Scheduled(id)
			return ok && at == 3 && c.Cancel(id) && c.Len() == 0
		}, true},
		{"reschedule fired", func(c *kernel.Calendar) bool {
			id := c.Schedule(1, marker{}, 0)
			c.Pop()
			return c.Reschedule(id, 2)
		}, false},
		{"rescheduled event fires after others at its time", func(c *kernel.Calendar) bool {
			a := c.Schedule(2, marker{}, 1)
			c.Schedule(2, marker{}, 2)
			c.Reschedule(a, 2)
			_, _, _, first := c.Pop()
			return first == 2
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c kernel.Calendar
			if got := tt.run(&c); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCalendarCancelAll cancels every pending event, which sweeps a heap
// in which nothing is left alive (this used to index an empty slice).
func TestCalendarCancelAll(t *testing.T) {
	for _, n := range []int{1, 64, 65, 66, 200, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var c kernel.Calendar
			ids := make([]kernel.EventID, n)
			for i := range ids {
				ids[i] = c.Schedule(kernel.Time(i), marker{}, int64(i))
			}
			for _, id := range ids {
				if !c.Cancel(id) {
					t.Fatalf("Cancel(%#x) = false for a pending event", id)
				}
			}
			if got := c.Len(); got != 0 {
				t.Errorf("Len = %d after cancelling all, want 0", got)
			}
			if _, ok := c.Peek(); ok {
				t.Error("Peek found an event after cancelling all")
			}
			c.Schedule(7, marker{}, 7)
			if at, _, _, arg := c.Pop(); at != 7 || arg != 7 {
				t.Errorf("Pop = (%d, %d), want (7, 7)", at, arg)
			}
		})
	}
}
