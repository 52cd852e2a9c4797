package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/scenarios"
)

// TestValidateLibrary: every library scenario validates, by name.
func TestValidateLibrary(t *testing.T) {
	lib := scenarios.Library()
	code, stdout, stderr := canalsim(t, append([]string{"validate"}, lib...)...)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, name := range lib {
		if !strings.Contains(stdout, "library:"+name+": ok") {
			t.Errorf("no ok line for %s in:\n%s", name, stdout)
		}
	}
	if !strings.Contains(stdout, "a sweep of disruptions[0].days over 9 values") {
		t.Errorf("validate does not describe ppc-closure-sweep's sweep:\n%s", stdout)
	}
}

// TestValidateBad: bad files give exit 2 and every problem of every file,
// each with file:line:col, and good files among them are still reported.
func TestValidateBad(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	writeText(t, bad, `name: bad
start: 2025-10-01
days: 60
replications: 1000000000
disruptions:
  - effect: refusal
    target: {owner: ck-hutchisen}
    vessels: {carriers: [cosco]}
    from: 2025-10-10
    days: 0
`)
	nothing := filepath.Join(dir, "nothing.yaml")
	writeText(t, nothing, `name: nothing
start: 2026-06-01
days: 60
disruptions:
  - effect: closure
    target: {owner: ck-hutchison}
    from: 2026-06-10
    days: 5
`)
	code, stdout, stderr := canalsim(t, "validate", "baseline", bad, nothing)
	if code != 2 {
		t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, want := range []string{
		bad + ":4:15: ", // replications
		bad + ":7:21: ", // unknown owner, with a suggestion
		`did you mean "ck-hutchison"?`,
		bad + ":10:11: ",    // days: 0
		nothing + ":6:13: ", // matches nothing during its window
		"matches nothing from 2026-06-10 to 2026-06-15",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout, "library:baseline: ok") {
		t.Errorf("the good file is not reported:\n%s", stdout)
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
		t.Errorf("stack trace in:\n%s", stderr)
	}
	if code, _, _ := canalsim(t, "validate"); code != 2 {
		t.Errorf("validate with no file: exit %d, want 2", code)
	}
}

// TestTargetsHutchisonDenial: the library's hutchison-denial resolves to
// Balboa and Cristóbal with the chain up to CK Hutchison; as of
// 2026-03-01, after the takeover, its target matches nothing.
func TestTargetsHutchisonDenial(t *testing.T) {
	code, stdout, stderr := canalsim(t, "targets", "hutchison-denial")
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, want := range []string{
		"targets as of 2025-10-01",
		"target: owner ck-hutchison",
		"when: 2025-11-01 to 2026-01-30",
		"vessels: carriers maersk; flags us",
		"- balboa (Balboa, terminal, pacific): operator ppc (Panama Ports Company) -> owned 90% by hutchison-ports (Hutchison Ports) -> owned by ck-hutchison (CK Hutchison Holdings)",
		"- cristobal (Cristóbal, terminal, atlantic): operator ppc (Panama Ports Company) -> owned 90% by hutchison-ports",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = canalsim(t, "targets", "hutchison-denial", "--as-of", "2026-03-01")
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "owner ck-hutchison matches nothing on 2026-03-01") || strings.Contains(stdout, "- balboa (") {
		t.Errorf("as of 2026-03-01:\n%s", stdout)
	}
	// After the takeover, Maersk owns Balboa (and the railway).
	dir := t.TempDir()
	f := filepath.Join(dir, "maersk.yaml")
	writeText(t, f, "name: maersk\nstart: 2026-03-01\ndays: 30\ndisruptions:\n  - {effect: closure, target: {owner: maersk}, from: 2026-03-05, days: 2}\n  - {effect: obstruction, target: {nodes: [balboa]}, from: 2026-03-05, hours: 12}\n")
	_, stdout, _ = canalsim(t, "targets", f)
	for _, want := range []string{
		"- balboa (Balboa, terminal, pacific): operator apmt (APM Terminals) -> owned by maersk",
		"- railway (Panama Canal Railway, rail, pacific): operator apmt",
		"blocks pacific-approach",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	// A refusal by CK Hutchison from January 2026 stops applying when
	// Balboa and Cristóbal change hands on 2026-02-23; validate and
	// targets both say so.
	g := filepath.Join(dir, "handover.yaml")
	writeText(t, g, "name: handover\nstart: 2026-01-01\ndays: 100\ndisruptions:\n  - {effect: refusal, target: {owner: ck-hutchison}, vessels: {carriers: [maersk]}, from: 2026-01-15, days: 75}\n  - {effect: closure, target: {owner: maersk, kind: terminal}, from: 2026-01-15, days: 75}\n")
	for _, cmd := range []string{"targets", "validate"} {
		code, stdout, stderr := canalsim(t, cmd, g)
		if code != 0 {
			t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", cmd, code, stdout, stderr)
		}
		for _, want := range []string{
			"- balboa: 2026-01-15 to 2026-02-23; changes hands on 2026-02-23 (ppc -> apmt), no longer matches",
			"- cristobal: 2026-01-15 to 2026-02-23; changes hands on 2026-02-23 (ppc -> til), no longer matches",
			"- balboa: 2026-02-23 to 2026-03-31; changes hands on 2026-02-23 (ppc -> apmt), matches from then",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s: stdout lacks %q:\n%s", cmd, want, stdout)
			}
		}
	}
	for _, args := range [][]string{{"targets"}, {"targets", "a", "b"}, {"targets", "hutchison-denial", "--as-of", "1 March"}, {"targets", "no-such-scenario"}} {
		if code, _, _ := canalsim(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestRunSweep runs a small sweep: one results folder per value and
// sweep.json indexing them, and the lost TEU grow with the closure.
func TestRunSweep(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "sweep.yaml")
	writeText(t, f, miniSweep(40))
	out := filepath.Join(dir, "out")
	code, stdout, stderr := canalsim(t, "run", f, "--out", out, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	var idx results.SweepIndex
	readJSON(t, filepath.Join(out, "mini-sweep", "sweep.json"), &idx)
	if idx.Parameter != "disruptions[0].days" || len(idx.Points) != 2 || idx.Points[0].Value != 2 || idx.Points[1].Value != 10 {
		t.Fatalf("sweep.json: %+v", idx)
	}
	var lost []float64
	for _, p := range idx.Points {
		var sum struct {
			Metrics map[string]struct {
				Difference struct{ Mean float64 } `json:"difference"`
			} `json:"metrics"`
		}
		readJSON(t, filepath.Join(out, "mini-sweep", p.Folder, "summary.json"), &sum)
		lost = append(lost, sum.Metrics["lost_teu"].Difference.Mean)
	}
	if !(lost[0] > 0 && lost[1] > 2*lost[0]) {
		t.Errorf("lost TEU %v for 2 and 10 days of closure; want more for longer", lost)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		t.Errorf("out holds %d entries, want only the sweep folder", len(entries))
	}
}

func writeText(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunLibrary runs every library scenario (2 replications each) and
// checks that each writes its results and that each disruption changes
// something against the baseline: the metric named here moves the way the
// scenario says, beyond noise.
func TestRunLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole library")
	}
	out := t.TempDir()
	lib := scenarios.Library()
	code, stdout, stderr := canalsim(t, append([]string{"run", "--out", out, "-n", "2", "--quiet"}, lib...)...)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	// The metric each scenario must move, and which way (+1 up, -1 down).
	moves := map[string]struct {
		metric string
		sign   float64
	}{
		"agua-clara-lane-outage":      {"neopanamax_transits_per_day", -1},
		"balboa-approach-obstruction": {"anchorage_queue_max", +1},
		"carrier-boycott":             {"lost_teu", +1},
		"conflict-compound":           {"lost_teu", +1},
		"drought-2023":                {"transits_per_day", -1},
		"hutchison-denial":            {"lost_teu", +1},
		"ppc-closure":                 {"lost_teu", +1},
		"ppc-tos-switchover":          {"diverted_calls", +1},
	}
	type summary struct {
		Metrics map[string]struct {
			Difference struct{ Mean float64 } `json:"difference"`
		} `json:"metrics"`
	}
	for _, name := range lib {
		dir := filepath.Join(out, name)
		if name == "ppc-closure-sweep" {
			var idx results.SweepIndex
			readJSON(t, filepath.Join(dir, "sweep.json"), &idx)
			if len(idx.Points) != 9 {
				t.Errorf("%s: %d points, want 9", name, len(idx.Points))
			}
			dir = filepath.Join(dir, idx.Points[0].Folder)
		}
		for _, f := range []string{"manifest.json", "summary.json", "daily.csv", "plots/throughput.svg"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		m, ok := moves[name]
		if !ok {
			continue
		}
		var sum summary
		readJSON(t, filepath.Join(dir, "summary.json"), &sum)
		if d := sum.Metrics[m.metric].Difference.Mean; d*m.sign <= 0 {
			t.Errorf("%s: %s changed by %g against the baseline; want a change of sign %+g", name, m.metric, d, m.sign)
		}
	}
}

// miniSweep is a small sweep: a closure of CK Hutchison's terminals of 2
// and of 10 days, 2 replications, over the given days.
func miniSweep(days int) string {
	return fmt.Sprintf(`name: mini-sweep
start: 2025-10-01
days: %d
warmup_days: 7
replications: 2
disruptions:
  - name: PPC closed
    target: {owner: ck-hutchison}
    effect: closure
    from: 2025-10-05
    days: 5
sweep:
  parameter: disruptions[0].days
  values: [2, 10]
`, days)
}

// TestValidateOverrides: validate checks scenarios with the network,
// demand and arrivals run would use.
func TestValidateOverrides(t *testing.T) {
	one := "../../examples/one-lock/"
	if code, stdout, stderr := canalsim(t, "validate", one+"scenario.yaml", "--arrivals", one+"trace.csv"); code != 0 || !strings.Contains(stdout, "ok") {
		t.Errorf("exit %d, %q %q", code, stdout, stderr)
	}
	code, _, stderr := canalsim(t, "validate", "baseline", "--network", one+"network.yaml")
	if code != 2 || !strings.Contains(stderr, "the embedded Panama demand needs the Panama network") {
		t.Errorf("baseline on the one-lock network: exit %d, %q", code, stderr)
	}
	if code, _, _ := canalsim(t, "validate", "baseline", "--network", one+"network.yaml", "--demand", one+"demand.yaml"); code != 0 {
		t.Errorf("baseline on the one-lock network with its demand: exit %d", code)
	}
}
