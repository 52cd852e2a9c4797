package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

const validateHelp = `Usage:
  canalsim validate SCENARIO... [flags]

Reads and checks each scenario (a YAML file or a library scenario's name)
as "canalsim run" would, without running it: every problem of every file
is reported, one per line as file:line:col: message. Exit status 0 when all
are valid, 2 otherwise. For a valid scenario it lists, for each targeted
disruption, the nodes it acts on and the dates on which it does, and says
where a node changes hands inside the window (see canalsim targets).

Flags:
`

// validateCmd implements "canalsim validate".
func validateCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("validate", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	netFile := fs.String("network", "", "check against this network file instead of each scenario's (as canalsim run --network)")
	demFile := fs.String("demand", "", "check with this demand file instead of each scenario's (as canalsim run --demand)")
	arrFile := fs.String("arrivals", "", "check this arrivals file with each scenario (as canalsim run --arrivals)")
	fs.Usage = func() { fmt.Fprint(stdout, validateHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("validate needs at least one scenario")
	}
	net, dem, arr, err := loadOverrides(fs, *netFile, *demFile, *arrFile)
	if err != nil {
		return err
	}
	var errs input.Errors
	for _, name := range fs.Args() {
		var sc *sim.Scenario
		var sw *scenarios.Sweep
		src, err := scenarios.Open(name)
		if err == nil {
			src.Network, src.Demand, src.Arrivals = net, dem, arr
			if sc, err = src.Parse(); err == nil {
				if err = sc.Validate(); err == nil {
					sw, err = src.Sweep()
				}
			}
		}
		if err != nil {
			if l := input.AsErrors(err); l != nil {
				errs = append(errs, l...)
				continue
			}
			return err
		}
		if *quiet {
			continue
		}
		what := fmt.Sprintf("%d replications x %d days from %s, %s", sc.Replications, sc.Days, sc.Start.Format(time.DateOnly), plural(len(sc.Disruptions), "disruption"))
		if sw != nil {
			what += fmt.Sprintf(", a sweep of %s over %d values", sw.Parameter, len(sw.Values))
		}
		fmt.Fprintf(stdout, "%s: ok (%s: %s)\n", src.Name, sc.Name, what)
		for i := range sc.Disruptions {
			d := &sc.Disruptions[i]
			if !d.Effect.Targeted() {
				continue
			}
			fmt.Fprintf(stdout, "  %d. %s on:\n", i+1, label(d, i))
			for _, l := range applies(scenarioNetwork(sc), sc, d) {
				fmt.Fprintf(stdout, "     %s\n", l)
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
