package kernel_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/canalsim/canalsim/sim/kernel"
)

// recorder is a handler that records (time, arg) of every event it sees.
type recorder struct {
	fired []fired
}

type fired struct {
	at  kernel.Time
	arg int64
}

func (r *recorder) Handle(s *kernel.Sim, arg int64) {
	r.fired = append(r.fired, fired{s.Now(), arg})
}

func TestRunHorizon(t *testing.T) {
	tests := []struct {
		name    string
		events  []kernel.Time
		horizon kernel.Time
		want    []kernel.Time // times of the events that fire
		now     kernel.Time   // clock after Run
		pending int
	}{
		{"events at the horizon fire", []kernel.Time{1, 2, 3}, 2, []kernel.Time{1, 2}, 2, 1},
		{"clock moves to the horizon", []kernel.Time{1, 5}, 3, []kernel.Time{1}, 3, 1},
		{"runs dry before the horizon", []kernel.Time{1, 2}, 10, []kernel.Time{1, 2}, 10, 0},
		{"nothing before the horizon", []kernel.Time{7}, 3, nil, 3, 1},
		{"empty", nil, 4, nil, 4, 0},
		{"Never runs until empty", []kernel.Time{3, 1, 2}, kernel.Never, []kernel.Time{1, 2, 3}, 3, 0},
		{"Never on an empty calendar", nil, kernel.Never, nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s kernel.Sim
			r := &recorder{}
			for i, at := range tt.events {
				s.Schedule(at*kernel.Hour, r, int64(i))
			}
			horizon := tt.horizon
			if horizon != kernel.Never {
				horizon *= kernel.Hour
			}
			if err := s.Run(context.Background(), horizon); err != nil {
				t.Fatalf("Run: %v", err)
			}
			var got []kernel.Time
			for _, f := range r.fired {
				got = append(got, f.at/kernel.Hour)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("fired at %v h, want %v h", got, tt.want)
			}
			if got, want := s.Now(), tt.now*kernel.Hour; got != want {
				t.Errorf("Now = %v, want %v", got, want)
			}
			if got := s.Pending(); got != tt.pending {
				t.Errorf("Pending = %d, want %d", got, tt.pending)
			}
			if got, want := s.Fired(), uint64(len(tt.want)); got != want {
				t.Errorf("Fired = %d, want %d", got, want)
			}
		})
	}
}

// TestRunResumes runs in slices: each Run picks up where the last stopped.
func TestRunResumes(t *testing.T) {
	var s kernel.Sim
	r := &recorder{}
	for i := range int64(10) {
		s.Schedule(kernel.Time(i), r, i)
	}
	for h := kernel.Time(0); h < 10; h += 3 {
		if err := s.Run(context.Background(), h); err != nil {
			t.Fatal(err)
		}
		if got := len(r.fired); got != int(h)+1 {
			t.Fatalf("after Run to %d: %d fired, want %d", h, got, h+1)
		}
	}
}

// stopper stops the simulation at the event whose arg is at.
type stopper struct {
	recorder
	at int64
}

func (st *stopper) Handle(s *kernel.Sim, arg int64) {
	st.recorder.Handle(s, arg)
	if arg == st.at {
		s.Stop()
	}
}

func TestStop(t *testing.T) {
	var s kernel.Sim
	st := &stopper{at: 2}
	for i := range int64(5) {
		s.Schedule(kernel.Time(10*i), st, i)
	}
	if err := s.Run(context.Background(), kernel.Never); err != nil {
		t.Fatal(err)
	}
	if got, want := len(st.fired), 3; got != want {
		t.Fatalf("%d events fired before Stop took effect, want %d", got, want)
	}
	if got, want := s.Now(), kernel.Time(20); got != want {
		t.Errorf("Now = %d after Stop, want %d (the stopping event's time)", got, want)
	}
	if got, want := s.Pending(), 2; got != want {
		t.Errorf("Pending = %d after Stop, want %d", got, want)
	}
	// Run again: Stop applied to the previous run only.
	if err := s.Run(context.Background(), kernel.Never); err != nil {
		t.Fatal(err)
	}
	if got, want := len(st.fired), 5; got != want {
		t.Errorf("%d events fired after resuming, want %d", got, want)
	}
}

// ticker reschedules itself forever, and cancels the context at a given
// count.
type ticker struct {
	n, cancelAt int
	cancel      context.CancelFunc
}

func (tk *ticker) Handle(s *kernel.Sim, arg int64) {
	tk.n++
	if tk.n == tk.cancelAt {
		tk.cancel()
	}
	s.After(kernel.Second, tk, arg)
}

func TestRunContext(t *testing.T) {
	t.Run("already cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var s kernel.Sim
		tk := &ticker{}
		s.Schedule(0, tk, 0)
		err := s.Run(ctx, kernel.Never)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want %v", err, context.Canceled)
		}
		if tk.n != 0 {
			t.Errorf("%d events fired under a cancelled context, want 0", tk.n)
		}
	})
	t.Run("cancelled during the run", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var s kernel.Sim
		tk := &ticker{cancelAt: 10_000, cancel: cancel}
		s.Schedule(0, tk, 0)
		err := s.Run(ctx, kernel.Never)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run = %v, want %v", err, context.Canceled)
		}
		// Run looks at the context every few thousand events.
		if tk.n < tk.cancelAt || tk.n > tk.cancelAt+10_000 {
			t.Errorf("Run stopped after %d events, want soon after %d", tk.n, tk.cancelAt)
		}
		if got, want := s.Now(), kernel.Time(tk.n-1)*kernel.Second; got != want {
			t.Errorf("Now = %v, want %v (the last fired event)", got, want)
		}
	})
}

