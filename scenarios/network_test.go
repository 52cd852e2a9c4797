package scenarios_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// The tests of this file cover the network and demand keys of a scenario
// (and the Source fields that replace them), with the examples of the
// repository's examples/ folder.

// examplesDir is the repository's examples folder, from this package's.
const examplesDir = "../examples"

// TestExamples: each example's scenario reads with its own network and
// demand, resolved from the scenario's folder, and validates against the
// schema.
func TestExamples(t *testing.T) {
	sch := compileSchema(t)
	for _, tc := range []struct{ example, network, demand, target string }{
		{"one-lock", "one-lock", "one-lock-demand", "lock"},
		{"two-locks", "two-locks", "two-locks-demand", "west-locks"},
	} {
		t.Run(tc.example, func(t *testing.T) {
			sc, src, err := scenarios.Load(filepath.Join(examplesDir, tc.example, "scenario.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if sc.Network == nil || sc.Network.Name != tc.network {
				t.Errorf("network %v, want %s", sc.Network, tc.network)
			}
			if sc.Demand == nil || sc.Demand.Name != tc.demand {
				t.Errorf("demand %v, want %s", sc.Demand, tc.demand)
			}
			nodes, err := sc.Disruptions[0].Target.Resolve(sc.Network, sc.Start)
			if err != nil || len(nodes) != 1 || nodes[0].ID != tc.target {
				t.Errorf("target resolves to %v (%v), want %s", nodes, err, tc.target)
			}
			if err := validate(sch, string(src.Text)); err != nil {
				t.Errorf("%s does not validate against %s: %v", src.Name, schemaFile, err)
			}
		})
	}
}

// netHead starts a scenario whose lines 4 and 5 name a network and a
// demand.
const netHead = "name: x\nstart: 2030-01-01\ndays: 30\n"

// testNet and testDem are a network of one lock and a demand for it (the
// one-lock example, in short), whose errors the tests below place.
const (
	testNet = `name: one-lock
operators:
  - {id: authority, name: Authority}
nodes:
  - {id: west-anchorage, name: West, kind: anchorage, side: pacific, lat: 10, lon: -80.1}
  - {id: lock, name: Lock, kind: lock, side: pacific, lat: 10, lon: -80, operators: [{operator: authority}], lock: {type: panamax, lanes: 1, steps: 1, chamber_length_m: 300, chamber_width_m: 33, enter_minutes: 20, level_minutes: 10, exit_minutes: 20, max_run: 2}}
  - {id: east-anchorage, name: East, kind: anchorage, side: atlantic, lat: 10, lon: -79.9}
reaches:
  - {from: west-anchorage, to: lock, length_m: 9260, speed_knots: 10}
  - {from: lock, to: east-anchorage, length_m: 9260, speed_knots: 10}
`
	testDem = `name: one-lock-demand
classes:
  - {id: ship, lock_type: panamax, length_m: 200, beam_m: 30, draft_m: 10}
streams:
  - {name: eastbound, class: ship, segment: dry-bulk, from: west-anchorage, to: east-anchorage, per_day: 5}
  - {name: westbound, class: ship, segment: dry-bulk, from: east-anchorage, to: west-anchorage, per_day: 5}
`
)

func TestNetworkAndDemand(t *testing.T) {
	dir := t.TempDir()
	net, dem := testNet, testDem
	write(t, dir, map[string]string{
		"net.yaml": net,
		"dem.yaml": dem,
		// For the Panama network: one stream of its own.
		"panama-dem.yaml": "name: mine\nclasses:\n  - {id: c, lock_type: panamax, length_m: 200, beam_m: 30, draft_m: 10}\nstreams:\n  - {name: s, class: c, segment: other, from: pacific-anchorage, to: atlantic-anchorage, per_day: 3}\n",
	})
	path := func(name string) string { return filepath.Join(dir, name) }

	// A network and a demand of one's own.
	sc, err := scenarios.Parse("s.yaml", []byte(netHead+"network: net.yaml\ndemand: dem.yaml\n"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Network.Name != "one-lock" || sc.Demand.Name != "one-lock-demand" || len(sc.Demand.Streams) != 2 {
		t.Errorf("network %s, demand %s", sc.Network.Name, sc.Demand.Name)
	}
	// A problem the demand's check finds against the network points into
	// the demand's file.
	write(t, dir, map[string]string{"bad-dem.yaml": strings.Replace(testDem, "class: ship, segment: dry-bulk, from: east", "class: nosuch, segment: dry-bulk, from: east", 1)})
	if _, err := scenarios.Parse("s.yaml", []byte(netHead+"network: net.yaml\ndemand: bad-dem.yaml\n"), dir); err == nil || !strings.Contains(err.Error(), path("bad-dem.yaml")+":") || !strings.Contains(err.Error(), `bad-dem.yaml:6:30: stream "westbound": unknown class "nosuch"`) {
		t.Errorf("a demand with an unknown class: %v; want the problem at its place in %s", err, path("bad-dem.yaml"))
	}

	// A demand of one's own on the Panama network, named or by default.
	for _, head := range []string{"", "network: panama\n"} {
		sc, err = scenarios.Parse("s.yaml", []byte(netHead+head+"demand: panama-dem.yaml\n"), dir)
		if err != nil {
			t.Fatal(err)
		}
		if sc.Network != nil || sc.Demand.Name != "mine" {
			t.Errorf("network %v, demand %s; want the embedded network and demand mine", sc.Network, sc.Demand.Name)
		}
	}

	// The embedded pair, named.
	sc, err = scenarios.Parse("s.yaml", []byte(netHead+"network: panama\ndemand: panama\n"), dir)
	if err != nil || sc.Network != nil || sc.Demand != nil {
		t.Errorf("panama and panama: %v, %v, %v; want the embedded pair (nil, nil)", sc, err, err)
	}

	bad := func(name, text string) string {
		write(t, dir, map[string]string{name: text})
		return name
	}
	tests := []struct{ name, in, want string }{
		{"a network without a demand", netHead + "network: net.yaml\n",
			`s.yaml:4:10: network "net.yaml": the embedded Panama demand needs the Panama network; give demand: FILE`},
		{"the embedded demand on another network", netHead + "network: net.yaml\ndemand: panama\n",
			`s.yaml:5:9: demand "panama" does not fit network one-lock: stream "neo-container-balboa-nb": unknown node "pacific-anchorage"; did you mean "east-anchorage"? (and 119 more)`},
		{"a missing demand file", netHead + "network: net.yaml\ndemand: missing.yaml\n",
			`s.yaml:5:9: demand "missing.yaml": no such file (use panama for the embedded demand)`},
		{"an empty demand", netHead + "demand: ''\n",
			`s.yaml:4:9: demand: empty; give panama (the embedded demand) or the path of a demand file`},
		{"an empty network", netHead + "network: ''\n",
			`s.yaml:4:10: network: empty; give panama (the embedded network) or the path of a network file`},
		{"a folder", netHead + "network: net.yaml\ndemand: .\n",
			`s.yaml:5:9: demand ".": ` + dir + ` is not a regular file (use panama for the embedded demand)`},
		{"errors of the demand file, with the scenario's", netHead + "network: net.yaml\ndemand: " +
			bad("typo.yaml", strings.Replace(dem, "per_day: 5}\n", "per_dya: 5}\n", 1)) + "\nsede: 1\n",
			path("typo.yaml") + `:5:6: streams[0]: missing key "per_day"` + "\n" +
				path("typo.yaml") + `:5:97: unknown key "per_dya" in streams[0]; did you mean "per_day"?` + "\n" +
				`s.yaml:6:1: unknown key "sede"; did you mean "seed"?`},
		{"a demand that does not fit the network", netHead + "network: net.yaml\ndemand: " +
			bad("misfit.yaml", strings.Replace(strings.Replace(dem, "from: west-anchorage", "from: west-anchorge", 1), "length_m: 200", "length_m: 320", 1)) + "\n",
			path("misfit.yaml") + `:3:46: class "ship" (320 x 30 m) does not fit the chambers of lock (300 x 33 m)` + "\n" +
				path("misfit.yaml") + `:5:61: stream "eastbound": unknown node "west-anchorge"; did you mean "west-anchorage"?`},
		{"a demand file's errors when the network's are there too", netHead + "network: " +
			bad("badnet.yaml", strings.Replace(net, "lanes: 1,", "lanse: 1,", 1)) + "\ndemand: typo.yaml\n",
			path("badnet.yaml") + `:6:132: unknown key "lanse" in nodes[1].lock; did you mean "lanes"?` + "\n" +
				path("typo.yaml") + `:5:6: streams[0]: missing key "per_day"` + "\n" +
				path("typo.yaml") + `:5:97: unknown key "per_dya" in streams[0]; did you mean "per_day"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Parse("s.yaml", []byte(tt.in), dir)
			if err == nil {
				t.Fatalf("no error, want\n%s", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			for _, e := range input.AsErrors(err) {
				if !e.Pos.IsValid() {
					t.Errorf("no position: %v", e)
				}
			}
		})
	}
}

// TestSourceOverrides: a Source's Network and Demand replace the file's
// network and demand keys, for the file and what it includes.
func TestSourceOverrides(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"inc.yaml":  netHead + "disruptions:\n  - {effect: closure, target: {nodes: [lock]}, from: 2030-01-05, days: 1}\n",
		"main.yaml": netHead + "network: nowhere.yaml\ndemand: nowhere.yaml\ninclude: [inc.yaml]\n",
	})
	net, err := network.Load(filepath.Join(examplesDir, "one-lock", "network.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dem, err := sim.LoadDemand(filepath.Join(examplesDir, "one-lock", "demand.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := scenarios.Open(filepath.Join(dir, "main.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The file's own keys name files that do not exist.
	if _, err := src.Parse(); err == nil {
		t.Fatal("main.yaml parses without its network and demand")
	}
	src.Network, src.Demand = net, dem
	sc, err := src.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if sc.Network != net || sc.Demand != dem || len(sc.Disruptions) != 1 {
		t.Errorf("network %p (want %p), demand %p (want %p), %d disruptions", sc.Network, net, sc.Demand, dem, len(sc.Disruptions))
	}

	// Only the network replaced, on a file that names no demand.
	src = &scenarios.Source{Name: filepath.Join(dir, "inc.yaml"), Text: []byte(netHead + "disruptions:\n  - {effect: closure, target: {nodes: [lock]}, from: 2030-01-05, days: 1}\n"), Network: net}
	_, err = src.Parse()
	want := "network one-lock replaces the scenario's, which names no demand: the embedded Panama demand needs the Panama network; give demand: FILE (canalsim run --demand FILE)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}

	// Only the network replaced, on a file that names its demand and
	// includes one that names none: the included file's disruptions are
	// read on the replacing network, with the including file's demand.
	write(t, dir, map[string]string{
		"dem.yaml": testDem,
		"own.yaml": netHead + "network: nowhere.yaml\ndemand: dem.yaml\ninclude: [inc.yaml]\n",
	})
	src, err = scenarios.Open(filepath.Join(dir, "own.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src.Network = net
	sc, err = src.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if sc.Network != net || sc.Demand == nil || sc.Demand.Name != "one-lock-demand" || len(sc.Disruptions) != 1 {
		t.Errorf("network %s, demand %v, %d disruptions", sc.Network.Name, sc.Demand, len(sc.Disruptions))
	}

	// The embedded network in place of the file's: its targets are
	// checked against it.
	src, err = scenarios.Open(filepath.Join(examplesDir, "one-lock", "scenario.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src.Network = network.Panama()
	_, err = src.Parse()
	if err == nil || !strings.Contains(err.Error(), `unknown node "lock"`) || !strings.Contains(err.Error(), `stream "eastbound": unknown node "west-anchorage"`) {
		t.Errorf("one-lock on the Panama network: %v", err)
	}
}
