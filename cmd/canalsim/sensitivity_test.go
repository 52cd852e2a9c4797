package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/results"
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
		{[]string{"ppc-closure", "-n", "0", "--force"}, "--samples must be from 1"},
		{[]string{"ppc-closure", "--metrics=", "--force"}, "--metrics: expected one or more metrics"},
		{[]string{"ppc-closure", "--method", "morris", "--resamples", "10", "--force"}, "--method morris has none"},
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
	var man results.Manifest
	data, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err := json.Unmarshal(data, &man); err != nil || len(man.Assumptions) != 2 || !man.Assumptions[0].Sourced || man.Assumptions[1].Sourced {
		t.Errorf("manifest's assumptions %+v (%v)", man.Assumptions, err)
	}
	var sum results.Summary
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

// sensitivityArgs are those of a small Sobol' analysis of ppc-closure
// (4 base rows of 10 points) of two metrics.
var sensitivityArgs = []string{"sensitivity", "ppc-closure", "-n", "4", "--resamples", "20", "--metrics", "lost_teu,rail_teu_per_day"}

// sensitivityRun runs canalsim with sensitivityArgs and more, and fails
// the test unless it exits with want.
func sensitivityRun(t *testing.T, want int, more ...string) (stdout, stderr string) {
	t.Helper()
	code, stdout, stderr := canalsim(t, append(slices.Clone(sensitivityArgs), more...)...)
	if code != want {
		t.Fatalf("%v: exit %d, want %d: %s", more, code, want, stderr)
	}
	return stdout, stderr
}

// sameSensitivity fails unless the analyses in folders a and b have the
// same sensitivity.json and sensitivity.csv bytes.
func sameSensitivity(t *testing.T, a, b string) {
	t.Helper()
	for _, f := range []string{"sensitivity.json", "sensitivity.csv"} {
		x, errX := os.ReadFile(filepath.Join(a, f))
		y, errY := os.ReadFile(filepath.Join(b, f))
		if errX != nil || errY != nil || len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s (%v, %v)", f, a, b, errX, errY)
		}
	}
}

