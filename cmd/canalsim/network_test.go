package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/multi"

	"github.com/canalsim/canalsim/sim/network"
)

// parsedGraph is a DOT file read back by gonum's unmarshaller: nodes and
// lines that keep their DOT IDs and attributes. A multigraph, so that
// parallel reaches would count apart.
type parsedGraph struct {
	*multi.UndirectedGraph
	attrs attrMap
}

type attrMap map[string]string

func (a attrMap) SetAttribute(at encoding.Attribute) error { a[at.Key] = at.Value; return nil }

func (g *parsedGraph) NewNode() graph.Node {
	return &parsedNode{Node: g.UndirectedGraph.NewNode(), attrs: attrMap{}}
}

func (g *parsedGraph) NewLine(from, to graph.Node) graph.Line {
	return &parsedLine{Line: g.UndirectedGraph.NewLine(from, to), attrs: attrMap{}}
}

func (g *parsedGraph) DOTAttributeSetters() (graph, node, edge encoding.AttributeSetter) {
	return g.attrs, attrMap{}, attrMap{}
}

type parsedNode struct {
	graph.Node
	id    string
	attrs attrMap
}

func (n *parsedNode) SetDOTID(id string)                      { n.id = id }
func (n *parsedNode) SetAttribute(a encoding.Attribute) error { return n.attrs.SetAttribute(a) }

type parsedLine struct {
	graph.Line
	attrs attrMap
}

func (l *parsedLine) SetAttribute(a encoding.Attribute) error { return l.attrs.SetAttribute(a) }

// ReversedLine keeps the attributes of a line read from the other end.
func (l *parsedLine) ReversedLine() graph.Line {
	return &parsedLine{Line: l.Line.ReversedLine(), attrs: l.attrs}
}

// parseDOT reads DOT text back, failing the test if it does not parse.
func parseDOT(t *testing.T, text string) (*parsedGraph, map[string]*parsedNode) {
	t.Helper()
	g := &parsedGraph{UndirectedGraph: multi.NewUndirectedGraph(), attrs: attrMap{}}
	if err := dot.UnmarshalMulti([]byte(text), g); err != nil {
		t.Fatalf("the DOT does not parse: %v\n%s", err, text)
	}
	nodes := map[string]*parsedNode{}
	for it := g.Nodes(); it.Next(); {
		n := it.Node().(*parsedNode)
		nodes[n.id] = n
	}
	return g, nodes
}

// pair names an unordered pair of node IDs.
func pair(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + " -- " + b
}

