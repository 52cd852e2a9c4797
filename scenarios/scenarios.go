// Package scenarios reads canalsim's scenario files (YAML) into
// sim.Scenario values, and holds the scenario library: the files of this
// folder, embedded in the binary and usable by name.
//
// The format (version 2) is documented in docs/scenarios.md. Reading is
// strict: an unknown key is an error (with a suggestion for a likely
// typo), every value must have the expected type and range, a disruption
// takes the keys of its effect and no others, a target must match nodes
// of the kinds its effect acts on, and every problem of a file is reported
// at once, each as file:line:col.
//
// A file may include the disruptions of other files (include) and may
// vary one parameter of a disruption over a list of values (sweep): see
// Source.Sweep.
//
// The package is safe for concurrent use.
package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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

// Limits of the format that sim does not define.
const (
	// MaxSweepValues is the most values a sweep may take.
	MaxSweepValues = 200
	// MaxIncludeDepth bounds nested includes (a guard against cycles that
	// file identities cannot see, such as links).
	MaxIncludeDepth = 16
	// MaxIncludes bounds the files a scenario includes in all, nested
	// ones counted, each time it is included: a fan-out (a file that
	// includes another many times, each of which does the same) would
	// otherwise read a number of files exponential in the depth.
	MaxIncludes = 64
	// MaxDisruptions bounds a scenario's disruptions, included ones
	// counted: far above a study's needs (drought-2023 has 21).
	MaxDisruptions = 1000
	// MaxAssumptions bounds a scenario's uncertain assumptions.
	MaxAssumptions = 100
	// MaxDescription bounds a scenario's description, in characters: it
	// says what the scenario asks in a sentence or two, and goes into
	// every figure, the report and the manifest.
	MaxDescription = 10_000
)

// file is the YAML form of a scenario. Days, warm-up days and
// replications are read as numbers and checked to be whole, so that 1e9
// is reported as out of range rather than as not a number.
type file struct {
	Name         string       `yaml:"name,required"`
	Description  string       `yaml:"description"`
	Network      string       `yaml:"network"`
	Demand       string       `yaml:"demand"`
	Arrivals     string       `yaml:"arrivals"`
	Start        input.Date   `yaml:"start,required"`
	Days         float64      `yaml:"days,required"`
	WarmupDays   *float64     `yaml:"warmup_days"`
	Seed         *uint64      `yaml:"seed"`
	Replications *float64     `yaml:"replications"`
	Include      []string     `yaml:"include"`
	Disruptions  []disruption `yaml:"disruptions"`
	Assumptions  []assumption `yaml:"assumptions"`
	Sweep        *sweep       `yaml:"sweep"`
	Source       input.Fields
}

// assumption is the YAML form of a sim.Assumption: the parameter's path,
// a distribution (dist and its parameters, as for a disruption's delay)
// and the source of its range.
type assumption struct {
	Path   string  `yaml:"path,required"`
	Dist   string  `yaml:"dist,required"`
	Value  float64 `yaml:"value"`
	Min    float64 `yaml:"min"`
	Mode   float64 `yaml:"mode"`
	Max    float64 `yaml:"max"`
	Mean   float64 `yaml:"mean"`
	Median float64 `yaml:"median"`
	P95    float64 `yaml:"p95"`
	Source string  `yaml:"source"`
	At     input.Fields
}

// disruption is the YAML form of a disruption. Which of its keys it takes
// depends on its effect (see params); the keys present are known from
// Source.
type disruption struct {
	Name        string     `yaml:"name"`
	Effect      string     `yaml:"effect,required"`
	Target      *target    `yaml:"target"`
	From        input.Date `yaml:"from,required"`
	Until       input.Date `yaml:"until"`
	Days        float64    `yaml:"days"`
	Hours       float64    `yaml:"hours"`
	Duration    *dist      `yaml:"duration"`
	Delay       *dist      `yaml:"delay"`
	Probability float64    `yaml:"probability"`
	Factor      float64    `yaml:"factor"`
	Neopanamax  float64    `yaml:"neopanamax"`
	Panamax     float64    `yaml:"panamax"`
	Lanes       float64    `yaml:"lanes"`
	Vessels     *filter    `yaml:"vessels"`
	Source      input.Fields
}

type target struct {
	Nodes    []string `yaml:"nodes"`
	Kind     string   `yaml:"kind"`
	Side     string   `yaml:"side"`
	Operator string   `yaml:"operator"`
	Owner    string   `yaml:"owner"`
	Source   input.Fields
}

