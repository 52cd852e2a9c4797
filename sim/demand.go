package sim

import (
	_ "embed"
	"maps"
	"regexp"
	"slices"
	"sync"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
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
	// DiversionDays is, by segment, the expected wait at the anchorage
	// (days) above which an unbooked vessel diverts to another route;
	// a segment not listed never diverts for waiting.
	DiversionDays map[string]float64 `yaml:"diversion_days"`
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
	// Source records where each key was found in the input file.
	Source input.Fields
}

// CallPolicy is the carriers' response to a call that its terminal cannot
// take: the terminal is closed or obstructed, refuses the vessel, or has
// no room. In that order of preference:
//
//  1. Another terminal on the same side of the isthmus takes the call if
//     it is open and reachable (its approach is not closed), serves the
//     vessel and has room: fewer than RoomPerBerth
//     vessels waiting for a berth per berth, and the calls it has taken
//     over the last 7 days, this one included, within 7 days of its
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
type CallPolicy struct {
	RoomPerBerth float64 `yaml:"room_per_berth"`
	ShiftHours   float64 `yaml:"shift_hours"`
	Rail         bool    `yaml:"rail"`
	// Source records where each key was found in the input file.
	Source input.Fields
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
	Source          input.Fields
}

// Stream is a flow of similar vessels: PerDay arrivals a day on average at
// From, calling at Calls in order, leaving at To. A stream whose From and
// To are on opposite sides transits the canal; one with From equal to To
// calls at terminals without transiting (a feeder, or a mainline service
// that turns at Panama).
type Stream struct {
	Name    string  `yaml:"name,required"`
	Class   string  `yaml:"class,required"`
	Segment string  `yaml:"segment,required"`
	Carrier string  `yaml:"carrier"`
	From    string  `yaml:"from,required"`
	To      string  `yaml:"to,required"`
	PerDay  float64 `yaml:"per_day,required"`
	Calls   []Call  `yaml:"calls"`
	// Flags gives the share of the stream's vessels under each flag (ISO
	// 3166 alpha-2 codes in lower case, such as "us"); the rest fly
	// other flags. A vessel's flag is drawn at arrival.
	Flags  map[string]float64 `yaml:"flags"`
	Note   string             `yaml:"note"`
	Source input.Fields
}

// Call is a terminal call: the boxes loaded and discharged (the exchange),
// TEU on average. Each call's exchange is drawn uniformly between half and
// one and a half times the mean.
type Call struct {
	Terminal string  `yaml:"terminal,required"`
	TEU      float64 `yaml:"teu,required"`
	Source   input.Fields
}

// Segments lists the market segments a stream may belong to.
var Segments = []string{"container", "dry-bulk", "tanker", "lpg", "lng", "vehicle", "passenger", "other"}

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
	if err := input.Decode(name, data, d); err != nil {
		return nil, err
	}
	return d, nil
}

// Check reports every problem of the demand against network n, with
// positions when the demand came from a file.
func (d *Demand) Check(n *network.Network) error { return d.check(n) }

