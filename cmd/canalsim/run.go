package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// defaultScenario runs when "canalsim run" is given no scenario.
const defaultScenario = "ppc-closure"

const runHelp = `Usage:
  canalsim run [SCENARIO...] [flags]

Runs each scenario paired with its baseline (the same scenario without its
disruptions, on the same random numbers) and writes, per scenario, a folder
OUT/NAME with:
  manifest.json   what ran: program, scenario text and hash, seed, dates
  summary.json    per metric: scenario, baseline and paired difference
                  (mean, 95% confidence interval, P5, P50, P95)
  daily.csv       one row per replication, variant and day
  plots/          throughput.svg (or --format): transits and TEU per day

SCENARIO is a YAML file or the name of a library scenario ("canalsim list");
with none, it runs the library's ppc-closure. Every scenario is read and
checked before anything runs; a folder appears only once complete.

Flags:
`

// runCmd implements "canalsim run".
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.StringP("out", "o", "out", "folder to write results to (one sub-folder per scenario)")
	seed := fs.Uint64("seed", 0, "random seed (default: the scenario's)")
	reps := fs.IntP("replications", "n", 0, "replications (default: the scenario's)")
	workers := fs.IntP("workers", "j", runtime.GOMAXPROCS(0), "replications run at once (results do not depend on it)")
	format := fs.String("format", string(plots.SVG), "figure format: svg, png or pdf")
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	fs.Usage = func() { fmt.Fprint(stdout, runHelp+fs.FlagUsages()) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.Changed("replications") && (*reps < 1 || *reps > sim.MaxReplications) {
		return usagef("--replications must be from 1 to %d, got %d", sim.MaxReplications, *reps)
	}
	if *workers < 1 {
		return usagef("--workers must be at least 1, got %d", *workers)
	}
	figFormat, err := plots.ParseFormat(*format)
	if err != nil {
		return usageError{err}
	}
	names := fs.Args()
	if len(names) == 0 {
		names = []string{defaultScenario}
	}

	// Read and check every scenario before running any, so bad input
	// never leaves some results written and others not.
	type job struct {
		sc    *sim.Scenario
		src   *scenarios.Source
		sweep *scenarios.Sweep
	}
	var jobs []job
	var errs input.Errors
	seen := map[string]string{}
	for _, name := range names {
		sc, src, err := scenarios.Load(name)
		if err != nil {
			if l := input.AsErrors(err); l != nil {
				errs = append(errs, l...)
				continue
			}
			return err
		}
		if prev, ok := seen[sc.Name]; ok {
			return usagef("scenarios %s and %s have the same name %q; their results would share a folder", prev, src.Name, sc.Name)
		}
		seen[sc.Name] = src.Name
		sw, err := src.Sweep()
		if err != nil {
			if l := input.AsErrors(err); l != nil {
				errs = append(errs, l...)
				continue
			}
			return err
		}
		points := []*sim.Scenario{sc}
		if sw != nil {
			points = sw.Scenarios
		}
		for _, p := range points {
			if fs.Changed("seed") {
				p.Seed = *seed
			}
			if fs.Changed("replications") {
				p.Replications = *reps
			}
			if err := p.Check(); err != nil {
				return usageError{err}
			}
		}
		jobs = append(jobs, job{sc, src, sw})
	}
	if len(errs) > 0 {
		return errs
	}

	// study runs one scenario and writes its results into dir (not
	// atomically: the caller writes into a temporary folder that becomes
	// final).
	study := func(sc *sim.Scenario, src *scenarios.Source, dir, final string) error {
		started := time.Now()
		res, err := sim.Study(ctx, sc, sim.Options{Workers: *workers})
		if err != nil {
			return fmt.Errorf("%s: %w", sc.Name, err)
		}
		man := sim.NewManifest(res, src.Name, src.Text)
		man.Version = programVersion()
		man.GoVersion = runtime.Version()
		man.Args = append([]string{"canalsim", "run"}, args...)
		man.Workers = *workers
		man.StartedAt = started.UTC()
		if err := fillResults(dir, res, man, figFormat); err != nil {
			return fmt.Errorf("%s: %w", sc.Name, err)
		}
		if !*quiet {
			report(stdout, res, final, time.Since(started))
		}
		return nil
	}
	for _, j := range jobs {
		dir := filepath.Join(*out, j.sc.Name)
		err := replaceDir(dir, func(tmp string) error {
			if j.sweep == nil {
				return study(j.sc, j.src, tmp, dir)
			}
			for i, p := range j.sweep.Scenarios {
				folder := pointFolder(j.sweep, i)
				if err := study(p, j.src, filepath.Join(tmp, folder), filepath.Join(dir, folder)); err != nil {
					return err
				}
			}
			return writeFile(filepath.Join(tmp, "sweep.json"), func(w io.Writer) error { return writeJSON(w, sweepIndex(j.sc, j.sweep)) })
		})
		if err != nil {
			return err
		}
		if !*quiet && j.sweep != nil {
			fmt.Fprintf(stdout, "%s: %d points of %s -> %s (index: sweep.json)\n", j.sc.Name, len(j.sweep.Scenarios), j.sweep.Parameter, dir)
		}
	}
	return nil
}

