package network_test

import (
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/traverse"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// day returns midnight UTC on a date.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ids returns the IDs of nodes, in order.
func ids(nodes []*network.Node) []string {
	out := []string{}
	for _, nd := range nodes {
		out = append(out, nd.ID)
	}
	return out
}

// panamaxOnly admits what a Panamax vessel transiting uses: no Neopanamax
// locks, no terminals, no railway.
func panamaxOnly(nd *network.Node) bool {
	return nd.Kind != network.Terminal && nd.Kind != network.Rail &&
		!(nd.Kind == network.Lock && nd.Lock.Type == network.Neopanamax)
}

// neopanamaxOnly admits what a Neopanamax vessel transiting uses.
func neopanamaxOnly(nd *network.Node) bool {
	return nd.Kind != network.Terminal && nd.Kind != network.Rail &&
		!(nd.Kind == network.Lock && nd.Lock.Type == network.Panamax)
}

func TestPanamaNodes(t *testing.T) {
	n := network.Panama()
	if n.Name != "panama" {
		t.Errorf("Name = %q, want panama", n.Name)
	}
	tests := []struct {
		id   string
		kind network.Kind
		side network.Side
	}{
		{"pacific-anchorage", network.Anchorage, network.Pacific},
		{"atlantic-anchorage", network.Anchorage, network.Atlantic},
		{"pacific-approach", network.Approach, network.Pacific},
		{"atlantic-approach", network.Approach, network.Atlantic},
		{"gatun-locks", network.Lock, network.Atlantic},
		{"pedro-miguel-locks", network.Lock, network.Pacific},
		{"miraflores-locks", network.Lock, network.Pacific},
		{"agua-clara-locks", network.Lock, network.Atlantic},
		{"cocoli-locks", network.Lock, network.Pacific},
		{"gatun-lake", network.Lake, network.Atlantic},
		{"miraflores-lake", network.Lake, network.Pacific},
		{"culebra-cut", network.Cut, network.Pacific},
		{"balboa", network.Terminal, network.Pacific},
		{"psa", network.Terminal, network.Pacific},
		{"cristobal", network.Terminal, network.Atlantic},
		{"mit", network.Terminal, network.Atlantic},
		{"cct", network.Terminal, network.Atlantic},
		{"railway", network.Rail, network.Pacific},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			nd := n.Node(tt.id)
			if nd == nil {
				t.Fatalf("Node(%q) = nil", tt.id)
			}
			if nd.ID != tt.id || nd.Kind != tt.kind || nd.Side != tt.side {
				t.Errorf("Node(%q) = {ID %q, Kind %s, Side %s}, want kind %s, side %s", tt.id, nd.ID, nd.Kind, nd.Side, tt.kind, tt.side)
			}
			if n.Nodes[nd.Index] != nd {
				t.Errorf("Nodes[%d] is not node %q", nd.Index, tt.id)
			}
			// Exactly the attribute block of the node's kind; a lake's is
			// optional.
			blocks := []struct {
				kind     network.Kind
				has      bool
				optional bool
			}{
				{network.Lock, nd.Lock != nil, false},
				{network.Terminal, nd.Terminal != nil, false},
				{network.Rail, nd.Rail != nil, false},
				{network.Lake, nd.Lake != nil, true},
			}
			for _, b := range blocks {
				if b.has && b.kind != nd.Kind || !b.has && b.kind == nd.Kind && !b.optional {
					t.Errorf("node %q (a %s): has a %s block: %v", tt.id, nd.Kind, b.kind, b.has)
				}
			}
		})
	}
	if got, want := len(n.Nodes), len(tests); got != want {
		t.Errorf("%d nodes, want %d: %v", got, want, ids(n.Nodes))
	}
	for _, k := range network.Kinds() {
		if len(n.NodesOfKind(k)) == 0 {
			t.Errorf("no node of kind %s", k)
		}
	}
	if got, want := ids(n.Terminals()), []string{"balboa", "psa", "cristobal", "mit", "cct"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Terminals() = %v, want %v", got, want)
	}
	if n.Node("nowhere") != nil {
		t.Errorf("Node(nowhere) is not nil")
	}
}

