package scenarios_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// The tests of this file keep schema.json, the JSON Schema of the scenario
// format that editors use for completion and hover help, in step with the
// loader: every library scenario must validate, the schema must accept and
// reject what the format does, and its enums must list exactly the
// effects, node kinds, segments and distribution families of package sim.

const schemaFile = "schema.json"

// schemaID is the schema's $id.
const schemaID = "https://github.com/canalsim/canalsim/scenarios/schema.json"

// compileSchema reads and compiles schema.json. Compiling also validates
// the schema against the draft 2020-12 meta-schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemaID)
	if err != nil {
		t.Fatalf("%s: %v", schemaFile, err)
	}
	return sch
}

// yamlToJSON converts a YAML document to the JSON value a schema
// validator reads: the YAML is decoded into any and re-encoded as JSON
// (numbers stay json.Number). goccy/go-yaml decodes a date such as
// 2025-10-01 into any as a string; a time.Time, should a version decode
// one, is written back as YYYY-MM-DD, the format's only date form.
func yamlToJSON(data []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	b, err := json.Marshal(dates(v))
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// dates replaces the time.Time values in v with their dates.
func dates(v any) any {
	switch v := v.(type) {
	case time.Time:
		return v.Format(time.DateOnly)
	case map[string]any:
		for k, x := range v {
			v[k] = dates(x)
		}
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = dates(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = dates(x)
		}
	}
	return v
}

// validate checks a YAML document against the schema.
func validate(sch *jsonschema.Schema, doc string) error {
	v, err := yamlToJSON([]byte(doc))
	if err != nil {
		return fmt.Errorf("not convertible to JSON: %w", err)
	}
	return sch.Validate(v)
}

// locations returns the instance locations of a validation error and of
// all its causes, as JSON pointers.
func locations(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var locs []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		locs = append(locs, "/"+strings.Join(e.InstanceLocation, "/"))
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return locs
}

func TestSchemaLibrary(t *testing.T) {
	sch := compileSchema(t)
	names := scenarios.Library()
	if len(names) == 0 {
		t.Fatal("empty library")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			src, err := scenarios.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := validate(sch, string(src.Text)); err != nil {
				t.Errorf("library scenario %s does not validate against %s:\n%v", name, schemaFile, err)
			}
		})
	}
}

// schemaHead starts a scenario; disruptions are appended.
const schemaHead = "name: t\nstart: 2025-10-01\ndays: 120\n"

// one returns a scenario with a single disruption given as a flow mapping.
func one(disruption string) string {
	return schemaHead + "disruptions:\n  - " + disruption + "\n"
}

