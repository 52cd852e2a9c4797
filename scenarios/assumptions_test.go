package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/scenarios"
)

// assumptionsBase is a scenario whose assumptions each case adds (line 11
// on).
const assumptionsBase = `name: a
start: 2025-10-01
days: 60
disruptions:
  - name: closed
    target: {owner: ck-hutchison}
    effect: closure
    from: 2025-11-01
    days: 30
assumptions:
`

// TestAssumptions: an assumptions block is read into the scenario, in
// order, with its sources; a sweep over a parameter of the network makes
// one point per value, each with the assumptions.
func TestAssumptions(t *testing.T) {
	in := assumptionsBase + `  - {path: network.nodes.railway.rail.capacity_teu_per_day, dist: triangular, min: 750, mode: 1500, max: 2500, source: "not published [K15]"}
  - path: demand.call_diversion.capacity_margin
    dist: uniform
    min: 0
    max: 0.4
sweep:
  parameter: network.nodes.mit.terminal.capacity_teu_per_year
  values: [3000000, 3500000]
`
	sc, err := scenarios.Parse("a.yaml", []byte(in), ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Assumptions) != 2 || sc.Assumptions[0].Path != "network.nodes.railway.rail.capacity_teu_per_day" ||
		sc.Assumptions[0].Dist.Mode != 1500 || sc.Assumptions[0].Source != "not published [K15]" ||
		sc.Assumptions[1].Dist.Max != 0.4 || sc.Assumptions[1].Source != "" {
		t.Errorf("assumptions %+v", sc.Assumptions)
	}
	sw, err := scenarios.ParseSweep("a.yaml", []byte(in), ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Scenarios) != 2 || sw.Key != "capacity_teu_per_year" || sw.Scenarios[1].Name != "a.capacity_teu_per_year-3.5e+06" {
		t.Fatalf("sweep %+v", sw)
	}
	for i, p := range sw.Scenarios {
		if v, _ := p.ParamValue("network.nodes.mit.terminal.capacity_teu_per_year"); v != sw.Values[i] || len(p.Assumptions) != 2 {
			t.Errorf("point %d: MIT's capacity %g, %d assumptions", i, v, len(p.Assumptions))
		}
	}
}

// TestAssumptionErrors: every problem of every assumption, at once, each
// at its position.
func TestAssumptionErrors(t *testing.T) {
	in := assumptionsBase + `  - {path: network.nodes.railwya.rail.capacity_teu_per_day, dist: uniform, min: 1, max: 2}
  - {path: network.nodes.mit.terminal.moves_per_crane_hr, dist: uniform, min: 20, max: 30}
  - {path: demand.call_diversion.capacity_margin, dist: uniform, min: 0, max: 0.4, mean: 3}
  - {path: "disruptions[0].factor", dist: uniform, min: 0.1, max: 0.4}
  - {path: network.nodes.gatun-locks.lock.lanes, dist: uniform, min: 0, max: 2}
  - {path: demand.call_diversion.room_per_berth, dist: unifrom, min: 0, max: 2}
  - {path: netwrok.nodes.railway.rail.capacity_teu_per_day, dist: fixed, value: 1}
  - {path: network.nodes.railway.rail.capacity_teu_per_day, dist: uniform, min: 3, max: 1}
  - {dist: fixed, value: 1}
`
	_, err := scenarios.Parse("a.yaml", []byte(in), ".")
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`a.yaml:11:12: assumptions[0]: nodes has no element railwya; did you mean "railway"?`,
		`a.yaml:12:12: assumptions[1]: nodes.mit.terminal has no key "moves_per_crane_hr"; did you mean "moves_per_crane_hour"?`,
		`a.yaml:13:90: assumptions[2]: uniform takes min and max, not mean`,
		`a.yaml:14:12: assumptions[3]: disruptions[0]: closure takes no factor (only capacity_factor, productivity_factor, ramp_up, inflow_factor and demand_shock do)`,
		`a.yaml:16:56: assumptions[5]: unknown distribution "unifrom"; did you mean "uniform"?`,
		`a.yaml:17:12: assumptions[6]: unknown root "netwrok": a path starts with network., demand. or disruptions[; did you mean "network"?`,
		`a.yaml:18:6: assumptions[7]: uniform: needs 0 <= min <= max, got min 3, max 1`,
		`a.yaml:19:6: assumptions[8]: missing key "path"`,
	}
	got := strings.Split(err.Error(), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Whether the scenario runs at the ends of each range is checked
	// once the file is otherwise right.
	in = assumptionsBase + `  - {path: network.nodes.gatun-locks.lock.lanes, dist: uniform, min: 0, max: 2}
  - {path: network.nodes.railway.rail.capacity_teu_per_day, dist: uniform, min: 1, max: 2}
  - {path: network.nodes.railway.rail.capacity_teu_per_day, dist: uniform, min: 1, max: 3}
`
	_, err = scenarios.Parse("a.yaml", []byte(in), ".")
	want = []string{
		`a.yaml:11:6: assumptions[0]: network.nodes.gatun-locks.lock.lanes: the scenario does not run at 0, an end of the range: lock "gatun-locks": lanes must be at least 1, got 0`,
		`a.yaml:13:6: assumptions[2]: network.nodes.railway.rail.capacity_teu_per_day: assumed already, in assumptions[1]`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("errors\n%v\nwant\n%s", err, strings.Join(want, "\n"))
	}
}

