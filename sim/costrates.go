package sim

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// This file holds the money rates the costs (costs.go) are computed
// from: a rates file, like the demand a data file with every figure
// tagged by its source and dated.

// NumCostClasses is the number of cost classes: every segment of
// Segments on each of the two lock types.
const NumCostClasses = 2 * 8

// CostClass is a segment on a lock type, the unit the ship rates of a
// rates file are given for (a Neopanamax container ship is bigger, and
// pays more, than a Panamax one).
type CostClass struct {
	Segment  string
	LockType network.LockType
}

// String returns "segment/lock_type", the class's name in summary.json.
func (c CostClass) String() string { return c.Segment + "/" + string(c.LockType) }

// CostClasses returns every cost class, in the order of
// Day.DivertedByClass: the segments of Segments, each on the Neopanamax
// then the Panamax locks.
func CostClasses() []CostClass {
	out := make([]CostClass, 0, NumCostClasses)
	for _, s := range segments {
		out = append(out, CostClass{s, network.Neopanamax}, CostClass{s, network.Panamax})
	}
	return out
}

// costClassIndex returns the index of a segment on a lock type in
// CostClasses; an unknown segment counts as "other".
func costClassIndex(segment string, t network.LockType) int {
	i := slices.Index(segments, segment)
	if i < 0 {
		i = slices.Index(segments, "other")
	}
	return 2*i + typeIndex(t)
}

// Rate is one figure of a rates file: its value, the source it comes
// from (a tag of docs/sources.md, or an assumption with its reasoning)
// and the date the figure refers to.
type Rate struct {
	Value float64   `yaml:"value,required"`
	Ref   string    `yaml:"source,required"`
	Date  time.Time `yaml:"date,required"`
}

// ShipRates are the rates of one cost class, in US dollars.
type ShipRates struct {
	Segment  string           `yaml:"segment,required"`
	LockType network.LockType `yaml:"lock_type,required"`
	// Toll is the toll of one transit (USD), what the canal forgoes and
	// the ship saves when it diverts.
	Toll Rate `yaml:"toll,required,flow"`
	// Charter is the time-charter rate (USD a day): what a day of the
	// ship's time is worth, waiting or sailing.
	Charter Rate `yaml:"charter_per_day,required,flow"`
	// FuelAnchor and FuelSea are its fuel costs (USD a day) waiting at
	// anchor and at sea.
	FuelAnchor Rate `yaml:"fuel_at_anchor_per_day,required,flow"`
	FuelSea    Rate `yaml:"fuel_at_sea_per_day,required,flow"`
	// DiversionDays is the extra sailing of the route the ship takes
	// when it gives up on the canal (days).
	DiversionDays Rate `yaml:"diversion_extra_days,required,flow"`
	// AlternativeToll is the toll of that route (USD): the Suez canal's,
	// or 0 round a cape.
	AlternativeToll Rate `yaml:"alternative_toll,required,flow"`
}

// WaitPerDay returns what a day waiting at anchor costs the ship's
// owner: its charter rate and its fuel at anchor (USD).
func (s *ShipRates) WaitPerDay() float64 { return s.Charter.Value + s.FuelAnchor.Value }

// DiversionPerVessel returns what giving up on the canal costs the
// ship's owner: the extra days at sea at its charter rate and fuel at
// sea and the other route's toll, less the canal's toll it no longer
// pays (USD). Check rules out a class for which it is not positive: such
// a ship would not have come to the canal.
func (s *ShipRates) DiversionPerVessel() float64 {
	return s.DiversionDays.Value*(s.Charter.Value+s.FuelSea.Value) + s.AlternativeToll.Value - s.Toll.Value
}

// BreakEvenWaitDays returns the wait at the canal (days) that costs the
// ship's owner as much as giving up on it: DiversionPerVessel over
// WaitPerDay. An owner whose ship expects a longer wait sends it another
// way (Demand.DiversionByCost); so queues grow, when the canal cannot
// keep up, until the wait of the class that gives up first reaches its
// break-even.
func (s *ShipRates) BreakEvenWaitDays() float64 { return s.DiversionPerVessel() / s.WaitPerDay() }

