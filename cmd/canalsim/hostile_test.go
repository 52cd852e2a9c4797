package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/input"
)

// hostileCase is one hostile input or mistake: the command line ({dir} is
// a folder holding testdata/hostile and the generated files, {out} the
// results folder), and a piece of the message. Every case must exit with
// status 2 in under 10 s and 1 GB, naming where to fix (a file:line:col,
// a flag or the file), and write nothing to {out}.
type hostileCase struct {
	name  string
	args  []string
	want  string
	where string // what the message must name: "pos" (file:line:col), "flag" or "file"
}

var hostileCases = []hostileCase{
	// 1. A threshold's value is read whole.
	{"threshold with a comma", []string{"run", "{dir}/threshold.yaml", "--threshold", "lost_teu=100,000"}, `--threshold: threshold "lost_teu=100,000": "100,000" is not a number`, "flag"},
	{"threshold with k", []string{"run", "{dir}/threshold.yaml", "--threshold", "lost_teu=100k"}, `"100k" is not a number`, "flag"},
	{"threshold with a space", []string{"run", "{dir}/threshold.yaml", "--threshold", "lost_teu=100 000"}, `"100 000" is not a number`, "flag"},
	// 2. A mistyped flag gets a suggestion.
	{"mistyped flag", []string{"run", "{dir}/threshold.yaml", "--replicatons", "3"}, "unknown flag --replicatons; did you mean --replications?", "flag"},
	{"long flag with one dash", []string{"validate", "-network", "x"}, "unknown flag -network; did you mean --network?", "flag"},
	{"a flag of 4 MB", []string{"run", "--" + strings.Repeat("r", 4<<20)}, "unknown flag --rrrr", "flag"},
	// 3. Devices, named pipes and huge files are refused before they are read.
	{"network from /dev/urandom", []string{"run", "{dir}/threshold.yaml", "--network", "/dev/urandom"}, "--network: /dev/urandom is not a regular file", "flag"},
	{"demand from /dev/zero", []string{"run", "{dir}/threshold.yaml", "--demand", "/dev/zero"}, "--demand: /dev/zero is not a regular file", "flag"},
	{"network from a pipe", []string{"run", "{dir}/threshold.yaml", "--network", "{dir}/fifo"}, "--network: {dir}/fifo is not a regular file", "flag"},
	{"demand from a pipe", []string{"run", "{dir}/threshold.yaml", "--demand", "{dir}/fifo"}, "--demand: {dir}/fifo is not a regular file", "flag"},
	{"arrivals from a pipe", []string{"run", "{dir}/threshold.yaml", "--arrivals", "{dir}/fifo"}, "--arrivals: {dir}/fifo is not a regular file", "flag"},
	{"network of 17 MiB", []string{"run", "{dir}/threshold.yaml", "--network", "{dir}/huge.yaml"}, "--network: {dir}/huge.yaml is larger than 16 MiB", "flag"},
	{"scenario from a pipe", []string{"run", "{dir}/fifo"}, "{dir}/fifo is not a regular file", "file"},
	{"scenario of 17 MiB", []string{"validate", "{dir}/huge.yaml"}, "{dir}/huge.yaml is larger than 16 MiB", "file"},
	{"include of a pipe", []string{"run", "{dir}/include-fifo.yaml"}, `include-fifo.yaml:6:11: include "fifo": {dir}/fifo is not a regular file`, "pos"},
	{"network and demand keys naming a pipe", []string{"validate", "{dir}/network-fifo.yaml"}, `network-fifo.yaml:5:10: network "fifo": {dir}/fifo is not a regular file`, "pos"},
	{"arrivals key naming a pipe", []string{"run", "{dir}/arrivals-fifo.yaml"}, `arrivals-fifo.yaml:5:11: arrivals "fifo": {dir}/fifo is not a regular file`, "pos"},
	{"network key naming /dev/urandom", []string{"run", "{dir}/network-urandom.yaml"}, `network-urandom.yaml:5:10: network "/dev/urandom": /dev/urandom is not a regular file`, "pos"},
	// 4. A million bad rows: 50 problems, then how many more.
	{"a million bad rows", []string{"run", "{dir}/threshold.yaml", "--arrivals", "{dir}/bad-rows.csv"}, "bad-rows.csv:52:1: 999950 more problems from here on, not shown", "pos"},
	// 5. A key of 4 MB: a bounded message, quickly.
	{"unknown key of 4 MB", []string{"validate", "{dir}/long-key.yaml"}, `long-key.yaml:5:1: unknown key "kkkkkkkk`, "pos"},
	// 6. Nesting and key counts that make the YAML parser superlinear.
	{"40,000 levels of [", []string{"run", "{dir}/deep-flow.yaml"}, "deep-flow.yaml:5:106: collections nest more than 100 deep", "pos"},
	{"1,000 levels of indentation", []string{"validate", "{dir}/deep-block.yaml"}, "deep-block.yaml:105:201: collections nest more than 100 deep", "pos"},
	{"100,000 keys", []string{"run", "{dir}/many-keys.yaml"}, "many-keys.yaml:1001:1: more than 1000 keys in one mapping", "pos"},
	// 7. A byte-order mark is skipped: positions are those of the text.
	{"byte-order mark", []string{"run", "{dir}/bom-typo.yaml"}, `bom-typo.yaml:5:1: unknown key "sede"; did you mean "seed"?`, "pos"},
	// 9. Includes: a fan-out (a file included 1,000 times) and a tree
	// (each of 16 levels including the next twice: 65,535 files) read
	// 64 files at most, a chain 16 deep; a sweep of 50,000 values is
	// refused at its count (a sweep has one parameter: its points are
	// its values).
	{"an include fan-out", []string{"validate", "{dir}/fan-out.yaml"}, `include "leaf.yaml": more than 64 files included in all`, "pos"},
	{"a tree of includes", []string{"run", "{dir}/tree-0.yaml"}, `more than 64 files included in all`, "pos"},
	{"a chain of 20 includes", []string{"validate", "{dir}/chain-0.yaml"}, `chain-15.yaml:5:11: include "chain-16.yaml": includes nest more than 16 deep`, "pos"},
	{"a sweep of 50,000 values", []string{"run", "{dir}/sweep.yaml"}, "sweep.yaml:8:11: sweep.values: give 1 to 200 values, got 50000", "pos"},
	// 10. Networks whose times would pass the clock's range, counts past
	// their bounds, a cut that could spin; dates past year 2199; numbers
	// YAML readers disagree on; text that is not UTF-8; a demand that
	// draws nothing; more disruptions than a study needs.
	{"a reach at 1e-9 knots", []string{"validate", "{dir}/scenario.yaml", "--network", "{dir}/slow-reach.yaml", "--demand", "{dir}/demand.yaml"}, `slow-reach.yaml:`, "pos"},
	{"a lock of a billion lanes", []string{"run", "{dir}/scenario.yaml", "--network", "{dir}/lanes.yaml", "--demand", "{dir}/demand.yaml"}, `1000000000 lanes; at most 64`, "pos"},
	{"a lockage of 1e12 minutes", []string{"run", "{dir}/scenario.yaml", "--network", "{dir}/minutes.yaml", "--demand", "{dir}/demand.yaml"}, `enter_minutes is 1e+12; at most 1440`, "pos"},
	{"a terminal of a billion berths", []string{"validate", "ppc-closure", "--network", "{dir}/berths.yaml"}, `1000000000 berths; at most 1000`, "pos"},
	{"a Culebra Cut of a tiny period", []string{"validate", "ppc-closure", "--network", "{dir}/cut.yaml"}, `period_hours must be from 0.5 to 24, got 1e-09`, "pos"},
	{"a start in year 9999", []string{"run", "{dir}/year-9999.yaml"}, `year-9999.yaml:3:8: start: date 9999-01-01 out of range`, "pos"},
	{"days in hexadecimal", []string{"run", "{dir}/hex-days.yaml"}, `hex-days.yaml:4:7: days: write numbers in decimal`, "pos"},
	{"a file in Latin-1", []string{"run", "{dir}/latin1.yaml"}, `latin1.yaml:5:17: byte 0xe9 is not UTF-8 text`, "pos"},
	{"a demand that draws no vessel", []string{"run", "{dir}/no-draws.yaml"}, `no-draws.yaml:3:9: demand "one-lock-demand" draws no vessel`, "pos"},
	{"1,001 disruptions", []string{"validate", "{dir}/many-disruptions.yaml"}, `1001 disruptions, included ones counted; at most 1000`, "pos"},
	{"a description of 15 MB", []string{"run", "{dir}/long-description.yaml"}, `long-description.yaml:5:14: description: 15000000 characters; at most 10000`, "pos"},
	// 8. Results of an earlier run are not replaced without --force.
	{"existing results", []string{"run", "{dir}/threshold.yaml", "-n", "1"}, "{out}/threshold exists (the results of an earlier run?): use --force to replace it, or another --out", "file"},
}