func TestSchemaValid(t *testing.T) {
	sch := compileSchema(t)
	for _, tc := range []struct{ name, doc string }{
		{"minimal", schemaHead},
		{"every top-level key", `name: Full_1.0-x
description: every key
network: networks/test.yaml
demand: networks/test-demand.yaml
start: 2024-02-29
days: 3660
warmup_days: 0
seed: 0
replications: 100000
include: [ppc-closure, more/closures.yaml]
disruptions: []
`},
		{"limits", "name: t\nstart: 2025-10-01\ndays: 1\nwarmup_days: 366\nreplications: 1\nseed: 18446744073709551615\n"},

		// Every effect.
		{"closure by nodes", one("{effect: closure, target: {nodes: [balboa, cristobal]}, from: 2025-11-01, days: 30}")},
		{"closure by every criterion", one("{effect: closure, target: {nodes: [balboa], kind: terminal, side: pacific, operator: ppc, owner: ck-hutchison}, from: 2025-11-01, until: 2025-12-01}")},
		{"closure of an anchorage for hours", one("{effect: closure, target: {kind: anchorage, side: atlantic}, from: 2025-11-01, hours: 12}")},
		{"capacity_factor", one("{name: half, effect: capacity_factor, target: {kind: rail}, factor: 0.5, from: 2025-11-01, days: 0.5}")},
		{"productivity_factor", one("{effect: productivity_factor, target: {nodes: [gatun-locks]}, factor: 10, from: 2025-11-01, days: 7}")},
		{"refusal by carrier", one("{effect: refusal, target: {nodes: [balboa]}, vessels: {carriers: [cosco, oocl]}, from: 2025-11-01, days: 30}")},
		{"refusal by flag and segment", one("{effect: refusal, target: {operator: ppc}, vessels: {flags: [us], segments: [container, dry-bulk], carriers: []}, from: 2025-11-01, days: 30}")},
		{"obstruction", one("{effect: obstruction, target: {nodes: [cristobal]}, from: 2025-11-01, days: 3}")},
		{"lane_outage", one("{effect: lane_outage, target: {nodes: [gatun-locks]}, lanes: 1, from: 2025-11-01, days: 10}")},
		{"lane_outage without lanes", one("{effect: lane_outage, target: {kind: lock, side: pacific}, from: 2025-11-01, days: 10}")},
		{"ramp_up from 0", one("{effect: ramp_up, target: {nodes: [balboa]}, factor: 0, from: 2025-11-01, days: 60}")},
		{"ramp_up from 0.5", one("{effect: ramp_up, target: {kind: lock}, factor: 0.5, from: 2025-11-01, days: 60}")},
		{"slot_limit neopanamax", one("{effect: slot_limit, neopanamax: 7, from: 2025-11-01, days: 30}")},
		{"slot_limit panamax 0", one("{effect: slot_limit, panamax: 0, from: 2025-11-01, days: 30}")},
		{"slot_limit both", one("{effect: slot_limit, neopanamax: 10, panamax: 22, from: 2025-11-01, until: 2025-12-01}")},
		{"draft_limit", one("{effect: draft_limit, neopanamax: 44, panamax: 39.5, from: 2025-11-01, days: 30}")},
		{"draft_limit bounds", one("{effect: draft_limit, neopanamax: 20, panamax: 60, from: 2025-11-01, days: 30}")},
		{"inflow_factor", one("{effect: inflow_factor, factor: 0.7, from: 2025-11-01, days: 30}")},
		{"demand_shock for all vessels", one("{effect: demand_shock, factor: 1.5, from: 2025-11-01, days: 30}")},
		{"demand_shock empty filter", one("{effect: demand_shock, factor: 0.8, vessels: {}, from: 2025-11-01, days: 30}")},
		{"demand_shock by segment", one("{effect: demand_shock, factor: 0.8, vessels: {segments: [lng, lpg, tanker]}, from: 2025-11-01, days: 30}")},

		// Every distribution family, and random windows.
		{"fixed duration", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: fixed, value: 3}}")},
		{"uniform delay with days", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, delay: {dist: uniform, min: 0, max: 30}, days: 5}")},
		{"triangular duration", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: triangular, min: 1, mode: 2, max: 10}}")},
		{"exponential delay with until", one("{effect: slot_limit, panamax: 20, from: 2025-11-01, delay: {dist: exponential, mean: 10}, until: 2026-01-01}")},
		{"lognormal duration", one("{effect: obstruction, target: {nodes: [mit]}, from: 2025-11-01, duration: {dist: lognormal, median: 2, p95: 10}, probability: 0.1}")},
		{"fixed delay of 0", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, delay: {dist: fixed, value: 0}, hours: 6, probability: 1}")},

		// Include and sweep.
		{"include only", schemaHead + "include: [drought-2023]\n"},
		{"include and disruptions", schemaHead + "include: [ppc-closure, ../x.yaml]\n" + "disruptions:\n  - {effect: inflow_factor, factor: 0.9, from: 2025-11-01, days: 30}\n"},
		{"sweep days by index", one("{effect: closure, target: {operator: ppc}, from: 2025-11-01, days: 30}") +
			"sweep:\n  parameter: disruptions[0].days\n  values: [1, 3, 7, 14, 30, 60, 90]\n"},
		{"sweep factor by name", one("{name: PPC slow-down, effect: capacity_factor, target: {operator: ppc}, factor: 0.5, from: 2025-11-01, days: 30}") +
			"sweep: {parameter: 'disruptions[PPC slow-down].factor', values: [0.25, 0.5, 0.75]}\n"},
		{"sweep probability", one("{effect: closure, target: {operator: ppc}, from: 2025-11-01, days: 30}") +
			"sweep: {parameter: 'disruptions[0].probability', values: [0.1, 0.5, 1]}\n"},
		{"sweep lanes", one("{effect: lane_outage, target: {nodes: [gatun-locks]}, from: 2025-11-01, days: 30}") +
			"sweep: {parameter: 'disruptions[0].lanes', values: [1, 2]}\n"},
		{"sweep panamax", one("{effect: slot_limit, panamax: 20, from: 2025-11-01, days: 30}") +
			"sweep: {parameter: 'disruptions[0].panamax', values: [0, 10, 20]}\n"},
		{"sweep of 200 values", one("{effect: closure, target: {operator: ppc}, from: 2025-11-01, days: 30}") +
			"sweep: {parameter: 'disruptions[0].hours', values: [" + numbers(200) + "]}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := validate(sch, tc.doc); err != nil {
				t.Errorf("valid document rejected:\n%s\n%v", tc.doc, err)
			}
		})
	}
}

