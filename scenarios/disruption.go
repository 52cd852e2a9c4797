package scenarios

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// This file reads a scenario file's disruptions: each key at its position,
// checked by sim's rules (sim/rules.go) where they are the model's, and by
// the file's own where they are about the file (days, hours, includes);
// and it places in the file what sim.Scenario.Check finds after.

// entry is one disruption of a file's final list, its own or included.
type entry struct {
	d  sim.Disruption
	ok bool // read without error
	// end is the key that gives its end: until, days, hours or duration.
	end string
	// For a disruption of the file itself: its index in the file, and
	// its fields and target's fields, for positions.
	index   int
	fields  input.Fields
	tgt     input.Fields
	vessels input.Fields
	// For an included disruption: the include entry's position and a
	// description of where it comes from ("b.yaml, disruptions[2]").
	incPos input.Pos
	origin string
}

// at returns the position of a key of the disruption ("target.nodes[1]"
// for a key of its target, "vessels.flags[0]" for one of its filter), or
// the include entry for an included one.
func (e *entry) at(key string) input.Pos {
	if e.fields == nil {
		return e.incPos
	}
	if k, ok := strings.CutPrefix(key, "target."); ok {
		return e.tgt.Pos(k)
	}
	if k, ok := strings.CutPrefix(key, "vessels."); ok {
		return e.vessels.Pos(k)
	}
	return e.fields.Pos(key)
}

// label prefixes messages about a key of the disruption.
func (e *entry) label(key string) string {
	if e.fields == nil {
		return "include: " + e.origin + ": "
	}
	switch {
	case key == "target" || strings.HasPrefix(key, "target."):
		return fmt.Sprintf("disruptions[%d].target: ", e.index)
	case strings.HasPrefix(key, "vessels."):
		return fmt.Sprintf("disruptions[%d].vessels: ", e.index)
	}
	return fmt.Sprintf("disruptions[%d]: ", e.index)
}

// run is what a disruption is checked against: the network, the date
// targets resolve on and the simulated period. A part that could not be
// read is not checked against.
type run struct {
	net        *network.Network
	ov         overrides // what replaces the included files' network and demand
	start      time.Time
	startOK    bool
	calendarOK bool
	from       time.Time // start less the warm-up
	until      time.Time // start plus days
	// carriers and flags are those the demand's vessels may have;
	// vesselsOK is false when they are not known (the demand did not
	// read, or the run replays arrivals, which bring their own).
	carriers, flags []string
	vesselsOK       bool
}

// problem is a problem of a disruption in its run: key says where
// (target keys as "target.KEY").
type problem struct {
	key, msg string
}

// problemsAt places in the file the problems sim.Scenario.Check found
// that the file's own checks let through (its last line of defence): a
// disruption's at its key (or its include), any other at the field the
// path names, or at the top of the file.
func problemsAt(err error, name string, fields input.Fields, entries []*entry) error {
	var ps *sim.Problems
	if !errors.As(err, &ps) {
		return &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: err.Error()}
	}
	var errs input.Errors
	for _, p := range ps.List {
		pos, label := input.Pos{File: name, Line: 1, Col: 1}, p.Path+": "
		if i, key, ok := disruptionPath(p.Path); ok && i < len(entries) {
			e := entries[i]
			label = e.label(key)
			if q := e.at(key); q.IsValid() {
				pos = q
			}
		} else if top, _, _ := strings.Cut(p.Path, "["); fields.Pos(top).IsValid() {
			pos = fields.Pos(top)
		}
		errs.Add(pos, "%s%s", label, p.Msg)
	}
	return errs.Err()
}

// disruptionPath splits a path "disruptions[I].KEY" (or
// "disruptions[I]") into I and KEY.
func disruptionPath(path string) (i int, key string, ok bool) {
	rest, ok := strings.CutPrefix(path, "disruptions[")
	if !ok {
		return 0, "", false
	}
	n, rest, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, "", false
	}
	i, err := strconv.Atoi(n)
	if err != nil {
		return 0, "", false
	}
	return i, strings.TrimPrefix(rest, "."), true
}

