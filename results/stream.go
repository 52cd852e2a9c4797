package results

import (
	"fmt"
	"io"

	"github.com/canalsim/canalsim/sim"
)

// Stream folds a study's replications, as they come, into the parts of
// its folder that need their days: the figures' bands, and daily.csv
// written row by row. With it a study need not keep its days
// (sim.Options.DropDays), so a run's memory does not grow with its
// replications times its days:
//
//	st, err := results.NewStream(res, dailyFile) // res: sim.NewResult(sc)
//	...
//	done, err := sim.Study(ctx, sc, sim.Options{Each: st.Add, DropDays: true})
//	...
//	err = st.Flush()
//	f, err := st.Folder(done, manifest, nil)
type Stream struct {
	fold  *BandFold
	daily *DailyWriter
	// next is the replication Add expects no earlier than (replications
	// come in order).
	next int
	// more are called with each replication after it is folded.
	more []func(rep int, baseline, scenario *sim.Run) error
}

// NewStream returns the stream of a study whose result (with no
// replication or some, sim.NewResult) is res, writing daily.csv to daily
// (nil for none).
func NewStream(res *sim.Result, daily io.Writer) (*Stream, error) {
	sc := res.Scenario
	fold, err := NewBandFold(FigureSeries(), sc.Replications, res.Terminals, res.Windows)
	if err != nil {
		return nil, err
	}
	st := &Stream{fold: fold}
	if daily != nil {
		if st.daily, err = NewDailyWriter(daily, res.Terminals); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// Also has f called with each replication once it is folded, in order:
// another output written as the replications come (a Parquet copy of
// daily.csv, say).
func (s *Stream) Also(f func(rep int, baseline, scenario *sim.Run) error) {
	s.more = append(s.more, f)
}

// Add folds replication rep's runs, both with their days. Replications
// must come in increasing order (as sim.Options.Each gives them), so that
// daily.csv is in order and its bytes do not depend on the workers.
func (s *Stream) Add(rep int, baseline, scenario *sim.Run) error {
	if rep < s.next {
		return fmt.Errorf("results: replication %d after %d: replications must come in order", rep, s.next-1)
	}
	s.next = rep + 1
	if err := s.fold.Add(baseline.Days, scenario.Days); err != nil {
		return fmt.Errorf("results: replication %d: %w", rep, err)
	}
	if s.daily != nil {
		if err := s.daily.WriteRun(baseline); err != nil {
			return err
		}
		if err := s.daily.WriteRun(scenario); err != nil {
			return err
		}
	}
	for _, f := range s.more {
		if err := f(rep, baseline, scenario); err != nil {
			return err
		}
	}
	return nil
}

// AddDone adds every replication res holds done, in order, with its days:
// a study held whole in memory.
func (s *Stream) AddDone(res *sim.Result) error {
	for i, done := range res.Done {
		if done {
			if err := s.Add(i, &res.Baseline[i], &res.Disrupted[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// Flush writes what daily.csv holds in its buffer.
func (s *Stream) Flush() error {
	if s.daily == nil {
		return nil
	}
	return s.daily.Flush()
}

// Folder makes the folder of the study whose result is res, every
// replication done folded by s: as New, but with the bands of s and no
// daily table in memory (Files leaves daily.csv out: s wrote it).
func (s *Stream) Folder(res *sim.Result, m *Manifest, thresholds []Threshold) (*Folder, error) {
	return newFolder(res, m, thresholds, nil, s.fold.Bands())
}
