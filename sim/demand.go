package sim

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"math"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
	"github.com/goccy/go-yaml"
)

// Demand is the traffic offered to the network: vessel classes and the
// arrival streams that use them. Arrivals in each stream are a Poisson
// process; each vessel follows the stream's route (its origin, its calls,
// its destination) by the fastest path its class may take.
type Demand struct {
	Name        string   `yaml:"name,required"`
	Description string   `yaml:"description"`
	Classes     []Class  `yaml:"classes,required"`
	Streams     []Stream `yaml:"streams,required"`
	// DiversionDays is, by segment, a fixed expected wait at the
	// anchorage (days) above which an unbooked vessel diverts to another
	// route. It overrides DiversionByCost for the segments it lists.
	DiversionDays map[string]float64 `yaml:"diversion_days"`
	// DiversionByCost: an unbooked vessel of a segment not listed in
	// DiversionDays diverts when the wait it can expect passes the
	// break-even wait of its cost class (ShipRates.BreakEvenWaitDays in
	// the scenario's rates): when waiting would cost its owner more than
	// the other route. Without it, such a vessel never diverts for
	// waiting.
	DiversionByCost bool `yaml:"diversion_by_cost"`
	// MaxLightenFt is how much a vessel may lighten to meet a draft
	// limit; deeper ones divert. CargoPerFt is the share of its cargo a
	// vessel leaves behind per foot it lightens.
	MaxLightenFt float64 `yaml:"max_lighten_ft"`
	CargoPerFt   float64 `yaml:"cargo_per_ft"`
	// BookedLeadHours bounds how long before its booked time a booked
	// vessel arrives: [min, max], drawn uniformly. It may be left out when
	// no class books.
	BookedLeadHours []float64 `yaml:"booked_lead_hours"`
	// CallDiversion is what carriers do with a call their terminal cannot
	// take.
	CallDiversion CallPolicy `yaml:"call_diversion"`
	// Seasons are the monthly patterns of arrivals: each stream's rate
	// (Stream.PerDay, the year's mean) is multiplied by its segment's
	// factor for the month. A segment in no season arrives at the same
	// rate all year.
	Seasons []Season `yaml:"seasons"`
	// Changes are dated changes of the demand (a carrier moving its calls
	// to another terminal, volumes changing from one year to the next),
	// in force in the baseline and the scenario alike.
	Changes []Change `yaml:"changes"`
	// src records where ParseDemand read each part, for Check.
	src input.Positions
}

// Season is a monthly pattern of arrivals.
type Season struct {
	// Segments are the segments that follow the pattern; none means every
	// segment not listed in another season.
	Segments []string `yaml:"segments,flow"`
	// Monthly are the factors on the arrival rate in January to
	// December. Their mean over the days of a common year must be 1, so
	// that a year brings the streams' arrivals.
	Monthly []float64 `yaml:"monthly,required,flow"`
}

// factor returns the pattern's factor in month mo.
func (s *Season) factor(mo time.Month) float64 { return s.Monthly[mo-1] }

// season returns the season of a segment, or nil.
func (d *Demand) season(segment string) *Season {
	var all *Season
	for i := range d.Seasons {
		s := &d.Seasons[i]
		if len(s.Segments) == 0 {
			all = s
		} else if slices.Contains(s.Segments, segment) {
			return s
		}
	}
	return all
}

