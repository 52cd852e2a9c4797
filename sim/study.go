package sim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Variant tells a baseline run from a disrupted one. In this package
// the run with the scenario's disruptions is the Disrupted one (Result,
// Record, Outcome and Run fields say so too), and its Variant's value,
// the word of the results files and the report, is "scenario": the
// scenario as written, against its baseline, the same scenario without
// its disruptions.
type Variant string

// The variants.
const (
	Baseline  Variant = "baseline"
	Disrupted Variant = "scenario"
)

// Day is what one run recorded on one reported day.
type Day struct {
	// Date is the day, at midnight UTC.
	Date time.Time
	// Transits completed this day (a vessel leaving the last lock of its
	// route), in all and by lock type.
	Transits, TransitsNeopanamax, TransitsPanamax int
	// Queue is the number of vessels waiting at the anchorages to start
	// their transit at the end of the day (booked and unbooked); QueueMax
	// the most at any time in it. LockQueue counts the vessels waiting at
	// the locks, inside the canal, at the end of the day.
	Queue, QueueMax, LockQueue int
	// TEU handled by all terminals (counted when a call ends) and by each,
	// in the order of Result.Terminals.
	TEU         float64
	TerminalTEU []float64
	// LostTEU is the exchange of calls lost to Panama: because the
	// terminal was closed and no other terminal nor the railway took
	// them, or because the vessel diverted and the railway could not carry
	// the boxes of its far-side calls (DivertedTEU, a part of LostTEU).
	LostTEU, DivertedTEU float64
	// Arrivals counts vessels arriving at the anchorages.
	Arrivals int
	// CWTTotalHours is the sum of the canal waters times (hours from
	// arrival in canal waters, or from the end of a call made before the
	// transit, to the end of the transit) of this day's transits;
	// TransitTotalHours the sum of their times in the canal (from leaving
	// the anchorage to the end of the transit), and CanalWaitTotalHours
	// of their waits inside the canal (at the locks and the cut).
	CWTTotalHours, TransitTotalHours, CanalWaitTotalHours float64
	// UnbookedStarts counts the unbooked vessels that started their
	// transit this day, and UnbookedWaitTotalDays the sum of their waits
	// at the anchorage.
	UnbookedStarts        int
	UnbookedWaitTotalDays float64
	// Diverted counts vessels that gave up on the canal; Lightened those
	// that lightened to meet the draft limit.
	Diverted, Lightened int
	// AuctionSlots counts the slots sold at the day's auction
	// (network.BookingSlots.Auction) and AuctionUSD what they fetched.
	AuctionSlots int
	AuctionUSD   float64
	// SpecialSlots counts the slots sold at the day's special auctions
	// (the SpecialAuction effect), for transits lead_days later, and
	// SpecialUSD what they fetched.
	SpecialSlots int
	SpecialUSD   float64
	// SlotsNeopanamax and SlotsPanamax are the day's caps on transits
	// starting, by lock type (-1 for none).
	SlotsNeopanamax, SlotsPanamax int
	// LakeLevelFt is the summit lake's level at the start of the day;
	// DraftLimitFt the deepest draft allowed in the Neopanamax locks.
	LakeLevelFt, DraftLimitFt float64
	// WaterMgal is the lockage water drawn from the summit lake.
	WaterMgal float64
	// DivertedCalls counts the calls their terminal could not take that
	// went to another terminal or whose boxes crossed by rail; LostCalls
	// those lost to Panama (CallPolicy). RailTEU is the TEU that crossed
	// the isthmus by rail (for those calls, and for the far-side calls of
	// diverted vessels), counted when booked on a train; TransshipmentTEU
	// the part of TEU that moved
	// ship to ship (by each terminal's transshipment share).
	DivertedCalls, LostCalls  int
	RailTEU, TransshipmentTEU float64
	// DivertedByClass counts the vessels that gave up on the canal this
	// day by cost class (segment and lock type, in the order of
	// CostClasses), and WaitDaysByClass the days they waited at the
	// anchorage: of every vessel that started its transit this day
	// (booked or not, from asking to starting) and of every vessel that
	// gave up on the canal this day while waiting (from asking to giving
	// up). They are what the costs (Costs) are computed from.
	DivertedByClass [NumCostClasses]int
	WaitDaysByClass [NumCostClasses]float64
}

