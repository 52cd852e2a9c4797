package sim_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"strings"
	"testing"

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
	outputs := func(res *sim.Result) string {
		var b strings.Builder
		s, err := json.Marshal(res.Summarize())
		if err != nil {
			t.Fatal(err)
		}
		b.Write(s)
		if err := res.Replications().WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		if err := res.Waits().WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if got, want := outputs(back), outputs(full); got != want {
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
}