// numbers returns "1, 2, ..., n".
func numbers(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprint(i + 1)
	}
	return strings.Join(s, ", ")
}

func TestSchemaInvalid(t *testing.T) {
	sch := compileSchema(t)
	const d0 = "/disruptions/0"
	for _, tc := range []struct {
		name, doc string
		at        string // the JSON pointer of the value in fault
	}{
		// Top level.
		{"missing name", "start: 2025-10-01\ndays: 30\n", "/"},
		{"missing start", "name: t\ndays: 30\n", "/"},
		{"missing days", "name: t\nstart: 2025-10-01\n", "/"},
		{"unknown key", schemaHead + "sede: 3\n", "/"},
		{"name with a space", "name: my scenario\nstart: 2025-10-01\ndays: 30\n", "/name"},
		{"name starting with a dash", "name: -x\nstart: 2025-10-01\ndays: 30\n", "/name"},
		{"name not a string", "name: [a]\nstart: 2025-10-01\ndays: 30\n", "/name"},
		{"month 13", "name: t\nstart: 2025-13-01\ndays: 30\n", "/start"},
		{"one-digit day", "name: t\nstart: 2025-10-1\ndays: 30\n", "/start"},
		{"date with a time", "name: t\nstart: 2025-10-01T00:00:00Z\ndays: 30\n", "/start"},
		{"days 0", "name: t\nstart: 2025-10-01\ndays: 0\n", "/days"},
		{"days 3661", "name: t\nstart: 2025-10-01\ndays: 3661\n", "/days"},
		{"days fractional", "name: t\nstart: 2025-10-01\ndays: 1.5\n", "/days"},
		{"days quoted", "name: t\nstart: 2025-10-01\ndays: '30'\n", "/days"},
		{"warmup_days negative", schemaHead + "warmup_days: -1\n", "/warmup_days"},
		{"warmup_days 367", schemaHead + "warmup_days: 367\n", "/warmup_days"},
		{"seed negative", schemaHead + "seed: -1\n", "/seed"},
		{"replications 0", schemaHead + "replications: 0\n", "/replications"},
		{"replications 100001", schemaHead + "replications: 100001\n", "/replications"},
		{"network empty", schemaHead + "network: ''\n", "/network"},
		{"demand empty", schemaHead + "demand: ''\n", "/demand"},
		{"demand not text", schemaHead + "demand: {classes: []}\n", "/demand"},
		{"include not a list", schemaHead + "include: ppc-closure\n", "/include"},
		{"include empty entry", schemaHead + "include: ['']\n", "/include/0"},
		{"disruptions not a list", schemaHead + "disruptions: {effect: closure}\n", "/disruptions"},

		// Disruption keys.
		{"unknown disruption key", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, days: 30, dayz: 3}"), d0},
		{"missing effect", one("{target: {nodes: [balboa]}, from: 2025-11-01, days: 30}"), d0},
		{"missing from", one("{effect: closure, target: {nodes: [balboa]}, days: 30}"), d0},
		{"unknown effect", one("{effect: closur, target: {nodes: [balboa]}, from: 2025-11-01, days: 30}"), d0 + "/effect"},
		{"bad from", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-1, days: 30}"), d0 + "/from"},
		{"bad until", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, until: 2025/12/01}"), d0 + "/until"},
		{"disruption name not a string", one("{name: {a: 1}, effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, days: 30}"), d0 + "/name"},

		// The end of the window: exactly one of until, days, hours, duration.
		{"until and days", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, until: 2025-12-01, days: 30}"), d0},
		{"days and hours", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, days: 1, hours: 12}"), d0},
		{"until and duration", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, until: 2025-12-01, duration: {dist: fixed, value: 3}}"), d0},
		{"no end", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01}"), d0},
		{"delay is no end", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, delay: {dist: fixed, value: 3}}"), d0},
		{"days 0", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, days: 0}"), d0 + "/days"},
		{"days negative", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, days: -1}"), d0 + "/days"},
		{"hours 0", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, hours: 0}"), d0 + "/hours"},
		{"probability 0", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, days: 3, probability: 0}"), d0 + "/probability"},
		{"probability above 1", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, days: 3, probability: 1.5}"), d0 + "/probability"},

		// Targets.
		{"closure without target", one("{effect: closure, from: 2025-11-01, days: 30}"), d0},
		{"empty target", one("{effect: closure, target: {}, from: 2025-11-01, days: 30}"), d0 + "/target"},
		{"null target", one("{effect: closure, target: null, from: 2025-11-01, days: 30}"), d0 + "/target"},
		{"unknown target key", one("{effect: closure, target: {node: [balboa]}, from: 2025-11-01, days: 30}"), d0 + "/target"},
		{"empty nodes", one("{effect: closure, target: {nodes: []}, from: 2025-11-01, days: 30}"), d0 + "/target/nodes"},
		{"nodes not a list", one("{effect: closure, target: {nodes: balboa}, from: 2025-11-01, days: 30}"), d0 + "/target/nodes"},
		{"unknown kind", one("{effect: closure, target: {kind: berth}, from: 2025-11-01, days: 30}"), d0 + "/target/kind"},
		{"unknown side", one("{effect: closure, target: {side: north}, from: 2025-11-01, days: 30}"), d0 + "/target/side"},
		{"empty operator", one("{effect: closure, target: {operator: ''}, from: 2025-11-01, days: 30}"), d0 + "/target/operator"},
		{"capacity_factor on anchorages", one("{effect: capacity_factor, target: {kind: anchorage}, factor: 0.5, from: 2025-11-01, days: 30}"), d0 + "/target/kind"},
		{"lane_outage on terminals", one("{effect: lane_outage, target: {kind: terminal}, from: 2025-11-01, days: 30}"), d0 + "/target/kind"},
		{"refusal at locks", one("{effect: refusal, target: {kind: lock}, vessels: {flags: [us]}, from: 2025-11-01, days: 30}"), d0 + "/target/kind"},
		{"slot_limit with target", one("{effect: slot_limit, target: {nodes: [gatun-locks]}, neopanamax: 7, from: 2025-11-01, days: 30}"), d0 + "/target"},
		{"inflow_factor with target", one("{effect: inflow_factor, target: {kind: lake}, factor: 0.7, from: 2025-11-01, days: 30}"), d0 + "/target"},

		// The parameters of each effect.
		{"factor on closure", one("{effect: closure, target: {nodes: [balboa]}, factor: 0.5, from: 2025-11-01, days: 30}"), d0 + "/factor"},
		{"factor on slot_limit", one("{effect: slot_limit, neopanamax: 7, factor: 0.5, from: 2025-11-01, days: 30}"), d0 + "/factor"},
		{"capacity_factor without factor", one("{effect: capacity_factor, target: {nodes: [balboa]}, from: 2025-11-01, days: 30}"), d0},
		{"capacity_factor 0", one("{effect: capacity_factor, target: {nodes: [balboa]}, factor: 0, from: 2025-11-01, days: 30}"), d0 + "/factor"},
		{"productivity_factor above 10", one("{effect: productivity_factor, target: {nodes: [balboa]}, factor: 10.5, from: 2025-11-01, days: 30}"), d0 + "/factor"},
		{"inflow_factor negative", one("{effect: inflow_factor, factor: -0.1, from: 2025-11-01, days: 30}"), d0 + "/factor"},
		{"inflow_factor without factor", one("{effect: inflow_factor, from: 2025-11-01, days: 30}"), d0},
		{"demand_shock without factor", one("{effect: demand_shock, vessels: {flags: [us]}, from: 2025-11-01, days: 30}"), d0},
		{"ramp_up factor 1", one("{effect: ramp_up, target: {nodes: [balboa]}, factor: 1, from: 2025-11-01, days: 30}"), d0 + "/factor"},
		{"ramp_up without factor", one("{effect: ramp_up, target: {nodes: [balboa]}, from: 2025-11-01, days: 30}"), d0},
		{"slot_limit without limits", one("{effect: slot_limit, from: 2025-11-01, days: 30}"), d0},
		{"slot_limit fractional", one("{effect: slot_limit, neopanamax: 9.5, from: 2025-11-01, days: 30}"), d0 + "/neopanamax"},
		{"slot_limit negative", one("{effect: slot_limit, panamax: -1, from: 2025-11-01, days: 30}"), d0 + "/panamax"},
		{"draft_limit without limits", one("{effect: draft_limit, from: 2025-11-01, days: 30}"), d0},
		{"draft_limit in metres", one("{effect: draft_limit, neopanamax: 13.4, from: 2025-11-01, days: 30}"), d0 + "/neopanamax"},
		{"draft_limit above 60", one("{effect: draft_limit, panamax: 61, from: 2025-11-01, days: 30}"), d0 + "/panamax"},
		{"neopanamax on inflow_factor", one("{effect: inflow_factor, factor: 0.7, neopanamax: 7, from: 2025-11-01, days: 30}"), d0 + "/neopanamax"},
		{"panamax on closure", one("{effect: closure, target: {nodes: [balboa]}, panamax: 7, from: 2025-11-01, days: 30}"), d0 + "/panamax"},
		{"lanes on closure", one("{effect: closure, target: {nodes: [gatun-locks]}, lanes: 1, from: 2025-11-01, days: 30}"), d0 + "/lanes"},
		{"lanes 0", one("{effect: lane_outage, target: {nodes: [gatun-locks]}, lanes: 0, from: 2025-11-01, days: 30}"), d0 + "/lanes"},
		{"lanes fractional", one("{effect: lane_outage, target: {nodes: [gatun-locks]}, lanes: 1.5, from: 2025-11-01, days: 30}"), d0 + "/lanes"},

		// Vessel filters.
		{"refusal without vessels", one("{effect: refusal, target: {nodes: [balboa]}, from: 2025-11-01, days: 30}"), d0},
		{"refusal with an empty filter", one("{effect: refusal, target: {nodes: [balboa]}, vessels: {}, from: 2025-11-01, days: 30}"), d0 + "/vessels"},
		{"refusal with empty lists", one("{effect: refusal, target: {nodes: [balboa]}, vessels: {carriers: [], flags: []}, from: 2025-11-01, days: 30}"), d0 + "/vessels"},
		{"vessels on closure", one("{effect: closure, target: {nodes: [balboa]}, vessels: {flags: [us]}, from: 2025-11-01, days: 30}"), d0 + "/vessels"},
		{"vessels on slot_limit", one("{effect: slot_limit, neopanamax: 7, vessels: {flags: [us]}, from: 2025-11-01, days: 30}"), d0 + "/vessels"},
		{"unknown filter key", one("{effect: demand_shock, factor: 0.5, vessels: {flag: [us]}, from: 2025-11-01, days: 30}"), d0 + "/vessels"},
		{"flag of three letters", one("{effect: demand_shock, factor: 0.5, vessels: {flags: [usa]}, from: 2025-11-01, days: 30}"), d0 + "/vessels/flags/0"},
		{"flag in capitals", one("{effect: demand_shock, factor: 0.5, vessels: {flags: [US]}, from: 2025-11-01, days: 30}"), d0 + "/vessels/flags/0"},
		{"carrier in capitals", one("{effect: demand_shock, factor: 0.5, vessels: {carriers: [COSCO]}, from: 2025-11-01, days: 30}"), d0 + "/vessels/carriers/0"},
		{"unknown segment", one("{effect: demand_shock, factor: 0.5, vessels: {segments: [containers]}, from: 2025-11-01, days: 30}"), d0 + "/vessels/segments/0"},

		// Distributions.
		{"unknown family", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: normal, mean: 3}}"), d0 + "/duration/dist"},
		{"no family", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {value: 3}}"), d0 + "/duration"},
		{"distribution not a mapping", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: 3}"), d0 + "/duration"},
		{"fixed with min", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: fixed, value: 3, min: 1}}"), d0 + "/duration"},
		{"uniform without max", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, delay: {dist: uniform, min: 1}, days: 3}"), d0 + "/delay"},
		{"uniform with mode", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, delay: {dist: uniform, min: 1, mode: 2, max: 3}, days: 3}"), d0 + "/delay"},
		{"triangular with mean", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: triangular, min: 1, mode: 2, max: 3, mean: 2}}"), d0 + "/duration"},
		{"exponential mean 0", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, delay: {dist: exponential, mean: 0}, days: 3}"), d0 + "/delay/mean"},
		{"lognormal with mean", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: lognormal, mean: 2, p95: 9}}"), d0 + "/duration"},
		{"negative delay", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, delay: {dist: fixed, value: -1}, days: 3}"), d0 + "/delay/value"},
		{"duration fixed 0", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: fixed, value: 0}}"), d0 + "/duration/value"},
		{"duration uniform from 0", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: uniform, min: 0, max: 3}}"), d0 + "/duration/min"},
		{"duration triangular from 0", one("{effect: closure, target: {nodes: [balboa]}, from: 2025-11-01, duration: {dist: triangular, min: 0, mode: 1, max: 3}}"), d0 + "/duration/min"},

		// Sweeps.
		{"sweep without values", schemaHead + "sweep: {parameter: 'disruptions[0].days'}\n", "/sweep"},
		{"sweep without parameter", schemaHead + "sweep: {values: [1, 2]}\n", "/sweep"},
		{"sweep unknown key", schemaHead + "sweep: {parameter: 'disruptions[0].days', values: [1], step: 1}\n", "/sweep"},
		{"sweep of no values", schemaHead + "sweep: {parameter: 'disruptions[0].days', values: []}\n", "/sweep/values"},
		{"sweep of 201 values", schemaHead + "sweep: {parameter: 'disruptions[0].days', values: [" + numbers(201) + "]}\n", "/sweep/values"},
		{"sweep of text", schemaHead + "sweep: {parameter: 'disruptions[0].days', values: [a]}\n", "/sweep/values/0"},
		{"sweep parameter without disruption", schemaHead + "sweep: {parameter: days, values: [1]}\n", "/sweep/parameter"},
		{"sweep of a date", schemaHead + "sweep: {parameter: 'disruptions[0].from', values: [1]}\n", "/sweep/parameter"},
		{"sweep of an empty name", schemaHead + "sweep: {parameter: 'disruptions[].days', values: [1]}\n", "/sweep/parameter"},
		{"sweep days 0", schemaHead + "sweep: {parameter: 'disruptions[0].days', values: [1, 0]}\n", "/sweep/values/1"},
		{"sweep probability 0", schemaHead + "sweep: {parameter: 'disruptions[x].probability', values: [0]}\n", "/sweep/values/0"},
		{"sweep lanes 1.5", schemaHead + "sweep: {parameter: 'disruptions[0].lanes', values: [1.5]}\n", "/sweep/values/0"},
		{"sweep factor 11", schemaHead + "sweep: {parameter: 'disruptions[0].factor', values: [11]}\n", "/sweep/values/0"},
		{"sweep neopanamax negative", schemaHead + "sweep: {parameter: 'disruptions[0].neopanamax', values: [-1]}\n", "/sweep/values/0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := validate(sch, tc.doc)
			if err == nil {
				t.Fatalf("invalid document accepted:\n%s", tc.doc)
			}
			if locs := locations(err); !slices.Contains(locs, tc.at) {
				t.Errorf("document rejected, but not at %s (at %v):\n%s\n%v", tc.at, locs, tc.doc, err)
			}
		})
	}
}