type filter struct {
	Carriers []string `yaml:"carriers"`
	Flags    []string `yaml:"flags"`
	Segments []string `yaml:"segments"`
	Source   input.Fields
}

// dist is the YAML form of a sim.Dist: dist names the family and the
// other keys are its parameters (distParams).
type dist struct {
	Dist   string  `yaml:"dist,required"`
	Value  float64 `yaml:"value"`
	Min    float64 `yaml:"min"`
	Mode   float64 `yaml:"mode"`
	Max    float64 `yaml:"max"`
	Mean   float64 `yaml:"mean"`
	Median float64 `yaml:"median"`
	P95    float64 `yaml:"p95"`
	Source input.Fields
}

// distParams lists the parameters of each distribution family.
var distParams = map[sim.DistKind][]string{
	sim.Fixed:       {"value"},
	sim.Uniform:     {"min", "max"},
	sim.Triangular:  {"min", "mode", "max"},
	sim.Exponential: {"mean"},
	sim.LogNormal:   {"median", "p95"},
}

// Source is a scenario file as read: where it came from and its text, for
// the run's manifest.
type Source struct {
	// Name is the file's path, or "library:NAME" for a library scenario.
	Name string
	Text []byte
	// Network and Demand, when set, replace the file's network and
	// demand keys (canalsim run --network, --demand), for the file and
	// the files it includes: its disruptions are checked against them.
	Network *network.Network
	Demand  *sim.Demand
	// Arrivals, when set, replaces the file's arrivals key (canalsim run
	// --arrivals).
	Arrivals *sim.Arrivals
}

// overrides are a Source's Network, Demand and Arrivals.
type overrides struct {
	net *network.Network
	dem *sim.Demand
	arr *sim.Arrivals
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
	data, err := readFile(arg)
	if err == nil {
		return &Source{Name: arg, Text: data}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		// A folder, a device, a pipe, a file too large or unreadable:
		// the user's to fix. The message names the file.
		return nil, &input.Error{Msg: err.Error()}
	}
	if src := openLibrary(arg); src != nil {
		return src, nil
	}
	return nil, &input.Error{Pos: input.Pos{File: arg}, Msg: notFound(arg)}
}