// checkSeasons adds the problems of the demand's seasons to errs.
func (d *Demand) checkSeasons(errs *input.Errors) {
	seen, all := map[string]bool{}, false
	for i := range d.Seasons {
		s := &d.Seasons[i]
		what := fmt.Sprintf("seasons[%d]", i)
		if len(s.Segments) == 0 {
			if all {
				errs.Add(input.At(d.src, s).Pos("monthly"), "%s: a second season for every segment; list its segments", what)
			}
			all = true
		}
		for _, seg := range s.Segments {
			if !contains(segments, seg) {
				errs.Add(input.At(d.src, s).Pos("segments"), "%s: unknown segment %q%s; expected one of %v", what, seg, input.DidYouMean(seg, segments), segments)
			}
			if seen[seg] {
				errs.Add(input.At(d.src, s).Pos("segments"), "%s: segment %s is in two seasons", what, seg)
			}
			seen[seg] = true
		}
		if len(s.Monthly) != 12 {
			errs.Add(input.At(d.src, s).Pos("monthly"), "%s: monthly must have 12 factors, January to December, got %d", what, len(s.Monthly))
			continue
		}
		sum := 0.0
		for m, f := range s.Monthly {
			if !(f >= 0) {
				errs.Add(input.At(d.src, s).Pos("monthly"), "%s: monthly factors must not be negative, got %g for %s", what, f, time.Month(m+1))
			}
			sum += f * float64(daysIn(time.Month(m+1)))
		}
		if mean := sum / 365; !(math.Abs(mean-1) <= 0.001) {
			errs.Add(input.At(d.src, s).Pos("monthly"), "%s: the monthly factors must average 1 over the days of the year (so the year's arrivals are kept), got %.4f", what, mean)
		}
	}
}

// CallPolicy is the carriers' response to a call that its terminal cannot
// take: the terminal is closed or obstructed, refuses the vessel, or has
// no room. In that order of preference:
//
//  1. Another terminal on the same side of the isthmus takes the call if
//     it is open and reachable (its approach is not closed), serves the
//     vessel and has room: fewer than RoomPerBerth
//     vessels waiting for a berth per berth, none of its own calls
//     waiting for room, and the calls it has taken over the last 7 days,
//     its own and others', this one included, within 7 days of its
//     design capacity (network.TermSpec), scaled by its berths in
//     service. Of several, the one with the fewest
//     waiting per berth (then network order). The vessel shifts
//     there, which takes ShiftHours, and is worked at that terminal's
//     rate; its boxes count for that terminal. A vessel shifts at most
//     once per call.
//  2. If Rail is set, the vessel transits the canal anyway, and its
//     terminal and a terminal on the other side that is open and serves
//     it are both on the railway, which is open: the carrier works the
//     boxes on the other side and they cross the isthmus by rail, up to
//     the railway's capacity left that day (the rest are lost). The boxes
//     count for that terminal and as rail TEU; the vessel's own stop there
//     is not modelled.
//  3. Otherwise the call is lost to Panama: its boxes are lost TEU.
//
// A terminal that is merely full (no room) keeps a call that finds no
// other terminal with room: the vessel waits for a berth.
//
// A terminal's own calls are bounded by its berths alone, except in 7
// days in which it took others' calls (shifted to it, or boxes railed to
// it): then an own call that would take its intake above 1+CapacityMargin
// times its budget goes to another terminal with room, or waits for room
// (at each midnight, in arrival order). With Rail set, the far-side calls
// of a vessel that gives up on the canal cross by rail as in 2 (their
// boxes worked at a terminal on its side).
type CallPolicy struct {
	RoomPerBerth float64 `yaml:"room_per_berth"`
	ShiftHours   float64 `yaml:"shift_hours"`
	Rail         bool    `yaml:"rail"`
	// CapacityMargin is the surge a terminal's own calls may take it to
	// above its design capacity over intakeDays days once it has taken
	// other terminals' calls in them (a share: 0.1 is 10% above).
	CapacityMargin float64 `yaml:"capacity_margin"`
}

// Class is a vessel size class. LockType is the kind of lock a vessel of
// the class uses (Neopanamax vessels fit only the Neopanamax locks;
// smaller vessels use the Panamax locks).
//
// A vessel's length is drawn uniformly between MinLengthM and LengthM, and
// its draft between MinDraftM and DraftM (a zero minimum means all are of
// the maximum); BookedShare of the class's vessels book their transit.
type Class struct {
	ID          string           `yaml:"id,required"`
	Name        string           `yaml:"name"`
	LockType    network.LockType `yaml:"lock_type,required"`
	LengthM     float64          `yaml:"length_m,required"`
	MinLengthM  float64          `yaml:"min_length_m"`
	BeamM       float64          `yaml:"beam_m,required"`
	DraftM      float64          `yaml:"draft_m,required"`
	MinDraftM   float64          `yaml:"min_draft_m"`
	BookedShare float64          `yaml:"booked_share"`
	// ClearCut vessels pass a cut one direction at a time; those deeper
	// than DaylightDraftFt (when it is set) enter it by daylight only
	// (network.CutSpec).
	ClearCut        bool    `yaml:"clear_cut"`
	DaylightDraftFt float64 `yaml:"daylight_draft_ft"`
}

