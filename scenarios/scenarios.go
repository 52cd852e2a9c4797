// Package scenarios reads canalsim's scenario files (YAML) into
// sim.Scenario values, and holds the scenario library: the files of this
// folder, embedded in the binary and usable by name.
//
// The format is documented in docs/scenarios.md. Reading is strict: an
// unknown key is an error (with a suggestion for a likely typo), every
// value must have the expected type, a target must match something, and
// every problem of a file is reported at once, each as file:line:col.
//
// The package is safe for concurrent use.
package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

//go:embed *.yaml
var library embed.FS

// Defaults for optional keys; a run's manifest records the values used.
const (
	DefaultSeed         = 1
	DefaultReplications = 20
	DefaultWarmupDays   = 14
)

// file is the YAML form of a scenario.
type file struct {
	Name         string       `yaml:"name,required"`
	Description  string       `yaml:"description"`
	Network      string       `yaml:"network"`
	Start        input.Date   `yaml:"start,required"`
	Days         int          `yaml:"days,required"`
	WarmupDays   *int         `yaml:"warmup_days"`
	Seed         *uint64      `yaml:"seed"`
	Replications *int         `yaml:"replications"`
	Disruptions  []disruption `yaml:"disruptions"`
	Source       input.Fields
}

type disruption struct {
	Name   string     `yaml:"name"`
	Target *target    `yaml:"target,required"`
	Effect string     `yaml:"effect,required"`
	From   input.Date `yaml:"from,required"`
	Until  input.Date `yaml:"until"`
	Days   int        `yaml:"days"`
	Source input.Fields
}

type target struct {
	Nodes    []string `yaml:"nodes"`
	Operator string   `yaml:"operator"`
	Source   input.Fields
}

// Source is a scenario file as read: where it came from and its text, for
// the run's manifest.
type Source struct {
	// Name is the file's path, or "library:NAME" for a library scenario.
	Name string
	Text []byte
}

// Library returns the names of the library's scenarios, sorted.
func Library() []string {
	entries, _ := fs.Glob(library, "*.yaml")
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = strings.TrimSuffix(e, ".yaml")
	}
	slices.Sort(names)
	return names
}

