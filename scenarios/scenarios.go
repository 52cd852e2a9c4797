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
	"bytes"
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
	"time"
	"unicode/utf8"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
	"github.com/canalsim/canalsim/sim/param"
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

type sweep struct {
	Parameter string    `yaml:"parameter,required"`
	Values    []float64 `yaml:"values,required"`
	Source    input.Fields
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
	Arrivals *sim.Trace
}

// overrides are a Source's Network, Demand and Arrivals.
type overrides struct {
	net *network.Network
	dem *sim.Demand
	arr *sim.Trace
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

// includes is what parse knows of the files above the one it reads.
type includes struct {
	// chain holds the identities of the files that include it, to find
	// cycles.
	chain []string
	// count counts the files included so far from the top file, shared
	// by the whole tree of its includes (nil at the top).
	count *int
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
	if has("name") && !nameRE.MatchString(f.Name) {
		errs.Add(f.Source.Pos("name"), "name %q: use letters, digits, '.', '_' and '-' only (it names the output folder)", f.Name)
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

// readArrivals reads the arrivals file the scenario names (relative to
// dir), or returns over when it is set (canalsim run --arrivals); nil
// when there is neither. Its errors carry the file's own positions.
func readArrivals(f file, dir string, over *sim.Trace) (*sim.Trace, error) {
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
	return sim.ReadTraceCSV(path, bytes.NewReader(data))
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

// include reads the included file arg and returns its disruptions,
// checked against the including file's run. It reports false when the
// file could not be read.
func include(errs *input.Errors, pos input.Pos, arg string, lib bool, dir string, inc includes, r run) ([]*entry, bool) {
	// Each entry counts, read or not, so that the bound holds whatever
	// the entries name; the first beyond it is reported.
	if *inc.count++; *inc.count > MaxIncludes {
		if *inc.count == MaxIncludes+1 {
			errs.Add(pos, "include %q: more than %d files included in all, nested includes counted (the same file included many times, or a tree of includes, is a mistake)", arg, MaxIncludes)
		}
		return nil, false
	}
	chain := inc.chain
	var src *Source
	switch {
	case arg == "":
		errs.Add(pos, "include: empty name; give a file path or a library scenario name")
		return nil, false
	case lib:
		// A library scenario includes library scenarios.
		if src = openLibrary(arg); src == nil {
			errs.Add(pos, "include %q: no library scenario of that name (a library scenario includes library scenarios by name)%s",
				arg, input.DidYouMean(strings.TrimSuffix(arg, ".yaml"), Library()))
			return nil, false
		}
	default:
		path := arg
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		data, err := readFile(path)
		switch {
		case err == nil:
			src = &Source{Name: path, Text: data}
		case !errors.Is(err, fs.ErrNotExist):
			errs.Add(pos, "include %q: %v", arg, err)
			return nil, false
		default:
			if src = openLibrary(arg); src == nil {
				errs.Add(pos, "include %q: %s", arg, notFound(arg))
				return nil, false
			}
		}
	}
	id := src.Name
	if !strings.HasPrefix(id, "library:") {
		id = identity(id)
	}
	if i := slices.Index(chain, id); i >= 0 {
		names := append(slices.Clone(chain[i:]), id)
		errs.Add(pos, "include %q: a cycle of includes (%s)", arg, strings.Join(names, " -> "))
		return nil, false
	}
	if len(chain) >= MaxIncludeDepth {
		errs.Add(pos, "include %q: includes nest more than %d deep", arg, MaxIncludeDepth)
		return nil, false
	}
	p, err := parse(src.Name, src.Text, src.dir(), inc, r.ov)
	if err != nil {
		if l := input.AsErrors(err); l != nil {
			// Reported with the included file's own positions.
			*errs = append(*errs, l...)
		} else {
			errs.Add(pos, "include %q: %v", arg, err)
		}
		return nil, false
	}
	var out []*entry
	for i, e := range p.entries {
		ne := &entry{d: e.d, ok: true, end: e.end, incPos: pos}
		ne.origin = fmt.Sprintf("%s, disruptions[%d]", src.Name, i)
		if e.d.Name != "" {
			ne.origin += fmt.Sprintf(" (%q)", e.d.Name)
		}
		for _, pr := range checkInRun(&ne.d, r, ne.end) {
			where := ""
			if pr.key == "target" || strings.HasPrefix(pr.key, "target.") {
				where = "target: "
			}
			if strings.HasPrefix(pr.key, "vessels.") {
				where = "vessels: "
			}
			errs.Add(pos, "%s%s%s", ne.label(pr.key), where, pr.msg)
			ne.ok = false
		}
		out = append(out, ne)
	}
	return out, true
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
	known := slices.Contains(sim.Effects, sd.Effect)
	if !known {
		var names []string
		for _, x := range sim.Effects {
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
	for _, p := range checkInRun(sd, r, e.end) {
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
		for _, k := range sim.DistKinds {
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
	if t.Source.Has("kind") && !slices.Contains(network.Kinds, st.Kind) {
		var kinds []string
		for _, k := range network.Kinds {
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

// checkInRun checks a disruption whose fields are sound against a run:
// what its target matches during its window (the kinds of node, the lanes
// of locks) and whether its window falls in the simulated period. end is
// the key that gives its end.
func checkInRun(d *sim.Disruption, r run, end string) []problem {
	var out []problem
	if d.Effect.Targeted() && r.startOK {
		out = append(out, checkTarget(d, r)...)
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
	if !r.calendarOK {
		return out
	}
	span := fmt.Sprintf("(%s to %s)", r.from.Format(input.DateLayout), r.until.Format(input.DateLayout))
	switch {
	case d.Delay == nil && d.Duration == nil:
		if !d.From.Before(r.until) || !d.Until.After(r.from) {
			out = append(out, problem{"from", "the window is outside the run " + span})
		}
	case d.Delay != nil:
		low := d.Delay.Lowest()
		switch left := r.until.Sub(d.From).Hours() / 24; {
		case low >= left && low == 0:
			out = append(out, problem{"from", "the window is outside the run " + span})
		case low >= left:
			out = append(out, problem{"delay", fmt.Sprintf("the delay is at least %g days, so the window starts after the run %s ends",
				low, span)})
		case end == "until" && low >= d.Until.Sub(d.From).Hours()/24:
			out = append(out, problem{"delay", fmt.Sprintf("the delay is at least %g days, so the window starts on or after until %s: it would never happen",
				low, formatTime(d.Until))})
		case end == "until" && !d.Until.After(r.from):
			out = append(out, problem{"from", "the window is outside the run " + span})
		}
	default: // a random duration from a fixed start
		if !d.From.Before(r.until) {
			out = append(out, problem{"from", "the window is outside the run " + span})
		}
	}
	return out
}

// checkTarget checks what a target matches over the span the
// disruption's window may fall in (on the run's start date when the
// run's calendar is wrong).
func checkTarget(d *sim.Disruption, r run) []problem {
	nodes, err := targetNodes(d, r)
	if err != nil {
		var te *sim.TargetError
		if !errors.As(err, &te) {
			return []problem{{"target", err.Error()}}
		}
		key := "target"
		switch te.Field {
		case "":
		case "nodes":
			key = fmt.Sprintf("target.nodes[%d]", te.Index)
		default:
			key = "target." + te.Field
		}
		msg := te.Msg
		if te.Field == "" && strings.Contains(msg, "matches nothing") {
			msg += " (targets resolve on every date of the window)"
		}
		return []problem{{key, msg}}
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
		key := "target"
		if i := slices.Index(d.Target.Nodes, nd.ID); i >= 0 {
			key = fmt.Sprintf("target.nodes[%d]", i)
		} else if d.Target.Kind != "" {
			key = "target.kind"
		}
		msg := fmt.Sprintf("%s acts on %s, but the target matches %s (%s)", d.Effect, network.KindList(kinds), nd.ID, nd.Kind.WithArticle())
		if len(wrong) > 1 {
			msg += fmt.Sprintf(" and %d more node(s) it does not act on", len(wrong)-1)
		}
		if len(kinds) == 1 && d.Target.Kind == "" {
			msg += fmt.Sprintf("; add kind: %s to the target", kinds[0])
		}
		return []problem{{key, msg}}
	}
	if d.Effect == sim.LaneOutage {
		for _, nd := range nodes {
			if msg := sim.LanesProblem(float64(max(d.Lanes, 1)), nd); msg != "" {
				return []problem{{"lanes", msg}}
			}
		}
	}
	return nil
}

// targetNodes returns the nodes a disruption's target matches on some
// date of the span its window may fall in within the run, or on the start
// date when the run's calendar is wrong.
func targetNodes(d *sim.Disruption, r run) ([]*network.Node, error) {
	if !r.calendarOK {
		return d.Target.Resolve(r.net, r.start)
	}
	span := d.Span(r.from, r.until)
	if !span.From.Before(span.Until) {
		if !d.From.Before(r.from) && d.From.Before(r.until) {
			return d.Target.Resolve(r.net, d.From) // a window of no length: its end is reported
		}
		return nil, nil // the window is outside the run: checkInRun says so
	}
	ms, err := d.Target.ResolveOver(r.net, span.From, span.Until)
	var nodes []*network.Node
	for _, m := range ms {
		nodes = append(nodes, m.Node)
	}
	return nodes, err
}

// formatTime formats a date, with the time of day when it is not
// midnight.
func formatTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(input.DateLayout)
	}
	return t.Format("2006-01-02 15:04")
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
	case "days", "hours":
		daysV := v
		if key == "hours" {
			daysV = v / 24
		}
		if d.Delay != nil {
			d.Duration, d.Until = &sim.Dist{Kind: sim.Fixed, Value: daysV}, time.Time{}
		} else {
			d.Until = d.From.Add(time.Duration(math.Round(daysV * 24 * float64(time.Hour))))
		}
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

var (
	flagRE    = regexp.MustCompile(`^[a-z]{2}$`)
	carrierRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)

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
		if !slices.Contains(sim.Segments, s) {
			report("segments", i, "unknown segment %q%s", s, input.DidYouMean(s, sim.Segments))
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
		for _, pr := range checkInRun(&p, r, e.end) {
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
