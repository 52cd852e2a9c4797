package sim

import (
	"slices"
	"time"

	"github.com/canalsim/canalsim/sim/network"
)

// This file holds what a scenario may cost whom: the cost items, each a
// quantity taken from the runs' days, scenario against baseline, and a
// rate from a rates file (CostRates). Package results prices them over
// the replications (summary.json's costs).

// The kinds of payer.
const (
	PayerCanal            = "canal"
	PayerTerminalOperator = "terminal_operator"
	PayerRailway          = "railway"
	PayerShipowners       = "shipowners"
)

// The items of a payer's cost.
const (
	// CostTolls is the canal's tolls forgone: the extra vessels that gave
	// up on the canal, by cost class, times its toll.
	CostTolls = "tolls"
	// CostWaiting is the shipowners' cost of waiting: the extra days
	// their ships waited at the anchorages, by cost class, times the
	// charter rate and fuel at anchor.
	CostWaiting = "waiting"
	// CostDiversion is the shipowners' cost of giving up on the canal:
	// the extra vessels that did, by cost class, times the extra days of
	// their route at the charter rate and fuel at sea, less the toll
	// saved.
	CostDiversion = "diversion"
	// CostHandling is a terminal operator's handling revenue lost: the
	// TEU a terminal did not handle (negative when it handled more, a
	// gain) on the days the operator ran it, times its rate.
	CostHandling = "handling"
	// CostRail is the railway's revenue lost: the TEU not carried across
	// the isthmus by rail (negative when more were, a gain), times its
	// rate.
	CostRail = "rail"
)

// CostItem is one item of what a scenario may cost a payer: a quantity
// the scenario changes, against its baseline, times a rate. Each
// replication's Outcome holds the quantity of every item of
// Result.CostItems, over the run and over each window; package results
// prices and describes them (summary.json's costs).
type CostItem struct {
	// Payer is "canal", "shipowners" or the operator's ID in the
	// network; Kind one of the Payer constants; Name for people.
	Payer, Kind, Name string
	// Item is one of the Cost constants; Of is the cost class
	// ("segment/lock_type") of tolls, waiting and diversion, the terminal
	// of handling, the railway's node of rail. Unit is the quantity's:
	// extra vessels giving up on the canal (scenario minus baseline) for
	// tolls and diversion, extra vessel-days waiting for waiting, TEU not
	// handled or carried (baseline minus scenario) for handling and rail.
	Item, Of, Unit string
	// RateUSD is the cost of one unit of the quantity (USD).
	RateUSD  float64
	quantity func(b, s []Day) float64
}

// CostItems returns every item the scenario may cost, in report order:
// the order of an Outcome's Costs.
func (r *Result) CostItems() []CostItem { return slices.Clone(r.reduction().items) }

// CostRates returns the rates the result's costs are priced at: its
// scenario's.
func (r *Result) CostRates() *CostRates { return r.costRates() }

