package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim/input"
)

const hindcastHelp = `Usage:
  canalsim hindcast RESULTS OBSERVED.csv [flags]

Compares the results folder RESULTS (its scenario variant, across its
replications) with a published series, OBSERVED.csv: a header naming
date or month, metric, value and source, then one figure a row.

  date     YYYY-MM-DD, a single day; or
  month    YYYY-MM, a whole month, or YYYY-MM..YYYY-MM, whole months from
           the first to the last (a quarter, a fiscal year)
  metric   a column of daily.csv (transits, transits_neopanamax,
           lake_level_ft, ...) or a metric of summary.json
  value    the published figure
  source   its tags in docs/sources.md, such as [T11] or [T11][T15]

Over a period, counts (transits, TEU, diverted vessels, ...) are summed
and levels (the queues, the slots, lake_level_ft, draft_limit_ft)
averaged over its days, replication by replication; the model's value is
the mean across replications with its 90% band (P5 to P95). A figure the
run's reported days do not wholly cover is skipped, and said so. Per
metric: the bias (the mean of model minus published), the mean absolute
percentage error (MAPE) and the coverage of the 90% band (the share of
published figures inside it).

Writes RESULTS/hindcast.json, RESULTS/plots/hindcast.svg (or --format) and
rewrites RESULTS/report.html with a "Hindcast" section; prints the table.
The series shipped with canalsim are in scenarios/observed/.

Exit status 2, with every problem of the observed file at its
file:line:col and nothing written, for a bad file or folder.

Flags:
`

// hindcastCmd implements "canalsim hindcast".
func hindcastCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("hindcast", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", string(plots.SVG), "figure format: svg, png or pdf")
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	fs.Usage = func() { fmt.Fprint(stdout, hindcastHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("hindcast needs a results folder and an observed file: canalsim hindcast RESULTS OBSERVED.csv")
	}
	f, err := plots.ParseFormat(*format)
	if err != nil {
		return usageError{err}
	}
	dir, obsPath := fs.Arg(0), fs.Arg(1)
	folders, err := loadFolders([]string{dir})
	if err != nil {
		return err
	}
	if folders[0].sweep != nil {
		return usagef("%s is a sweep's folder; give one of its points' folders", dir)
	}
	// The hindcast compares each replication's days over the observed
	// periods: it reads the daily table.
	r, err := results.LoadDaily(dir)
	if err != nil {
		return err
	}
	obs, err := readObserved(obsPath, results.HindcastMetrics(r.Daily, r.Summary))
	if err != nil {
		return err
	}
	h, err := results.NewHindcast(obs, r.Daily, r.Summary)
	if err != nil {
		return usageError{err}
	}
	r.Hindcast = h

	// Everything is made before anything is written.
	var js, fig, page bytes.Buffer
	if err := results.WriteJSON(&js, h); err != nil {
		return err
	}
	if err := plots.Hindcast(&fig, f, r); err != nil {
		return err
	}
	if err := plots.Report(&page, r); err != nil {
		return err
	}
	figPath := filepath.Join(dir, "plots", plots.File("hindcast", f))
	if err := os.MkdirAll(filepath.Dir(figPath), 0o755); err != nil {
		return outputError{dir, err}
	}
	for _, out := range []struct {
		path string
		buf  *bytes.Buffer
	}{
		{filepath.Join(dir, results.HindcastFile), &js},
		{figPath, &fig},
		{filepath.Join(dir, "report.html"), &page},
	} {
		if err := replaceFile(out.path, func(w io.Writer) error { _, err := w.Write(out.buf.Bytes()); return err }); err != nil {
			return err
		}
	}
	if !*quiet {
		printHindcast(stdout, h)
		fmt.Fprintf(stdout, "wrote %s, %s and %s\n", filepath.Join(dir, results.HindcastFile), figPath, filepath.Join(dir, "report.html"))
	}
	return nil
}

// readObserved reads an observed file through the one door for input
// files.
func readObserved(path string, metrics []string) (*results.Observed, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, usageError{err}
	}
	return results.ReadObservedCSV(path, bytes.NewReader(data), metrics)
}

// printHindcast prints the errors table, then each point.
func printHindcast(w io.Writer, h *results.Hindcast) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "hindcast of the scenario variant, %d replications, against %s\n", h.Replications, h.Observed)
	fmt.Fprintln(tw, "metric\tover a period\tpoints\tbias\tMAPE\tcoverage of the 90% band\t")
	for _, m := range h.Metrics {
		mape := "-"
		if m.MAPE != nil {
			mape = strconv.FormatFloat(*m.MAPE, 'f', 1, 64) + "%"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t\n", m.Metric, m.Aggregate, m.Points, hnum(m.Bias), mape, strconv.FormatFloat(100*m.Coverage, 'f', 0, 64)+"%")
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "metric\tperiod\tpublished\tsource\tmodel mean\tP5\tP95\terror\tinside\t")
	for _, p := range h.Points {
		in := "no"
		if p.Inside {
			in = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Metric, p.Period, hnum(p.Observed), p.Source, hnum(p.Mean), hnum(p.P5), hnum(p.P95), hnum(p.Error), in)
	}
	tw.Flush()
	for _, s := range h.Skipped {
		fmt.Fprintf(w, "skipped %s %s (line %d): %s\n", s.Metric, s.Period, s.Line, s.Reason)
	}
}

// hnum formats a value of the hindcast's tables: two decimals below 100,
// none above.
func hnum(x float64) string {
	if x > -100 && x < 100 {
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strconv.FormatFloat(x, 'f', 0, 64)
}
