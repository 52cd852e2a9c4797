package sim_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// TestRecordRoundTrip: a study's replications kept as Records, gob-encoded
// one after another in a stream and set into a new Result, give the same
// summary, replications table and waits as the study itself, bytes for
// bytes; the windows that did not happen, or had no recovery, included.
func TestRecordRoundTrip(t *testing.T) {
	sc := ppcClosure(8)
	sc.Days, sc.WarmupDays = 40, 2
	sc.Disruptions[0].From, sc.Disruptions[0].Until = date(2025, 10, 5), date(2025, 10, 15)
	sc.Disruptions = append(sc.Disruptions, sim.Disruption{
		Name: "maybe", Target: sim.Target{Operator: "ppc"}, Effect: sim.Closure,
		From: date(2025, 10, 20), Until: date(2025, 11, 30), Probability: 0.5,
		Duration: &sim.Dist{Kind: sim.Uniform, Min: 2, Max: 40},
	})
	full, err := sim.Study(context.Background(), sc, sim.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var stream bytes.Buffer
	enc := gob.NewEncoder(&stream)
	for i := range full.Done {
		rec, err := full.Record(i)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Baseline.Days != nil || rec.Disrupted.Days != nil {
			t.Fatalf("record %d keeps days", i)
		}
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	back, err := sim.NewResult(sc)
	if err != nil {
		t.Fatal(err)
	}
	dec := gob.NewDecoder(&stream)
	for range full.Done {
		var rec sim.Record
		if err := dec.Decode(&rec); err != nil {
			t.Fatal(err)
		}
		if err := back.SetRecord(rec); err != nil {
			t.Fatal(err)
		}
	}
	if !back.Complete() {
		t.Fatal("not every replication was set")
	}
	if got, want := outputs(t, back), outputs(t, full); got != want {
		t.Errorf("outputs rebuilt from records differ from the study's")
	}

	// A record does not go into another study, nor twice the same way
	// under another replication.
	other := ppcClosure(8)
	res, err := sim.NewResult(other)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := full.Record(3)
	if err := res.SetRecord(rec); err == nil || !strings.Contains(err.Error(), "not of this study") {
		t.Errorf("a record of a study with two windows set into one with one: %v", err)
	}
	rec.Replication = 4
	if err := back.SetRecord(rec); err == nil {
		t.Error("a record whose runs are of replication 3 was set as replication 4")
	}
	if _, err := back.Record(8); err == nil {
		t.Error("Record(8) of 8 replications: no error")
	}
	if err := gob.NewEncoder(&stream).Encode(sim.Record{}); err == nil {
		t.Error("a Record not made by Result.Record encoded")
	}
	if err := sim.NewRecordEncoder(&stream).Encode(sim.Record{}); err == nil {
		t.Error("a Record not made by Result.Record encoded by a RecordEncoder")
	}

	// A RecordEncoder's stream reads back to the same outputs, and is
	// smaller: the type information once.
	var each, one bytes.Buffer
	genc, renc := gob.NewEncoder(&each), sim.NewRecordEncoder(&one)
	for i := range full.Done {
		rec, _ := full.Record(i)
		if err := genc.Encode(rec); err != nil {
			t.Fatal(err)
		}
		if err := renc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d records: %d bytes as gob values, %d with a RecordEncoder", len(full.Done), each.Len(), one.Len())
	if one.Len() >= each.Len()*3/4 {
		t.Errorf("a RecordEncoder's stream is %d bytes, gob values %d: the type information is not written once", one.Len(), each.Len())
	}
	again, err := sim.NewResult(sc)
	if err != nil {
		t.Fatal(err)
	}
	rdec := sim.NewRecordDecoder(&one)
	for {
		var rec sim.Record
		err := rdec.Decode(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := again.SetRecord(rec); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := outputs(t, again), outputs(t, full); got != want {
		t.Errorf("outputs rebuilt from a RecordEncoder's stream differ from the study's")
	}
}

// TestStudyInto: a study whose days are dropped keeps its waits packed
// (Record and Waits give them back), and a study run Into a Result that
// holds the other replications as records completes it: the outputs are
// those of one study. A replication already there is not run again.
func TestStudyInto(t *testing.T) {
	sc := ppcClosure(6)
	sc.Days, sc.WarmupDays = 40, 2
	sc.Disruptions[0].From, sc.Disruptions[0].Until = date(2025, 10, 5), date(2025, 10, 15)
	full, err := sim.Study(context.Background(), sc, sim.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	dropped, err := sim.Study(context.Background(), sc, sim.Options{Workers: 2, DropDays: true, Replications: []int{0, 2, 4}})
	if err != nil {
		t.Fatal(err)
	}
	into, err := sim.NewResult(sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 2, 4} {
		if dropped.Baseline[i].Waits != nil || dropped.Baseline[i].Days != nil {
			t.Errorf("replication %d keeps its days or waits in the result", i)
		}
		rec, err := dropped.Record(i)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rec.Disrupted.Waits, full.Disrupted[i].Waits) {
			t.Errorf("replication %d: Record's waits are not the run's", i)
		}
		if err := into.SetRecord(rec); err != nil {
			t.Fatal(err)
		}
	}
	res, err := sim.Study(context.Background(), sc, sim.Options{Workers: 3, DropDays: true, Into: into, Replications: []int{1, 3, 5}})
	if err != nil {
		t.Fatal(err)
	}
	if res != into || !res.Complete() {
		t.Fatalf("the study did not complete the result it was given")
	}
	if outputs(t, res) != outputs(t, full) {
		t.Error("a result completed by a study Into it differs from one study's")
	}
	if _, err := sim.Study(context.Background(), sc, sim.Options{Into: into, Replications: []int{2}}); err == nil || !strings.Contains(err.Error(), "already done") {
		t.Errorf("a replication already done run again Into the result: %v", err)
	}
	if _, err := sim.Study(context.Background(), ppcClosure(6), sim.Options{Into: into}); err == nil {
		t.Error("a study of another *Scenario ran Into the result")
	}
}

// outputs returns what a result writes that needs no days: its summary,
// replications table and waits, one after the other.
func outputs(t *testing.T, res *sim.Result) string {
	t.Helper()
	var b strings.Builder
	s, err := json.Marshal(results.Summarize(res))
	if err != nil {
		t.Fatal(err)
	}
	b.Write(s)
	if err := results.NewReplicationsTable(res).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if err := results.NewWaitTable(res).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
