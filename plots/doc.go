// Package plots draws the figures of a canalsim results folder from the
// files the sim package writes (daily.csv, summary.json,
// replications.csv, waits.csv, manifest.json), with gonum/plot: the
// figures listed by Figures, each drawn where it applies, and the
// response of a sweep (SweepResponse).
//
// Each figure is a function that writes one image to an io.Writer in a
// Format: SVG (the default, the zero Format), PNG or PDF. Figures are
// sized for a report page (8 x 6 inches; PNG at 150 dots per inch) and
// explain themselves: a title with the scenario's name, axis labels with
// units, baseline and scenario told apart by colour (the colour-blind-safe
// Okabe-Ito palette) and by the legend, the spread across replications
// drawn as a band, disruption windows shaded, and a footer with the
// provenance (scenario, seed, replications, program version) taken from
// the manifest.
//
// Units: dates are days from midnight on the model's clock (the network's
// local time, which the results write as UTC); a day's value is drawn at noon,
// the middle of the day it counts, so a disruption window [From, Until)
// shades exactly the days it covers. Counts are per day.
//
// Determinism: the same table and manifest give the same SVG and PNG
// bytes. PDF output carries its creation time (set by the PDF library),
// so PDFs of the same figure differ in that field only.
//
// The package holds no state: its functions are safe for concurrent use,
// and none of them changes gonum/plot's package-level defaults.
package plots