func TestPanamaLocks(t *testing.T) {
	n := network.Panama()
	tests := []struct {
		id    string
		typ   network.LockType
		steps int
		lanes int
	}{
		{"gatun-locks", network.Panamax, 3, 2},
		{"pedro-miguel-locks", network.Panamax, 1, 2},
		{"miraflores-locks", network.Panamax, 2, 2},
		{"agua-clara-locks", network.Neopanamax, 3, 1},
		{"cocoli-locks", network.Neopanamax, 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			l := n.Node(tt.id).Lock
			if l == nil {
				t.Fatalf("node %q has no lock block", tt.id)
			}
			if l.Type != tt.typ || l.Steps != tt.steps || l.Lanes != tt.lanes {
				t.Errorf("lock %q: type %s, %d steps, %d lanes; want %s, %d steps, %d lanes", tt.id, l.Type, l.Steps, l.Lanes, tt.typ, tt.steps, tt.lanes)
			}
			if h, tr := l.HeadwayMinutes(), l.TransitMinutes(); !(h > 0 && tr > 0 && (l.Steps == 1 || h < tr)) {
				t.Errorf("lock %q: headway %g min, transit %g min; want both > 0 and pipelining (headway < transit) in a flight", tt.id, h, tr)
			}
		})
	}
	if got := len(n.NodesOfKind(network.Lock)); got != len(tests) {
		t.Errorf("%d locks, want %d", got, len(tests))
	}
}

// TestPanamaInvariants checks what must hold of every node and reach.
func TestPanamaInvariants(t *testing.T) {
	n := network.Panama()
	for _, nd := range n.Nodes {
		if !(nd.Lat >= 8.5 && nd.Lat <= 9.6 && nd.Lon >= -80.2 && nd.Lon <= -79.3) {
			t.Errorf("node %q at %g, %g: outside the Panama area (lat 8.5..9.6, lon -80.2..-79.3)", nd.ID, nd.Lat, nd.Lon)
		}
		if nd.Name == "" {
			t.Errorf("node %q has no name", nd.ID)
		}
		for _, d := range []time.Time{day(2020, 1, 1), day(2025, 6, 1), day(2026, 6, 1)} {
			op := nd.OperatorAt(d)
			if op == "" || n.Operator(op) == nil {
				t.Errorf("node %q on %s: operator %q, want a known operator", nd.ID, d.Format(time.DateOnly), op)
			}
		}
	}
	for _, r := range n.Reaches {
		if !(r.LengthM > 0 && r.SpeedKnots > 0) {
			t.Errorf("reach %s - %s: length %g m, speed %g kn; want both > 0", r.From, r.To, r.LengthM, r.SpeedKnots)
		}
		if n.Node(r.From) == nil || n.Node(r.To) == nil {
			t.Errorf("reach %s - %s: unknown endpoint", r.From, r.To)
		}
		rail := n.Node(r.From).Kind == network.Rail || n.Node(r.To).Kind == network.Rail
		if want := map[bool]network.Mode{true: network.RailMode, false: network.Water}[rail]; r.Mode != want {
			t.Errorf("reach %s - %s: mode %q, want %q", r.From, r.To, r.Mode, want)
		}
	}
	for _, tm := range n.Terminals() {
		if got := tm.Terminal.TEUPerHour(); !(got > 0) {
			t.Errorf("terminal %q: %g TEU an hour, want > 0", tm.ID, got)
		}
	}
}

func TestPanamaGraph(t *testing.T) {
	n := network.Panama()
	g := n.Graph()
	if got, want := g.Nodes().Len(), len(n.Nodes); got != want {
		t.Errorf("Graph has %d nodes, want %d", got, want)
	}
	for _, nd := range n.Nodes {
		if g.Node(int64(nd.Index)) == nil {
			t.Errorf("node %q (index %d) is not in the graph", nd.ID, nd.Index)
		}
	}
	reached := 0
	var bf traverse.BreadthFirst
	bf.Walk(g, g.Node(0), func(graph.Node, int) bool { reached++; return false })
	if reached != len(n.Nodes) {
		t.Errorf("%d nodes reachable from %s in Graph, want all %d: it is not connected", reached, n.Nodes[0].ID, len(n.Nodes))
	}
	// Every reach is an edge weighted by its travel time (one reach per
	// pair of nodes in Panama).
	for _, r := range n.Reaches {
		u, v := n.Node(r.From).Index, n.Node(r.To).Index
		w, ok := g.Weight(int64(u), int64(v))
		if !ok || w != r.Hours() {
			t.Errorf("edge %s - %s: weight %g, %v; want %g h", r.From, r.To, w, ok, r.Hours())
		}
	}
}

// isSubsequence reports whether want appears in got in order.
func isSubsequence(got, want []string) bool {
	i := 0
	for _, s := range got {
		if i < len(want) && s == want[i] {
			i++
		}
	}
	return i == len(want)
}

