package plots

import "io"

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
	Applies func(r *Results) bool
	// Draw writes the figure in format f.
	Draw func(w io.Writer, f Format, r *Results) error
}

// Figures lists the figures of a results folder, in report order.
func Figures() []Figure {
	return []Figure{
		{
			Name:    "throughput",
			Title:   "Throughput over time",
			Caption: "Canal transits a day and TEU a day handled by Panama's terminals, baseline against scenario: the mean across replications, with a band from the 5th to the 95th percentile; disruption windows shaded.",
			Draw: func(w io.Writer, f Format, r *Results) error {
				return Throughput(w, f, r.Daily, r.Manifest)
			},
		},
	}
}
