package sim

import (
	"math"
	"slices"
	"time"

	"github.com/canalsim/canalsim/sim/network"
)

// This file holds the costs section of a summary: who pays for a
// scenario, in US dollars, from the runs' days and a rates file
// (CostRates). Every cost is a paired difference, scenario against
// baseline replication by replication, like the metrics'; its interval is
// the percentile bootstrap of describeBootstrap.

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

// Costs is the costs section of summary.json: what the scenario costs
// each payer, in US dollars, against its baseline. A positive cost is
// money the payer loses (revenue forgone or expense incurred), a
// negative one money it gains.
type Costs struct {
	// Currency is "USD".
	Currency string `json:"currency"`
	// Rates names the rates file the costs come from.
	Rates string `json:"rates"`
	// Replications is the number of replications the statistics are
	// over.
	Replications int `json:"replications"`
	// Payers are the canal, the terminal operators and the railway's
	// operator (each by the operator running its terminals on each day,
	// from the network's tenures), then the shipowners.
	Payers []PayerCost `json:"payers"`
}

// PayerCost is what the scenario costs one payer: the sum of its items,
// replication by replication.
type PayerCost struct {
	// Payer is "canal", "shipowners" or the operator's ID in the network;
	// Kind one of the Payer constants; Name for people.
	Payer string `json:"payer"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	// CostUSD is the payer's cost (USD; negative for a gain).
	CostUSD Stats      `json:"cost_usd"`
	Items   []CostItem `json:"items"`
}

// CostItem is one item of a payer's cost: a quantity the scenario
// changed, times a rate. Items whose quantity is zero in every
// replication are left out.
type CostItem struct {
	// Item is one of the Cost constants; Of is the cost class
	// ("segment/lock_type") of tolls, waiting and diversion, the terminal
	// of handling, the railway's node of rail.
	Item string `json:"item"`
	Of   string `json:"of"`
	// Quantity is the change that costs, with its Unit: extra vessels
	// giving up on the canal (scenario minus baseline) for tolls and
	// diversion, extra vessel-days waiting (scenario minus baseline) for
	// waiting, TEU not handled or carried (baseline minus scenario) for
	// handling and rail.
	Quantity Stats  `json:"quantity"`
	Unit     string `json:"unit"`
	// RateUSD is the cost of one unit of Quantity (USD), and CostUSD the
	// item's cost, Quantity times RateUSD.
	RateUSD float64 `json:"rate_usd"`
	CostUSD Stats   `json:"cost_usd"`
}

// TotalMean returns the sum of the payers' mean costs (USD): what the
// scenario costs all of them together, gains netted out.
func (c *Costs) TotalMean() float64 {
	t := 0.0
	for _, p := range c.Payers {
		if !math.IsNaN(p.CostUSD.Mean) {
			t += p.CostUSD.Mean
		}
	}
	return t
}

// costItem is an item as computed: its payer and how to take its
// quantity from a pair of spans of days.
type costItem struct {
	payer, kind, name string
	item, of, unit    string
	rate              float64
	quantity          func(b, s []Day) float64
}

// costItems lists every item the scenario may cost, in report order.
func (r *Result) costItems(rates *CostRates) []costItem {
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
	var items []costItem
	// byClass adds an item, made by item, for each cost class with rates.
	byClass := func(item func(k int, c CostClass, sr *ShipRates) costItem) {
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
	byClass(func(k int, c CostClass, sr *ShipRates) costItem {
		return costItem{payer: canalPayer, kind: PayerCanal, name: canalName, item: CostTolls, of: c.String(), unit: "vessels", rate: sr.Toll.Value, quantity: diverted(k)}
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
			items = append(items, costItem{payer: op, kind: PayerTerminalOperator, name: opName(op), item: CostHandling, of: p.of, unit: "TEU", rate: rates.HandlingRate(p.of),
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
		items = append(items, costItem{payer: op, kind: PayerRailway, name: opName(op), item: CostRail, of: rail, unit: "TEU", rate: rates.Rail.Value,
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
	byClass(func(k int, c CostClass, sr *ShipRates) costItem {
		return costItem{payer: PayerShipowners, kind: PayerShipowners, name: owners, item: CostWaiting, of: c.String(), unit: "vessel-days", rate: sr.WaitPerDay(),
			quantity: func(b, s []Day) float64 {
				return sumFloat(s, func(d *Day) float64 { return d.WaitDaysByClass[k] }) - sumFloat(b, func(d *Day) float64 { return d.WaitDaysByClass[k] })
			}}
	})
	byClass(func(k int, c CostClass, sr *ShipRates) costItem {
		return costItem{payer: PayerShipowners, kind: PayerShipowners, name: owners, item: CostDiversion, of: c.String(), unit: "vessels", rate: sr.DiversionPerVessel(), quantity: diverted(k)}
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

// costs computes the costs section over the quantities of the cost items
// (costItems) that span returns from each done replication's outcome
// (nil to leave one out).
func (r *Result) costs(span func(o *outcome) []float64) *Costs {
	rates := r.costRates()
	items := r.reduction().items
	qty := make([][]float64, len(items))
	n := 0
	for i, done := range r.Done {
		if !done {
			continue
		}
		q := span(r.outcome(i))
		if q == nil {
			continue
		}
		n++
		for j := range items {
			qty[j] = append(qty[j], q[j])
		}
	}
	c := &Costs{Currency: "USD", Rates: rates.File, Replications: n, Payers: []PayerCost{}}
	if rates.File == "" {
		c.Rates = rates.Name
	}
	type acc struct {
		p     PayerCost
		total []float64
	}
	var payers []*acc
	find := func(it costItem) *acc {
		for _, a := range payers {
			if a.p.Payer == it.payer && a.p.Kind == it.kind {
				return a
			}
		}
		a := &acc{p: PayerCost{Payer: it.payer, Kind: it.kind, Name: it.name, Items: []CostItem{}}, total: make([]float64, n)}
		payers = append(payers, a)
		return a
	}
	for j, it := range items {
		a := find(it)
		cost := make([]float64, n)
		zero := true
		for k, q := range qty[j] {
			cost[k] = q * it.rate
			a.total[k] += cost[k]
			zero = zero && q == 0
		}
		if zero {
			continue
		}
		a.p.Items = append(a.p.Items, CostItem{Item: it.item, Of: it.of, Unit: it.unit, RateUSD: it.rate,
			Quantity: describeBootstrap(qty[j]), CostUSD: describeBootstrap(cost)})
	}
	for _, a := range payers {
		// The canal and the shipowners always show; an operator only
		// where the scenario changed its revenue.
		if len(a.p.Items) == 0 && a.p.Kind != PayerCanal && a.p.Kind != PayerShipowners {
			continue
		}
		a.p.CostUSD = describeBootstrap(a.total)
		c.Payers = append(c.Payers, a.p)
	}
	return c
}
