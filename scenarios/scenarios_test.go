package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

func TestLibrary(t *testing.T) {
	names := scenarios.Library()
	for _, want := range []string{"baseline", "ppc-closure"} {
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
	want := `ppc-closur: no such file, and no library scenario of that name (library: baseline, ppc-closure); did you mean "ppc-closure"?`
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