func TestNetworkDOT(t *testing.T) {
	code, stdout, stderr := canalsim(t, "network", "--as-of", "2025-10-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	net := network.Panama()
	g, nodes := parseDOT(t, stdout)
	if got, want := len(nodes), len(net.Nodes); got != want {
		t.Errorf("%d nodes, want %d", got, want)
	}
	if g.attrs["inputscale"] == "" || !strings.Contains(g.attrs["comment"], "2025-10-01") {
		t.Errorf("graph attributes %v: want inputscale and the date in the comment", g.attrs)
	}
	for _, nd := range net.Nodes {
		n := nodes[nd.ID]
		if n == nil {
			t.Errorf("node %s missing", nd.ID)
			continue
		}
		want := map[string]string{"label": nd.Name, "kind": string(nd.Kind), "side": string(nd.Side)}
		for k, v := range want {
			if n.attrs[k] != v {
				t.Errorf("node %s: %s = %q, want %q", nd.ID, k, n.attrs[k], v)
			}
		}
		if op := nd.OperatorAt(mustDate(t, "2025-10-01")); n.attrs["operator"] != op {
			t.Errorf("node %s: operator = %q, want %q", nd.ID, n.attrs["operator"], op)
		}
		pos, ok := strings.CutSuffix(n.attrs["pos"], "!")
		lon, lat, ok2 := strings.Cut(pos, ",")
		x, err1 := strconv.ParseFloat(lon, 64)
		y, err2 := strconv.ParseFloat(lat, 64)
		if !ok || !ok2 || err1 != nil || err2 != nil || x != nd.Lon || y != nd.Lat {
			t.Errorf("node %s: pos = %q, want \"%g,%g!\"", nd.ID, n.attrs["pos"], nd.Lon, nd.Lat)
		}
	}
	if got := nodes["balboa"].attrs["owners"]; got != "hutchison-ports (90%) > ck-hutchison" {
		t.Errorf("balboa's owners = %q", got)
	}

	// Edges: one per reach, with its attributes.
	edges := map[string]attrMap{}
	n := 0
	for it := g.Nodes(); it.Next(); {
		u := it.Node().(*parsedNode)
		for to := g.From(u.ID()); to.Next(); {
			v := to.Node().(*parsedNode)
			if u.id > v.id {
				continue // each undirected line once
			}
			for ls := g.Lines(u.ID(), v.ID()); ls.Next(); {
				edges[pair(u.id, v.id)] = ls.Line().(*parsedLine).attrs
				n++
			}
		}
	}
	if n != len(net.Reaches) {
		t.Errorf("%d edges, want %d (one per reach)", n, len(net.Reaches))
	}
	rail := 0
	for _, r := range net.Reaches {
		a := edges[pair(r.From, r.To)]
		if a == nil {
			t.Errorf("no edge %s -- %s", r.From, r.To)
			continue
		}
		style := "solid"
		if r.Mode == network.RailMode {
			style = "dashed"
			rail++
		}
		want := map[string]string{"mode": string(r.Mode), "length_m": num(r.LengthM), "speed_knots": num(r.SpeedKnots), "style": style}
		for k, v := range want {
			if a[k] != v {
				t.Errorf("edge %s -- %s: %s = %q, want %q", r.From, r.To, k, a[k], v)
			}
		}
	}
	if rail == 0 {
		t.Error("the Panama network has no rail reach to check")
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// geoJSON is a GeoJSON FeatureCollection read back.
type geoJSON struct {
	Type     string `json:"type"`
	Features []struct {
		Type     string `json:"type"`
		ID       string `json:"id"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func readGeoJSON(t *testing.T, text string) geoJSON {
	t.Helper()
	var fc geoJSON
	if err := json.Unmarshal([]byte(text), &fc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return fc
}

func TestNetworkGeoJSON(t *testing.T) {
	code, stdout, stderr := canalsim(t, "network", "--format", "geojson", "--as-of", "2025-10-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	net := network.Panama()
	fc := readGeoJSON(t, stdout)
	if fc.Type != "FeatureCollection" {
		t.Fatalf("type %q, want FeatureCollection", fc.Type)
	}
	if got, want := len(fc.Features), len(net.Nodes)+len(net.Reaches); got != want {
		t.Fatalf("%d features, want %d (a node or reach each)", got, want)
	}
	// Panama's bounding box, in [lon, lat] order: a swapped pair falls
	// outside.
	inPanama := func(p [2]float64) bool { return p[0] > -83.1 && p[0] < -77.1 && p[1] > 7.1 && p[1] < 9.7 }
	points := map[string][2]float64{}
	lines := 0
	for _, f := range fc.Features {
		if f.Type != "Feature" {
			t.Errorf("feature of type %q", f.Type)
		}
		switch f.Geometry.Type {
		case "Point":
			var p [2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				t.Fatalf("point %s: %v", f.ID, err)
			}
			id, _ := f.Properties["id"].(string)
			nd := net.Node(id)
			if nd == nil {
				t.Errorf("point of unknown node %q", id)
				continue
			}
			if !inPanama(p) || p != [2]float64{nd.Lon, nd.Lat} {
				t.Errorf("node %s at %v, want [lon, lat] = [%g, %g] in Panama", id, p, nd.Lon, nd.Lat)
			}
			for k, v := range map[string]string{"name": nd.Name, "kind": string(nd.Kind), "side": string(nd.Side)} {
				if f.Properties[k] != v {
					t.Errorf("node %s: %s = %v, want %q", id, k, f.Properties[k], v)
				}
			}
			if _, ok := f.Properties["owners"].([]any); !ok {
				t.Errorf("node %s: owners = %v, want a list", id, f.Properties["owners"])
			}
			points[id] = p
		case "LineString":
			lines++
		default:
			t.Errorf("geometry %q", f.Geometry.Type)
		}
	}
	if len(points) != len(net.Nodes) {
		t.Errorf("%d points, want %d", len(points), len(net.Nodes))
	}
	if lines != len(net.Reaches) {
		t.Errorf("%d lines, want %d", lines, len(net.Reaches))
	}
	for _, f := range fc.Features {
		if f.Geometry.Type != "LineString" {
			continue
		}
		var ends [][2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &ends); err != nil {
			t.Fatal(err)
		}
		from, _ := f.Properties["from"].(string)
		to, _ := f.Properties["to"].(string)
		if len(ends) != 2 || ends[0] != points[from] || ends[1] != points[to] {
			t.Errorf("reach %s -- %s: coordinates %v, want its nodes' %v and %v", from, to, ends, points[from], points[to])
		}
		for _, k := range []string{"mode", "length_m", "speed_knots"} {
			if f.Properties[k] == nil {
				t.Errorf("reach %s -- %s: no %s", from, to, k)
			}
		}
	}
	// Balboa's owners on that date.
	for _, f := range fc.Features {
		if f.ID != "balboa" {
			continue
		}
		owners, _ := json.Marshal(f.Properties["owners"])
		if want := `[{"id":"hutchison-ports","name":"Hutchison Ports","share":0.9},{"id":"ck-hutchison","name":"CK Hutchison Holdings"}]`; string(owners) != want {
			t.Errorf("balboa's owners = %s, want %s", owners, want)
		}
	}
}

// TestNetworkAsOf: Balboa passes from Panama Ports Company to APM
// Terminals on 2026-02-23, in both formats.
func TestNetworkAsOf(t *testing.T) {
	for _, tt := range []struct{ date, want string }{
		{"2026-02-22", "ppc"},
		{"2026-02-23", "apmt"},
	} {
		code, stdout, stderr := canalsim(t, "network", "--as-of", tt.date)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		_, nodes := parseDOT(t, stdout)
		if got := nodes["balboa"].attrs["operator"]; got != tt.want {
			t.Errorf("DOT as of %s: balboa's operator = %q, want %q", tt.date, got, tt.want)
		}

		code, stdout, stderr = canalsim(t, "network", "--as-of", tt.date, "--format", "geojson")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, f := range readGeoJSON(t, stdout).Features {
			if f.ID == "balboa" && f.Properties["operator"] != tt.want {
				t.Errorf("GeoJSON as of %s: balboa's operator = %v, want %q", tt.date, f.Properties["operator"], tt.want)
			}
		}
	}
}

// TestNetworkOut: --out writes the file whole, the same bytes as stdout,
// and leaves no temporary file.
func TestNetworkOut(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"dot", "geojson"} {
		out := filepath.Join(dir, "panama."+f)
		code, stdout, stderr := canalsim(t, "network", "--format", f, "--as-of", "2025-10-01", "--out", out)
		if code != 0 || stdout != "" {
			t.Fatalf("exit %d, stdout %q: %s", code, stdout, stderr)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		_, want, _ := canalsim(t, "network", "--format", f, "--as-of", "2025-10-01")
		if string(got) != want {
			t.Errorf("%s: the file differs from stdout", f)
		}
		if st, _ := os.Stat(out); st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", out, st.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder holds %d entries, want the 2 files only (no temporary files)", len(entries))
	}
	code, _, stderr := canalsim(t, "network", "--out", filepath.Join(dir, "missing", "panama.dot"))
	if code != 2 || !strings.Contains(stderr, "cannot write") {
		t.Errorf("unwritable --out: exit %d, stderr %q; want 2 and a message", code, stderr)
	}
}

// TestNetworkFile: --network exports a network file.
func TestNetworkFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tiny.yaml")
	tiny := `name: tiny
operators:
  - {id: authority, name: Canal Authority}
nodes:
  - {id: sea, name: Sea, kind: anchorage, side: pacific, lat: 8.9, lon: -79.5, operators: [{operator: authority}]}
  - {id: bay, name: Bay, kind: approach, side: pacific, lat: 8.95, lon: -79.55}
reaches:
  - {from: sea, to: bay, length_m: 8000, speed_knots: 10}
  - {from: bay, to: sea, length_m: 9000, speed_knots: 12, note: the long way round}
`
	if err := os.WriteFile(file, []byte(tiny), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := canalsim(t, "network", "--network", file, "--as-of", "2025-10-01")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "graph tiny {") {
		t.Errorf("DOT starts %q, want graph tiny", stdout[:min(len(stdout), 20)])
	}
	g, nodes := parseDOT(t, stdout)
	if len(nodes) != 2 || nodes["sea"].attrs["operator"] != "authority" || nodes["bay"].attrs["operator"] != "" {
		t.Errorf("nodes %v", nodes)
	}
	// Parallel reaches stay two edges.
	if got := g.Lines(nodes["sea"].ID(), nodes["bay"].ID()).Len(); got != 2 {
		t.Errorf("%d edges between sea and bay, want 2 (the network's two reaches)", got)
	}

	code, stdout, stderr = canalsim(t, "network", "--network", file, "--format", "geojson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fc := readGeoJSON(t, stdout); len(fc.Features) != 4 {
		t.Errorf("%d features, want 4", len(fc.Features))
	}
}

func TestNetworkBadFlags(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: bad\nnodes:\n  - {id: x, name: X, kind: moat, side: pacific, lat: 9, lon: -79}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"format", []string{"--format", "svg"}, `--format "svg"`},
		{"date", []string{"--as-of", "2026-13-01"}, `--as-of "2026-13-01"`},
		{"argument", []string{"panama"}, "takes no arguments"},
		{"flag", []string{"--bogus"}, "unknown flag"},
		{"missing network", []string{"--network", filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
		{"bad network", []string{"--network", bad}, "bad.yaml:3:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := canalsim(t, append([]string{"network"}, tt.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("stdout %q, stderr %q; want nothing on stdout and %q on stderr", stdout, stderr, tt.want)
			}
		})
	}
}

func TestNetworkHelp(t *testing.T) {
	code, stdout, _ := canalsim(t, "network", "--help")
	if code != 0 || !strings.Contains(stdout, "canalsim network [flags]") || !strings.Contains(stdout, "--as-of") {
		t.Errorf("exit %d, help:\n%s", code, stdout)
	}
	_, stdout, _ = canalsim(t, "--help")
	if !strings.Contains(stdout, "network") {
		t.Error("the main help does not list the network command")
	}
}
