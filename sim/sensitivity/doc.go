// Package sensitivity measures what drives a model's answer: global
// sensitivity analysis by variance decomposition (Sobol' indices estimated
// with the Saltelli design) and by screening (Morris elementary effects).
// It knows nothing of canals: a model is whatever maps a point of parameter
// values to one number.
//
// # Workflow
//
// Describe the uncertain inputs as a Problem: each Param has a name and a
// Quantiler, the inverse CDF that maps a uniform draw in [0,1] to the
// parameter's value (gonum's distuv distributions are Quantilers). Build a
// design (NewSaltelli or NewMorris), evaluate the model at every design
// point, in any order, on any number of goroutines or machines, and hand the
// outputs back, in design order, to the design's Analyze method.
//
// A design point is determined by its index alone: Point(dst, k) reads a
// design built once from (problem, size, options), so shards on different
// machines that build the same design agree on every point, and the results
// do not depend on the order of evaluation or the number of cores.
//
// # Estimators
//
// For the Saltelli design of N base rows and D parameters (N·(D+2) model
// runs), Analyze returns the first-order index S_i by the estimator of
// Saltelli et al. (2010, table 2, b) and the total index S_Ti by Jansen's
// (1999) estimator, both on outputs centred on their sample mean so that
// shifting the output by a constant does not change the estimates. Both are
// fractions of the output variance, without units. Confidence intervals are
// bootstrap percentile intervals over the N base rows.
//
// The Morris design of r trajectories (r·(D+1) model runs) gives, per
// parameter, mu, mu* and sigma of the elementary effects, in output units
// per unit of the parameter's probability scale: a parameter uniform on
// [lo, hi] with a linear effect c has mu* = |c|·(hi-lo).
//
// # Determinism and concurrency
//
// Nothing in this package reads the wall clock or a global random source.
// Every random draw comes from a PCG generator seeded from an explicit seed
// in the options, so the same problem, size and seed give the same design
// (the same unit coordinates, bit for bit, on every platform), and the same
// outputs give the same indices and intervals. The values Point returns
// are the caller's Quantilers applied to those coordinates.
//
// Designs are immutable once built: Point, Unit and Analyze are safe for
// concurrent use, provided the Quantilers are. Building a design holds all
// its coordinates in memory: 16·N·D bytes for Saltelli, 8·r·(D+1)·D for
// Morris.
//
// # References
//
//   - Saltelli A., Annoni P., Azzini I., Campolongo F., Ratto M.,
//     Tarantola S. (2010). Variance based sensitivity analysis of model
//     output. Design and estimator for the total sensitivity index.
//     Computer Physics Communications 181, 259-270.
//   - Jansen M.J.W. (1999). Analysis of variance designs for model output.
//     Computer Physics Communications 117, 35-43.
//   - Morris M.D. (1991). Factorial sampling plans for preliminary
//     computational experiments. Technometrics 33, 161-174.
//   - Campolongo F., Cariboni J., Saltelli A. (2007). An effective screening
//     design for sensitivity analysis of large models. Environmental
//     Modelling & Software 22, 1509-1518 (mu*).
package sensitivity