// hostileFiles writes the generated files of the hostile cases in dir,
// with the committed ones (testdata/hostile) and a named pipe, "fifo".
func hostileFiles(t *testing.T, dir string) {
	t.Helper()
	committed, err := filepath.Glob(filepath.Join("testdata", "hostile", "*"))
	if err != nil || len(committed) == 0 {
		t.Fatalf("testdata/hostile: %v", err)
	}
	for _, f := range committed {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	head := "# generated by hostile_test.go\nname: hostile\nstart: 2025-10-01\ndays: 30\n"
	var rows strings.Builder
	rows.WriteString("time,origin,destination,length_m,beam_m,draught_m\n")
	for range 1_000_000 {
		rows.WriteString("x,a,b,1,1,1\n")
	}
	var block strings.Builder
	block.WriteString(head + "disruptions:\n")
	for i := range 1000 {
		block.WriteString(strings.Repeat(" ", 2*i+2) + "k:\n")
	}
	var keys strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&keys, "k%d: 1\n", i)
	}
	files := map[string]string{
		"leaf.yaml":    head,
		"fan-out.yaml": head + "include: [" + strings.Repeat("leaf.yaml, ", 999) + "leaf.yaml]\n",
		"tree-15.yaml": head,
		"sweep.yaml":   strings.Replace(head, "days: 30", "days: 120", 1) + "include: [ppc-closure]\nsweep:\n  parameter: disruptions[0].days\n  values: [" + strings.Repeat("1, ", 49_999) + "1]\n",
	}
	for k := range 15 {
		files[fmt.Sprintf("tree-%d.yaml", k)] = head + fmt.Sprintf("include: [tree-%d.yaml, tree-%d.yaml]\n", k+1, k+1)
	}
	for k := range 20 {
		files[fmt.Sprintf("chain-%d.yaml", k)] = head + fmt.Sprintf("include: [chain-%d.yaml]\n", k+1)
	}
	files["chain-20.yaml"] = head
	for name, text := range map[string]string{
		"bad-rows.csv":    rows.String(),
		"long-key.yaml":   head + strings.Repeat("k", 4<<20) + ": 1\n",
		"deep-flow.yaml":  head + "seed: " + strings.Repeat("[", 40_000) + "\n",
		"deep-block.yaml": block.String(),
		"many-keys.yaml":  keys.String(),
	} {
		files[name] = text
	}
	// The one-lock example's network and demand, and variants of them.
	read := func(path string) string {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	oneLock := read(example("one-lock", "network.yaml"))
	panama := read(filepath.Join("..", "..", "sim", "network", "panama.yaml"))
	swap := func(text, old, new string) string {
		if !strings.Contains(text, old) {
			t.Fatalf("hostile files: no %q to replace", old)
		}
		return strings.Replace(text, old, new, 1)
	}
	files["demand.yaml"] = read(example("one-lock", "demand.yaml"))
	files["scenario.yaml"] = head
	files["slow-reach.yaml"] = swap(oneLock, "speed_knots: 10", "speed_knots: 1e-9")
	files["lanes.yaml"] = swap(oneLock, "lanes: 1,", "lanes: 1000000000,")
	files["minutes.yaml"] = swap(oneLock, "enter_minutes: 20", "enter_minutes: 1e12")
	files["berths.yaml"] = swap(panama, "berths: 5,", "berths: 1000000000,")
	files["cut.yaml"] = swap(panama, "period_hours: 6", "period_hours: 1e-9")
	files["year-9999.yaml"] = "name: y\ndays: 30\nstart: 9999-01-01\n"
	files["hex-days.yaml"] = "name: h\nstart: 2025-10-01\nreplications: 1\ndays: 0x10\n"
	files["latin1.yaml"] = head + "description: caf\xe9\n"
	files["zero-demand.yaml"] = strings.ReplaceAll(files["demand.yaml"], "per_day: 5", "per_day: 0")
	files["one-lock.yaml"] = oneLock
	files["no-draws.yaml"] = "name: z\nnetwork: one-lock.yaml\ndemand: zero-demand.yaml\nstart: 2030-01-01\ndays: 3\n"
	var many strings.Builder
	many.WriteString(head + "disruptions:\n")
	for range 1001 {
		many.WriteString("  - {effect: inflow_factor, factor: 0.9, from: 2025-10-02, days: 1}\n")
	}
	files["many-disruptions.yaml"] = many.String()
	files["long-description.yaml"] = head + "description: " + strings.Repeat("w", 15_000_000) + "\n"
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// 17 MiB, sparse: nothing of it needs reading to refuse it.
	f, err := os.Create(filepath.Join(dir, "huge.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(17 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

var (
	positionRE = regexp.MustCompile(`(?m)^\S+:\d+:\d+: `)
	flagRE     = regexp.MustCompile(`--[a-z]`)
)

// TestHostile runs the regression corpus of hostile inputs and mistakes
// (issue 16): each fails with exit status 2 and a message saying what to
// fix, quickly, in bounded memory, writing nothing.
func TestHostile(t *testing.T) {
	dir := t.TempDir()
	hostileFiles(t, dir)
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			var before []string
			if tc.name == "existing results" {
				if err := os.MkdirAll(filepath.Join(out, "threshold"), 0o755); err != nil {
					t.Fatal(err)
				}
				before = listTree(t, out)
			}
			expand := strings.NewReplacer("{dir}", dir, "{out}", out)
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = expand.Replace(a)
			}
			if args[0] == "run" {
				args = append(args, "--out", out, "--quiet")
			}
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			start := time.Now()
			code, stdout, stderr := canalsim(t, args...)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&m1)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if elapsed > 10*time.Second {
				t.Errorf("took %v, want under 10 s", elapsed)
			}
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 1<<30 {
				t.Errorf("allocated %d MB, want under 1 GB", alloc>>20)
			}
			if want := expand.Replace(tc.want); !strings.Contains(stderr, want) {
				t.Errorf("stderr %.600q\nlacks %q", stderr, want)
			}
			switch tc.where {
			case "pos":
				if !positionRE.MatchString(stderr) {
					t.Errorf("stderr %.300q has no file:line:col", stderr)
				}
			case "flag":
				if !flagRE.MatchString(stderr) {
					t.Errorf("stderr %.300q names no flag", stderr)
				}
			}
			if n := strings.Count(stderr, "\n"); n > input.MaxErrorsPerFile+5 || len(stderr) > 64<<10 {
				t.Errorf("stderr has %d lines, %d bytes: a bounded report is wanted", n, len(stderr))
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace in stderr: %.600s", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout: %.300q", stdout)
			}
			if got := listTree(t, out); strings.Join(got, "\n") != strings.Join(before, "\n") {
				t.Errorf("the output folder changed: %v, was %v", got, before)
			}
		})
	}
}

