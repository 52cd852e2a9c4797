package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/sim"
)

// TestSensitivity runs a small Sobol' analysis of ppc-closure's
// assumptions and checks its folder: the indices for every assumption in
// sensitivity.json and .csv, the figure, and a report that names each
// assumption; then the mistakes a user makes, each exit 2 with nothing
// written.
func TestSensitivity(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := canalsim(t, "sensitivity", "ppc-closure", "-n", "4", "--resamples", "20", "--out", out, "--metrics", "lost_teu,rail_teu_per_day")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dir := filepath.Join(out, "ppc-closure-sensitivity")
	if !strings.Contains(stdout, dir) || !strings.Contains(stdout, "railway.rail.capacity_teu_per_day") {
		t.Errorf("stdout:\n%s", stdout)
	}
	data, err := os.ReadFile(filepath.Join(dir, "sensitivity.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r sim.SensitivityResult
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Method != sim.Sobol || r.Runs != 4*10 || len(r.Params) != 8 || len(r.Metrics) != 2 || len(r.Metrics[0].Total) != 8 {
		t.Fatalf("sensitivity.json: %+v", r)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "sensitivity.csv"))
	if n := strings.Count(string(csv), "\n"); n != 1+2*8 {
		t.Errorf("sensitivity.csv has %d lines, want 17", n)
	}
	report, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	for _, p := range r.Params {
		if !strings.Contains(string(report), `data-path="`+p.Path+`"`) {
			t.Errorf("report.html lacks a row for %s", p.Path)
		}
	}
	for _, f := range []string{"plots/sensitivity.svg", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ppc-closure", "-n", "4"}, "exists"},
		{[]string{"ppc-closure", "-n", "4", "--metrics", "lost_tue"}, `did you mean "lost_teu"?`},
		{[]string{"ppc-closure", "--method", "sobel"}, "--method"},
		{[]string{"baseline"}, "declares no assumptions"},
	} {
		args := append([]string{"sensitivity", "--out", out}, tt.args...)
		if code, _, stderr := canalsim(t, args...); code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		t.Errorf("%d entries in the output folder, want the analysis alone", len(entries))
	}
}

// TestRunWithAssumptions: a run of a scenario with assumptions records
// each replication's values in replications.csv, lists the assumptions in
// its manifest and report (marking the one without a source), and splits
// the spread of its key numbers between assumptions and randomness.
func TestRunWithAssumptions(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	writeText(t, file, `name: with-assumptions
start: 2025-10-01
days: 40
warmup_days: 7
replications: 24
disruptions:
  - {target: {owner: ck-hutchison}, effect: closure, from: 2025-10-10, days: 15}
assumptions:
  - {path: network.nodes.railway.rail.capacity_teu_per_day, dist: uniform, min: 100, max: 5000, source: "test [R2]"}
  - {path: demand.call_diversion.capacity_margin, dist: uniform, min: 0, max: 0.4}
`)
	if code, _, stderr := canalsim(t, "run", file, "--out", dir, "-q", "--records", "calls"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "with-assumptions")
	// calls.csv: during the closure, calls for Balboa and Cristóbal are
	// worked at the other terminals of their side.
	calls, _ := os.ReadFile(filepath.Join(out, "calls.csv"))
	if !strings.Contains(string(calls), ",scenario,") || !strings.Contains(string(calls), ",balboa,psa,") && !strings.Contains(string(calls), ",cristobal,mit,") {
		t.Errorf("calls.csv has no call moved off a closed terminal")
	}
	reps, _ := os.ReadFile(filepath.Join(out, "replications.csv"))
	if !strings.Contains(strings.SplitN(string(reps), "\n", 2)[0], ",assumption.network.nodes.railway.rail.capacity_teu_per_day,assumption.demand.call_diversion.capacity_margin") {
		t.Errorf("replications.csv header: %s", strings.SplitN(string(reps), "\n", 2)[0])
	}
	var man sim.Manifest
	data, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err := json.Unmarshal(data, &man); err != nil || len(man.Assumptions) != 2 || !man.Assumptions[0].Sourced || man.Assumptions[1].Sourced {
		t.Errorf("manifest's assumptions %+v (%v)", man.Assumptions, err)
	}
	var sum sim.Summary
	data, _ = os.ReadFile(filepath.Join(out, "summary.json"))
	if err := json.Unmarshal(data, &sum); err != nil || sum.Metrics["lost_teu"].Split == nil {
		t.Fatalf("summary.json has no split of lost_teu (%v)", err)
	}
	report, _ := os.ReadFile(filepath.Join(out, "report.html"))
	for _, want := range []string{`data-path="demand.call_diversion.capacity_margin"`, "no source tag: the range rests on judgement", "from the assumptions"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

// TestUserTextEscaped: a description with HTML in it is text in every
// file a run writes: no file holds the tag as markup.
func TestUserTextEscaped(t *testing.T) {
	dir := t.TempDir()
	abs, _ := filepath.Abs("../../examples/one-lock")
	file := filepath.Join(dir, "h.yaml")
	writeText(t, file, "name: h\nstart: 2030-01-01\ndays: 5\nreplications: 2\nnetwork: "+filepath.Join(abs, "network.yaml")+
		"\ndemand: "+filepath.Join(abs, "demand.yaml")+"\ndescription: \"<script>alert(1)</script> & <b>bold</b>\"\n")
	if code, _, stderr := canalsim(t, "run", file, "--out", dir, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	err := filepath.WalkDir(filepath.Join(dir, "h"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && (strings.Contains(string(data), "<script>") || strings.Contains(string(data), "<b>bold")) {
			t.Errorf("%s holds the description's HTML as markup", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