// TerminalRate is the handling revenue of one terminal (USD a TEU).
type TerminalRate struct {
	Terminal string `yaml:"terminal,required"`
	Handling Rate   `yaml:"handling_per_teu,required,flow"`
}

// CostRates is a rates file: the money the costs are computed from, in
// US dollars.
type CostRates struct {
	Name        string `yaml:"name,required"`
	Description string `yaml:"description"`
	// Currency is "USD", the only one.
	Currency string `yaml:"currency,required"`
	// Ships holds the rates of each cost class; a class not listed takes
	// the rates of segment "other" on its lock type, which must be listed.
	Ships []ShipRates `yaml:"ships,required"`
	// Handling is the handling revenue of a terminal (USD a TEU handled),
	// for every terminal not listed in Terminals.
	Handling  Rate           `yaml:"handling_per_teu,required,flow"`
	Terminals []TerminalRate `yaml:"terminals,flow"`
	// Rail is the railway's revenue (USD a TEU carried across the
	// isthmus).
	Rail Rate `yaml:"rail_per_teu,required,flow"`
	// File is where the rates were read from (set by ParseCostRates).
	File string `yaml:"-"`
	// src records where ParseCostRates read each part, for its checks.
	src input.Positions
}

// Ship returns the rates of cost class c: its own, or those of "other"
// on its lock type; nil when neither is listed (Check rules that out).
func (r *CostRates) Ship(c CostClass) *ShipRates {
	var other *ShipRates
	for i := range r.Ships {
		s := &r.Ships[i]
		if s.LockType != c.LockType {
			continue
		}
		if s.Segment == c.Segment {
			return s
		}
		if s.Segment == "other" {
			other = s
		}
	}
	return other
}

// HandlingRate returns the handling revenue of a terminal (USD a TEU).
func (r *CostRates) HandlingRate(terminal string) float64 {
	for _, t := range r.Terminals {
		if t.Terminal == terminal {
			return t.Handling.Value
		}
	}
	return r.Handling.Value
}

//go:embed panama_costs.yaml
var panamaCostsYAML []byte

// PanamaCostsFile names the embedded rates in messages and summaries.
const PanamaCostsFile = "panama_costs.yaml (embedded)"

var panamaCosts = sync.OnceValues(func() (*CostRates, error) {
	return ParseCostRates(PanamaCostsFile, panamaCostsYAML)
})

// PanamaCosts returns the embedded rates of the Panama canal and its
// terminals. They are shared and must not be modified. It panics if the
// embedded data is invalid, which the package's tests rule out.
func PanamaCosts() *CostRates {
	r, err := panamaCosts()
	if err != nil {
		panic(err)
	}
	return r
}

// PanamaCostsSource returns the text of the embedded rates file.
func PanamaCostsSource() []byte { return panamaCostsYAML }

// LoadCostRates reads and checks a rates file.
func LoadCostRates(path string) (*CostRates, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCostRates(path, data)
}

// ParseCostRates decodes and checks a rates file; name is used in
// messages. Every problem is reported at once, each at its position.
func ParseCostRates(name string, data []byte) (*CostRates, error) {
	r := &CostRates{}
	src, err := input.DecodePositions(name, data, r)
	if err != nil {
		return nil, err
	}
	r.File, r.src = name, src
	return r, r.check()
}

// Check reports every problem of the rates, with positions when they
// came from a file.
func (r *CostRates) Check() error { return r.check() }