// TestDemandDrawsNothing: a demand whose streams all have per_day 0 draws
// no vessel; without an arrivals file that is a mistake, reported at the
// scenario's demand key, and with one it is how a trace is replayed.
func TestDemandDrawsNothing(t *testing.T) {
	dir := t.TempDir()
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join("..", "examples", "one-lock", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	files := map[string]string{
		"network.yaml":  read("network.yaml"),
		"demand.yaml":   strings.ReplaceAll(read("demand.yaml"), "per_day: 5", "per_day: 0"),
		"scenario.yaml": "name: s\nnetwork: network.yaml\ndemand: demand.yaml\nstart: 2030-01-01\ndays: 3\n",
		"traced.yaml":   "name: s\nnetwork: network.yaml\ndemand: demand.yaml\narrivals: trace.csv\nstart: 2030-01-01\ndays: 3\n",
		"trace.csv":     read("trace.csv"),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := scenarios.Load(filepath.Join(dir, "scenario.yaml"))
	if err == nil || !strings.Contains(err.Error(), "scenario.yaml:3:9: demand \"one-lock-demand\" draws no vessel") {
		t.Errorf("no arrivals: %v", err)
	}
	if _, _, err := scenarios.Load(filepath.Join(dir, "traced.yaml")); err != nil {
		t.Errorf("with an arrivals file: %v", err)
	}
}

// TestCountsBounded: a scenario with more disruptions or assumptions than
// the limits is refused at its key, before anything is checked further.
func TestCountsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: many\nstart: 2025-10-01\ndays: 30\ndisruptions:\n")
	for range scenarios.MaxDisruptions + 1 {
		b.WriteString("  - {effect: inflow_factor, factor: 0.9, from: 2025-10-02, days: 1}\n")
	}
	if _, err := scenarios.Parse("m.yaml", []byte(b.String()), "."); err == nil || err.Error() != "m.yaml:5:3: 1001 disruptions, included ones counted; at most 1000" {
		t.Errorf("disruptions: %v", err)
	}
	b.Reset()
	b.WriteString("name: many\nstart: 2025-10-01\ndays: 30\nassumptions:\n")
	for range scenarios.MaxAssumptions + 1 {
		b.WriteString("  - {path: demand.call_diversion.capacity_margin, dist: fixed, value: 0.1}\n")
	}
	if _, err := scenarios.Parse("a.yaml", []byte(b.String()), "."); err == nil || err.Error() != "a.yaml:5:3: 101 assumptions; at most 100" {
		t.Errorf("assumptions: %v", err)
	}
}
