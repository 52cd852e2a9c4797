package network_test

import (
	"fmt"
	"time"

	"github.com/canalsim/canalsim/sim/network"
)

// The route of a Neopanamax vessel through the canal: the new locks, and
// not the Panamax ones, terminals or railway.
func ExampleNetwork_Route() {
	n := network.Panama()
	neopanamax := func(nd *network.Node) bool {
		switch nd.Kind {
		case network.Terminal, network.Rail:
			return false
		case network.Lock:
			return nd.Lock.Type == network.Neopanamax
		}
		return true
	}
	p, err := n.Route("pacific-anchorage", "atlantic-anchorage", neopanamax)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, nd := range p.Nodes {
		fmt.Println(nd.ID)
	}
	fmt.Printf("%.1f km by water, %.1f h under way\n", p.Metres()/1000, p.Hours())
	// Output:
	// pacific-anchorage
	// pacific-approach
	// cocoli-locks
	// culebra-cut
	// gatun-lake
	// agua-clara-locks
	// atlantic-approach
	// atlantic-anchorage
	// 88.4 km by water, 6.5 h under way
}

// Everything CK Hutchison controls, before and after the Panama Ports
// concession ended on 23 February 2026.
func ExampleNetwork_Controlled() {
	n := network.Panama()
	for _, d := range []string{"2026-02-22", "2026-02-23"} {
		day, _ := time.Parse(time.DateOnly, d)
		fmt.Print(d, ":")
		for _, nd := range n.Controlled("ck-hutchison", day) {
			fmt.Print(" ", nd.Name, " (via ")
			for i, op := range n.Chain(nd, day) {
				if i > 0 {
					fmt.Print(" -> ")
				}
				fmt.Print(op.ID)
			}
			fmt.Print(")")
		}
		fmt.Println()
	}
	// Output:
	// 2026-02-22: Balboa (via ppc -> hutchison-ports -> ck-hutchison) Cristóbal (via ppc -> hutchison-ports -> ck-hutchison)
	// 2026-02-23:
}
