package plots

import (
	"io"

	"github.com/canalsim/canalsim/results"
)

// A Figure is one of the figures drawn from a results folder: by "canalsim
// plot" into the folder's plots/, and into the report.
type Figure struct {
	// Name is the file name without its extension: "throughput".
	Name string
	// Title names the figure in the report's contents.
	Title string
	// Caption says, in a sentence or two, what the figure shows and how
	// to read it, for the report.
	Caption string
	// Applies reports whether the figure has something to show for r
	// (the lake's level only where the lake moves, say); nil means always.
	Applies func(r *results.Folder) bool
	// Draw writes the figure in format f.
	Draw func(w io.Writer, f Format, r *results.Folder) error
}

// Figures lists the figures of a results folder, in report order.
func Figures() []Figure {
	return []Figure{
		{
			Name:    "throughput",
			Title:   "Throughput over time",
			Caption: "Canal transits a day and TEU a day handled by Panama's terminals, baseline against scenario: the mean across replications, with a band from the 5th to the 95th percentile; disruption windows shaded.",
			Draw: func(w io.Writer, f Format, r *results.Folder) error {
				return Throughput(w, f, r.Bands, r.Manifest)
			},
		},
		{
			Name:    "network",
			Title:   "The network and who runs it",
			Caption: "The canal and its terminals at their coordinates, on a true scale: reaches by water (solid) and rail (dashed), nodes shaped by kind and coloured by their operator on the scenario's start date (owners in the legend), with insets enlarging the crowded terminals at each entrance; the nodes the scenario's disruptions act on are ringed in vermillion.",
			Applies: mapApplies,
			Draw:    NetworkMap,
		},
		{
			Name:    "difference",
			Title:   "Scenario against baseline, day by day",
			Caption: "The difference scenario minus baseline in canal transits a day and in TEU a day (7-day mean), taken replication by replication on shared random numbers: the mean difference, with a band from the 5th to the 95th percentile of the differences; zero is no effect.",
			Draw:    Difference,
		},
		{
			Name:    "queue",
			Title:   "Anchorage queue",
			Caption: "Vessels waiting at the anchorages to start their transit, at the end of each day and at the day's peak, baseline against scenario: the mean across replications, with a band from the 5th to the 95th percentile.",
			Draw:    Queue,
		},
		{
			Name:    "waits",
			Title:   "Waiting times at the anchorages",
			Caption: "The share of vessels that waited at most a given time at the anchorage before starting their transit, all replications together, baseline against scenario; dashed lines mark the median and the 95th percentile, and the table gives them with the 99th and the longest wait.",
			Applies: waitsApply,
			Draw:    Waits,
		},
		{
			Name:    "terminals",
			Title:   "TEU by terminal",
			Caption: "TEU a day handled at each terminal, baseline and scenario, and their paired difference: dots at the mean across replications, thick bars across its 95% confidence interval, thin lines from the 5th to the 95th percentile.",
			Applies: terminalsApply,
			Draw:    Terminals,
		},
		{
			Name:    "losses",
			Title:   "Distribution of losses",
			Caption: "How the TEU and transits lost because of the disruptions vary across replications: the share of replications with no loss at all as a bar of its own, a histogram of the others, and lines at the mean and the 95th percentile.",
			Applies: lossesApply,
			Draw:    Losses,
		},
		{
			Name:    "costs",
			Title:   "Who pays",
			Caption: "What the scenario costs each payer over the reported days, in millions of US dollars, against its baseline replication by replication: the canal (tolls forgone by ships that gave up on it), each terminal operator and the railway's (handling or rail revenue lost, negative for a gain, by who ran each on each day), and the shipowners (charter and fuel while waiting and detouring, less the tolls saved). Bars at the mean, whiskers across its 95% interval; the rates and their sources are in sim/panama_costs.yaml.",
			Applies: costsApply,
			Draw:    Costs,
		},
		{
			Name:    "lake",
			Title:   "Gatún Lake and the draft limit",
			Caption: "The level of Gatún Lake and the Neopanamax draft limit it allows, baseline against scenario: the mean across replications, with a band from the 5th to the 95th percentile. Drawn where the scenario changes the lake's level, or the draft limit changes at all.",
			Applies: lakeApplies,
			Draw:    Lake,
		},
		{
			Name:    "hindcast",
			Title:   "Hindcast: the model against published figures",
			Caption: "One panel per metric of hindcast.json: for each published figure, the model over the same date or months (the scenario variant), a box from the 5th to the 95th percentile across replications with a line at the mean, and the published value as a dot with its value; for levels (the lake), the thin line and band are the model day by day. Totals over a period (transits) are drawn as a rate a day, so that months, quarters and fiscal years share an axis. Drawn after canalsim hindcast.",
			Applies: hindcastApplies,
			Draw:    Hindcast,
		},
	}
}

// waitsApply: the waits figure needs vessels that started a transit in
// both variants (a study whose locks are closed throughout has none).
func waitsApply(r *results.Folder) bool {
	if r.Waits == nil {
		return false
	}
	sum := func(xs []int) (n int) {
		for _, x := range xs {
			n += x
		}
		return n
	}
	return sum(r.Waits.Baseline) > 0 && sum(r.Waits.Scenario) > 0
}
