// Package network describes a waterway as a graph: the places where
// vessels wait or are served (anchorages, approaches, locks, lakes, cuts,
// terminals, a railway) joined by navigable reaches with a length and a
// speed, and the operators that control each place, with dates.
//
// The default network, Panama, is data embedded in the binary
// (panama.yaml), not code; Load, Read and Parse read the same format
// (docs/networks.md) from any file, and Write writes it.
// Units: lengths in metres, speeds in knots, times in minutes, coordinates
// in decimal degrees (WGS 84).
//
// A Network is immutable once loaded and safe for concurrent use.
package network

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim/input"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
)

// Kind is the kind of a node.
type Kind string

// The node kinds.
const (
	Anchorage Kind = "anchorage" // vessels wait here before entering
	Approach  Kind = "approach"  // an entrance channel
	Lock      Kind = "lock"      // a lock complex
	Lake      Kind = "lake"      // a lake on the route
	Cut       Kind = "cut"       // a narrow cut, such as Culebra
	Terminal  Kind = "terminal"  // a container terminal
	Rail      Kind = "rail"      // a railway between terminals
)

// allKinds lists every node kind, in a fixed order.
var allKinds = []Kind{Anchorage, Approach, Lock, Lake, Cut, Terminal, Rail}

// Kinds returns every node kind, in a fixed order, in a slice of the caller's own.
func Kinds() []Kind { return slices.Clone(allKinds) }

