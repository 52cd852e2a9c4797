package scenarios

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/param"
)

// This file reads a scenario file's assumptions: each one's distribution,
// its path into the network, demand or disruptions, and that the scenario
// runs at both ends of its range.

// readAssumptions reads the file's assumptions and checks each on its
// own: its distribution, its path (with the keys known where it goes
// wrong) and that a disruption takes the key, every problem at its
// position. It returns the assumptions and their positions.
func readAssumptions(errs *input.Errors, failed map[input.Pos]bool, f file, sc *sim.Scenario, entries []*entry) []assumed {
	// The paths into the disruptions are checked against the final list.
	tmp := *sc
	tmp.Disruptions = nil
	for _, e := range entries {
		tmp.Disruptions = append(tmp.Disruptions, e.d)
	}
	var out []assumed
	for i, a := range f.Assumptions {
		if failed[a.At.Pos("")] || failed[a.At.Pos("path")] || failed[a.At.Pos("dist")] {
			continue
		}
		prefix := fmt.Sprintf("assumptions[%d]: ", i)
		x := dist{Dist: a.Dist, Value: a.Value, Min: a.Min, Mode: a.Mode, Max: a.Max, Mean: a.Mean, Median: a.Median, P95: a.P95, Source: a.At}
		d := readDist(errs, prefix, &x, (*sim.Dist).CheckShape)
		if msg := pathProblem(&tmp, a.Path, entries); msg != "" {
			errs.Add(a.At.Pos("path"), "%s%s", prefix, msg)
			continue
		}
		if d != nil {
			out = append(out, assumed{sim.Assumption{Path: a.Path, Dist: *d, Source: strings.TrimSpace(a.Source)}, i, a.At})
		}
	}
	return out
}

// assumed is an assumption read, its index in the file and its fields.
type assumed struct {
	a     sim.Assumption
	index int
	at    input.Fields
}

// checkAssumptions gives sc, read without error, its assumptions, and
// checks that it runs at both ends of each one's range (and that no path
// is assumed twice), every problem at its assumption's position.
func checkAssumptions(sc *sim.Scenario, as []assumed) error {
	var errs input.Errors
	for _, a := range as {
		sc.Assumptions = append(sc.Assumptions, a.a)
		if err := sc.CheckAssumption(len(sc.Assumptions) - 1); err != nil {
			errs.Add(a.at.Pos(""), "assumptions[%d]: %s: %v", a.index, a.a.Path, err)
		}
	}
	return errs.Err()
}

// pathProblem says what is wrong with an assumption's or a sweep's path
// to a parameter of sc, or "": no such number (with a suggestion), or a
// key the disruption's effect does not take.
func pathProblem(sc *sim.Scenario, path string, entries []*entry) string {
	_, err := sc.ParamValue(path)
	var pe *param.Error
	switch {
	case errors.As(err, &pe) && pe.Msg == "not set":
	case errors.As(err, &pe):
		msg := pe.Msg
		if pe.Key != "" {
			if s := input.Suggest(pe.Key, pe.Known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if len(pe.Known) > 0 && len(pe.Known) <= 20 {
				msg += "; expected one of: " + strings.Join(pe.Known, ", ")
			}
		}
		return msg
	case err != nil:
		return err.Error()
	}
	if m := disruptionKeyRE.FindStringSubmatch(path); m != nil {
		for i, d := range sc.Disruptions {
			if m[1] == strconv.Itoa(i) || m[1] == d.Name {
				if ok, msg := d.Effect.Takes(m[2]); !ok {
					return fmt.Sprintf("disruptions[%d]: %s", i, msg)
				}
			}
		}
	}
	return ""
}

// disruptionKeyRE matches a path to a key of a disruption.
var disruptionKeyRE = regexp.MustCompile(`^disruptions\[([^\]]+)\]\.([a-z_0-9]+)$`)