// Open returns the source of a scenario given as a file path or as the
// name of a library scenario (a path that exists wins over a library
// name).
func Open(arg string) (*Source, error) {
	data, err := os.ReadFile(arg)
	if err == nil {
		return &Source{Name: arg, Text: data}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	name := strings.TrimSuffix(arg, ".yaml")
	if data, lerr := library.ReadFile(name + ".yaml"); lerr == nil && !strings.ContainsAny(arg, `/\`) {
		return &Source{Name: "library:" + name, Text: data}, nil
	}
	msg := fmt.Sprintf("no such file, and no library scenario of that name (library: %s)", strings.Join(Library(), ", "))
	if s := input.Suggest(name, Library()); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return nil, &input.Error{Pos: input.Pos{File: arg}, Msg: msg}
}

// Load opens and parses a scenario given as a path or a library name.
func Load(arg string) (*sim.Scenario, *Source, error) {
	src, err := Open(arg)
	if err != nil {
		return nil, nil, err
	}
	sc, err := src.Parse()
	if err != nil {
		return nil, nil, err
	}
	return sc, src, nil
}

// Parse reads the scenario in the source. A relative network path is
// taken relative to the scenario file's folder.
func (s *Source) Parse() (*sim.Scenario, error) {
	dir := "."
	if !strings.HasPrefix(s.Name, "library:") {
		dir = filepath.Dir(s.Name)
	}
	return Parse(s.Name, s.Text, dir)
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Parse reads a scenario from data; name is used in messages and dir
// resolves a relative network path. Every problem is reported, with its
// position, as an input.Errors.
func Parse(name string, data []byte, dir string) (*sim.Scenario, error) {
	var f file
	// Problems of decoding and of single fields are reported together;
	// checks that combine fields (targets, windows) need a clean decode.
	errs := input.AsErrors(input.Decode(name, data, &f))
	// A field that failed to decode is not checked again.
	failed := map[input.Pos]bool{}
	for _, e := range errs {
		failed[e.Pos] = true
	}
	has := func(key string) bool { return f.Source.Has(key) && !failed[f.Source.Pos(key)] }
	sc := &sim.Scenario{
		Name:         f.Name,
		Description:  strings.TrimSpace(f.Description),
		Start:        f.Start.Time,
		Days:         f.Days,
		WarmupDays:   DefaultWarmupDays,
		Seed:         DefaultSeed,
		Replications: DefaultReplications,
	}
	if has("name") && !nameRE.MatchString(f.Name) {
		errs.Add(f.Source.Pos("name"), "name %q: use letters, digits, '.', '_' and '-' only (it names the output folder)", f.Name)
	}
	if has("days") && f.Days < 1 {
		errs.Add(f.Source.Pos("days"), "days must be at least 1, got %d", f.Days)
	}
	if f.WarmupDays != nil && has("warmup_days") {
		sc.WarmupDays = *f.WarmupDays
		if sc.WarmupDays < 0 {
			errs.Add(f.Source.Pos("warmup_days"), "warmup_days must not be negative, got %d", sc.WarmupDays)
		}
	}
	if f.Seed != nil {
		sc.Seed = *f.Seed
	}
	if f.Replications != nil && has("replications") {
		sc.Replications = *f.Replications
		if sc.Replications < 1 {
			errs.Add(f.Source.Pos("replications"), "replications must be at least 1, got %d", sc.Replications)
		}
	}
	switch f.Network {
	case "", "panama":
	default:
		path := f.Network
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		net, err := network.Load(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs.Add(f.Source.Pos("network"), "network %q: no such file (use panama for the embedded network)", f.Network)
		case err != nil:
			return nil, err
		default:
			sc.Network = net
		}
	}
	if f.Network != "" && f.Network != "panama" && sc.Network == nil {
		// The network could not be read: targets cannot be checked.
		return nil, errs.Err()
	}
	net := sc.Network
	if net == nil {
		net = network.Panama()
	}
	// Windows are checked against the run only when its dates are sound.
	calendarOK := has("start") && has("days") && f.Days >= 1 && sc.WarmupDays >= 0
	runFrom := sc.Start.AddDate(0, 0, -sc.WarmupDays)
	runUntil := sc.Start.AddDate(0, 0, sc.Days)
	for i, d := range f.Disruptions {
		sd, ok := parseDisruption(&errs, failed, net, sc.Start, i, d)
		if !ok || !calendarOK {
			continue
		}
		if !sd.From.Before(runUntil) || !sd.Until.After(runFrom) {
			errs.Add(d.Source.Pos("from"), "disruptions[%d] is outside the run (%s to %s)", i, runFrom.Format(input.DateLayout), runUntil.Format(input.DateLayout))
			continue
		}
		sc.Disruptions = append(sc.Disruptions, sd)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if err := sc.Check(); err != nil {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 1, Col: 1}, Msg: err.Error()}
	}
	return sc, nil
}

// parseDisruption converts and checks one disruption, adding any problem
// to errs.
func parseDisruption(errs *input.Errors, failed map[input.Pos]bool, net *network.Network, asOf time.Time, i int, d disruption) (sim.Disruption, bool) {
	n := len(*errs)
	if d.Source == nil {
		return sim.Disruption{}, false // not a mapping: reported already
	}
	// Values that failed to decode were reported already.
	for _, f := range []input.Fields{d.Source, targetFields(d.Target)} {
		for _, p := range f {
			if failed[p] {
				return sim.Disruption{}, false
			}
		}
	}
	sd := sim.Disruption{Name: d.Name, Effect: sim.Effect(d.Effect), From: d.From.Time}
	if !slices.Contains(sim.Effects, sd.Effect) {
		var known []string
		for _, e := range sim.Effects {
			known = append(known, string(e))
		}
		msg := fmt.Sprintf("disruptions[%d]: unknown effect %q; expected one of: %s", i, d.Effect, strings.Join(known, ", "))
		if s := input.Suggest(d.Effect, known); s != "" {
			msg = fmt.Sprintf("disruptions[%d]: unknown effect %q; did you mean %q?", i, d.Effect, s)
		}
		errs.Add(d.Source.Pos("effect"), "%s", msg)
	}
	switch {
	case !d.Source.Has("from"):
		return sd, false // reported as a missing key
	case d.Source.Has("until") && d.Source.Has("days"):
		errs.Add(d.Source.Pos("days"), "disruptions[%d]: give until or days, not both", i)
	case d.Source.Has("until"):
		sd.Until = d.Until.Time
		if !sd.Until.After(sd.From) {
			errs.Add(d.Source.Pos("until"), "disruptions[%d]: until %s must be after from %s", i, d.Until, d.From)
		}
	case d.Source.Has("days"):
		if d.Days < 1 {
			errs.Add(d.Source.Pos("days"), "disruptions[%d]: days must be at least 1, got %d", i, d.Days)
		}
		sd.Until = sd.From.AddDate(0, 0, d.Days)
	default:
		errs.Add(d.Source.Pos(""), "disruptions[%d]: missing key \"until\" or \"days\" (when it ends)", i)
	}
	if d.Target != nil && d.Target.Source == nil {
		return sd, false // not a mapping: reported already
	}
	if d.Target != nil {
		t := d.Target
		sd.Target = sim.Target{Nodes: t.Nodes, Operator: t.Operator}
		if len(t.Nodes) == 0 && t.Operator == "" {
			errs.Add(t.Source.Pos(""), "disruptions[%d].target: empty target; give nodes: [...] or operator: ...", i)
		} else if _, err := sd.Target.Resolve(net, asOf); err != nil {
			var te *sim.TargetError
			if errors.As(err, &te) {
				key := te.Field
				if key == "nodes" {
					key = fmt.Sprintf("nodes[%d]", te.Index)
				}
				errs.Add(t.Source.Pos(key), "disruptions[%d].target: %s", i, te.Msg)
			} else {
				errs.Add(t.Source.Pos(""), "disruptions[%d].target: %v", i, err)
			}
		}
	}
	return sd, len(*errs) == n
}

func targetFields(t *target) input.Fields {
	if t == nil {
		return nil
	}
	return t.Source
}