// WithArticle returns the kind with its indefinite article: "a lock", "an
// approach".
func (k Kind) WithArticle() string {
	if k != "" && strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// KindList names kinds in the plural for messages: "terminals, locks and
// railways", or "any node" for every kind.
func KindList(kinds []Kind) string {
	if len(kinds) == len(allKinds) {
		return "any node"
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k) + "s"
		if k == Rail {
			names[i] = "railways"
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Side is the ocean side of the isthmus a node is on.
type Side string

// The sides.
const (
	Atlantic Side = "atlantic"
	Pacific  Side = "pacific"
)

// Rank orders sides for reports: the Atlantic first, then the Pacific,
// then anything else.
func (s Side) Rank() int {
	switch s {
	case Atlantic:
		return 0
	case Pacific:
		return 1
	}
	return 2
}

// LockType is the class of lock a complex belongs to.
type LockType string

// The lock types.
const (
	Panamax    LockType = "panamax"
	Neopanamax LockType = "neopanamax"
)

// Mode is how a reach is travelled.
type Mode string

// The reach modes. Vessels use water reaches only; rail reaches join
// terminals to the railway.
const (
	Water    Mode = "water"
	RailMode Mode = "rail"
)

// Network is a waterway: nodes, reaches and operators, with a gonum graph
// over the nodes for routing.
type Network struct {
	Name        string `yaml:"name,required"`
	Description string `yaml:"description,omitempty"`
	// UTCOffsetHours is the waterway's local time as hours from UTC
	// (Panama: -5, all year). The model's clock is that local time: the
	// dates of scenarios, days from midnight, daylight rules and the times
	// of records are on it. A timestamp with an offset (an arrivals file's
	// RFC 3339 time, say from AIS in UTC) is converted to it. A fixed
	// offset, from -14 to 14 in quarter hours: the clock has no summer
	// time. Default 0.
	UTCOffsetHours float64     `yaml:"utc_offset_hours,omitempty"`
	Operators      []*Operator `yaml:"operators,omitempty"`
	Nodes          []*Node     `yaml:"nodes,required"`
	Reaches        []*Reach    `yaml:"reaches,omitempty"`
	Operations     *Operations `yaml:"operations,omitempty"`
	// src records where Parse read each part, while it checks them.
	src input.Positions

	byID      map[string]*Node
	operators map[string]*Operator
	g         *simple.WeightedUndirectedGraph
}

// Zone returns the waterway's local time, the model's clock, as a fixed
// time zone (UTCOffsetHours).
func (n *Network) Zone() *time.Location {
	secs := int(math.Round(n.UTCOffsetHours * 3600))
	name := "UTC"
	if secs != 0 {
		name = "UTC" + time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", secs)).Format("-07:00")
	}
	return time.FixedZone(name, secs)
}

// OnClock returns the model's clock reading of the instant t: its date
// and time of day in the waterway's local time (Zone), written as the
// model writes its times, in UTC's frame. So 2030-01-01T11:30:00Z in
// Panama (UTC-5) reads 2030-01-01 06:30 on the clock, as does
// 2030-01-01T06:30:00-05:00.
func (n *Network) OnClock(t time.Time) time.Time {
	l := t.In(n.Zone())
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// Operator is a company or authority that operates or owns assets. Parent
// is the operator's controlling owner ("" at the top of the chain) and
// Share the fraction of the operator that the parent holds (0 when not
// given; informative only: control follows Parent whatever the share).
type Operator struct {
	ID     string  `yaml:"id,required"`
	Name   string  `yaml:"name,required"`
	Parent string  `yaml:"parent,omitempty"`
	Share  float64 `yaml:"share,omitempty"`
	Note   string  `yaml:"note,omitempty"`
}

// Node is a place where vessels (or boxes) wait, are served or pass.
// Exactly the attribute block of its kind is set: Lock for locks, Terminal
// for terminals, Rail for the railway, Lake optionally for lakes.
type Node struct {
	ID        string    `yaml:"id,required"`
	Name      string    `yaml:"name,required"`
	Kind      Kind      `yaml:"kind,required"`
	Side      Side      `yaml:"side,required"`
	Lat       float64   `yaml:"lat,required"`
	Lon       float64   `yaml:"lon,required"`
	Operators []Tenure  `yaml:"operators,omitempty,flow"`
	Lock      *LockSpec `yaml:"lock,omitempty,flow"`
	Terminal  *TermSpec `yaml:"terminal,omitempty,flow"`
	Rail      *RailSpec `yaml:"rail,omitempty,flow"`
	Lake      *LakeSpec `yaml:"lake,omitempty"`
	Cut       *CutSpec  `yaml:"cut,omitempty,flow"`
	Note      string    `yaml:"note,omitempty"`

	// Index is the node's position in Network.Nodes and its gonum node ID.
	Index int `yaml:"-"`
}

// Tenure is an operator's control of a node over [From, Until), days at
// midnight UTC (YYYY-MM-DD in a file). A zero From means since always, a
// zero Until for ever.
type Tenure struct {
	Operator string    `yaml:"operator,required"`
	From     time.Time `yaml:"from,omitempty"`
	Until    time.Time `yaml:"until,omitempty"`
}

// LockSpec describes a lock complex: Lanes lanes, each a flight of Steps
// chambers in series, of ChamberLengthM by ChamberWidthM usable.
//
// A lockage takes a group of vessels that fit one chamber through the
// flight: they take EnterMinutes to enter the first chamber, each chamber
// then takes LevelMinutes (gates closing, filling or emptying, gates
// opening), the group takes MoveMinutes to move from one chamber to the
// next and ExitMinutes to leave the last. A lane takes groups in one
// direction at a time: the next group from the same end may start
// entering once the first chamber is empty and levelled back (after
// EnterMinutes + LevelMinutes + MoveMinutes (or ExitMinutes for a single
// chamber) + LevelMinutes). To take vessels from the other end the lane
// must be empty and then spends TurnaroundMinutes; it runs at most MaxRun
// groups in a row from one end while vessels wait at the other. Each
// lockage draws WaterMgal million gallons from the summit lake.
//
// Policy is how a group is formed from the vessels waiting at an end when
// a lane starts a lockage: "first_fit" (the default, also when empty)
// takes the vessel that has waited longest and then, in queue order, every
// later one that still fits the chamber, so a small vessel may overtake
// one too long for the room left; "line_up" takes the vessels in queue
// order and stops at the first that does not fit, so none overtakes.
// Under both, the group is fixed when it starts to enter: a vessel that
// arrives while it enters waits for the next lockage.
type LockSpec struct {
	Type              LockType `yaml:"type"`
	Lanes             int      `yaml:"lanes"`
	Steps             int      `yaml:"steps"`
	ChamberLengthM    float64  `yaml:"chamber_length_m"`
	ChamberWidthM     float64  `yaml:"chamber_width_m"`
	EnterMinutes      float64  `yaml:"enter_minutes"`
	LevelMinutes      float64  `yaml:"level_minutes"`
	MoveMinutes       float64  `yaml:"move_minutes,omitempty"`
	ExitMinutes       float64  `yaml:"exit_minutes"`
	TurnaroundMinutes float64  `yaml:"turnaround_minutes"`
	MaxRun            int      `yaml:"max_run"`
	WaterMgal         float64  `yaml:"water_mgal"`
	Policy            string   `yaml:"policy,omitempty"`
}

// Bounds on times, checked when a network is read, so that every time
// the model computes stays far inside the simulation clock's range and no
// parameter makes it spin: a reach or a cut passage takes at most
// MaxLegHours; a lock's enter, level, move, exit and turnaround times, and
// a cut's spacing, at most MaxLockMinutes each; a cut's clear-cut windows
// last at least MinCutPeriodHours.
const (
	MaxLegHours       = 720 // 30 days
	MaxLockMinutes    = 1440
	MinCutPeriodHours = 0.5
)

// MaxBerths bounds a terminal's berths, cranes and cranes a call: far
// above any terminal built (Panama's largest has 8 berths and 22 cranes).
const MaxBerths = 1000

// Bounds on a terminal's productivity and a lock's water, far around any
// real value, so that a slip (a rate per second for one per hour, a
// volume in gallons for millions) is an error and not a call that lasts
// past the clock's range or a lake drained to minus infinity: a crane
// makes from MinMovesPerCraneHour to MaxMovesPerCraneHour moves an hour
// (real cranes, 20 to 40), a move lifts from MinTEUPerMove to
// MaxTEUPerMove TEU (one 20-foot box to a tandem lift of two 40-foot
// boxes), and a chamber's fill is at most MaxWaterMgal million gallons
// (Panama's, 24-26).
const (
	MinMovesPerCraneHour = 1
	MaxMovesPerCraneHour = 200
	MinTEUPerMove        = 0.5
	MaxTEUPerMove        = 4
	MaxWaterMgal         = 1000
)

// MaxLanes and MaxSteps bound the lanes of a lock complex and the
// chambers of a lane: far above any lock built (Panama's have 2 lanes and
// 3 steps), and low enough that a mistyped count cannot exhaust memory.
const (
	MaxLanes = 64
	MaxSteps = 16
)

// TransitMinutes is the time a group spends in the flight, from starting
// to enter the first chamber to leaving the last.
func (l *LockSpec) TransitMinutes() float64 {
	return l.EnterMinutes + float64(l.Steps)*l.LevelMinutes + float64(l.Steps-1)*l.MoveMinutes + l.ExitMinutes
}

// HeadwayMinutes is the shortest time between two single vessels
// entering a lane from the same end: the first chamber, left at the other
// level by the first, must level back empty.
func (l *LockSpec) HeadwayMinutes() float64 {
	leave := l.MoveMinutes
	if l.Steps == 1 {
		leave = l.ExitMinutes
	}
	return l.EnterMinutes + l.LevelMinutes + leave + l.LevelMinutes
}

// TermSpec describes a container terminal. A call is served by
// CranesPerCall cranes at MovesPerCraneHour moves an hour, each move
// carrying TEUPerMove TEU on average. TransshipmentShare is the share of
// its boxes that move ship to ship (the rest are local imports and
// exports, the gateway boxes). CapacityTEUPerYear is its design capacity
// (yard and gates as well as quay), which bounds the calls it takes from
// other terminals (0: no bound).
type TermSpec struct {
	Berths             int     `yaml:"berths"`
	QuayLengthM        float64 `yaml:"quay_length_m,omitempty"`
	Cranes             int     `yaml:"cranes"`
	CranesPerCall      int     `yaml:"cranes_per_call"`
	MovesPerCraneHour  float64 `yaml:"moves_per_crane_hour"`
	TEUPerMove         float64 `yaml:"teu_per_move"`
	TransshipmentShare float64 `yaml:"transshipment_share,omitempty"`
	CapacityTEUPerYear float64 `yaml:"capacity_teu_per_year,omitempty"`
}

// TEUPerHour returns the rate at which one call is worked, in TEU an hour.
func (t *TermSpec) TEUPerHour() float64 {
	return float64(t.CranesPerCall) * t.MovesPerCraneHour * t.TEUPerMove
}

// RailSpec describes a railway.
type RailSpec struct {
	LengthM           float64 `yaml:"length_m"`
	CapacityTEUPerDay float64 `yaml:"capacity_teu_per_day"`
}

// LakeSpec describes a lake. LevelFt is the nominal water level in feet
// above mean sea level.
//
// A lake with a water balance (InflowMcmPerYear > 0) is the summit lake:
// lockages draw their water from it. Its level moves each day by inflow
// (the yearly volume spread over the months by InflowMonthlyShare) less
// other uses and lockage water, over its area; water above MaxLevelFt
// spills. DraftTable maps the level to the deepest draft allowed in the
// Neopanamax locks (linear between points, rounded down to whole feet).
type LakeSpec struct {
	AreaKm2            float64      `yaml:"area_km2"`
	LevelFt            float64      `yaml:"level_ft,omitempty"`
	MaxLevelFt         float64      `yaml:"max_level_ft,omitempty"`
	MinLevelFt         float64      `yaml:"min_level_ft,omitempty"`
	InflowMcmPerYear   float64      `yaml:"inflow_mcm_per_year,omitempty"`
	InflowMonthlyShare []float64    `yaml:"inflow_monthly_share,omitempty,flow"`
	OtherUsesMcmPerDay float64      `yaml:"other_uses_mcm_per_day,omitempty"`
	DraftTable         []DraftPoint `yaml:"draft_table,omitempty"`
}

// DraftPoint is a point of a lake's draft table: at LevelFt the deepest
// draft allowed is DraftFt.
type DraftPoint struct {
	LevelFt float64 `yaml:"level_ft"`
	DraftFt float64 `yaml:"draft_ft"`
}

// CutSpec describes a narrow cut with traffic rules. Vessels take
// LengthM at SpeedKnots to pass it. Vessels of clear-cut classes pass one
// direction at a time: the direction alternates every PeriodHours from
// midnight, starting with FirstDirection ("northbound": from the Pacific
// side; or "southbound"); one enters only in its direction's window, with
// no clear-cut vessel of the other direction inside, and SpacingMinutes
// after the previous one of its direction. Vessels of daylight-only
// classes enter between DaylightFrom and DaylightUntil (hours, local
// time). Other vessels pass both ways at any time.
type CutSpec struct {
	LengthM        float64 `yaml:"length_m"`
	SpeedKnots     float64 `yaml:"speed_knots"`
	PeriodHours    float64 `yaml:"period_hours"`
	FirstDirection string  `yaml:"first_direction"`
	DaylightFrom   float64 `yaml:"daylight_from"`
	DaylightUntil  float64 `yaml:"daylight_until"`
	SpacingMinutes float64 `yaml:"spacing_minutes"`
}

// Hours returns the time to pass the cut, in hours.
func (c *CutSpec) Hours() float64 { return c.LengthM / (c.SpeedKnots * metresPerNauticalMile) }

// Summit reports whether the lake has a water balance.
func (l *LakeSpec) Summit() bool { return l != nil && l.InflowMcmPerYear > 0 }

// DraftLimit returns the deepest draft the table allows at a level, in
// whole feet (0 when the table is empty).
func (l *LakeSpec) DraftLimit(levelFt float64) float64 {
	t := l.DraftTable
	switch {
	case len(t) == 0:
		return 0
	case levelFt <= t[0].LevelFt:
		return math.Floor(t[0].DraftFt)
	case levelFt >= t[len(t)-1].LevelFt:
		return math.Floor(t[len(t)-1].DraftFt)
	}
	for i := 1; i < len(t); i++ {
		if levelFt <= t[i].LevelFt {
			a, b := t[i-1], t[i]
			return math.Floor(a.DraftFt + (levelFt-a.LevelFt)/(b.LevelFt-a.LevelFt)*(b.DraftFt-a.DraftFt))
		}
	}
	return math.Floor(t[len(t)-1].DraftFt)
}

// Operations are the canal's operating rules.
type Operations struct {
	// DailyTransits caps the transits that may start each day, by lock
	// type (zero: no cap for that type).
	DailyTransits ByLockType `yaml:"daily_transits,omitempty,flow"`
	// BacklogTransits is the most transits that may start in a day, by
	// lock type, while the canal clears a backlog left by a closure on
	// its routes (zero: no more than DailyTransits).
	BacklogTransits ByLockType `yaml:"backlog_transits,omitempty,flow"`
	// Booking gives the booking slots a day by lock type, from a date on.
	Booking []BookingSlots `yaml:"booking,omitempty"`
	// MaxBookedShare caps the share of a day's transits that booked
	// vessels may take; the rest is for unbooked vessels.
	MaxBookedShare float64 `yaml:"max_booked_share,omitempty"`
	// PriorityAfterDays is the wait after which an unbooked vessel goes
	// before those that have waited less.
	PriorityAfterDays float64 `yaml:"priority_after_days,omitempty"`
	// PanamaxDraftFt is the deepest draft allowed in the Panamax locks
	// (zero: no limit).
	PanamaxDraftFt float64 `yaml:"panamax_draft_ft,omitempty"`
	// AuctionReserveUSD is the lowest price the canal accepts for a slot
	// of the daily auction (BookingSlots.Auction).
	AuctionReserveUSD float64 `yaml:"auction_reserve_usd,omitempty"`
	// SpecialAuction holds the rules of the special auctions, the slots
	// the canal may sell on top of a day's transits to unbooked vessels
	// that have waited long (nil: the network has none). A scenario
	// decides when they are held and how many slots each offers (the
	// special_auction effect).
	SpecialAuction *SpecialAuction `yaml:"special_auction,omitempty"`
}

// SpecialAuction are the rules of a special auction: an extra transit
// slot sold LeadDays before its transit date to the unbooked vessels that
// will have waited at least MinWaitDays by that date, for at least
// ReserveUSD.
type SpecialAuction struct {
	MinWaitDays float64 `yaml:"min_wait_days,required"`
	LeadDays    float64 `yaml:"lead_days,required"`
	ReserveUSD  float64 `yaml:"reserve_usd,required"`
}

// ByLockType holds a number per lock type.
type ByLockType struct {
	Neopanamax float64 `yaml:"neopanamax"`
	Panamax    float64 `yaml:"panamax"`
}

// IsZero reports whether both numbers are 0 (the block is then left out
// when a network is written).
func (b ByLockType) IsZero() bool { return b.Neopanamax == 0 && b.Panamax == 0 }

// Get returns the value for a lock type.
func (b ByLockType) Get(t LockType) float64 {
	if t == Neopanamax {
		return b.Neopanamax
	}
	return b.Panamax
}

// BookingSlots are the daily booking slots from a date on (a day at
// midnight UTC, YYYY-MM-DD in a file).
type BookingSlots struct {
	From       time.Time `yaml:"from,required"`
	Neopanamax float64   `yaml:"neopanamax"`
	Panamax    float64   `yaml:"panamax"`
	// Auction is how many of the day's slots, by lock type, are sold at
	// a daily auction to the vessels waiting at the anchorages rather
	// than booked ahead.
	Auction ByLockType `yaml:"auction,omitempty,flow"`
}

// BookingOn returns the booking slots in force on date d (zero before the
// first entry), those sold at auction included.
func (o *Operations) BookingOn(d time.Time) ByLockType {
	return o.bookingOn(d).byType()
}

// AuctionOn returns the slots sold at the daily auction on date d.
func (o *Operations) AuctionOn(d time.Time) ByLockType {
	return o.bookingOn(d).Auction
}

func (o *Operations) bookingOn(d time.Time) BookingSlots {
	var b BookingSlots
	for _, s := range o.Booking {
		if !d.Before(s.From) {
			b = s
		}
	}
	return b
}

func (b BookingSlots) byType() ByLockType {
	return ByLockType{Neopanamax: b.Neopanamax, Panamax: b.Panamax}
}

// Reach is a navigable reach (or a stretch of railway) between two nodes,
// travelled in both directions.
type Reach struct {
	From       string  `yaml:"from,required"`
	To         string  `yaml:"to,required"`
	Mode       Mode    `yaml:"mode,omitempty"`
	LengthM    float64 `yaml:"length_m"`
	SpeedKnots float64 `yaml:"speed_knots"`
	Note       string  `yaml:"note,omitempty"`
}

// metresPerNauticalMile converts knots to metres an hour.
const metresPerNauticalMile = 1852

// Hours returns the time to travel the reach, in hours.
func (r *Reach) Hours() float64 { return r.LengthM / (r.SpeedKnots * metresPerNauticalMile) }

// Node returns the node with the given ID, or nil.
func (n *Network) Node(id string) *Node { return n.byID[id] }

// Operator returns the operator with the given ID, or nil.
func (n *Network) Operator(id string) *Operator { return n.operators[id] }

// Graph returns the network as a gonum weighted undirected graph: node IDs
// are Node.Index and edge weights are travel times in hours. The graph is
// shared: do not modify it.
func (n *Network) Graph() graph.WeightedUndirected { return n.g }

// NodesOfKind returns the nodes of kind k, in network order.
func (n *Network) NodesOfKind(k Kind) []*Node {
	var out []*Node
	for _, nd := range n.Nodes {
		if nd.Kind == k {
			out = append(out, nd)
		}
	}
	return out
}

// OperatorAt returns the ID of the operator of nd on date d, or "" if the
// node has none then.
func (nd *Node) OperatorAt(d time.Time) string {
	for _, t := range nd.Operators {
		if t.covers(d) {
			return t.Operator
		}
	}
	return ""
}

func (t Tenure) covers(d time.Time) bool {
	if !t.From.IsZero() && d.Before(t.From) {
		return false
	}
	if !t.Until.IsZero() && !d.Before(t.Until) {
		return false
	}
	return true
}

// Chain returns the chain of control of nd on date d: its operator, then
// the operator's parent, and so on to the top. It is empty when the node
// has no operator on that date.
func (n *Network) Chain(nd *Node, d time.Time) []*Operator {
	var chain []*Operator
	for id := nd.OperatorAt(d); id != ""; {
		op := n.operators[id]
		chain = append(chain, op)
		id = op.Parent
	}
	return chain
}

// Controlled returns the nodes that operator op controls on date d,
// directly or through its subsidiaries, in network order.
func (n *Network) Controlled(op string, d time.Time) []*Node {
	var out []*Node
	for _, nd := range n.Nodes {
		for _, o := range n.Chain(nd, d) {
			if o.ID == op {
				out = append(out, nd)
				break
			}
		}
	}
	return out
}

// Path is a route through the network: the nodes in order and, for each
// step, the reach taken to the next node.
type Path struct {
	Nodes   []*Node
	Reaches []*Reach // Reaches[i] joins Nodes[i] and Nodes[i+1]
}

// Hours returns the travel time along the path, in hours: its reaches
// and the passage of the cuts on it.
func (p Path) Hours() float64 {
	h := 0.0
	for _, r := range p.Reaches {
		h += r.Hours()
	}
	for _, nd := range p.Nodes {
		if nd.Cut != nil {
			h += nd.Cut.Hours()
		}
	}
	return h
}

// Metres returns the length of the path: its reaches and the cuts on it.
func (p Path) Metres() float64 {
	m := 0.0
	for _, r := range p.Reaches {
		m += r.LengthM
	}
	for _, nd := range p.Nodes {
		if nd.Cut != nil {
			m += nd.Cut.LengthM
		}
	}
	return m
}

// Route returns the fastest path by water from one node to another through
// nodes that pass allow (from and to must pass too; a nil allow admits
// every node). It uses Dijkstra's algorithm on the network's graph
// restricted to water reaches and allowed nodes. Models call it once per
// vessel class, not once per vessel.
func (n *Network) Route(from, to string, allow func(*Node) bool) (Path, error) {
	a, b := n.byID[from], n.byID[to]
	if a == nil || b == nil {
		return Path{}, fmt.Errorf("network %s: route %s -> %s: unknown node", n.Name, from, to)
	}
	ok := func(nd *Node) bool { return allow == nil || allow(nd) }
	if !ok(a) || !ok(b) {
		return Path{}, fmt.Errorf("network %s: route %s -> %s: endpoint not allowed", n.Name, from, to)
	}
	sub := simple.NewWeightedUndirectedGraph(0, 0)
	for _, nd := range n.Nodes {
		if ok(nd) {
			sub.AddNode(simple.Node(nd.Index))
		}
	}
	for _, r := range n.Reaches {
		u, v := n.byID[r.From], n.byID[r.To]
		if r.Mode != Water || !ok(u) || !ok(v) {
			continue
		}
		// Of parallel reaches, keep the fastest (as n.reach does).
		if e := sub.WeightedEdge(int64(u.Index), int64(v.Index)); e != nil && e.Weight() <= r.Hours() {
			continue
		}
		sub.SetWeightedEdge(sub.NewWeightedEdge(simple.Node(u.Index), simple.Node(v.Index), r.Hours()))
	}
	shortest := path.DijkstraFrom(simple.Node(a.Index), sub)
	ids, _ := shortest.To(int64(b.Index))
	if len(ids) == 0 {
		return Path{}, fmt.Errorf("network %s: no route by water from %s to %s", n.Name, from, to)
	}
	p := Path{}
	for i, id := range ids {
		p.Nodes = append(p.Nodes, n.Nodes[id.ID()])
		if i > 0 {
			p.Reaches = append(p.Reaches, n.reach(p.Nodes[i-1], p.Nodes[i]))
		}
	}
	return p, nil
}

// reach returns the fastest water reach between two adjacent nodes.
func (n *Network) reach(u, v *Node) *Reach {
	var best *Reach
	for _, r := range n.Reaches {
		if r.Mode != Water || !(r.From == u.ID && r.To == v.ID || r.From == v.ID && r.To == u.ID) {
			continue
		}
		if best == nil || r.Hours() < best.Hours() {
			best = r
		}
	}
	return best
}

// Neighbours returns the nodes joined to nd by a water reach, in network
// order without repeats.
func (n *Network) Neighbours(nd *Node) []*Node {
	picked := make([]bool, len(n.Nodes))
	for _, r := range n.Reaches {
		if r.Mode != Water {
			continue
		}
		switch nd.ID {
		case r.From:
			picked[n.byID[r.To].Index] = true
		case r.To:
			picked[n.byID[r.From].Index] = true
		}
	}
	var out []*Node
	for i, p := range picked {
		if p {
			out = append(out, n.Nodes[i])
		}
	}
	return out
}

// Railway returns the railway node that nd is joined to by a rail reach,
// or nil.
func (n *Network) Railway(nd *Node) *Node {
	for _, r := range n.Reaches {
		if r.Mode != RailMode {
			continue
		}
		other := ""
		switch nd.ID {
		case r.From:
			other = r.To
		case r.To:
			other = r.From
		}
		if o := n.byID[other]; o != nil && o.Kind == Rail {
			return o
		}
	}
	return nil
}

// Terminals returns the terminal nodes in network order.
func (n *Network) Terminals() []*Node { return n.NodesOfKind(Terminal) }

// sortedIDs returns the keys of a set, sorted, for stable messages.
func sortedIDs[V any](m map[string]V) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
