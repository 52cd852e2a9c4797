package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

const mergeHelp = `Usage:
  canalsim merge SHARD_FOLDER... [flags]

Combines the folders of the shards of one run ("canalsim run --shard K/N",
or a cluster job array: see deploy/) into the results of the whole run,
OUT/NAME/, exactly as an unsharded run would have written them
(summary.json, daily.csv and replications.csv are the same bytes). The
shards must be of the same scenario file, seed, replications, calendar,
program version and shard count, and all be there, each once. Nothing is
written if they are not, nor if OUT/NAME exists, unless --force is given.
The figures and report.html are drawn as the run was asked (its --figures
and --report), or as --figures and --report say here.

The shards of a sensitivity analysis ("canalsim sensitivity --shard K/N",
OUT/NAME-sensitivity.shard-K-of-N/) merge the same way into
OUT/NAME-sensitivity/, with the indices of an unsharded analysis; they
must also be of the same method, samples, resamples and metrics.

Flags:
`

// mergeCmd implements "canalsim merge".
func mergeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("merge", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.StringP("out", "o", "", "folder to write the results to (default: the first shard folder's parent)")
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	force := fs.Bool("force", false, "replace the results already in OUT/NAME (without it, an existing OUT/NAME is an error)")
	figures := fs.Bool("figures", true, "draw the figures into plots/ (default: as the run was asked)")
	reportFlag := fs.Bool("report", true, "write report.html (default: as --figures, or as the run was asked)")
	fs.Usage = func() { fmt.Fprint(stdout, mergeHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dirs := fs.Args()
	if len(dirs) == 0 {
		return usagef("merge needs the shard folders")
	}
	infos := make([]recordInfo, len(dirs))
	for i, d := range dirs {
		info, err := readInfo(d)
		if err != nil {
			return err
		}
		if info.Shards == 0 {
			cmd := "run"
			if info.Sensitivity != nil {
				cmd = "sensitivity"
			}
			return usagef("%s is an interrupted run, not a shard: continue it with canalsim %s --resume", d, cmd)
		}
		if diff := infos[0].sameRun(info); i > 0 && diff != "" {
			return usagef("%s and %s are shards of different runs: %s", dirs[0], d, diff)
		}
		infos[i] = info
	}
	first := infos[0]
	seen := map[int]string{}
	for i, info := range infos {
		if prev, ok := seen[info.Shard]; ok {
			return usagef("%s and %s are both shard %d of %d", prev, dirs[i], info.Shard, info.Shards)
		}
		seen[info.Shard] = dirs[i]
	}
	var missing []string
	for k := 1; k <= first.Shards; k++ {
		if _, ok := seen[k]; !ok {
			missing = append(missing, fmt.Sprint(k))
		}
	}
	if len(missing) > 0 {
		return usagef("shards %s of %d are missing", strings.Join(missing, ", "), first.Shards)
	}
	sc, src, err := studyOf(first)
	if err != nil {
		return err
	}
	if first.Sensitivity != nil {
		return mergeSensitivity(sc, src, dirs, infos, mergeOptions{out: *out, force: *force, quiet: *quiet, args: args}, stdout)
	}
	res, err := sim.NewResult(sc)
	if err != nil {
		return usageError{err}
	}
	held := 0
	for _, info := range infos {
		held += len(info.Done)
	}
	if held != sc.Replications {
		return usagef("the shards do not hold every replication of the run (%d of %d)", held, sc.Replications)
	}
	o, err := first.output()
	if err != nil {
		return err
	}
	if fs.Changed("figures") {
		// As for run: the report follows --figures unless asked.
		o.figures, o.report = *figures, *figures
	}
	if fs.Changed("report") {
		o.report = *reportFlag
	}
	dir := *out
	if dir == "" {
		dir = filepath.Dir(filepath.Clean(dirs[0]))
	}
	dir = filepath.Join(dir, sc.Name)
	if err := checkOut(dir, *force, "manifest.json"); err != nil {
		return err
	}
	var sources []*recordSource
	defer func() {
		for _, s := range sources {
			s.close()
		}
	}()
	for i, d := range dirs {
		s, err := openRecords(d, infos[i], res)
		if err != nil {
			return err
		}
		sources = append(sources, s)
	}
	cleanStale(filepath.Dir(dir), sc.Name, *quiet, stderr)
	man := results.NewManifest(res, src.Name, src.Text)
	man.Version = programVersion()
	man.GoVersion = runtime.Version()
	man.Args = append([]string{"canalsim", "merge"}, args...)
	man.StartedAt = time.Now().UTC()
	next := writeStop(ctx, stopRequested(ctx))
	err = replaceDir(dir, func(tmp string) error {
		// The shards' replications, in order, stream into the folder's
		// day files; the merge holds none of their days.
		days, err := openDays(tmp, res, o.parquet)
		if err != nil {
			return err
		}
		if err := feedBefore(math.MaxInt, sources, res, days, func() error { return next("daily.csv") }); err != nil {
			days.abort()
			return err
		}
		if err := days.close(); err != nil {
			return err
		}
		if !res.Complete() {
			return usagef("the shards do not hold every replication of the run")
		}
		return finishResults(tmp, res, days, man, o, next)
	})
	if errors.Is(err, sim.ErrStopped) {
		return fmt.Errorf("%s: merge interrupted: nothing written, the shards are as they were", sc.Name)
	}
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stdout, "%s: merged %d shards (%d replications) -> %s\n", sc.Name, len(dirs), sc.Replications, dir)
	}
	return nil
}