// effectSample gives, for each effect, the keys of a valid disruption
// besides effect, target, from and days. An effect added to sim.Effects()
// needs an entry here, and in schema.json.
var effectSample = map[sim.Effect]string{
	sim.Closure:            "",
	sim.CapacityFactor:     "factor: 0.5",
	sim.ProductivityFactor: "factor: 0.5",
	sim.Refusal:            "vessels: {flags: [us]}",
	sim.Obstruction:        "",
	sim.LaneOutage:         "lanes: 1",
	sim.RampUp:             "factor: 0.5",
	sim.SlotLimit:          "neopanamax: 30",
	sim.DraftLimit:         "neopanamax: 30",
	sim.InflowFactor:       "factor: 0.5",
	sim.SpecialAuction:     "panamax: 1",
	sim.DemandShock:        "factor: 0.5",
}

// paramSample is a value for each parameter key that some effect takes.
var paramSample = map[string]string{
	"factor":     "factor: 0.5",
	"neopanamax": "neopanamax: 30",
	"panamax":    "panamax: 30",
	"lanes":      "lanes: 1",
	"vessels":    "vessels: {flags: [us]}",
}

// TestSchemaEffects checks, effect by effect, what the schema lets a
// disruption take against package sim's rules: a target exactly when the
// effect is Targeted, of the node kinds of Effect.Kinds, and the
// parameter keys of sim.EffectParams that Effect.Takes and no others.
func TestSchemaEffects(t *testing.T) {
	sch := compileSchema(t)
	for _, e := range sim.Effects() {
		t.Run(string(e), func(t *testing.T) {
			keys, ok := effectSample[e]
			if !ok {
				t.Fatalf("no sample for effect %s: add it to effectSample here and to schema.json", e)
			}
			doc := func(target string, keys ...string) string {
				parts := []string{"effect: " + string(e)}
				if target != "" {
					parts = append(parts, "target: "+target)
				}
				for _, k := range keys {
					if k != "" {
						parts = append(parts, k)
					}
				}
				parts = append(parts, "from: 2025-11-01", "days: 30")
				return one("{" + strings.Join(parts, ", ") + "}")
			}
			if !e.Targeted() {
				if err := validate(sch, doc("", keys)); err != nil {
					t.Errorf("canal-wide %s without target rejected: %v", e, err)
				}
				if validate(sch, doc("{nodes: [gatun-locks]}", keys)) == nil {
					t.Errorf("canal-wide %s with a target accepted", e)
				}
			} else {
				if validate(sch, doc("", keys)) == nil {
					t.Errorf("targeted %s without target accepted", e)
				}
				for _, k := range network.Kinds() {
					err := validate(sch, doc("{kind: "+string(k)+"}", keys))
					if want := slices.Contains(e.Kinds(), k); want != (err == nil) {
						t.Errorf("%s with target kind %s: accepts %v, want %v (Effect.Kinds: %v)", e, k, err == nil, want, e.Kinds())
					}
				}
			}
			target := ""
			if e.Targeted() {
				target = "{kind: " + string(e.Kinds()[0]) + "}"
			}
			for _, key := range sim.EffectParams() {
				if strings.HasPrefix(keys, key+":") {
					continue
				}
				sample, ok := paramSample[key]
				if !ok {
					t.Fatalf("no sample for parameter %s: add it to paramSample here and to schema.json", key)
				}
				err := validate(sch, doc(target, keys, sample))
				if want, _ := e.Takes(key); want != (err == nil) {
					t.Errorf("%s with %s: accepts %v, want %v\n%v", e, key, err == nil, want, err)
				}
			}
		})
	}
}