func (r *CostRates) check() error {
	var errs input.Errors
	if r.Currency != "USD" {
		errs.Add(input.At(r.src, r).Pos("currency"), "currency must be USD, got %q", r.Currency)
	}
	rate := func(key string, x *Rate, at input.Pos, what string) {
		pos := input.At(r.src, x).Pos("value")
		if !pos.IsValid() {
			pos = at
		}
		if !(x.Value >= 0) {
			errs.Add(pos, "%s: %s must not be negative, got %g", what, key, x.Value)
		}
		if strings.TrimSpace(x.Ref) == "" {
			errs.Add(input.At(r.src, x).Pos("source"), "%s: %s needs a source (a tag of docs/sources.md, or ASSUMPTION: and why)", what, key)
		}
		if x.Date.IsZero() {
			errs.Add(input.At(r.src, x).Pos("date"), "%s: %s needs the date its figure refers to", what, key)
		}
	}
	seen := map[CostClass]bool{}
	for i := range r.Ships {
		s := &r.Ships[i]
		c := CostClass{s.Segment, s.LockType}
		what := "ships[" + fmt.Sprint(i) + "] " + c.String()
		if !slices.Contains(segments, s.Segment) {
			errs.Add(input.At(r.src, s).Pos("segment"), "ships[%d]: unknown segment %q%s; expected one of %v", i, s.Segment, input.DidYouMean(s.Segment, segments), segments)
		}
		if s.LockType != network.Panamax && s.LockType != network.Neopanamax {
			errs.Add(input.At(r.src, s).Pos("lock_type"), "ships[%d]: unknown lock_type %q; expected panamax or neopanamax", i, s.LockType)
		}
		if seen[c] {
			errs.Add(input.At(r.src, s).Pos("segment"), "%s is listed twice", what)
		}
		seen[c] = true
		rate("toll", &s.Toll, input.At(r.src, s).Pos("toll"), what)
		rate("charter_per_day", &s.Charter, input.At(r.src, s).Pos("charter_per_day"), what)
		rate("fuel_at_anchor_per_day", &s.FuelAnchor, input.At(r.src, s).Pos("fuel_at_anchor_per_day"), what)
		rate("fuel_at_sea_per_day", &s.FuelSea, input.At(r.src, s).Pos("fuel_at_sea_per_day"), what)
		rate("diversion_extra_days", &s.DiversionDays, input.At(r.src, s).Pos("diversion_extra_days"), what)
		rate("alternative_toll", &s.AlternativeToll, input.At(r.src, s).Pos("alternative_toll"), what)
		if d := s.DiversionPerVessel(); !(d > 0) || !(s.WaitPerDay() > 0) {
			errs.Add(input.At(r.src, s).Pos("diversion_extra_days"), "%s: giving up on the canal must cost more than its toll and a day's wait must cost something, got a diversion of $%.0f (%g days x ($%.0f + $%.0f) + $%.0f - $%.0f) and $%.0f a day waiting; such a ship would not come to the canal",
				what, d, s.DiversionDays.Value, s.Charter.Value, s.FuelSea.Value, s.AlternativeToll.Value, s.Toll.Value, s.WaitPerDay())
		}
	}
	for _, t := range []network.LockType{network.Neopanamax, network.Panamax} {
		if !seen[CostClass{"other", t}] {
			errs.Add(input.At(r.src, r).Pos("ships"), "ships: segment other on lock_type %s is missing (the classes not listed take its rates)", t)
		}
	}
	rate("handling_per_teu", &r.Handling, input.At(r.src, r).Pos("handling_per_teu"), "rates")
	terms := map[string]bool{}
	for i := range r.Terminals {
		t := &r.Terminals[i]
		if terms[t.Terminal] {
			errs.Add(input.At(r.src, t).Pos("terminal"), "terminals[%d]: terminal %q is listed twice", i, t.Terminal)
		}
		terms[t.Terminal] = true
		rate("handling_per_teu", &t.Handling, input.At(r.src, t).Pos("handling_per_teu"), "terminal "+t.Terminal)
	}
	rate("rail_per_teu", &r.Rail, input.At(r.src, r).Pos("rail_per_teu"), "rates")
	return errs.Err()
}
