package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// The tests of this file run the examples of the repository's examples/
// folder (README.md in each says what a run shows), and the network and
// demand flags of "canalsim run". Tests run in this package's folder, so
// the examples are at ../../examples; their scenarios name their network
// and demand relative to their own folder.

const examplesDir = "../../examples"

// example returns the path of a file of an example.
func example(name, file string) string { return filepath.Join(examplesDir, name, file) }

// readDaily reads a results folder's daily.csv.
func readDaily(t *testing.T, dir string) *results.DailyTable {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "daily.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, err := results.ReadDailyCSV("daily.csv", f)
	if err != nil {
		t.Fatal(err)
	}
	return table
}

// TestExamples: each example validates, runs end to end and writes its
// results, which show what its README says.
func TestExamples(t *testing.T) {
	for _, tc := range []struct{ example, name string }{
		{"one-lock", "one-lock-closure"},
		{"two-locks", "two-locks-lane-outage"},
	} {
		t.Run(tc.example, func(t *testing.T) {
			scenario := example(tc.example, "scenario.yaml")
			code, stdout, stderr := canalsim(t, "validate", scenario)
			if code != 0 || !strings.Contains(stdout, scenario+": ok ("+tc.name) {
				t.Fatalf("validate: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			out := t.TempDir()
			code, stdout, stderr = canalsim(t, "run", scenario, "--out", out, "-n", "3")
			if code != 0 {
				t.Fatalf("run: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			dir := filepath.Join(out, tc.name)
			for _, f := range []string{"manifest.json", "summary.json", "daily.csv", "replications.csv", "report.html", "plots/throughput.svg"} {
				if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
					t.Errorf("%s: %v", f, err)
				}
			}
			var man results.Manifest
			readJSON(t, filepath.Join(dir, "manifest.json"), &man)
			if man.Network != tc.example || man.Demand != tc.example+"-demand" || man.Replications != 3 {
				t.Errorf("manifest: network %q, demand %q, %d replications", man.Network, man.Demand, man.Replications)
			}
		})
	}
}

// TestOneLockClosure: closing the only lock for a day stops the transits
// that day, holds the arrivals at the anchorages, and the next day the
// lane clears them; over the month every ship still passes.
func TestOneLockClosure(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := canalsim(t, "run", example("one-lock", "scenario.yaml"), "--out", out, "-n", "3", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The README: a ship alone spends 110 to 140 minutes in canal
	// waters, by the lane's end and the chamber's level when it comes.
	data, err := os.ReadFile(filepath.Join(out, "one-lock-closure", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum results.Summary
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	if cwt := sum.Metrics["canal_waters_time_h"].Baseline.Mean * 60; cwt < 110 || cwt > 140 {
		t.Errorf("baseline canal waters time %.1f min, want 110 to 140", cwt)
	}
	const closed, after = "2030-01-11", "2030-01-12"
	for _, r := range readDaily(t, filepath.Join(out, "one-lock-closure")).Rows {
		date := r.Date.Format("2006-01-02")
		switch {
		case r.Variant == sim.Disrupted && date == closed:
			// At most the lockage under way at midnight finishes.
			if r.Transits > 1 || r.Queue < 3 {
				t.Errorf("replication %d, %s, lock closed: %d transits, %d waiting at the end of the day", r.Replication, date, r.Transits, r.Queue)
			}
		case r.Variant == sim.Disrupted && date == after:
			if r.Queue != 0 {
				t.Errorf("replication %d, %s: %d still waiting at the end of the day after the closure", r.Replication, date, r.Queue)
			}
		case r.Variant == sim.Baseline:
			// Ten a day against a lane that passes 18 to 24.
			if r.Queue > 1 || r.QueueMax > 3 {
				t.Errorf("replication %d, %s, baseline: queue %d, at most %d", r.Replication, date, r.Queue, r.QueueMax)
			}
		}
	}
}

// TestTwoLocksEveryDay: the two-lock canal passes ships every day of the
// run, in the baseline and with a lane out.
func TestTwoLocksEveryDay(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := canalsim(t, "run", example("two-locks", "scenario.yaml"), "--out", out, "-n", "3", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readDaily(t, filepath.Join(out, "two-locks-lane-outage")).Rows
	if len(rows) != 3*2*42 {
		t.Fatalf("%d rows, want 3 replications x 2 variants x 42 days", len(rows))
	}
	for _, r := range rows {
		if r.Transits == 0 {
			t.Errorf("replication %d, %s, %s: no transit", r.Replication, r.Variant, r.Date.Format("2006-01-02"))
		}
	}
}

// TestExampleBadNetwork: a network file with a typo stops the run before
// anything runs: exit status 2, the typo's file:line:col with a
// suggestion, and no output folder.
func TestExampleBadNetwork(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"network.yaml", "demand.yaml", "scenario.yaml"} {
		data, err := os.ReadFile(example("one-lock", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "network.yaml" {
			if !bytes.Contains(data, []byte("turnaround_minutes:")) {
				t.Fatal("the one-lock network has no turnaround_minutes to misspell")
			}
			data = bytes.Replace(data, []byte("turnaround_minutes:"), []byte("turnaruond_minutes:"), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The line and column of the typo.
	data, _ := os.ReadFile(filepath.Join(dir, "network.yaml"))
	line, col := 0, 0
	for i, l := range strings.Split(string(data), "\n") {
		if c := strings.Index(l, "turnaruond_minutes"); c >= 0 {
			line, col = i+1, c+1
		}
	}
	want := filepath.Join(dir, "network.yaml") + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col) +
		`: unknown key "turnaruond_minutes" in nodes[1].lock; did you mean "turnaround_minutes"?`

	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{
		{"run", filepath.Join(dir, "scenario.yaml"), "--out", out},
		{"run", example("one-lock", "scenario.yaml"), "--network", filepath.Join(dir, "network.yaml"), "--out", out},
		{"validate", filepath.Join(dir, "scenario.yaml")},
	} {
		code, stdout, stderr := canalsim(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if strings.TrimSpace(stderr) != want {
			t.Errorf("%v: stderr\n%s\nwant\n%s", args, stderr, want)
		}
		if args[0] == "run" && stdout != "" {
			t.Errorf("%v: stdout %q", args, stdout)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: output folder %s exists after a bad network", args, out)
		}
	}
}

// TestNetworkDemandFlags: --network and --demand replace a scenario's own
// network and demand: the one-lock example run on copies of its own files
// gives the same results; a network without a demand, and a network the
// scenario's targets are not in, are errors before anything runs.
func TestNetworkDemandFlags(t *testing.T) {
	own, flags := t.TempDir(), t.TempDir()
	scenario := example("one-lock", "scenario.yaml")
	if code, _, stderr := canalsim(t, "run", scenario, "--out", own, "-n", "2", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := canalsim(t, "run", scenario, "--out", flags, "-n", "2", "-q",
		"--network", example("one-lock", "network.yaml"), "--demand", example("one-lock", "demand.yaml")); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"summary.json", "daily.csv"} {
		a, errA := os.ReadFile(filepath.Join(own, "one-lock-closure", f))
		b, errB := os.ReadFile(filepath.Join(flags, "one-lock-closure", f))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs with the flags naming the scenario's own files (%v, %v)", f, errA, errB)
		}
	}

	out := filepath.Join(t.TempDir(), "out")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"baseline", "--network", example("one-lock", "network.yaml")},
			[]string{"library:baseline:", "network one-lock replaces the scenario's, which names no demand: the embedded Panama demand needs the Panama network; give demand: FILE (canalsim run --demand FILE)"}},
		{[]string{scenario, "--network", "panama"},
			[]string{example("one-lock", "demand.yaml") + `:`, `stream "eastbound": unknown node "west-anchorage"`, scenario + `:`, `disruptions[0].target: unknown node "lock"`}},
		{[]string{scenario, "--demand", "nosuch.yaml"},
			[]string{"canalsim: --demand: open nosuch.yaml: no such file or directory"}},
		{[]string{scenario, "--network", "panama", "--demand", "panama", "--shard", "1/2"},
			[]string{"--network, --demand and --arrivals do not go with a sharded run"}},
	} {
		code, _, stderr := canalsim(t, append([]string{"run", "--out", out}, tc.args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr\n%s\nlacks %q", tc.args, stderr, w)
			}
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: output folder %s exists", tc.args, out)
		}
	}
}

// TestOneLockTrace replays examples/one-lock/trace.csv, four vessels, and
// checks the first day against the times worked out by hand in
// examples/one-lock/README.md: waits at the lock of 0, 60, 80 and 100
// minutes (4 hours in all) and times from the anchorage to the end of the
// lockage of 80, 140, 160 and 180 minutes (9.333 hours in all), in every
// replication alike; with the trace given in the scenario file or by
// --arrivals.
func TestOneLockTrace(t *testing.T) {
	dir := t.TempDir()
	scenario := filepath.Join(dir, "traced.yaml")
	abs, _ := filepath.Abs("../../examples/one-lock")
	writeText(t, scenario, "name: traced\nnetwork: "+filepath.Join(abs, "network.yaml")+"\ndemand: "+filepath.Join(abs, "demand.yaml")+
		"\narrivals: "+filepath.Join(abs, "trace.csv")+"\nstart: 2030-01-01\ndays: 3\nwarmup_days: 0\nreplications: 2\n")
	for _, args := range [][]string{
		{"run", "../../examples/one-lock/scenario.yaml", "--arrivals", "../../examples/one-lock/trace.csv", "--out", filepath.Join(dir, "flag"), "-n", "2", "--quiet"},
		{"run", scenario, "--out", filepath.Join(dir, "key"), "--quiet"},
	} {
		code, _, stderr := canalsim(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	for _, f := range []string{filepath.Join(dir, "flag", "one-lock-closure", "daily.csv"), filepath.Join(dir, "key", "traced", "daily.csv")} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rows := strings.Split(string(data), "\n")
		header := strings.Split(rows[0], ",")
		col := func(name string) int {
			for i, h := range header {
				if h == name {
					return i
				}
			}
			t.Fatalf("no column %s", name)
			return -1
		}
		for _, row := range rows[1:] {
			cells := strings.Split(row, ",")
			if len(cells) < len(header) || cells[col("date")] != "2030-01-01" {
				continue
			}
			if got := cells[col("transits")] + " " + cells[col("canal_wait_total_h")] + " " + cells[col("transit_total_h")]; got != "4 4.000 9.333" {
				t.Errorf("%s, replication %s %s: transits, waits and times %q, want 4 4.000 9.333", f, cells[0], cells[1], got)
			}
		}
	}
	// A bad row is reported with its line and column; nothing is written.
	bad := filepath.Join(dir, "bad.csv")
	writeText(t, bad, "time,origin,destination,length_m,beam_m,draught_m\n0,west-anchorage,east-anchorage,180,30,10\n60,west-anchorage,nowhere,100,20,8\n")
	code, _, stderr := canalsim(t, "run", "../../examples/one-lock/scenario.yaml", "--arrivals", bad, "--out", filepath.Join(dir, "bad"))
	if code != 2 || !strings.Contains(stderr, bad+`:3:19: unknown node "nowhere"`) {
		t.Errorf("bad trace: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad")); err == nil {
		t.Error("a bad trace wrote results")
	}
}

// TestOneLockLockages replays examples/one-lock/trace.csv with --records
// lockages and checks lockages.csv against the README's table: A up
// 00:30-01:20; the chamber, left at the upper level, levels back empty
// 01:20-01:30 for B; B up 01:30-02:20; C, from the other end, finds the
// chamber at its level after the 30 min turnaround: down 02:50-03:40; D
// likewise, up 04:10-05:00. Options that would keep records only in part
// are refused.
func TestOneLockLockages(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := canalsim(t, "run", "../../examples/one-lock/scenario.yaml", "--arrivals", "../../examples/one-lock/trace.csv",
		"--out", dir, "-n", "1", "--records", "lockages,vessels,calls", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "one-lock-closure", "lockages.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := `replication,variant,lock,lane,chamber,direction,start,end,empty,vessels,water_mgal
0,baseline,lock,0,,up,2030-01-01T00:30:00,2030-01-01T01:20:00,false,1,0
0,baseline,lock,0,0,down,2030-01-01T01:20:00,2030-01-01T01:30:00,true,,0
0,baseline,lock,0,,up,2030-01-01T01:30:00,2030-01-01T02:20:00,false,2,0
0,baseline,lock,0,,down,2030-01-01T02:50:00,2030-01-01T03:40:00,false,3,0
0,baseline,lock,0,,up,2030-01-01T04:10:00,2030-01-01T05:00:00,false,4,0
`
	if got := string(data); !strings.HasPrefix(got, want) {
		t.Errorf("lockages.csv starts\n%s\nwant\n%s", got[:min(len(got), len(want))], want)
	}
	// vessels.csv: each ship's arrival, start of transit, end (the lock
	// left) with its wait at the lock (0, 60, 80, 100 min), and departure
	// half an hour later.
	data, err = os.ReadFile(filepath.Join(dir, "one-lock-closure", "vessels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	wantEnds := []string{"2030-01-01T01:20:00,0.000,2030-01-01T01:50:00,departed", "2030-01-01T02:20:00,1.000,2030-01-01T02:50:00,departed",
		"2030-01-01T03:40:00,1.333,2030-01-01T04:10:00,departed", "2030-01-01T05:00:00,1.667,2030-01-01T05:30:00,departed"}
	for i, w := range wantEnds {
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], fmt.Sprintf("0,baseline,%d,", i+1)) || !strings.Contains(lines[i+1], w) {
			t.Errorf("vessels.csv row %d: %q, want vessel %d and %q", i+1, lines[min(i+1, len(lines)-1)], i+1, w)
		}
	}
	// calls.csv: the one-lock canal has no terminal: the header alone.
	if data, err := os.ReadFile(filepath.Join(dir, "one-lock-closure", "calls.csv")); err != nil || string(data) != "replication,variant,vessel,planned,terminal,teu,start,end\n" {
		t.Errorf("calls.csv: %q, %v", data, err)
	}
	for _, args := range [][]string{
		{"--records", "lockage"},
		{"--records", "vessels,cals"},
		{"--records", "lockages", "--resume"},
		{"--records", "lockages", "--shard", "1/2"},
	} {
		args = append([]string{"run", "../../examples/one-lock/scenario.yaml", "--out", filepath.Join(dir, "refused")}, args...)
		if code, _, stderr := canalsim(t, args...); code != 2 || !strings.Contains(stderr, "--records") {
			t.Errorf("%v: exit %d, %q; want 2 and a message about --records", args, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "refused")); err == nil {
		t.Error("a refused run wrote results")
	}
}
