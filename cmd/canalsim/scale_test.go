package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// smallScenario writes a short scenario with a random risk event (so
// replications differ in whether it happens) and returns its path.
func smallScenario(t *testing.T, dir, name string, seed int) string {
	t.Helper()
	p := filepath.Join(dir, name+".yaml")
	writeText(t, p, strings.ReplaceAll(`name: NAME
start: 2025-10-01
days: 40
warmup_days: 7
seed: SEED
replications: 7
disruptions:
  - name: CK Hutchison terminals closed
    target: {owner: ck-hutchison}
    effect: closure
    from: 2025-10-05
    delay: {dist: uniform, min: 0, max: 10}
    duration: {dist: triangular, min: 2, mode: 5, max: 12}
    probability: 0.6
`, "NAME", name))
	data, _ := os.ReadFile(p)
	writeText(t, p, strings.ReplaceAll(string(data), "SEED", strconv.Itoa(seed)))
	return p
}

// sameBytes fails unless folders a and b hold the same bytes in the
// files that do not record wall-clock times or command lines.
func sameBytes(t *testing.T, a, b string) {
	t.Helper()
	for _, f := range []string{"summary.json", "daily.csv", "replications.csv", "waits.csv"} {
		x, errX := os.ReadFile(filepath.Join(a, f))
		y, errY := os.ReadFile(filepath.Join(b, f))
		if errX != nil || errY != nil || len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s (%v, %v)", f, a, b, errX, errY)
		}
	}
}

