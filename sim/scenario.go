package sim

import (
	"fmt"
	"time"

	"github.com/canalsim/canalsim/sim/network"
)

// Scenario is everything a study needs: the network, the demand, the
// calendar window, the random seed, the number of replications and the
// disruptions. A Scenario built in Go is as good as one read from a file;
// the scenarios package is one client of this type, not the only door.
//
// Every scenario runs paired with its baseline: the same scenario without
// disruptions, on the same random numbers.
type Scenario struct {
	// Name identifies the scenario in outputs (a folder name).
	Name string
	// Description says what the scenario asks, in a sentence or two.
	Description string
	// Network is the waterway; nil means network.Panama().
	Network *network.Network
	// Demand is the traffic; nil means PanamaDemand().
	Demand *Demand
	// Start is the first reported day (its date at midnight UTC).
	Start time.Time
	// Days is the number of reported days.
	Days int
	// WarmupDays are simulated before Start and discarded, so the canal
	// is not empty on the first reported day.
	WarmupDays int
	// Seed is the run's random seed; replication i draws its numbers from
	// (Seed, i).
	Seed uint64
	// Replications is the number of independent replications.
	Replications int
	// Disruptions change the network during the run.
	Disruptions []Disruption
}

// Effect is what a disruption does to its targets.
type Effect string

// The effects.
const (
	// Closure stops a node for the disruption's window. A closed lock or
	// reach holds vessels until it reopens (they queue); a closed terminal
	// takes no new calls, so vessels that would call there skip the call
	// and its boxes are counted as lost TEU. Work under way when the
	// closure starts finishes.
	Closure Effect = "closure"

	// The canal-wide effects below take no target; they act on the canal
	// as a whole. When several of one kind are in force at once, the
	// strictest applies (the lowest limit, the lowest factor).

	// SlotLimit caps the transits that may start each day, by lock type
	// (Neopanamax, Panamax): the "daily transits" the ACP announced in
	// the 2023-24 drought. Booked and unbooked vessels share the cap.
	SlotLimit Effect = "slot_limit"
	// DraftLimit caps the draft allowed in the locks of each type, in
	// feet, whatever the lake level allows. Deeper vessels lighten or
	// divert.
	DraftLimit Effect = "draft_limit"
	// InflowFactor multiplies the inflow to Gatún Lake (Factor), for a
	// drought or a wet year.
	InflowFactor Effect = "inflow_factor"
)

// Effects lists the known effects.
var Effects = []Effect{Closure, SlotLimit, DraftLimit, InflowFactor}

// Targeted reports whether the effect acts on target nodes (closure) or
// on the canal as a whole (the others, which take no target).
func (e Effect) Targeted() bool { return e == Closure }

// Disruption applies an effect to target nodes, or to the canal as a
// whole, over [From, Until).
type Disruption struct {
	// Name labels the disruption in outputs (optional).
	Name   string
	Target Target
	Effect Effect
	From   time.Time
	Until  time.Time
	// Neopanamax and Panamax are the per-lock-type values of SlotLimit
	// (transits a day) and DraftLimit (feet); nil leaves that type as it
	// is. At least one must be set for those effects.
	Neopanamax, Panamax *float64
	// Factor is InflowFactor's multiplier (greater than 0).
	Factor float64
}

// Target selects nodes: by ID, or by operator. An operator target matches
// every node the operator controls on the scenario's start date, directly
// or through its subsidiaries (so "ck-hutchison" matches what Panama Ports
// Company runs). Fields combine as a union. A target that matches nothing
// is an error.
type Target struct {
	Nodes    []string
	Operator string
}

// String describes the target, for messages and legends.
func (t Target) String() string {
	switch {
	case len(t.Nodes) > 0 && t.Operator != "":
		return fmt.Sprintf("nodes %v and operator %s", t.Nodes, t.Operator)
	case t.Operator != "":
		return "operator " + t.Operator
	}
	return fmt.Sprintf("nodes %v", t.Nodes)
}

// TargetError reports a target that cannot be resolved. Field names the
// part of the target at fault ("nodes" or "operator") and Index the node
// within Nodes, so a file reader can point at the right line.
type TargetError struct {
	Field string
	Index int
	Msg   string
}

func (e *TargetError) Error() string { return "sim: target: " + e.Msg }