// costItems lists every item the scenario may cost, in report order.
func (r *Result) costItems(rates *CostRates) []CostItem {
	var net *network.Network
	if r.Scenario != nil {
		net = r.Scenario.network()
	}
	canalName := "The canal"
	canalPayer := PayerCanal
	if net != nil {
		for _, nd := range net.NodesOfKind(network.Lock) {
			if op := net.Operator(nd.OperatorAt(r.Scenario.Start)); op != nil {
				canalName = op.Name
				break
			}
		}
	}
	var items []CostItem
	// byClass adds an item, made by item, for each cost class with rates.
	byClass := func(item func(k int, c CostClass, sr *ShipRates) CostItem) {
		for k, c := range CostClasses() {
			if sr := rates.Ship(c); sr != nil {
				items = append(items, item(k, c, sr))
			}
		}
	}
	// diverted is the quantity of vessels of class k the scenario
	// diverted beyond the baseline's.
	diverted := func(k int) func(b, s []Day) float64 {
		return func(b, s []Day) float64 {
			return float64(sumInt(s, func(d *Day) int { return d.DivertedByClass[k] }) - sumInt(b, func(d *Day) int { return d.DivertedByClass[k] }))
		}
	}
	byClass(func(k int, c CostClass, sr *ShipRates) CostItem {
		return CostItem{Payer: canalPayer, Kind: PayerCanal, Name: canalName, Item: CostTolls, Of: c.String(), Unit: "vessels", RateUSD: sr.Toll.Value, quantity: diverted(k)}
	})
	// Terminal operators: each (operator, terminal) that ran on a
	// reported day, in terminal order.
	opName := func(id string) string {
		if net != nil {
			if op := net.Operator(id); op != nil {
				return op.Name
			}
		}
		return id
	}
	dates := r.reportedDates()
	operatorAt := func(node string) func(d *Day) string {
		var nd *network.Node
		if net != nil {
			nd = net.Node(node)
		}
		return func(d *Day) string {
			if nd == nil {
				return node
			}
			if op := nd.OperatorAt(d.Date); op != "" {
				return op
			}
			return node
		}
	}
	type pair struct{ op, of string }
	var ops []string
	var pairs []pair
	for _, t := range r.Terminals {
		at := operatorAt(t)
		for _, d := range dates {
			op := at(&Day{Date: d})
			if !slices.Contains(pairs, pair{op, t}) {
				pairs = append(pairs, pair{op, t})
			}
			if !slices.Contains(ops, op) {
				ops = append(ops, op)
			}
		}
	}
	for _, op := range ops {
		for _, p := range pairs {
			if p.op != op {
				continue
			}
			k := slices.Index(r.Terminals, p.of)
			at := operatorAt(p.of)
			items = append(items, CostItem{Payer: op, Kind: PayerTerminalOperator, Name: opName(op), Item: CostHandling, Of: p.of, Unit: "TEU", RateUSD: rates.HandlingRate(p.of),
				quantity: func(b, s []Day) float64 {
					x := 0.0
					for i := range b {
						if at(&b[i]) == op {
							x += b[i].TerminalTEU[k] - s[i].TerminalTEU[k]
						}
					}
					return x
				}})
		}
	}
	// The railway, by its operator on each day.
	rail := "railway"
	if net != nil {
		if rs := net.NodesOfKind(network.Rail); len(rs) > 0 {
			rail = rs[0].ID
		}
	}
	at := operatorAt(rail)
	var railOps []string
	for _, d := range dates {
		if op := at(&Day{Date: d}); !slices.Contains(railOps, op) {
			railOps = append(railOps, op)
		}
	}
	for _, op := range railOps {
		items = append(items, CostItem{Payer: op, Kind: PayerRailway, Name: opName(op), Item: CostRail, Of: rail, Unit: "TEU", RateUSD: rates.Rail.Value,
			quantity: func(b, s []Day) float64 {
				x := 0.0
				for i := range b {
					if at(&b[i]) == op {
						x += b[i].RailTEU - s[i].RailTEU
					}
				}
				return x
			}})
	}
	const owners = "Shipowners (ships' time and fuel)"
	byClass(func(k int, c CostClass, sr *ShipRates) CostItem {
		return CostItem{Payer: PayerShipowners, Kind: PayerShipowners, Name: owners, Item: CostWaiting, Of: c.String(), Unit: "vessel-days", RateUSD: sr.WaitPerDay(),
			quantity: func(b, s []Day) float64 {
				return sumFloat(s, func(d *Day) float64 { return d.WaitDaysByClass[k] }) - sumFloat(b, func(d *Day) float64 { return d.WaitDaysByClass[k] })
			}}
	})
	byClass(func(k int, c CostClass, sr *ShipRates) CostItem {
		return CostItem{Payer: PayerShipowners, Kind: PayerShipowners, Name: owners, Item: CostDiversion, Of: c.String(), Unit: "vessels", RateUSD: sr.DiversionPerVessel(), quantity: diverted(k)}
	})
	return items
}

// reportedDates returns the dates of the reported days: the scenario's,
// or for a result built by hand without them, the first done
// replication's (the same in all).
func (r *Result) reportedDates() []time.Time {
	if sc := r.Scenario; sc != nil && sc.Days > 0 {
		out := make([]time.Time, sc.Days)
		for d := range out {
			out[d] = sc.Start.AddDate(0, 0, d)
		}
		return out
	}
	for i, done := range r.Done {
		if done {
			var out []time.Time
			for _, d := range r.Baseline[i].Days {
				out = append(out, d.Date)
			}
			return out
		}
	}
	return nil
}

func sumInt(ds []Day, f func(*Day) int) int {
	n := 0
	for i := range ds {
		n += f(&ds[i])
	}
	return n
}

func sumFloat(ds []Day, f func(*Day) float64) float64 {
	x := 0.0
	for i := range ds {
		x += f(&ds[i])
	}
	return x
}

// costRates returns the rates of the result's costs: its scenario's.
func (r *Result) costRates() *CostRates {
	if r.Scenario != nil {
		return r.Scenario.rates()
	}
	return PanamaCosts()
}