// TestShardsMerge: three shards, run on their own and merged, give the
// bytes of the unsharded run; the merge refuses missing, repeated or
// foreign shards and then writes nothing.
func TestShardsMerge(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	whole, parts := filepath.Join(dir, "whole"), filepath.Join(dir, "parts")
	if code, _, stderr := canalsim(t, "run", sc, "--out", whole, "--quiet", "--threshold", "lost_teu=1000"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for k := 1; k <= 3; k++ {
		code, stdout, stderr := canalsim(t, "run", sc, "--out", parts, "--shard", string(rune('0'+k))+"/3", "--threshold", "lost_teu=1000")
		if code != 0 {
			t.Fatalf("shard %d: exit %d: %s", k, code, stderr)
		}
		if !strings.Contains(stdout, "shard "+string(rune('0'+k))+" of 3") {
			t.Errorf("shard %d: stdout %q", k, stdout)
		}
	}
	shards, _ := filepath.Glob(filepath.Join(parts, "risk.shard-*"))
	if len(shards) != 3 {
		t.Fatalf("shard folders %v", shards)
	}
	// A rerun of a shard (a scheduler's) replaces it; a shard of another
	// run is not replaced without --force.
	if code, _, stderr := canalsim(t, "run", sc, "--out", parts, "--shard", "1/3", "--threshold", "lost_teu=1000", "-q"); code != 0 {
		t.Errorf("a shard's rerun: exit %d: %s", code, stderr)
	}
	if code, _, stderr := canalsim(t, "run", sc, "--out", parts, "--shard", "1/3", "--seed", "9", "-q"); code != 2 || !strings.Contains(stderr, "holds a shard of another run (different seeds (1 and 9))") {
		t.Errorf("another run's shard: exit %d: %s", code, stderr)
	}
	// Bad merges first: nothing may be written.
	otherOut, textOut := filepath.Join(dir, "other"), filepath.Join(dir, "text")
	if code, _, stderr := canalsim(t, "run", sc, "--seed", "2", "--out", otherOut, "--shard", "1/3", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	other := smallScenario(t, t.TempDir(), "risk", 1) // the same name, another file
	appendText(t, other, "# another file\n")
	if code, _, stderr := canalsim(t, "run", other, "--out", textOut, "--shard", "1/3", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		dirs []string
		want string
	}{
		{shards[:2], "shards 3 of 3 are missing"},
		{[]string{shards[0], shards[0], shards[1], shards[2]}, "are both shard 1 of 3"},
		{[]string{shards[1], shards[2], filepath.Join(otherOut, "risk.shard-1-of-3")}, "different seeds (1 and 2)"},
		{[]string{shards[1], shards[2], filepath.Join(textOut, "risk.shard-1-of-3")}, "different scenario files"},
		{[]string{dir}, "is not a canalsim records folder"},
		{[]string{shards[0], shards[1], filepath.Join(dir, "nowhere")}, "nowhere: no such folder"},
		{[]string{shards[0], shards[1], filepath.Join(shards[2], "run.json")}, "run.json is not a folder"},
	} {
		code, _, stderr := canalsim(t, append([]string{"merge"}, c.dirs...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("merge %v: exit %d, stderr %q; want 2 and %q", c.dirs, code, stderr, c.want)
		}
		if _, err := os.Stat(filepath.Join(parts, "risk")); err == nil {
			t.Fatalf("a failed merge wrote results")
		}
	}
	if code, stdout, stderr := canalsim(t, append([]string{"merge"}, shards...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s %s", code, stdout, stderr)
	}
	sameBytes(t, filepath.Join(whole, "risk"), filepath.Join(parts, "risk"))
}

// TestShardFromEnvironment: a SLURM array task and a Kubernetes indexed
// pod find their shard in the environment.
func TestShardFromEnvironment(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env    map[string]string
		shards int
		want   shard
		err    string
	}{
		{map[string]string{}, 0, shard{}, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, 0, shard{3, 4}, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "3"}, 0, shard{3, 4}, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "4"}, 0, shard{}, "outside the array"},
		{map[string]string{"JOB_COMPLETION_INDEX": "0"}, 8, shard{1, 8}, ""},
		{map[string]string{"JOB_COMPLETION_INDEX": "8"}, 8, shard{}, "outside 0..7"},
		{map[string]string{"JOB_COMPLETION_INDEX": "x"}, 8, shard{}, "expected a whole number"},
		{map[string]string{}, 8, shard{}, "needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID"},
	} {
		got, _, err := shardFromEnv(env(c.env), c.shards)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("%v --shards %d: got %v, %v; want %v, %q", c.env, c.shards, got, err, c.want, c.err)
		}
	}
	for _, bad := range []string{"3/2", "0/2", "1/0", "a/b", "1/2/3", "2"} {
		if code, _, stderr := canalsim(t, "run", "--shard", bad, "--out", t.TempDir()); code != 2 || !strings.Contains(stderr, "expected K/N") {
			t.Errorf("--shard %s: exit %d, %q", bad, code, stderr)
		}
	}
}

