package network_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// write writes n, failing the test on an error.
func write(t testing.TB, n *network.Network) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := network.Write(&b, n); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

// exported returns the exported content of v as plain values (maps of
// field names, slices, scalars), leaving out positions (input.Fields) and
// unexported fields (indexes and the graph, which follow from the rest),
// so that two networks read from different texts compare equal when they
// say the same thing.
func exported(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return exported(v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return v.Interface().(time.Time).Format(input.DateLayout)
		}
		m := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Type == reflect.TypeFor[input.Fields]() {
				continue
			}
			m[f.Name] = exported(v.Field(i))
		}
		return m
	case reflect.Slice:
		if v.Len() == 0 {
			return []any(nil) // nil and empty read back alike
		}
		s := make([]any, v.Len())
		for i := range s {
			s[i] = exported(v.Index(i))
		}
		return s
	case reflect.Map:
		m := map[string]any{}
		for _, k := range v.MapKeys() {
			m[k.String()] = exported(v.MapIndex(k))
		}
		return m
	}
	return v.Interface()
}

// sameNetwork reports whether a and b hold the same exported content.
func sameNetwork(a, b *network.Network) bool {
	return reflect.DeepEqual(exported(reflect.ValueOf(a)), exported(reflect.ValueOf(b)))
}

// TestWritePanamaRoundTrip: the Panama network loaded, written and loaded
// again is the same network, and writing it again gives the same text.
func TestWritePanamaRoundTrip(t *testing.T) {
	p := network.Panama()
	text := write(t, p)
	again, err := network.Parse("written.yaml", text)
	if err != nil {
		t.Fatalf("the written Panama network does not load:\n%v\n%s", err, text)
	}
	if !sameNetwork(p, again) {
		t.Errorf("Panama written and read again differs from Panama:\n%s", text)
	}
	if text2 := write(t, again); !bytes.Equal(text, text2) {
		t.Errorf("writing the network read back gives other text:\n%s\n---\n%s", text, text2)
	}
	// A deep comparison of the structs themselves: the nodes read back
	// are equal, field by field (the network keeps no positions of the
	// text it was read from).
	for i, nd := range p.Nodes {
		a, b := *nd, *again.Nodes[i]
		if !reflect.DeepEqual(a, b) {
			t.Errorf("node %s: %+v, read back %+v", nd.ID, a, b)
		}
	}
}

// TestWriteFormat checks what the written text looks like: no positions,
// dates as YYYY-MM-DD, numbers in plain notation, optional keys left out
// when zero, and the small blocks on one line.
func TestWriteFormat(t *testing.T) {
	text := string(write(t, network.Panama()))
	for _, want := range []string{
		"name: panama\n",
		"    operators: [{operator: ppc, until: 2026-02-23}, {operator: apmt, from: 2026-02-23}]\n",
		"capacity_teu_per_year: 3200000}",
		"    lock: {type: neopanamax, lanes: 1, steps: 3, chamber_length_m: 427, chamber_width_m: 55, enter_minutes: 35, level_minutes: 20, move_minutes: 20, exit_minutes: 25, turnaround_minutes: 45, max_run: 6, water_mgal: 24.2}\n",
		"  - {from: pacific-anchorage, to: pacific-approach, mode: water, length_m: 8000, speed_knots: 10}\n",
		"    - {from: 2017-12-01, neopanamax: 7, panamax: 23}\n",
		"        - {level_ft: 78, draft_ft: 43}\n",
		"  daily_transits: {neopanamax: 10, panamax: 27}\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("written Panama network lacks %q", want)
		}
	}
	for _, bad := range []string{"source", "index", "e+0", `"20`, "terminal: null", "note: \"\"", "share: 0\n", "policy"} {
		if strings.Contains(strings.ToLower(text), bad) {
			t.Errorf("written Panama network has %q", bad)
		}
	}
}

// TestWriteBuiltInGo: a network built in Go, with the optional keys the
// Panama file leaves out (notes, a lake without a water balance, a lock
// of one chamber without move_minutes, operations with only a cap),
// round-trips too.
func TestWriteBuiltInGo(t *testing.T) {
	n, err := network.New(&network.Network{
		Name:        "go",
		Description: "A: network with # and quotes ' \" in text",
		Operators: []*network.Operator{
			{ID: "op", Name: "Op", Note: "note: with a colon"},
			{ID: "sub", Name: "Sub", Parent: "op", Share: 0.51},
		},
		Nodes: []*network.Node{
			{ID: "w", Name: "West", Kind: network.Anchorage, Side: network.Pacific, Lat: 0, Lon: -0.5,
				Operators: []network.Tenure{{Operator: "op", From: input.DateOf(2020, 1, 1).Time, Until: input.DateOf(2030, 1, 1).Time}, {Operator: "sub", From: input.DateOf(2030, 1, 1).Time}}},
			{ID: "lock", Name: "Lock", Kind: network.Lock, Side: network.Pacific, Lat: 0, Lon: 0, Note: "one chamber",
				Lock: &network.LockSpec{Type: network.Panamax, Lanes: 1, Steps: 1, ChamberLengthM: 300, ChamberWidthM: 33,
					EnterMinutes: 20, LevelMinutes: 10, ExitMinutes: 20, TurnaroundMinutes: 30, MaxRun: 2}},
			{ID: "lake", Name: "Lake", Kind: network.Lake, Side: network.Atlantic, Lat: 0.001, Lon: 1e-7, Lake: &network.LakeSpec{AreaKm2: 12.5}},
		},
		Reaches: []*network.Reach{
			{From: "w", To: "lock", LengthM: 9260, SpeedKnots: 10, Note: "[buoyed], {dredged}"},
			{From: "lock", To: "lake", Mode: network.Water, LengthM: 1e22, SpeedKnots: 2.5e19},
		},
		Operations: &network.Operations{DailyTransits: network.ByLockType{Panamax: 20}},
	})
	if err != nil {
		t.Fatal(err)
	}
	text := write(t, n)
	again, err := network.Parse("go.yaml", text)
	if err != nil {
		t.Fatalf("written network does not load:\n%v\n%s", err, text)
	}
	if !sameNetwork(n, again) {
		t.Errorf("network written and read again differs:\n%s", text)
	}
	for _, bad := range []string{"move_minutes", "backlog_transits", "booking", "level_ft", "max_booked_share"} {
		if strings.Contains(string(text), bad) {
			t.Errorf("written network has %s, which is zero:\n%s", bad, text)
		}
	}
}

// TestWriteQuotes: text that plain YAML would read as something else (a
// number, infinity, a boolean, blanks) is quoted, and reads back as it was.
func TestWriteQuotes(t *testing.T) {
	var panama bytes.Buffer
	if err := network.Write(&panama, network.Panama()); err != nil {
		t.Fatal(err)
	}
	n, err := network.Parse("panama.yaml", panama.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{".inf", "true", "   ", "12", "null", "- x", "a: b", "#c"} {
		n.Description = s
		var buf bytes.Buffer
		if err := network.Write(&buf, n); err != nil {
			t.Fatal(err)
		}
		back, err := network.Parse("written.yaml", buf.Bytes())
		if err != nil {
			t.Fatalf("description %q: %v", s, err)
		}
		if back.Description != s {
			t.Errorf("description %q read back as %q", s, back.Description)
		}
	}
}
