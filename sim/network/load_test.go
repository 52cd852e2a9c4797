package network_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/internal/inputtest"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// tiny is the start of the bad network files below: lines 1 to 8. The
// lines each case adds start at line 9.
const tiny = `name: tiny
operators:
  - {id: acp, name: Canal Authority}
  - {id: holding, name: Holding}
  - {id: port-co, name: Port Company, parent: holding}
nodes:
  - {id: sea, name: Sea, kind: anchorage, side: pacific, lat: 8.9, lon: -79.5}
  - {id: bay, name: Bay, kind: approach, side: atlantic, lat: 9.3, lon: -79.9}
`

// badNetworks are network files Parse rejects, with every message it must
// report, in order. They also seed FuzzParse.
var badNetworks = []struct {
	name string
	in   string
	want []string
}{
	{
		name: "unknown reach endpoints",
		in: tiny + `reaches:
  - {from: saa, to: bay, length_m: 1000, speed_knots: 5}
  - {from: sea, to: nowhere, length_m: 1000, speed_knots: 5}
`,
		want: []string{
			`f.yaml:10:12: reach: unknown node "saa"; did you mean "sea"?`,
			`f.yaml:11:21: reach: unknown node "nowhere"`,
		},
	},
	{
		name: "reach to itself",
		in: tiny + `reaches:
  - {from: sea, to: sea, length_m: 1000, speed_knots: 5}
`,
		want: []string{`f.yaml:10:21: reach from "sea" to itself`},
	},
	{
		name: "duplicate node id",
		in: tiny + `  - {id: sea, name: Sea again, kind: lake, side: pacific, lat: 9.1, lon: -79.7}
`,
		want: []string{`f.yaml:9:10: node "sea" is defined twice`},
	},
	{
		name: "empty node id",
		in: tiny + `  - {id: "", name: Nameless, kind: lake, side: pacific, lat: 9.1, lon: -79.7}
`,
		want: []string{`f.yaml:9:10: node id must not be empty`},
	},
	{
		name: "unknown operators",
		in: tiny + `  - id: lake
    name: Lake
    kind: lake
    side: pacific
    lat: 9.1
    lon: -79.7
    operators:
      - {operator: acpp, until: 2020-01-01}
      - {operator: nobody-at-all, from: 2020-01-01}
`,
		want: []string{
			`f.yaml:16:20: node "lake": unknown operator "acpp"; did you mean "acp"?`,
			`f.yaml:17:20: node "lake": unknown operator "nobody-at-all"`,
		},
	},
	{
		name: "overlapping tenures",
		in: tiny + `  - id: port
    name: Port
    kind: approach
    side: pacific
    lat: 9.1
    lon: -79.7
    operators:
      - {operator: acp, until: 2026-02-23}
      - {operator: port-co, from: 2026-02-22}
      - {operator: holding}
`,
		want: []string{
			`f.yaml:17:20: node "port": operators "acp" and "port-co" overlap in time; give from/until dates that do not`,
			`f.yaml:18:20: node "port": operators "acp" and "holding" overlap in time; give from/until dates that do not`,
			`f.yaml:18:20: node "port": operators "port-co" and "holding" overlap in time; give from/until dates that do not`,
		},
	},
	{
		name: "tenure ends before it starts",
		in: tiny + `  - id: port
    name: Port
    kind: approach
    side: pacific
    lat: 9.1
    lon: -79.7
    operators: [{operator: acp, from: 2026-02-23, until: 2026-02-23}]
`,
		want: []string{`f.yaml:15:58: node "port": operator "acp" until 2026-02-23 is not after from 2026-02-23`},
	},
	{
		name: "unknown parent and parent cycles",
		in: `name: owners
operators:
  - {id: alpha, name: Alpha, parent: beta}
  - {id: beta, name: Beta, parent: alpha}
  - {id: selfish, name: Selfish, parent: selfish}
  - {id: orphan, name: Orphan, parent: bta}
  - {id: alpha, name: Alpha again}
nodes: []
`,
		want: []string{
			`f.yaml:3:38: operator "alpha": its chain of parents is a cycle`,
			`f.yaml:4:36: operator "beta": its chain of parents is a cycle`,
			`f.yaml:5:42: operator "selfish": its chain of parents is a cycle`,
			`f.yaml:6:40: operator "orphan": unknown parent "bta"; did you mean "beta"?`,
			`f.yaml:7:10: operator "alpha" is defined twice`,
		},
	},
	{
		name: "lock without lock block",
		in: tiny + `  - {id: lock, name: Lock, kind: lock, side: pacific, lat: 9.0, lon: -79.6}
`,
		want: []string{`f.yaml:9:6: node "lock": a lock needs a lock block`},
	},
	{
		name: "terminal block on a lock",
		in: tiny + `  - id: lock
    name: Lock
    kind: lock
    side: pacific
    lat: 9.0
    lon: -79.6
    lock: {type: panamax, lanes: 2, steps: 1, chamber_length_m: 300, chamber_width_m: 33, enter_minutes: 20, level_minutes: 10, exit_minutes: 20, max_run: 2}
    terminal: {berths: 1, cranes: 1, cranes_per_call: 1, moves_per_crane_hour: 25, teu_per_move: 1.5}
`,
		want: []string{`f.yaml:16:15: node "lock" is a lock; a terminal block belongs only to a terminal`},
	},
	{
		name: "lock block on an anchorage and on a node of no kind",
		in: tiny + `  - {id: odd, name: Odd, kind: anchorage, side: pacific, lat: 9.0, lon: -79.6, lock: {}}
  - {id: none, name: None, kind: "", side: pacific, lat: 9.0, lon: -79.6, rail: {}}
`,
		want: []string{
			`f.yaml:9:86: node "odd" is an anchorage; a lock block belongs only to a lock`,
			`f.yaml:10:34: node "none": unknown kind ""; expected one of [anchorage approach lock lake cut terminal rail]`,
			`f.yaml:10:81: node "none" is of no kind; a rail block belongs only to a rail`,
		},
	},
	{
		name: "a flight without time to move between chambers",
		in: tiny + `  - id: lock
    name: Lock
    kind: lock
    side: pacific
    lat: 9.0
    lon: -79.6
    lock: {type: panamax, lanes: 2, steps: 2, chamber_length_m: 300, chamber_width_m: 33, enter_minutes: 20, level_minutes: 10, exit_minutes: 20, max_run: 2}
`,
		want: []string{`f.yaml:15:12: lock "lock": a flight of 2 chambers needs move_minutes greater than 0`},
	},
	{
		name: "bad lock block",
		in: tiny + `  - id: lock
    name: Lock
    kind: lock
    side: pacific
    lat: 9.0
    lon: -79.6
    lock:
      type: postpanamax
      lanes: 0
      chamber_length_m: 300
      chamber_width_m: -1
      enter_minutes: 60
      turnaround_minutes: -5
`,
		want: []string{
			`f.yaml:16:7: lock "lock": steps must be at least 1, got 0`,
			`f.yaml:16:7: level_minutes must be greater than 0, got 0`,
			`f.yaml:16:7: exit_minutes must be greater than 0, got 0`,
			`f.yaml:16:7: lock "lock": max_run must be at least 1, got 0`,
			`f.yaml:16:13: lock "lock": unknown type "postpanamax"; expected panamax or neopanamax`,
			`f.yaml:17:14: lock "lock": lanes must be at least 1, got 0`,
			`f.yaml:19:24: chamber_width_m must be greater than 0, got -1`,
			`f.yaml:21:27: lock "lock": turnaround_minutes must not be negative, got -5`,
		},
	},
	{
		name: "bad terminal block",
		in: tiny + `  - id: port
    name: Port
    kind: terminal
    side: pacific
    lat: 9.0
    lon: -79.6
    terminal: {berths: 2, cranes: 3, cranes_per_call: 4, moves_per_crane_hour: 25, teu_per_move: 1.5}
`,
		want: []string{`f.yaml:15:55: terminal "port": cranes_per_call (4) is more than its cranes (3)`},
	},
	{
		name: "productivity and water out of range",
		in: tiny + `  - id: port
    name: Port
    kind: terminal
    side: pacific
    lat: 9.0
    lon: -79.6
    terminal: {berths: 2, cranes: 3, cranes_per_call: 2, moves_per_crane_hour: 1e-300, teu_per_move: 40}
  - id: lock
    name: Lock
    kind: lock
    side: pacific
    lat: 9.0
    lon: -79.6
    lock: {type: panamax, lanes: 1, steps: 1, chamber_length_m: 300, chamber_width_m: 33, enter_minutes: 10, level_minutes: 10, exit_minutes: 10, max_run: 4, water_mgal: 1e308}
`,
		want: []string{
			`f.yaml:15:80: terminal "port": moves_per_crane_hour must be from 1 to 200, got 1e-300`,
			`f.yaml:15:102: terminal "port": teu_per_move must be from 0.5 to 4, got 40`,
			`f.yaml:22:171: lock "lock": water_mgal is 1e+308 million gallons a fill; at most 1000`,
		},
	},
	{
		name: "terminal and railway without blocks",
		in: tiny + `  - {id: port, name: Port, kind: terminal, side: pacific, lat: 9.0, lon: -79.6}
  - {id: rail, name: Rail, kind: rail, side: pacific, lat: 9.0, lon: -79.6, lake: {area_km2: 1}}
`,
		want: []string{
			`f.yaml:9:6: node "port": a terminal needs a terminal block`,
			`f.yaml:10:6: node "rail": a railway needs a rail block`,
			`f.yaml:10:83: node "rail" is a rail; a lake block belongs only to a lake`,
		},
	},
	{
		name: "negative length and zero speed",
		in: tiny + `reaches:
  - {from: sea, to: bay, length_m: -5, speed_knots: 0}
  - {from: sea, to: bay}
`,
		want: []string{
			`f.yaml:10:36: length_m must be greater than 0, got -5`,
			`f.yaml:10:53: speed_knots must be greater than 0, got 0`,
			`f.yaml:11:6: length_m must be greater than 0, got 0`,
			`f.yaml:11:6: speed_knots must be greater than 0, got 0`,
		},
	},
	{
		name: "water reach touching the railway",
		in: tiny + `  - {id: rail, name: Rail, kind: rail, side: pacific, lat: 9.0, lon: -79.6, rail: {length_m: 1000, capacity_teu_per_day: 100}}
reaches:
  - {from: sea, to: rail, length_m: 1000, speed_knots: 5}
  - {from: rail, to: bay, mode: water, length_m: 1000, speed_knots: 5}
`,
		want: []string{
			`f.yaml:11:6: reach sea - rail touches the railway; give it mode: rail`,
			`f.yaml:12:33: reach rail - bay touches the railway; give it mode: rail`,
		},
	},
	{
		name: "rail reach to an approach",
		in: tiny + `  - {id: rail, name: Rail, kind: rail, side: pacific, lat: 9.0, lon: -79.6, rail: {length_m: 1000, capacity_teu_per_day: 100}}
reaches:
  - {from: rail, to: bay, mode: rail, length_m: 1000, speed_knots: 20}
`,
		want: []string{`f.yaml:11:33: rail reach rail - bay: "bay" is an approach; rail joins only railways and terminals`},
	},
	{
		name: "unknown mode",
		in: tiny + `reaches:
  - {from: sea, to: bay, mode: road, length_m: 1000, speed_knots: 5}
`,
		want: []string{`f.yaml:10:32: unknown mode "road"; expected water or rail`},
	},
	{
		name: "unknown kind and side",
		in: tiny + `  - {id: odd, name: Odd, kind: canal, side: north, lat: 9.0, lon: -79.6}
`,
		want: []string{
			`f.yaml:9:32: node "odd": unknown kind "canal"; expected one of [anchorage approach lock lake cut terminal rail]`,
			`f.yaml:9:45: node "odd": unknown side "north"; expected atlantic or pacific`,
		},
	},
	{
		name: "coordinates out of range",
		in: tiny + `  - {id: odd, name: Odd, kind: cut, side: pacific, lat: 91, lon: -180.5}
`,
		want: []string{
			`f.yaml:9:57: node "odd": latitude 91 is outside -90..90`,
			`f.yaml:9:66: node "odd": longitude -180.5 is outside -180..180`,
		},
	},
	{
		name: "empty list elements",
		in: `name: empty
operators: [~]
nodes:
  - {id: sea, name: Sea, kind: anchorage, side: pacific, lat: 8.9, lon: -79.5}
  - ~
reaches: [null]
`,
		want: []string{
			`f.yaml:2:13: operators[0] is empty; expected an operator`,
			`f.yaml:5:5: nodes[1] is empty; expected a node`,
			`f.yaml:6:11: reaches[0] is empty; expected a reach`,
		},
	},
	{
		name: "decoding errors come first",
		in: tiny + `reaches:
  - {from: sea, to: nowhere, lenght_m: 1000, speed_knots: fast}
`,
		want: []string{
			`f.yaml:10:30: unknown key "lenght_m" in reaches[0]; did you mean "length_m"?`,
			`f.yaml:10:59: reaches[0].speed_knots: expected a number, got text`,
		},
	},
	{
		name: "missing required keys",
		in: `description: no name, no nodes
operators: [{id: x}]
`,
		want: []string{
			`f.yaml:1:1: missing key "name"`,
			`f.yaml:1:1: missing key "nodes"`,
			`f.yaml:2:14: operators[0]: missing key "name"`,
		},
	},
	{
		name: "several problems",
		in: `name: several
operators:
  - {id: acp, name: Canal Authority, parent: acp}
nodes:
  - id: lock
    name: Lock
    kind: lock
    side: west
    lat: 9.0
    lon: -79.6
    operators: [{operator: apc}]
    lock: {type: panamax, lanes: 2, steps: 1, chamber_length_m: 300, chamber_width_m: 33, enter_minutes: 20, level_minutes: 10, exit_minutes: 20, max_run: 0}
  - {id: lock, name: Lock again, kind: lake, side: pacific, lat: 9.1, lon: -79.7}
reaches:
  - {from: lock, to: lake, length_m: -1, speed_knots: 5}
`,
		want: []string{
			`f.yaml:3:46: operator "acp": its chain of parents is a cycle`,
			`f.yaml:8:11: node "lock": unknown side "west"; expected atlantic or pacific`,
			`f.yaml:11:28: node "lock": unknown operator "apc"; did you mean "acp"?`,
			`f.yaml:12:156: lock "lock": max_run must be at least 1, got 0`,
			`f.yaml:13:10: node "lock" is defined twice`,
			`f.yaml:15:22: reach: unknown node "lake"`,
			`f.yaml:15:38: length_m must be greater than 0, got -1`,
		},
	},

	{
		name: "times past the clock's range and counts past their bounds",
		in: tiny + `  - id: lock
    name: Lock
    kind: lock
    side: pacific
    lat: 9.0
    lon: -79.6
    lock: {type: panamax, lanes: 1000000000, steps: 17, chamber_length_m: 300, chamber_width_m: 33, enter_minutes: 1e12, level_minutes: 10, exit_minutes: 20, max_run: 2}
  - id: cut
    name: Cut
    kind: cut
    side: pacific
    lat: 9.1
    lon: -79.6
    cut: {length_m: 12600, speed_knots: 6, period_hours: 0.0001, first_direction: southbound, daylight_from: 6, daylight_until: 18, spacing_minutes: 10}
  - id: slow
    name: Slow cut
    kind: cut
    side: pacific
    lat: 9.2
    lon: -79.6
    cut: {length_m: 12600, speed_knots: 0.5, period_hours: 6, first_direction: southbound, daylight_from: 6, daylight_until: 18, spacing_minutes: 10}
reaches:
  - {from: sea, to: lock, length_m: 1000, speed_knots: 1e-9}
`,
		want: []string{
			"f.yaml:15:12: lock \"lock\": a flight of 17 chambers needs move_minutes greater than 0",
			"f.yaml:15:34: lock \"lock\": 1000000000 lanes; at most 64",
			"f.yaml:15:53: lock \"lock\": 17 steps; at most 16",
			"f.yaml:15:116: lock \"lock\": enter_minutes is 1e+12; at most 1440 (a day)",
			"f.yaml:22:58: cut \"cut\": period_hours must be from 0.5 to 24, got 0.0001",
			"f.yaml:29:41: cut \"slow\": the passage takes 13.6 hours (12600 m at 0.5 knots), not less than period_hours (6): no clear-cut vessel could ever pass",
			"f.yaml:31:56: reach sea - lock takes 5.4e+08 hours (1000 m at 1e-09 knots); at most 720",
		},
	},

	{
		name: "special auction rules",
		in: tiny + `reaches:
  - {from: sea, to: bay, length_m: 1000, speed_knots: 5}
operations:
  special_auction: {min_wait_days: -1, lead_days: 1.5, reserve_usd: 55000}
`,
		want: []string{
			"f.yaml:12:36: operations: special_auction.min_wait_days must not be negative, got -1",
			"f.yaml:12:51: operations: special_auction.lead_days must be a whole number of days (the auction is held at a midnight), got 1.5",
		},
	},
	{
		name: "operations",
		in: tiny + `reaches:
  - {from: sea, to: bay, length_m: 1000, speed_knots: 5}
operations:
  daily_transits: {neopanamax: -1, panamax: 27}
  backlog_transits: {neopanamax: 12, panamax: -2}
  booking:
    - {from: 2024-01-01, neopanamax: 8, panamax: 23}
    - {from: 2023-01-01, neopanamax: -8, panamax: 23, auction: {neopanamax: 9}}
  max_booked_share: 2
`,
		want: []string{
			"f.yaml:12:32: operations: daily_transits.neopanamax must not be negative, got -1",
			"f.yaml:13:47: operations: backlog_transits.panamax must not be negative, got -2",
			"f.yaml:16:8: operations: booking slots must not be negative",
			"f.yaml:16:14: operations: booking dates must increase, got 2023-01-01 after 2024-01-01",
			"f.yaml:16:64: operations: booking from 2023-01-01: auction slots must be whole numbers from 0 to the day's booking slots (-8 neopanamax, 23 panamax), got 9 and 0",
			"f.yaml:17:21: operations: max_booked_share must be between 0 and 1, got 2",
		},
	},
	{
		name: "utc offset",
		in: "utc_offset_hours: -5.1\n" + tiny + `reaches:
  - {from: sea, to: bay, length_m: 1000, speed_knots: 5}
`,
		want: []string{
			"f.yaml:1:19: utc_offset_hours must be from -14 to 14 in quarter hours (Panama: -5), got -5.1",
		},
	},
	{
		name: "special auction rules left out",
		in: tiny + `reaches:
  - {from: sea, to: bay, length_m: 1000, speed_knots: 5}
operations:
  special_auction: {min_wait_days: 10}
`,
		want: []string{
			`f.yaml:12:21: operations.special_auction: missing key "lead_days"`,
			`f.yaml:12:21: operations.special_auction: missing key "reserve_usd"`,
		},
	}}

