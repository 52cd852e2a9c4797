package kernel

// Server is a capacity-limited resource (lock lanes, berths, booking slots)
// with a queue of waiting requests. Requests are granted in order of
// priority (higher first) and, within a priority, first come, first served;
// with one priority it is a FIFO queue. A grant is delivered as an event at
// the simulation's current time, so the requester's handler always runs
// from the event loop, never re-entrantly from inside Request or Release.
//
// Capacity may change during a run (a lane outage, a closure sets it to
// 0). Lowering it never interrupts holders; they release as usual and no
// new grant is made until fewer than Capacity units are held.
//
// A Server belongs to one Sim and is not safe for concurrent use. Its zero
// value has capacity 0; use NewServer.
type Server struct {
	capacity int
	busy     int
	seq      uint64
	waiting  []request

	// Statistics since creation.
	granted   uint64
	waitTotal Time
	maxQueue  int
}

// Ticket names a waiting request so that it can be withdrawn.
type Ticket uint64

type request struct {
	prio  int
	seq   uint64
	since Time
	h     Handler
	arg   int64
}

func (a *request) before(b *request) bool {
	return a.prio > b.prio || (a.prio == b.prio && a.seq < b.seq)
}

// NewServer returns a server with the given capacity (units that can be held
// at once). It panics if capacity is negative.
func NewServer(capacity int) *Server {
	if capacity < 0 {
		panic("kernel: negative server capacity")
	}
	return &Server{capacity: capacity}
}

// Capacity returns the number of units that may be held at once.
func (q *Server) Capacity() int { return q.capacity }

// Busy returns the number of units held.
func (q *Server) Busy() int { return q.busy }

// Len returns the number of waiting requests.
func (q *Server) Len() int { return len(q.waiting) }

// Granted returns the number of requests granted so far.
func (q *Server) Granted() uint64 { return q.granted }

// WaitTotal returns the total time granted requests spent waiting.
func (q *Server) WaitTotal() Time { return q.waitTotal }

// MaxLen returns the longest the queue has been.
func (q *Server) MaxLen() int { return q.maxQueue }

// Request asks for one unit with the given priority. When a unit is free
// and nobody is waiting, it is granted at once: h.Handle(s, arg) is
// scheduled at s.Now(). Otherwise the request waits and h is scheduled when
// a unit is granted to it. The holder must call Release once done.
// O(log n) in the number waiting.
func (q *Server) Request(s *Sim, prio int, h Handler, arg int64) Ticket {
	q.seq++
	r := request{prio: prio, seq: q.seq, since: s.Now(), h: h, arg: arg}
	if q.busy < q.capacity && len(q.waiting) == 0 {
		q.grant(s, &r)
		return Ticket(r.seq)
	}
	q.push(r)
	if len(q.waiting) > q.maxQueue {
		q.maxQueue = len(q.waiting)
	}
	return Ticket(r.seq)
}

// Release returns one unit and grants it to the next waiting request, if
// capacity allows. It panics if no unit is held.
func (q *Server) Release(s *Sim) {
	if q.busy == 0 {
		panic("kernel: Release on a server with no unit held")
	}
	q.busy--
	q.dispatch(s)
}

// SetCapacity changes the capacity and grants waiting requests that now
// fit. It panics if capacity is negative.
func (q *Server) SetCapacity(s *Sim, capacity int) {
	if capacity < 0 {
		panic("kernel: negative server capacity")
	}
	q.capacity = capacity
	q.dispatch(s)
}

// Withdraw removes a waiting request (a vessel leaving the queue) and
// reports whether it was waiting. O(n) in the number waiting.
func (q *Server) Withdraw(t Ticket) bool {
	for i := range q.waiting {
		if q.waiting[i].seq == uint64(t) {
			last := len(q.waiting) - 1
			q.waiting[i] = q.waiting[last]
			q.waiting[last] = request{}
			q.waiting = q.waiting[:last]
			if i < last {
				q.fix(i)
			}
			return true
		}
	}
	return false
}

func (q *Server) dispatch(s *Sim) {
	for q.busy < q.capacity && len(q.waiting) > 0 {
		r := q.pop()
		q.grant(s, &r)
	}
}

func (q *Server) grant(s *Sim, r *request) {
	q.busy++
	q.granted++
	q.waitTotal += s.Now() - r.since
	s.Schedule(s.Now(), r.h, r.arg)
}

// The waiting requests form a binary heap ordered by before.

func (q *Server) push(r request) {
	q.waiting = append(q.waiting, r)
	q.up(len(q.waiting) - 1)
}

func (q *Server) pop() request {
	w := q.waiting
	top := w[0]
	last := len(w) - 1
	w[0] = w[last]
	w[last] = request{}
	q.waiting = w[:last]
	if last > 0 {
		q.down(0)
	}
	return top
}

func (q *Server) fix(i int) {
	if !q.up(i) {
		q.down(i)
	}
}

func (q *Server) up(i int) bool {
	w := q.waiting
	start := i
	for i > 0 {
		p := (i - 1) / 2
		if !w[i].before(&w[p]) {
			break
		}
		w[i], w[p] = w[p], w[i]
		i = p
	}
	return i != start
}

func (q *Server) down(i int) {
	w := q.waiting
	n := len(w)
	for {
		m := 2*i + 1
		if m >= n {
			return
		}
		if r := m + 1; r < n && w[r].before(&w[m]) {
			m = r
		}
		if !w[m].before(&w[i]) {
			return
		}
		w[i], w[m] = w[m], w[i]
		i = m
	}
}