// TestSensitivityShardsMerge: two shards of an analysis, one from the
// --shard flag and one from a Kubernetes index, merged, give the bytes of
// the unsharded analysis; the merge refuses a missing shard, a shard of
// another seed or method, and a damaged one, and then writes nothing.
func TestSensitivityShardsMerge(t *testing.T) {
	dir := t.TempDir()
	whole, parts, other := filepath.Join(dir, "whole"), filepath.Join(dir, "parts"), filepath.Join(dir, "other")
	sensitivityRun(t, 0, "--out", whole, "--workers", "2", "-q")
	stdout, _ := sensitivityRun(t, 0, "--out", parts, "--workers", "1", "--shard", "1/2")
	if !strings.Contains(stdout, "shard 1 of 2 (2 rows, 20 paired runs)") {
		t.Errorf("stdout %q", stdout)
	}
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	sensitivityRun(t, 0, "--out", parts, "--workers", "2", "--shards", "2", "-q")
	t.Setenv("JOB_COMPLETION_INDEX", "")
	shards, _ := filepath.Glob(filepath.Join(parts, "ppc-closure-sensitivity.shard-*"))
	if len(shards) != 2 {
		t.Fatalf("shard folders %v", shards)
	}

	sensitivityRun(t, 0, "--out", filepath.Join(other, "seed"), "--seed", "2", "--shard", "1/2", "-q")
	if code, _, stderr := canalsim(t, "sensitivity", "ppc-closure", "-n", "2", "--method", "morris", "--metrics", "lost_teu,rail_teu_per_day", "--out", filepath.Join(other, "morris"), "--shard", "1/2", "-q"); code != 0 {
		t.Fatalf("morris shard: exit %d: %s", code, stderr)
	}
	damaged := filepath.Join(other, "damaged")
	if err := os.CopyFS(damaged, os.DirFS(shards[0])); err != nil {
		t.Fatal(err)
	}
	points, _ := os.ReadFile(filepath.Join(damaged, "points.csv"))
	writeText(t, filepath.Join(damaged, "points.csv"), strings.Replace(string(points), "0,0,", "0,0,1", 1))
	for _, c := range []struct {
		dirs []string
		want string
	}{
		{shards[:1], "shards 2 of 2 are missing"},
		{[]string{shards[1], filepath.Join(other, "seed", "ppc-closure-sensitivity.shard-1-of-2")}, "different seeds (1 and 2)"},
		{[]string{shards[1], filepath.Join(other, "morris", "ppc-closure-sensitivity.shard-1-of-2")}, "different methods (sobol and morris)"},
		{[]string{damaged, shards[1]}, "points.csv is damaged"},
	} {
		code, _, stderr := canalsim(t, append([]string{"merge"}, c.dirs...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("merge %v: exit %d, stderr %q; want 2 and %q", c.dirs, code, stderr, c.want)
		}
		if _, err := os.Stat(filepath.Join(parts, "ppc-closure-sensitivity")); err == nil {
			t.Fatalf("a failed merge wrote results")
		}
	}
	if code, stdout, stderr := canalsim(t, append([]string{"merge"}, shards...)...); code != 0 || !strings.Contains(stdout, "merged 2 shards") {
		t.Fatalf("merge: exit %d: %s %s", code, stdout, stderr)
	}
	sameSensitivity(t, filepath.Join(whole, "ppc-closure-sensitivity"), filepath.Join(parts, "ppc-closure-sensitivity"))
}

// TestSensitivityResume: an analysis interrupted after 13 points keeps
// them and says how to resume; a start over them, or a resume of another
// analysis, is refused and leaves them; the resumed analysis gives the
// bytes of an uninterrupted one.
func TestSensitivityResume(t *testing.T) {
	dir := t.TempDir()
	whole, out := filepath.Join(dir, "whole"), filepath.Join(dir, "out")
	sensitivityRun(t, 0, "--out", whole, "--workers", "2", "-q")
	_, stderr := sensitivityRun(t, 1, "--out", out, "--workers", "1", "--stop-after", "13")
	if !strings.Contains(stderr, "interrupted with 13 of 40 design points done") || !strings.Contains(stderr, "--out "+out+" --workers 1 --resume") {
		t.Errorf("interrupted: stderr %q", stderr)
	}
	partial := filepath.Join(out, "ppc-closure-sensitivity.partial")
	if _, err := os.Stat(filepath.Join(partial, "points.csv")); err != nil {
		t.Fatal(err)
	}
	if _, stderr := sensitivityRun(t, 2, "--out", out); !strings.Contains(stderr, "holds an interrupted analysis") {
		t.Errorf("a start over an interrupted analysis: %q", stderr)
	}
	if _, stderr := sensitivityRun(t, 2, "--out", out, "--resume", "--resamples", "30"); !strings.Contains(stderr, "is not this analysis (different resamples (20 and 30))") {
		t.Errorf("a resume of another analysis: %q", stderr)
	}
	sensitivityRun(t, 0, "--out", out, "--workers", "2", "--resume", "-q")
	sameSensitivity(t, filepath.Join(whole, "ppc-closure-sensitivity"), filepath.Join(out, "ppc-closure-sensitivity"))
	if _, err := os.Stat(partial); err == nil {
		t.Error("the partial folder is still there after the resumed analysis finished")
	}
}

// TestSameAnalysis: records of a run and of an analysis, or of analyses
// with other options, are not of the same study.
func TestSameAnalysis(t *testing.T) {
	a := recordInfo{ScenarioSHA256: "x", Seed: 1, Replications: 4, Sensitivity: &sensitivityInfo{Method: sim.Sobol, N: 4, Resamples: 20, Metrics: []sim.MetricName{"lost_teu"}, Points: 40}}
	for _, c := range []struct {
		edit func(*recordInfo)
		want string
	}{
		{func(r *recordInfo) {}, ""},
		{func(r *recordInfo) { r.Sensitivity = nil }, "a run and a sensitivity analysis"},
		{func(r *recordInfo) { r.Sensitivity.N = 5 }, "different samples (4 and 5)"},
		{func(r *recordInfo) { r.Sensitivity.Metrics = []sim.MetricName{"teu_per_day"} }, "different metrics"},
		{func(r *recordInfo) { r.Seed = 2 }, "different seeds (1 and 2)"},
	} {
		b := a
		s := *a.Sensitivity
		b.Sensitivity = &s
		c.edit(&b)
		if got := a.sameRun(b); !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