// Run is the record of one replication of one variant.
type Run struct {
	Replication int
	Variant     Variant
	Days        []Day
	// Events is the number of kernel events the run fired.
	Events uint64
	// Arrived counts the vessels that arrived during the whole run
	// (warm-up included), Departed those that left the network at their
	// destination, Diverted those that gave up on the canal, and Inside
	// those still in it at the end: Arrived == Departed + Diverted +
	// Inside.
	Arrived, Departed, Diverted, Inside int
	// Windows are the scenario's disruptions as they fell in this run,
	// in the order of Result.Windows (empty for a baseline run).
	Windows []RunWindow
	// Assumptions are the values the run's replication drew for the
	// scenario's assumptions, in their order (nil without assumptions).
	Assumptions []float64
	// Waits counts the vessels that started their transit in the reported
	// days by their wait at the anchorage, from asking to transit to
	// starting: Waits[k] those that waited from k*WaitBinHours hours up
	// to (k+1)*WaitBinHours, the last bin all longer waits.
	Waits []int
}

// Window is a disruption as applied: the nodes it resolved to and its
// dates. For a random disruption (Random), From and Until bound the span
// its windows may fall in, and each run records its own (Run.Windows);
// Probability is the chance it happens in a replication.
type Window struct {
	Name        string    `json:"name,omitempty"`
	Effect      Effect    `json:"effect"`
	Target      string    `json:"target"`
	Nodes       []string  `json:"nodes"`
	From        time.Time `json:"from"`
	Until       time.Time `json:"until"`
	Random      bool      `json:"random,omitempty"`
	Probability float64   `json:"probability"`
}

// Result holds every run of a study: for each replication, the baseline
// and the disrupted variant on the same random numbers.
type Result struct {
	Scenario *Scenario
	// Terminals are the IDs of the network's terminals, the order of
	// Day.TerminalTEU.
	Terminals []string
	// Windows are the scenario's disruptions, resolved.
	Windows []Window
	// Baseline and Disrupted are indexed by replication.
	Baseline, Disrupted []Run
	// Done tells which replications have run (both variants). A study
	// that ran them all has every entry true; one that ran a subset
	// (Options.Replications) or was stopped (ErrStopped) has the others
	// false, with zero Runs.
	Done []bool

	// outcomes hold each done replication's outcome (outcome.go), made
	// when it was stored, so that the summary needs no days; reducer
	// makes them.
	outcomes []*Outcome
	reducer  *reducer
	// packed holds, by replication, the wait bins of runs that no longer
	// hold them (Options.DropDays, SetRecord), in a compact form.
	packed []packedWaits
}

// NewResult returns the result of a study of sc with no replication run
// yet: its terminals and resolved windows, and room for every
// replication. Study fills one; a program that gathers replications run
// elsewhere (shards of a study on other machines, or a study resumed
// after an interruption) fills one with Set.
func NewResult(sc *Scenario) (*Result, error) {
	p, err := newPlan(sc)
	if err != nil {
		return nil, err
	}
	return p.newResult(), nil
}

func (p *plan) newResult() *Result {
	n := p.sc.Replications
	res := &Result{Scenario: p.sc, Baseline: make([]Run, n), Disrupted: make([]Run, n), Done: make([]bool, n)}
	for _, t := range p.terminals {
		res.Terminals = append(res.Terminals, t.ID)
	}
	for _, w := range p.windows {
		res.Windows = append(res.Windows, w.Window)
	}
	res.outcomes, res.reducer = make([]*Outcome, n), res.newReducer()
	res.packed = make([]packedWaits, n)
	return res
}