// checkPath checks that p joins its nodes with water reaches and returns
// its length in metres.
func checkPath(t *testing.T, p network.Path) float64 {
	t.Helper()
	if len(p.Reaches) != len(p.Nodes)-1 {
		t.Fatalf("path has %d nodes and %d reaches", len(p.Nodes), len(p.Reaches))
	}
	length := 0.0
	hours := 0.0
	for i, r := range p.Reaches {
		a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
		if r.Mode != network.Water || !(r.From == a && r.To == b || r.From == b && r.To == a) {
			t.Errorf("Reaches[%d] = %s - %s (%s), want a water reach joining %s and %s", i, r.From, r.To, r.Mode, a, b)
		}
		length += r.LengthM
		hours += r.Hours()
	}
	for _, nd := range p.Nodes {
		if nd.Cut != nil {
			length += nd.Cut.LengthM
			hours += nd.Cut.Hours()
		}
	}
	if got := p.Hours(); math.Abs(got-hours) > 1e-12 {
		t.Errorf("Hours() = %g, want %g", got, hours)
	}
	if got := p.Metres(); math.Abs(got-length) > 1e-9 {
		t.Errorf("Metres() = %g, want %g", got, length)
	}
	return length
}

func TestPanamaRoutes(t *testing.T) {
	n := network.Panama()
	tests := []struct {
		name     string
		from, to string
		allow    func(*network.Node) bool
		via      []string // in this order
		avoid    []string
	}{
		{
			name: "panamax southbound", from: "pacific-anchorage", to: "atlantic-anchorage", allow: panamaxOnly,
			via:   []string{"pacific-approach", "miraflores-locks", "pedro-miguel-locks", "culebra-cut", "gatun-lake", "gatun-locks", "atlantic-approach"},
			avoid: []string{"cocoli-locks", "agua-clara-locks"},
		},
		{
			name: "panamax northbound", from: "atlantic-anchorage", to: "pacific-anchorage", allow: panamaxOnly,
			via:   []string{"gatun-locks", "gatun-lake", "culebra-cut", "pedro-miguel-locks", "miraflores-locks"},
			avoid: []string{"cocoli-locks", "agua-clara-locks"},
		},
		{
			name: "neopanamax southbound", from: "pacific-anchorage", to: "atlantic-anchorage", allow: neopanamaxOnly,
			via:   []string{"pacific-approach", "cocoli-locks", "culebra-cut", "gatun-lake", "agua-clara-locks", "atlantic-approach"},
			avoid: []string{"miraflores-locks", "pedro-miguel-locks", "gatun-locks"},
		},
		{
			name: "neopanamax northbound", from: "atlantic-anchorage", to: "pacific-anchorage", allow: neopanamaxOnly,
			via:   []string{"agua-clara-locks", "gatun-lake", "culebra-cut", "cocoli-locks"},
			avoid: []string{"miraflores-locks", "pedro-miguel-locks", "gatun-locks"},
		},
		{
			name: "any vessel", from: "pacific-anchorage", to: "atlantic-anchorage", allow: nil,
			via: []string{"culebra-cut", "gatun-lake"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := n.Route(tt.from, tt.to, tt.allow)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(p.Nodes)
			if got[0] != tt.from || got[len(got)-1] != tt.to {
				t.Errorf("route %v does not run from %s to %s", got, tt.from, tt.to)
			}
			if !isSubsequence(got, tt.via) {
				t.Errorf("route %v, want it through %v in that order", got, tt.via)
			}
			for _, id := range tt.avoid {
				if slices.Contains(got, id) {
					t.Errorf("route %v passes %s", got, id)
				}
			}
			if km := checkPath(t, p) / 1000; km < 80 || km > 110 {
				t.Errorf("route %v is %g km by water, want 80..110 km", got, km)
			}
		})
	}
}