// listTree lists the paths under dir, nil when it does not exist.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var paths []string
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// TestRecordsTampered: records folders are checked before they are
// trusted. A shard whose runs.gob has a flipped byte or is another
// seed's, whose run.json has another seed, or whose scenario text was
// edited under its hash, is refused by merge, and the same folder as an
// interrupted run is refused by --resume: exit 2, a message naming the
// file, nothing written and the folder left as it is.
func TestRecordsTampered(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	parts, other := filepath.Join(dir, "parts"), filepath.Join(dir, "other")
	for k := 1; k <= 2; k++ {
		shard := fmt.Sprintf("%d/2", k)
		if code, _, stderr := canalsim(t, "run", sc, "--out", parts, "--shard", shard, "--quiet"); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", shard, code, stderr)
		}
		if code, _, stderr := canalsim(t, "run", sc, "--out", other, "--shard", shard, "--seed", "2", "--quiet"); code != 0 {
			t.Fatalf("shard %s, seed 2: exit %d: %s", shard, code, stderr)
		}
	}
	for _, seed := range []string{"1", "2"} {
		out := filepath.Join(dir, "partial-"+seed)
		code, _, stderr := canalsim(t, "run", sc, "--out", out, "--seed", seed, "--workers", "1", "--stop-after", "3", "--quiet")
		if code != 1 {
			t.Fatalf("interrupted run, seed %s: exit %d: %s", seed, code, stderr)
		}
	}
	edit := func(path, old, new string) func(t *testing.T) {
		return func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil || !strings.Contains(string(data), old) {
				t.Fatalf("%s lacks %q (%v)", path, old, err)
			}
			writeText(t, path, strings.Replace(string(data), old, new, 1))
		}
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, folder, seed2 string)
		want   string
	}{
		{"a byte of runs.gob flipped", func(t *testing.T, folder, _ string) {
			p := filepath.Join(folder, "runs.gob")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0x20
			writeText(t, p, string(data))
		}, "runs.gob is damaged or not this folder's"},
		{"another seed's runs.gob", func(t *testing.T, folder, seed2 string) {
			data, err := os.ReadFile(filepath.Join(seed2, "runs.gob"))
			if err != nil {
				t.Fatal(err)
			}
			writeText(t, filepath.Join(folder, "runs.gob"), string(data))
		}, "runs.gob is damaged or not this folder's"},
		{"the seed edited", func(t *testing.T, folder, _ string) {
			edit(filepath.Join(folder, "run.json"), `"seed": 1,`, `"seed": 2,`)(t)
		}, "run.json:"},
		{"the scenario text edited under its hash", func(t *testing.T, folder, _ string) {
			edit(filepath.Join(folder, "run.json"), `probability: 0.6`, `probability: 0.9`)(t)
		}, "scenario_text is not the text whose SHA-256 is scenario_sha256"},
	}
	for _, tc := range cases {
		t.Run("merge/"+tc.name, func(t *testing.T) {
			out := t.TempDir()
			var shards []string
			for k := 1; k <= 2; k++ {
				name := fmt.Sprintf("risk.shard-%d-of-2", k)
				shard := filepath.Join(out, name)
				if err := os.CopyFS(shard, os.DirFS(filepath.Join(parts, name))); err != nil {
					t.Fatal(err)
				}
				// The seed and the text are edited in every shard, so
				// that the shards still agree with one another.
				if k == 1 || strings.Contains(tc.name, "edited") {
					tc.tamper(t, shard, filepath.Join(other, name))
				}
				shards = append(shards, shard)
			}
			before := listTree(t, out)
			code, stdout, stderr := canalsim(t, append([]string{"merge"}, shards...)...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "refused") {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tc.want)
			}
			if stdout != "" {
				t.Errorf("stdout: %q", stdout)
			}
			if got := listTree(t, out); strings.Join(got, "\n") != strings.Join(before, "\n") {
				t.Errorf("the folder changed: %v, was %v", got, before)
			}
		})
		t.Run("resume/"+tc.name, func(t *testing.T) {
			out := t.TempDir()
			partial := filepath.Join(out, "risk.partial")
			if err := os.CopyFS(partial, os.DirFS(filepath.Join(dir, "partial-1", "risk.partial"))); err != nil {
				t.Fatal(err)
			}
			tc.tamper(t, partial, filepath.Join(dir, "partial-2", "risk.partial"))
			before := listTree(t, out)
			code, _, stderr := canalsim(t, "run", sc, "--out", out, "--resume", "--quiet")
			if code != exitUsage || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "refused") {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tc.want)
			}
			if got := listTree(t, out); strings.Join(got, "\n") != strings.Join(before, "\n") {
				t.Errorf("the folder changed: %v, was %v", got, before)
			}
		})
	}
}

