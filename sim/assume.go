package sim

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
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

// Sourced reports whether the assumption's Source cites a source tag,
// such as [K7] (docs/sources.md): an assumption without one rests on
// judgement.
func (a *Assumption) Sourced() bool { return sourceTag.MatchString(a.Source) }

// sourceTag matches a source tag: one or two capitals and a number.
var sourceTag = regexp.MustCompile(`\[[A-Z]{1,2}[0-9]+[a-z]?\]`)

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

// lengthPath resolves rest, a path into dis such as [0].days or
// [closure].hours, when it names a window's length, a key of scenario
// files that Disruption keeps as its end or duration: it returns the
// disruption, the key's units a day (1 or 24) and ok. An element that is
// not there is an error; any other path is not ok.
func lengthPath(dis []Disruption, rest string) (d *Disruption, perDay float64, ok bool, err error) {
	elem, key, found := strings.Cut(rest, "].")
	switch {
	case !found || !strings.HasPrefix(elem, "["):
		return nil, 0, false, nil
	case key == "days":
		perDay = 1
	case key == "hours":
		perDay = 24
	default:
		return nil, 0, false, nil
	}
	name := elem[1:]
	for i := range dis {
		if name == strconv.Itoa(i) || name == dis[i].Name && name != "" {
			return &dis[i], perDay, true, nil
		}
	}
	return nil, 0, false, &param.Error{Path: rootDisruptions + rest, Key: "[" + name + "]", Msg: fmt.Sprintf("%s has no element [%s]", rootDisruptions, name)}
}

// disruptionError names the disruptions in an error of a path into them
// ("[0] has no key", not the path's rest alone).
func disruptionError(err error) error {
	var pe *param.Error
	if errors.As(err, &pe) {
		pe.Path = rootDisruptions + pe.Path
		switch {
		case strings.HasPrefix(pe.Msg, "["):
			pe.Msg = rootDisruptions + pe.Msg
		case strings.HasPrefix(pe.Msg, "the top level"):
			pe.Msg = rootDisruptions + strings.TrimPrefix(pe.Msg, "the top level")
		}
		if pe.Key != "" && len(pe.Known) > 0 && strings.HasPrefix(pe.At, "[") && !strings.Contains(pe.At, ".") {
			pe.Known = append(pe.Known, "days", "hours") // the window's length, as a file gives it
		}
	}
	return err
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
	for i := range sc.Disruptions {
		for _, p := range param.Paths(&sc.Disruptions[i]) {
			out = append(out, fmt.Sprintf("%s[%d].%s", rootDisruptions, i, p))
		}
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
		if d, perDay, ok, err := lengthPath(sc.Disruptions, rest); ok || err != nil {
			if err != nil {
				return 0, err
			}
			days, fixed := d.Length()
			if !fixed {
				return 0, &param.Error{Path: path, Msg: "its window's length is random (a duration), not a number of days or hours"}
			}
			return days * perDay, nil
		}
		v, err := param.Get(&sc.Disruptions, rest)
		return v, disruptionError(err)
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
	paths := make([]string, len(sc.Assumptions))
	for i, a := range sc.Assumptions {
		paths[i] = a.Path
	}
	c, err := sc.with(paths, values)
	if err != nil {
		return nil, err
	}
	c.Assumptions = nil
	return c, nil
}

// With returns a copy of sc in which the parameter at path (as an
// Assumption's Path) has the value v, its assumptions included: a point
// of a sweep over any parameter. sc is left as it is.
func (sc *Scenario) With(path string, v float64) (*Scenario, error) {
	return sc.with([]string{path}, []float64{v})
}

// with returns a copy of sc with the parameters at paths set to values.
func (sc *Scenario) with(paths []string, values []float64) (*Scenario, error) {
	c := *sc
	var net *network.Network
	var dem *Demand
	var dis []Disruption
	for i, path := range paths {
		root, rest := splitPath(path)
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
			if d, perDay, ok, lerr := lengthPath(dis, rest); ok || lerr != nil {
				err = lerr
				if err == nil {
					d.SetLength(values[i] / perDay)
				}
			} else {
				err = disruptionError(param.Set(&dis, rest, values[i]))
			}
		default:
			_, err = sc.ParamValue(path) // the unknown root's error
		}
		if err != nil {
			return nil, fmt.Errorf("sim: scenario %s: %s: %w", sc.Name, path, err)
		}
	}
	if net != nil {
		if _, err := network.New(net); err != nil {
			return nil, fmt.Errorf("sim: scenario %s: with %s: %w", sc.Name, describeValues(paths, values), err)
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

// unwrapScenario drops the "sim: scenario NAME: with ...:" context of an
// error of a copy of the scenario, which the caller gives.
func unwrapScenario(err error) error {
	if u := errors.Unwrap(err); u != nil && strings.HasPrefix(err.Error(), "sim: scenario ") {
		return u
	}
	return err
}

// describeValues writes paths and their values: "a = 1, b = 2".
func describeValues(paths []string, values []float64) string {
	var b strings.Builder
	for i, p := range paths {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = %g", p, values[i])
	}
	return b.String()
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

// CheckAssumption reports what is wrong with assumption i: a path that
// names no number (a *param.Error, with the keys known where it went
// wrong), a path assumed twice, a distribution that is not one, or a
// value at either end of its range (the 0.1% and 99.9% quantiles of an
// exponential or lognormal distribution) that the scenario cannot run
// with, every other parameter as written.
func (sc *Scenario) CheckAssumption(i int) error {
	a := &sc.Assumptions[i]
	for j := range i {
		if sc.Assumptions[j].Path == a.Path {
			return fmt.Errorf("assumed already, in assumptions[%d]", j)
		}
	}
	if _, err := sc.ParamValue(a.Path); err != nil && !isUnset(err) {
		return err
	}
	if err := a.Dist.CheckShape(); err != nil {
		return err
	}
	for _, p := range []float64{0, 1} {
		if math.IsInf(a.Dist.Highest(), 1) {
			// Exponential and lognormal: their 0.1% and 99.9% quantiles.
			p = 0.001 + p*0.998
		}
		x := a.Dist.Quantile(p)
		c, err := sc.with([]string{a.Path}, []float64{x})
		if err == nil {
			c.Assumptions = nil
			err = c.Check()
		}
		if err != nil {
			return fmt.Errorf("the scenario does not run at %g, an end of the range: %w", x, unwrapScenario(err))
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
