// Package phold is PHOLD, the synthetic workload that measures the
// kernel's speed: N logical processes, and each event schedules one new
// event at a uniformly random process after an exponential(1) delay (one
// time unit is one simulated second). It is shared by the kernel's
// benchmark and the model's, which reports a canal-year's events per
// second as a fraction of PHOLD's measured in the same run.
package phold

import (
	"context"
	"math/bits"
	"math/rand/v2"

	"github.com/canalsim/canalsim/sim/kernel"
)

// Model is a PHOLD run: the simulation and its one random stream. Its
// methods are not safe for concurrent use.
type Model struct {
	// Sim is the simulation, holding one pending event per process.
	Sim   *kernel.Sim
	n     uint64
	src   *rand.PCG  // the "phold" stream
	rng   *rand.Rand // over src, for ExpFloat64
	limit uint64
	atNow uint64 // a draw below it schedules at the current instant
}

// New returns a PHOLD model of n logical processes, each with its first
// event scheduled, drawing from the "phold" stream of seed.
func New(n int, seed uint64) *Model {
	src := kernel.Streams{Seed: seed}.Source("phold")
	m := &Model{Sim: &kernel.Sim{}, n: uint64(n), src: src, rng: rand.New(src)}
	for lp := range n {
		m.Sim.Schedule(kernel.FromSeconds(m.rng.ExpFloat64()), m, int64(lp))
	}
	return m
}

// NewAtNow is New with a share (in [0, 1)) of the events scheduled at
// the current instant instead of after a delay, as in a model where one
// event often triggers another at once (a canal-year has about 0.3).
func NewAtNow(n int, seed uint64, share float64) *Model {
	m := New(n, seed)
	m.atNow = uint64(share * (1 << 63) * 2)
	return m
}

// Run fires the next events events, or fewer if ctx is done first.
func (m *Model) Run(ctx context.Context, events uint64) error {
	m.limit = m.Sim.Fired() + events
	return m.Sim.Run(ctx, kernel.Never)
}

// Handle is a process's event: it schedules the next one, at a random
// process.
func (m *Model) Handle(s *kernel.Sim, lp int64) {
	dest := int64(m.uniform())
	if m.atNow != 0 && m.src.Uint64() < m.atNow {
		s.Schedule(s.Now(), m, dest)
	} else {
		s.After(kernel.FromSeconds(m.rng.ExpFloat64()), m, dest)
	}
	if s.Fired() >= m.limit {
		s.Stop()
	}
}

// uniform returns a uniform integer in [0, n), drawn from the PCG source
// directly, without the interface call rand.Rand.Int64N makes. It is
// Lemire's multiply-and-reject method, the one math/rand/v2 uses, so it is
// exact: the rare draws that would bias the result are rejected.
func (m *Model) uniform() uint64 {
	hi, lo := bits.Mul64(m.src.Uint64(), m.n)
	if lo < m.n {
		thresh := -m.n % m.n
		for lo < thresh {
			hi, lo = bits.Mul64(m.src.Uint64(), m.n)
		}
	}
	return hi
}
