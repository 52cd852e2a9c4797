package scenarios

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// This file reads a scenario's sweep, over a disruption's key or a
// parameter of the network or demand, and expands it into one scenario a
// value.

type sweep struct {
	Parameter string    `yaml:"parameter,required"`
	Values    []float64 `yaml:"values,required"`
	Source    input.Fields
}

// Sweep is a scenario run over several values of one parameter of one of
// its disruptions: one scenario per value, with the same seed and
// replications.
type Sweep struct {
	// Parameter is the parameter as written: "disruptions[0].days".
	Parameter string
	// Key is the disruption key varied: days, hours, factor, neopanamax,
	// panamax, lanes or probability.
	Key string
	// Values are the values, in the file's order.
	Values []float64
	// Labels are the values as text (%g), for legends and tables.
	Labels []string
	// Scenarios has one scenario per value, named NAME.KEY-VALUE.
	Scenarios []*sim.Scenario
}

// sweepKeys are the disruption keys a sweep may vary.
var sweepKeys = []string{"days", "hours", "factor", "neopanamax", "panamax", "lanes", "probability"}

var parameterRE = regexp.MustCompile(`^disruptions\[(.+)\]\.([^.\[\]]*)$`)

// sweepPlan is a checked sweep: the disruption (index in the final list)
// and the key it varies.
type sweepPlan struct {
	index int
	key   string
	// path, for a sweep over a parameter of the network or the demand:
	// the parameter's path (and key its last key).
	path string
}

// checkParamSweep checks a sweep over a parameter of the network or the
// demand (its values are checked when the points are made); nil when it
// is not sound.
func checkParamSweep(errs *input.Errors, sc *sim.Scenario, sw *sweep) *sweepPlan {
	if msg := pathProblem(sc, sw.Parameter, nil); msg != "" {
		errs.Add(sw.Source.Pos("parameter"), "sweep.parameter: %s", msg)
		return nil
	}
	if len(sw.Values) == 0 || len(sw.Values) > MaxSweepValues {
		errs.Add(sw.Source.Pos("values"), "sweep.values: give 1 to %d values, got %d", MaxSweepValues, len(sw.Values))
		return nil
	}
	for i, v := range sw.Values {
		if j := slices.Index(sw.Values, v); j < i {
			errs.Add(sw.Source.Pos(fmt.Sprintf("values[%d]", i)), "sweep.values[%d]: %g repeats values[%d]", i, v, j)
			return nil
		}
	}
	key := sw.Parameter[strings.LastIndexAny(sw.Parameter, ".]")+1:]
	return &sweepPlan{index: -1, key: key, path: sw.Parameter}
}

