package network

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/canalsim/canalsim/sim/input"
)

//go:embed panama.yaml
var panamaYAML []byte

// PanamaFile is the name under which the embedded Panama network reports
// its errors and provenance.
const PanamaFile = "panama.yaml (embedded)"

var panama = sync.OnceValues(func() (*Network, error) {
	return Parse(PanamaFile, panamaYAML)
})

// Panama returns the embedded network of the Panama Canal and its
// terminals. The network is shared and must not be modified. It panics if
// the embedded data is invalid, which the package's tests rule out.
func Panama() *Network {
	n, err := panama()
	if err != nil {
		panic(err)
	}
	return n
}

// PanamaSource returns the text of the embedded Panama network file.
func PanamaSource() []byte { return panamaYAML }

// Load reads a network file (YAML or JSON).
func Load(path string) (*Network, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Read reads a network from r; name is used in error messages.
func Read(name string, r io.Reader) (*Network, error) {
	data, err := io.ReadAll(io.LimitReader(r, input.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > input.MaxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB, the limit of an input file", name, input.MaxFileBytes>>20)
	}
	return Parse(name, data)
}

// Parse decodes and checks a network file's contents; name is used in
// error messages. Every problem is reported, with its position, as an
// input.Errors.
func Parse(name string, data []byte) (*Network, error) {
	n := &Network{}
	src, err := input.DecodePositions(name, data, n)
	if err != nil {
		return nil, err
	}
	n.src = src
	err = n.init()
	n.src = nil // the positions serve the checks, and go with them
	if err != nil {
		return nil, err
	}
	return n, nil
}

// New checks a network built in Go and prepares it for use (indexes and
// graph). It reports every problem it finds.
func New(n *Network) (*Network, error) {
	if err := n.init(); err != nil {
		return nil, err
	}
	return n, nil
}

// init checks the network and builds its indexes and graph.
func (n *Network) init() error {
	var errs input.Errors

	// A null list element ("- ~", or a bare "-") decodes to nil.
	operators := present(&errs, input.At(n.src, n), "operators", "an operator", n.Operators)
	reaches := present(&errs, input.At(n.src, n), "reaches", "a reach", n.Reaches)
	present(&errs, input.At(n.src, n), "nodes", "a node", n.Nodes)

	n.operators = map[string]*Operator{}
	for _, op := range operators {
		switch {
		case op.ID == "":
			errs.Add(input.At(n.src, op).Pos("id"), "operator id must not be empty")
		case n.operators[op.ID] != nil:
			errs.Add(input.At(n.src, op).Pos("id"), "operator %q is defined twice", op.ID)
		default:
			n.operators[op.ID] = op
		}
	}
	for _, op := range operators {
		if op.Parent != "" && n.operators[op.Parent] == nil {
			errs.Add(input.At(n.src, op).Pos("parent"), "operator %q: unknown parent %q%s", op.ID, op.Parent, suggest(op.Parent, sortedIDs(n.operators)))
		}
		switch {
		case !(op.Share >= 0 && op.Share <= 1):
			errs.Add(input.At(n.src, op).Pos("share"), "operator %q: share must be from 0 to 1 (the fraction its parent holds), got %g", op.ID, op.Share)
		case op.Share > 0 && op.Parent == "":
			errs.Add(input.At(n.src, op).Pos("share"), "operator %q: share is the fraction its parent holds, but it has no parent", op.ID)
		}
	}
	for _, op := range operators {
		// Walk up the chain; more steps than operators means a cycle.
		id, steps := op.Parent, 0
		for id != "" && n.operators[id] != nil && steps <= len(n.Operators) {
			id, steps = n.operators[id].Parent, steps+1
		}
		if steps > len(n.Operators) {
			errs.Add(input.At(n.src, op).Pos("parent"), "operator %q: its chain of parents is a cycle", op.ID)
		}
	}

	n.byID = map[string]*Node{}
	for i, nd := range n.Nodes {
		if nd == nil {
			continue
		}
		nd.Index = i
		switch {
		case nd.ID == "":
			errs.Add(input.At(n.src, nd).Pos("id"), "node id must not be empty")
		case n.byID[nd.ID] != nil:
			errs.Add(input.At(n.src, nd).Pos("id"), "node %q is defined twice", nd.ID)
		default:
			n.byID[nd.ID] = nd
		}
		n.checkNode(nd, &errs)
	}

	for _, r := range reaches {
		if r.Mode == "" {
			r.Mode = Water
		}
		u, v := n.byID[r.From], n.byID[r.To]
		if u == nil {
			errs.Add(input.At(n.src, r).Pos("from"), "reach: unknown node %q%s", r.From, suggest(r.From, sortedIDs(n.byID)))
		}
		if v == nil {
			errs.Add(input.At(n.src, r).Pos("to"), "reach: unknown node %q%s", r.To, suggest(r.To, sortedIDs(n.byID)))
		}
		if r.From == r.To {
			errs.Add(input.At(n.src, r).Pos("to"), "reach from %q to itself", r.From)
		}
		positive(&errs, input.At(n.src, r), "length_m", r.LengthM)
		positive(&errs, input.At(n.src, r), "speed_knots", r.SpeedKnots)
		if h := r.Hours(); r.LengthM > 0 && r.SpeedKnots > 0 && !(h <= MaxLegHours) {
			errs.Add(input.At(n.src, r).Pos("speed_knots"), "reach %s - %s takes %.3g hours (%g m at %g knots); at most %d", r.From, r.To, h, r.LengthM, r.SpeedKnots, MaxLegHours)
		}
		switch r.Mode {
		case Water:
			if u != nil && u.Kind == Rail || v != nil && v.Kind == Rail {
				errs.Add(input.At(n.src, r).Pos("mode"), "reach %s - %s touches the railway; give it mode: rail", r.From, r.To)
			}
		case RailMode:
			for _, nd := range []*Node{u, v} {
				if nd != nil && nd.Kind != Rail && nd.Kind != Terminal {
					errs.Add(input.At(n.src, r).Pos("mode"), "rail reach %s - %s: %q is %s; rail joins only railways and terminals", r.From, r.To, nd.ID, aKind(nd.Kind))
				}
			}
		default:
			errs.Add(input.At(n.src, r).Pos("mode"), "unknown mode %q; expected water or rail", r.Mode)
		}
	}
	summits := 0
	for _, nd := range n.Nodes {
		if nd != nil && nd.Kind == Lake && nd.Lake.Summit() {
			summits++
			if summits > 1 {
				errs.Add(input.At(n.src, nd.Lake).Pos("inflow_mcm_per_year"), "lake %q: only one lake may have a water balance (the summit lake)", nd.ID)
			}
		}
	}
	if o := n.Operations; o != nil {
		n.checkOperations(o, &errs)
	}
	if x := n.UTCOffsetHours; !(x >= -14 && x <= 14) || x*4 != math.Trunc(x*4) {
		errs.Add(input.At(n.src, n).Pos("utc_offset_hours"), "utc_offset_hours must be from -14 to 14 in quarter hours (Panama: -5), got %g", x)
	}
	if err := errs.Err(); err != nil {
		return err
	}

	// The gonum graph: one edge per pair of nodes, weighted by the
	// fastest reach's travel time in hours.
	n.g = simple.NewWeightedUndirectedGraph(0, math.Inf(1))
	for _, nd := range n.Nodes {
		n.g.AddNode(simple.Node(nd.Index))
	}
	for _, r := range n.Reaches {
		u, v := simple.Node(n.byID[r.From].Index), simple.Node(n.byID[r.To].Index)
		if w, ok := n.g.Weight(u.ID(), v.ID()); ok && w <= r.Hours() {
			continue
		}
		n.g.SetWeightedEdge(n.g.NewWeightedEdge(u, v, r.Hours()))
	}
	return nil
}

// present reports the nil elements of list, the value of key, and returns
// the others.
func present[T any](errs *input.Errors, f input.Fields, key, what string, list []*T) []*T {
	out := make([]*T, 0, len(list))
	for i, x := range list {
		if x == nil {
			k := fmt.Sprintf("%s[%d]", key, i)
			errs.Add(f.Pos(k), "%s is empty; expected %s", k, what)
			continue
		}
		out = append(out, x)
	}
	return out
}

func positive(errs *input.Errors, f input.Fields, key string, x float64) {
	if !(x > 0) {
		errs.Add(f.Pos(key), "%s must be greater than 0, got %g", key, x)
	}
}

func suggest(word string, candidates []string) string {
	if s := input.Suggest(word, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

func (n *Network) checkNode(nd *Node, errs *input.Errors) {
	f := input.At(n.src, nd)
	if !slices.Contains(allKinds, nd.Kind) {
		errs.Add(f.Pos("kind"), "node %q: unknown kind %q; expected one of %v", nd.ID, nd.Kind, allKinds)
	}
	if nd.Side != Atlantic && nd.Side != Pacific {
		errs.Add(f.Pos("side"), "node %q: unknown side %q; expected atlantic or pacific", nd.ID, nd.Side)
	}
	if nd.Lat < -90 || nd.Lat > 90 {
		errs.Add(f.Pos("lat"), "node %q: latitude %g is outside -90..90", nd.ID, nd.Lat)
	}
	if nd.Lon < -180 || nd.Lon > 180 {
		errs.Add(f.Pos("lon"), "node %q: longitude %g is outside -180..180", nd.ID, nd.Lon)
	}
	for i := range nd.Operators {
		t := &nd.Operators[i]
		if n.operators[t.Operator] == nil {
			errs.Add(input.At(n.src, t).Pos("operator"), "node %q: unknown operator %q%s", nd.ID, t.Operator, suggest(t.Operator, sortedIDs(n.operators)))
		}
		if !t.From.IsZero() && !t.Until.IsZero() && !t.Until.After(t.From) {
			errs.Add(input.At(n.src, t).Pos("until"), "node %q: operator %q until %s is not after from %s", nd.ID, t.Operator, t.Until.Format(input.DateLayout), t.From.Format(input.DateLayout))
		}
		for _, u := range nd.Operators[:i] {
			if overlap(*t, u) {
				errs.Add(input.At(n.src, t).Pos("operator"), "node %q: operators %q and %q overlap in time; give from/until dates that do not", nd.ID, u.Operator, t.Operator)
			}
		}
	}
	blocks := []struct {
		kind Kind
		has  bool
	}{{Lock, nd.Lock != nil}, {Terminal, nd.Terminal != nil}, {Rail, nd.Rail != nil}, {Lake, nd.Lake != nil}, {Cut, nd.Cut != nil}}
	for _, b := range blocks {
		if b.has && nd.Kind != b.kind {
			errs.Add(f.Pos(string(b.kind)), "node %q is %s; a %s block belongs only to a %s", nd.ID, aKind(nd.Kind), b.kind, b.kind)
		}
	}
	switch nd.Kind {
	case Lock:
		if nd.Lock == nil {
			errs.Add(f.Pos(""), "node %q: a lock needs a lock block", nd.ID)
			return
		}
		l := nd.Lock
		if l.Type != Panamax && l.Type != Neopanamax {
			errs.Add(input.At(n.src, l).Pos("type"), "lock %q: unknown type %q; expected panamax or neopanamax", nd.ID, l.Type)
		}
		atLeastOne(errs, input.At(n.src, l), fmt.Sprintf("lock %q", nd.ID), "lanes", l.Lanes)
		atLeastOne(errs, input.At(n.src, l), fmt.Sprintf("lock %q", nd.ID), "steps", l.Steps)
		if l.Lanes > MaxLanes {
			errs.Add(input.At(n.src, l).Pos("lanes"), "lock %q: %d lanes; at most %d", nd.ID, l.Lanes, MaxLanes)
		}
		if l.Steps > MaxSteps {
			errs.Add(input.At(n.src, l).Pos("steps"), "lock %q: %d steps; at most %d", nd.ID, l.Steps, MaxSteps)
		}
		positive(errs, input.At(n.src, l), "chamber_length_m", l.ChamberLengthM)
		positive(errs, input.At(n.src, l), "chamber_width_m", l.ChamberWidthM)
		for _, f := range []struct {
			key string
			x   float64
		}{{"enter_minutes", l.EnterMinutes}, {"level_minutes", l.LevelMinutes}, {"exit_minutes", l.ExitMinutes}} {
			positive(errs, input.At(n.src, l), f.key, f.x)
		}
		for _, f := range []struct {
			key string
			x   float64
		}{{"enter_minutes", l.EnterMinutes}, {"level_minutes", l.LevelMinutes}, {"move_minutes", l.MoveMinutes}, {"exit_minutes", l.ExitMinutes}, {"turnaround_minutes", l.TurnaroundMinutes}} {
			if f.x > MaxLockMinutes {
				errs.Add(input.At(n.src, l).Pos(f.key), "lock %q: %s is %g; at most %d (a day)", nd.ID, f.key, f.x, MaxLockMinutes)
			}
		}
		for _, f := range []struct {
			key string
			x   float64
		}{{"move_minutes", l.MoveMinutes}, {"turnaround_minutes", l.TurnaroundMinutes}, {"water_mgal", l.WaterMgal}} {
			if !(f.x >= 0) {
				errs.Add(input.At(n.src, l).Pos(f.key), "lock %q: %s must not be negative, got %g", nd.ID, f.key, f.x)
			}
		}
		if l.WaterMgal > MaxWaterMgal {
			errs.Add(input.At(n.src, l).Pos("water_mgal"), "lock %q: water_mgal is %g million gallons a fill; at most %d", nd.ID, l.WaterMgal, MaxWaterMgal)
		}
		if l.Steps > 1 && !(l.MoveMinutes > 0) {
			errs.Add(input.At(n.src, l).Pos("move_minutes"), "lock %q: a flight of %d chambers needs move_minutes greater than 0", nd.ID, l.Steps)
		}
		atLeastOne(errs, input.At(n.src, l), fmt.Sprintf("lock %q", nd.ID), "max_run", l.MaxRun)
		if policies := []string{"first_fit", "line_up"}; l.Policy != "" && !slices.Contains(policies, l.Policy) {
			errs.Add(input.At(n.src, l).Pos("policy"), "lock %q: unknown policy %q; expected first_fit (the default) or line_up%s", nd.ID, l.Policy, suggest(l.Policy, policies))
		}
	case Terminal:
		if nd.Terminal == nil {
			errs.Add(f.Pos(""), "node %q: a terminal needs a terminal block", nd.ID)
			return
		}
		t := nd.Terminal
		atLeastOne(errs, input.At(n.src, t), fmt.Sprintf("terminal %q", nd.ID), "berths", t.Berths)
		atLeastOne(errs, input.At(n.src, t), fmt.Sprintf("terminal %q", nd.ID), "cranes", t.Cranes)
		atLeastOne(errs, input.At(n.src, t), fmt.Sprintf("terminal %q", nd.ID), "cranes_per_call", t.CranesPerCall)
		for _, c := range []struct {
			key string
			n   int
		}{{"berths", t.Berths}, {"cranes", t.Cranes}, {"cranes_per_call", t.CranesPerCall}} {
			if c.n > MaxBerths {
				errs.Add(input.At(n.src, t).Pos(c.key), "terminal %q: %d %s; at most %d", nd.ID, c.n, c.key, MaxBerths)
			}
		}
		if x := t.MovesPerCraneHour; !(x >= MinMovesPerCraneHour && x <= MaxMovesPerCraneHour) {
			errs.Add(input.At(n.src, t).Pos("moves_per_crane_hour"), "terminal %q: moves_per_crane_hour must be from %d to %d, got %g", nd.ID, MinMovesPerCraneHour, MaxMovesPerCraneHour, x)
		}
		if x := t.TEUPerMove; !(x >= MinTEUPerMove && x <= MaxTEUPerMove) {
			errs.Add(input.At(n.src, t).Pos("teu_per_move"), "terminal %q: teu_per_move must be from %g to %d, got %g", nd.ID, MinTEUPerMove, MaxTEUPerMove, x)
		}
		if !(t.CapacityTEUPerYear >= 0) {
			errs.Add(input.At(n.src, t).Pos("capacity_teu_per_year"), "terminal %q: capacity_teu_per_year must not be negative, got %g", nd.ID, t.CapacityTEUPerYear)
		}
		if !(t.TransshipmentShare >= 0 && t.TransshipmentShare <= 1) {
			errs.Add(input.At(n.src, t).Pos("transshipment_share"), "terminal %q: transshipment_share must be from 0 to 1, got %g", nd.ID, t.TransshipmentShare)
		}
		if t.CranesPerCall > t.Cranes {
			errs.Add(input.At(n.src, t).Pos("cranes_per_call"), "terminal %q: cranes_per_call (%d) is more than its cranes (%d)", nd.ID, t.CranesPerCall, t.Cranes)
		}
	case Lake:
		if l := nd.Lake; l != nil {
			n.checkLake(nd.ID, l, errs)
		}
	case Cut:
		if c := nd.Cut; c != nil {
			n.checkCut(nd.ID, c, errs)
		}
	case Rail:
		if nd.Rail == nil {
			errs.Add(f.Pos(""), "node %q: a railway needs a rail block", nd.ID)
			return
		}
		positive(errs, input.At(n.src, nd.Rail), "length_m", nd.Rail.LengthM)
		positive(errs, input.At(n.src, nd.Rail), "capacity_teu_per_day", nd.Rail.CapacityTEUPerDay)
	}
}

// aKind returns k with its indefinite article: "a lock", "an approach".
func aKind(k Kind) string {
	if k == "" {
		return "of no kind"
	}
	return k.WithArticle()
}

func overlap(a, b Tenure) bool {
	// [a.From, a.Until) and [b.From, b.Until) with zero meaning unbounded.
	aBeforeB := !a.Until.IsZero() && !b.From.IsZero() && !a.Until.After(b.From)
	bBeforeA := !b.Until.IsZero() && !a.From.IsZero() && !b.Until.After(a.From)
	return !aBeforeB && !bBeforeA
}

func atLeastOne(errs *input.Errors, f input.Fields, what, key string, x int) {
	if x < 1 {
		errs.Add(f.Pos(key), "%s: %s must be at least 1, got %d", what, key, x)
	}
}

func (n *Network) checkLake(id string, l *LakeSpec, errs *input.Errors) {
	positive(errs, input.At(n.src, l), "area_km2", l.AreaKm2)
	if !l.Summit() {
		return
	}
	what := fmt.Sprintf("lake %q", id)
	if !(l.MinLevelFt < l.LevelFt && l.LevelFt <= l.MaxLevelFt) {
		errs.Add(input.At(n.src, l).Pos("level_ft"), "%s: need min_level_ft < level_ft <= max_level_ft, got %g, %g, %g", what, l.MinLevelFt, l.LevelFt, l.MaxLevelFt)
	}
	if len(l.InflowMonthlyShare) != 12 {
		errs.Add(input.At(n.src, l).Pos("inflow_monthly_share"), "%s: inflow_monthly_share needs 12 values (January to December), got %d", what, len(l.InflowMonthlyShare))
	} else {
		sum := 0.0
		for i, x := range l.InflowMonthlyShare {
			if !(x >= 0) {
				errs.Add(input.At(n.src, l).Pos(fmt.Sprintf("inflow_monthly_share[%d]", i)), "%s: a monthly share must not be negative, got %g", what, x)
			}
			sum += x
		}
		if math.Abs(sum-1) > 0.005 {
			errs.Add(input.At(n.src, l).Pos("inflow_monthly_share"), "%s: inflow_monthly_share adds up to %g; it must add up to 1", what, sum)
		}
	}
	if !(l.OtherUsesMcmPerDay >= 0) {
		errs.Add(input.At(n.src, l).Pos("other_uses_mcm_per_day"), "%s: other_uses_mcm_per_day must not be negative, got %g", what, l.OtherUsesMcmPerDay)
	}
	if len(l.DraftTable) == 0 {
		errs.Add(input.At(n.src, l).Pos("draft_table"), "%s: a summit lake needs a draft_table", what)
	}
	for i, p := range l.DraftTable {
		if i > 0 && !(p.LevelFt > l.DraftTable[i-1].LevelFt) {
			errs.Add(input.At(n.src, l).Pos(fmt.Sprintf("draft_table[%d]", i)), "%s: draft_table levels must increase, got %g after %g", what, p.LevelFt, l.DraftTable[i-1].LevelFt)
		}
		if !(p.DraftFt > 0) {
			errs.Add(input.At(n.src, l).Pos(fmt.Sprintf("draft_table[%d]", i)), "%s: draft_table drafts must be greater than 0, got %g", what, p.DraftFt)
		}
	}
}

func (n *Network) checkOperations(o *Operations, errs *input.Errors) {
	f := input.At(n.src, o)
	for _, v := range []struct {
		pos input.Pos
		key string
		x   float64
	}{
		{input.At(n.src, &o.DailyTransits).Pos("neopanamax"), "daily_transits.neopanamax", o.DailyTransits.Neopanamax},
		{input.At(n.src, &o.DailyTransits).Pos("panamax"), "daily_transits.panamax", o.DailyTransits.Panamax},
		{input.At(n.src, &o.BacklogTransits).Pos("neopanamax"), "backlog_transits.neopanamax", o.BacklogTransits.Neopanamax},
		{input.At(n.src, &o.BacklogTransits).Pos("panamax"), "backlog_transits.panamax", o.BacklogTransits.Panamax},
		{f.Pos("priority_after_days"), "priority_after_days", o.PriorityAfterDays},
		{f.Pos("auction_reserve_usd"), "auction_reserve_usd", o.AuctionReserveUSD},
	} {
		if !(v.x >= 0) {
			errs.Add(v.pos, "operations: %s must not be negative, got %g", v.key, v.x)
		}
	}

	if a := o.SpecialAuction; a != nil {
		for _, v := range []struct {
			key string
			x   float64
		}{{"min_wait_days", a.MinWaitDays}, {"lead_days", a.LeadDays}, {"reserve_usd", a.ReserveUSD}} {
			if !(v.x >= 0) {
				errs.Add(input.At(n.src, a).Pos(v.key), "operations: special_auction.%s must not be negative, got %g", v.key, v.x)
			}
		}
		if a.LeadDays != math.Trunc(a.LeadDays) {
			errs.Add(input.At(n.src, a).Pos("lead_days"), "operations: special_auction.lead_days must be a whole number of days (the auction is held at a midnight), got %g", a.LeadDays)
		}
	}
	if !(o.MaxBookedShare >= 0 && o.MaxBookedShare <= 1) {
		errs.Add(f.Pos("max_booked_share"), "operations: max_booked_share must be between 0 and 1, got %g", o.MaxBookedShare)
	}
	if !(o.PanamaxDraftFt >= 0) {
		errs.Add(f.Pos("panamax_draft_ft"), "operations: panamax_draft_ft must not be negative, got %g", o.PanamaxDraftFt)
	}
	for i := range o.Booking {
		b := &o.Booking[i]
		if i > 0 && !b.From.After(o.Booking[i-1].From) {
			errs.Add(input.At(n.src, b).Pos("from"), "operations: booking dates must increase, got %s after %s", b.From.Format(input.DateLayout), o.Booking[i-1].From.Format(input.DateLayout))
		}
		if !(b.Neopanamax >= 0 && b.Panamax >= 0) {
			errs.Add(input.At(n.src, b).Pos(""), "operations: booking slots must not be negative")
		}
		if a := b.Auction; !(a.Neopanamax >= 0 && a.Panamax >= 0 && a.Neopanamax <= b.Neopanamax && a.Panamax <= b.Panamax) || a.Neopanamax != math.Trunc(a.Neopanamax) || a.Panamax != math.Trunc(a.Panamax) {
			errs.Add(input.At(n.src, b).Pos("auction"), "operations: booking from %s: auction slots must be whole numbers from 0 to the day's booking slots (%g neopanamax, %g panamax), got %g and %g", b.From.Format(input.DateLayout), b.Neopanamax, b.Panamax, a.Neopanamax, a.Panamax)
		}
	}
}

// SummitLake returns the lake with a water balance, or nil.
func (n *Network) SummitLake() *Node {
	for _, nd := range n.Nodes {
		if nd != nil && nd.Kind == Lake && nd.Lake.Summit() {
			return nd
		}
	}
	return nil
}

func (n *Network) checkCut(id string, c *CutSpec, errs *input.Errors) {
	f := input.At(n.src, c)
	positive(errs, f, "length_m", c.LengthM)
	positive(errs, f, "speed_knots", c.SpeedKnots)
	positive(errs, f, "period_hours", c.PeriodHours)
	if c.PeriodHours > 0 && !(c.PeriodHours >= MinCutPeriodHours && c.PeriodHours <= 24) {
		errs.Add(f.Pos("period_hours"), "cut %q: period_hours must be from %g to 24, got %g", id, MinCutPeriodHours, c.PeriodHours)
	}
	if h := c.Hours(); c.LengthM > 0 && c.SpeedKnots > 0 && c.PeriodHours >= MinCutPeriodHours && !(h < c.PeriodHours) {
		// A clear-cut passage must end within its window.
		errs.Add(f.Pos("speed_knots"), "cut %q: the passage takes %.3g hours (%g m at %g knots), not less than period_hours (%g): no clear-cut vessel could ever pass", id, h, c.LengthM, c.SpeedKnots, c.PeriodHours)
	}
	if c.SpacingMinutes > MaxLockMinutes {
		errs.Add(f.Pos("spacing_minutes"), "cut %q: spacing_minutes is %g; at most %d (a day)", id, c.SpacingMinutes, MaxLockMinutes)
	}
	if c.FirstDirection != "northbound" && c.FirstDirection != "southbound" {
		errs.Add(f.Pos("first_direction"), "cut %q: first_direction must be northbound or southbound, got %q", id, c.FirstDirection)
	}
	if !(0 <= c.DaylightFrom && c.DaylightFrom < c.DaylightUntil && c.DaylightUntil <= 24) {
		errs.Add(f.Pos("daylight_from"), "cut %q: need 0 <= daylight_from < daylight_until <= 24, got %g and %g", id, c.DaylightFrom, c.DaylightUntil)
	}
	if !(c.SpacingMinutes >= 0) {
		errs.Add(f.Pos("spacing_minutes"), "cut %q: spacing_minutes must not be negative, got %g", id, c.SpacingMinutes)
	}
}
