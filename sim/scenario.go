package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim/input"
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
	// Rates are the money rates: what an owner weighs when its ship
	// waits or gives up on the canal (Demand.DiversionByCost), and what
	// the summary's costs come from; nil means PanamaCosts().
	Rates *CostRates
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
	// Arrivals, if not nil, is a list of vessels to replay instead of the
	// demand's random arrivals.
	Arrivals *Arrivals
	// Assumptions are parameters declared uncertain: each replication
	// draws its own values (see Assumption).
	Assumptions []Assumption
}

// Effect is what a disruption does to its targets.
type Effect string

// The effects. The first group acts on target nodes; the second on the
// canal as a whole and takes no target.
//
// When effects overlap in time on the same node (or, for the canal-wide
// ones, at all), one rule applies: of effects of the same kind the
// strictest wins (the lowest factor or limit, the most lanes out); a
// closure or an obstruction stops the node whatever else is in force;
// refusals add up (a vessel any of them refuses is refused); effects of
// different kinds combine (a capacity factor and a productivity factor on
// one terminal both apply). A ramp-up counts as a productivity factor.
const (
	// Closure stops a node for the disruption's window. A closed lock,
	// cut or reach holds vessels until it reopens (they queue); a closed
	// terminal takes no calls, which go elsewhere by the demand's call
	// diversion policy (another terminal on the same side, the railway)
	// or are lost; a closed railway carries nothing. Work under way when
	// the closure starts finishes.
	Closure Effect = "closure"
	// CapacityFactor multiplies the capacity of its targets by Factor:
	// a terminal's berths, a lock complex's lanes, a railway's TEU a day
	// (rounded to whole berths and lanes, at least one while Factor > 0).
	CapacityFactor Effect = "capacity_factor"
	// ProductivityFactor multiplies the working rate of its targets by
	// Factor: a terminal's moves per crane-hour, a lock's lockage speed
	// (its cycle times are divided by Factor).
	ProductivityFactor Effect = "productivity_factor"
	// Refusal makes terminals refuse the vessels that Filter matches; a
	// refused call goes elsewhere like a call at a closed terminal.
	Refusal Effect = "refusal"
	// Obstruction blocks a terminal and the reaches next to it: the
	// terminal and every node joined to it by water (its approach
	// channel) close, so transits that pass there stop too.
	Obstruction Effect = "obstruction"
	// LaneOutage takes Lanes lanes of a lock complex out of service (all
	// of a one-lane complex closes it).
	LaneOutage Effect = "lane_outage"
	// RampUp brings a terminal's or lock's productivity back after an
	// outage: it starts at Factor and rises linearly to full at the
	// window's end (a new terminal operating system, new crews).
	RampUp Effect = "ramp_up"

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
	// SpecialAuction offers extra transit slots, by lock type, on each
	// transit date in its window, sold at the network's special auction
	// (network.SpecialAuction) to the unbooked vessels that have waited
	// long: the ACP's "special auction slot" of the 2023-24 drought.
	SpecialAuction Effect = "special_auction"
	// DemandShock multiplies the arrivals of the vessels Filter matches
	// (all vessels with an empty filter) by Factor: below 1 carriers
	// route elsewhere, above 1 traffic surges.
	DemandShock Effect = "demand_shock"
)

// effects lists the known effects.
var effects = []Effect{Closure, CapacityFactor, ProductivityFactor, Refusal, Obstruction, LaneOutage, RampUp,
	SlotLimit, DraftLimit, InflowFactor, SpecialAuction, DemandShock}

// Effects returns the known effects, in a slice of the caller's own.
func Effects() []Effect { return slices.Clone(effects) }

// Targeted reports whether the effect acts on target nodes or on the
// canal as a whole.
func (e Effect) Targeted() bool { return len(e.Kinds()) > 0 }

// Kinds returns the kinds of node the effect may target (none for the
// canal-wide effects), in a slice of the caller's own.
func (e Effect) Kinds() []network.Kind {
	switch e {
	case Closure:
		return slices.Clone(network.Kinds())
	case CapacityFactor:
		return []network.Kind{network.Terminal, network.Lock, network.Rail}
	case ProductivityFactor, RampUp:
		return []network.Kind{network.Terminal, network.Lock}
	case Refusal, Obstruction:
		return []network.Kind{network.Terminal}
	case LaneOutage:
		return []network.Kind{network.Lock}
	}
	return nil
}

