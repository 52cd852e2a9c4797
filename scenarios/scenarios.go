// Package scenarios reads canalsim's scenario files (YAML) into
// sim.Scenario values, and holds the scenario library: the files of this
// folder, embedded in the binary and usable by name.
//
// The format is documented in docs/scenarios.md. Reading is strict: an
// unknown key is an error (with a suggestion for a likely typo), every
// value must have the expected type and range, a disruption takes the
// keys of its effect and no others, a target must match something, and
// every problem of a file is reported at once, each as file:line:col.
//
// The package is safe for concurrent use.
package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
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

// disruption is the YAML form of a disruption. Which of target,
// neopanamax, panamax and factor it takes depends on its effect (see
// params); the keys present are known from Source.
type disruption struct {
	Name       string     `yaml:"name"`
	Target     *target    `yaml:"target"`
	Effect     string     `yaml:"effect,required"`
	From       input.Date `yaml:"from,required"`
	Until      input.Date `yaml:"until"`
	Days       int        `yaml:"days"`
	Neopanamax float64    `yaml:"neopanamax"`
	Panamax    float64    `yaml:"panamax"`
	Factor     float64    `yaml:"factor"`
	Source     input.Fields
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
	known := slices.Contains(sim.Effects, sd.Effect)
	if !known {
		var names []string
		for _, e := range sim.Effects {
			names = append(names, string(e))
		}
		msg := fmt.Sprintf("disruptions[%d]: unknown effect %q; expected one of: %s", i, d.Effect, strings.Join(names, ", "))
		if s := input.Suggest(d.Effect, names); s != "" {
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
	if known {
		// The parameters of an unknown effect cannot be checked.
		parseParams(errs, i, d, &sd)
	}
	switch {
	case known && !sd.Effect.Targeted():
		if d.Source.Has("target") {
			errs.Add(d.Source.Pos("target"), "disruptions[%d]: %s acts on the whole canal and takes no target", i, sd.Effect)
		}
	case d.Target == nil && d.Source.Has("target"): // target: null
		errs.Add(d.Source.Pos("target"), "disruptions[%d].target: empty target; give nodes: [...] or operator: ...", i)
	case d.Target == nil:
		if known {
			errs.Add(d.Source.Pos(""), "disruptions[%d]: %s needs a target", i, sd.Effect)
		}
	default:
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

// params lists the keys of a disruption that only some effects take
// (target aside: it belongs to the effects that are Targeted).
var params = []struct {
	key     string
	effects []sim.Effect
}{
	{"neopanamax", []sim.Effect{sim.SlotLimit, sim.DraftLimit}},
	{"panamax", []sim.Effect{sim.SlotLimit, sim.DraftLimit}},
	{"factor", []sim.Effect{sim.InflowFactor}},
}

// Bounds of a draft limit, in feet. The Neopanamax locks take 50 ft in a
// normal year and the Panamax locks 39.5 ft (shared/data/panama.md, 1.1);
// a limit outside these bounds is a slip (metres for feet, a missing
// digit) rather than a scenario.
const (
	minDraftFt = 20
	maxDraftFt = 60
)

// parseParams checks the parameters of a disruption of a known effect
// and stores them in sd: every key the effect takes and none it does not.
func parseParams(errs *input.Errors, i int, d disruption, sd *sim.Disruption) {
	for _, p := range params {
		if d.Source.Has(p.key) && !slices.Contains(p.effects, sd.Effect) {
			does := "does"
			if len(p.effects) > 1 {
				does = "do"
			}
			errs.Add(d.Source.Pos(p.key), "disruptions[%d]: %s takes no %s (only %s %s)", i, sd.Effect, p.key, effectList(p.effects), does)
		}
	}
	switch sd.Effect {
	case sim.SlotLimit, sim.DraftLimit:
		unit := "transits a day"
		if sd.Effect == sim.DraftLimit {
			unit = "feet"
		}
		if !d.Source.Has("neopanamax") && !d.Source.Has("panamax") {
			errs.Add(d.Source.Pos(""), "disruptions[%d]: %s needs neopanamax, panamax or both (%s)", i, sd.Effect, unit)
		}
		for _, l := range []struct {
			key string
			v   float64
			dst **float64
		}{
			{"neopanamax", d.Neopanamax, &sd.Neopanamax},
			{"panamax", d.Panamax, &sd.Panamax},
		} {
			if !d.Source.Has(l.key) {
				continue
			}
			pos := d.Source.Pos(l.key)
			switch {
			case sd.Effect == sim.DraftLimit && (l.v < minDraftFt || l.v > maxDraftFt):
				errs.Add(pos, "disruptions[%d]: %s draft limit must be from %d to %d ft, got %g", i, l.key, minDraftFt, maxDraftFt, l.v)
			case sd.Effect == sim.SlotLimit && l.v < 0:
				errs.Add(pos, "disruptions[%d]: %s slot limit must not be negative, got %g", i, l.key, l.v)
			case sd.Effect == sim.SlotLimit && l.v != math.Trunc(l.v):
				errs.Add(pos, "disruptions[%d]: %s slot limit must be a whole number of transits a day, got %g", i, l.key, l.v)
			default:
				v := l.v
				*l.dst = &v
			}
		}
	case sim.InflowFactor:
		switch {
		case !d.Source.Has("factor"):
			errs.Add(d.Source.Pos(""), "disruptions[%d]: inflow_factor needs a factor (the multiplier of the inflow to Gatún Lake, such as 0.7)", i)
		case !(d.Factor > 0):
			errs.Add(d.Source.Pos("factor"), "disruptions[%d]: factor must be greater than 0, got %g", i, d.Factor)
		default:
			sd.Factor = d.Factor
		}
	}
}

// effectList joins effect names: "a", "a and b", "a, b and c".
func effectList(effects []sim.Effect) string {
	names := make([]string, len(effects))
	for i, e := range effects {
		names[i] = string(e)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func targetFields(t *target) input.Fields {
	if t == nil {
		return nil
	}
	return t.Source
}
