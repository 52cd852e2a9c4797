package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

const sensitivityHelp = `Usage:
  canalsim sensitivity SCENARIO [flags]

Measures how much each of the scenario's declared assumptions (its
assumptions: block, docs/scenarios.md) drives its answer: the paired
difference, scenario minus baseline, of the chosen metrics. With
--method sobol (the default), first-order and total Sobol' indices from a
Saltelli design of N base rows (N x (assumptions + 2) paired runs), with
95% bootstrap intervals; with --method morris, Morris screening of N
trajectories (N x (assumptions + 1) paired runs), for many assumptions.
The points of one base row share one replication's random numbers, so
each index compares runs on the same traffic.

Writes OUT/NAME-sensitivity/ (refused if it exists, unless --force):
  sensitivity.json  the indices of every metric, with the assumptions
  sensitivity.csv   the same, one row per metric and assumption
  manifest.json     what ran (replications: the design's runs)
  plots/            the figure of the indices (sensitivity.svg)
  report.html       the indices, the figure and how to read them

Ctrl-C (or SIGTERM) lets the runs under way finish, keeps the design
points done in OUT/NAME-sensitivity.partial/ and prints the command that
resumes the analysis (--resume).

Across machines, as with canalsim run, --shard K/N runs the base rows
(trajectories) j with j mod N = K-1 into
OUT/NAME-sensitivity.shard-K-of-N/, and "canalsim merge
OUT/NAME-sensitivity.shard-*" combines the shards into
OUT/NAME-sensitivity/, the same indices as one run. In a SLURM job array
the shard comes from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT; in a
Kubernetes Indexed Job from JOB_COMPLETION_INDEX with --shards N. Every
shard must be given the same scenario and flags.

Flags:
`