func TestSchedulePastPanics(t *testing.T) {
	tests := []struct {
		name string
		do   func(s *kernel.Sim, id kernel.EventID)
	}{
		{"Schedule", func(s *kernel.Sim, _ kernel.EventID) { s.Schedule(s.Now()-1, &recorder{}, 0) }},
		{"After", func(s *kernel.Sim, _ kernel.EventID) { s.After(-1, &recorder{}, 0) }},
		{"Reschedule", func(s *kernel.Sim, id kernel.EventID) { s.Reschedule(id, s.Now()-1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s kernel.Sim
			s.Schedule(kernel.Hour, &recorder{}, 0)
			id := s.Schedule(2*kernel.Hour, &recorder{}, 0)
			if err := s.Run(context.Background(), kernel.Hour); err != nil {
				t.Fatal(err)
			}
			defer func() {
				if recover() == nil {
					t.Errorf("%s into the past did not panic", tt.name)
				}
			}()
			tt.do(&s, id)
		})
	}
}

// TestScheduleNow checks that an event may be scheduled at the current
// time, from a handler, and fires in the same Run.
func TestScheduleNow(t *testing.T) {
	var s kernel.Sim
	r := &recorder{}
	s.Schedule(5, kernel.HandlerFunc(func(s *kernel.Sim, arg int64) {
		s.Schedule(s.Now(), r, 1)
		s.After(0, r, 2)
	}), 0)
	if err := s.Run(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	want := []fired{{5, 1}, {5, 2}}
	if !slices.Equal(r.fired, want) {
		t.Errorf("fired %v, want %v", r.fired, want)
	}
}

func TestHooksSeeEveryEvent(t *testing.T) {
	var s kernel.Sim
	type seen struct {
		at  kernel.Time
		arg int64
	}
	var scheduled, firedHook []seen
	var seqs []uint64
	s.Hooks = kernel.Hooks{
		Scheduled: func(at kernel.Time, id kernel.EventID, h kernel.Handler, arg int64) {
			if id == 0 || h == nil {
				t.Errorf("Scheduled hook got id %#x, handler %v", id, h)
			}
			scheduled = append(scheduled, seen{at, arg})
		},
		Fired: func(at kernel.Time, seq uint64, h kernel.Handler, arg int64) {
			if s.Now() != at {
				t.Errorf("Fired hook at %d with the clock at %d, want it advanced", at, s.Now())
			}
			firedHook = append(firedHook, seen{at, arg})
			seqs = append(seqs, seq)
		},
	}
	// A chain: each event schedules the next two, up to a depth, so the
	// hooks see events scheduled both before and during the run.
	var chain kernel.HandlerFunc
	chain = func(s *kernel.Sim, arg int64) {
		if arg < 6 {
			s.After(kernel.Time(arg), chain, arg+1)
			s.After(kernel.Time(arg)+1, chain, arg+2)
		}
	}
	s.Schedule(0, chain, 0)
	cancelled := s.Schedule(3, chain, 99)
	s.Cancel(cancelled)
	if err := s.Run(context.Background(), kernel.Never); err != nil {
		t.Fatal(err)
	}
	if got, want := len(firedHook), int(s.Fired()); got != want {
		t.Errorf("Fired hook called %d times, Fired() = %d", got, want)
	}
	if got, want := len(scheduled), len(firedHook)+1; got != want {
		t.Errorf("Scheduled hook called %d times, want %d (every fired event and the cancelled one)", got, want)
	}
	for i := 1; i < len(firedHook); i++ {
		if firedHook[i].at < firedHook[i-1].at {
			t.Fatalf("time went back: event %d at %d after %d", i, firedHook[i].at, firedHook[i-1].at)
		}
		if firedHook[i].at == firedHook[i-1].at && seqs[i] < seqs[i-1] {
			t.Fatalf("events at time %d fired out of scheduling order", firedHook[i].at)
		}
	}
	for _, f := range firedHook {
		if f.arg == 99 {
			t.Error("the cancelled event fired")
		}
	}
}

func TestStep(t *testing.T) {
	var s kernel.Sim
	if s.Step() {
		t.Fatal("Step on an empty simulation reported an event")
	}
	r := &recorder{}
	s.Schedule(3, r, 1)
	s.Schedule(1, r, 2)
	id := s.Schedule(2, r, 3)
	s.Cancel(id)
	var got []fired
	for s.Step() {
		got = append(got, r.fired[len(r.fired)-1])
	}
	if want := []fired{{1, 2}, {3, 1}}; !slices.Equal(got, want) {
		t.Errorf("stepped through %v, want %v", got, want)
	}
}

func TestSimCancelReschedule(t *testing.T) {
	var s kernel.Sim
	r := &recorder{}
	a := s.Schedule(10, r, 1)
	b := s.Schedule(20, r, 2)
	if !s.Reschedule(a, 30) {
		t.Fatal("Reschedule of a pending event failed")
	}
	if at, ok := s.Scheduled(a); !ok || at != 30 {
		t.Errorf("Scheduled = (%d, %v), want (30, true)", at, ok)
	}
	if !s.Cancel(b) {
		t.Fatal("Cancel of a pending event failed")
	}
	if s.Cancel(b) {
		t.Error("second Cancel reported a pending event")
	}
	if err := s.Run(context.Background(), kernel.Never); err != nil {
		t.Fatal(err)
	}
	if want := []fired{{30, 1}}; !slices.Equal(r.fired, want) {
		t.Errorf("fired %v, want %v", r.fired, want)
	}
	if s.Reschedule(a, 40) {
		t.Error("Reschedule of a fired event reported success")
	}
}