// Disruption applies an effect to target nodes, or to the canal as a
// whole, over a window of time.
//
// The window is [From, Until) when Delay and Duration are nil. A random
// window starts Delay days after From (a draw per replication) and lasts
// Duration days (a draw), or until Until when Duration is nil. With a
// Probability below 1 the disruption happens in a replication only with
// that chance, so its losses include the replications where nothing
// happened. Each replication draws its windows from its own random stream
// (seed, replication, disruption index): the same seed gives the same
// windows.
type Disruption struct {
	// Name labels the disruption in outputs (optional).
	Name   string
	Target Target
	Effect Effect
	From   time.Time
	Until  time.Time
	// Delay and Duration, in days, make the window random (nil: fixed).
	Delay, Duration *Dist
	// Probability is the chance that the disruption happens at all in a
	// replication; 0 is read as 1 (it always happens).
	Probability float64
	// Neopanamax and Panamax are the per-lock-type values of SlotLimit
	// (transits a day), DraftLimit (feet) and SpecialAuction (slots
	// offered a day); nil leaves that type as it is. At least one must be
	// set for those effects.
	Neopanamax, Panamax *float64
	// Factor is the multiplier of CapacityFactor, ProductivityFactor,
	// InflowFactor and DemandShock (greater than 0), and the starting
	// productivity of RampUp (from 0 to 1).
	Factor float64
	// Lanes is the number of lanes LaneOutage takes out (0 means 1).
	Lanes int
	// Filter selects the vessels of Refusal (required) and DemandShock
	// (empty: all vessels); a scenario file's vessels key.
	Filter Filter `yaml:"vessels"`
}

// SetLength makes the window last days (a scenario file's days or hours):
// after a random delay a fixed duration, else the end From + days.
func (d *Disruption) SetLength(days float64) {
	if d.Delay != nil {
		d.Duration, d.Until = &Dist{Kind: Fixed, Value: days}, time.Time{}
		return
	}
	d.Until = d.From.Add(time.Duration(math.Round(days * 24 * float64(time.Hour))))
}

// Length returns how long the window lasts, in days, when that is fixed:
// its end less its start, or its fixed duration after a random delay.
func (d *Disruption) Length() (days float64, ok bool) {
	switch {
	case d.Duration != nil && d.Duration.Kind == Fixed:
		return d.Duration.Value, true
	case d.Duration == nil && d.Delay == nil && !d.Until.IsZero():
		return d.Until.Sub(d.From).Hours() / 24, true
	}
	return 0, false
}

// Random reports whether the disruption's window or occurrence is drawn
// per replication.
func (d *Disruption) Random() bool {
	return d.Delay != nil || d.Duration != nil || d.Probability > 0 && d.Probability < 1
}

// chance is the probability that the disruption happens.
func (d *Disruption) chance() float64 {
	if d.Probability == 0 {
		return 1
	}
	return d.Probability
}

// Filter selects vessels by carrier, flag or market segment. A vessel
// matches when any of its carrier, flag and segment is listed; an empty
// filter matches every vessel.
type Filter struct {
	Carriers []string
	Flags    []string
	Segments []string
}

// Empty reports whether the filter lists nothing.
func (f Filter) Empty() bool { return len(f.Carriers)+len(f.Flags)+len(f.Segments) == 0 }

// Match reports whether a vessel with this carrier, flag and segment
// matches.
func (f Filter) Match(carrier, flag, segment string) bool {
	if f.Empty() {
		return true
	}
	return carrier != "" && slices.Contains(f.Carriers, carrier) ||
		flag != "" && slices.Contains(f.Flags, flag) ||
		slices.Contains(f.Segments, segment)
}

// FilterProblem is a carrier or a flag that a filter names and that no
// vessel can have: such a filter would silently match nothing.
type FilterProblem struct {
	Key   string // "carriers" or "flags"
	Index int    // its position in the filter's list
	Msg   string
}

