package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// This file reads the files a scenario names: its network, demand and
// arrivals, each checked in its own file and against the others.

// readArrivals reads the arrivals file the scenario names (relative to
// dir), or returns over when it is set (canalsim run --arrivals); nil
// when there is neither. Its errors carry the file's own positions.
func readArrivals(f file, dir string, over *sim.Arrivals) (*sim.Arrivals, error) {
	switch {
	case over != nil:
		return over, nil
	case !f.Source.Has("arrivals"):
		return nil, nil
	case f.Arrivals == "":
		return nil, &input.Error{Pos: f.Source.Pos("arrivals"), Msg: "arrivals: empty; give the path of an arrivals CSV file (docs/networks.md)"}
	}
	path, data, problem := readNamed(dir, f.Arrivals)
	if problem != "" {
		return nil, &input.Error{Pos: f.Source.Pos("arrivals"), Msg: fmt.Sprintf("arrivals %q: %s", f.Arrivals, problem)}
	}
	return sim.ReadArrivalsCSV(path, bytes.NewReader(data))
}

// readNamed reads the file a key names, relative to dir unless absolute.
// When it cannot, problem says why, for a message at the key ("no such
// file").
func readNamed(dir, name string) (path string, data []byte, problem string) {
	path = name
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	data, err := readFile(path)
	if err != nil {
		problem = err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			problem = "no such file"
		}
	}
	return path, data, problem
}

// readDemand reads the demand file the scenario names, if any, and
// reports whether the scenario's demand is known: nil for the embedded
// Panama demand. Its errors carry the demand file's own positions.
func readDemand(errs *input.Errors, failed map[input.Pos]bool, f file, dir string, ov overrides) (*sim.Demand, bool) {
	switch {
	case ov.dem != nil:
		return ov.dem, true
	case f.Source.Has("demand") && failed[f.Source.Pos("demand")]:
		return nil, false // reported already
	case f.Demand == "" && f.Source.Has("demand"):
		errs.Add(f.Source.Pos("demand"), "demand: empty; give panama (the embedded demand) or the path of a demand file")
		return nil, false
	case f.Demand == "", f.Demand == "panama":
		return nil, true
	}
	path, data, problem := readNamed(dir, f.Demand)
	if problem != "" {
		errs.Add(f.Source.Pos("demand"), "demand %q: %s (use panama for the embedded demand)", f.Demand, problem)
		return nil, false
	}
	dem, err := sim.ParseDemand(path, data)
	if err != nil {
		if l := input.AsErrors(err); l != nil {
			*errs = append(*errs, l...)
		} else {
			errs.Add(f.Source.Pos("demand"), "demand %q: %v", f.Demand, err)
		}
		return nil, false
	}
	return dem, true
}

// checkDemand checks the scenario's demand against its network. A demand
// file's problems are reported at their place in that file. The embedded
// Panama demand fits only the Panama network: a scenario with another
// network must name its demand.
func checkDemand(errs *input.Errors, f file, ov overrides, sc *sim.Scenario) {
	net, dem := sc.Network, sc.Demand
	if net == nil {
		net = network.Panama()
	}
	named := ov.dem != nil || f.Demand != "" // "panama" names the embedded demand
	if dem == nil && net != network.Panama() && !named {
		if ov.net != nil {
			errs.Add(f.Source.Pos(""), "network %s replaces the scenario's, which names no demand: the embedded Panama demand needs the Panama network; give demand: FILE (canalsim run --demand FILE)", net.Name)
			return
		}
		errs.Add(f.Source.Pos("network"), "network %q: the embedded Panama demand needs the Panama network; give demand: FILE", f.Network)
		return
	}
	if dem == nil {
		if net == network.Panama() {
			return // the embedded pair, checked by the tests of package sim
		}
		dem = sim.PanamaDemand()
	}
	err := dem.Check(net)
	if err == nil {
		return
	}
	l := input.AsErrors(err)
	if dem == sim.PanamaDemand() || l == nil {
		// The embedded demand's problems are at places in a file the user
		// cannot see: one message at the demand key says what is wrong.
		errs.Add(f.Source.Pos("demand"), "demand %q does not fit network %s: %v", demandName(f, ov, dem), net.Name, firstLine(err))
		return
	}
	*errs = append(*errs, l...)
}

// demandName names the scenario's demand in messages.
func demandName(f file, ov overrides, dem *sim.Demand) string {
	switch {
	case ov.dem != nil:
		return dem.Name
	case f.Demand == "":
		return "panama"
	}
	return f.Demand
}

// firstLine returns the first problem of an error, without its position,
// with a count of the others.
func firstLine(err error) string {
	first, n := err.Error(), 1
	if l := input.AsErrors(err); l != nil {
		first, n = l[0].Msg, l.Count()
	}
	if n == 1 {
		return first
	}
	return fmt.Sprintf("%s (and %d more)", first, n-1)
}

// identity names a file for finding include cycles.
func identity(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return path
}