// Bounds on a demand, far above any waterway's traffic, so that a slip is
// an error and not a run that fills the memory: the streams' per_day add
// up to at most MaxPerDay vessels a day (Panama's, about 49; the busiest
// straits', a few hundred), and a call moves at most MaxCallTEU TEU, off
// and on (the largest ships carry 24,000).
//
// MaxVessels bounds the vessels a replication may draw, at the busiest
// its streams could be (their seasons' highest month, dated changes and
// demand shocks all in force): a replication keeps each of its vessels.
const (
	MaxPerDay  = 1000
	MaxCallTEU = 50000
	MaxVessels = 2_000_000
)

// Stream is a flow of similar vessels: PerDay arrivals a day on average at
// From, calling at Calls in order, leaving at To. A stream whose From and
// To are on opposite sides transits the canal; one with From equal to To
// calls at terminals without transiting (a feeder, or a mainline service
// that turns at Panama).
type Stream struct {
	Name    string `yaml:"name,required"`
	Class   string `yaml:"class,required"`
	Segment string `yaml:"segment,required"`
	// Carrier is the carrier of all its vessels; Carriers, instead, the
	// share of its vessels of each carrier (the rest have none named),
	// drawn per vessel at arrival. Carrier IDs are lower-case letters,
	// digits and '-'.
	Carrier  string             `yaml:"carrier"`
	Carriers map[string]float64 `yaml:"carriers"`
	From     string             `yaml:"from,required"`
	To       string             `yaml:"to,required"`
	PerDay   float64            `yaml:"per_day,required"`
	Calls    []Call             `yaml:"calls"`
	// Flags gives the share of the stream's vessels under each flag (ISO
	// 3166 alpha-2 codes in lower case, such as "us"); the rest fly
	// other flags. A vessel's flag is drawn at arrival.
	Flags map[string]float64 `yaml:"flags"`
	Note  string             `yaml:"note"`
}

// Change is a dated change of the demand: from From (at midnight UTC)
// until Until (for ever when zero), the vessels it selects arrive at
// Factor times their stream's rate (when Factor is set; 0 stops them), and
// make their calls at Move.From at Move.To instead (when Move is set).
// Both may be given.
//
// It selects the vessels that meet every criterion given (they
// intersect; none selects every vessel): of the streams named in Streams,
// of the segments in Segments, of the streams that call at any of
// Terminals (their calls as the file gives them), that transit or not
// (Transits), and whose carrier (the stream's, or the one drawn for the
// vessel) is in Carriers.
//
// Changes in force together combine: their factors multiply, and their
// moves apply in the order of the file. A change acts on the vessels that
// arrive while it is in force: a vessel keeps the calls it arrived with.
type Change struct {
	From      time.Time `yaml:"from,required"`
	Until     time.Time `yaml:"until,omitzero"`
	Streams   []string  `yaml:"streams"`
	Carriers  []string  `yaml:"carriers"`
	Segments  []string  `yaml:"segments"`
	Terminals []string  `yaml:"terminals"`
	Transits  *bool     `yaml:"transits"`
	Factor    *float64  `yaml:"factor"`
	Move      *Move     `yaml:"move"`
	Note      string    `yaml:"note"`
}

// Move moves calls from one terminal to another.
type Move struct {
	From string `yaml:"from,required"`
	To   string `yaml:"to,required"`
}

// selects reports whether the change may select vessels of stream s in
// network n (all of them, or those of some carriers).
func (c *Change) selects(s *Stream, n *network.Network) bool {
	if c.Transits != nil {
		from, to := n.Node(s.From), n.Node(s.To)
		if from == nil || to == nil || (from.Side != to.Side) != *c.Transits {
			return false
		}
	}
	switch {
	case len(c.Streams) > 0 && !slices.Contains(c.Streams, s.Name),
		len(c.Segments) > 0 && !slices.Contains(c.Segments, s.Segment),
		len(c.Terminals) > 0 && !slices.ContainsFunc(s.Calls, func(k Call) bool { return slices.Contains(c.Terminals, k.Terminal) }),
		len(c.Carriers) > 0 && !slices.ContainsFunc(c.Carriers, func(id string) bool { return s.Carrier == id || s.Carriers[id] > 0 }):
		return false
	}
	return true
}