// parseDisruption converts and checks one disruption of the file, adding
// any problem to errs.
func parseDisruption(errs *input.Errors, failed map[input.Pos]bool, r run, i int, d disruption) *entry {
	e := &entry{index: i, fields: d.Source, tgt: d.Target.fields(), vessels: d.Vessels.fields()}
	n := len(*errs)
	if d.Source == nil {
		return e // not a mapping: reported already
	}
	// Values that failed to decode were reported already.
	for _, f := range []input.Fields{d.Source, e.tgt, d.Vessels.fields(), d.Delay.fields(), d.Duration.fields()} {
		for _, p := range f {
			if failed[p] {
				return e
			}
		}
	}
	add := func(key, format string, args ...any) {
		errs.Add(e.at(key), "%s%s", e.label(key), fmt.Sprintf(format, args...))
	}
	sd := &e.d
	*sd = sim.Disruption{Name: d.Name, Effect: sim.Effect(d.Effect), From: d.From.Time}
	known := slices.Contains(sim.Effects(), sd.Effect)
	if !known {
		var names []string
		for _, x := range sim.Effects() {
			names = append(names, string(x))
		}
		if s := input.Suggest(d.Effect, names); s != "" {
			add("effect", "unknown effect %q; did you mean %q?", d.Effect, s)
		} else {
			add("effect", "unknown effect %q; expected one of: %s", d.Effect, strings.Join(names, ", "))
		}
	}

	// When: the end, the delay, the probability.
	var ends []string
	for _, k := range []string{"until", "days", "hours", "duration"} {
		if d.Source.Has(k) {
			ends = append(ends, k)
		}
	}
	slices.SortStableFunc(ends, func(a, b string) int { return comparePos(d.Source.Pos(a), d.Source.Pos(b)) })
	for _, k := range ends[min(len(ends), 1):] {
		add(k, "%s and %s both give the end; keep one of until, days, hours or duration", ends[0], k)
	}
	whenOK := len(ends) == 1
	if len(ends) == 0 {
		add("", "missing key until, days, hours or duration (when it ends)")
	}
	if d.Source.Has("delay") {
		sd.Delay = parseDist(errs, e, "delay", d.Delay)
		whenOK = whenOK && sd.Delay != nil
	}
	if len(ends) > 0 {
		e.end = ends[0]
		switch e.end {
		case "until":
			sd.Until = d.Until.Time
			if !sd.Until.After(sd.From) {
				add("until", "until %s must be after from %s", d.Until, d.From)
				whenOK = false
			}
		case "days", "hours":
			v := d.Days
			if e.end == "hours" {
				v = d.Hours
			}
			if msg := valueProblem(e.end, v, sd, nil); msg != "" {
				add(e.end, "%s", msg)
				whenOK = false
			} else {
				apply(sd, e.end, v)
			}
		case "duration":
			sd.Duration = parseDist(errs, e, "duration", d.Duration)
			if sd.Duration == nil {
				whenOK = false
			} else if x := sd.Duration; x.Kind != sim.Exponential && x.Kind != sim.LogNormal && !(x.Lowest() > 0) {
				add("duration", "a duration must be greater than 0 days, but %s can be %g", x, x.Lowest())
				sd.Duration, whenOK = nil, false
			}
		}
	}
	if d.Source.Has("probability") {
		if msg := valueProblem("probability", d.Probability, sd, nil); msg != "" {
			add("probability", "%s", msg)
		} else {
			sd.Probability = d.Probability
		}
	}

	// The keys of the effect.
	if known {
		parseParams(add, d, sd)
	}

	// What: the target.
	targetOK := false
	switch {
	case !known:
		// Whether an unknown effect takes a target cannot be judged, but
		// the ids of one can.
		if d.Target != nil {
			parseTarget(add, r.net, d.Target, &sd.Target)
		}
	case !sd.Effect.Targeted():
		if d.Source.Has("target") {
			errs.Add(e.at("target"), "disruptions[%d]: %s acts on the whole canal and takes no target", i, sd.Effect)
		}
	case d.Target == nil && d.Source.Has("target"): // target: null
		add("target", "empty target; give nodes, kind, side, operator or owner")
	case d.Target == nil:
		add("", "%s needs a target (nodes, kind, side, operator or owner)", sd.Effect)
	default:
		targetOK = parseTarget(add, r.net, d.Target, &sd.Target)
	}

	// Checks against the run: what the target matches during the window
	// (when the target's criteria are sound), the lanes of the locks it
	// matches (when lanes is), and the window (when its keys are).
	lanesOK := !failedAt(*errs, n, e.at("lanes"))
	for _, p := range checkInRun(sd, r) {
		isTarget := p.key == "target" || strings.HasPrefix(p.key, "target.")
		isVessels := strings.HasPrefix(p.key, "vessels.")
		switch {
		case isTarget && !targetOK, p.key == "lanes" && (!targetOK || !lanesOK), !isTarget && !isVessels && p.key != "lanes" && !whenOK:
			continue
		}
		add(p.key, "%s", p.msg)
	}
	e.ok = len(*errs) == n
	return e
}