// sweepFile is the content of sweep.json in a sweep's folder: the swept
// parameter and, for each value, the folder of its results.
type sweepFile struct {
	Scenario  string       `json:"scenario"`
	Parameter string       `json:"parameter"`
	Points    []sweepPoint `json:"points"`
}

type sweepPoint struct {
	Value  float64 `json:"value"`
	Folder string  `json:"folder"`
}

func sweepIndex(sc *sim.Scenario, sw *scenarios.Sweep) sweepFile {
	f := sweepFile{Scenario: sc.Name, Parameter: sw.Parameter}
	for i, v := range sw.Values {
		f.Points = append(f.Points, sweepPoint{Value: v, Folder: pointFolder(sw, i)})
	}
	return f
}

// pointFolder names the results folder of a sweep's point i: "days-30".
func pointFolder(sw *scenarios.Sweep, i int) string { return sw.Key + "-" + sw.Labels[i] }

// report prints a few lines on a finished study: where its results are
// and the headline differences.
func report(w io.Writer, res *sim.Result, dir string, took time.Duration) {
	sc := res.Scenario
	fmt.Fprintf(w, "%s: %d replications x %d days (seed %d) in %.1fs -> %s\n",
		sc.Name, sc.Replications, sc.Days, sc.Seed, took.Seconds(), dir)
	sum := res.Summarize()
	for _, name := range []string{"transits_per_day", "teu_per_day", "lost_teu", "diverted_calls"} {
		c := sum.Metrics[name]
		fmt.Fprintf(w, "  %-18s baseline %10.1f  scenario %10.1f  difference %+10.1f %s\n",
			name, c.Baseline.Mean, c.Scenario.Mean, c.Difference.Mean, c.Unit)
	}
}

// fillResults writes a study's results into the folder dir. Callers write
// into a temporary folder that then takes the results folder's place
// (replaceDir), so a results folder holds either the previous complete
// results or the new ones, never a mix.
func fillResults(dir string, res *sim.Result, man *sim.Manifest, f plots.Format) error {
	daily := res.Daily()
	files := []struct {
		name  string
		write func(w io.Writer) error
	}{
		{"summary.json", func(w io.Writer) error { return writeJSON(w, res.Summarize()) }},
		{"daily.csv", daily.WriteCSV},
		{filepath.Join("plots", plots.File("throughput", f)), func(w io.Writer) error { return plots.Throughput(w, f, daily, man) }},
	}
	for _, fl := range files {
		man.Files = append(man.Files, filepath.ToSlash(fl.name))
	}
	man.Files = append(man.Files, "manifest.json")
	for _, fl := range files {
		if err := writeFile(filepath.Join(dir, fl.name), fl.write); err != nil {
			return err
		}
	}
	man.FinishedAt = time.Now().UTC()
	return writeFile(filepath.Join(dir, "manifest.json"), func(w io.Writer) error { return writeJSON(w, man) })
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeFile creates path (and its folder) and writes it with write.
func writeFile(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// replaceDir fills a new temporary folder with fill and moves it to dir,
// replacing any previous dir. On error the temporary folder is removed and
// dir is untouched.
func replaceDir(dir string, fill func(tmp string) error) error {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := fill(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		old, err := os.MkdirTemp(parent, "."+base+".old-")
		if err != nil {
			os.RemoveAll(tmp)
			return err
		}
		// Move the previous results aside, put the new ones in place,
		// then delete the old ones.
		old = filepath.Join(old, base)
		if err := os.Rename(dir, old); err != nil {
			os.RemoveAll(tmp)
			os.RemoveAll(filepath.Dir(old))
			return err
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(old, dir)
			os.RemoveAll(tmp)
			os.RemoveAll(filepath.Dir(old))
			return err
		}
		return os.RemoveAll(filepath.Dir(old))
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return nil
}

// listCmd implements "canalsim list".
func listCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("list", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stdout, "Usage:\n  canalsim list\n\nLists the library's scenarios, usable by name with canalsim run.\n")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("list takes no arguments")
	}
	for _, name := range scenarios.Library() {
		sc, _, err := scenarios.Load(name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-14s %s\n", name, strings.Join(strings.Fields(sc.Description), " "))
	}
	return nil
}
