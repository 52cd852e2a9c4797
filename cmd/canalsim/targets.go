package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

const targetsHelp = `Usage:
  canalsim targets SCENARIO [flags]

Shows what each disruption of a scenario acts on. Ownership changes with
time (Panama Ports Company ran Balboa and Cristóbal until 2026-02-23), and
a disruption acts on a node only on the dates the node matches its
target: first, node by node, those dates within the disruption's window,
and where a node changes hands inside it; then the nodes the target
resolves to on one date (the scenario's start, or --as-of), each with its
chain of control (operator, then owners up to the top, with the share
each owner holds).

Flags:
`

// targetsCmd implements "canalsim targets".
func targetsCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("targets", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	asOf := fs.String("as-of", "", "resolve targets as of this date (YYYY-MM-DD; default: the scenario's start)")
	fs.Usage = func() { fmt.Fprint(stdout, targetsHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("targets needs exactly one scenario, got %d", fs.NArg())
	}
	sc, src, err := scenarios.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	date := sc.Start
	if fs.Changed("as-of") {
		d, err := time.Parse(input.DateLayout, *asOf)
		if err != nil {
			return usagef("--as-of %q: expected a date YYYY-MM-DD", *asOf)
		}
		date = d
	}
	net := scenarioNetwork(sc)
	fmt.Fprintf(stdout, "%s (%s): targets as of %s, network %s\n", sc.Name, src.Name, date.Format(time.DateOnly), net.Name)
	if len(sc.Disruptions) == 0 {
		fmt.Fprintln(stdout, "\nno disruptions")
	}
	for i, d := range sc.Disruptions {
		fmt.Fprintf(stdout, "\n%d. %s: %s\n", i+1, label(&d, i), d.Effect)
		fmt.Fprintf(stdout, "   when: %s\n", when(&d))
		if !d.Effect.Targeted() {
			what := "the whole canal"
			if d.Effect == sim.DemandShock {
				what = "arrivals of " + d.Filter.String()
			}
			fmt.Fprintf(stdout, "   acts on %s (no target)\n", what)
			continue
		}
		fmt.Fprintf(stdout, "   target: %s\n", d.Target)
		if !d.Filter.Empty() {
			fmt.Fprintf(stdout, "   vessels: %s\n", d.Filter)
		}
		fmt.Fprintln(stdout, "   applies, by node, on the dates it matches the target within the window:")
		for _, l := range applies(net, sc, &d) {
			fmt.Fprintf(stdout, "   %s\n", l)
		}
		fmt.Fprintf(stdout, "   as of %s:\n", date.Format(time.DateOnly))
		nodes, err := d.Target.Resolve(net, date)
		if err != nil {
			var te *sim.TargetError
			if errors.As(err, &te) {
				fmt.Fprintf(stdout, "   %s\n", te.Msg)
				continue
			}
			return err
		}
		for _, nd := range nodes {
			fmt.Fprintf(stdout, "   - %s (%s, %s, %s): %s\n", nd.ID, nd.Name, nd.Kind, nd.Side, chain(net.Chain(nd, date)))
			if d.Effect == sim.Obstruction {
				for _, nb := range net.Neighbours(nd) {
					if nb.Kind != network.Terminal {
						fmt.Fprintf(stdout, "     blocks %s (%s, %s)\n", nb.ID, nb.Name, nb.Kind)
					}
				}
			}
		}
	}
	return nil
}

// label names disruption i: its name, or "disruption N".
func label(d *sim.Disruption, i int) string {
	if d.Name != "" {
		return d.Name
	}
	return fmt.Sprintf("disruption %d", i+1)
}

func scenarioNetwork(sc *sim.Scenario) *network.Network {
	if sc.Network != nil {
		return sc.Network
	}
	return network.Panama()
}

// applies describes, node by node, the dates on which a targeted
// disruption acts within its window (the span a random window may fall
// in), and where a node changes hands inside it: "- balboa: 2026-01-15 to
// 2026-02-23; on 2026-02-23 ppc -> apmt, no longer matches".
func applies(net *network.Network, sc *sim.Scenario, d *sim.Disruption) []string {
	span := d.Span(sc.Start.AddDate(0, 0, -sc.WarmupDays), sc.Start.AddDate(0, 0, sc.Days))
	ms, err := d.Target.ResolveOver(net, span.From, span.Until)
	if err != nil {
		var te *sim.TargetError
		if errors.As(err, &te) {
			return []string{te.Msg}
		}
		return []string{err.Error()}
	}
	var out []string
	for _, m := range ms {
		var parts []string
		for _, sp := range m.Spans {
			parts = append(parts, moment(sp.From)+" to "+moment(sp.Until))
		}
		line := "- " + m.Node.ID + ": " + strings.Join(parts, ", ")
		var changes []time.Time
		for _, tn := range m.Node.Operators {
			for _, at := range []time.Time{tn.From, tn.Until} {
				if !at.IsZero() && at.After(span.From) && at.Before(span.Until) && !slices.ContainsFunc(changes, at.Equal) {
					changes = append(changes, at)
				}
			}
		}
		slices.SortFunc(changes, time.Time.Compare)
		for _, at := range changes {
			before, after := m.Node.OperatorAt(at.AddDate(0, 0, -1)), m.Node.OperatorAt(at)
			was, is := inSpans(m.Spans, at.AddDate(0, 0, -1)), inSpans(m.Spans, at)
			verdict := "still matches"
			switch {
			case was && !is:
				verdict = "no longer matches"
			case !was && is:
				verdict = "matches from then"
			case !was && !is:
				verdict = "still does not match"
			}
			line += fmt.Sprintf("; changes hands on %s (%s -> %s), %s", at.Format(time.DateOnly), or(before, "none"), or(after, "none"), verdict)
		}
		out = append(out, line)
	}
	return out
}

func inSpans(spans []sim.Span, t time.Time) bool {
	for _, sp := range spans {
		if !t.Before(sp.From) && t.Before(sp.Until) {
			return true
		}
	}
	return false
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// when describes a disruption's window: "2025-11-01 to 2026-01-30", or
// its random onset, length and probability.
func when(d *sim.Disruption) string {
	from := moment(d.From)
	if d.Delay != nil {
		from += " + " + d.Delay.String() + " days"
	}
	s := from + " to " + moment(d.Until)
	if d.Duration != nil {
		s = from + ", for " + d.Duration.String() + " days"
	}
	if p := d.Probability; p > 0 && p < 1 {
		s += fmt.Sprintf(", with probability %g", p)
	}
	return s
}

// moment formats a time as a date, with the time of day when it is not
// midnight: "2025-10-02", "2025-10-02 12:00".
func moment(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04")
}

// chain formats a chain of control: "operator ppc (Panama Ports Company)
// -> owned 90% by hutchison-ports (Hutchison Ports) -> owned by
// ck-hutchison (CK Hutchison Holdings)".
func chain(ops []*network.Operator) string {
	if len(ops) == 0 {
		return "no operator on this date"
	}
	var b strings.Builder
	for i, op := range ops {
		switch {
		case i == 0:
			b.WriteString("operator ")
		case ops[i-1].Share > 0:
			fmt.Fprintf(&b, " -> owned %g%% by ", 100*ops[i-1].Share)
		default:
			b.WriteString(" -> owned by ")
		}
		fmt.Fprintf(&b, "%s (%s)", op.ID, op.Name)
	}
	return b.String()
}