// failedAt reports whether errs[n:] has an error at pos.
func failedAt(errs input.Errors, n int, pos input.Pos) bool {
	return slices.ContainsFunc(errs[n:], func(e *input.Error) bool { return e.Pos == pos })
}

// comparePos orders positions in a file.
func comparePos(a, b input.Pos) int {
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return a.Col - b.Col
}

// parseDist converts and checks a distribution; nil when it is not sound.
func parseDist(errs *input.Errors, e *entry, key string, x *dist) *sim.Dist {
	prefix := fmt.Sprintf("disruptions[%d].%s: ", e.index, key)
	if x == nil {
		errs.Add(e.at(key), "%sexpected a distribution such as {dist: uniform, min: 1, max: 3}, got nothing", prefix)
		return nil
	}
	return readDist(errs, prefix, x, (*sim.Dist).Check)
}

// readDist converts and checks a distribution's family and parameters,
// each problem at its key, prefixed; check is the final check of its
// values (sim.Dist.Check for days, CheckShape for any quantity).
func readDist(errs *input.Errors, prefix string, x *dist, check func(*sim.Dist) error) *sim.Dist {
	kind := sim.DistKind(x.Dist)
	want, ok := distParams[kind]
	if !ok {
		var names []string
		for _, k := range sim.DistKinds() {
			names = append(names, string(k))
		}
		if s := input.Suggest(x.Dist, names); s != "" {
			errs.Add(x.Source.Pos("dist"), "%sunknown distribution %q; did you mean %q?", prefix, x.Dist, s)
		} else {
			errs.Add(x.Source.Pos("dist"), "%sunknown distribution %q; expected one of: %s", prefix, x.Dist, strings.Join(names, ", "))
		}
		return nil
	}
	n := len(*errs)
	var missing []string
	for _, p := range want {
		if !x.Source.Has(p) {
			missing = append(missing, p)
		}
	}
	for _, p := range []string{"value", "min", "mode", "max", "mean", "median", "p95"} {
		if x.Source.Has(p) && !slices.Contains(want, p) {
			errs.Add(x.Source.Pos(p), "%s%s takes %s, not %s", prefix, kind, andList(want), p)
		}
	}
	if len(missing) > 0 {
		errs.Add(x.Source.Pos(""), "%s%s needs %s; missing %s", prefix, kind, andList(want), andList(missing))
	}
	if len(*errs) > n {
		return nil
	}
	sd := &sim.Dist{Kind: kind, Value: x.Value, Min: x.Min, Mode: x.Mode, Max: x.Max, Mean: x.Mean, Median: x.Median, P95: x.P95}
	if err := check(sd); err != nil {
		errs.Add(x.Source.Pos(""), "%s%v", prefix, err)
		return nil
	}
	return sd
}

