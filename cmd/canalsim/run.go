package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// defaultScenario runs when "canalsim run" is given no scenario.
const defaultScenario = "ppc-closure"

const runHelp = `Usage:
  canalsim run [SCENARIO...] [flags]

Runs each scenario paired with its baseline (the same scenario without its
disruptions, on the same random numbers) and writes, per scenario, a folder
OUT/NAME with:
  manifest.json     what ran: program, scenario text and hash, seed, dates
  summary.json      per metric: scenario, baseline and paired difference
                    (mean, 95% confidence interval, P5, P50, P95); risk
                    metrics with their probabilities of passing --threshold
  daily.csv         one row per replication, variant and day
  replications.csv  one row per replication and variant: its metrics
  waits.csv         the distribution of anchorage waits
  network.yaml      the network the run used, demand.yaml its demand
  daily.parquet     daily.csv as Parquet, with --parquet
  lockages.csv      with --records lockages: every lockage and empty
                    levelling; vessels.csv (--records vessels): every
                    vessel that left; calls.csv (--records calls): every
                    call worked (not with --shard or --resume); with
                    --parquet also as lockages.parquet and so on
  plots/            the figures, SVG (or --format): throughput, the paired
                    difference, queues, waits, TEU by terminal, losses,
                    the lake where it moves, the network map
  report.html       the report, one self-contained page: key numbers,
                    disruptions, figures, assumptions, manifest

Drawing the figures and the report can take longer than a small run
itself: --figures=false leaves out plots/ and, unless --report is given,
report.html (which inlines the figures: without plots/ it draws them for
itself); --report=false leaves out report.html alone. "canalsim plot DIR" and "canalsim report DIR" write
them later from the folder's files.

SCENARIO is a YAML file or the name of a library scenario ("canalsim list");
with none, it runs the library's ppc-closure. Every scenario is read and
checked before anything runs; a folder appears only once complete. An
existing OUT/NAME, the results of an earlier run, is an error unless
--force is given to replace it; --force replaces only a folder canalsim
wrote, never a file or a folder of other files.

On a terminal a progress bar shows the replications done and the time
left. Ctrl-C (or SIGTERM) lets the replications under way finish, keeps
what is done in OUT/NAME.partial/ and prints the command that resumes the
run (--resume); a second Ctrl-C stops at once. (A sweep keeps nothing when
interrupted: run it again.) The same holds while the results are written,
and for a failure to write them (a full disk): the replications are kept in
OUT/NAME.partial/ and --resume writes the results without running them.
Temporary folders that a killed run left (OUT/.NAME.tmp-*) are removed by
the next run of NAME once an hour old.

Across machines, --shard K/N runs every N-th replication into
OUT/NAME.shard-K-of-N/, and "canalsim merge" combines the shards into
OUT/NAME/, the same bytes as one run. In a SLURM job array the shard comes
from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT; in a Kubernetes
Indexed Job from JOB_COMPLETION_INDEX with --shards N (see deploy/);
--shard 1/1 runs the whole run whatever the environment says.

Flags:
`

// runOptions are the flags of "canalsim run".
type runOptions struct {
	out        string
	workers    int
	quiet      bool
	resume     bool
	force      bool
	shard      shard
	stopAfter  int
	output     output
	thresholds []string
	// records are the records to write (--records).
	records []string
	args    []string
}

// runInputs are what "canalsim run" is asked to run: the scenarios named,
// the files that replace their own, and the flags that override them
// (each nil when not given).
type runInputs struct {
	names                []string
	net                  *network.Network
	dem                  *sim.Demand
	arr                  *sim.Arrivals
	seed                 *uint64
	replications, warmup *int
}

// runJob is one scenario to run: a single one, or a sweep's points.
type runJob struct {
	sc    *sim.Scenario
	src   *scenarios.Source
	sweep *scenarios.Sweep
}