// checkSweep checks a sweep against the file's final list of
// disruptions; nil when it is not sound.
func checkSweep(errs *input.Errors, failed map[input.Pos]bool, r run, sw *sweep, entries []*entry) *sweepPlan {
	for _, p := range sw.Source {
		if failed[p] {
			return nil
		}
	}
	n := len(*errs)
	ppos := sw.Source.Pos("parameter")
	m := parameterRE.FindStringSubmatch(sw.Parameter)
	if m == nil {
		errs.Add(ppos, "sweep.parameter: expected disruptions[INDEX].KEY, disruptions[NAME].KEY, or the path of a number of the network or the demand, such as disruptions[0].days or network.nodes.railway.rail.capacity_teu_per_day; got %q", sw.Parameter)
		return nil
	}
	ref, key := m[1], m[2]
	idx := -1
	if i, err := strconv.Atoi(ref); err == nil && strings.Trim(ref, "0123456789") == "" {
		if i >= len(entries) {
			errs.Add(ppos, "sweep.parameter: no disruptions[%d]: the scenario has %d disruption(s), included ones first, counted from 0", i, len(entries))
		} else {
			idx = i
		}
	} else {
		var names []string
		for i, e := range entries {
			if e.d.Name == ref && idx < 0 {
				idx = i
			}
			if e.d.Name != "" {
				names = append(names, e.d.Name)
			}
		}
		if idx < 0 {
			msg := fmt.Sprintf("sweep.parameter: no disruption named %q", ref)
			if s := input.Suggest(ref, names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if len(names) == 0 {
				msg += "; no disruption has a name: give its index, disruptions[0]"
			}
			errs.Add(ppos, "%s", msg)
		}
	}
	if !slices.Contains(sweepKeys, key) {
		if s := input.Suggest(key, sweepKeys); s != "" {
			errs.Add(ppos, "sweep.parameter: a sweep cannot vary %q; did you mean %q?", key, s)
		} else {
			errs.Add(ppos, "sweep.parameter: a sweep cannot vary %q; it varies one of %s", key, strings.Join(sweepKeys, ", "))
		}
		return nil
	}
	if idx < 0 {
		return nil
	}
	e := entries[idx]
	if !e.ok {
		return nil // reported already
	}
	d := &e.d
	if ok, msg := d.Effect.Takes(key); !ok {
		errs.Add(ppos, "sweep.parameter: disruptions[%d]: %s", idx, msg)
		return nil
	}
	if (key == "days" || key == "hours") && e.end != key {
		errs.Add(ppos, "sweep.parameter: disruptions[%d] gives its end with %s, not %s; a sweep over %s needs a disruption with %s", idx, e.end, key, key, key)
		return nil
	}
	vpos := sw.Source.Pos("values")
	if len(sw.Values) == 0 || len(sw.Values) > MaxSweepValues {
		errs.Add(vpos, "sweep.values: give 1 to %d values, got %d", MaxSweepValues, len(sw.Values))
		return nil
	}
	var nodes []*network.Node
	if d.Effect.Targeted() {
		nodes, _ = targetNodes(d, r)
	}
	for i, v := range sw.Values {
		pos := sw.Source.Pos(fmt.Sprintf("values[%d]", i))
		if j := slices.Index(sw.Values, v); j < i {
			errs.Add(pos, "sweep.values[%d]: %g repeats values[%d]", i, v, j)
			continue
		}
		if msg := valueProblem(key, v, d, nodes); msg != "" {
			errs.Add(pos, "sweep.values[%d]: %s", i, msg)
			continue
		}
		p := point(d, key, v)
		for _, pr := range checkInRun(&p, r) {
			errs.Add(pos, "sweep.values[%d]: with %s %g, disruptions[%d]: %s", i, key, v, idx, pr.msg)
		}
	}
	if len(*errs) > n {
		return nil
	}
	return &sweepPlan{index: idx, key: key}
}

// point returns a copy of d with key set to v, sharing nothing with d.
func point(d *sim.Disruption, key string, v float64) sim.Disruption {
	p := *d
	for _, f := range []**float64{&p.Neopanamax, &p.Panamax} {
		if *f != nil {
			x := **f
			*f = &x
		}
	}
	for _, f := range []**sim.Dist{&p.Delay, &p.Duration} {
		if *f != nil {
			x := **f
			*f = &x
		}
	}
	p.Target.Nodes = slices.Clone(p.Target.Nodes)
	p.Filter = sim.Filter{Carriers: slices.Clone(p.Filter.Carriers), Flags: slices.Clone(p.Filter.Flags), Segments: slices.Clone(p.Filter.Segments)}
	apply(&p, key, v)
	return p
}

// expand makes the scenarios of a checked sweep.
func expand(sc *sim.Scenario, sw *sweep, plan *sweepPlan) (*Sweep, error) {
	out := &Sweep{Parameter: sw.Parameter, Key: plan.key, Values: slices.Clone(sw.Values)}
	for i, v := range sw.Values {
		label := strconv.FormatFloat(v, 'g', -1, 64)
		if plan.path != "" {
			p, err := sc.With(plan.path, v)
			if err == nil {
				p.Name = fmt.Sprintf("%s.%s-%s", sc.Name, plan.key, label)
				err = p.Check()
			}
			if err != nil {
				return nil, &input.Error{Pos: sw.Source.Pos(fmt.Sprintf("values[%d]", i)), Msg: fmt.Sprintf("sweep.values[%d]: %v", i, err)}
			}
			out.Labels = append(out.Labels, label)
			out.Scenarios = append(out.Scenarios, p)
			continue
		}
		p := *sc
		p.Name = fmt.Sprintf("%s.%s-%s", sc.Name, plan.key, label)
		p.Disruptions = make([]sim.Disruption, len(sc.Disruptions))
		for j := range sc.Disruptions {
			p.Disruptions[j] = point(&sc.Disruptions[j], "", 0)
		}
		p.Disruptions[plan.index] = point(&sc.Disruptions[plan.index], plan.key, v)
		if err := p.Check(); err != nil {
			return nil, &input.Error{Pos: sw.Source.Pos(fmt.Sprintf("values[%d]", i)), Msg: fmt.Sprintf("sweep.values[%d]: %v", i, err)}
		}
		out.Labels = append(out.Labels, label)
		out.Scenarios = append(out.Scenarios, &p)
	}
	return out, nil
}

// targetNodes returns the nodes a disruption's target matches on some
// date of the span its window may fall in within the run, or on the start
// date when the run's calendar is wrong (for the lanes a sweep may take).
func targetNodes(d *sim.Disruption, r run) ([]*network.Node, error) {
	if !r.calendarOK {
		return d.Target.Resolve(r.net, r.start)
	}
	span := d.Span(r.from, r.until)
	if !span.From.Before(span.Until) {
		return d.Target.Resolve(r.net, d.From)
	}
	ms, err := d.Target.ResolveOver(r.net, span.From, span.Until)
	var nodes []*network.Node
	for _, m := range ms {
		nodes = append(nodes, m.Node)
	}
	return nodes, err
}
