package kernel_test

import (
	"context"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/canalsim/canalsim/sim/kernel"
)

// phold is the PHOLD synthetic workload: N logical processes, each event
// schedules one new event at a uniformly random process after an
// exponential(1) delay (one time unit is one simulated second).
type phold struct {
	n     uint64
	src   *rand.PCG  // the "phold" stream
	rng   *rand.Rand // over src, for ExpFloat64
	limit uint64
}

func (p *phold) Handle(s *kernel.Sim, lp int64) {
	dest := int64(p.uniform())
	s.After(kernel.FromSeconds(p.rng.ExpFloat64()), p, dest)
	if s.Fired() >= p.limit {
		s.Stop()
	}
}

// uniform returns a uniform integer in [0, n), drawn from the PCG source
// directly, without the interface call rand.Rand.Int64N makes. It is
// Lemire's multiply-and-reject method, the one math/rand/v2 uses, so it is
// exact: the rare draws that would bias the result are rejected.
func (p *phold) uniform() uint64 {
	hi, lo := bits.Mul64(p.src.Uint64(), p.n)
	if lo < p.n {
		thresh := -p.n % p.n
		for lo < thresh {
			hi, lo = bits.Mul64(p.src.Uint64(), p.n)
		}
	}
	return hi
}

func newPHOLD(n int, seed uint64) (*kernel.Sim, *phold) {
	s := &kernel.Sim{}
	src := kernel.Streams{Seed: seed}.Source("phold")
	p := &phold{n: uint64(n), src: src, rng: rand.New(src)}
	for lp := 0; lp < n; lp++ {
		s.Schedule(kernel.FromSeconds(p.rng.ExpFloat64()), p, int64(lp))
	}
	return s, p
}

// BenchmarkPHOLD runs PHOLD with N = 1000 logical processes on one
// goroutine and reports events per second of wall time. The budget is
// 15 M events/s with 0 allocations per event.
func BenchmarkPHOLD(b *testing.B) {
	s, p := newPHOLD(1000, 1)
	// Warm up so the calendar's slices reach their steady size.
	p.limit = 100_000
	if err := s.Run(context.Background(), kernel.Never); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	p.limit = s.Fired() + uint64(b.N)
	if err := s.Run(context.Background(), kernel.Never); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// TestPHOLDNoAllocs pins the kernel's promise that steady-state event
// handling does not allocate.
func TestPHOLDNoAllocs(t *testing.T) {
	s, p := newPHOLD(1000, 2)
	p.limit = 50_000
	if err := s.Run(context.Background(), kernel.Never); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(10, func() {
		p.limit = s.Fired() + 10_000
		if err := s.Run(context.Background(), kernel.Never); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("PHOLD allocated %v times per 10,000 events, want 0", allocs)
	}
	if got := s.Pending(); got != 1000 {
		t.Errorf("PHOLD has %d pending events, want 1000 (one per process)", got)
	}
}