func TestRouteToTerminal(t *testing.T) {
	n := network.Panama()
	p, err := n.Route("atlantic-anchorage", "cristobal", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(p.Nodes), []string{"atlantic-anchorage", "atlantic-approach", "cristobal"}; !reflect.DeepEqual(got, want) {
		t.Errorf("route = %v, want %v", got, want)
	}
	p, err = n.Route("balboa", "balboa", nil)
	if err != nil || len(p.Nodes) != 1 || len(p.Reaches) != 0 || p.Hours() != 0 {
		t.Errorf("Route(balboa, balboa) = %v, %v; want the one-node path", ids(p.Nodes), err)
	}
}

func TestRouteErrors(t *testing.T) {
	n := network.Panama()
	tests := []struct {
		name     string
		from, to string
		allow    func(*network.Node) bool
		want     string
	}{
		{
			name: "railway by water", from: "pacific-anchorage", to: "railway",
			want: "network panama: no route by water from pacific-anchorage to railway",
		},
		{
			name: "terminal to terminal by rail only", from: "balboa", to: "cristobal",
			allow: func(nd *network.Node) bool { return nd.Kind == network.Terminal || nd.Kind == network.Rail },
			want:  "network panama: no route by water from balboa to cristobal",
		},
		{
			name: "unknown origin", from: "nowhere", to: "atlantic-anchorage",
			want: "network panama: route nowhere -> atlantic-anchorage: unknown node",
		},
		{
			name: "unknown destination", from: "pacific-anchorage", to: "nowhere",
			want: "network panama: route pacific-anchorage -> nowhere: unknown node",
		},
		{
			name: "endpoint not allowed", from: "balboa", to: "atlantic-anchorage", allow: panamaxOnly,
			want: "network panama: route balboa -> atlantic-anchorage: endpoint not allowed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := n.Route(tt.from, tt.to, tt.allow)
			if err == nil {
				t.Fatalf("Route = %v, want error %q", ids(p.Nodes), tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Route error = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRouteParallelReaches: with two reaches between the same nodes, the
// route takes the faster, whatever their order in the file.
func TestRouteParallelReaches(t *testing.T) {
	for _, order := range []string{"fast first", "slow first"} {
		t.Run(order, func(t *testing.T) {
			fast := &network.Reach{From: "a", To: "b", LengthM: 1852, SpeedKnots: 1}      // 1 h
			slow := &network.Reach{From: "b", To: "a", LengthM: 10 * 1852, SpeedKnots: 1} // 10 h
			detour := []*network.Reach{
				{From: "a", To: "c", LengthM: 2 * 1852, SpeedKnots: 1},
				{From: "c", To: "b", LengthM: 2 * 1852, SpeedKnots: 1},
			}
			reaches := append([]*network.Reach{fast, slow}, detour...)
			if order == "slow first" {
				reaches = append([]*network.Reach{slow, fast}, detour...)
			}
			n, err := network.New(&network.Network{
				Name: "parallel",
				Nodes: []*network.Node{
					{ID: "a", Name: "A", Kind: network.Anchorage, Side: network.Pacific},
					{ID: "b", Name: "B", Kind: network.Anchorage, Side: network.Atlantic},
					{ID: "c", Name: "C", Kind: network.Cut, Side: network.Atlantic},
				},
				Reaches: reaches,
			})
			if err != nil {
				t.Fatal(err)
			}
			p, err := n.Route("a", "b", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ids(p.Nodes), []string{"a", "b"}; !reflect.DeepEqual(got, want) || p.Reaches[0] != fast {
				t.Errorf("route %v in %g h, want %v through the 1 h reach", got, p.Hours(), want)
			}
			if w, _ := n.Graph().Weight(0, 1); w != 1 {
				t.Errorf("graph weight a - b = %g h, want 1 h", w)
			}
		})
	}
}

func TestControlled(t *testing.T) {
	n := network.Panama()
	tests := []struct {
		op   string
		date time.Time
		want []string
	}{
		{"ck-hutchison", day(2025, 6, 1), []string{"balboa", "cristobal"}},
		{"hutchison-ports", day(2025, 6, 1), []string{"balboa", "cristobal"}},
		{"ppc", day(2025, 6, 1), []string{"balboa", "cristobal"}},
		{"apmt", day(2025, 6, 1), []string{"railway"}},
		{"maersk", day(2025, 6, 1), []string{"railway"}},
		{"til", day(2025, 6, 1), []string{}},
		{"pcrc-jv", day(2025, 3, 31), []string{"railway"}},
		{"pcrc-jv", day(2025, 4, 1), []string{}},
		{"ck-hutchison", day(2026, 6, 1), []string{}},
		{"ppc", day(2026, 6, 1), []string{}},
		{"apmt", day(2026, 6, 1), []string{"balboa", "railway"}},
		{"maersk", day(2026, 6, 1), []string{"balboa", "railway"}},
		{"til", day(2026, 6, 1), []string{"cristobal"}},
		{"msc", day(2026, 6, 1), []string{"cristobal"}},
		{"psa-international", day(2026, 6, 1), []string{"psa"}},
		{"ssa-marine", day(2026, 6, 1), []string{"mit"}},
		{"evergreen", day(2026, 6, 1), []string{"cct"}},
		{"nobody", day(2026, 6, 1), []string{}},
		// The until date is exclusive: the handover is on 2026-02-23.
		{"ppc", day(2026, 2, 22), []string{"balboa", "cristobal"}},
		{"apmt", day(2026, 2, 22), []string{"railway"}},
		{"ppc", day(2026, 2, 23), []string{}},
		{"apmt", day(2026, 2, 23), []string{"balboa", "railway"}},
		{"ppc", time.Date(2026, 2, 22, 23, 59, 59, 0, time.UTC), []string{"balboa", "cristobal"}},
	}
	for _, tt := range tests {
		t.Run(tt.op+" on "+tt.date.Format(time.DateTime), func(t *testing.T) {
			if got := ids(n.Controlled(tt.op, tt.date)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Controlled(%q, %s) = %v, want %v", tt.op, tt.date.Format(time.DateTime), got, tt.want)
			}
		})
	}
	acp := n.Controlled("acp", day(2025, 6, 1))
	if got, want := len(acp), len(n.Nodes)-len(n.Terminals())-1; got != want {
		t.Errorf("acp controls %d nodes, want %d (all but the terminals and the railway): %v", got, want, ids(acp))
	}
}

func TestChain(t *testing.T) {
	n := network.Panama()
	tests := []struct {
		node string
		date time.Time
		want []string
	}{
		{"balboa", day(2025, 6, 1), []string{"ppc", "hutchison-ports", "ck-hutchison"}},
		{"balboa", day(2026, 2, 22), []string{"ppc", "hutchison-ports", "ck-hutchison"}},
		{"balboa", day(2026, 2, 23), []string{"apmt", "maersk"}},
		{"cristobal", day(2026, 6, 1), []string{"til", "msc"}},
		{"railway", day(2024, 1, 1), []string{"pcrc-jv"}},
		{"railway", day(2025, 6, 1), []string{"apmt", "maersk"}},
		{"gatun-locks", day(2025, 6, 1), []string{"acp"}},
	}
	for _, tt := range tests {
		t.Run(tt.node+" on "+tt.date.Format(time.DateOnly), func(t *testing.T) {
			nd := n.Node(tt.node)
			var got []string
			for _, op := range n.Chain(nd, tt.date) {
				got = append(got, op.ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Chain(%s, %s) = %v, want %v", tt.node, tt.date.Format(time.DateOnly), got, tt.want)
			}
			if got, want := nd.OperatorAt(tt.date), tt.want[0]; got != want {
				t.Errorf("OperatorAt = %q, want %q", got, want)
			}
		})
	}
}

func TestOperatorAt(t *testing.T) {
	nd := &network.Node{ID: "x", Operators: []network.Tenure{
		{Operator: "early", Until: input.DateOf(2020, time.January, 1).Time},
		{Operator: "middle", From: input.DateOf(2021, time.January, 1).Time, Until: input.DateOf(2022, time.January, 1).Time},
		{Operator: "late", From: input.DateOf(2022, time.January, 1).Time},
	}}
	tests := []struct {
		date time.Time
		want string
	}{
		{day(1900, 1, 1), "early"},
		{day(2019, 12, 31), "early"},
		{day(2020, 1, 1), ""}, // a gap in 2020
		{day(2020, 12, 31), ""},
		{day(2021, 1, 1), "middle"},
		{day(2021, 12, 31), "middle"},
		{day(2022, 1, 1), "late"},
		{day(2100, 1, 1), "late"},
	}
	for _, tt := range tests {
		t.Run(tt.date.Format(time.DateOnly), func(t *testing.T) {
			if got := nd.OperatorAt(tt.date); got != tt.want {
				t.Errorf("OperatorAt(%s) = %q, want %q", tt.date.Format(time.DateOnly), got, tt.want)
			}
		})
	}
	if got := (&network.Node{}).OperatorAt(day(2025, 1, 1)); got != "" {
		t.Errorf("node without operators: OperatorAt = %q, want \"\"", got)
	}
}

func TestHours(t *testing.T) {
	r := &network.Reach{LengthM: 1852 * 15, SpeedKnots: 10}
	if got := r.Hours(); got != 1.5 {
		t.Errorf("Hours() = %g, want 1.5", got)
	}
	ts := &network.TermSpec{CranesPerCall: 4, MovesPerCraneHour: 25, TEUPerMove: 1.5}
	if got := ts.TEUPerHour(); got != 150 {
		t.Errorf("TEUPerHour() = %g, want 150", got)
	}
}