// Set stores replication i's runs (both variants) and marks it done. The
// summary and the replications table need no days once a replication is
// stored: a program short of memory may set their Days to nil (as
// Options.DropDays does), which only leaves them out of Daily.
func (r *Result) Set(i int, baseline, disrupted Run) error {
	if i < 0 || i >= len(r.Done) {
		return fmt.Errorf("sim: replication %d out of range 0..%d", i, len(r.Done)-1)
	}
	if baseline.Variant != Baseline || disrupted.Variant != Disrupted || baseline.Replication != i || disrupted.Replication != i {
		return fmt.Errorf("sim: replication %d: runs of %s %d and %s %d", i, baseline.Variant, baseline.Replication, disrupted.Variant, disrupted.Replication)
	}
	r.Baseline[i], r.Disrupted[i], r.Done[i] = baseline, disrupted, true
	r.prepare()
	r.packed[i] = packedWaits{}
	r.outcomes[i] = r.reduce(r.reduction(), &r.Baseline[i], &r.Disrupted[i])
	return nil
}

// Complete reports whether every replication has run.
func (r *Result) Complete() bool {
	for _, d := range r.Done {
		if !d {
			return false
		}
	}
	return true
}

// ErrStopped is returned by Study, with the replications done so far, when
// Options.Stop asked it to before every replication had run.
var ErrStopped = errors.New("sim: study stopped before every replication had run")

// Options tune how a study runs; the zero value runs every replication on
// every core.
type Options struct {
	// Workers is the number of replications run at once; 0 means
	// runtime.GOMAXPROCS(0). It changes the speed, never the results.
	Workers int
	// Replications, if not nil, lists the replications to run (a shard of
	// a study, or those a resumed study still lacks); the others are left
	// undone.
	Replications []int
	// Stop, if set, is asked before each replication starts: once it
	// returns true, no replication starts after that, those under way
	// finish, and Study returns what is done with ErrStopped. It is
	// called from any goroutine, but one call at a time, never at the
	// same time as Progress: the two may share state without a lock.
	Stop func() bool
	// Progress, if set, is called after each replication (both variants)
	// finishes, with the number done and the number to do, one call at a
	// time, in the order the replications finish.
	Progress func(done, total int)
	// Observer, if not nil, observes what happens inside every run.
	Observer *Observer
	// Each, if set, is given every replication's runs once both are done,
	// in the order of Replications (replication order when nil), one call
	// at a time, whatever the number of workers: a program folds them
	// into its outputs as they come (daily rows written to a file, say),
	// and the study holds at most a few replications per worker waiting
	// for an earlier one. An error it returns ends the study with that
	// error. A study stopped (ErrStopped) may have done replications
	// after the first one not done; Each does not see them, and they are
	// in the Result with their days.
	Each func(replication int, baseline, disrupted *Run) error
	// DropDays, if set, leaves the runs' days out of the Result once Each
	// (if set) has seen them: the summary and the replications table do
	// not need them (Result.Set), and a study of many long replications
	// then holds no more than a few runs' days at once. The runs' wait
	// bins go too, kept in a compact form (Result.ReplicationWaits and Record give
	// them back).
	DropDays bool
	// Into, if not nil, is the Result the study stores its replications
	// in, and returns, instead of a new one: a Result of the same
	// scenario (NewResult(sc), the same *Scenario) that may hold
	// replications done elsewhere (SetRecord), none of them listed in
	// Replications. A resumed study so adds its replications to those
	// read back, without a copy of either.
	Into *Result
	// Values, if set, gives replication i's values of the scenario's
	// assumptions (in the order of Scenario.Assumptions) instead of
	// drawing them: the points of a designed experiment, such as a
	// sensitivity analysis. It is called from the goroutine that runs the
	// replication.
	Values func(replication int) []float64
}

