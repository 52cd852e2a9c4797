package scenarios_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

func TestLibrary(t *testing.T) {
	names := scenarios.Library()
	for _, want := range []string{"baseline", "drought-2023", "ppc-closure"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("library %v lacks %s", names, want)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			sc, src, err := scenarios.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Name != name {
				t.Errorf("scenario %s is named %q; library names and scenario names must match", name, sc.Name)
			}
			if src.Name != "library:"+name || len(src.Text) == 0 {
				t.Errorf("source %q with %d bytes", src.Name, len(src.Text))
			}
			if sc.Description == "" {
				t.Error("no description")
			}
			if err := sc.Check(); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestPPCClosure(t *testing.T) {
	sc, _, err := scenarios.Load("ppc-closure")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Disruptions) != 1 {
		t.Fatalf("%d disruptions", len(sc.Disruptions))
	}
	d := sc.Disruptions[0]
	if got := d.Until.Sub(d.From); got != 30*24*time.Hour {
		t.Errorf("closure lasts %v, want 30 days", got)
	}
	nodes, err := d.Target.Resolve(network.Panama(), sc.Start)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range nodes {
		ids = append(ids, n.ID)
	}
	if strings.Join(ids, ",") != "balboa,cristobal" {
		t.Errorf("ppc-closure targets %v, want balboa and cristobal", ids)
	}
}

// head starts a scenario whose disruptions begin on line 5.
const head = "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n"

const good = `name: test
description: a test
start: 2025-10-01
days: 30
seed: 9
replications: 3
warmup_days: 2
disruptions:
  - name: close balboa
    target: {nodes: [balboa]}
    effect: closure
    from: 2025-10-05
    until: 2025-10-10
  - target: {owner: ck-hutchison}
    effect: closure
    from: 2025-10-12
    days: 3
`

func TestParse(t *testing.T) {
	sc, err := scenarios.Parse("good.yaml", []byte(good), ".")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Seed != 9 || sc.Replications != 3 || sc.WarmupDays != 2 || sc.Days != 30 || !sc.Start.Equal(time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("scenario %+v", sc)
	}
	if got := sc.Disruptions[1].Until; !got.Equal(time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("days: 3 from 2025-10-12 ends %s, want 2025-10-15", got)
	}
	minimal, err := scenarios.Parse("min.yaml", []byte("name: m\nstart: 2025-01-01\ndays: 1\n"), ".")
	if err != nil {
		t.Fatal(err)
	}
	if minimal.Seed != scenarios.DefaultSeed || minimal.Replications != scenarios.DefaultReplications || minimal.WarmupDays != scenarios.DefaultWarmupDays {
		t.Errorf("defaults not applied: %+v", minimal)
	}
}

// TestParseCanalWide: the parameters of the canal-wide effects land in
// sim.Disruption, and a lock type left out stays nil.
func TestParseCanalWide(t *testing.T) {
	in := head + `  - name: cap
    effect: slot_limit
    neopanamax: 9
    panamax: 22
    from: 2025-10-02
    days: 3
  - effect: slot_limit
    panamax: 0
    from: 2025-10-05
    until: 2025-10-06
  - effect: draft_limit
    neopanamax: 47.5
    from: 2025-10-02
    days: 10
  - effect: draft_limit
    panamax: 39
    from: 2025-10-02
    days: 10
  - effect: inflow_factor
    factor: 0.59
    from: 2025-09-20
    until: 2025-11-01
`
	sc, err := scenarios.Parse("cw.yaml", []byte(in), ".")
	if err != nil {
		t.Fatal(err)
	}
	ptr := func(v float64) *float64 { return &v }
	tests := []struct {
		effect              sim.Effect
		neopanamax, panamax *float64
		factor              float64
	}{
		{sim.SlotLimit, ptr(9), ptr(22), 0},
		{sim.SlotLimit, nil, ptr(0), 0},
		{sim.DraftLimit, ptr(47.5), nil, 0},
		{sim.DraftLimit, nil, ptr(39), 0},
		{sim.InflowFactor, nil, nil, 0.59},
	}
	if len(sc.Disruptions) != len(tests) {
		t.Fatalf("got %d disruptions, want %d", len(sc.Disruptions), len(tests))
	}
	str := func(p *float64) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprint(*p)
	}
	for i, want := range tests {
		d := sc.Disruptions[i]
		if d.Effect != want.effect || str(d.Neopanamax) != str(want.neopanamax) || str(d.Panamax) != str(want.panamax) || d.Factor != want.factor {
			t.Errorf("disruptions[%d] = %s neopanamax %s panamax %s factor %g, want %s %s %s %g", i,
				d.Effect, str(d.Neopanamax), str(d.Panamax), d.Factor, want.effect, str(want.neopanamax), str(want.panamax), want.factor)
		}
		if len(d.Target.Nodes) > 0 || d.Target.Operator != "" {
			t.Errorf("disruptions[%d] has target %v", i, d.Target)
		}
	}
	if d := sc.Disruptions[0]; d.Name != "cap" || !d.Until.Equal(time.Date(2025, 10, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("disruptions[0] = %q until %s", d.Name, d.Until)
	}
	if sc.Disruptions[0].Neopanamax == sc.Disruptions[2].Neopanamax {
		t.Error("two disruptions share a limit")
	}
}

// TestParseErrors pins the message, file, line and column of each kind of
// bad input.
func TestParseErrors(t *testing.T) {
	tests := []parseErrorCase{
		{"unknown key", "name: x\nstart: 2025-01-01\ndays: 3\nreplication: 4\n",
			`s.yaml:4:1: unknown key "replication"; did you mean "replications"?`},
		{"wrong type", "name: x\nstart: 2025-01-01\ndays: many\n",
			`s.yaml:3:7: days: expected a number, got text`},
		{"bad date", "name: x\nstart: 2025-02-30\ndays: 3\n",
			`s.yaml:2:8: start: expected a date as YYYY-MM-DD, got "2025-02-30"`},
		{"missing key", "name: x\ndays: 3\n",
			`s.yaml:1:1: missing key "start"`},
		{"malformed", "name: x\nstart: [2025-01-01\ndays: 3\n",
			`s.yaml:3:1: invalid YAML: ',' or ']' must be specified`},
		{"unknown node", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {nodes: [balboa, cristobol]}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:30: disruptions[0].target: unknown node "cristobol"; did you mean "cristobal"?`},
		{"unknown operator", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {operator: hutchinson}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:24: disruptions[0].target: unknown operator "hutchinson"; did you mean "ck-hutchison"?`},
		{"operator gone", "name: x\nstart: 2026-06-01\ndays: 30\ndisruptions:\n  - target: {operator: ppc}\n    effect: closure\n    from: 2026-06-02\n    days: 3\n",
			`s.yaml:5:13: disruptions[0].target: operator ppc matches nothing from 2026-06-02 to 2026-06-05 (targets resolve on every date of the window)`},
		{"unknown operator, no close match", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {operator: cosco}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:24: disruptions[0].target: unknown operator "cosco"; expected one of: ck-hutchison, hutchison-ports, ppc, maersk, apmt, msc, til, ssa-marine, evergreen, psa-international, acp, pcrc-jv`},
		{"unknown effect", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {nodes: [mit]}\n    effect: closed\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: unknown effect "closed"; did you mean "closure"?`},
		{"no end", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n",
			`s.yaml:5:5: disruptions[0]: missing key until, days, hours or duration (when it ends)`},
		{"outside run", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {nodes: [mit]}\n    effect: closure\n    from: 2026-10-02\n    days: 3\n",
			`s.yaml:7:11: disruptions[0]: the window is outside the run (2025-09-17 to 2025-10-31)`},
		{"bad name", "name: ../x\nstart: 2025-10-01\ndays: 30\n",
			`s.yaml:1:7: name "../x": use at most 100 letters, digits, '.', '_' and '-' (it names the output folder)`},
		{"long name", "name: " + strings.Repeat("x", 101) + "\nstart: 2025-10-01\ndays: 30\n",
			`s.yaml:1:7: name "` + strings.Repeat("x", 64) + `"…: use at most 100 letters, digits, '.', '_' and '-' (it names the output folder)`},
		{"empty", "", `s.yaml:1:1: the file is empty; expected a mapping of keys`},

		// Canal-wide effects and the keys each effect takes.
		{"closure without target", head + "  - effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:5: disruptions[0]: closure needs a target (nodes, kind, side, operator or owner)`},
		{"null target", head + "  - effect: closure\n    target:\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:5: disruptions[0].target: empty target; give nodes, kind, side, operator or owner`},
		{"canal-wide with target", head + "  - effect: slot_limit\n    target: {nodes: [mit]}\n    neopanamax: 5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: slot_limit acts on the whole canal and takes no target`},
		{"canal-wide with block target", head + "  - effect: inflow_factor\n    factor: 0.5\n    target:\n      operator: ppc\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:8:7: disruptions[0]: inflow_factor acts on the whole canal and takes no target`},
		{"canal-wide with empty target", head + "  - effect: draft_limit\n    neopanamax: 44\n    target: {}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:13: disruptions[0]: draft_limit acts on the whole canal and takes no target`},
		{"factor on closure", head + "  - target: {nodes: [mit]}\n    effect: closure\n    factor: 0.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:13: disruptions[0]: closure takes no factor (only capacity_factor, productivity_factor, ramp_up, inflow_factor and demand_shock do)`},
		{"neopanamax on inflow_factor", head + "  - effect: inflow_factor\n    factor: 0.5\n    neopanamax: 3\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:17: disruptions[0]: inflow_factor takes no neopanamax (only slot_limit, draft_limit and special_auction do)`},
		{"panamax on closure", head + "  - target: {nodes: [mit]}\n    effect: closure\n    panamax: 20\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:14: disruptions[0]: closure takes no panamax (only slot_limit, draft_limit and special_auction do)`},
		{"factor on draft_limit", head + "  - effect: draft_limit\n    neopanamax: 44\n    factor: 0.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:13: disruptions[0]: draft_limit takes no factor (only capacity_factor, productivity_factor, ramp_up, inflow_factor and demand_shock do)`},
		{"slot limit without values", head + "  - effect: slot_limit\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:5: disruptions[0]: slot_limit needs neopanamax, panamax or both (transits a day)`},
		{"draft limit without values", head + "  - effect: draft_limit\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:5: disruptions[0]: draft_limit needs neopanamax, panamax or both (feet)`},
		{"inflow factor without factor", head + "  - effect: inflow_factor\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:5: disruptions[0]: inflow_factor needs a factor (the multiplier of the inflow to Gatún Lake, such as 0.7)`},
		{"negative slot limit", head + "  - effect: slot_limit\n    neopanamax: -1\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:17: disruptions[0]: neopanamax slot limit must not be negative, got -1`},
		{"fractional slot limit", head + "  - {effect: slot_limit, panamax: 21.5, from: 2025-10-02, days: 3}\n",
			`s.yaml:5:35: disruptions[0]: panamax slot limit must be a whole number of transits a day, got 21.5`},
		{"draft limit in metres", head + "  - effect: draft_limit\n    neopanamax: 13.41\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:17: disruptions[0]: neopanamax draft limit must be from 20 to 60 ft, got 13.41`},
		{"draft limit too deep", head + "  - effect: draft_limit\n    panamax: 61\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:14: disruptions[0]: panamax draft limit must be from 20 to 60 ft, got 61`},
		{"negative draft limit", head + "  - effect: draft_limit\n    panamax: -44\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:14: disruptions[0]: panamax draft limit must be from 20 to 60 ft, got -44`},
		{"zero factor", head + "  - effect: inflow_factor\n    factor: 0\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: factor must be greater than 0 and at most 10, got 0`},
		{"negative factor", head + "  - effect: inflow_factor\n    factor: -0.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: factor must be greater than 0 and at most 10, got -0.5`},
		// A value that fails to decode is reported once: not again as missing.
		{"null slot limit", head + "  - effect: slot_limit\n    neopanamax:\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:16: disruptions[0].neopanamax: expected a number, got nothing (null)`},
		{"text factor", head + "  - effect: inflow_factor\n    factor: dry\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0].factor: expected a number, got text`},
		// An unknown effect's parameters and missing target cannot be judged.
		{"unknown effect with parameters", head + "  - effect: slot_limt\n    neopanamax: 1.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:13: disruptions[0]: unknown effect "slot_limt"; did you mean "slot_limit"?`},
	}
	checkParseErrors(t, tests)
}

// TestAllErrorsAtOnce: a file with several problems reports them all, in
// file order, and no more.
func TestAllErrorsAtOnce(t *testing.T) {
	mixed := "name: x\nstart: 2025-10-01\ndays: 30\nsede: 3\ndisruptions:\n  - target: {nodes: [balbao]}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n  - target: {nodes: [mit]}\n    effect: closure\n    days: 3\n"
	_, err := scenarios.Parse("m.yaml", []byte(mixed), ".")
	want := `m.yaml:4:1: unknown key "sede"; did you mean "seed"?
m.yaml:6:22: disruptions[0].target: unknown node "balbao"; did you mean "balboa"?
m.yaml:10:5: disruptions[1]: missing key "from"`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}

	in := "name: x\nstrat: 2025-10-01\ndays: -1\nseed: -3\n"
	_, err = scenarios.Parse("s.yaml", []byte(in), ".")
	l := input.AsErrors(err)
	if len(l) != 4 {
		t.Fatalf("got %d errors, want 4 (missing start, unknown strat, days below 1, negative seed):\n%v", len(l), err)
	}
	for i := 1; i < len(l); i++ {
		if l[i].Pos.Line < l[i-1].Pos.Line {
			t.Errorf("errors out of order:\n%v", err)
		}
	}
}

// TestCanalWideErrorsAtOnce: the problems of the canal-wide effects are
// reported together, and a value that fails to decode hides the rest of
// its disruption rather than causing spurious errors.
func TestCanalWideErrorsAtOnce(t *testing.T) {
	in := head + `  - effect: slot_limit
    target: {nodes: [balbao]}
    neopanamax: 9.5
    from: 2025-10-02
    days: 3
  - effect: inflow_factor
    factor: lots
    target: {nodes: [mit]}
    from: 2025-10-02
    days: 3
  - effect: closure
    panamax: 3
    from: 2025-10-02
    days: 3
  - effect: draft_limit
    from: 2025-10-02
    until: 2025-10-01
`
	_, err := scenarios.Parse("cw.yaml", []byte(in), ".")
	want := `cw.yaml:6:13: disruptions[0]: slot_limit acts on the whole canal and takes no target
cw.yaml:7:17: disruptions[0]: neopanamax slot limit must be a whole number of transits a day, got 9.5
cw.yaml:11:13: disruptions[1].factor: expected a number, got text
cw.yaml:15:5: disruptions[2]: closure needs a target (nodes, kind, side, operator or owner)
cw.yaml:16:14: disruptions[2]: closure takes no panamax (only slot_limit, draft_limit and special_auction do)
cw.yaml:19:5: disruptions[3]: draft_limit needs neopanamax, panamax or both (feet)
cw.yaml:21:12: disruptions[3]: until 2025-10-01 must be after from 2025-10-02`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// TestDrought2023 pins the library's drought scenario to the timeline of
// docs/sources.md, section 3: on each date, the strictest limit in force (0
// for none).
func TestDrought2023(t *testing.T) {
	sc, _, err := scenarios.Load("drought-2023")
	if err != nil {
		t.Fatal(err)
	}
	if !sc.Start.Equal(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)) || sc.Days != 731 || sc.WarmupDays != 14 || sc.Seed != 1 || sc.Replications != 20 {
		t.Errorf("scenario starts %s for %d days (warm-up %d, seed %d, %d replications)", sc.Start.Format(time.DateOnly), sc.Days, sc.WarmupDays, sc.Seed, sc.Replications)
	}
	// strictest returns the lowest value of the effect's windows in force
	// on day (0 if none), as the model applies overlapping windows.
	strictest := func(e sim.Effect, day time.Time, value func(sim.Disruption) *float64) float64 {
		low := 0.0
		for _, d := range sc.Disruptions {
			if d.Effect != e || day.Before(d.From) || !day.Before(d.Until) {
				continue
			}
			if v := value(d); v != nil && (low == 0 || *v < low) {
				low = *v
			}
		}
		return low
	}
	neo := func(d sim.Disruption) *float64 { return d.Neopanamax }
	pan := func(d sim.Disruption) *float64 { return d.Panamax }
	factor := func(d sim.Disruption) *float64 { return &d.Factor }
	tests := []struct {
		day                 string
		neoSlots, panSlots  float64
		neoDraft, inflowFac float64
	}{
		{"2022-12-31", 0, 0, 0, 0},
		{"2023-01-01", 0, 0, 0, 0.61},
		{"2023-03-31", 0, 0, 0, 0.61},
		{"2023-04-01", 0, 0, 0, 0.71},
		{"2023-04-18", 0, 0, 0, 0.71},
		{"2023-04-19", 0, 0, 47.5, 0.71},
		{"2023-05-30", 0, 0, 44, 0.71},
		{"2023-07-29", 0, 0, 44, 0.71},
		{"2023-07-30", 10, 22, 44, 0.71},
		{"2023-08-01", 10, 22, 44, 0.61},
		{"2023-10-01", 10, 22, 44, 0.47},
		{"2023-10-31", 10, 22, 44, 0.47},
		{"2023-11-01", 9, 22, 44, 0.675},
		{"2023-11-03", 7, 18, 44, 0.675},
		{"2023-11-06", 7, 18, 44, 0.675},
		{"2023-11-07", 7, 17, 44, 0.675},
		{"2023-12-01", 6, 16, 44, 0.226},
		{"2023-12-31", 6, 16, 44, 0.226},
		{"2024-01-01", 6, 16, 44, 0.61},
		{"2024-01-15", 6, 16, 44, 0.61},
		{"2024-01-16", 7, 17, 44, 0.61},
		{"2024-03-18", 7, 20, 44, 0.61},
		{"2024-04-30", 7, 20, 44, 0.61},
		{"2024-05-01", 7, 20, 44, 0},
		{"2024-05-07", 7, 17, 44, 0},
		{"2024-05-15", 7, 17, 44, 0},
		{"2024-05-16", 7, 24, 44, 0},
		{"2024-05-29", 7, 24, 44, 0},
		{"2024-05-30", 7, 24, 45, 0},
		{"2024-06-01", 8, 24, 45, 0},
		{"2024-06-15", 8, 24, 46, 0},
		{"2024-06-28", 8, 24, 47, 0},
		{"2024-07-11", 9, 24, 48, 0},
		{"2024-07-22", 9, 25, 48, 0},
		{"2024-08-05", 10, 25, 49, 0},
		{"2024-08-14", 10, 25, 49, 0},
		{"2024-08-15", 10, 25, 0, 0},
		{"2024-08-31", 10, 25, 0, 0},
		{"2024-09-01", 0, 0, 0, 0},
		{"2024-12-31", 0, 0, 0, 0},
	}
	for _, tt := range tests {
		day, err := time.Parse(time.DateOnly, tt.day)
		if err != nil {
			t.Fatal(err)
		}
		got := [4]float64{
			strictest(sim.SlotLimit, day, neo), strictest(sim.SlotLimit, day, pan),
			strictest(sim.DraftLimit, day, neo), strictest(sim.InflowFactor, day, factor),
		}
		if want := [4]float64{tt.neoSlots, tt.panSlots, tt.neoDraft, tt.inflowFac}; got != want {
			t.Errorf("%s: slots %v + %v, Neopanamax draft %v ft, inflow factor %v; want %v + %v, %v ft, %v",
				tt.day, got[0], got[1], got[2], got[3], want[0], want[1], want[2], want[3])
		}
	}
	// Caps and draft limits follow one another without overlap, so no
	// window depends on the strictest-applies rule but the rain's.
	for _, e := range []sim.Effect{sim.SlotLimit, sim.DraftLimit} {
		var prev *sim.Disruption
		for i := range sc.Disruptions {
			d := &sc.Disruptions[i]
			if d.Effect != e {
				continue
			}
			if d.Panamax != nil && e == sim.DraftLimit {
				t.Errorf("%s: the sources give no Panamax draft limit", d.Name)
			}
			if prev != nil && !d.From.Equal(prev.Until) {
				t.Errorf("%s: %q ends %s but %q starts %s", e, prev.Name, prev.Until.Format(time.DateOnly), d.Name, d.From.Format(time.DateOnly))
			}
			prev = d
		}
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(path, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := scenarios.Open(path)
	if err != nil || src.Name != path {
		t.Errorf("Open(file) = %v, %v", src, err)
	}
	t.Chdir(dir) // away from this folder's own ppc-closure.yaml
	if src, err := scenarios.Open("ppc-closure.yaml"); err != nil || src.Name != "library:ppc-closure" {
		t.Errorf("Open(library name with .yaml) = %v, %v", src, err)
	}
	_, err = scenarios.Open("ppc-closur")
	want := `ppc-closur: no such file, and no library scenario of that name (library: ` + strings.Join(scenarios.Library(), ", ") + `); did you mean "ppc-closure"?`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	for _, name := range scenarios.Library() {
		src, _ := scenarios.Open(name)
		f.Add(src.Text)
	}
	f.Add([]byte("name: x\nstart: [2025\n"))
	f.Add([]byte("disruptions: [{target: {nodes: [a]}}]"))
	// The keys of version 2.
	for _, d := range []string{
		"{effect: closure, target: {kind: terminal, side: atlantic}, from: 2025-10-02, days: 0.5}",
		"{effect: capacity_factor, target: {nodes: [railway]}, factor: 0.5, from: 2025-10-02, hours: 36}",
		"{effect: refusal, target: {owner: ck-hutchison}, vessels: {carriers: [cosco], flags: [us], segments: [container]}, from: 2025-10-02, until: 2025-10-20}",
		"{effect: lane_outage, target: {nodes: [gatun-locks]}, lanes: 2, from: 2025-10-02, delay: {dist: uniform, min: 0, max: 10}, until: 2025-10-20}",
		"{effect: ramp_up, target: {operator: ppc}, factor: 0, from: 2025-10-02, duration: {dist: triangular, min: 1, mode: 3, max: 9}, probability: 0.5}",
		"{effect: demand_shock, factor: 1.2, from: 2025-10-02, delay: {dist: exponential, mean: 5}, duration: {dist: lognormal, median: 3, p95: 20}}",
		"{effect: obstruction, target: {nodes: [balboa]}, from: 2025-10-02, delay: {dist: fixed, value: 1}, hours: 72}",
	} {
		f.Add([]byte(head + "  - " + d + "\n"))
	}
	f.Add([]byte(head + "  - {name: a, effect: inflow_factor, factor: 0.5, from: 2025-10-02, days: 3}\nsweep: {parameter: 'disruptions[a].factor', values: [0.5, 0.7]}\n"))
	f.Add([]byte(head + "  - {effect: closure, target: {nodes: [mit]}, from: 2025-10-02, days: 3}\nsweep: {parameter: 'disruptions[0].days', values: [1, 2]}\n"))
	f.Add([]byte("name: x\nstart: 2025-10-01\ndays: 120\ninclude: [ppc-closure, baseline]\n"))
	f.Add([]byte("name: x\nstart: 2025-10-01\ndays: 120\ninclude: [ppc-closure-sweep]\nsweep: {parameter: 'disruptions[0].days', values: [3]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenarios.Parse("f.yaml", data, t.TempDir())
		if err != nil {
			l := input.AsErrors(err)
			if l == nil {
				t.Fatalf("error without position: %v", err)
			}
			for _, e := range l {
				// An included library scenario reports its own errors in
				// its own name.
				if e.Pos.File == "" || e.Pos.Line < 1 || e.Pos.Col < 1 {
					t.Fatalf("bad position in %q", e.Error())
				}
			}
			return
		}
		if err := sc.Check(); err != nil {
			t.Fatalf("Parse accepted a scenario that fails Check: %v", err)
		}
		sw, err := scenarios.ParseSweep("f.yaml", data, t.TempDir())
		if err != nil {
			t.Fatalf("Parse accepted a file ParseSweep rejects: %v", err)
		}
		if sw != nil {
			for _, p := range sw.Scenarios {
				if err := p.Check(); err != nil {
					t.Fatalf("sweep point fails Check: %v", err)
				}
			}
		}
	})
}

// day returns the date YYYY-MM-DD at midnight UTC.
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestParseEffects: every effect and its keys land in sim.Disruption.
func TestParseEffects(t *testing.T) {
	from := day("2025-10-02")
	ptr := func(v float64) *float64 { return &v }
	tests := []struct {
		name, in string
		want     sim.Disruption
	}{
		{"closure by kind and side, half a day", "  - {effect: closure, target: {kind: terminal, side: atlantic}, from: 2025-10-02, days: 0.5}\n",
			sim.Disruption{Effect: sim.Closure, Target: sim.Target{Kind: network.Terminal, Side: network.Atlantic}, From: from, Until: from.Add(12 * time.Hour)}},
		{"capacity factor on the railway, in hours", "  - {effect: capacity_factor, target: {nodes: [railway]}, factor: 0.5, from: 2025-10-02, hours: 36}\n",
			sim.Disruption{Effect: sim.CapacityFactor, Target: sim.Target{Nodes: []string{"railway"}}, Factor: 0.5, From: from, Until: from.Add(36 * time.Hour)}},
		{"productivity factor on a lock", "  - {effect: productivity_factor, target: {nodes: [gatun-locks]}, factor: 0.8, from: 2025-10-02, until: 2025-10-09}\n",
			sim.Disruption{Effect: sim.ProductivityFactor, Target: sim.Target{Nodes: []string{"gatun-locks"}}, Factor: 0.8, From: from, Until: day("2025-10-09")}},
		{"refusal by owner", "  - {name: boycott, effect: refusal, target: {owner: ck-hutchison}, vessels: {carriers: [cosco, oocl], flags: [us], segments: [container]}, from: 2025-10-02, until: 2025-10-20}\n",
			sim.Disruption{Name: "boycott", Effect: sim.Refusal, Target: sim.Target{Owner: "ck-hutchison"}, From: from, Until: day("2025-10-20"),
				Filter: sim.Filter{Carriers: []string{"cosco", "oocl"}, Flags: []string{"us"}, Segments: []string{"container"}}}},
		{"obstruction", "  - {effect: obstruction, target: {nodes: [balboa]}, from: 2025-10-02, hours: 72}\n",
			sim.Disruption{Effect: sim.Obstruction, Target: sim.Target{Nodes: []string{"balboa"}}, From: from, Until: day("2025-10-05")}},
		{"lane outage", "  - {effect: lane_outage, target: {nodes: [gatun-locks]}, lanes: 2, from: 2025-10-02, days: 3}\n",
			sim.Disruption{Effect: sim.LaneOutage, Target: sim.Target{Nodes: []string{"gatun-locks"}}, Lanes: 2, From: from, Until: day("2025-10-05")}},
		{"lane outage, one lane by default", "  - {effect: lane_outage, target: {kind: lock, side: atlantic}, from: 2025-10-02, days: 3}\n",
			sim.Disruption{Effect: sim.LaneOutage, Target: sim.Target{Kind: network.Lock, Side: network.Atlantic}, Lanes: 1, From: from, Until: day("2025-10-05")}},
		{"ramp-up from 0", "  - {effect: ramp_up, target: {operator: ppc}, factor: 0, from: 2025-10-02, until: 2025-10-09}\n",
			sim.Disruption{Effect: sim.RampUp, Target: sim.Target{Operator: "ppc"}, From: from, Until: day("2025-10-09")}},
		{"demand shock on a segment", "  - {effect: demand_shock, factor: 1.2, vessels: {segments: [lng, tanker]}, from: 2025-10-02, days: 10}\n",
			sim.Disruption{Effect: sim.DemandShock, Factor: 1.2, Filter: sim.Filter{Segments: []string{"lng", "tanker"}}, From: from, Until: day("2025-10-12")}},
		{"demand shock on every vessel", "  - {effect: demand_shock, factor: 0.8, from: 2025-10-02, days: 10}\n",
			sim.Disruption{Effect: sim.DemandShock, Factor: 0.8, From: from, Until: day("2025-10-12")}},
		{"demand shock, empty filter", "  - {effect: demand_shock, factor: 0.8, vessels: {}, from: 2025-10-02, days: 10}\n",
			sim.Disruption{Effect: sim.DemandShock, Factor: 0.8, From: from, Until: day("2025-10-12")}},
		{"slot limit", "  - {effect: slot_limit, neopanamax: 6, from: 2025-10-02, days: 10}\n",
			sim.Disruption{Effect: sim.SlotLimit, Neopanamax: ptr(6), From: from, Until: day("2025-10-12")}},
		{"random onset to a fixed end", "  - {effect: closure, target: {nodes: [mit]}, from: 2025-10-02, delay: {dist: uniform, min: 0, max: 10}, until: 2025-10-20}\n",
			sim.Disruption{Effect: sim.Closure, Target: sim.Target{Nodes: []string{"mit"}}, From: from, Until: day("2025-10-20"),
				Delay: &sim.Dist{Kind: sim.Uniform, Min: 0, Max: 10}}},
		{"random onset, fixed length: a fixed duration", "  - {effect: closure, target: {nodes: [mit]}, from: 2025-10-02, delay: {dist: exponential, mean: 5}, days: 2}\n",
			sim.Disruption{Effect: sim.Closure, Target: sim.Target{Nodes: []string{"mit"}}, From: from,
				Delay: &sim.Dist{Kind: sim.Exponential, Mean: 5}, Duration: &sim.Dist{Kind: sim.Fixed, Value: 2}}},
		{"random onset, fixed length in hours", "  - {effect: closure, target: {nodes: [mit]}, from: 2025-10-02, delay: {dist: fixed, value: 1}, hours: 12}\n",
			sim.Disruption{Effect: sim.Closure, Target: sim.Target{Nodes: []string{"mit"}}, From: from,
				Delay: &sim.Dist{Kind: sim.Fixed, Value: 1}, Duration: &sim.Dist{Kind: sim.Fixed, Value: 0.5}}},
		{"random length, with a probability", "  - {effect: closure, target: {nodes: [mit]}, from: 2025-10-02, duration: {dist: triangular, min: 1, mode: 3, max: 9}, probability: 0.25}\n",
			sim.Disruption{Effect: sim.Closure, Target: sim.Target{Nodes: []string{"mit"}}, From: from, Probability: 0.25,
				Duration: &sim.Dist{Kind: sim.Triangular, Min: 1, Mode: 3, Max: 9}}},
		{"lognormal length", "  - {effect: closure, target: {nodes: [mit]}, from: 2025-10-02, duration: {dist: lognormal, median: 3, p95: 20}}\n",
			sim.Disruption{Effect: sim.Closure, Target: sim.Target{Nodes: []string{"mit"}}, From: from,
				Duration: &sim.Dist{Kind: sim.LogNormal, Median: 3, P95: 20}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := scenarios.Parse("e.yaml", []byte(head+tt.in), ".")
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Disruptions) != 1 {
				t.Fatalf("%d disruptions", len(sc.Disruptions))
			}
			got := sc.Disruptions[0]
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %s\nwant %s", describe(got), describe(tt.want))
			}
			if err := sc.Check(); err != nil {
				t.Error(err)
			}
		})
	}
}

// describe prints a disruption with its pointers followed.
func describe(d sim.Disruption) string {
	deref := func(p any) string {
		switch p := p.(type) {
		case *float64:
			if p != nil {
				return fmt.Sprint(*p)
			}
		case *sim.Dist:
			if p != nil {
				return fmt.Sprintf("%+v", *p)
			}
		}
		return "nil"
	}
	return fmt.Sprintf("%q %s target{%#v} %s..%s delay %s duration %s p %g neo %s pan %s factor %g lanes %d filter %#v",
		d.Name, d.Effect, d.Target, d.From, d.Until, deref(d.Delay), deref(d.Duration), d.Probability,
		deref(d.Neopanamax), deref(d.Panamax), d.Factor, d.Lanes, d.Filter)
}

// TestParseTargets: the criteria of a target intersect, and owners and
// operators resolve on the date (here the start date, the window's first).
func TestParseTargets(t *testing.T) {
	tests := []struct {
		start, target, want string
	}{
		{"2025-10-01", "{owner: ck-hutchison}", "balboa,cristobal"},
		{"2025-10-01", "{owner: ck-hutchison, side: pacific}", "balboa"},
		{"2025-10-01", "{operator: ppc}", "balboa,cristobal"},
		{"2025-10-01", "{kind: lock, side: atlantic}", "gatun-locks,agua-clara-locks"},
		{"2025-10-01", "{operator: acp, kind: cut}", "culebra-cut"},
		{"2025-10-01", "{nodes: [cct, mit, psa], side: atlantic}", "mit,cct"},
		{"2026-06-01", "{kind: terminal, side: pacific}", "balboa,psa"},
	}
	for _, tt := range tests {
		in := fmt.Sprintf("name: x\nstart: %s\ndays: 30\ndisruptions:\n  - {effect: closure, target: %s, from: %s, days: 3}\n", tt.start, tt.target, tt.start)
		sc, err := scenarios.Parse("t.yaml", []byte(in), ".")
		if err != nil {
			t.Errorf("%s on %s: %v", tt.target, tt.start, err)
			continue
		}
		nodes, err := sc.Disruptions[0].Target.Resolve(network.Panama(), sc.Start)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, n := range nodes {
			ids = append(ids, n.ID)
		}
		if got := strings.Join(ids, ","); got != tt.want {
			t.Errorf("%s on %s matches %s, want %s", tt.target, tt.start, got, tt.want)
		}
	}
}

// TestParseErrorsV2 pins the message and position of each bad input of
// the version 2 keys.
func TestParseErrorsV2(t *testing.T) {
	top := "name: x\nstart: 2025-10-01\n"
	tests := []parseErrorCase{
		// Top level: limits.
		{"days beyond ten years", top + "days: 365000\n",
			`s.yaml:3:7: days must be from 1 to 3660 (ten years), got 365000`},
		{"fractional run days", top + "days: 30.5\n",
			`s.yaml:3:7: days must be a whole number, got 30.5`},
		{"replications 1e9", top + "days: 30\nreplications: 1e9\n",
			`s.yaml:4:15: replications must be from 1 to 100000, got 1000000000`},
		{"replications x days", top + "days: 3660\nreplications: 10001\n",
			`s.yaml:4:15: replications × days is 10001 × 3660 = 36603660; at most 36600000 (fewer replications or a shorter run)`},
		{"warm-up beyond a year", top + "days: 30\nwarmup_days: 400\n",
			`s.yaml:4:14: warmup_days must be from 0 to 366, got 400`},

		// Keys and types.
		{"unknown disruption key", head + "  - target: {nodes: [mit]}\n    efect: closure\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:5: unknown key "efect" in disruptions[0]; did you mean "effect"?`},
		{"unknown target key", head + "  - target: {node: [mit]}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:14: unknown key "node" in disruptions[0].target; did you mean "nodes"?`},
		{"unknown filter key", head + "  - target: {nodes: [mit]}\n    effect: refusal\n    vessels: {flag: [us]}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:15: unknown key "flag" in disruptions[0].vessels; did you mean "flags"?`},
		{"lanes as text", head + "  - target: {nodes: [gatun-locks]}\n    effect: lane_outage\n    lanes: two\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:12: disruptions[0].lanes: expected a number, got text`},
		{"vessels as a list", head + "  - target: {nodes: [mit]}\n    effect: refusal\n    vessels: [us]\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:14: disruptions[0].vessels: expected a mapping, got a list`},
		{"unknown effect", head + "  - target: {nodes: [gatun-locks]}\n    effect: lane_outtage\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: unknown effect "lane_outtage"; did you mean "lane_outage"?`},

		// When.
		{"zero days", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    days: 0\n",
			`s.yaml:8:11: disruptions[0]: days must be at least one minute (0.000694) and at most 3660, got 0`},
		{"negative days", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    days: -1\n",
			`s.yaml:8:11: disruptions[0]: days must be at least one minute (0.000694) and at most 3660, got -1`},
		{"zero hours", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    hours: 0\n",
			`s.yaml:8:12: disruptions[0]: hours must be at least one minute (0.0167) and at most 87840, got 0`},
		{"negative hours", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    hours: -6\n",
			`s.yaml:8:12: disruptions[0]: hours must be at least one minute (0.0167) and at most 87840, got -6`},
		{"disruption days 365000", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    days: 365000\n",
			`s.yaml:8:11: disruptions[0]: days must be at least one minute (0.000694) and at most 3660, got 365000`},
		{"a femtosecond", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    days: 1e-15\n",
			`s.yaml:8:11: disruptions[0]: days must be at least one minute (0.000694) and at most 3660, got 1e-15`},
		{"a delay of a billion days", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    delay: {dist: uniform, min: 0, max: 1e9}\n    days: 2\n",
			`s.yaml:8:13: disruptions[0].delay: uniform: parameters must be at most 3660 (days), got 1e+09`},
		{"until before from", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    until: 2025-10-01\n",
			`s.yaml:8:12: disruptions[0]: until 2025-10-01 must be after from 2025-10-02`},
		{"until on from", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    until: 2025-10-02\n",
			`s.yaml:8:12: disruptions[0]: until 2025-10-02 must be after from 2025-10-02`},
		{"two end keys", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    until: 2025-10-04\n    days: 2\n",
			`s.yaml:9:11: disruptions[0]: until and days both give the end; keep one of until, days, hours or duration`},
		{"two end keys, the second reported", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    hours: 5\n    duration: {dist: fixed, value: 2}\n",
			`s.yaml:9:15: disruptions[0]: hours and duration both give the end; keep one of until, days, hours or duration`},
		{"window before the run", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-08-02\n    until: 2025-09-17\n",
			`s.yaml:7:11: disruptions[0]: the window is outside the run (2025-09-17 to 2025-10-31)`},
		{"window after the run", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-31\n    hours: 1\n",
			`s.yaml:7:11: disruptions[0]: the window is outside the run (2025-09-17 to 2025-10-31)`},
		{"random duration after the run", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-11-02\n    duration: {dist: exponential, mean: 3}\n",
			`s.yaml:7:11: disruptions[0]: the window is outside the run (2025-09-17 to 2025-10-31)`},
		{"delay past the run", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    delay: {dist: uniform, min: 40, max: 50}\n    days: 3\n",
			`s.yaml:8:12: disruptions[0]: the delay is at least 40 days, so the window starts after the run (2025-09-17 to 2025-10-31) ends`},
		{"delay past until", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    delay: {dist: fixed, value: 5}\n    until: 2025-10-05\n",
			`s.yaml:8:12: disruptions[0]: the delay is at least 5 days, so the window starts on or after until 2025-10-05: it would never happen`},
		{"probability 0", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n    probability: 0\n",
			`s.yaml:9:18: disruptions[0]: probability must be greater than 0 and at most 1, got 0`},
		{"probability above 1", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n    probability: 1.5\n",
			`s.yaml:9:18: disruptions[0]: probability must be greater than 0 and at most 1, got 1.5`},

		// Distributions.
		{"uniform min above max", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration: {dist: uniform, min: 3, max: 1}\n",
			`s.yaml:8:16: disruptions[0].duration: uniform: needs 0 <= min <= max, got min 3, max 1`},
		{"lognormal p95 at the median", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration:\n      dist: lognormal\n      median: 3\n      p95: 2\n",
			`s.yaml:9:7: disruptions[0].duration: lognormal: needs 0 < median < p95, got median 3, p95 2`},
		{"triangular mode outside", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    delay: {dist: triangular, min: 1, mode: 5, max: 3}\n    days: 1\n",
			`s.yaml:8:13: disruptions[0].delay: triangular: needs 0 <= min <= mode <= max and min < max, got 1, 5, 3`},
		{"exponential mean 0", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    delay: {dist: exponential, mean: 0}\n    days: 1\n",
			`s.yaml:8:13: disruptions[0].delay: exponential: mean must be greater than 0, got 0`},
		{"negative fixed delay", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    delay: {dist: fixed, value: -1}\n    days: 1\n",
			`s.yaml:8:13: disruptions[0].delay: fixed: value must be a number of at least 0, got -1`},
		{"unknown distribution", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration: {dist: gamma, mean: 3}\n",
			`s.yaml:8:22: disruptions[0].duration: unknown distribution "gamma"; expected one of: fixed, uniform, triangular, exponential, lognormal`},
		{"misspelt distribution", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration: {dist: unifrom, min: 1, max: 3}\n",
			`s.yaml:8:22: disruptions[0].duration: unknown distribution "unifrom"; did you mean "uniform"?`},
		{"parameter of another family", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration: {dist: exponential, mean: 3, max: 9}\n",
			`s.yaml:8:49: disruptions[0].duration: exponential takes mean, not max`},
		{"missing parameter", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration: {dist: triangular, min: 1, max: 9}\n",
			`s.yaml:8:16: disruptions[0].duration: triangular needs min, mode and max; missing mode`},
		{"missing dist", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration: {min: 1, max: 9}\n",
			`s.yaml:8:16: disruptions[0].duration: missing key "dist"`},
		{"null duration", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration:\n",
			`s.yaml:8:5: disruptions[0].duration: expected a distribution such as {dist: uniform, min: 1, max: 3}, got nothing`},
		{"duration that can be 0", head + "  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n    duration: {dist: uniform, min: 0, max: 3}\n",
			`s.yaml:8:15: disruptions[0]: a duration must be greater than 0 days, but uniform(0, 3) can be 0`},

		// What: targets.
		{"unknown owner", head + "  - target: {owner: hutchisson}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:21: disruptions[0].target: unknown operator "hutchisson"; did you mean "ck-hutchison"?`},
		{"unknown kind", head + "  - target: {kind: terminals}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:20: disruptions[0].target: unknown kind "terminals"; did you mean "terminal"?`},
		{"unknown side", head + "  - target: {side: pacifc}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:20: disruptions[0].target: unknown side "pacifc"; did you mean "pacific"?`},
		{"every unknown node", head + "  - target: {nodes: [balbao, mit, cristobol]}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			"s.yaml:5:22: disruptions[0].target: unknown node \"balbao\"; did you mean \"balboa\"?\n" +
				`s.yaml:5:35: disruptions[0].target: unknown node "cristobol"; did you mean "cristobal"?`},
		{"owner gone in the window", "name: x\nstart: 2026-06-01\ndays: 30\ndisruptions:\n  - target: {owner: ck-hutchison}\n    effect: closure\n    from: 2026-06-02\n    days: 3\n",
			`s.yaml:5:13: disruptions[0].target: owner ck-hutchison matches nothing from 2026-06-02 to 2026-06-05 (targets resolve on every date of the window)`},
		{"criteria that exclude each other", head + "  - target:\n      kind: lock\n      side: pacific\n      nodes: [gatun-locks]\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:7: disruptions[0].target: nodes gatun-locks, kind lock, side pacific matches nothing from 2025-10-02 to 2025-10-05 (targets resolve on every date of the window)`},
		{"refusal of a carrier the demand lacks", head + "  - target: {nodes: [balboa]}\n    effect: refusal\n    vessels: {carriers: [maersk, hapag], flags: [PA, lb]}\n    from: 2025-10-02\n    days: 3\n",
			"s.yaml:7:34: disruptions[0].vessels: no vessel of the demand has carrier \"hapag\"; did you mean \"hapag-lloyd\"? (carriers of the demand: cma-cgm, cosco, evergreen, hapag-lloyd, hmm, maersk, msc, one, oocl, yang-ming, zim)\n" +
				"s.yaml:7:50: disruptions[0].vessels: flag \"PA\": use a two-letter country code in lower case (ISO 3166), such as us\n" +
				"s.yaml:7:54: disruptions[0].vessels: no vessel of the demand has flag \"lb\"; did you mean \"lr\"? (flags of the demand: bm, bs, gr, hk, lr, mh, mt, pa, pt, sg, us)"},
		{"demand shock of a carrier the demand lacks, in a bad window", head + "  - effect: demand_shock\n    factor: 0.5\n    vessels: {carriers: [one-line]}\n    from: 2024-10-02\n    days: 3\n",
			"s.yaml:7:26: disruptions[0].vessels: no vessel of the demand has carrier \"one-line\"; did you mean \"one\"? (carriers of the demand: cma-cgm, cosco, evergreen, hapag-lloyd, hmm, maersk, msc, one, oocl, yang-ming, zim)\n" +
				"s.yaml:8:11: disruptions[0]: the window is outside the run (2025-09-17 to 2025-10-31)"},
		{"empty target", head + "  - target: {}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:13: disruptions[0].target: empty target; give nodes, kind, side, operator or owner`},
		{"refusal on a lock", head + "  - target: {nodes: [balboa, gatun-locks]}\n    effect: refusal\n    vessels: {flags: [us]}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:30: disruptions[0].target: refusal acts on terminals, but the target matches gatun-locks (a lock); add kind: terminal to the target`},
		{"lane outage by kind on terminals", head + "  - target: {kind: terminal}\n    effect: lane_outage\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:20: disruptions[0].target: lane_outage acts on locks, but the target matches balboa (a terminal) and 4 more node(s) it does not act on`},
		{"capacity factor on a lake", head + "  - target: {side: atlantic, owner: acp}\n    effect: capacity_factor\n    factor: 0.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:13: disruptions[0].target: capacity_factor acts on terminals, locks and railways, but the target matches gatun-lake (a lake) and 2 more node(s) it does not act on`},
		{"obstruction of an approach", head + "  - target: {nodes: [pacific-approach]}\n    effect: obstruction\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:22: disruptions[0].target: obstruction acts on terminals, but the target matches pacific-approach (an approach); add kind: terminal to the target`},

		// The keys of each effect.
		{"missing factor", head + "  - target: {nodes: [balboa]}\n    effect: capacity_factor\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:5: disruptions[0]: capacity_factor needs a factor (the share of the capacity left, such as 0.5)`},
		{"factor above the limit", head + "  - target: {nodes: [balboa]}\n    effect: productivity_factor\n    factor: 80\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:13: disruptions[0]: factor must be greater than 0 and at most 10, got 80`},
		{"demand shock factor 0", head + "  - effect: demand_shock\n    factor: 0\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: factor must be greater than 0 and at most 10, got 0`},
		{"ramp-up from full", head + "  - target: {nodes: [balboa]}\n    effect: ramp_up\n    factor: 1\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:13: disruptions[0]: ramp_up's factor is its starting productivity: from 0 to below 1, got 1`},
		{"ramp-up without factor", head + "  - target: {nodes: [balboa]}\n    effect: ramp_up\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:5: disruptions[0]: ramp_up needs a factor (the starting productivity, from 0 to below 1, such as 0.5)`},
		{"refusal without vessels", head + "  - target: {nodes: [balboa]}\n    effect: refusal\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:5: disruptions[0]: refusal needs vessels: the carriers, flags or segments refused, such as vessels: {flags: [us]}`},
		{"refusal with an empty filter", head + "  - target: {nodes: [balboa]}\n    effect: refusal\n    vessels: {carriers: []}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:14: disruptions[0]: refusal needs vessels: the carriers, flags or segments refused; the filter lists none`},
		{"bad flag", head + "  - target: {nodes: [balboa]}\n    effect: refusal\n    vessels: {flags: [us, USA]}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:27: disruptions[0].vessels: flag "USA": use a two-letter country code in lower case (ISO 3166), such as us`},
		{"unknown segment", head + "  - effect: demand_shock\n    factor: 2\n    vessels: {segments: [containers]}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:26: disruptions[0].vessels: unknown segment "containers"; did you mean "container"?`},
		{"bad carrier", head + "  - target: {nodes: [balboa]}\n    effect: refusal\n    vessels: {carriers: [COSCO Shipping]}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:26: disruptions[0].vessels: carrier "COSCO Shipping": use lower-case letters, digits and '-', such as cosco`},
		{"vessels on a closure", head + "  - target: {nodes: [balboa]}\n    effect: closure\n    vessels: {flags: [us]}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:14: disruptions[0]: closure takes no vessels (only refusal and demand_shock do)`},
		{"lanes on an obstruction", head + "  - target: {nodes: [balboa]}\n    effect: obstruction\n    lanes: 1\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:12: disruptions[0]: obstruction takes no lanes (only lane_outage does)`},
		{"more lanes than the lock has", head + "  - target: {nodes: [agua-clara-locks]}\n    effect: lane_outage\n    lanes: 2\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:12: disruptions[0]: lanes 2: agua-clara-locks has 1 lane(s)`},
		{"zero lanes", head + "  - target: {nodes: [gatun-locks]}\n    effect: lane_outage\n    lanes: 0\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:12: disruptions[0]: lanes must be a whole number of at least 1, got 0`},
		{"half a lane", head + "  - target: {nodes: [gatun-locks]}\n    effect: lane_outage\n    lanes: 1.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:12: disruptions[0]: lanes must be a whole number of at least 1, got 1.5`},
		{"duplicate names", head + "  - {name: a, target: {nodes: [mit]}, effect: closure, from: 2025-10-02, days: 3}\n  - {name: a, target: {nodes: [cct]}, effect: closure, from: 2025-10-02, days: 3}\n",
			`s.yaml:6:12: disruptions[1]: the name "a" is taken by an earlier disruption; names must be unique`},
	}
	checkParseErrors(t, tests)
}

// TestV2ErrorsAtOnce: the problems of several disruptions, of keys,
// distributions and targets, are reported together.
func TestV2ErrorsAtOnce(t *testing.T) {
	in := head + `  - target: {nodes: [gatun-locks]}
    effect: refusal
    vessels: {flags: [USA]}
    from: 2025-10-02
    hours: 0
  - target: {kind: lock}
    effect: refusal
    from: 2025-10-02
    days: 5
  - effect: demand_shock
    factor: 11
    from: 2025-10-02
    delay: {dist: triangular, min: 40, mode: 50, max: 60}
    until: 2025-10-20
    probability: 0
`
	_, err := scenarios.Parse("m.yaml", []byte(in), ".")
	want := `m.yaml:5:22: disruptions[0].target: refusal acts on terminals, but the target matches gatun-locks (a lock); add kind: terminal to the target
m.yaml:7:23: disruptions[0].vessels: flag "USA": use a two-letter country code in lower case (ISO 3166), such as us
m.yaml:9:12: disruptions[0]: hours must be at least one minute (0.0167) and at most 87840, got 0
m.yaml:10:5: disruptions[1]: refusal needs vessels: the carriers, flags or segments refused, such as vessels: {flags: [us]}
m.yaml:10:20: disruptions[1].target: refusal acts on terminals, but the target matches miraflores-locks (a lock) and 4 more node(s) it does not act on
m.yaml:15:13: disruptions[2]: factor must be greater than 0 and at most 10, got 11
m.yaml:17:12: disruptions[2]: the delay is at least 40 days, so the window starts after the run (2025-09-17 to 2025-10-31) ends
m.yaml:19:18: disruptions[2]: probability must be greater than 0 and at most 1, got 0`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// write writes files into dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const (
	incA = `name: a
start: 2025-10-01
days: 30
disruptions:
  - name: a1
    target: {nodes: [balboa]}
    effect: closure
    from: 2025-10-05
    days: 2
`
	incB = `name: b
start: 2025-10-01
days: 30
include: [a.yaml]
disruptions:
  - name: b1
    effect: inflow_factor
    factor: 0.5
    from: 2025-10-05
    days: 2
`
)

// TestInclude: included disruptions come first, in include order, nested
// includes resolve from their own file's folder, and library scenarios
// are included by name.
func TestInclude(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a.yaml":     incA,
		"sub/b.yaml": strings.Replace(incB, "[a.yaml]", "[../a.yaml]", 1),
		"main.yaml": `name: main
start: 2025-10-01
days: 120
include: [sub/b.yaml, ppc-closure]
disruptions:
  - name: own
    target: {nodes: [mit]}
    effect: closure
    from: 2025-10-10
    hours: 6
`,
	})
	sc, src, err := scenarios.Load(filepath.Join(dir, "main.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range sc.Disruptions {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, ","); got != "a1,b1,CK Hutchison terminals closed,own" {
		t.Errorf("disruptions %s, want a1,b1,CK Hutchison terminals closed,own", got)
	}
	if sc.Name != "main" || sc.Days != 120 || src.Name != filepath.Join(dir, "main.yaml") {
		t.Errorf("scenario %s, %d days, source %s", sc.Name, sc.Days, src.Name)
	}
	if d := sc.Disruptions[1]; d.Effect != sim.InflowFactor || d.Factor != 0.5 {
		t.Errorf("b1 = %s", describe(d))
	}

	// A library scenario includes library scenarios by name, not files.
	lib := "name: l\nstart: 2025-10-01\ndays: 120\ninclude: [ppc-closure, a.yaml]\n"
	_, err = scenarios.Parse("library:l", []byte(lib), dir)
	want := `library:l:4:24: include "a.yaml": no library scenario of that name (a library scenario includes library scenarios by name); expected one of: ` + strings.Join(scenarios.Library(), ", ")
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestIncludeErrors: a missing file, a cycle, an included file's own
// errors (at its own positions), and included disruptions that do not fit
// the including scenario (at the include entry).
func TestIncludeErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a.yaml":    incA,
		"b.yaml":    incB,
		"c1.yaml":   "name: c1\nstart: 2025-10-01\ndays: 30\ninclude: [c2.yaml]\n",
		"c2.yaml":   "name: c2\nstart: 2025-10-01\ndays: 30\ninclude: [c1.yaml]\n",
		"self.yaml": "name: self\nstart: 2025-10-01\ndays: 30\ninclude: [self.yaml]\n",
		"bad.yaml":  "name: bad\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - effect: closure\n    target: {nodes: [balbao]}\n    from: 2025-10-05\n    days: 2\n",
	})
	path := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name, in, want string
	}{
		{"missing file", "name: x\nstart: 2025-10-01\ndays: 30\ninclude: [b.yaml, missing.yaml]\n",
			`s.yaml:4:19: include "missing.yaml": no such file, and no library scenario of that name (library: ` + strings.Join(scenarios.Library(), ", ") + `)`},
		{"misspelt library name", "name: x\nstart: 2025-10-01\ndays: 30\ninclude:\n  - ppc-closur\n",
			`s.yaml:5:5: include "ppc-closur": no such file, and no library scenario of that name (library: ` + strings.Join(scenarios.Library(), ", ") + `); did you mean "ppc-closure"?`},
		{"cycle", "name: x\nstart: 2025-10-01\ndays: 30\ninclude: [c1.yaml]\n",
			path("c2.yaml") + `:4:11: include "c1.yaml": a cycle of includes (` + path("c1.yaml") + ` -> ` + path("c2.yaml") + ` -> ` + path("c1.yaml") + `)`},
		{"errors of the included file", "name: x\nstart: 2025-10-01\ndays: 30\ninclude: [bad.yaml]\nsede: 1\n",
			path("bad.yaml") + `:6:22: disruptions[0].target: unknown node "balbao"; did you mean "balboa"?` + "\n" +
				`s.yaml:5:1: unknown key "sede"; did you mean "seed"?`},
		{"outside the including run", "name: x\nstart: 2026-06-01\ndays: 30\ninclude: [ppc-closure, b.yaml]\n",
			`s.yaml:4:11: include: library:ppc-closure, disruptions[0] ("CK Hutchison terminals closed"): the window is outside the run (2026-05-18 to 2026-07-01)` + "\n" +
				`s.yaml:4:24: include: ` + path("b.yaml") + `, disruptions[0] ("a1"): the window is outside the run (2026-05-18 to 2026-07-01)` + "\n" +
				`s.yaml:4:24: include: ` + path("b.yaml") + `, disruptions[1] ("b1"): the window is outside the run (2026-05-18 to 2026-07-01)`},
		{"name taken by an included disruption", "name: x\nstart: 2025-10-01\ndays: 30\ninclude: [b.yaml]\ndisruptions:\n  - {name: a1, effect: inflow_factor, factor: 0.9, from: 2025-10-01, days: 3}\n",
			`s.yaml:6:12: disruptions[0]: the name "a1" is taken by an earlier disruption; names must be unique`},
		{"the same file twice", "name: x\nstart: 2025-10-01\ndays: 30\ninclude: [a.yaml, a.yaml]\n",
			`s.yaml:4:19: include: ` + path("a.yaml") + `, disruptions[0] ("a1"): the name "a1" is taken by an earlier disruption; names must be unique`},
		{"a folder", "name: x\nstart: 2025-10-01\ndays: 30\ninclude: [.]\n",
			`s.yaml:4:11: include ".": ` + dir + ` is not a regular file`},
		{"empty name", "name: x\nstart: 2025-10-01\ndays: 30\ninclude: ['']\n",
			`s.yaml:4:11: include: empty name; give a file path or a library scenario name`},
		{"not a list", "name: x\nstart: 2025-10-01\ndays: 30\ninclude: a.yaml\n",
			`s.yaml:4:10: include: expected a list, got text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Parse("s.yaml", []byte(tt.in), dir)
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			for _, e := range input.AsErrors(err) {
				if !e.Pos.IsValid() {
					t.Errorf("no position: %v", e)
				}
			}
		})
	}
	// The self-include is found from the file itself too.
	_, err := scenarios.Parse("self.yaml", []byte("name: self\nstart: 2025-10-01\ndays: 30\ninclude: [self.yaml]\n"), dir)
	if err == nil || !strings.Contains(err.Error(), "self.yaml:4:11: include \"self.yaml\": a cycle of includes") {
		t.Errorf("self-include: %v", err)
	}
}

// TestIncludeBound: a scenario includes MaxIncludes files in all, nested
// ones counted; the first beyond is an error at its entry, and the files
// beyond it are not read.
func TestIncludeBound(t *testing.T) {
	dir := t.TempDir()
	head := "name: x\nstart: 2025-10-01\ndays: 30\n"
	write(t, dir, map[string]string{
		"e.yaml":    head,
		"two.yaml":  head + "include: [e.yaml, e.yaml]\n",
		"none.yaml": head + "include: [missing.yaml]\n",
	})
	list := func(name string, n int) string {
		return head + "include: [" + strings.TrimSuffix(strings.Repeat(name+", ", n), ", ") + "]\n"
	}
	if _, err := scenarios.Parse("s.yaml", []byte(list("e.yaml", scenarios.MaxIncludes)), dir); err != nil {
		t.Errorf("%d includes: %v", scenarios.MaxIncludes, err)
	}
	// 21 files that include two each: 63 in all.
	if _, err := scenarios.Parse("s.yaml", []byte(list("two.yaml", 21)), dir); err != nil {
		t.Errorf("21 x (1 + 2) includes: %v", err)
	}
	col := len("include: [") + 1 + scenarios.MaxIncludes*len("e.yaml, ")
	want := fmt.Sprintf(`s.yaml:4:%d: include "e.yaml": more than %d files included in all`, col, scenarios.MaxIncludes)
	_, err := scenarios.Parse("s.yaml", []byte(list("e.yaml", 1000)), dir)
	if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Count(err.Error(), "\n") > 0 {
		t.Errorf("1000 includes: %v\nwant one error, %s…", err, want)
	}
	// A nested include counts: the 65th is the first of the 22nd file's,
	// and the file beyond, which includes a missing one, is not read.
	in := strings.Replace(list("two.yaml", 22), "]", ", none.yaml]", 1)
	_, err = scenarios.Parse("s.yaml", []byte(in), dir)
	want = filepath.Join(dir, "two.yaml") + fmt.Sprintf(`:4:11: include "e.yaml": more than %d files included in all`, scenarios.MaxIncludes)
	if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Count(err.Error(), "\n") > 0 {
		t.Errorf("22 x (1 + 2) includes: %v\nwant one error, %s…", err, want)
	}
}

// TestSweep: a sweep expands into one scenario per value, named
// NAME.KEY-VALUE, each differing from the file in that value only.
func TestSweep(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a.yaml": incA})
	in := `name: sw
start: 2025-10-01
days: 60
replications: 7
seed: 3
include: [a.yaml]
disruptions:
  - name: strike
    target: {nodes: [balboa, psa]}
    effect: productivity_factor
    factor: 0.5
    from: 2025-10-10
    days: 10
sweep:
  parameter: disruptions[strike].factor
  values: [0.25, 0.5, 0.75]
`
	sc, err := scenarios.Parse("sw.yaml", []byte(in), dir)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "sw" || sc.Disruptions[1].Factor != 0.5 {
		t.Errorf("Parse of a sweep file gives %s with factor %g, want the file as written", sc.Name, sc.Disruptions[1].Factor)
	}
	sw, err := scenarios.ParseSweep("sw.yaml", []byte(in), dir)
	if err != nil {
		t.Fatal(err)
	}
	if sw.Parameter != "disruptions[strike].factor" || sw.Key != "factor" ||
		!reflect.DeepEqual(sw.Values, []float64{0.25, 0.5, 0.75}) || !reflect.DeepEqual(sw.Labels, []string{"0.25", "0.5", "0.75"}) {
		t.Errorf("sweep %+v", sw)
	}
	for i, p := range sw.Scenarios {
		if want := "sw.factor-" + sw.Labels[i]; p.Name != want {
			t.Errorf("point %d is named %s, want %s", i, p.Name, want)
		}
		if p.Seed != 3 || p.Replications != 7 || p.Days != 60 || len(p.Disruptions) != 2 {
			t.Errorf("point %d: seed %d, %d replications, %d days, %d disruptions", i, p.Seed, p.Replications, p.Days, len(p.Disruptions))
		}
		if p.Disruptions[1].Factor != sw.Values[i] || p.Disruptions[0].Name != "a1" {
			t.Errorf("point %d: factor %g", i, p.Disruptions[1].Factor)
		}
		if err := p.Check(); err != nil {
			t.Error(err)
		}
	}
	if sc.Disruptions[1].Factor != 0.5 {
		t.Error("expanding the sweep changed the scenario")
	}

	// Days, by index in the list after include, and hours after a
	// random delay (a fixed duration).
	days := strings.Replace(in, "disruptions[strike].factor", "disruptions[1].days", 1)
	days = strings.Replace(days, "[0.25, 0.5, 0.75]", "[0.5, 1, 30]", 1)
	sw, err = scenarios.ParseSweep("sw.yaml", []byte(days), dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []time.Time{day("2025-10-10").Add(12 * time.Hour), day("2025-10-11"), day("2025-11-09")} {
		if got := sw.Scenarios[i].Disruptions[1].Until; !got.Equal(want) {
			t.Errorf("days %g ends %s, want %s", sw.Values[i], got, want)
		}
	}
	if got := sw.Scenarios[0].Name; got != "sw.days-0.5" {
		t.Errorf("name %s", got)
	}
	hours := strings.Replace(days, "days: 10", "delay: {dist: uniform, min: 0, max: 5}\n    hours: 10", 1)
	hours = strings.Replace(hours, "disruptions[1].days", "disruptions[1].hours", 1)
	sw, err = scenarios.ParseSweep("sw.yaml", []byte(hours), dir)
	if err != nil {
		t.Fatal(err)
	}
	if d := sw.Scenarios[2].Disruptions[1]; d.Duration == nil || d.Duration.Kind != sim.Fixed || d.Duration.Value != 30.0/24 || !d.Until.IsZero() {
		t.Errorf("hours 30 after a delay: %s", describe(d))
	}

	// Neopanamax slots, lanes and probability.
	for _, tt := range []struct{ d, param, values, check string }{
		{"{effect: slot_limit, neopanamax: 9, panamax: 20, from: 2025-10-02, days: 5}", "neopanamax", "[4, 6]", "neo"},
		{"{effect: lane_outage, target: {nodes: [gatun-locks]}, from: 2025-10-02, days: 5}", "lanes", "[1, 2]", "lanes"},
		{"{effect: closure, target: {nodes: [mit]}, from: 2025-10-02, days: 5}", "probability", "[0.1, 1]", "p"},
	} {
		in := fmt.Sprintf("name: s\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - %s\nsweep: {parameter: 'disruptions[0].%s', values: %s}\n", tt.d, tt.param, tt.values)
		sw, err := scenarios.ParseSweep("s.yaml", []byte(in), ".")
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range sw.Scenarios {
			d := p.Disruptions[0]
			var got float64
			switch tt.check {
			case "neo":
				got = *d.Neopanamax
				if *d.Panamax != 20 {
					t.Errorf("panamax %g", *d.Panamax)
				}
			case "lanes":
				got = float64(d.Lanes)
			case "p":
				got = d.Probability
			}
			if got != sw.Values[i] {
				t.Errorf("%s point %d: %g, want %g", tt.param, i, got, sw.Values[i])
			}
		}
		if tt.check == "neo" && sw.Scenarios[0].Disruptions[0].Neopanamax == sw.Scenarios[1].Disruptions[0].Neopanamax {
			t.Error("points share a limit")
		}
	}

	// A file without a sweep has none.
	if sw, err := scenarios.ParseSweep("g.yaml", []byte(good), "."); sw != nil || err != nil {
		t.Errorf("ParseSweep without a sweep = %v, %v", sw, err)
	}
}

// TestSweepErrors pins the message and position of each bad sweep.
func TestSweepErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a.yaml": incA})
	base := `name: x
start: 2025-10-01
days: 30
include: [a.yaml]
disruptions:
  - name: b1
    effect: inflow_factor
    factor: 0.5
    from: 2025-10-05
    days: 2
  - {name: until, target: {nodes: [gatun-locks]}, effect: lane_outage, from: 2025-10-05, until: 2025-10-08}
sweep:
`
	tests := []struct {
		name, sweep, want string
	}{
		{"unknown name", "  parameter: disruptions[b2].days\n  values: [1]\n",
			`s.yaml:13:14: sweep.parameter: no disruption named "b2"; did you mean "b1"?`},
		{"index beyond the list", "  parameter: disruptions[3].days\n  values: [1]\n",
			`s.yaml:13:14: sweep.parameter: no disruptions[3]: the scenario has 3 disruption(s), included ones first, counted from 0`},
		{"unknown key", "  parameter: disruptions[b1].dayz\n  values: [1]\n",
			`s.yaml:13:14: sweep.parameter: a sweep cannot vary "dayz"; did you mean "days"?`},
		{"key not swept", "  parameter: disruptions[b1].from\n  values: [1]\n",
			`s.yaml:13:14: sweep.parameter: a sweep cannot vary "from"; it varies one of days, hours, factor, neopanamax, panamax, lanes, probability`},
		{"not a parameter", "  parameter: days\n  values: [1]\n",
			`s.yaml:13:14: sweep.parameter: expected disruptions[INDEX].KEY, disruptions[NAME].KEY, or the path of a number of the network or the demand, such as disruptions[0].days or network.nodes.railway.rail.capacity_teu_per_day; got "days"`},
		{"a network path that goes wrong", "  parameter: network.nodes.railway.rail.capacity\n  values: [1]\n",
			`s.yaml:13:14: sweep.parameter: nodes.railway.rail has no key "capacity"; expected one of: length_m, capacity_teu_per_day`},
		{"a network value the network refuses", "  parameter: network.nodes.railway.rail.capacity_teu_per_day\n  values: [100, 0]\n",
			`s.yaml:14:17: sweep.values[1]: sim: scenario x: with network.nodes.railway.rail.capacity_teu_per_day = 0: capacity_teu_per_day must be greater than 0, got 0`},
		{"a demand value repeated", "  parameter: demand.call_diversion.capacity_margin\n  values: [0.1, 0.1]\n",
			`s.yaml:14:17: sweep.values[1]: 0.1 repeats values[0]`},
		{"key the effect does not take", "  parameter: disruptions[0].factor\n  values: [1]\n",
			`s.yaml:13:14: sweep.parameter: disruptions[0]: closure takes no factor (only capacity_factor, productivity_factor, ramp_up, inflow_factor and demand_shock do)`},
		{"days of a window given by until", "  parameter: disruptions[until].days\n  values: [1]\n",
			`s.yaml:13:14: sweep.parameter: disruptions[2] gives its end with until, not days; a sweep over days needs a disruption with days`},
		{"no values", "  parameter: disruptions[b1].days\n  values: []\n",
			`s.yaml:14:11: sweep.values: give 1 to 200 values, got 0`},
		{"too many values", "  parameter: disruptions[b1].factor\n  values: [" + strings.Repeat("0.5, ", 200) + "1]\n",
			`s.yaml:14:11: sweep.values: give 1 to 200 values, got 201`},
		{"negative days", "  parameter: disruptions[b1].days\n  values: [1, -1]\n",
			`s.yaml:14:15: sweep.values[1]: days must be at least one minute (0.000694) and at most 3660, got -1`},
		{"repeated value", "  parameter: disruptions[b1].days\n  values: [1, 2, 1]\n",
			`s.yaml:14:18: sweep.values[2]: 1 repeats values[0]`},
		{"factor out of range", "  parameter: disruptions[b1].factor\n  values:\n    - 0.5\n    - 11\n",
			`s.yaml:16:7: sweep.values[1]: factor must be greater than 0 and at most 10, got 11`},
		{"too many lanes", "  parameter: disruptions[until].lanes\n  values: [1, 2, 3]\n",
			`s.yaml:14:18: sweep.values[2]: lanes 3: gatun-locks has 2 lane(s)`},
		{"probability 0", "  parameter: disruptions[0].probability\n  values: [0, 0.5]\n",
			`s.yaml:14:12: sweep.values[0]: probability must be greater than 0 and at most 1, got 0`},
		{"missing values", "  parameter: disruptions[0].days\n",
			`s.yaml:13:3: sweep: missing key "values"`},
		{"values not numbers", "  parameter: disruptions[0].days\n  values: [1, two]\n",
			`s.yaml:14:15: sweep.values[1]: expected a number, got text`},
		{"null sweep", "",
			`s.yaml:12:1: sweep: expected a mapping {parameter: ..., values: [...]}, got nothing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base + tt.sweep
			_, err := scenarios.ParseSweep("s.yaml", []byte(in), dir)
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			// Parse reports the same: the file is wrong either way.
			if _, perr := scenarios.Parse("s.yaml", []byte(in), dir); perr == nil || perr.Error() != err.Error() {
				t.Errorf("Parse: %v", perr)
			}
		})
	}
}

// TestLibrarySweeps: the library's sweep files expand, and (*Source).Sweep
// agrees with ParseSweep.
func TestLibrarySweeps(t *testing.T) {
	found := false
	for _, name := range scenarios.Library() {
		src, err := scenarios.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sw, err := src.Sweep()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if sw == nil {
			continue
		}
		found = true
		if len(sw.Scenarios) != len(sw.Values) || len(sw.Labels) != len(sw.Values) {
			t.Errorf("%s: %d scenarios, %d labels for %d values", name, len(sw.Scenarios), len(sw.Labels), len(sw.Values))
		}
		for i, p := range sw.Scenarios {
			if want := fmt.Sprintf("%s.%s-%g", name, sw.Key, sw.Values[i]); p.Name != want {
				t.Errorf("%s: point %d named %s, want %s", name, i, p.Name, want)
			}
			if err := p.Check(); err != nil {
				t.Errorf("%s: %v", p.Name, err)
			}
		}
	}
	if !found {
		t.Skip("no sweep in the library")
	}
	sw, err := func() (*scenarios.Sweep, error) {
		src, err := scenarios.Open("ppc-closure-sweep")
		if err != nil {
			return nil, err
		}
		return src.Sweep()
	}()
	if err == nil && sw != nil && len(sw.Scenarios) > 0 {
		if d := sw.Scenarios[len(sw.Scenarios)-1].Disruptions[0]; d.Until.Sub(d.From) != time.Duration(sw.Values[len(sw.Values)-1]*24)*time.Hour {
			t.Errorf("ppc-closure-sweep's last point lasts %v", d.Until.Sub(d.From))
		}
	}
}

// parseErrorCase is a file named s.yaml and the error it must give.
type parseErrorCase struct{ name, in, want string }

// checkParseErrors parses each case and checks its error, which must
// carry positions.
func checkParseErrors(t *testing.T, tests []parseErrorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Parse("s.yaml", []byte(tt.in), ".")
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if input.AsErrors(err) == nil {
				t.Errorf("error %T carries no position", err)
			}
		})
	}
}