// setFillHook sets the test seam fillHook for the test's duration.
func setFillHook(t *testing.T, hook func(name string) error) {
	t.Helper()
	fillHook = hook
	t.Cleanup(func() { fillHook = nil })
}

// noTemporary fails if out holds a temporary folder (.NAME.tmp-*).
func noTemporary(t *testing.T, out string) {
	t.Helper()
	if tmp, _ := filepath.Glob(filepath.Join(out, ".*")); len(tmp) > 0 {
		t.Errorf("temporary folders left: %v", tmp)
	}
}

// TestWriteFailureKeeps: when the results cannot be written (the disk
// fills up while the figures are drawn: a failure simulated through the
// seam fillHook, as a full disk cannot be made in a test), the finished
// replications are kept in OUT/NAME.partial/, the message says so and how
// to resume, and the resumed run writes the results without running them
// again, the bytes of an uninterrupted run.
func TestWriteFailureKeeps(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	whole, out := filepath.Join(dir, "whole"), filepath.Join(dir, "out")
	if code, _, stderr := canalsim(t, "run", sc, "--out", whole, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	setFillHook(t, func(name string) error {
		if strings.HasPrefix(name, "plots/") {
			return &os.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
		}
		return nil
	})
	code, _, stderr := canalsim(t, "run", sc, "--out", out, "--quiet")
	partial := filepath.Join(out, "risk.partial")
	for _, want := range []string{"cannot write results to " + out, "no space left on device", "The 7 of 7 replications done are kept in " + partial, "--resume"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if _, err := os.Stat(filepath.Join(out, "risk")); err == nil {
		t.Error("results written in spite of the failure")
	}
	noTemporary(t, out)
	fillHook = nil
	// The resumed run has nothing to run: "0 replications to go" would
	// show as a progress bar; it writes the same bytes.
	if code, _, stderr := canalsim(t, "run", sc, "--out", out, "--resume", "--quiet"); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	sameBytes(t, filepath.Join(whole, "risk"), filepath.Join(out, "risk"))
	if _, err := os.Stat(partial); err == nil {
		t.Error("the partial folder is still there after the resumed run finished")
	}
}

// TestStopWhileWriting: Ctrl-C while the results are written (after the
// study) stops before the next file or figure, keeping the replications
// in OUT/NAME.partial/ to resume from; a second Ctrl-C stops at once and
// keeps nothing. The Ctrl-C is simulated through the seam fillHook, which
// sees each file before it is written.
func TestStopWhileWriting(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	whole := filepath.Join(dir, "whole")
	if code, _, stderr := canalsim(t, "run", sc, "--out", whole, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, at := range []string{"summary.json", "plots/", "report.html"} {
		t.Run("at "+at, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			stop := make(chan struct{})
			var written []string
			setFillHook(t, func(name string) error {
				if strings.HasPrefix(name, at) && !slices.ContainsFunc(written, func(w string) bool { return strings.HasPrefix(w, at) }) {
					close(stop)
				}
				written = append(written, name)
				return nil
			})
			var stdout, stderr strings.Builder
			start := time.Now()
			code := run(withStop(context.Background(), stop), []string{"run", sc, "--out", out, "--quiet"}, &stdout, &stderr)
			if code != exitFailure || !strings.Contains(stderr.String(), "interrupted with 7 of 7 replications done") || !strings.Contains(stderr.String(), "--resume") {
				t.Fatalf("exit %d, stderr %q", code, stderr.String())
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v to stop", d)
			}
			if last := written[len(written)-1]; !strings.HasPrefix(last, at) {
				t.Errorf("went on to write %s after the stop at %s", last, at)
			}
			if _, err := os.Stat(filepath.Join(out, "risk")); err == nil {
				t.Error("results written in spite of the stop")
			}
			noTemporary(t, out)
			fillHook = nil
			if code, _, stderr := canalsim(t, "run", sc, "--out", out, "--resume", "--quiet"); code != 0 {
				t.Fatalf("resume: exit %d: %s", code, stderr)
			}
			sameBytes(t, filepath.Join(whole, "risk"), filepath.Join(out, "risk"))
		})
	}
	t.Run("twice", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := make(chan struct{})
		setFillHook(t, func(name string) error {
			if name == "summary.json" {
				close(stop)
				cancel()
			}
			return nil
		})
		var stdout, stderr strings.Builder
		code := run(withStop(ctx, stop), []string{"run", sc, "--out", out, "--quiet"}, &stdout, &stderr)
		if code != exitFailure || !strings.Contains(stderr.String(), "context canceled") {
			t.Errorf("exit %d, stderr %q", code, stderr.String())
		}
		if entries, _ := os.ReadDir(out); len(entries) > 0 {
			t.Errorf("%s holds %v after a stop at once", out, entries)
		}
	})
}

// TestStaleTemporaries: the temporary folders that a killed run left for
// a results or records folder are removed by the next run of the same
// scenario when older than an hour, and reported when younger (they may
// be a run's under way); those of other names are left alone.
func TestStaleTemporaries(t *testing.T) {
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	out := filepath.Join(dir, "out")
	old := time.Now().Add(-2 * time.Hour)
	folders := map[string]bool{ // name: removed
		".risk.tmp-123":                   true,
		".risk.old-456":                   true,
		".risk.partial.tmp-7":             true,
		".risk.shard-2-of-3.tmp-8":        true,
		".risk.tmp-789":                   false, // an hour old at most
		".riskier.tmp-1":                  false, // another scenario's
		".risk.tmp-abc":                   false, // not replaceDir's
		".other.shard-2-of-3.partial.tmp": false,
	}
	for name := range folders {
		p := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Join(p, "plots"), 0o755); err != nil {
			t.Fatal(err)
		}
		writeText(t, filepath.Join(p, "summary.json"), "{}")
		if name != ".risk.tmp-789" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Killed between replaceDir's renames: the previous folder is aside,
	// none in its place; it is put back.
	aside := filepath.Join(out, ".risk.shard-1-of-3.old-5")
	if err := os.MkdirAll(filepath.Join(aside, "risk.shard-1-of-3"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeText(t, filepath.Join(aside, "risk.shard-1-of-3", "run.json"), "{}")
	code, _, stderr := canalsim(t, "run", sc, "--out", out, "-n", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "risk.shard-1-of-3", "run.json")); err != nil || !strings.Contains(stderr, "restored "+filepath.Join(out, "risk.shard-1-of-3")) {
		t.Errorf("the folder left aside was not restored: %v, stderr %q", err, stderr)
	}
	if _, err := os.Stat(aside); err == nil {
		t.Errorf("%s is still there", aside)
	}
	for name, removed := range folders {
		p := filepath.Join(out, name)
		_, err := os.Stat(p)
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed %v, want %v", name, gone, removed)
		}
		if reported := strings.Contains(stderr, "removed "+p+","); reported != removed {
			t.Errorf("%s: reported removed %v, want %v (stderr %q)", name, reported, removed, stderr)
		}
	}
	if want := filepath.Join(out, ".risk.tmp-789") + " is the temporary folder of a run of risk under way"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
}

// TestSensitivityWriteFailureKeeps: a sensitivity analysis whose results
// cannot be written (simulated through fillHook) keeps its points in
// OUT/NAME-sensitivity.partial/, and the resume writes the analysis of an
// uninterrupted one; a Ctrl-C while it writes keeps them too.
func TestSensitivityWriteFailureKeeps(t *testing.T) {
	dir := t.TempDir()
	whole, out := filepath.Join(dir, "whole"), filepath.Join(dir, "out")
	sensitivityRun(t, 0, "--out", whole, "--workers", "2", "-q")
	setFillHook(t, func(name string) error {
		if name == "sensitivity.csv" {
			return &os.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
		}
		return nil
	})
	_, stderr := sensitivityRun(t, exitUsage, "--out", out, "--workers", "2", "-q")
	partial := filepath.Join(out, "ppc-closure-sensitivity.partial")
	for _, want := range []string{"no space left on device", "The 40 of 40 design points done are kept in " + partial, "--resume"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	noTemporary(t, out)
	stop := make(chan struct{})
	setFillHook(t, func(name string) error {
		if name == "manifest.json" {
			close(stop)
		}
		return nil
	})
	var stdout, errb strings.Builder
	args := append(slices.Clone(sensitivityArgs), "--out", out, "--workers", "2", "-q", "--resume")
	if code := run(withStop(context.Background(), stop), args, &stdout, &errb); code != exitFailure || !strings.Contains(errb.String(), "interrupted with 40 of 40 design points done") {
		t.Errorf("Ctrl-C while writing: exit %d, stderr %q", code, errb.String())
	}
	noTemporary(t, out)
	fillHook = nil
	sensitivityRun(t, 0, "--out", out, "--workers", "2", "--resume", "-q")
	sameSensitivity(t, filepath.Join(whole, "ppc-closure-sensitivity"), filepath.Join(out, "ppc-closure-sensitivity"))
}
