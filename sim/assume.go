package sim

import (
	"fmt"
	"math"
	"strings"

	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
	"github.com/canalsim/canalsim/sim/param"
)

// Assumption is a parameter of the network, the demand or a disruption
// that nobody measured, declared uncertain: each replication draws its
// own value from Dist (second-order Monte Carlo), and the baseline and the
// scenario of a replication share it, so their difference stays paired.
//
// Path names the parameter the way a file does: network.PATH into the
// network (network.nodes.railway.rail.capacity_teu_per_day), demand.PATH
// into the demand (demand.call_diversion.capacity_margin), or
// disruptions[I].KEY into the scenario's disruptions, counted from 0 or by
// name (disruptions[0].factor); see package param for the path syntax. A
// whole number (lanes, berths) takes the nearest whole value drawn.
type Assumption struct {
	Path string
	Dist Dist
	// Source says where the range comes from, in a line: a source tag,
	// or why it is judged plausible. Empty marks an assumption without a
	// source, which reports flag.
	Source string
}

// Assumption roots: the first key of a path.
const (
	rootNetwork     = "network"
	rootDemand      = "demand"
	rootDisruptions = "disruptions"
)

// splitPath cuts an assumption's path into its root and the rest.
func splitPath(path string) (root, rest string) {
	if strings.HasPrefix(path, rootDisruptions+"[") {
		return rootDisruptions, path[len(rootDisruptions):]
	}
	root, rest, _ = strings.Cut(path, ".")
	return root, rest
}

// ParamPaths lists the paths an assumption of sc can name: every number
// of its network, its demand and its disruptions (for suggestions).
func (sc *Scenario) ParamPaths() []string {
	var out []string
	for _, p := range param.Paths(sc.network()) {
		out = append(out, rootNetwork+"."+p)
	}
	for _, p := range param.Paths(sc.demand()) {
		out = append(out, rootDemand+"."+p)
	}
	for _, p := range param.Paths(&sc.Disruptions) {
		out = append(out, rootDisruptions+p)
	}
	return out
}

// ParamValue returns the value the scenario gives the parameter at path
// (an Assumption's Path), as written, before any draw.
func (sc *Scenario) ParamValue(path string) (float64, error) {
	root, rest := splitPath(path)
	switch root {
	case rootNetwork:
		return param.Get(sc.network(), rest)
	case rootDemand:
		return param.Get(sc.demand(), rest)
	case rootDisruptions:
		return param.Get(&sc.Disruptions, rest)
	}
	return 0, &param.Error{Path: path, Key: root, Msg: fmt.Sprintf("unknown root %q: a path starts with network., demand. or disruptions[", root), Known: []string{rootNetwork, rootDemand, rootDisruptions}}
}

// WithValues returns a copy of sc whose assumptions take the given
// values, in the order of sc.Assumptions, and that has no assumptions
// left: the scenario one replication runs. The network, demand and
// disruptions are copied (and the network's graph built again) only when
// an assumption changes them; sc is left as it is.
func (sc *Scenario) WithValues(values []float64) (*Scenario, error) {
	if len(values) != len(sc.Assumptions) {
		return nil, fmt.Errorf("sim: scenario %s: %d values for %d assumptions", sc.Name, len(values), len(sc.Assumptions))
	}
	c := *sc
	c.Assumptions = nil
	var net *network.Network
	var dem *Demand
	var dis []Disruption
	for i, a := range sc.Assumptions {
		root, rest := splitPath(a.Path)
		var err error
		switch root {
		case rootNetwork:
			if net == nil {
				net = param.Clone(sc.network())
			}
			err = param.Set(net, rest, values[i])
		case rootDemand:
			if dem == nil {
				dem = param.Clone(sc.demand())
			}
			err = param.Set(dem, rest, values[i])
		case rootDisruptions:
			if dis == nil {
				dis = param.Clone(sc.Disruptions)
			}
			err = param.Set(&dis, rest, values[i])
		default:
			_, err = sc.ParamValue(a.Path)
		}
		if err != nil {
			return nil, fmt.Errorf("sim: scenario %s: assumptions[%d] (%s): %w", sc.Name, i, a.Path, err)
		}
	}
	if net != nil {
		if _, err := network.New(net); err != nil {
			return nil, fmt.Errorf("sim: scenario %s: the network with the assumptions' values %v: %w", sc.Name, values, err)
		}
		c.Network = net
	}
	if dem != nil {
		c.Demand = dem
	}
	if dis != nil {
		c.Disruptions = dis
	}
	return &c, nil
}

// drawAssumptions draws replication rep's values of sc's assumptions,
// each from its own random stream (named by its path), so adding an
// assumption leaves the others' draws as they were.
func (sc *Scenario) drawAssumptions(rep int) []float64 {
	if len(sc.Assumptions) == 0 {
		return nil
	}
	streams := kernel.Streams{Seed: sc.Seed, Replication: uint64(rep)}
	values := make([]float64, len(sc.Assumptions))
	for i := range sc.Assumptions {
		a := &sc.Assumptions[i]
		values[i] = a.Dist.Sample(streams.Stream("assumption/" + a.Path))
	}
	return values
}

// checkAssumptions checks each assumption's path and distribution, and
// that the scenario still runs at the ends of the range (the 0.1% and
// 99.9% quantiles of an unbounded distribution), every other assumption
// at its value as written.
func (sc *Scenario) checkAssumptions() error {
	seen := map[string]int{}
	base := make([]float64, len(sc.Assumptions))
	for i, a := range sc.Assumptions {
		if j, ok := seen[a.Path]; ok {
			return fmt.Errorf("assumptions[%d]: %s is assumed already, in assumptions[%d]", i, a.Path, j)
		}
		seen[a.Path] = i
		v, err := sc.ParamValue(a.Path)
		if err != nil && !isUnset(err) {
			return fmt.Errorf("assumptions[%d]: %w", i, err)
		}
		base[i] = v
		if err := a.Dist.checkShape(); err != nil {
			return fmt.Errorf("assumptions[%d] (%s): %w", i, a.Path, err)
		}
	}
	for i := range sc.Assumptions {
		a := &sc.Assumptions[i]
		for _, p := range []float64{0, 1} {
			x := a.Dist.Quantile(p)
			if math.IsInf(x, 0) || p == 1 && a.Dist.Highest() == math.Inf(1) {
				x = a.Dist.Quantile(0.999)
			}
			vals := append([]float64(nil), base...)
			vals[i] = x
			c, err := sc.WithValues(vals)
			if err == nil {
				err = c.Check()
			}
			if err != nil {
				return fmt.Errorf("assumptions[%d] (%s) at %g: %w", i, a.Path, x, err)
			}
		}
	}
	return nil
}

// isUnset reports whether err says a parameter has no value yet (a nil
// pointer, such as a slot limit for a lock type not given): an
// assumption may give it one.
func isUnset(err error) bool {
	pe, ok := err.(*param.Error)
	return ok && pe.Msg == "not set"
}