// openLibrary returns the library scenario named by arg (with or without
// .yaml), or nil.
func openLibrary(arg string) *Source {
	name := strings.TrimSuffix(arg, ".yaml")
	if strings.ContainsAny(arg, `/\`) || !fs.ValidPath(name+".yaml") {
		return nil
	}
	data, err := library.ReadFile(name + ".yaml")
	if err != nil {
		return nil
	}
	return &Source{Name: "library:" + name, Text: data}
}

// notFound says that arg is neither a file nor a library scenario.
func notFound(arg string) string {
	name := strings.TrimSuffix(arg, ".yaml")
	msg := fmt.Sprintf("no such file, and no library scenario of that name (library: %s)", strings.Join(Library(), ", "))
	if s := input.Suggest(name, Library()); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return msg
}

// readFile reads a file a scenario names: a regular file of bounded size
// (not a device, a pipe or a folder, which an include or a network path
// might name by mistake).
func readFile(path string) ([]byte, error) { return input.ReadFile(path) }

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

// dir returns the folder relative paths in the source are taken from.
func (s *Source) dir() string {
	if strings.HasPrefix(s.Name, "library:") {
		return "."
	}
	return filepath.Dir(s.Name)
}

// Parse reads the scenario in the source. A relative network or include
// path is taken relative to the scenario file's folder. A sweep file
// gives the scenario as written, with its own values.
func (s *Source) Parse() (*sim.Scenario, error) {
	p, err := parse(s.Name, s.Text, s.dir(), includes{}, overrides{s.Network, s.Demand, s.Arrivals})
	if err != nil {
		return nil, err
	}
	return p.sc, nil
}

// Sweep reads the scenario in the source and expands its sweep: nil, nil
// when the file has none.
func (s *Source) Sweep() (*Sweep, error) {
	p, err := parse(s.Name, s.Text, s.dir(), includes{}, overrides{s.Network, s.Demand, s.Arrivals})
	if err != nil || p.sweep == nil {
		return nil, err
	}
	return p.sweep, nil
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// maxName bounds a scenario's name, which names its results folder and,
// with suffixes such as "-sensitivity.shard-10-of-100", that folder's
// siblings: far below a file name's 255 bytes.
const maxName = 100

// Parse reads a scenario from data; name is used in messages ("library:X"
// for a library scenario, whose includes are library names) and dir
// resolves relative network, demand and include paths. Every problem is
// reported, with its position, as an input.Errors. A sweep file gives the
// scenario as written, with its own values (see ParseSweep).
func Parse(name string, data []byte, dir string) (*sim.Scenario, error) {
	p, err := parse(name, data, dir, includes{}, overrides{})
	if err != nil {
		return nil, err
	}
	return p.sc, nil
}

// ParseSweep reads a scenario like Parse and expands its sweep into one
// scenario per value; it returns nil, nil when the file has no sweep.
func ParseSweep(name string, data []byte, dir string) (*Sweep, error) {
	p, err := parse(name, data, dir, includes{}, overrides{})
	if err != nil || p.sweep == nil {
		return nil, err
	}
	return p.sweep, nil
}

// parsed is a scenario file read without error.
type parsed struct {
	sc      *sim.Scenario
	entries []*entry // its disruptions, included ones first
	sweep   *Sweep
}

// parse reads one file; inc says which files include it, and ov what
// replaces its network and demand.
func parse(name string, data []byte, dir string, inc includes, ov overrides) (*parsed, error) {
	lib := strings.HasPrefix(name, "library:")
	id := name
	if !lib {
		id = identity(filepath.Join(dir, filepath.Base(name)))
	}
	if inc.count == nil {
		inc.count = new(int)
	}
	inc.chain = append(slices.Clip(inc.chain), id)

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
		WarmupDays:   DefaultWarmupDays,
		Seed:         DefaultSeed,
		Replications: DefaultReplications,
	}
	if n := utf8.RuneCountInString(sc.Description); n > MaxDescription {
		errs.Add(f.Source.Pos("description"), "description: %d characters; at most %d (a sentence or two: what the scenario asks)", n, MaxDescription)
	}
	if has("name") && (!nameRE.MatchString(f.Name) || len(f.Name) > maxName) {
		errs.Add(f.Source.Pos("name"), "name %s: use at most %d letters, digits, '.', '_' and '-' (it names the output folder)", input.Quote(f.Name), maxName)
	}
	whole := func(key string, v float64, lo, hi int, what string) (int, bool) {
		switch {
		case v != math.Trunc(v):
			errs.Add(f.Source.Pos(key), "%s must be a whole number, got %g", key, v)
		case v < float64(lo) || v > float64(hi):
			errs.Add(f.Source.Pos(key), "%s must be from %d to %d%s, got %s", key, lo, hi, what, strconv.FormatFloat(v, 'f', -1, 64))
		default:
			return int(v), true
		}
		return 0, false
	}
	daysOK, warmupOK, repsOK := false, true, true
	if has("days") {
		sc.Days, daysOK = whole("days", f.Days, 1, sim.MaxDays, " (ten years)")
	}
	if f.WarmupDays != nil && has("warmup_days") {
		sc.WarmupDays, warmupOK = whole("warmup_days", *f.WarmupDays, 0, sim.MaxWarmupDays, "")
	} else if f.Source.Has("warmup_days") {
		warmupOK = false
	}
	if f.Seed != nil {
		sc.Seed = *f.Seed
	}
	if f.Replications != nil && has("replications") {
		sc.Replications, repsOK = whole("replications", *f.Replications, 1, sim.MaxReplications, "")
	} else if f.Source.Has("replications") {
		repsOK = false
	}
	if daysOK && repsOK && sc.Replications*sc.Days > sim.MaxReplicationDays {
		errs.Add(f.Source.Pos("replications"), "replications × days is %d × %d = %d; at most %d (fewer replications or a shorter run)",
			sc.Replications, sc.Days, sc.Replications*sc.Days, sim.MaxReplicationDays)
	}
	// The demand file is read first, so that its errors are reported
	// even when the network cannot be read.
	dem, demandOK := readDemand(&errs, failed, f, dir, ov)
	switch {
	case ov.net != nil:
		sc.Network = ov.net
	case f.Network == "" && has("network"):
		errs.Add(f.Source.Pos("network"), "network: empty; give panama (the embedded network) or the path of a network file")
		return nil, errs.Err()
	case f.Network == "", f.Network == "panama":
	default:
		path, data, problem := readNamed(dir, f.Network)
		if problem != "" {
			errs.Add(f.Source.Pos("network"), "network %q: %s (use panama for the embedded network)", f.Network, problem)
			return nil, errs.Err()
		}
		net, err := network.Parse(path, data)
		if err != nil {
			if l := input.AsErrors(err); l != nil {
				errs = append(errs, l...)
			} else {
				errs.Add(f.Source.Pos("network"), "network %q: %v", f.Network, err)
			}
			// The network could not be read: targets cannot be checked.
			return nil, errs.Err()
		}
		sc.Network = net
	}
	// A network key that failed to decode was reported; the demand is not
	// checked against the Panama network in its place.
	if netOK := ov.net != nil || !f.Source.Has("network") || has("network"); demandOK && netOK {
		sc.Demand = dem
		checkDemand(&errs, f, ov, sc)
	}
	// Included files take the network and the demand that replace this
	// file's; only their disruptions count, so a replaced network comes
	// with this file's demand.
	incOv := ov
	if incOv.net != nil && incOv.dem == nil {
		if incOv.dem = sc.Demand; incOv.dem == nil {
			incOv.dem = sim.PanamaDemand()
		}
	}
	r := run{
		ov:      incOv,
		net:     sc.Network,
		start:   sc.Start,
		startOK: has("start"),
	}
	if r.net == nil {
		r.net = network.Panama()
	}
	// Windows are checked against the run only when its dates are sound.
	r.calendarOK = r.startOK && daysOK && warmupOK
	if demandOK && f.Arrivals == "" && ov.arr == nil {
		d := sc.Demand
		if d == nil {
			d = sim.PanamaDemand()
		}
		r.carriers, r.flags, r.vesselsOK = d.Carriers(), d.Flags(), true
	}
	r.from = sc.Start.AddDate(0, 0, -sc.WarmupDays)
	r.until = sc.Start.AddDate(0, 0, sc.Days)

	var entries []*entry
	complete := true // every include was read
	for i, arg := range f.Include {
		got, ok := include(&errs, f.Source.Pos(fmt.Sprintf("include[%d]", i)), arg, lib, dir, inc, r)
		entries = append(entries, got...)
		complete = complete && ok
	}
	if n := len(entries) + len(f.Disruptions); n > MaxDisruptions {
		errs.Add(f.Source.Pos("disruptions"), "%d disruptions, included ones counted; at most %d", n, MaxDisruptions)
		return nil, errs.Err()
	}
	if n := len(f.Assumptions); n > MaxAssumptions {
		errs.Add(f.Source.Pos("assumptions"), "%d assumptions; at most %d", n, MaxAssumptions)
		return nil, errs.Err()
	}
	for i, d := range f.Disruptions {
		entries = append(entries, parseDisruption(&errs, failed, r, i, d))
	}
	// Names are unique within the file, included disruptions counted.
	seen := map[string]bool{}
	for _, e := range entries {
		if e.d.Name == "" {
			continue
		}
		if seen[e.d.Name] {
			errs.Add(e.at("name"), "%sthe name %q is taken by an earlier disruption; names must be unique", e.label("name"), e.d.Name)
		}
		seen[e.d.Name] = true
	}
	var sw *sweep
	if f.Sweep != nil && has("sweep") {
		sw = f.Sweep
	} else if has("sweep") {
		errs.Add(f.Source.Pos("sweep"), "sweep: expected a mapping {parameter: ..., values: [...]}, got nothing")
	}
	// The sweep refers to the final list, which is known only when every
	// include was read.
	var plan *sweepPlan
	if sw != nil && complete {
		if strings.HasPrefix(sw.Parameter, "network.") || strings.HasPrefix(sw.Parameter, "demand.") {
			plan = checkParamSweep(&errs, sc, sw)
		} else {
			plan = checkSweep(&errs, failed, r, sw, entries)
		}
	}
	assumed := readAssumptions(&errs, failed, f, sc, entries)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	for _, e := range entries {
		sc.Disruptions = append(sc.Disruptions, e.d)
	}
	arr, err := readArrivals(f, dir, ov.arr)
	if err != nil {
		return nil, err
	}
	sc.Arrivals = arr
	if sc.Arrivals != nil {
		if err := sc.Arrivals.Check(sc); err != nil {
			return nil, err // positioned in the arrivals file
		}
	} else if d := sc.Demand; d != nil && !d.Draws() {
		pos := f.Source.Pos("demand")
		if ov.dem != nil {
			pos = input.Pos{File: name, Line: 1, Col: 1}
		}
		return nil, &input.Error{Pos: pos, Msg: fmt.Sprintf("demand %q draws no vessel (the per_day of every stream is 0): give the scenario an arrivals file, or a stream a per_day", d.Name)}
	}
	if err := checkAssumptions(sc, assumed); err != nil {
		return nil, err
	}
	if err := sc.Check(); err != nil {
		return nil, problemsAt(err, name, f.Source, entries)
	}
	p := &parsed{sc: sc, entries: entries}
	if plan != nil {
		sweep, err := expand(sc, sw, plan)
		if err != nil {
			return nil, err
		}
		p.sweep = sweep
	}
	return p, nil
}