func TestParseErrors(t *testing.T) {
	for _, tt := range badNetworks {
		t.Run(tt.name, func(t *testing.T) {
			n, err := network.Parse("f.yaml", []byte(tt.in))
			if err == nil {
				t.Fatalf("Parse = %v, want errors:\n%s", n.Name, strings.Join(tt.want, "\n"))
			}
			if n != nil {
				t.Errorf("Parse returned a network with its errors")
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("Parse errors:\n%s\nwant:\n%s", got, want)
			}
			if got := len(input.AsErrors(err)); got != len(tt.want) {
				t.Errorf("AsErrors has %d errors, want %d", got, len(tt.want))
			}
		})
	}
}

// TestParseTiny checks a small valid file, and that tenures that meet
// (one's until is the next one's from) do not overlap.
func TestParseTiny(t *testing.T) {
	in := tiny + `  - id: port
    name: Port
    kind: terminal
    side: atlantic
    lat: 9.35
    lon: -79.9
    operators:
      - {operator: acp, until: 2026-02-23}
      - {operator: port-co, from: 2026-02-23}
    terminal: {berths: 2, cranes: 4, cranes_per_call: 2, moves_per_crane_hour: 25, teu_per_move: 1.5}
reaches:
  - {from: sea, to: bay, length_m: 18520, speed_knots: 10}
  - {from: bay, to: port, length_m: 1852, speed_knots: 2}
`
	n, err := network.Parse("tiny.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(n.Nodes), []string{"sea", "bay", "port"}; !reflect.DeepEqual(got, want) {
		t.Errorf("nodes = %v, want %v", got, want)
	}
	for i, nd := range n.Nodes {
		if nd.Index != i {
			t.Errorf("node %q: Index %d, want %d", nd.ID, nd.Index, i)
		}
	}
	if got := n.Reaches[0].Mode; got != network.Water {
		t.Errorf("default mode = %q, want water", got)
	}
	p, err := n.Route("sea", "port", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Hours(); got != 1.5 {
		t.Errorf("route sea -> port takes %g h, want 1.5 h", got)
	}
	if got := ids(n.Controlled("holding", day(2026, 2, 23))); !reflect.DeepEqual(got, []string{"port"}) {
		t.Errorf("holding controls %v on 2026-02-23, want [port]", got)
	}
}

// TestZone: the network's local time, and the model's clock reading of
// instants given in any offset.
func TestZone(t *testing.T) {
	n := &network.Network{UTCOffsetHours: -5}
	if got := n.Zone().String(); got != "UTC-05:00" {
		t.Errorf("zone %q, want UTC-05:00", got)
	}
	india := time.FixedZone("IST", 5*3600+1800)
	for _, in := range []time.Time{
		time.Date(2030, 1, 1, 11, 30, 0, 0, time.UTC),
		time.Date(2030, 1, 1, 6, 30, 0, 0, time.FixedZone("", -5*3600)),
		time.Date(2030, 1, 1, 17, 0, 0, 0, india),
	} {
		if got, want := n.OnClock(in), time.Date(2030, 1, 1, 6, 30, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("OnClock(%v) = %v, want %v", in, got, want)
		}
	}
	if got := (&network.Network{}).Zone().String(); got != "UTC" {
		t.Errorf("default zone %q, want UTC", got)
	}
	p, err := network.Parse("panama.yaml", network.PanamaSource())
	if err != nil {
		t.Fatal(err)
	}
	if p.UTCOffsetHours != -5 {
		t.Errorf("Panama's offset %v, want -5", p.UTCOffsetHours)
	}
}

func TestPanamaParsesAgain(t *testing.T) {
	n, err := network.Parse("panama.yaml", network.PanamaSource())
	if err != nil {
		t.Fatal(err)
	}
	if n == network.Panama() {
		t.Errorf("Parse returned the shared Panama network")
	}
	if got, want := len(n.Nodes), len(network.Panama().Nodes); got != want {
		t.Errorf("%d nodes, want %d", got, want)
	}
	if first, again := network.Panama(), network.Panama(); first != again {
		t.Errorf("Panama() loads the network again on each call")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(good, network.PanamaSource(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(badNetworks[0].in), 0o644); err != nil {
		t.Fatal(err)
	}

	n, err := network.Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if n.Node("balboa") == nil {
		t.Errorf("%s: no balboa", good)
	}

	_, err = network.Load(bad)
	errs := input.AsErrors(err)
	if len(errs) == 0 || errs[0].Pos.File != bad {
		t.Errorf("Load(bad) = %v, want errors in %s", err, bad)
	}

	_, err = network.Load(filepath.Join(dir, "missing.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want a not-exist error", err)
	}
}

func TestRead(t *testing.T) {
	n, err := network.Read("tiny", strings.NewReader(tiny))
	if err != nil || n.Name != "tiny" {
		t.Fatalf("Read = %v, %v; want the tiny network", n, err)
	}
	_, err = network.Read("broken", strings.NewReader("name: [\n"))
	if errs := input.AsErrors(err); len(errs) != 1 || errs[0].Pos.File != "broken" {
		t.Errorf("Read(broken) = %v, want one error in file broken", err)
	}
}

// TestNewWithoutPositions: a network built in Go is checked like a file,
// and its errors have no position.
func TestNewWithoutPositions(t *testing.T) {
	_, err := network.New(&network.Network{
		Name:      "go",
		Operators: []*network.Operator{{ID: "op", Name: "Op"}},
		Nodes: []*network.Node{
			{ID: "a", Name: "A", Kind: network.Lock, Side: network.Pacific, Operators: []network.Tenure{{Operator: "po"}}},
			{ID: "b", Name: "B", Kind: "bay", Side: network.Atlantic},
			nil,
		},
		Reaches: []*network.Reach{{From: "a", To: "c", LengthM: 1, SpeedKnots: 1}},
	})
	want := []string{
		`nodes[2] is empty; expected a node`,
		`node "a": unknown operator "po"; did you mean "op"?`,
		`node "a": a lock needs a lock block`,
		`node "b": unknown kind "bay"; expected one of [anchorage approach lock lake cut terminal rail]`,
		`reach: unknown node "c"; did you mean "a"?`,
	}
	if err == nil {
		t.Fatalf("New = nil error, want:\n%s", strings.Join(want, "\n"))
	}
	// Without positions, Sort keeps the order in which they were found.
	var got []string
	for _, e := range input.AsErrors(err) {
		got = append(got, e.Error())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("New errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzParse checks that Parse never panics, that every error it reports
// has a position, and that a network it accepts can be used and
// round-trips through Write.
func FuzzParse(f *testing.F) {
	f.Add(network.PanamaSource())
	f.Add([]byte(tiny))
	for _, tt := range badNetworks {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var n *network.Network
		var err error
		inputtest.Bounded(t, len(data), func() { n, err = network.Parse("fuzz.yaml", data) })
		if err != nil {
			errs := input.AsErrors(err)
			if len(errs) == 0 {
				t.Fatalf("Parse error is not an input error: %v", err)
			}
			for _, e := range errs {
				if e.Pos.File != "fuzz.yaml" || e.Pos.Line < 1 || e.Pos.Col < 1 {
					t.Errorf("error without a position: %#v (%v)", e.Pos, e)
				}
			}
			return
		}
		// An accepted network round-trips through Write.
		text := write(t, n)
		again, err := network.Parse("written.yaml", text)
		if err != nil {
			t.Fatalf("the written network does not load: %v\n%s", err, text)
		}
		if !sameNetwork(n, again) {
			t.Fatalf("the written network reads back different:\n%s", text)
		}
		// An accepted network answers every query without panicking.
		if got := n.Graph().Nodes().Len(); got != len(n.Nodes) {
			t.Fatalf("Graph has %d nodes, want %d", got, len(n.Nodes))
		}
		for _, nd := range n.Nodes {
			for _, d := range []time.Time{{}, input.DateOf(2026, 2, 23).Time} {
				n.Chain(nd, d)
			}
		}
		for _, op := range n.Operators {
			n.Controlled(op.ID, day(2026, 2, 23))
		}
		if len(n.Nodes) > 0 {
			from, to := n.Nodes[0], n.Nodes[len(n.Nodes)-1]
			if p, err := n.Route(from.ID, to.ID, nil); err == nil && (p.Nodes[0] != from || p.Nodes[len(p.Nodes)-1] != to) {
				t.Fatalf("route %v does not join %s and %s", ids(p.Nodes), from.ID, to.ID)
			}
		}
	})
}
