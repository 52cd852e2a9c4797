package scenarios_test

import (
	"fmt"
	"os"
	"path/filepath"
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
  - target: {operator: ck-hutchison}
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
	tests := []struct {
		name, in, want string
	}{
		{"unknown key", "name: x\nstart: 2025-01-01\ndays: 3\nreplication: 4\n",
			`s.yaml:4:1: unknown key "replication"; did you mean "replications"?`},
		{"wrong type", "name: x\nstart: 2025-01-01\ndays: many\n",
			`s.yaml:3:7: days: expected a whole number, got text`},
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
			`s.yaml:5:24: disruptions[0].target: operator "ppc" controls nothing on 2026-06-01`},
		{"unknown operator, no close match", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {operator: cosco}\n    effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:24: disruptions[0].target: unknown operator "cosco"; expected one of: ck-hutchison, hutchison-ports, ppc, maersk, apmt, msc, til, ssa-marine, evergreen, psa-international, acp, pcrc-jv`},
		{"unknown effect", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {nodes: [mit]}\n    effect: closed\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: unknown effect "closed"; did you mean "closure"?`},
		{"no end", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {nodes: [mit]}\n    effect: closure\n    from: 2025-10-02\n",
			`s.yaml:5:5: disruptions[0]: missing key "until" or "days" (when it ends)`},
		{"outside run", "name: x\nstart: 2025-10-01\ndays: 30\ndisruptions:\n  - target: {nodes: [mit]}\n    effect: closure\n    from: 2026-10-02\n    days: 3\n",
			`s.yaml:7:11: disruptions[0] is outside the run (2025-09-17 to 2025-10-31)`},
		{"bad name", "name: ../x\nstart: 2025-10-01\ndays: 30\n",
			`s.yaml:1:7: name "../x": use letters, digits, '.', '_' and '-' only (it names the output folder)`},
		{"empty", "", `s.yaml:1:1: the file is empty; expected a mapping of keys`},

		// Canal-wide effects and the keys each effect takes.
		{"closure without target", head + "  - effect: closure\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:5: disruptions[0]: closure needs a target`},
		{"null target", head + "  - effect: closure\n    target:\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:5: disruptions[0].target: empty target; give nodes: [...] or operator: ...`},
		{"canal-wide with target", head + "  - effect: slot_limit\n    target: {nodes: [mit]}\n    neopanamax: 5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: slot_limit acts on the whole canal and takes no target`},
		{"canal-wide with block target", head + "  - effect: inflow_factor\n    factor: 0.5\n    target:\n      operator: ppc\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:8:7: disruptions[0]: inflow_factor acts on the whole canal and takes no target`},
		{"canal-wide with empty target", head + "  - effect: draft_limit\n    neopanamax: 44\n    target: {}\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:13: disruptions[0]: draft_limit acts on the whole canal and takes no target`},
		{"factor on closure", head + "  - target: {nodes: [mit]}\n    effect: closure\n    factor: 0.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:13: disruptions[0]: closure takes no factor (only inflow_factor does)`},
		{"neopanamax on inflow_factor", head + "  - effect: inflow_factor\n    factor: 0.5\n    neopanamax: 3\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:17: disruptions[0]: inflow_factor takes no neopanamax (only slot_limit and draft_limit do)`},
		{"panamax on closure", head + "  - target: {nodes: [mit]}\n    effect: closure\n    panamax: 20\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:14: disruptions[0]: closure takes no panamax (only slot_limit and draft_limit do)`},
		{"factor on draft_limit", head + "  - effect: draft_limit\n    neopanamax: 44\n    factor: 0.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:7:13: disruptions[0]: draft_limit takes no factor (only inflow_factor does)`},
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
			`s.yaml:6:13: disruptions[0]: factor must be greater than 0, got 0`},
		{"negative factor", head + "  - effect: inflow_factor\n    factor: -0.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0]: factor must be greater than 0, got -0.5`},
		// A value that fails to decode is reported once: not again as missing.
		{"null slot limit", head + "  - effect: slot_limit\n    neopanamax:\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:16: disruptions[0].neopanamax: expected a number, got nothing (null)`},
		{"text factor", head + "  - effect: inflow_factor\n    factor: dry\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:6:13: disruptions[0].factor: expected a number, got text`},
		// An unknown effect's parameters and missing target cannot be judged.
		{"unknown effect with parameters", head + "  - effect: slot_limt\n    neopanamax: 1.5\n    from: 2025-10-02\n    days: 3\n",
			`s.yaml:5:13: disruptions[0]: unknown effect "slot_limt"; did you mean "slot_limit"?`},
	}
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
cw.yaml:15:5: disruptions[2]: closure needs a target
cw.yaml:16:14: disruptions[2]: closure takes no panamax (only slot_limit and draft_limit do)
cw.yaml:19:5: disruptions[3]: draft_limit needs neopanamax, panamax or both (feet)
cw.yaml:21:12: disruptions[3]: until 2025-10-01 must be after from 2025-10-02`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// TestDrought2023 pins the library's drought scenario to the timeline of
// shared/data/panama.md, section 3: on each date, the strictest limit in
// force (0 for none).
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
		{"2023-01-01", 0, 0, 0, 0.7},
		{"2023-04-18", 0, 0, 0, 0.7},
		{"2023-04-19", 0, 0, 47.5, 0.7},
		{"2023-05-30", 0, 0, 44, 0.7},
		{"2023-07-29", 0, 0, 44, 0.7},
		{"2023-07-30", 10, 22, 44, 0.7},
		{"2023-10-01", 10, 22, 44, 0.59},
		{"2023-10-31", 10, 22, 44, 0.59},
		{"2023-11-01", 9, 22, 44, 0.7},
		{"2023-11-03", 7, 18, 44, 0.7},
		{"2023-11-06", 7, 18, 44, 0.7},
		{"2023-11-07", 7, 17, 44, 0.7},
		{"2023-12-01", 6, 16, 44, 0.7},
		{"2023-12-31", 6, 16, 44, 0.7},
		{"2024-01-01", 6, 16, 44, 0},
		{"2024-01-15", 6, 16, 44, 0},
		{"2024-01-16", 7, 17, 44, 0},
		{"2024-03-18", 7, 20, 44, 0},
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
	want := `ppc-closur: no such file, and no library scenario of that name (library: baseline, drought-2023, ppc-closure); did you mean "ppc-closure"?`
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
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenarios.Parse("f.yaml", data, t.TempDir())
		if err != nil {
			l := input.AsErrors(err)
			if l == nil {
				t.Fatalf("error without position: %v", err)
			}
			for _, e := range l {
				if e.Pos.File != "f.yaml" || e.Pos.Line < 1 || e.Pos.Col < 1 {
					t.Fatalf("bad position in %q", e.Error())
				}
			}
			return
		}
		if err := sc.Check(); err != nil {
			t.Fatalf("Parse accepted a scenario that fails Check: %v", err)
		}
	})
}
