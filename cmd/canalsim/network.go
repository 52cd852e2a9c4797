package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/multi"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

const networkHelp = `Usage:
  canalsim network [flags]

Exports the network (the embedded Panama network, or --network FILE) for
Graphviz or GIS tools, with each node's operator as of a date (--as-of,
default today, UTC): ownership changes with time (Panama Ports Company ran
Balboa and Cristóbal until 2026-02-23).

  dot       Graphviz DOT, an undirected graph: one node per place, with
            attributes label (its name, and xlabel to draw it), kind,
            side, operator, owners (the chain of control above the
            operator, with shares) and pos="lon,lat!" (degrees, pinned;
            the graph's inputscale of 0.05 degree an inch makes "neato"
            draw it as a map about ten inches across); one edge per
            reach, with mode, length_m, speed_knots and style (dashed
            for rail).
  geojson   a GeoJSON FeatureCollection (RFC 7946): a Point per node
            ([lon, lat]; properties id, name, kind, side, operator,
            operator_name, owners, tenures) and a LineString per reach
            (properties from, to, mode, length_m, speed_knots).

The output goes to stdout, or to --out FILE, written whole or not at all.

Examples:
  canalsim network | neato -Tsvg > panama.svg
  canalsim network --format geojson --as-of 2026-03-01 --out panama.geojson

Flags:
`

// networkFormats are the formats of "canalsim network", the default first.
var networkFormats = []string{"dot", "geojson"}