// schemaJSON reads schema.json as plain JSON.
func schemaJSON(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("%s is not valid JSON: %v", schemaFile, err)
	}
	if dec.More() {
		t.Fatalf("%s: data after the schema", schemaFile)
	}
	return s
}

// lookup follows a path of keys through nested JSON objects.
func lookup(t *testing.T, v any, path ...string) any {
	t.Helper()
	for i, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: %s is not an object", schemaFile, strings.Join(path[:i], "."))
		}
		if v, ok = m[k]; !ok {
			t.Fatalf("%s: no %s", schemaFile, strings.Join(path[:i+1], "."))
		}
	}
	return v
}

// sameSet checks that the schema's enum at path lists exactly want.
func sameSet[T ~string](t *testing.T, s map[string]any, want []T, path ...string) {
	t.Helper()
	raw, ok := lookup(t, s, path...).([]any)
	if !ok {
		t.Fatalf("%s: %s is not a list", schemaFile, strings.Join(path, "."))
	}
	var got []string
	for _, v := range raw {
		got = append(got, fmt.Sprint(v))
	}
	for _, w := range want {
		if !slices.Contains(got, string(w)) {
			t.Errorf("%s: %s lacks %q, which the Go code has", schemaFile, strings.Join(path, "."), w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, T(g)) {
			t.Errorf("%s: %s has %q, which the Go code does not", schemaFile, strings.Join(path, "."), g)
		}
	}
}

func TestSchemaEnums(t *testing.T) {
	s := schemaJSON(t)
	if got := lookup(t, s, "$schema"); got != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema is %v, want draft 2020-12", got)
	}
	if got := lookup(t, s, "$id"); got != schemaID {
		t.Errorf("$id is %v, want %s", got, schemaID)
	}
	sameSet(t, s, sim.Effects(), "$defs", "disruption", "properties", "effect", "enum")
	sameSet(t, s, network.Kinds(), "$defs", "target", "properties", "kind", "enum")
	sameSet(t, s, []network.Side{network.Atlantic, network.Pacific}, "$defs", "target", "properties", "side", "enum")
	sameSet(t, s, sim.Segments(), "$defs", "vessels", "properties", "segments", "items", "enum")
	sameSet(t, s, sim.DistKinds(), "$defs", "distribution", "properties", "dist", "enum")
	for _, k := range sim.DistKinds() {
		if got := lookup(t, s, "$defs", string(k), "properties", "dist", "const"); got != string(k) {
			t.Errorf("%s: $defs.%s.properties.dist.const is %v", schemaFile, k, got)
		}
	}
	if got := lookup(t, s, "properties", "days", "maximum"); got != float64(sim.MaxDays) {
		t.Errorf("days maximum %v, want sim.MaxDays %d", got, sim.MaxDays)
	}
	if got := lookup(t, s, "properties", "warmup_days", "maximum"); got != float64(sim.MaxWarmupDays) {
		t.Errorf("warmup_days maximum %v, want sim.MaxWarmupDays %d", got, sim.MaxWarmupDays)
	}
	if got := lookup(t, s, "properties", "replications", "maximum"); got != float64(sim.MaxReplications) {
		t.Errorf("replications maximum %v, want sim.MaxReplications %d", got, sim.MaxReplications)
	}
	if got := lookup(t, s, "$defs", "disruption", "properties", "factor", "maximum"); got != float64(sim.MaxFactor) {
		t.Errorf("factor maximum %v, want sim.MaxFactor %d", got, sim.MaxFactor)
	}
	defaults := map[string]float64{
		"warmup_days":  scenarios.DefaultWarmupDays,
		"seed":         scenarios.DefaultSeed,
		"replications": scenarios.DefaultReplications,
	}
	for key, want := range defaults {
		if got := lookup(t, s, "properties", key, "default"); got != want {
			t.Errorf("%s default %v, want %v", key, got, want)
		}
	}
}

// TestSchemaShape checks the conventions of schema.json: every schema of
// an object forbids unknown keys, and every property has a description
// (editors show it as hover help).
func TestSchemaShape(t *testing.T) {
	s := schemaJSON(t)
	for _, key := range []string{"title", "description", "$comment"} {
		if v, _ := s[key].(string); v == "" {
			t.Errorf("%s: no %s", schemaFile, key)
		}
	}
	if c, _ := s["$comment"].(string); !strings.Contains(c, "docs/scenarios.md") {
		t.Errorf("%s: $comment does not point to docs/scenarios.md", schemaFile)
	}
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "object" && v["additionalProperties"] != false {
				t.Errorf("%s: %s: an object schema without additionalProperties: false", schemaFile, path)
			}
			if v["type"] == "object" {
				props, _ := v["properties"].(map[string]any)
				for name, p := range props {
					pm, _ := p.(map[string]any)
					if d, _ := pm["description"].(string); d == "" {
						t.Errorf("%s: %s.properties.%s has no description", schemaFile, path, name)
					}
				}
			}
			for k, x := range v {
				walk(x, path+"."+k)
			}
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(s, "$")
}
