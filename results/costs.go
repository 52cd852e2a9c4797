package results

import (
	"math"

	"github.com/canalsim/canalsim/sim"
)

// This file holds the costs section of summary.json: who pays for a
// scenario, in US dollars: each cost item of sim.Result.CostItems, a
// quantity per replication times its rate. Every cost is a paired
// difference, scenario against baseline replication by replication, like
// the metrics'; its interval is the percentile bootstrap of
// describeBootstrap.

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

// costs computes the costs section over the quantities of the cost items
// (costItems) that span returns from each done replication's outcome
// (nil to leave one out).
func costs(r *sim.Result, span func(o *sim.Outcome) []float64) *Costs {
	rates := r.CostRates()
	items := r.CostItems()
	qty := make([][]float64, len(items))
	n := 0
	for _, o := range r.Outcomes() {
		q := span(o)
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
	find := func(it sim.CostItem) *acc {
		for _, a := range payers {
			if a.p.Payer == it.Payer && a.p.Kind == it.Kind {
				return a
			}
		}
		a := &acc{p: PayerCost{Payer: it.Payer, Kind: it.Kind, Name: it.Name, Items: []CostItem{}}, total: make([]float64, n)}
		payers = append(payers, a)
		return a
	}
	for j, it := range items {
		a := find(it)
		cost := make([]float64, n)
		zero := true
		for k, q := range qty[j] {
			cost[k] = q * it.RateUSD
			a.total[k] += cost[k]
			zero = zero && q == 0
		}
		if zero {
			continue
		}
		a.p.Items = append(a.p.Items, CostItem{Item: it.Item, Of: it.Of, Unit: it.Unit, RateUSD: it.RateUSD,
			Quantity: describeBootstrap(qty[j]), CostUSD: describeBootstrap(cost)})
	}
	for _, a := range payers {
		// The canal and the shipowners always show; an operator only
		// where the scenario changed its revenue.
		if len(a.p.Items) == 0 && a.p.Kind != sim.PayerCanal && a.p.Kind != sim.PayerShipowners {
			continue
		}
		a.p.CostUSD = describeBootstrap(a.total)
		c.Payers = append(c.Payers, a.p)
	}
	return c
}