func (d *Demand) check(n *network.Network) error {
	var errs input.Errors
	classes := map[string]*Class{}
	for i := range d.Classes {
		c := &d.Classes[i]
		if classes[c.ID] != nil {
			errs.Add(c.Source.Pos("id"), "class %q is defined twice", c.ID)
		}
		classes[c.ID] = c
		if c.LockType != network.Panamax && c.LockType != network.Neopanamax {
			errs.Add(c.Source.Pos("lock_type"), "class %q: unknown lock_type %q; expected panamax or neopanamax", c.ID, c.LockType)
		}
		for _, f := range []struct {
			key string
			x   float64
		}{{"length_m", c.LengthM}, {"beam_m", c.BeamM}, {"draft_m", c.DraftM}} {
			if !(f.x > 0) {
				errs.Add(c.Source.Pos(f.key), "class %q: %s must be greater than 0, got %g", c.ID, f.key, f.x)
			}
		}
	}
	for _, c := range d.Classes {
		if c.MinLengthM < 0 || c.MinLengthM > c.LengthM {
			errs.Add(c.Source.Pos("min_length_m"), "class %q: min_length_m must be between 0 and length_m (%g), got %g", c.ID, c.LengthM, c.MinLengthM)
		}
		if c.MinDraftM < 0 || c.MinDraftM > c.DraftM {
			errs.Add(c.Source.Pos("min_draft_m"), "class %q: min_draft_m must be between 0 and draft_m (%g), got %g", c.ID, c.DraftM, c.MinDraftM)
		}
		if !(c.BookedShare >= 0 && c.BookedShare <= 1) {
			errs.Add(c.Source.Pos("booked_share"), "class %q: booked_share must be between 0 and 1, got %g", c.ID, c.BookedShare)
		}
		// Every vessel of the class must fit a chamber of its locks.
		for _, nd := range n.NodesOfKind(network.Lock) {
			if l := nd.Lock; l.Type == c.LockType && (c.LengthM > l.ChamberLengthM || c.BeamM > l.ChamberWidthM) {
				errs.Add(c.Source.Pos("length_m"), "class %q (%g x %g m) does not fit the chambers of %s (%g x %g m)", c.ID, c.LengthM, c.BeamM, nd.ID, l.ChamberLengthM, l.ChamberWidthM)
			}
		}
	}
	for _, seg := range slices.Sorted(maps.Keys(d.DiversionDays)) {
		days := d.DiversionDays[seg]
		if !contains(Segments, seg) {
			errs.Add(d.Source.Pos("diversion_days"), "diversion_days: unknown segment %q%s", seg, input.DidYouMean(seg, Segments))
		}
		if !(days > 0) {
			errs.Add(d.Source.Pos("diversion_days"), "diversion_days: %s must be greater than 0, got %g", seg, days)
		}
	}
	if !(d.MaxLightenFt >= 0) {
		errs.Add(d.Source.Pos("max_lighten_ft"), "max_lighten_ft must not be negative, got %g", d.MaxLightenFt)
	}
	if !(d.CargoPerFt >= 0 && d.CargoPerFt <= 1) {
		errs.Add(d.Source.Pos("cargo_per_ft"), "cargo_per_ft must be between 0 and 1, got %g", d.CargoPerFt)
	}
	if p := d.CallDiversion; !(p.RoomPerBerth >= 0) || !(p.ShiftHours >= 0) {
		errs.Add(d.Source.Pos("call_diversion"), "call_diversion: room_per_berth and shift_hours must not be negative, got %g and %g", p.RoomPerBerth, p.ShiftHours)
	}
	books := slices.ContainsFunc(d.Classes, func(c Class) bool { return c.BookedShare > 0 })
	if (books || len(d.BookedLeadHours) > 0) && (len(d.BookedLeadHours) != 2 || d.BookedLeadHours[0] < 0 || d.BookedLeadHours[1] < d.BookedLeadHours[0]) {
		errs.Add(d.Source.Pos("booked_lead_hours"), "booked_lead_hours must be [min, max] with 0 <= min <= max, got %v", d.BookedLeadHours)
	}
	names := map[string]bool{}
	for _, s := range d.Streams {
		if names[s.Name] {
			errs.Add(s.Source.Pos("name"), "stream %q is defined twice", s.Name)
		}
		names[s.Name] = true
		if classes[s.Class] == nil {
			ids := make([]string, len(d.Classes))
			for i, c := range d.Classes {
				ids[i] = c.ID
			}
			errs.Add(s.Source.Pos("class"), "stream %q: unknown class %q%s", s.Name, s.Class, input.DidYouMean(s.Class, ids))
		}
		if !contains(Segments, s.Segment) {
			errs.Add(s.Source.Pos("segment"), "stream %q: unknown segment %q%s; expected one of %v", s.Name, s.Segment, input.DidYouMean(s.Segment, Segments), Segments)
		}
		if !(s.PerDay >= 0) {
			errs.Add(s.Source.Pos("per_day"), "stream %q: per_day must not be negative, got %g", s.Name, s.PerDay)
		}
		for _, end := range []struct{ key, id string }{{"from", s.From}, {"to", s.To}} {
			nd := n.Node(end.id)
			switch {
			case nd == nil:
				errs.Add(s.Source.Pos(end.key), "stream %q: unknown node %q%s", s.Name, end.id, input.DidYouMean(end.id, nodeIDs(n)))
			case nd.Kind != network.Anchorage:
				errs.Add(s.Source.Pos(end.key), "stream %q: %s %q is a %s; vessels arrive at and leave from anchorages", s.Name, end.key, end.id, nd.Kind)
			}
		}
		if s.From == s.To && len(s.Calls) == 0 {
			errs.Add(s.Source.Pos("to"), "stream %q: from and to are the same anchorage and there are no calls; the vessels would go nowhere", s.Name)
		}
		total := 0.0
		for _, flag := range slices.Sorted(maps.Keys(s.Flags)) {
			share := s.Flags[flag]
			total += share
			if !flagRE.MatchString(flag) {
				errs.Add(s.Source.Pos("flags"), "stream %q: flag %q: use a two-letter country code in lower case, such as us", s.Name, flag)
			}
			if !(share >= 0 && share <= 1) {
				errs.Add(s.Source.Pos("flags"), "stream %q: flag %s: share must be from 0 to 1, got %g", s.Name, flag, share)
			}
		}
		if total > 1+1e-9 {
			errs.Add(s.Source.Pos("flags"), "stream %q: flag shares add up to %g, more than 1", s.Name, total)
		}
		for _, c := range s.Calls {
			nd := n.Node(c.Terminal)
			switch {
			case nd == nil:
				errs.Add(c.Source.Pos("terminal"), "stream %q: unknown terminal %q%s", s.Name, c.Terminal, input.DidYouMean(c.Terminal, terminalIDs(n)))
			case nd.Kind != network.Terminal:
				errs.Add(c.Source.Pos("terminal"), "stream %q: %q is a %s, not a terminal", s.Name, c.Terminal, nd.Kind)
			}
			if !(c.TEU >= 0) {
				errs.Add(c.Source.Pos("teu"), "stream %q: teu must not be negative, got %g", s.Name, c.TEU)
			}
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	// Every stream must have a route its class can take.
	for _, s := range d.Streams {
		if _, err := streamRoute(n, &s, classes[s.Class]); err != nil {
			errs.Add(s.Source.Pos("name"), "stream %q: %v", s.Name, err)
		}
	}
	return errs.Err()
}

var flagRE = regexp.MustCompile(`^[a-z]{2}$`)

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