// runCmd implements "canalsim run": it reads the flags and every
// scenario, checks them all, then runs them one by one.
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, in, err := parseRun(args, stdout, stderr)
	if err != nil {
		return err
	}
	jobs, err := loadJobs(in, o)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		var err error
		switch {
		case o.shard.n > 0:
			// A shard's folder is written again when a scheduler
			// reruns its task, if it is one.
			err = checkOurs(filepath.Join(o.out, o.shard.folder(j.sc.Name)), "run.json")
		default:
			// Results are not replaced without being asked.
			err = checkOut(filepath.Join(o.out, j.sc.Name), o.force, "manifest.json", "sweep.json")
		}
		if err != nil {
			return err
		}
	}
	if err := checkWritable(o.out); err != nil {
		return err
	}
	for _, j := range jobs {
		cleanStale(o.out, j.sc.Name, o.quiet, stderr)
	}
	for _, j := range jobs {
		if j.sweep == nil {
			err = runOne(ctx, j.sc, j.src, o, stdout, stderr)
		} else {
			err = runSweep(ctx, j, o, stdout)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// parseRun parses and checks the flags of "canalsim run" and reads the
// files they name.
func parseRun(args []string, stdout, stderr io.Writer) (runOptions, runInputs, error) {
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var o runOptions
	var in runInputs
	fs.StringVarP(&o.out, "out", "o", "out", "folder to write results to (one sub-folder per scenario)")
	seed := fs.Uint64("seed", 0, "random seed (default: the scenario's)")
	reps := fs.IntP("replications", "n", 0, "replications (default: the scenario's)")
	warmup := fs.Int("warmup", 0, "days simulated before the start and discarded (default: the scenario's)")
	netFile := fs.String("network", "", "network file to run every scenario on instead of its own (panama: the embedded one; docs/networks.md)")
	demFile := fs.String("demand", "", "demand file to run every scenario with instead of its own (panama: the embedded one)")
	arrFile := fs.String("arrivals", "", "arrivals CSV file to replay instead of drawing arrivals (docs/networks.md)")
	fs.IntVarP(&o.workers, "workers", "j", runtime.GOMAXPROCS(0), "replications run at once (results do not depend on it)")
	format := fs.String("format", string(plots.SVG), "figure format: svg, png or pdf")
	figures := fs.Bool("figures", true, "draw the figures into plots/ (false for large or scripted runs: canalsim plot DIR draws them later)")
	reportFlag := fs.Bool("report", true, "write report.html (default: as --figures; canalsim report DIR writes it later)")
	fs.BoolVar(&o.output.parquet, "parquet", false, "also write daily.parquet, and each of --records as NAME.parquet")
	records := fs.StringSlice("records", nil, "also write these records of every run: lockages, vessels, calls (each as NAME.csv, and NAME.parquet with --parquet)")
	fs.StringArrayVar(&o.thresholds, "threshold", nil, "report the probability that a risk metric passes a value, METRIC=VALUE (repeatable), such as lost_teu=100000")
	shardFlag := fs.String("shard", "", "run shard K of N (K/N): every N-th replication, into OUT/NAME.shard-K-of-N/")
	shards := fs.Int("shards", 0, "shard count N, the shard index coming from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID")
	fs.BoolVar(&o.resume, "resume", false, "continue an interrupted run from OUT/NAME.partial/ (same scenario and flags); with none, start")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	fs.BoolVar(&o.force, "force", false, "replace the results of an earlier run in OUT/NAME (without it, an existing OUT/NAME is an error)")
	fs.IntVar(&o.stopAfter, "stop-after", 0, "stop as on Ctrl-C once this many replications are done (for tests)")
	_ = fs.MarkHidden("stop-after")
	fs.Usage = func() { fmt.Fprint(stdout, runHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return o, in, err
	}
	o.args = append([]string{"canalsim", "run"}, args...)
	if fs.Changed("replications") && (*reps < 1 || *reps > sim.MaxReplications) {
		return o, in, usagef("--replications must be from 1 to %d, got %d", sim.MaxReplications, *reps)
	}
	if fs.Changed("warmup") && (*warmup < 0 || *warmup > sim.MaxWarmupDays) {
		return o, in, usagef("--warmup must be from 0 to %d days, got %d", sim.MaxWarmupDays, *warmup)
	}
	if o.workers < 1 {
		return o, in, usagef("--workers must be at least 1, got %d", o.workers)
	}
	var err error
	if o.output.format, err = plots.ParseFormat(*format); err != nil {
		return o, in, usageError{err}
	}
	o.output.figures = *figures
	// The report inlines the figures (those drawn in SVG for plots/, or
	// its own): without --figures it is left out too, unless asked for.
	o.output.report = *reportFlag && (*figures || fs.Changed("report"))
	if o.records, err = parseRecords(*records); err != nil {
		return o, in, err
	}
	if len(o.records) > 0 && (o.resume || *shardFlag != "" || fs.Changed("shards")) {
		// Records are kept only in memory, for the replications run now.
		return o, in, usagef("--records needs the whole run in one go: not with --resume, --shard or --shards")
	}
	for _, t := range o.thresholds {
		th, err := results.ParseThreshold(t)
		if err != nil {
			return o, in, usagef("--threshold: %v", err)
		}
		o.output.thresholds = append(o.output.thresholds, th)
	}
	if o.shard, err = shardFlags(fs, *shardFlag, *shards, o.quiet, stderr); err != nil {
		return o, in, err
	}
	if o.shard.n > 0 && (fs.Changed("network") || fs.Changed("demand") || fs.Changed("arrivals")) {
		return o, in, usagef("--network, --demand and --arrivals do not go with a sharded run: name the files in the scenario (network:, demand:, arrivals:), so that canalsim merge rebuilds the same study")
	}
	if in.net, in.dem, in.arr, err = loadOverrides(fs, *netFile, *demFile, *arrFile); err != nil {
		return o, in, err
	}
	if fs.Changed("seed") {
		in.seed = seed
	}
	if fs.Changed("replications") {
		in.replications = reps
	}
	if fs.Changed("warmup") {
		in.warmup = warmup
	}
	in.names = fs.Args()
	if len(in.names) == 0 {
		in.names = []string{defaultScenario}
	}
	return o, in, nil
}

// loadJobs reads and checks every scenario of in before any runs, so
// bad input never leaves some results written and others not; the
// positioned errors of all the files are reported at once.
func loadJobs(in runInputs, o runOptions) ([]runJob, error) {
	var jobs []runJob
	var errs input.Errors
	seen := map[string]string{}
	for _, name := range in.names {
		var sc *sim.Scenario
		src, err := scenarios.Open(name)
		if err == nil {
			src.Network, src.Demand, src.Arrivals = in.net, in.dem, in.arr
			sc, err = src.Parse()
		}
		if err != nil {
			if l := input.AsErrors(err); l != nil {
				errs = append(errs, l...)
				continue
			}
			return nil, err
		}
		if prev, ok := seen[sc.Name]; ok {
			return nil, usagef("scenarios %s and %s have the same name %q; their results would share a folder", prev, src.Name, sc.Name)
		}
		seen[sc.Name] = src.Name
		sw, err := src.Sweep()
		if err != nil {
			if l := input.AsErrors(err); l != nil {
				errs = append(errs, l...)
				continue
			}
			return nil, err
		}
		points := []*sim.Scenario{sc}
		if sw != nil {
			if o.shard.n > 0 || o.resume {
				return nil, usagef("%s is a sweep: --shard and --resume apply to single scenarios (run each point's scenario on its own to shard it)", src.Name)
			}
			points = sw.Scenarios
		}
		for _, p := range points {
			if in.seed != nil {
				p.Seed = *in.seed
			}
			if in.replications != nil {
				p.Replications = *in.replications
			}
			if in.warmup != nil {
				p.WarmupDays = *in.warmup
			}
			if err := p.Check(); err != nil {
				return nil, usageError{err}
			}
			if err := checkThresholds(p, o.output.thresholds); err != nil {
				return nil, err
			}
		}
		jobs = append(jobs, runJob{sc, src, sw})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return jobs, nil
}

// runSweep runs a sweep's points into OUT/NAME/KEY-VALUE/, then writes
// its index, figure and report; an interrupted sweep keeps nothing.
func runSweep(ctx context.Context, j runJob, o runOptions, stdout io.Writer) error {
	dir := filepath.Join(o.out, j.sc.Name)
	err := replaceDir(dir, func(tmp string) error {
		for i, p := range j.sweep.Scenarios {
			folder := pointFolder(j.sweep, i)
			out, obs := o.outputFor(p)
			stop, halt, release := gracefulStop(ctx)
			err := runPoint(ctx, p, j.src, filepath.Join(tmp, folder), filepath.Join(dir, folder), o, out, obs, stop, halt, stdout)
			release()
			if errors.Is(err, sim.ErrStopped) {
				return fmt.Errorf("%s: interrupted at point %s; a sweep keeps nothing and cannot be resumed: run it again, or run its points' values one by one", j.sc.Name, folder)
			}
			if err != nil {
				return err
			}
		}
		if err := results.WriteFile(filepath.Join(tmp, "sweep.json"), func(w io.Writer) error { return results.WriteJSON(w, sweepIndex(j.sc, j.sweep)) }); err != nil {
			return err
		}
		return fillSweep(tmp, o.output)
	})
	if err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stdout, "%s: %d points of %s -> %s (index: sweep.json)\n", j.sc.Name, len(j.sweep.Scenarios), j.sweep.Parameter, dir)
	}
	return nil
}

// readArrivalsFile reads the arrivals file given by --arrivals.
func readArrivalsFile(path string) (*sim.Arrivals, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return sim.ReadArrivalsCSV(path, bytes.NewReader(data))
}

// loadOverrides reads the network, demand and arrivals files given by
// --network, --demand and --arrivals (nil for a flag not given; "panama"
// is the embedded network or demand).
func loadOverrides(fs *pflag.FlagSet, netFile, demFile, arrFile string) (*network.Network, *sim.Demand, *sim.Arrivals, error) {
	var net *network.Network
	var dem *sim.Demand
	var arr *sim.Arrivals
	var errs input.Errors
	// add keeps a file's positioned errors for the report of all of them.
	add := func(flag string, err error) error {
		if l := input.AsErrors(err); l != nil {
			errs = append(errs, l...)
			return nil
		}
		if err != nil {
			return usagef("--%s: %v", flag, err)
		}
		return nil
	}
	switch {
	case !fs.Changed("network"):
	case netFile == "panama":
		net = network.Panama()
	case netFile == "":
		return nil, nil, nil, usagef("--network: give a network file, or panama")
	default:
		n, err := network.Load(netFile)
		if err := add("network", err); err != nil {
			return nil, nil, nil, err
		}
		net = n
	}
	switch {
	case !fs.Changed("demand"):
	case demFile == "panama":
		dem = sim.PanamaDemand()
	case demFile == "":
		return nil, nil, nil, usagef("--demand: give a demand file, or panama")
	default:
		d, err := sim.LoadDemand(demFile)
		if err := add("demand", err); err != nil {
			return nil, nil, nil, err
		}
		dem = d
	}
	if fs.Changed("arrivals") {
		t, err := readArrivalsFile(arrFile)
		if err := add("arrivals", err); err != nil {
			return nil, nil, nil, err
		}
		arr = t
	}
	if len(errs) > 0 {
		return nil, nil, nil, errs
	}
	return net, dem, arr, nil
}

// checkThresholds makes sure every threshold names a risk metric of sc.
func checkThresholds(sc *sim.Scenario, ts []results.Threshold) error {
	if len(ts) == 0 {
		return nil
	}
	res, err := sim.NewResult(sc)
	if err != nil {
		return usageError{err}
	}
	var names []string
	for _, m := range res.RiskMetrics() {
		names = append(names, string(m.Name))
	}
	for _, t := range ts {
		if !slices.Contains(names, string(t.Metric)) {
			return usagef("--threshold %s=%g: unknown risk metric %q%s", t.Metric, t.Value, t.Metric, input.DidYouMean(string(t.Metric), names))
		}
	}
	return nil
}

// interrupted reports a run stopped by Ctrl-C whose replications are kept
// for --resume (exit status 1).
type interrupted struct {
	name, dir, resume string
	done, total       int
	// what is done: "replications" when empty.
	what string
}

func (e interrupted) Error() string {
	what := e.what
	if what == "" {
		what = "replications"
	}
	return fmt.Sprintf("%s: interrupted with %d of %d %s done, kept in %s; resume with:\n  %s", e.name, e.done, e.total, what, e.dir, e.resume)
}

// runOne runs a single scenario: the whole run into OUT/NAME, or a shard
// into its records folder, resuming an interrupted run when asked, and
// keeping what is done when interrupted.
//
// The run fills a temporary folder beside OUT/NAME, streaming the days of
// its replications, in order, into daily.csv (and daily.parquet) as they
// come and keeping none (a resumed run's records come first, read back
// from OUT/NAME.partial/). A complete run's results are then written
// around them and the folder takes OUT/NAME's place; a shard's folder, or
// that of a run interrupted or whose results could not be written,
// becomes a records folder instead (sealRecords).
func runOne(ctx context.Context, sc *sim.Scenario, src *scenarios.Source, o runOptions, stdout, stderr io.Writer) error {
	final := filepath.Join(o.out, sc.Name)
	if o.shard.n > 0 {
		final = filepath.Join(o.out, o.shard.folder(sc.Name))
	}
	partial := final + ".partial"
	info := newRecordInfo(sc, src, o.shard, o.output, o.args)
	if o.shard.n > 0 && !o.force {
		// A scheduler's rerun replaces its shard; another run's shard is
		// not replaced without being asked.
		if old, err := readInfo(final); err == nil {
			if diff := old.sameRun(info); diff != "" {
				return usagef("%s holds a shard of another run (%s): use --force to replace it, or another --out", final, diff)
			}
		}
	}
	res, err := sim.NewResult(sc)
	if err != nil {
		return usageError{err}
	}
	var from []*recordSource
	defer func() {
		for _, s := range from {
			s.close()
		}
	}()
	var kept []int
	_, statErr := os.Stat(partial)
	switch {
	case !o.resume && statErr == nil:
		return usagef("%s holds an interrupted run: continue it with --resume, or delete the folder to start again", partial)
	case o.resume && statErr != nil:
		// Nothing to resume: start. A scheduler can then always pass
		// --resume, and a job restarted after preemption continues.
		if !o.quiet {
			fmt.Fprintf(stderr, "canalsim: %s: nothing to resume in %s; starting the run\n", sc.Name, partial)
		}
	case o.resume:
		old, err := resumable(partial, info, "run")
		if err != nil {
			return err
		}
		s, err := openRecords(partial, old, res)
		if err != nil {
			return err
		}
		from, kept = append(from, s), old.Done
	}
	all := o.shard.reps(sc.Replications)
	todo := slices.DeleteFunc(slices.Clone(all), func(i int) bool { _, ok := slices.BinarySearch(kept, i); return ok })
	out, obs := o.outputFor(sc)
	started := time.Now()
	// The first Ctrl-C stops the run gracefully until its results are
	// written, the study and the writing alike.
	stop, halt, release := gracefulStop(ctx)
	defer release()
	work, err := newWork(final)
	if err != nil {
		return err
	}
	defer func() {
		if work != "" {
			os.RemoveAll(work)
		}
	}()
	days, err := openDays(work, res, out.parquet)
	if err != nil {
		return fsError(final, err)
	}
	err = streamStudy(ctx, sc, todo, from, res, days, o, obs, stop, halt, stdout)
	stopped := errors.Is(err, sim.ErrStopped)
	if err != nil && !stopped {
		// A file that could not be written (a full disk) is the user's
		// to fix, exit status 2; an earlier partial folder stays as it
		// was.
		days.abort()
		return fsError(final, err)
	}
	if err := days.close(); err != nil {
		return fsError(final, err)
	}
	// seal makes the work folder the records folder dest.
	seal := func(dest string) error {
		if err := sealRecords(work, info, res, days); err != nil {
			return fsError(dest, err)
		}
		if err := install(work, dest); err != nil {
			return err
		}
		work = ""
		return nil
	}
	// keep seals what is done into the partial folder and returns the
	// error saying so, for a run stopped (why is nil) or whose results
	// could not be written (why).
	keep := func(why error) error {
		done := len(days.reps)
		if err := seal(partial); err != nil {
			if why != nil {
				return fmt.Errorf("%w; the %d replications done could not be kept either: %v", why, done, err)
			}
			return err
		}
		ie := interrupted{sc.Name, partial, resumeCommand(o.args), done, len(all), ""}
		if why != nil {
			return keptError{why, ie}
		}
		return ie
	}
	if stopped {
		return keep(nil)
	}
	if o.shard.n > 0 {
		if err := seal(final); err != nil {
			return err
		}
		if !o.quiet {
			fmt.Fprintf(stdout, "%s: shard %d of %d (%d replications) -> %s\n", sc.Name, o.shard.k, o.shard.n, len(all), final)
		}
	} else {
		man := runManifest(res, src, o, started)
		if err := finishResults(work, res, days, man, out, writeStop(ctx, stop)); err != nil {
			return keepAfter(ctx, fsError(final, err), keep)
		}
		if err := install(work, final); err != nil {
			return keepAfter(ctx, err, keep)
		}
		work = ""
		if !o.quiet {
			report(stdout, res, final)
		}
	}
	if o.resume {
		return os.RemoveAll(partial)
	}
	return nil
}

// runPoint runs a sweep's point sc into the folder dir, to become final,
// and reports it; it returns sim.ErrStopped when stopped.
func runPoint(ctx context.Context, sc *sim.Scenario, src *scenarios.Source, dir, final string, o runOptions, out output, obs *sim.Observer, stop <-chan struct{}, halt func(), stdout io.Writer) error {
	started := time.Now()
	res, err := sim.NewResult(sc)
	if err != nil {
		return usageError{err}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	days, err := openDays(dir, res, out.parquet)
	if err != nil {
		return err
	}
	if err := streamStudy(ctx, sc, nil, nil, res, days, o, obs, stop, halt, stdout); err != nil {
		days.abort()
		return err
	}
	if err := days.close(); err != nil {
		return err
	}
	if err := finishResults(dir, res, days, runManifest(res, src, o, started), out, writeStop(ctx, stop)); err != nil {
		return err
	}
	if !o.quiet {
		report(stdout, res, final)
	}
	return nil
}

// streamStudy runs the replications todo of sc (all when nil) with those
// of the records folders from among them, in replication order: each is
// stored in res without its days, which go to days as they come. It
// returns sim.ErrStopped, with what is done in res and days, when stop
// closes before the study is done.
func streamStudy(ctx context.Context, sc *sim.Scenario, todo []int, from []*recordSource, res *sim.Result, days *daySink, o runOptions, obs *sim.Observer, stop <-chan struct{}, halt func(), stdout io.Writer) error {
	var stopped error
	if todo == nil || len(todo) > 0 {
		each := func(rep int, b, d *sim.Run) error {
			if err := feedBefore(rep, from, res, days, nil); err != nil {
				return err
			}
			return days.add(rep, b, d)
		}
		_, err := study(ctx, sc, todo, o, obs, stop, halt, each, res, stdout)
		if err != nil && !errors.Is(err, sim.ErrStopped) {
			return err
		}
		// (A stopped study may have done a few more replications, after
		// one not done, that days did not take: they are run again on
		// resuming.)
		stopped = err
	}
	// The records after the last replication run.
	if err := feedBefore(math.MaxInt, from, res, days, nil); err != nil {
		return err
	}
	return stopped
}

// keepAfter says what becomes of the work done when its results could not
// be written (err): kept to resume from (keep) when the run was stopped
// gracefully (keep(nil)) or the folder could not be written, a full disk
// say (keep(err)); not when told to stop at once (the second Ctrl-C).
func keepAfter(ctx context.Context, err error, keep func(why error) error) error {
	switch {
	case errors.Is(err, sim.ErrStopped):
		return keep(nil)
	case ctx.Err() != nil:
		return err
	}
	return keep(err)
}

// outputFor returns what the results folder of sc holds, and the
// observer that gathers its records during the study (nil for none).
func (o runOptions) outputFor(sc *sim.Scenario) (output, *sim.Observer) {
	out := o.output
	if len(o.records) == 0 {
		return out, nil
	}
	out.records = newRecordLog(sc.Replications, o.records)
	return out, out.records.observer()
}

// keptError reports a run whose results could not be written (err) but
// whose replications are kept for --resume (kept); its exit status is
// err's.
type keptError struct {
	err  error
	kept interrupted
}

func (e keptError) Error() string {
	k := e.kept
	what := k.what
	if what == "" {
		what = "replications"
	}
	return fmt.Sprintf("%v\nThe %d of %d %s done are kept in %s; once the problem is fixed (room on the disk, a folder that can be written), write the results without running them again with:\n  %s", e.err, k.done, k.total, what, k.dir, k.resume)
}
func (e keptError) Unwrap() error { return e.err }

// resumeCommand is the command line that resumes an interrupted run.
func resumeCommand(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if a == "--resume" || strings.HasPrefix(a, "--stop-after") || i > 0 && args[i-1] == "--stop-after" {
			continue
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		if a == "" || strings.ContainsAny(a, " \t\n'\"$*?&()[]{};|<>!#~`\\") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		b.WriteString(a)
	}
	return b.String() + " --resume"
}

// study runs the replications todo of sc (all when nil), with a progress
// bar on a terminal, stopping gracefully when stop closes (gracefulStop);
// halt stops it once --stop-after replications are done. each is given
// every replication in order (sim.Options.Each), whose days the result,
// into (sim.Options.Into), then drops.
func study(ctx context.Context, sc *sim.Scenario, todo []int, o runOptions, obs *sim.Observer, stop <-chan struct{}, halt func(), each func(int, *sim.Run, *sim.Run) error, into *sim.Result, stdout io.Writer) (*sim.Result, error) {
	n := len(todo)
	if todo == nil {
		n = sc.Replications
	}
	bar := newProgress(stdout, o.quiet, sc.Name, n)
	res, err := sim.Study(ctx, sc, sim.Options{
		Workers:      o.workers,
		Replications: todo,
		Stop:         closed(stop),
		Observer:     obs,
		Each:         each,
		DropDays:     true,
		Into:         into,
		Progress: func(done, total int) {
			bar.set(done)
			if o.stopAfter > 0 && done >= o.stopAfter {
				halt()
			}
		},
	})
	bar.finish()
	if err != nil && !errors.Is(err, sim.ErrStopped) {
		return nil, fmt.Errorf("%s: %w", sc.Name, err)
	}
	return res, err
}

// runManifest returns the manifest of a run of res's study from src,
// started at started.
func runManifest(res *sim.Result, src *scenarios.Source, o runOptions, started time.Time) *results.Manifest {
	man := results.NewManifest(res, src.Name, src.Text)
	man.Version = programVersion()
	man.GoVersion = runtime.Version()
	man.Args = o.args
	man.Workers = o.workers
	man.StartedAt = started.UTC()
	return man
}

// report prints a few lines on a finished study: where its results are
// and the headline differences.
func report(w io.Writer, res *sim.Result, dir string) {
	sc := res.Scenario
	fmt.Fprintf(w, "%s: %d replications x %d days (seed %d) -> %s\n", sc.Name, sc.Replications, sc.Days, sc.Seed, dir)
	sum := results.Summarize(res)
	// The effect where it happens first: during each window (the first
	// three), per day; then the whole run.
	for i, win := range sum.Windows {
		if i == 3 {
			fmt.Fprintf(w, "  (%d more windows: summary.json)\n", len(sum.Windows)-3)
			break
		}
		name := win.Name
		if name == "" {
			name = fmt.Sprintf("disruption %d", win.Disruption)
		}
		fmt.Fprintf(w, "  during %s (%s to %s, in %d of %d replications):\n", name, win.From.Format(time.DateOnly),
			win.Until.AddDate(0, 0, -1).Format(time.DateOnly), win.Replications, sum.Replications)
		for _, m := range []sim.MetricName{sim.MetricTransits, sim.MetricTEU} {
			if c, ok := win.During[m]; ok && c.Difference.N > 0 {
				fmt.Fprintf(w, "    %-16s baseline %10.1f  scenario %10.1f  difference %+10.1f %s (%s of normal)\n",
					m, c.Baseline.Mean, c.Scenario.Mean, c.Difference.Mean, c.Unit, percent(c.ShareOfNormal.Mean))
			}
		}
	}
	fmt.Fprintf(w, "  over the whole run:\n")
	for _, name := range []sim.MetricName{sim.MetricTransits, sim.MetricTEU, sim.MetricLostTEU, sim.MetricDivertedCalls} {
		c := sum.Metrics[name]
		fmt.Fprintf(w, "    %-16s baseline %10.1f  scenario %10.1f  difference %+10.1f %s\n",
			name, c.Baseline.Mean, c.Scenario.Mean, c.Difference.Mean, c.Unit)
	}
}

// percent writes a share as a percentage ("83%"), or "-" for none.
func percent(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

// sweepIndex is the content of sweep.json in a sweep's folder.
func sweepIndex(sc *sim.Scenario, sw *scenarios.Sweep) results.SweepIndex {
	f := results.SweepIndex{Scenario: sc.Name, Parameter: sw.Parameter}
	for i, v := range sw.Values {
		f.Points = append(f.Points, results.SweepPoint{Value: v, Folder: pointFolder(sw, i)})
	}
	return f
}

// pointFolder names the results folder of a sweep's point i: "days-30".
func pointFolder(sw *scenarios.Sweep, i int) string { return sw.Key + "-" + sw.Labels[i] }