// Resolve returns the nodes a target selects in network n on date at, in
// network order without repeats.
func (t Target) Resolve(n *network.Network, at time.Time) ([]*network.Node, error) {
	if len(t.Nodes) == 0 && t.Operator == "" {
		return nil, &TargetError{Field: "", Msg: "empty target: give nodes or an operator"}
	}
	picked := make([]bool, len(n.Nodes))
	for i, id := range t.Nodes {
		nd := n.Node(id)
		if nd == nil {
			return nil, &TargetError{Field: "nodes", Index: i, Msg: fmt.Sprintf("unknown node %q%s", id, didYouMean(id, nodeIDs(n)))}
		}
		picked[nd.Index] = true
	}
	if t.Operator != "" {
		if n.Operator(t.Operator) == nil {
			return nil, &TargetError{Field: "operator", Msg: fmt.Sprintf("unknown operator %q%s", t.Operator, didYouMean(t.Operator, operatorIDs(n)))}
		}
		matched := n.Controlled(t.Operator, at)
		if len(matched) == 0 {
			return nil, &TargetError{Field: "operator", Msg: fmt.Sprintf("operator %q controls nothing on %s", t.Operator, at.Format(time.DateOnly))}
		}
		for _, nd := range matched {
			picked[nd.Index] = true
		}
	}
	var out []*network.Node
	for i, p := range picked {
		if p {
			out = append(out, n.Nodes[i])
		}
	}
	return out, nil
}

func nodeIDs(n *network.Network) []string {
	ids := make([]string, len(n.Nodes))
	for i, nd := range n.Nodes {
		ids[i] = nd.ID
	}
	return ids
}

func operatorIDs(n *network.Network) []string {
	ids := make([]string, len(n.Operators))
	for i, op := range n.Operators {
		ids[i] = op.ID
	}
	return ids
}

// Baseline returns a copy of the scenario without its disruptions: the
// reference it is compared with.
func (sc *Scenario) Baseline() *Scenario {
	b := *sc
	b.Disruptions = nil
	return &b
}

// Check reports the first problem that would stop the scenario from
// running: missing or inconsistent fields, unknown targets, windows outside
// the run. File readers check fields with positions first; this is the
// last line of defence for scenarios built in Go.
func (sc *Scenario) Check() error {
	switch {
	case sc.Name == "":
		return fmt.Errorf("sim: scenario has no name")
	case sc.Start.IsZero():
		return fmt.Errorf("sim: scenario %s: no start date", sc.Name)
	case sc.Days < 1:
		return fmt.Errorf("sim: scenario %s: days must be at least 1, got %d", sc.Name, sc.Days)
	case sc.WarmupDays < 0:
		return fmt.Errorf("sim: scenario %s: warm-up days must not be negative, got %d", sc.Name, sc.WarmupDays)
	case sc.Replications < 1:
		return fmt.Errorf("sim: scenario %s: replications must be at least 1, got %d", sc.Name, sc.Replications)
	}
	net := sc.network()
	if err := sc.demand().check(net); err != nil {
		return err
	}
	for i, d := range sc.Disruptions {
		if !contains(Effects, d.Effect) {
			return fmt.Errorf("sim: scenario %s: disruption %d: unknown effect %q", sc.Name, i+1, d.Effect)
		}
		if !d.Until.After(d.From) {
			return fmt.Errorf("sim: scenario %s: disruption %d: until %s is not after from %s", sc.Name, i+1, d.Until.Format(time.DateOnly), d.From.Format(time.DateOnly))
		}
		if err := d.check(net, sc.Start); err != nil {
			return fmt.Errorf("sim: scenario %s: disruption %d: %w", sc.Name, i+1, err)
		}
	}
	return nil
}

// check reports the first problem with the disruption's target and
// parameters.
func (d *Disruption) check(net *network.Network, asOf time.Time) error {
	hasTarget := len(d.Target.Nodes) > 0 || d.Target.Operator != ""
	if !d.Effect.Targeted() {
		if hasTarget {
			return fmt.Errorf("%s acts on the whole canal and takes no target", d.Effect)
		}
	} else if _, err := d.Target.Resolve(net, asOf); err != nil {
		return err
	}
	switch d.Effect {
	case SlotLimit, DraftLimit:
		if d.Neopanamax == nil && d.Panamax == nil {
			return fmt.Errorf("%s needs a value for neopanamax, panamax or both", d.Effect)
		}
		for _, v := range []*float64{d.Neopanamax, d.Panamax} {
			if v != nil && !(*v >= 0) {
				return fmt.Errorf("%s: limits must not be negative, got %g", d.Effect, *v)
			}
		}
	case InflowFactor:
		if !(d.Factor > 0) {
			return fmt.Errorf("inflow_factor needs a factor greater than 0, got %g", d.Factor)
		}
	}
	return nil
}

func (sc *Scenario) network() *network.Network {
	if sc.Network != nil {
		return sc.Network
	}
	return network.Panama()
}

func (sc *Scenario) demand() *Demand {
	if sc.Demand != nil {
		return sc.Demand
	}
	return PanamaDemand()
}

func contains[T comparable](s []T, x T) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}