// TestResume: a run interrupted after 3 replications keeps them and says
// how to resume; the resumed run gives the bytes of an uninterrupted one;
// a run of another scenario under the same name cannot resume it, and
// leaves it intact.
func TestResume(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	whole, out := filepath.Join(dir, "whole"), filepath.Join(dir, "out")
	if code, _, stderr := canalsim(t, "run", sc, "--out", whole, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr := canalsim(t, "run", sc, "--out", out, "--workers", "1", "--stop-after", "3")
	if code != 1 || !strings.Contains(stderr, "interrupted with 3 of 7 replications done") || !strings.Contains(stderr, "--resume") {
		t.Fatalf("interrupted run: exit %d, stderr %q", code, stderr)
	}
	partial := filepath.Join(out, "risk.partial")
	if _, err := os.Stat(filepath.Join(partial, "runs.gob")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "risk")); err == nil {
		t.Fatal("an interrupted run wrote results")
	}
	// Starting again without --resume would lose the work: refused.
	if code, _, stderr := canalsim(t, "run", sc, "--out", out); code != 2 || !strings.Contains(stderr, "holds an interrupted run") {
		t.Errorf("rerun without --resume: exit %d, %q", code, stderr)
	}
	// Another scenario file under the same name: refused, partial kept.
	other := smallScenario(t, t.TempDir(), "risk", 3)
	if code, _, stderr := canalsim(t, "run", other, "--out", out, "--resume"); code != 2 || !strings.Contains(stderr, "is not this run") {
		t.Errorf("resume of another scenario: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(partial, "runs.gob")); err != nil {
		t.Fatalf("the partial run was not left intact: %v", err)
	}
	if code, _, stderr := canalsim(t, "run", sc, "--out", out, "--resume", "--quiet"); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	sameBytes(t, filepath.Join(whole, "risk"), filepath.Join(out, "risk"))
	if _, err := os.Stat(partial); err == nil {
		t.Error("the partial folder is still there after the resumed run finished")
	}
	// With nothing to resume, --resume starts the run (so a scheduler
	// can always pass it).
	fresh := filepath.Join(dir, "fresh")
	if code, _, stderr := canalsim(t, "run", sc, "--out", fresh, "--resume"); code != 0 || !strings.Contains(stderr, "nothing to resume") {
		t.Errorf("resume with nothing to resume: exit %d, %q", code, stderr)
	}
	sameBytes(t, filepath.Join(whole, "risk"), filepath.Join(fresh, "risk"))
}

// TestStreamedRecords: a run keeps no days in memory, so its records
// folders hold them as files: a shard's and an interrupted run's folder
// hold daily.csv (and daily.parquet) beside runs.gob, and merge and
// --resume read them back in replication order. With --parquet, shards
// run on 1, 2 and 7 workers and merged, and a run interrupted twice and
// resumed on other worker counts, give the bytes of one run, daily.parquet
// (at full precision) included; shards with and without --parquet do not
// merge.
func TestStreamedRecords(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 5)
	whole := filepath.Join(dir, "whole")
	if code, _, stderr := canalsim(t, "run", sc, "-n", "20", "--out", whole, "--quiet", "--parquet", "--figures=false", "--workers", "2"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	same := func(got string) {
		t.Helper()
		sameBytes(t, filepath.Join(whole, "risk"), got)
		want, _ := os.ReadFile(filepath.Join(whole, "risk", "daily.parquet"))
		data, err := os.ReadFile(filepath.Join(got, "daily.parquet"))
		if err != nil || len(want) == 0 || !bytes.Equal(data, want) {
			t.Errorf("daily.parquet of %s differs from the whole run's (%v)", got, err)
		}
	}

	parts := filepath.Join(dir, "parts")
	for k, workers := range []string{"1", "2", "7"} {
		if code, _, stderr := canalsim(t, "run", sc, "-n", "20", "--out", parts, "--shard", strconv.Itoa(k+1)+"/3", "--parquet", "--workers", workers, "-q"); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", k+1, code, stderr)
		}
	}
	shard := filepath.Join(parts, "risk.shard-2-of-3")
	for _, f := range []string{"run.json", "runs.gob", "daily.csv", "daily.parquet"} {
		if _, err := os.Stat(filepath.Join(shard, f)); err != nil {
			t.Errorf("the shard folder has no %s: %v", f, err)
		}
	}
	shards, _ := filepath.Glob(filepath.Join(parts, "risk.shard-*"))
	merged := filepath.Join(dir, "merged")
	if code, _, stderr := canalsim(t, append([]string{"merge", "--out", merged, "-q"}, shards...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	same(filepath.Join(merged, "risk"))

	// A shard run without --parquet has only daily.csv's precision.
	plain := filepath.Join(dir, "plain")
	if code, _, stderr := canalsim(t, "run", sc, "-n", "20", "--out", plain, "--shard", "2/3", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr := canalsim(t, "merge", "--out", filepath.Join(dir, "mixed"), shards[0], filepath.Join(plain, "risk.shard-2-of-3"), shards[2])
	if code != 2 || !strings.Contains(stderr, "one was run with --parquet, the other without") {
		t.Errorf("merge of shards with and without --parquet: exit %d, %q", code, stderr)
	}

	// Interrupted twice, then finished, on other worker counts.
	out := filepath.Join(dir, "out")
	partial := filepath.Join(out, "risk.partial")
	for i, workers := range []string{"7", "1"} {
		args := []string{"run", sc, "-n", "20", "--out", out, "--parquet", "--figures=false", "--workers", workers, "--stop-after", "2"}
		if i > 0 {
			args = append(args, "--resume")
		}
		if code, _, stderr := canalsim(t, args...); code != 1 || !strings.Contains(stderr, "interrupted with") {
			t.Fatalf("interruption %d: exit %d, %q", i+1, code, stderr)
		}
		// The partial folder's days are the first rows of the whole run's.
		kept, _ := os.ReadFile(filepath.Join(partial, "daily.csv"))
		all, _ := os.ReadFile(filepath.Join(whole, "risk", "daily.csv"))
		if len(kept) == 0 || !bytes.HasPrefix(all, kept) {
			t.Errorf("interruption %d: the partial folder's daily.csv (%d bytes) is not the start of the whole run's", i+1, len(kept))
		}
	}
	if code, _, stderr := canalsim(t, "run", sc, "-n", "20", "--out", out, "--parquet", "--figures=false", "--workers", "2", "--resume", "-q"); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	same(filepath.Join(out, "risk"))
}

// TestUnwritableOutput: results that cannot be written give exit 2, run
// nothing, and leave earlier results as they were.
func TestUnwritableOutput(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write anywhere")
	}
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	out := filepath.Join(dir, "out")
	if code, _, stderr := canalsim(t, "run", sc, "--out", out, "--quiet", "-n", "2"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "risk", "summary.json"))
	if err := os.Chmod(out, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(out, 0o755)
	code, stdout, stderr := canalsim(t, "run", sc, "--out", out, "-n", "3")
	if code != 2 || !strings.Contains(stderr, "cannot write results to") || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and a message", code, stdout, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "risk", "summary.json"))
	if !bytes.Equal(before, after) {
		t.Error("earlier results changed")
	}
}

func appendText(t *testing.T, path, text string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeText(t, path, string(data)+text)
}

// TestRunFlags: --warmup and --threshold reach the results, and bad values
// are usage errors that write nothing.
func TestRunFlags(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	out := filepath.Join(dir, "out")
	code, _, stderr := canalsim(t, "run", sc, "--out", out, "-n", "3", "--warmup", "0", "--threshold", "lost_teu=0", "--threshold", "days_to_recover=3", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var man struct {
		WarmupDays int `json:"warmup_days"`
	}
	readJSON(t, filepath.Join(out, "risk", "manifest.json"), &man)
	var sum struct {
		Risk map[string]struct {
			Exceed []struct {
				Threshold   float64  `json:"threshold"`
				Probability *float64 `json:"probability"`
			} `json:"exceed"`
		} `json:"risk"`
	}
	readJSON(t, filepath.Join(out, "risk", "summary.json"), &sum)
	if man.WarmupDays != 0 || len(sum.Risk["lost_teu"].Exceed) != 1 || len(sum.Risk["days_to_recover"].Exceed) != 1 || sum.Risk["lost_teu"].Exceed[0].Probability == nil {
		t.Errorf("warm-up %d, exceedances %+v", man.WarmupDays, sum.Risk)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--warmup", "400"}, "--warmup must be from 0 to 366 days, got 400"},
		{[]string{"--threshold", "lost_tue=5"}, `unknown risk metric "lost_tue"; did you mean "lost_teu"?`},
		{[]string{"--threshold", "lost_teu"}, "expected METRIC=VALUE"},
		{[]string{"--threshold", "lost_teu=many"}, `"many" is not a number`},
		{[]string{"--shard", "1/2", "--shards", "2"}, "not both"},
	} {
		bad := filepath.Join(dir, "bad")
		code, _, stderr := canalsim(t, append([]string{"run", sc, "--out", bad}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, stderr, c.want)
		}
		if _, err := os.Stat(filepath.Join(bad, "risk")); err == nil {
			t.Errorf("%v wrote results", c.args)
		}
	}
}

// TestSameRun: records of different program versions, shard counts or
// calendars are not of the same run.
func TestSameRun(t *testing.T) {
	a := recordInfo{ScenarioSHA256: "x", Seed: 1, Replications: 10, Days: 30, WarmupDays: 7, Version: "v1", Shards: 3}
	for _, c := range []struct {
		edit func(*recordInfo)
		want string
	}{
		{func(r *recordInfo) {}, ""},
		{func(r *recordInfo) { r.Version = "v2" }, "different program versions (v1 and v2)"},
		{func(r *recordInfo) { r.Shards = 4 }, "different shard counts (3 and 4)"},
		{func(r *recordInfo) { r.WarmupDays = 14 }, "different calendars"},
		{func(r *recordInfo) { r.Replications = 11 }, "different replications (10 and 11)"},
	} {
		b := a
		c.edit(&b)
		if got := a.sameRun(b); !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

// TestRecordsChecked: --shard 1/1 runs the whole run, even inside a job
// array; a damaged run.json is reported at its line and column; a resume
// with other arrivals than the interrupted run's is refused.
func TestRecordsChecked(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "4")
	whole := filepath.Join(dir, "whole")
	if code, _, stderr := canalsim(t, "run", sc, "--out", whole, "--shard", "1/1", "-n", "2", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(whole, "risk", "summary.json")); err != nil {
		t.Errorf("--shard 1/1 did not write the whole run's results: %v", err)
	}
	parts := filepath.Join(dir, "parts")
	if code, _, stderr := canalsim(t, "run", sc, "--out", parts, "-n", "2", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	shard := filepath.Join(parts, "risk.shard-2-of-4")
	info, _ := os.ReadFile(filepath.Join(shard, "run.json"))
	writeText(t, filepath.Join(shard, "run.json"), strings.Replace(string(info), `"seed": 1,`, `"seed": one,`, 1))
	code, _, stderr := canalsim(t, "merge", shard)
	if code != 2 || !strings.Contains(stderr, "run.json:") || strings.Contains(stderr, "run.json:1:1:") {
		t.Errorf("damaged run.json: exit %d, %q; want 2 and its line and column", code, stderr)
	}

	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "")
	out := filepath.Join(dir, "out")
	one := "../../examples/one-lock/"
	if code, _, stderr := canalsim(t, "run", one+"scenario.yaml", "--out", out, "--workers", "1", "-n", "4", "--stop-after", "2", "--arrivals", one+"trace.csv"); code != 1 {
		t.Fatalf("interrupted run: exit %d: %s", code, stderr)
	}
	code, _, stderr = canalsim(t, "run", one+"scenario.yaml", "--out", out, "-n", "4", "--resume")
	if code != 2 || !strings.Contains(stderr, "different network, demand or arrivals") {
		t.Errorf("resume without the arrivals: exit %d, %q", code, stderr)
	}
}

// TestMergeManyShards: a run in 50 shards of two replications each merges
// into the bytes of one run; merge reads the shards' replications in
// turn, one at a time (docs/outputs.md: a merge holds one replication
// per shard).
func TestMergeManyShards(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 2)
	whole, parts := filepath.Join(dir, "whole"), filepath.Join(dir, "parts")
	if code, _, stderr := canalsim(t, "run", sc, "-n", "100", "--out", whole, "-q", "--figures=false"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	const n = 50
	for k := 1; k <= n; k++ {
		if code, _, stderr := canalsim(t, "run", sc, "-n", "100", "--out", parts, "--shard", fmt.Sprintf("%d/%d", k, n), "-q", "--figures=false", "--workers", "1"); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", k, code, stderr)
		}
	}
	shards, _ := filepath.Glob(filepath.Join(parts, "risk.shard-*"))
	if len(shards) != n {
		t.Fatalf("%d shard folders", len(shards))
	}
	merged := filepath.Join(dir, "merged")
	if code, _, stderr := canalsim(t, append([]string{"merge", "--out", merged, "-q"}, shards...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	sameBytes(t, filepath.Join(whole, "risk"), filepath.Join(merged, "risk"))
}