// Study runs the replications of sc, each paired with its baseline, on
// opts.Workers goroutines. Replication i uses random streams derived from
// (sc.Seed, i) for both variants, and results are stored by index, so the
// result is the same whatever the number of workers, and whichever
// replications ran together. It stops at once, with ctx's error, when ctx
// is cancelled, and gracefully, with ErrStopped and the replications
// done, once opts.Stop says so.
func Study(ctx context.Context, sc *Scenario, opts Options) (*Result, error) {
	p, err := newPlan(sc)
	if err != nil {
		return nil, err
	}
	res := opts.Into
	if res == nil {
		res = p.newResult()
	} else if res.Scenario != sc || len(res.Done) != sc.Replications {
		return nil, fmt.Errorf("sim: Options.Into is not a result of scenario %s (NewResult of the same *Scenario)", sc.Name)
	} else {
		res.prepare()
	}
	todo := opts.Replications
	if todo == nil {
		todo = make([]int, sc.Replications)
		for i := range todo {
			todo[i] = i
		}
	}
	listed := make([]bool, sc.Replications)
	for _, rep := range todo {
		if rep < 0 || rep >= sc.Replications {
			return nil, fmt.Errorf("sim: replication %d out of range 0..%d", rep, sc.Replications-1)
		}
		if listed[rep] {
			return nil, fmt.Errorf("sim: replication %d listed twice", rep)
		}
		if res.Done[rep] {
			return nil, fmt.Errorf("sim: replication %d is already done in Options.Into", rep)
		}
		listed[rep] = true
	}

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(todo)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	errs := make([]error, sc.Replications)
	var mu sync.Mutex // over done, Stop, Progress and stopped
	done := 0
	stopped := false
	// halt reports whether the study is to stop gracefully (asking Stop,
	// one call at a time, until it says so).
	halt := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if !stopped && opts.Stop != nil && opts.Stop() {
			stopped = true
		}
		return stopped
	}
	out := newDelivery(res, todo, workers, opts)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rep := range jobs {
				if halt() {
					out.abandon()
					continue // asked to stop while it waited: it does not start
				}
				b, d, err := pair(ctx, p, rep, opts)
				if err != nil {
					errs[rep] = err
					out.abandon()
					cancel()
					continue
				}
				res.Baseline[rep], res.Disrupted[rep], res.Done[rep] = b, d, true
				res.store(rep)
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, len(todo))
					mu.Unlock()
				}
				if err := out.deliver(rep); err != nil {
					errs[rep] = err
					out.abandon()
					cancel()
				}
			}
		}()
	}
feed:
	for _, rep := range todo {
		if halt() {
			break feed
		}
		if !out.acquire(ctx) {
			break feed
		}
		select {
		case <-ctx.Done():
			break feed
		case jobs <- rep:
		}
	}
	close(jobs)
	wg.Wait()
	// Report the first error by replication index, so the error, too,
	// does not depend on scheduling; a cancellation is reported as such.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if stopped {
		for _, rep := range todo {
			if !res.Done[rep] {
				return res, ErrStopped
			}
		}
	}
	return res, nil
}

// pair simulates both variants of replication rep. A panic, which would
// be a bug of this package, is returned as an error, so a program that
// runs a study can clean up and report it rather than crash.
func pair(ctx context.Context, p *plan, rep int, opts Options) (b, d Run, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sim: replication %d: internal error (please report it with the scenario): %v", rep, r)
		}
	}()
	p, values, err := p.forReplication(rep, opts.Values)
	if err != nil {
		return b, d, err
	}
	if b, err = simulate(ctx, p, rep, false, opts.Observer); err == nil {
		d, err = simulate(ctx, p, rep, true, opts.Observer)
	}
	b.Assumptions, d.Assumptions = values, values
	return b, d, err
}