// Unknown returns the carriers and flags the filter names that are not
// among carriers and flags (those the vessels may have, as Demand.Carriers
// and Demand.Flags give them), each with a suggestion and the list.
func (f Filter) Unknown(carriers, flags []string) []FilterProblem {
	var out []FilterProblem
	for _, l := range []struct {
		key, what   string
		named, have []string
	}{{"carriers", "carrier", f.Carriers, carriers}, {"flags", "flag", f.Flags, flags}} {
		for i, x := range l.named {
			if slices.Contains(l.have, x) {
				continue
			}
			msg := fmt.Sprintf("no vessel of the demand has %s %q", l.what, x)
			if s := suggestName(x, l.have); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			if len(l.have) == 0 {
				msg += fmt.Sprintf(" (the demand names no %s)", l.what)
			} else {
				msg += fmt.Sprintf(" (%s of the demand: %s)", l.key, strings.Join(l.have, ", "))
			}
			out = append(out, FilterProblem{Key: l.key, Index: i, Msg: msg})
		}
	}
	return out
}

// suggestName returns the likely intended name: a close spelling, or
// else the only name that the word begins or that begins the word
// ("hapag" for "hapag-lloyd", "one-line" for "one"), or "".
func suggestName(word string, names []string) string {
	if s := input.Suggest(word, names); s != "" {
		return s
	}
	var found []string
	for _, n := range names {
		if strings.HasPrefix(n, word) || strings.HasPrefix(word, n) {
			found = append(found, n)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// VesselNames returns the carriers and the flags the scenario's vessels
// may have: those of the arrivals replayed, or else of the demand.
func (sc *Scenario) VesselNames() (carriers, flags []string) {
	if sc.Arrivals == nil {
		d := sc.demand()
		return d.Carriers(), d.Flags()
	}
	cs, fs := map[string]bool{}, map[string]bool{}
	for _, v := range sc.Arrivals.Vessels {
		if v.Carrier != "" {
			cs[v.Carrier] = true
		}
		if v.Flag != "" {
			fs[v.Flag] = true
		}
	}
	return slices.Sorted(maps.Keys(cs)), slices.Sorted(maps.Keys(fs))
}

// String describes the filter: "carriers cosco, oocl; flags us".
func (f Filter) String() string {
	var parts []string
	for _, l := range []struct {
		name string
		vs   []string
	}{{"carriers", f.Carriers}, {"flags", f.Flags}, {"segments", f.Segments}} {
		if len(l.vs) > 0 {
			parts = append(parts, l.name+" "+strings.Join(l.vs, ", "))
		}
	}
	if len(parts) == 0 {
		return "all vessels"
	}
	return strings.Join(parts, "; ")
}

// Target selects nodes. Every criterion given must hold (they combine as
// an intersection): Nodes lists node IDs; Kind and Side restrict to a
// kind of node and a side of the isthmus; Operator matches the nodes an
// operator runs directly on the date; Owner the nodes an operator
// controls on the date directly or through its subsidiaries (so owner
// "ck-hutchison" matches what Panama Ports Company ran until 2026-02-23).
// A target that matches nothing is an error.
type Target struct {
	Nodes    []string
	Kind     network.Kind
	Side     network.Side
	Operator string
	Owner    string
}

// Empty reports whether the target gives no criterion.
func (t Target) Empty() bool {
	return len(t.Nodes) == 0 && t.Kind == "" && t.Side == "" && t.Operator == "" && t.Owner == ""
}

// String describes the target, for messages and legends: "owner
// ck-hutchison, kind terminal".
func (t Target) String() string {
	var parts []string
	if len(t.Nodes) > 0 {
		parts = append(parts, "nodes "+strings.Join(t.Nodes, ", "))
	}
	for _, c := range []struct{ name, v string }{
		{"kind", string(t.Kind)}, {"side", string(t.Side)}, {"operator", t.Operator}, {"owner", t.Owner},
	} {
		if c.v != "" {
			parts = append(parts, c.name+" "+c.v)
		}
	}
	return strings.Join(parts, ", ")
}

// TargetError reports a target that cannot be resolved. Field names the
// criterion at fault ("nodes", "kind", "side", "operator", "owner", or ""
// for the target as a whole) and Index the node within Nodes, so a file
// reader can point at the right line.
type TargetError struct {
	Field string
	Index int
	Msg   string
}

func (e *TargetError) Error() string { return "sim: target: " + e.Msg }

// Resolve returns the nodes a target selects in network n on date at, in
// network order without repeats. A target that matches nothing is an
// error naming the date.
func (t Target) Resolve(n *network.Network, at time.Time) ([]*network.Node, error) {
	if err := t.check(n); err != nil {
		return nil, err
	}
	var out []*network.Node
	for _, nd := range n.Nodes {
		if t.matches(n, nd, at) {
			out = append(out, nd)
		}
	}
	if len(out) == 0 {
		return nil, &TargetError{Msg: fmt.Sprintf("%s matches nothing on %s", t, at.Format(time.DateOnly))}
	}
	return out, nil
}

// check reports the first criterion of t that names nothing in network n.
func (t Target) check(n *network.Network) error {
	if t.Empty() {
		return &TargetError{Msg: "empty target: give nodes, kind, side, operator or owner"}
	}
	for i, id := range t.Nodes {
		if n.Node(id) == nil {
			return &TargetError{Field: "nodes", Index: i, Msg: fmt.Sprintf("unknown node %q%s", id, input.DidYouMean(id, nodeIDs(n)))}
		}
	}
	if t.Kind != "" && !slices.Contains(network.Kinds(), t.Kind) {
		return &TargetError{Field: "kind", Msg: fmt.Sprintf("unknown kind %q%s", t.Kind, input.DidYouMean(string(t.Kind), kindNames()))}
	}
	if t.Side != "" && t.Side != network.Atlantic && t.Side != network.Pacific {
		return &TargetError{Field: "side", Msg: fmt.Sprintf("unknown side %q; expected atlantic or pacific", t.Side)}
	}
	for _, c := range []struct{ field, id string }{{"operator", t.Operator}, {"owner", t.Owner}} {
		if c.id != "" && n.Operator(c.id) == nil {
			return &TargetError{Field: c.field, Msg: fmt.Sprintf("unknown operator %q%s", c.id, input.DidYouMean(c.id, operatorIDs(n)))}
		}
	}
	return nil
}

// Span is a period of time, [From, Until).
type Span struct {
	From, Until time.Time
}

// Match is a node a target selects over a period, with the parts of the
// period in which it does: a target by operator or owner follows the
// node's tenures, so Balboa matches owner ck-hutchison until 2026-02-23
// and not after.
type Match struct {
	Node  *network.Node
	Spans []Span // in time order, disjoint, not adjacent, within the period
}

// ResolveOver returns the nodes a target selects on some date of the
// period [from, until), in network order, each with the spans in which it
// does. A target by nodes, kind or side selects its nodes throughout; one
// by operator or owner selects each node while its tenures put it under
// that operator or owner. A target that matches nothing on any date of
// the period is an error; one that matches a node for part of it is not.
func (t Target) ResolveOver(n *network.Network, from, until time.Time) ([]Match, error) {
	if err := t.check(n); err != nil {
		return nil, err
	}
	var out []Match
	for _, nd := range n.Nodes {
		if spans := t.spans(n, nd, from, until); len(spans) > 0 {
			out = append(out, Match{Node: nd, Spans: spans})
		}
	}
	if len(out) == 0 {
		return nil, &TargetError{Msg: fmt.Sprintf("%s matches nothing from %s to %s", t, from.Format(time.DateOnly), until.Format(time.DateOnly))}
	}
	return out, nil
}

// spans returns the parts of [from, until) in which node nd meets every
// criterion of t. Whether it does changes only where one of its tenures
// starts or ends.
func (t Target) spans(n *network.Network, nd *network.Node, from, until time.Time) []Span {
	cuts := []time.Time{from}
	for _, tn := range nd.Operators {
		for _, d := range []time.Time{tn.From, tn.Until} {
			if !d.IsZero() && d.After(from) && d.Before(until) {
				cuts = append(cuts, d)
			}
		}
	}
	slices.SortFunc(cuts, func(a, b time.Time) int { return a.Compare(b) })
	cuts = slices.CompactFunc(cuts, func(a, b time.Time) bool { return a.Equal(b) })
	cuts = append(cuts, until)
	var out []Span
	for i := 0; i+1 < len(cuts); i++ {
		if !t.matches(n, nd, cuts[i]) {
			continue
		}
		if k := len(out) - 1; k >= 0 && out[k].Until.Equal(cuts[i]) {
			out[k].Until = cuts[i+1]
		} else {
			out = append(out, Span{cuts[i], cuts[i+1]})
		}
	}
	return out
}

// matches reports whether node nd meets every criterion of t on date at.
func (t Target) matches(n *network.Network, nd *network.Node, at time.Time) bool {
	switch {
	case len(t.Nodes) > 0 && !slices.Contains(t.Nodes, nd.ID),
		t.Kind != "" && nd.Kind != t.Kind,
		t.Side != "" && nd.Side != t.Side,
		t.Operator != "" && nd.OperatorAt(at) != t.Operator:
		return false
	case t.Owner != "":
		return slices.ContainsFunc(n.Chain(nd, at), func(o *network.Operator) bool { return o.ID == t.Owner })
	}
	return true
}

func kindNames() []string {
	names := make([]string, len(network.Kinds()))
	for i, k := range network.Kinds() {
		names[i] = string(k)
	}
	return names
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

// Limits on a scenario's size: beyond them a run is a slip (a missing
// unit, an extra digit), not a study.
const (
	// MaxDays is the longest reported horizon, ten years.
	MaxDays = 3660
	// MaxWarmupDays is the longest warm-up, a year.
	MaxWarmupDays = 366
	// MaxReplications is the most replications in one study.
	MaxReplications = 100_000
	// MaxReplicationDays caps replications times days (a study's daily
	// rows, per variant): 100,000 replications of a leap year. A run
	// streams its days to disk (about 360 bytes of daily.csv per
	// replication-day, 13 GB at the cap), and the figures' bands keep
	// about a tenth of each date's values (some 15 bytes per
	// replication-day, 550 MB at the cap).
	MaxReplicationDays = 36_600_000
)

// Problem is one thing wrong with a scenario: the path of the field it
// is about, written as in a scenario file ("days",
// "disruptions[2].factor", "disruptions[0].target.nodes[1]"), and what is
// wrong with it.
type Problem struct {
	Path string
	Msg  string
}

// Problems is the error of Scenario.Check: every problem it found, in the
// order of the scenario's fields, like go/scanner's ErrorList. A reader
// of scenario files maps each Path to the place in its file.
type Problems struct {
	Scenario string // the scenario's name
	List     []Problem
}

// Error writes one line a problem: "sim: scenario NAME: PATH: MSG".
func (e *Problems) Error() string {
	var b strings.Builder
	for i, p := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("sim: scenario")
		if e.Scenario != "" {
			b.WriteString(" " + e.Scenario)
		}
		if p.Path != "" {
			b.WriteString(": " + p.Path)
		}
		b.WriteString(": " + p.Msg)
	}
	return b.String()
}

// Validate reports every problem that would stop the scenario from
// running, as a run finds them: Check's, then those of planning its run
// (the routes, the arrivals of a trace, the windows, and the number of
// vessels its demand could bring, MaxVessels). It runs nothing.
func (sc *Scenario) Validate() error {
	_, err := newPlan(sc)
	return err
}

// Check reports every problem that would stop the scenario from running
// (a *Problems): missing or inconsistent fields, sizes beyond the
// limits, unknown targets, windows outside the run, parameters out of
// range (by the rules of rules.go, the scenario files' own). The
// calendar and sizes come first: with one of them wrong, nothing else is
// checked. A demand, rates or arrivals that are wrong give their own
// errors, at their positions. File readers check fields with positions
// first; this is the last line of defence for scenarios built in Go.
func (sc *Scenario) Check() error {
	ps := &Problems{Scenario: sc.Name}
	add := func(path, format string, args ...any) {
		ps.List = append(ps.List, Problem{path, fmt.Sprintf(format, args...)})
	}
	if sc.Name == "" {
		add("name", "a scenario needs a name")
	}
	if sc.Start.IsZero() {
		add("start", "no start date")
	}
	if sc.Days < 1 || sc.Days > MaxDays {
		add("days", "days must be from 1 to %d, got %d", MaxDays, sc.Days)
	}
	if sc.WarmupDays < 0 || sc.WarmupDays > MaxWarmupDays {
		add("warmup_days", "warm-up days must be from 0 to %d, got %d", MaxWarmupDays, sc.WarmupDays)
	}
	if sc.Replications < 1 || sc.Replications > MaxReplications {
		add("replications", "replications must be from 1 to %d, got %d", MaxReplications, sc.Replications)
	} else if sc.Replications*sc.Days > MaxReplicationDays {
		add("replications", "replications x days is %d; at most %d", sc.Replications*sc.Days, MaxReplicationDays)
	}
	if len(ps.List) > 0 {
		return ps
	}
	net := sc.network()
	if err := sc.demand().check(net); err != nil {
		return err
	}
	if sc.Rates != nil {
		if err := sc.Rates.check(); err != nil {
			return err
		}
	}
	if sc.Arrivals != nil {
		if err := sc.Arrivals.check(sc, net, sc.demand()); err != nil {
			return err
		}
	}
	runFrom := sc.Start.AddDate(0, 0, -sc.WarmupDays)
	runUntil := sc.Start.AddDate(0, 0, sc.Days)
	for i := range sc.Disruptions {
		d := &sc.Disruptions[i]
		at := fmt.Sprintf("disruptions[%d]", i)
		for _, p := range d.problems(net, runFrom, runUntil) {
			if p.Path != "" {
				p.Path = at + "." + p.Path
			} else {
				p.Path = at
			}
			ps.List = append(ps.List, p)
		}
		if d.Effect == Refusal || d.Effect == DemandShock {
			for _, p := range d.Filter.Unknown(sc.VesselNames()) {
				add(fmt.Sprintf("%s.vessels.%s[%d]", at, p.Key, p.Index), "%s", p.Msg)
			}
		}
	}
	for i := range sc.Assumptions {
		if err := sc.CheckAssumption(i); err != nil {
			add(fmt.Sprintf("assumptions[%d]", i), "%s: %s", sc.Assumptions[i].Path, strings.TrimPrefix(err.Error(), "sim: "))
		}
	}
	if len(ps.List) > 0 {
		return ps
	}
	return nil
}

// problems reports the problems of the disruption, each with the path of
// its field: its effect, its window, its target and its parameters. An
// unknown effect, or a window that cannot be placed, stops there.
func (d *Disruption) problems(net *network.Network, runFrom, runUntil time.Time) []Problem {
	var out []Problem
	add := func(path, msg string) { out = append(out, Problem{path, msg}) }
	if !slices.Contains(effects, d.Effect) {
		add("effect", fmt.Sprintf("unknown effect %q", d.Effect))
		return out
	}
	switch {
	case d.From.IsZero():
		add("from", "no from date")
	case d.Duration == nil && d.Until.Sub(d.From) < MinWindow:
		add("until", fmt.Sprintf("until %s is not at least %v after from %s", d.Until.Format(time.DateOnly), MinWindow, d.From.Format(time.DateOnly)))
	}
	if d.Probability != 0 {
		if msg := ValueProblem(d.Effect, "probability", d.Probability); msg != "" {
			add("probability", msg)
		}
	}
	for _, x := range []struct {
		name string
		d    *Dist
	}{{"delay", d.Delay}, {"duration", d.Duration}} {
		if x.d == nil {
			continue
		}
		if err := x.d.Check(); err != nil {
			add(x.name, strings.TrimPrefix(err.Error(), "sim: "))
		} else if x.name == "duration" && x.d.Lowest() <= 0 && x.d.Kind != Exponential && x.d.Kind != LogNormal {
			add(x.name, "duration must be greater than 0 days")
		}
	}
	if len(out) > 0 {
		return out // the window and the target are judged on a sound window
	}
	if !d.Effect.Targeted() && !d.Target.Empty() {
		add("target", fmt.Sprintf("%s acts on the whole canal and takes no target", d.Effect))
	}
	out = append(out, d.RunProblems(net, runFrom, runUntil)...)
	// The parameters, by the rules of the scenario files (rules.go). In
	// Go a factor of 0 is one given (and refused where the effect takes
	// one), lanes 0 is one lane, and an empty filter none.
	factorTaken, _ := d.Effect.Takes("factor")
	if msg := d.Effect.Needs(true, d.Neopanamax != nil, d.Panamax != nil); msg != "" {
		add("", msg)
	}
	for _, p := range []struct {
		key   string
		given bool
		v     float64
	}{
		{"factor", factorTaken || d.Factor != 0, d.Factor},
		{"neopanamax", d.Neopanamax != nil, deref(d.Neopanamax)},
		{"panamax", d.Panamax != nil, deref(d.Panamax)},
		{"lanes", d.Effect == LaneOutage || d.Lanes != 0, float64(d.lanes())},
		{"vessels", !d.Filter.Empty(), 0},
	} {
		if !p.given {
			continue
		}
		if ok, msg := d.Effect.Takes(p.key); !ok {
			add(p.key, msg)
		} else if msg := ValueProblem(d.Effect, p.key, p.v); p.key != "vessels" && msg != "" {
			add(p.key, msg)
		}
	}
	if d.Effect == Refusal && d.Filter.Empty() {
		add("vessels", NeedsVessels)
	}
	if d.Lanes < 0 {
		add("lanes", fmt.Sprintf("lanes must be a whole number of at least 1, got %d", d.Lanes))
	}
	return out
}

// deref returns *p, or 0 for nil.
func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// Span returns the period in which the disruption may be in force within
// the run [runFrom, runUntil): its window when fixed; for a random window,
// from its earliest start (From plus the lowest delay) to its latest end
// (Until, or the latest start plus the longest duration). Its target is
// resolved over this span.
func (d *Disruption) Span(runFrom, runUntil time.Time) Span {
	from, until := d.From.Add(days(d.Delay.lowest())), d.Until
	if d.Duration != nil {
		until = runUntil
		if late := d.Delay.highest() + d.Duration.Highest(); late < runUntil.Sub(d.From).Hours()/24 {
			until = d.From.Add(days(late))
		}
	}
	if from.Before(runFrom) {
		from = runFrom
	}
	if until.After(runUntil) {
		until = runUntil
	}
	return Span{from, until}
}

// RunProblems reports the problems of a disruption whose fields are sound
// against a run from runFrom (the start of its warm-up) to runUntil on
// net: a window that falls outside the run, or whose random delay always
// takes it past the run or past its end, and what a targeted effect's
// target matches during the window (TargetProblems). Each problem has the
// path of its field in the disruption. Scenario.Check reports them; the
// scenario files report them at their keys.
func (d *Disruption) RunProblems(net *network.Network, runFrom, runUntil time.Time) []Problem {
	var out []Problem
	add := func(path, msg string) { out = append(out, Problem{path, msg}) }
	outside := fmt.Sprintf("the window is outside the run (%s to %s)", runFrom.Format(time.DateOnly), runUntil.Format(time.DateOnly))
	switch {
	case d.Delay == nil && d.Duration == nil:
		if !d.From.Before(runUntil) || !d.Until.After(runFrom) {
			add("from", outside)
		}
	case d.Delay != nil:
		low := d.Delay.Lowest()
		switch left := runUntil.Sub(d.From).Hours() / 24; {
		case low >= left && low == 0:
			add("from", outside)
		case low >= left:
			add("delay", fmt.Sprintf("the delay is at least %g days, so the window starts after the run (%s to %s) ends",
				low, runFrom.Format(time.DateOnly), runUntil.Format(time.DateOnly)))
		case d.Duration == nil && low >= d.Until.Sub(d.From).Hours()/24:
			add("delay", fmt.Sprintf("the delay is at least %g days, so the window starts on or after until %s: it would never happen",
				low, formatInstant(d.Until)))
		case d.Duration == nil && !d.Until.After(runFrom):
			add("from", outside)
		}
	default: // a random duration from a fixed start
		if !d.From.Before(runUntil) {
			add("from", outside)
		}
	}
	if d.Effect == SpecialAuction && (net.Operations == nil || net.Operations.SpecialAuction == nil) {
		add("effect", "special_auction needs the rules of the network's special auctions: operations.special_auction with min_wait_days, lead_days and reserve_usd")
	}
	if !d.Effect.Targeted() {
		return out
	}
	span := d.Span(runFrom, runUntil)
	if !span.From.Before(span.Until) {
		if d.From.Before(runFrom) || !d.From.Before(runUntil) {
			return out // the window is outside the run: said above
		}
		span = Span{d.From, d.From} // a window of no length: its target on its start
	}
	return append(out, d.TargetProblems(net, span.From, span.Until)...)
}

// TargetProblems reports what is wrong with what a targeted disruption's
// target matches on net on some date from from to until (on from alone
// when until is not after it): nothing at all, a node its effect does not
// act on (the first, with a hint), or, for a lane outage, a lock with too
// few lanes. Paths are those of the target's fields ("target.nodes[2]",
// "target.kind") or "lanes".
func (d *Disruption) TargetProblems(net *network.Network, from, until time.Time) []Problem {
	var nodes []*network.Node
	var err error
	if until.After(from) {
		var ms []Match
		ms, err = d.Target.ResolveOver(net, from, until)
		for _, m := range ms {
			nodes = append(nodes, m.Node)
		}
	} else {
		nodes, err = d.Target.Resolve(net, from)
	}
	if err != nil {
		var te *TargetError
		if !errors.As(err, &te) {
			return []Problem{{"target", strings.TrimPrefix(err.Error(), "sim: ")}}
		}
		path := "target"
		switch te.Field {
		case "":
		case "nodes":
			path = fmt.Sprintf("target.nodes[%d]", te.Index)
		default:
			path = "target." + te.Field
		}
		msg := te.Msg
		if te.Field == "" && strings.Contains(msg, "matches nothing") {
			msg += " (targets resolve on every date of the window)"
		}
		return []Problem{{path, msg}}
	}
	kinds := d.Effect.Kinds()
	var wrong []*network.Node
	for _, nd := range nodes {
		if !slices.Contains(kinds, nd.Kind) {
			wrong = append(wrong, nd)
		}
	}
	if len(wrong) > 0 {
		nd := wrong[0]
		path := "target"
		if i := slices.Index(d.Target.Nodes, nd.ID); i >= 0 {
			path = fmt.Sprintf("target.nodes[%d]", i)
		} else if d.Target.Kind != "" {
			path = "target.kind"
		}
		msg := fmt.Sprintf("%s acts on %s, but the target matches %s (%s)", d.Effect, network.KindList(kinds), nd.ID, nd.Kind.WithArticle())
		if len(wrong) > 1 {
			msg += fmt.Sprintf(" and %d more node(s) it does not act on", len(wrong)-1)
		}
		if len(kinds) == 1 && d.Target.Kind == "" {
			msg += fmt.Sprintf("; add kind: %s to the target", kinds[0])
		}
		return []Problem{{path, msg}}
	}
	if d.Effect == LaneOutage {
		for _, nd := range nodes {
			if msg := LanesProblem(float64(d.lanes()), nd); msg != "" {
				return []Problem{{"lanes", msg}}
			}
		}
	}
	return nil
}

// formatInstant formats a date, with the time of day when it is not
// midnight.
func formatInstant(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04")
}

// MinWindow is the shortest fixed window: shorter ones would do nothing
// measurable (or nothing at all, below the clock's microsecond).
const MinWindow = time.Minute

// MaxFactor bounds the factors of effects: a factor beyond it is a slip
// (a percentage written for a fraction).
const MaxFactor = 10

// lanes is the number of lanes a lane outage takes out.
func (d *Disruption) lanes() int { return max(d.Lanes, 1) }

// UsedNetwork returns the network the scenario runs on: Network, or
// network.Panama() when it is nil.
func (sc *Scenario) UsedNetwork() *network.Network { return sc.network() }

// NetworkSHA256 returns the SHA-256 of a network as network.Write writes
// it: the same for the same network, whichever file it came from.
func NetworkSHA256(n *network.Network) string {
	h := sha256.New()
	if err := network.Write(h, n); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (sc *Scenario) network() *network.Network {
	if sc.Network != nil {
		return sc.Network
	}
	return network.Panama()
}

func (sc *Scenario) rates() *CostRates {
	if sc.Rates != nil {
		return sc.Rates
	}
	return PanamaCosts()
}

// UsedDemand returns the demand the scenario runs with: its own, or the
// embedded Panama demand.
func (sc *Scenario) UsedDemand() *Demand { return sc.demand() }

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

// Bounds of a draft limit, in feet. The Neopanamax locks take 50 ft in a
// normal year [P9] and the Panamax locks 39.5 ft [P8] (docs/sources.md,
// section 1.1); a limit outside these bounds is a slip (metres for feet,
// a missing digit) rather than a restriction.
const (
	MinDraftLimitFt = 20
	MaxDraftLimitFt = 60
)