// networkCmd implements "canalsim network".
func networkCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("network", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.StringP("format", "f", "dot", "output format: "+strings.Join(networkFormats, " or "))
	asOf := fs.String("as-of", "", "operators as of this date (YYYY-MM-DD; default: today, UTC)")
	out := fs.StringP("out", "o", "", "write to this file instead of stdout")
	file := fs.String("network", "", "export this network file (YAML or JSON) instead of the embedded Panama network")
	fs.Usage = func() { fmt.Fprint(stdout, networkHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("network takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	f := strings.ToLower(*format)
	if f != "dot" && f != "geojson" {
		return usagef("--format %q: expected %s", *format, strings.Join(networkFormats, " or "))
	}
	date := time.Now().UTC().Truncate(24 * time.Hour)
	if fs.Changed("as-of") {
		d, err := time.Parse(input.DateLayout, *asOf)
		if err != nil {
			return usagef("--as-of %q: expected a date YYYY-MM-DD", *asOf)
		}
		date = d
	}
	net := network.Panama()
	if fs.Changed("network") {
		n, err := network.Load(*file)
		if err != nil {
			if input.AsErrors(err) != nil {
				return err // at their positions in the file
			}
			return usagef("--network: %v", err)
		}
		net = n
	}

	var data []byte
	var err error
	switch f {
	case "dot":
		data, err = networkDOT(net, date)
	case "geojson":
		data, err = networkGeoJSON(net, date)
	}
	if err != nil {
		return err
	}
	if *out == "" {
		_, err := stdout.Write(data)
		return err
	}
	if err := writeAtomic(*out, data); err != nil {
		return outputError{*out, err}
	}
	return nil
}

// writeAtomic writes data to path through a temporary file in the same
// folder, renamed into place: path ends up whole or as it was.
func writeAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// owner is an owner in a chain of control: its ID, name and the share it
// holds of the operator or owner below it (0 when not given).
type owner struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Share float64 `json:"share,omitempty"`
}

// owners lists the owners of a node's operator on a date, up its chain
// of control; empty when the operator has no parent or the node no
// operator.
func owners(net *network.Network, nd *network.Node, date time.Time) []owner {
	chain := net.Chain(nd, date)
	out := []owner{}
	for i := 1; i < len(chain); i++ {
		out = append(out, owner{ID: chain[i].ID, Name: chain[i].Name, Share: chain[i-1].Share})
	}
	return out
}

// num formats a number as briefly as it reads back exactly.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// dotGraph is the network as a gonum multigraph (parallel reaches stay
// apart) whose nodes and lines carry DOT attributes.
type dotGraph struct {
	*multi.UndirectedGraph
	name       string
	attr, node encoding.Attributes
}

// DOTID implements dot.Multigraph.
func (g dotGraph) DOTID() string { return g.name }

// DOTAttributers implements dot.Attributers: the graph's attributes and
// the nodes' defaults.
func (g dotGraph) DOTAttributers() (graph, node, edge encoding.Attributer) {
	return &g.attr, &g.node, &encoding.Attributes{}
}

// dotNode is a network node for DOT: its ID and attributes.
type dotNode struct {
	id   int64
	name string
	attr encoding.Attributes
}

// ID implements graph.Node.
func (n dotNode) ID() int64 { return n.id }

// DOTID implements dot.Node: the network's ID of the node.
func (n dotNode) DOTID() string { return n.name }

// Attributes implements encoding.Attributer.
func (n dotNode) Attributes() []encoding.Attribute { return n.attr }

// dotLine is a reach for DOT: its ends and attributes.
type dotLine struct {
	from, to dotNode
	id       int64
	attr     encoding.Attributes
}

// From implements graph.Line.
func (l dotLine) From() graph.Node { return l.from }

// To implements graph.Line.
func (l dotLine) To() graph.Node { return l.to }

// ID implements graph.Line.
func (l dotLine) ID() int64 { return l.id }

// ReversedLine implements graph.Line.
func (l dotLine) ReversedLine() graph.Line { l.from, l.to = l.to, l.from; return l }

// Attributes implements encoding.Attributer.
func (l dotLine) Attributes() []encoding.Attribute { return l.attr }

// dotInputScale is the graph's inputscale: degrees per inch of the
// drawing, so that neato draws the pinned positions (in degrees) at about
// ten inches across the Panama network.
const dotInputScale = 0.05

// networkDOT encodes the network in DOT with the operators on date.
func networkDOT(net *network.Network, date time.Time) ([]byte, error) {
	g := dotGraph{
		UndirectedGraph: multi.NewUndirectedGraph(),
		name:            net.Name,
		attr: encoding.Attributes{
			{Key: "comment", Value: fmt.Sprintf("network %s, operators as of %s; pos is lon,lat in degrees", net.Name, date.Format(time.DateOnly))},
			{Key: "inputscale", Value: num(dotInputScale)},
			{Key: "forcelabels", Value: "true"},
			{Key: "outputorder", Value: "edgesfirst"},
		},
		// Drawn as a map, a node is a dot with its name beside it
		// (xlabel), which Graphviz places clear of the others.
		node: encoding.Attributes{
			{Key: "shape", Value: "point"},
			{Key: "width", Value: "0.08"},
			{Key: "fontsize", Value: "9"},
		},
	}
	nodes := make([]dotNode, len(net.Nodes))
	for i, nd := range net.Nodes {
		attr := encoding.Attributes{
			{Key: "label", Value: nd.Name},
			{Key: "xlabel", Value: nd.Name},
			{Key: "kind", Value: string(nd.Kind)},
			{Key: "side", Value: string(nd.Side)},
		}
		if op := nd.OperatorAt(date); op != "" {
			attr = append(attr, encoding.Attribute{Key: "operator", Value: op})
		}
		var chain []string
		for _, o := range owners(net, nd, date) {
			s := o.ID
			if o.Share > 0 {
				s += " (" + num(100*o.Share) + "%)"
			}
			chain = append(chain, s)
		}
		if len(chain) > 0 {
			attr = append(attr, encoding.Attribute{Key: "owners", Value: strings.Join(chain, " > ")})
		}
		attr = append(attr, encoding.Attribute{Key: "pos", Value: num(nd.Lon) + "," + num(nd.Lat) + "!"})
		nodes[i] = dotNode{id: int64(nd.Index), name: nd.ID, attr: attr}
		g.AddNode(nodes[i])
	}
	for i, r := range net.Reaches {
		style := "solid"
		if r.Mode == network.RailMode {
			style = "dashed"
		}
		g.SetLine(dotLine{
			from: nodes[net.Node(r.From).Index],
			to:   nodes[net.Node(r.To).Index],
			id:   int64(i),
			attr: encoding.Attributes{
				{Key: "mode", Value: string(r.Mode)},
				{Key: "length_m", Value: num(r.LengthM)},
				{Key: "speed_knots", Value: num(r.SpeedKnots)},
				{Key: "style", Value: style},
			},
		})
	}
	b, err := dot.MarshalMulti(g, "", "", "\t")
	if err != nil {
		return nil, fmt.Errorf("network %s: encoding DOT: %w", net.Name, err)
	}
	return append(b, '\n'), nil
}

// geoJSON types: a FeatureCollection of Point and LineString features
// (RFC 7946), with the network's name and the date as foreign members.
type (
	featureCollection struct {
		Type     string    `json:"type"`
		Name     string    `json:"name"`
		AsOf     string    `json:"as_of"`
		Features []feature `json:"features"`
	}
	feature struct {
		Type       string   `json:"type"`
		ID         string   `json:"id,omitempty"`
		Geometry   geometry `json:"geometry"`
		Properties any      `json:"properties"`
	}
	geometry struct {
		Type        string `json:"type"`
		Coordinates any    `json:"coordinates"`
	}
	nodeProps struct {
		ID           string   `json:"id"`
		Name         string   `json:"name"`
		Kind         string   `json:"kind"`
		Side         string   `json:"side"`
		Operator     *string  `json:"operator"`
		OperatorName *string  `json:"operator_name"`
		Owners       []owner  `json:"owners"`
		Tenures      []tenure `json:"tenures"`
		Note         string   `json:"note,omitempty"`
	}
	tenure struct {
		Operator string `json:"operator"`
		From     string `json:"from,omitempty"`
		Until    string `json:"until,omitempty"`
	}
	reachProps struct {
		From       string  `json:"from"`
		To         string  `json:"to"`
		Mode       string  `json:"mode"`
		LengthM    float64 `json:"length_m"`
		SpeedKnots float64 `json:"speed_knots"`
	}
)

// networkGeoJSON encodes the network as GeoJSON with the operators on
// date.
func networkGeoJSON(net *network.Network, date time.Time) ([]byte, error) {
	fc := featureCollection{Type: "FeatureCollection", Name: net.Name, AsOf: date.Format(time.DateOnly), Features: []feature{}}
	for _, nd := range net.Nodes {
		p := nodeProps{ID: nd.ID, Name: nd.Name, Kind: string(nd.Kind), Side: string(nd.Side), Owners: owners(net, nd, date), Tenures: []tenure{}, Note: nd.Note}
		if id := nd.OperatorAt(date); id != "" {
			p.Operator = &id
			if op := net.Operator(id); op != nil {
				p.OperatorName = &op.Name
			}
		}
		for _, t := range nd.Operators {
			tn := tenure{Operator: t.Operator}
			if !t.From.IsZero() {
				tn.From = t.From.Format(time.DateOnly)
			}
			if !t.Until.IsZero() {
				tn.Until = t.Until.Format(time.DateOnly)
			}
			p.Tenures = append(p.Tenures, tn)
		}
		fc.Features = append(fc.Features, feature{
			Type:       "Feature",
			ID:         nd.ID,
			Geometry:   geometry{Type: "Point", Coordinates: [2]float64{nd.Lon, nd.Lat}},
			Properties: p,
		})
	}
	for _, r := range net.Reaches {
		a, b := net.Node(r.From), net.Node(r.To)
		fc.Features = append(fc.Features, feature{
			Type:       "Feature",
			Geometry:   geometry{Type: "LineString", Coordinates: [][2]float64{{a.Lon, a.Lat}, {b.Lon, b.Lat}}},
			Properties: reachProps{From: r.From, To: r.To, Mode: string(r.Mode), LengthM: r.LengthM, SpeedKnots: r.SpeedKnots},
		})
	}
	b, err := json.MarshalIndent(fc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("network %s: encoding GeoJSON: %w", net.Name, err)
	}
	return append(b, '\n'), nil
}