// forReplication returns the plan replication rep runs, and its values of
// the scenario's assumptions: the study's plan itself when the scenario
// has none, or else a plan of the scenario with the values drawn for rep
// (or given by values).
func (p *plan) forReplication(rep int, values func(int) []float64) (*plan, []float64, error) {
	sc := p.sc
	if len(sc.Assumptions) == 0 {
		return p, nil, nil
	}
	var vals []float64
	if values != nil {
		vals = values(rep)
	} else {
		vals = sc.drawAssumptions(rep)
	}
	c, err := sc.WithValues(vals)
	if err != nil {
		return nil, nil, err
	}
	q, err := newPlan(c)
	if err != nil {
		return nil, nil, fmt.Errorf("sim: replication %d: %w", rep, err)
	}
	return q, vals, nil
}

// Replicate simulates one replication of one variant of sc: the unit of
// work of Study, for callers that manage replications themselves (for
// example across machines). Replication i gives the same run here as in
// Study.
func Replicate(ctx context.Context, sc *Scenario, replication int, v Variant) (*Run, error) {
	if v != Baseline && v != Disrupted {
		return nil, fmt.Errorf("sim: unknown variant %q", v)
	}
	p, err := newPlan(sc)
	if err != nil {
		return nil, err
	}
	p, values, err := p.forReplication(replication, nil)
	if err != nil {
		return nil, err
	}
	r, err := simulate(ctx, p, replication, v == Disrupted, nil)
	if err != nil {
		return nil, err
	}
	r.Assumptions = values
	return &r, nil
}

// delivery hands a study's replications to Options.Each in order, and
// drops their days (Options.DropDays) once handed over. With Each set, it
// bounds the replications started and not yet handed over (acquire), so
// that those waiting for an earlier one stay few.
type delivery struct {
	res  *Result
	each func(int, *Run, *Run) error
	drop bool
	// pos maps a replication to its place in the order; ready marks, by
	// place, those done and not yet handed over; next is the place of
	// the next to hand over.
	pos   []int
	todo  []int
	ready []bool
	next  int
	mu    sync.Mutex // over ready, next and each's calls
	// slots holds a token per replication started and not yet handed
	// over; quit closes when the order is broken (a replication that
	// will not be done), after which nothing more is handed over.
	slots chan struct{}
	quit  chan struct{}
	once  sync.Once
}

// newDelivery returns the delivery of res's replications todo, run on
// workers goroutines, as opts say.
func newDelivery(res *Result, todo []int, workers int, opts Options) *delivery {
	d := &delivery{res: res, each: opts.Each, drop: opts.DropDays, todo: todo, quit: make(chan struct{})}
	if d.each != nil {
		d.pos = make([]int, len(res.Done))
		for i, rep := range todo {
			d.pos[rep] = i
		}
		d.ready = make([]bool, len(todo))
		d.slots = make(chan struct{}, 3*workers)
	}
	return d
}

// acquire waits for room to start one more replication; false when ctx
// is done or the order is broken.
func (d *delivery) acquire(ctx context.Context) bool {
	if d.slots == nil {
		return true
	}
	select {
	case d.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	case <-d.quit:
		return false
	}
}

// abandon breaks the order: a replication started will not be done.
func (d *delivery) abandon() { d.once.Do(func() { close(d.quit) }) }

// deliver takes replication rep, done and stored, and hands over every
// replication now next in order.
func (d *delivery) deliver(rep int) error {
	if d.each == nil {
		d.dropDays(rep)
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ready[d.pos[rep]] = true
	for d.next < len(d.todo) && d.ready[d.next] {
		select {
		case <-d.quit:
			return nil // the order is broken: the rest stay in the Result
		default:
		}
		r := d.todo[d.next]
		if err := d.each(r, &d.res.Baseline[r], &d.res.Disrupted[r]); err != nil {
			return err
		}
		d.dropDays(r)
		d.next++
		<-d.slots
	}
	return nil
}

// dropDays leaves replication rep's days out of the result, and packs
// its waits, if asked.
func (d *delivery) dropDays(rep int) {
	if d.drop {
		d.res.Baseline[rep].Days, d.res.Disrupted[rep].Days = nil, nil
		d.res.pack(rep)
	}
}