// moved returns the calls of stream s with those at Move.From made at
// Move.To.
func (c *Change) moved(calls []Call) []Call {
	out := slices.Clone(calls)
	for i := range out {
		if out[i].Terminal == c.Move.From {
			out[i].Terminal = c.Move.To
		}
	}
	return out
}

// Call is a terminal call: the boxes loaded and discharged (the exchange),
// TEU on average. Each call's exchange is drawn uniformly between half and
// one and a half times the mean.
type Call struct {
	Terminal string  `yaml:"terminal,required"`
	TEU      float64 `yaml:"teu,required"`
}

// segments lists the market segments of vessels.
var segments = []string{"container", "dry-bulk", "tanker", "lpg", "lng", "vehicle", "passenger", "other"}

// Segments returns the market segments of vessels, in a slice of the caller's own.
func Segments() []string { return slices.Clone(segments) }

//go:embed panama_demand.yaml
var panamaDemandYAML []byte

// PanamaDemandFile names the embedded demand in messages and manifests.
const PanamaDemandFile = "panama_demand.yaml (embedded)"

var panamaDemand = sync.OnceValues(func() (*Demand, error) {
	d, err := ParseDemand(PanamaDemandFile, panamaDemandYAML)
	if err != nil {
		return nil, err
	}
	return d, d.check(network.Panama())
})

// PanamaDemand returns the embedded baseline demand, calibrated to the
// canal's FY2023 traffic and the terminals' 2025 volumes. It is shared and
// must not be modified. It panics if the embedded data is invalid, which
// the package's tests rule out.
func PanamaDemand() *Demand {
	d, err := panamaDemand()
	if err != nil {
		panic(err)
	}
	return d
}