// parseTarget converts and checks a target's criteria (not yet what they
// match), reporting every unknown id.
func parseTarget(add func(key, format string, args ...any), net *network.Network, t *target, st *sim.Target) bool {
	ok := true
	bad := func(key, format string, args ...any) {
		add("target."+key, format, args...)
		ok = false
	}
	*st = sim.Target{Nodes: t.Nodes, Kind: network.Kind(t.Kind), Side: network.Side(t.Side), Operator: t.Operator, Owner: t.Owner}
	if st.Empty() {
		add("target", "empty target; give nodes, kind, side, operator or owner")
		return false
	}
	var ids []string
	for _, nd := range net.Nodes {
		ids = append(ids, nd.ID)
	}
	for i, id := range t.Nodes {
		if net.Node(id) == nil {
			bad(fmt.Sprintf("nodes[%d]", i), "unknown node %q%s", id, input.DidYouMean(id, ids))
		}
	}
	if t.Source.Has("kind") && !slices.Contains(network.Kinds(), st.Kind) {
		var kinds []string
		for _, k := range network.Kinds() {
			kinds = append(kinds, string(k))
		}
		bad("kind", "unknown kind %q%s", t.Kind, input.DidYouMean(t.Kind, kinds))
	}
	if t.Source.Has("side") && st.Side != network.Atlantic && st.Side != network.Pacific {
		bad("side", "unknown side %q%s", t.Side, input.DidYouMean(t.Side, []string{string(network.Atlantic), string(network.Pacific)}))
	}
	var ops []string
	for _, op := range net.Operators {
		ops = append(ops, op.ID)
	}
	for _, c := range []struct{ key, id string }{{"operator", t.Operator}, {"owner", t.Owner}} {
		if t.Source.Has(c.key) && net.Operator(c.id) == nil {
			bad(c.key, "unknown operator %q%s", c.id, input.DidYouMean(c.id, ops))
		}
	}
	return ok
}

// checkInRun checks a disruption whose fields are sound against a run,
// by sim's rules (sim.Disruption.RunProblems): whether its window falls
// in the simulated period and what its target matches during it (the
// kinds of node, the lanes of locks), or, when the run's calendar is
// wrong, what its target matches on the start date; and the carriers and
// flags of its vessels filter against the demand's.
func checkInRun(d *sim.Disruption, r run) []problem {
	var ps []sim.Problem
	switch {
	case r.calendarOK:
		ps = d.RunProblems(r.net, r.from, r.until)
	case d.Effect.Targeted() && r.startOK:
		ps = d.TargetProblems(r.net, r.start, r.start)
	}
	var out []problem
	for _, p := range ps {
		out = append(out, problem{p.Path, p.Msg})
	}
	if (d.Effect == sim.Refusal || d.Effect == sim.DemandShock) && r.vesselsOK {
		for _, p := range d.Filter.Unknown(r.carriers, r.flags) {
			// Those that are not well formed are reported as such.
			if p.Key == "carriers" && carrierRE.MatchString(d.Filter.Carriers[p.Index]) ||
				p.Key == "flags" && flagRE.MatchString(d.Filter.Flags[p.Index]) {
				out = append(out, problem{fmt.Sprintf("vessels.%s[%d]", p.Key, p.Index), p.Msg})
			}
		}
	}
	return out
}

// maxEventDays bounds the length of a disruption given by days or hours:
// no longer than the longest run.
const maxEventDays = sim.MaxDays

