package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// TestEachInOrder: Each sees every replication once, in order, with its
// days, whatever the number of workers and whichever replications run;
// with DropDays the result keeps no days, and its summary and
// replications table are byte for byte those of a study that kept them.
func TestEachInOrder(t *testing.T) {
	sc := ppcClosure(9)
	sc.Days, sc.WarmupDays = 20, 1
	sc.Disruptions[0].From, sc.Disruptions[0].Until = date(2025, 10, 3), date(2025, 10, 10)
	bytesOf := func(res *sim.Result) (sum, reps []byte) {
		s, err := json.Marshal(results.Summarize(res))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := results.NewReplicationsTable(res).WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		return s, b.Bytes()
	}
	full, err := sim.Study(context.Background(), sc, sim.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	wantSum, wantReps := bytesOf(full)
	for _, c := range []struct {
		workers int
		todo    []int
	}{{1, nil}, {2, nil}, {7, nil}, {3, []int{8, 1, 4, 5}}} {
		var seen []int
		res, err := sim.Study(context.Background(), sc, sim.Options{
			Workers: c.workers, Replications: c.todo, DropDays: true,
			Each: func(rep int, b, d *sim.Run) error {
				if b.Replication != rep || d.Replication != rep || len(b.Days) != 20 || len(d.Days) != 20 {
					t.Errorf("workers %d: Each(%d) given runs of %d and %d with %d and %d days", c.workers, rep, b.Replication, d.Replication, len(b.Days), len(d.Days))
				}
				if !slices.Equal(d.Days[5].TerminalTEU, full.Disrupted[rep].Days[5].TerminalTEU) {
					t.Errorf("workers %d: replication %d's days differ from the full study's", c.workers, rep)
				}
				seen = append(seen, rep)
				return nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		want := c.todo
		if want == nil {
			want = []int{0, 1, 2, 3, 4, 5, 6, 7, 8}
		}
		if !slices.Equal(seen, want) {
			t.Errorf("workers %d: Each saw %v, want %v", c.workers, seen, want)
		}
		for i := range res.Done {
			if len(res.Baseline[i].Days)+len(res.Disrupted[i].Days) > 0 {
				t.Errorf("workers %d: replication %d kept its days", c.workers, i)
			}
		}
		if c.todo != nil {
			continue
		}
		if len(results.NewDailyTable(res).Rows) != 0 {
			t.Errorf("workers %d: Daily has %d rows without days", c.workers, len(results.NewDailyTable(res).Rows))
		}
		sum, reps := bytesOf(res)
		if !bytes.Equal(sum, wantSum) || !bytes.Equal(reps, wantReps) {
			t.Errorf("workers %d: the summary or replications table differs once the days are dropped", c.workers)
		}
	}
}

// TestEachError: an error from Each ends the study with it.
func TestEachError(t *testing.T) {
	sc := ppcClosure(6)
	sc.Days, sc.WarmupDays = 10, 1
	sc.Disruptions[0].From, sc.Disruptions[0].Until = date(2025, 10, 3), date(2025, 10, 5)
	full := errors.New("disk full")
	_, err := sim.Study(context.Background(), sc, sim.Options{Workers: 2, Each: func(rep int, _, _ *sim.Run) error {
		if rep == 2 {
			return full
		}
		return nil
	}})
	if !errors.Is(err, full) {
		t.Errorf("err %v, want %v", err, full)
	}
	_, err = sim.Study(context.Background(), sc, sim.Options{Replications: []int{1, 3, 1}, Each: func(int, *sim.Run, *sim.Run) error { return nil }})
	if err == nil || err.Error() != "sim: replication 1 listed twice" {
		t.Errorf("a replication listed twice: err %v", err)
	}
}