// WriteDemand writes d as a demand file, in the format LoadDemand reads:
// every key, in the order of the types' fields (an optional date that is
// not set left out), numbers in full. Comments are not written: a demand
// written and read again is the same demand, not the same text. It is how a results
// folder keeps the demand its run used (demand.yaml).
func WriteDemand(w io.Writer, d *Demand) error {
	data, err := yaml.MarshalWithOptions(d, yaml.Indent(2), yaml.IndentSequence(true), yaml.CustomMarshaler[time.Time](input.MarshalDate))
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// DemandSHA256 returns the SHA-256 of a demand as WriteDemand writes it:
// the same for the same demand, whatever the layout of its file.
func DemandSHA256(d *Demand) string {
	h := sha256.New()
	if err := WriteDemand(h, d); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// PanamaDemandSource returns the text of the embedded demand file.
func PanamaDemandSource() []byte { return panamaDemandYAML }

// LoadDemand reads a demand file.
func LoadDemand(path string) (*Demand, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseDemand(path, data)
}

// ParseDemand decodes a demand file; name is used in messages. Checks
// that need the network are made when a scenario runs (or by Check).
func ParseDemand(name string, data []byte) (*Demand, error) {
	d := &Demand{}
	src, err := input.DecodePositions(name, data, d)
	if err != nil {
		return nil, err
	}
	d.src = src
	return d, nil
}

// Check reports every problem of the demand against network n, with
// positions when the demand came from a file.
func (d *Demand) Check(n *network.Network) error { return d.check(n) }

// MaxStreams and MaxClasses bound a demand's streams and vessel classes:
// far above a study's needs (Panama's demand has some 120 streams), and
// low enough that a runaway file cannot exhaust memory.
const (
	MaxStreams = 10_000
	MaxClasses = 1_000
)

func (d *Demand) check(n *network.Network) error {
	var errs input.Errors
	if len(d.Streams) > MaxStreams {
		errs.Add(input.At(d.src, d).Pos("streams"), "%d streams; at most %d", len(d.Streams), MaxStreams)
		return errs.Err()
	}
	if len(d.Classes) > MaxClasses {
		errs.Add(input.At(d.src, d).Pos("classes"), "%d classes; at most %d", len(d.Classes), MaxClasses)
		return errs.Err()
	}
	classes := map[string]*Class{}
	for i := range d.Classes {
		c := &d.Classes[i]
		if classes[c.ID] != nil {
			errs.Add(input.At(d.src, c).Pos("id"), "class %q is defined twice", c.ID)
		}
		classes[c.ID] = c
		if c.LockType != network.Panamax && c.LockType != network.Neopanamax {
			errs.Add(input.At(d.src, c).Pos("lock_type"), "class %q: unknown lock_type %q; expected panamax or neopanamax", c.ID, c.LockType)
		}
		for _, f := range []struct {
			key string
			x   float64
		}{{"length_m", c.LengthM}, {"beam_m", c.BeamM}, {"draft_m", c.DraftM}} {
			if !(f.x > 0) {
				errs.Add(input.At(d.src, c).Pos(f.key), "class %q: %s must be greater than 0, got %g", c.ID, f.key, f.x)
			}
		}
	}
	for i := range d.Classes {
		c := &d.Classes[i]
		if c.MinLengthM < 0 || c.MinLengthM > c.LengthM {
			errs.Add(input.At(d.src, c).Pos("min_length_m"), "class %q: min_length_m must be between 0 and length_m (%g), got %g", c.ID, c.LengthM, c.MinLengthM)
		}
		if c.MinDraftM < 0 || c.MinDraftM > c.DraftM {
			errs.Add(input.At(d.src, c).Pos("min_draft_m"), "class %q: min_draft_m must be between 0 and draft_m (%g), got %g", c.ID, c.DraftM, c.MinDraftM)
		}
		if !(c.BookedShare >= 0 && c.BookedShare <= 1) {
			errs.Add(input.At(d.src, c).Pos("booked_share"), "class %q: booked_share must be between 0 and 1, got %g", c.ID, c.BookedShare)
		}
		// Every vessel of the class must fit a chamber of its locks.
		for _, nd := range n.NodesOfKind(network.Lock) {
			if l := nd.Lock; l.Type == c.LockType && (c.LengthM > l.ChamberLengthM || c.BeamM > l.ChamberWidthM) {
				errs.Add(input.At(d.src, c).Pos("length_m"), "class %q (%g x %g m) does not fit the chambers of %s (%g x %g m)", c.ID, c.LengthM, c.BeamM, nd.ID, l.ChamberLengthM, l.ChamberWidthM)
			}
		}
	}
	for _, seg := range slices.Sorted(maps.Keys(d.DiversionDays)) {
		days := d.DiversionDays[seg]
		if !contains(segments, seg) {
			errs.Add(input.At(d.src, d).Pos("diversion_days"), "diversion_days: unknown segment %q%s", seg, input.DidYouMean(seg, segments))
		}
		if !(days > 0) {
			errs.Add(input.At(d.src, d).Pos("diversion_days"), "diversion_days: %s must be greater than 0, got %g", seg, days)
		}
	}
	d.checkSeasons(&errs)
	if !(d.MaxLightenFt >= 0) {
		errs.Add(input.At(d.src, d).Pos("max_lighten_ft"), "max_lighten_ft must not be negative, got %g", d.MaxLightenFt)
	}
	if !(d.CargoPerFt >= 0 && d.CargoPerFt <= 1) {
		errs.Add(input.At(d.src, d).Pos("cargo_per_ft"), "cargo_per_ft must be between 0 and 1, got %g", d.CargoPerFt)
	}
	if p := d.CallDiversion; !(p.RoomPerBerth >= 0) || !(p.ShiftHours >= 0) || !(p.CapacityMargin >= 0) {
		errs.Add(input.At(d.src, d).Pos("call_diversion"), "call_diversion: room_per_berth, shift_hours and capacity_margin must not be negative, got %g, %g and %g", p.RoomPerBerth, p.ShiftHours, p.CapacityMargin)
	}
	books := slices.ContainsFunc(d.Classes, func(c Class) bool { return c.BookedShare > 0 })
	if (books || len(d.BookedLeadHours) > 0) && (len(d.BookedLeadHours) != 2 || d.BookedLeadHours[0] < 0 || d.BookedLeadHours[1] < d.BookedLeadHours[0]) {
		errs.Add(input.At(d.src, d).Pos("booked_lead_hours"), "booked_lead_hours must be [min, max] with 0 <= min <= max, got %v", d.BookedLeadHours)
	}
	names := map[string]bool{}
	total := 0.0 // the streams' per_day so far
	for i := range d.Streams {
		s := &d.Streams[i]
		if names[s.Name] {
			errs.Add(input.At(d.src, s).Pos("name"), "stream %q is defined twice", s.Name)
		}
		names[s.Name] = true
		if classes[s.Class] == nil {
			ids := make([]string, len(d.Classes))
			for i, c := range d.Classes {
				ids[i] = c.ID
			}
			errs.Add(input.At(d.src, s).Pos("class"), "stream %q: unknown class %q%s", s.Name, s.Class, input.DidYouMean(s.Class, ids))
		}
		if !contains(segments, s.Segment) {
			errs.Add(input.At(d.src, s).Pos("segment"), "stream %q: unknown segment %q%s; expected one of %v", s.Name, s.Segment, input.DidYouMean(s.Segment, segments), segments)
		}
		if !(s.PerDay >= 0 && s.PerDay <= MaxPerDay) {
			errs.Add(input.At(d.src, s).Pos("per_day"), "stream %q: per_day must be from 0 to %d vessels a day, got %g", s.Name, MaxPerDay, s.PerDay)
		} else if total += s.PerDay; total > MaxPerDay && total-s.PerDay <= MaxPerDay {
			errs.Add(input.At(d.src, s).Pos("per_day"), "stream %q: the streams' per_day add up to %g vessels a day with this one; at most %d in all", s.Name, total, MaxPerDay)
		}
		for _, end := range []struct{ key, id string }{{"from", s.From}, {"to", s.To}} {
			nd := n.Node(end.id)
			switch {
			case nd == nil:
				errs.Add(input.At(d.src, s).Pos(end.key), "stream %q: unknown node %q%s", s.Name, end.id, input.DidYouMean(end.id, nodeIDs(n)))
			case nd.Kind != network.Anchorage:
				errs.Add(input.At(d.src, s).Pos(end.key), "stream %q: %s %q is a %s; vessels arrive at and leave from anchorages", s.Name, end.key, end.id, nd.Kind)
			}
		}
		if s.From == s.To && len(s.Calls) == 0 {
			errs.Add(input.At(d.src, s).Pos("to"), "stream %q: from and to are the same anchorage and there are no calls; the vessels would go nowhere", s.Name)
		}
		if s.Carrier != "" && !carrierRE.MatchString(s.Carrier) {
			errs.Add(input.At(d.src, s).Pos("carrier"), "stream %q: carrier %q: use lower-case letters, digits and '-', such as cosco", s.Name, s.Carrier)
		}
		if s.Carrier != "" && len(s.Carriers) > 0 {
			errs.Add(input.At(d.src, s).Pos("carriers"), "stream %q: give carrier or carriers, not both", s.Name)
		}
		checkShares(&errs, input.At(d.src, s).Pos("carriers"), s.Name, "carrier", s.Carriers, carrierRE, "use lower-case letters, digits and '-', such as cosco")
		checkShares(&errs, input.At(d.src, s).Pos("flags"), s.Name, "flag", s.Flags, flagRE, "use a two-letter country code in lower case, such as us")
		for k := range s.Calls {
			c := &s.Calls[k]
			nd := n.Node(c.Terminal)
			switch {
			case nd == nil:
				errs.Add(input.At(d.src, c).Pos("terminal"), "stream %q: unknown terminal %q%s", s.Name, c.Terminal, input.DidYouMean(c.Terminal, terminalIDs(n)))
			case nd.Kind != network.Terminal:
				errs.Add(input.At(d.src, c).Pos("terminal"), "stream %q: %q is a %s, not a terminal", s.Name, c.Terminal, nd.Kind)
			}
			if !(c.TEU >= 0 && c.TEU <= MaxCallTEU) {
				errs.Add(input.At(d.src, c).Pos("teu"), "stream %q: teu must be from 0 to %d (a call's boxes, off and on), got %g", s.Name, MaxCallTEU, c.TEU)
			}
		}
	}
	d.checkChanges(&errs, n)
	if err := errs.Err(); err != nil {
		return err
	}
	// Every stream must have a route its class can take, with its calls
	// moved too.
	for i := range d.Streams {
		s := &d.Streams[i]
		if _, err := streamRoute(n, s, classes[s.Class]); err != nil {
			errs.Add(input.At(d.src, s).Pos("name"), "stream %q: %v", s.Name, err)
		}
	}
	for i := range d.Changes {
		c := &d.Changes[i]
		if c.Move == nil {
			continue
		}
		for _, s := range d.Streams {
			if !c.selects(&s, n) || !slices.ContainsFunc(s.Calls, func(k Call) bool { return k.Terminal == c.Move.From }) {
				continue
			}
			m := s
			m.Calls = c.moved(s.Calls)
			if _, err := streamRoute(n, &m, classes[s.Class]); err != nil {
				errs.Add(input.At(d.src, c.Move).Pos("to"), "changes[%d]: stream %q calling at %s instead of %s: %v", i, s.Name, c.Move.To, c.Move.From, err)
			}
		}
	}
	return errs.Err()
}

// checkShares checks a stream's shares by carrier or by flag (key is
// "carrier" or "flag"; at is where they were read): each name matches re
// (hint says what a name looks like), each share is from 0 to 1 and
// together they are at most 1.
func checkShares(errs *input.Errors, at input.Pos, stream, key string, shares map[string]float64, re *regexp.Regexp, hint string) {
	total := 0.0
	for _, name := range slices.Sorted(maps.Keys(shares)) {
		share := shares[name]
		total += share
		if !re.MatchString(name) {
			errs.Add(at, "stream %q: %s %q: %s", stream, key, name, hint)
		}
		if !(share >= 0 && share <= 1) {
			errs.Add(at, "stream %q: %s %s: share must be from 0 to 1, got %g", stream, key, name, share)
		}
	}
	if total > 1+1e-9 {
		errs.Add(at, "stream %q: %s shares add up to %g, more than 1", stream, key, total)
	}
}

// checkChanges reports the problems of the demand's dated changes.
func (d *Demand) checkChanges(errs *input.Errors, n *network.Network) {
	var streams []string
	for _, s := range d.Streams {
		streams = append(streams, s.Name)
	}
	carriers := d.Carriers()
	for i := range d.Changes {
		c := &d.Changes[i]
		at := func(key string, k int) input.Pos {
			if k >= 0 {
				return input.At(d.src, c).Pos(fmt.Sprintf("%s[%d]", key, k))
			}
			return input.At(d.src, c).Pos(key)
		}
		before := len(*errs)
		if !c.Until.IsZero() && !c.Until.After(c.From) {
			errs.Add(at("until", -1), "changes[%d]: until %s must be after from %s", i, c.Until.Format(time.DateOnly), c.From.Format(time.DateOnly))
		}
		for k, id := range c.Streams {
			if !slices.Contains(streams, id) {
				errs.Add(at("streams", k), "changes[%d]: unknown stream %q%s", i, id, input.DidYouMean(id, streams))
			}
		}
		for k, id := range c.Carriers {
			if !slices.Contains(carriers, id) {
				errs.Add(at("carriers", k), "changes[%d]: no stream has carrier %q%s", i, id, input.DidYouMean(id, carriers))
			}
		}
		for k, seg := range c.Segments {
			if !slices.Contains(segments, seg) {
				errs.Add(at("segments", k), "changes[%d]: unknown segment %q%s", i, seg, input.DidYouMean(seg, segments))
			}
		}
		for k, id := range c.Terminals {
			if nd := n.Node(id); nd == nil || nd.Kind != network.Terminal {
				errs.Add(at("terminals", k), "changes[%d]: unknown terminal %q%s", i, id, input.DidYouMean(id, terminalIDs(n)))
			}
		}
		switch {
		case c.Factor == nil && c.Move == nil:
			errs.Add(at("from", -1), "changes[%d]: give a factor, a move or both", i)
		case c.Factor != nil && !(*c.Factor >= 0 && *c.Factor <= MaxFactor):
			errs.Add(at("factor", -1), "changes[%d]: factor must be from 0 to %d, got %g", i, MaxFactor, *c.Factor)
		}
		if m := c.Move; m != nil {
			for _, end := range []struct{ key, id string }{{"from", m.From}, {"to", m.To}} {
				if nd := n.Node(end.id); nd == nil || nd.Kind != network.Terminal {
					errs.Add(input.At(d.src, m).Pos(end.key), "changes[%d].move: unknown terminal %q%s", i, end.id, input.DidYouMean(end.id, terminalIDs(n)))
				}
			}
			if m.From == m.To {
				errs.Add(input.At(d.src, m).Pos("to"), "changes[%d].move: from and to are the same terminal, %s", i, m.To)
			}
		}
		if len(*errs) > before {
			continue // what it selects is not known
		}
		selected, calling := 0, 0
		for _, s := range d.Streams {
			if !c.selects(&s, n) {
				continue
			}
			selected++
			if c.Move != nil && slices.ContainsFunc(s.Calls, func(k Call) bool { return k.Terminal == c.Move.From }) {
				calling++
			}
		}
		switch {
		case selected == 0:
			errs.Add(at("from", -1), "changes[%d]: selects no stream", i)
		case c.Move != nil && calling == 0:
			errs.Add(input.At(d.src, c.Move).Pos("from"), "changes[%d].move: no stream it selects calls at %s", i, c.Move.From)
		}
	}
}

var (
	flagRE    = regexp.MustCompile(`^[a-z]{2}$`)
	carrierRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)

// Carriers returns the carriers the demand's vessels may have, sorted:
// those of its streams, by carrier or by share.
func (d *Demand) Carriers() []string {
	set := map[string]bool{}
	for _, s := range d.Streams {
		if s.Carrier != "" {
			set[s.Carrier] = true
		}
		for c, share := range s.Carriers {
			if share > 0 {
				set[c] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// Flags returns the flags the demand's vessels may fly, sorted (besides
// the others, which no filter names).
func (d *Demand) Flags() []string {
	set := map[string]bool{}
	for _, s := range d.Streams {
		for f, share := range s.Flags {
			if share > 0 {
				set[f] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func terminalIDs(n *network.Network) []string {
	var ids []string
	for _, nd := range n.Terminals() {
		ids = append(ids, nd.ID)
	}
	return ids
}

// streamRoute returns the path of a stream's vessels: from the origin
// through each call to the destination, each leg the fastest by water
// that the class may take. Vessels pass through no terminal other than
// those they call at, and use only the locks of their class.
func streamRoute(n *network.Network, s *Stream, c *Class) (network.Path, error) {
	waypoints := []string{s.From}
	for _, call := range s.Calls {
		waypoints = append(waypoints, call.Terminal)
	}
	waypoints = append(waypoints, s.To)
	var route network.Path
	for i := 1; i < len(waypoints); i++ {
		from, to := waypoints[i-1], waypoints[i]
		allow := func(nd *network.Node) bool {
			switch nd.Kind {
			case network.Rail:
				return false
			case network.Terminal:
				return nd.ID == from || nd.ID == to
			case network.Lock:
				return nd.Lock.Type == c.LockType
			}
			return true
		}
		leg, err := n.Route(from, to, allow)
		if err != nil {
			return network.Path{}, err
		}
		if i == 1 {
			route.Nodes = append(route.Nodes, leg.Nodes[0])
		}
		route.Nodes = append(route.Nodes, leg.Nodes[1:]...)
		route.Reaches = append(route.Reaches, leg.Reaches...)
	}
	return route, nil
}

// leadHours returns bound i of BookedLeadHours (0 when it is left out).
func (d *Demand) leadHours(i int) float64 {
	if len(d.BookedLeadHours) != 2 {
		return 0
	}
	return d.BookedLeadHours[i]
}

// Draws reports whether any stream of the demand draws vessels (a per_day
// above 0). A demand that draws none is only of use with an arrivals
// trace.
func (d *Demand) Draws() bool {
	for i := range d.Streams {
		if d.Streams[i].PerDay > 0 {
			return true
		}
	}
	return false
}