// sensitivityCmd implements "canalsim sensitivity".
func sensitivityCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("sensitivity", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.StringP("out", "o", "out", "folder to write the analysis to, in NAME-sensitivity/")
	method := fs.String("method", sim.Sobol, "sobol or morris")
	n := fs.IntP("samples", "n", 0, "base rows (sobol, default 64) or trajectories (morris, default 20)")
	metrics := fs.StringSlice("metrics", []string{string(sim.MetricLostTEU)}, "metrics to analyse, by name (as in summary.json)")
	resamples := fs.Int("resamples", 200, "bootstrap resamples of the Sobol' intervals")
	seed := fs.Uint64("seed", 0, "random seed (default: the scenario's)")
	workers := fs.IntP("workers", "j", runtime.GOMAXPROCS(0), "runs at once (results do not depend on it)")
	format := fs.String("format", string(plots.SVG), "figure format: svg, png or pdf")
	shardFlag := fs.String("shard", "", "run shard K of N (K/N): every N-th base row, into OUT/NAME-sensitivity.shard-K-of-N/")
	shards := fs.Int("shards", 0, "shard count N, the shard index coming from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID")
	resume := fs.Bool("resume", false, "continue an interrupted analysis from OUT/NAME-sensitivity.partial/ (same scenario and flags); with none, start")
	force := fs.Bool("force", false, "replace an existing OUT/NAME-sensitivity")
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	stopAfter := fs.Int("stop-after", 0, "stop as on Ctrl-C once this many points are done (for tests)")
	_ = fs.MarkHidden("stop-after")
	fs.Usage = func() { fmt.Fprint(stdout, sensitivityHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	args = append([]string{"canalsim", "sensitivity"}, args...)
	if fs.NArg() != 1 {
		return usagef("sensitivity takes one scenario, got %d", fs.NArg())
	}
	f, err := plots.ParseFormat(*format)
	if err != nil {
		return usageError{err}
	}
	switch {
	case *method != sim.Sobol && *method != sim.Morris:
		return usagef("--method: expected sobol or morris, got %s", input.Quote(*method))
	case *n < 0 || *n > sim.MaxReplications || fs.Changed("samples") && *n == 0:
		return usagef("--samples must be from 1 to %d, got %d", sim.MaxReplications, *n)
	case len(*metrics) == 0:
		return usagef("--metrics: expected one or more metrics, by name (as in summary.json), got none")
	case *method == sim.Morris && fs.Changed("resamples"):
		return usagef("--resamples sets the bootstrap of the Sobol' intervals; --method morris has none")
	case *resamples < 1 || *resamples > 100_000:
		return usagef("--resamples must be from 1 to 100000, got %d", *resamples)
	case *workers < 1:
		return usagef("--workers must be at least 1, got %d", *workers)
	}
	sh, err := shardFlags(fs, *shardFlag, *shards, *quiet, stderr)
	if err != nil {
		return err
	}
	sc, src, err := scenarios.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	if fs.Changed("seed") {
		sc.Seed = *seed
	}
	if len(sc.Assumptions) == 0 {
		return usagef("%s declares no assumptions: nothing to analyse (docs/scenarios.md, Assumptions)", src.Name)
	}
	res0, err := sim.NewResult(sc)
	if err != nil {
		return usageError{err}
	}
	var known []string
	for _, m := range res0.Metrics() {
		known = append(known, string(m.Name))
	}
	for _, m := range *metrics {
		if !contains(known, m) {
			msg := fmt.Sprintf("--metrics: unknown metric %s", input.Quote(m))
			if s := input.Suggest(m, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return usagef("%s", msg)
		}
	}
	// The runs stop gracefully when the program is asked to, or once
	// --stop-after points are done.
	stop, halt, release := gracefulStop(ctx)
	defer release()
	var bar *progress // made before the runs start
	var names []sim.MetricName
	for _, m := range *metrics {
		names = append(names, sim.MetricName(m))
	}
	o := sim.SensitivityOptions{Method: *method, N: *n, Resamples: *resamples, Metrics: names, Workers: *workers, Stop: closed(stop)}
	o.Progress = func(done, _ int) {
		bar.set(done)
		if *stopAfter > 0 && done >= *stopAfter {
			halt()
		}
	}
	d, err := sim.NewSensitivityDesign(sc, o)
	if err != nil {
		return usageError{err}
	}
	name := sc.Name + "-sensitivity"
	final := filepath.Join(*out, name)
	if sh.n > 0 {
		final = filepath.Join(*out, sh.folder(name))
	} else if err := checkOut(final, *force, "sensitivity.json"); err != nil {
		return err
	}
	if err := checkWritable(*out); err != nil {
		return err
	}
	cleanStale(*out, name, *quiet, stderr)

	// What is done comes from an interrupted analysis, when resumed.
	partial := final + ".partial"
	info := newSensitivityInfo(d, src, sh, f, args)
	y := d.NewOutputs()
	rows := sh.reps(d.Rows())
	_, statErr := os.Stat(partial)
	switch {
	case !*resume && statErr == nil:
		return usagef("%s holds an interrupted analysis: continue it with --resume, or delete the folder to start again", partial)
	case *resume && statErr != nil:
		if !*quiet {
			fmt.Fprintf(stderr, "canalsim: %s: nothing to resume in %s; starting the analysis\n", sc.Name, partial)
		}
	case *resume:
		old, err := resumable(partial, info, "analysis")
		if err != nil {
			return err
		}
		if err := readPoints(partial, old, d, y, rows); err != nil {
			return err
		}
	}

	started := time.Now()
	todo := 0
	for _, j := range rows {
		for m := range d.Group() {
			if !y.Done[j*d.Group()+m] {
				todo++
			}
		}
	}
	bar = newProgress(stdout, *quiet, sc.Name+" sensitivity", todo)
	err = d.Run(ctx, y, rows)
	bar.finish()
	// keep writes the points done to the partial folder and returns the
	// error saying so, for an analysis stopped (why is nil) or whose
	// results could not be written (why).
	keep := func(why error) error {
		done := 0
		for _, j := range rows {
			for m := range d.Group() {
				if y.Done[j*d.Group()+m] {
					done++
				}
			}
		}
		if err := writePoints(partial, info, d, y); err != nil {
			if why != nil {
				return fmt.Errorf("%w; the %d design points done could not be kept either: %v", why, done, err)
			}
			return err
		}
		in := interrupted{sc.Name + " sensitivity", partial, resumeCommand(args), done, len(rows) * d.Group(), "design points"}
		if why != nil {
			return keptError{why, in}
		}
		return in
	}
	if errors.Is(err, sim.ErrStopped) {
		return keep(nil)
	}
	if err != nil {
		return err
	}
	if sh.n > 0 {
		if err := writePoints(final, info, d, y); err != nil {
			return err
		}
		if !*quiet {
			fmt.Fprintf(stdout, "%s: sensitivity shard %d of %d (%d rows, %d paired runs) -> %s\n", sc.Name, sh.k, sh.n, len(rows), len(rows)*d.Group(), final)
		}
	} else {
		r, err := d.Analyze(y)
		if err != nil {
			return err
		}
		man, err := sensitivityManifest(d, src)
		if err != nil {
			return err
		}
		man.Args = args
		man.Workers = *workers
		man.StartedAt = started.UTC()
		man.FinishedAt = time.Now().UTC()
		if err := writeSensitivity(final, r, man, f, writeStop(ctx, stop)); err != nil {
			return keepAfter(ctx, err, keep)
		}
		if !*quiet {
			reportSensitivity(stdout, r, final)
		}
	}
	if *resume {
		return os.RemoveAll(partial)
	}
	return nil
}

// reportSensitivity prints where the analysis is and, per metric, the
// assumptions ranked by what they explain.
func reportSensitivity(w io.Writer, r *sim.SensitivityResult, dir string) {
	fmt.Fprintf(w, "%s: %s over %d paired runs -> %s\n", r.Scenario, r.Method, r.Runs, dir)
	order := plots.SensitivityOrder(r)
	for _, sm := range r.Metrics {
		fmt.Fprintf(w, "  %s:\n", sm.Metric)
		for _, i := range order {
			label := plots.AssumptionLabel(r.Params[i])
			if r.Method == sim.Sobol {
				fmt.Fprintf(w, "    %-48s total %5.2f [%5.2f, %5.2f]  first %5.2f\n", label, sm.Total[i].Value, sm.Total[i].Lo, sm.Total[i].Hi, sm.First[i].Value)
			} else {
				fmt.Fprintf(w, "    %-48s mu* %12.1f  sigma %12.1f\n", label, sm.MuStar[i], sm.Sigma[i])
			}
		}
	}
}

// writeSensitivityCSV writes sensitivity.csv: one row per metric and
// assumption, in the scenario's order, numbers in full.
func writeSensitivityCSV(w io.Writer, r *sim.SensitivityResult) error {
	cw := csv.NewWriter(w)
	head := []string{"metric", "assumption", "dist", "source", "sourced"}
	if r.Method == sim.Sobol {
		head = append(head, "first", "first_lo", "first_hi", "total", "total_lo", "total_hi")
	} else {
		head = append(head, "mu", "mu_star", "sigma")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, sm := range r.Metrics {
		for i, a := range r.Params {
			row := []string{string(sm.Metric), a.Path, a.Dist, a.Source, strconv.FormatBool(a.Sourced)}
			if r.Method == sim.Sobol {
				row = append(row, num(sm.First[i].Value), num(sm.First[i].Lo), num(sm.First[i].Hi), num(sm.Total[i].Value), num(sm.Total[i].Lo), num(sm.Total[i].Hi))
			} else {
				row = append(row, num(sm.Mu[i]), num(sm.MuStar[i]), num(sm.Sigma[i]))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// contains reports whether xs holds x.
func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