// valueProblem checks the value of a numeric disruption key for the
// disruption's effect: days and hours, which only files have, here, the
// others by sim's rules (sim.ValueProblem); nodes are its targets (for
// lanes; nil skips that check). It returns "" when the value is valid.
func valueProblem(key string, v float64, d *sim.Disruption, nodes []*network.Node) string {
	switch key {
	case "days":
		if !(v*24*60 >= 1 && v <= maxEventDays) {
			return fmt.Sprintf("days must be at least one minute (%.6f) and at most %d, got %g", 1.0/(24*60), maxEventDays, v)
		}
		return ""
	case "hours":
		if !(v*60 >= 1 && v <= maxEventDays*24) {
			return fmt.Sprintf("hours must be at least one minute (%.4f) and at most %d, got %g", 1.0/60, maxEventDays*24, v)
		}
		return ""
	}
	if msg := sim.ValueProblem(d.Effect, key, v); msg != "" {
		return msg
	}
	if key == "lanes" {
		for _, nd := range nodes {
			if msg := sim.LanesProblem(v, nd); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// apply sets a numeric key of a disruption to v (checked by
// valueProblem). A length in days or hours after a random delay is a
// fixed duration; without a delay it fixes the end.
func apply(d *sim.Disruption, key string, v float64) {
	switch key {
	case "days":
		d.SetLength(v)
	case "hours":
		d.SetLength(v / 24)
	case "probability":
		d.Probability = v
	case "factor":
		d.Factor = v
	case "neopanamax":
		d.Neopanamax = &v
	case "panamax":
		d.Panamax = &v
	case "lanes":
		d.Lanes = int(v)
	}
}

// parseParams checks the keys of a disruption of a known effect and
// stores them in sd: every key the effect takes and none it does not.
func parseParams(add func(key, format string, args ...any), d disruption, sd *sim.Disruption) {
	for _, key := range sim.EffectParams() {
		if ok, msg := sd.Effect.Takes(key); d.Source.Has(key) && !ok {
			add(key, "%s", msg)
		}
	}
	if msg := sd.Effect.Needs(d.Source.Has("factor"), d.Source.Has("neopanamax"), d.Source.Has("panamax")); msg != "" {
		add("", "%s", msg)
	}
	check := func(key string, v float64) {
		if ok, _ := sd.Effect.Takes(key); !ok || !d.Source.Has(key) {
			return
		}
		if msg := valueProblem(key, v, sd, nil); msg != "" {
			add(key, "%s", msg)
			return
		}
		apply(sd, key, v)
	}
	check("neopanamax", d.Neopanamax)
	check("panamax", d.Panamax)
	check("factor", d.Factor)
	if sd.Effect == sim.LaneOutage {
		sd.Lanes = 1
		check("lanes", d.Lanes)
	}
	if ok, _ := sd.Effect.Takes("vessels"); ok {
		parseFilter(add, d, sd)
	}
}

// parseFilter checks the vessels of a refusal or a demand shock.
func parseFilter(add func(key, format string, args ...any), d disruption, sd *sim.Disruption) {
	v := d.Vessels
	if v == nil {
		switch {
		case sd.Effect != sim.Refusal:
		case d.Source.Has("vessels"):
			add("vessels", "refusal needs vessels: the carriers, flags or segments refused; got nothing")
		default:
			add("", "%s", sim.NeedsVessels)
		}
		return
	}
	bad := 0
	report := func(key string, i int, format string, args ...any) {
		bad++
		add(fmt.Sprintf("vessels.%s[%d]", key, i), format, args...)
	}
	for i, c := range v.Carriers {
		if !carrierRE.MatchString(c) {
			report("carriers", i, "carrier %q: use lower-case letters, digits and '-', such as cosco", c)
		}
	}
	for i, f := range v.Flags {
		if !flagRE.MatchString(f) {
			report("flags", i, "flag %q: use a two-letter country code in lower case (ISO 3166), such as us", f)
		}
	}
	for i, s := range v.Segments {
		if !slices.Contains(sim.Segments(), s) {
			report("segments", i, "unknown segment %q%s", s, input.DidYouMean(s, sim.Segments()))
		}
	}
	sd.Filter = sim.Filter{Carriers: v.Carriers, Flags: v.Flags, Segments: v.Segments}
	if bad == 0 && sd.Effect == sim.Refusal && sd.Filter.Empty() {
		add("vessels", "refusal needs vessels: the carriers, flags or segments refused; the filter lists none")
	}
}

// andList joins words: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// fields return the positions of a mapping's keys, nil for none.
func (t *target) fields() input.Fields {
	if t == nil {
		return nil
	}
	return t.Source
}

func (f *filter) fields() input.Fields {
	if f == nil {
		return nil
	}
	return f.Source
}

func (x *dist) fields() input.Fields {
	if x == nil {
		return nil
	}
	return x.Source
}

var (
	flagRE    = regexp.MustCompile(`^[a-z]{2}$`)
	carrierRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)
