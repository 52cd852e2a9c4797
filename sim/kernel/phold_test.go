package kernel_test

import (
	"context"
	"testing"

	"github.com/canalsim/canalsim/sim/internal/phold"
)

// BenchmarkPHOLD runs PHOLD with N = 1000 logical processes on one
// goroutine and reports events per second of wall time. The budget is
// 15 M events/s with 0 allocations per event.
func BenchmarkPHOLD(b *testing.B) {
	m := phold.New(1000, 1)
	// Warm up so the calendar's slices reach their steady size.
	if err := m.Run(context.Background(), 100_000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if err := m.Run(context.Background(), uint64(b.N)); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkPHOLDAtNow is BenchmarkPHOLD with three events in ten
// scheduled at the current instant (a canal-year had 29%, and has 14%
// since the nodes of unlimited capacity take no event). They cost less
// than the others, with no lane of their own: the first event a handler
// schedules fills the hole its own event left at the root of the heap
// (Calendar.topDead), and one at the current instant, the least time,
// stops after a comparison with the root's children.
func BenchmarkPHOLDAtNow(b *testing.B) {
	m := phold.NewAtNow(1000, 1, 0.3)
	if err := m.Run(context.Background(), 100_000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if err := m.Run(context.Background(), uint64(b.N)); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// TestPHOLDNoAllocs pins the kernel's promise that steady-state event
// handling does not allocate.
func TestPHOLDNoAllocs(t *testing.T) {
	m := phold.NewAtNow(1000, 2, 0.3) // and events at the current instant
	if err := m.Run(context.Background(), 50_000); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(10, func() {
		if err := m.Run(context.Background(), 10_000); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("PHOLD allocated %v times per 10,000 events, want 0", allocs)
	}
	if got := m.Sim.Pending(); got != 1000 {
		t.Errorf("PHOLD has %d pending events, want 1000 (one per process)", got)
	}
}
