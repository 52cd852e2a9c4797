package plots

import (
	"testing"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// TestOperatorColour checks that an operator has one colour whatever the
// study's dates: the network map's at any start date, and the colours of
// the terminals and costs figures, are operatorColour's, and operators
// with colours of their own have different ones.
func TestOperatorColour(t *testing.T) {
	net := network.Panama()
	seen := map[[4]uint8]string{}
	for _, id := range operatorRanks(net) {
		c, ok := operatorColour(net, id)
		if !ok {
			continue
		}
		k := [4]uint8{c.R, c.G, c.B, c.A}
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s share colour %v", id, other, c)
		}
		seen[k] = id
	}
	if got, want := len(seen), len(operatorRanks(net)); got != want {
		t.Errorf("%d of %d operators have a colour of their own", got, want)
	}
	if c, _ := operatorColour(net, "no-such-operator"); c != noOpGrey {
		t.Errorf("an unknown operator is %v, want the grey of other operators", c)
	}
	for _, day := range []string{"2025-01-01", "2025-06-01", "2026-03-01"} {
		start, _ := time.Parse(time.DateOnly, day)
		mp, err := newNetMap(net, &results.Manifest{Network: net.Name, Start: day}, start)
		if err != nil {
			t.Fatal(err)
		}
		for id, got := range mp.opColour {
			if want, _ := operatorColour(net, id); got != want {
				t.Errorf("%s: map colours %s %v, want %v", day, id, got, want)
			}
		}
		for _, nd := range net.Nodes {
			op := nd.OperatorAt(start)
			if op == "" {
				continue
			}
			got, _ := nodeColour(net, nd.ID, start)
			if want := mp.opColour[op]; got != want {
				t.Errorf("%s: %s is %v in the figures, %v on the map", day, nd.ID, got, want)
			}
		}
		canal := payerOperator(net, results.PayerCost{Payer: "canal", Kind: sim.PayerCanal}, start)
		if canal != "acp" {
			t.Errorf("%s: the canal pays as %q, want acp", day, canal)
		}
	}
}
