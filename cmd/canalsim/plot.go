package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/plots"
)

const plotHelp = `Usage:
  canalsim plot DIR... [flags]

Redraws the figures of each results folder DIR from its files (manifest.json,
summary.json, daily.csv, replications.csv, waits.csv) into DIR/plots/, as
"canalsim run" draws them: a reviewer can redraw them, in another format,
from a folder alone. DIR/plots/ is replaced at once, once every figure is
drawn. For a sweep's folder (one with sweep.json), the figures of each
point's folder are redrawn, and the sweep's own, DIR/plots/sweep.svg (the
losses against the swept parameter).

Every folder is read before anything is drawn. Exit status 2 when a folder
is not a results folder or a file of it is missing or unreadable (the
message names the file); nothing is drawn then.

Flags:
`

// plotCmd implements "canalsim plot".
func plotCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("plot", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", string(plots.SVG), "figure format: svg, png or pdf")
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	fs.Usage = func() { fmt.Fprint(stdout, plotHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("plot needs at least one results folder")
	}
	f, err := plots.ParseFormat(*format)
	if err != nil {
		return usageError{err}
	}
	folders, err := loadFolders(fs.Args())
	if err != nil {
		return err
	}
	for _, fo := range folders {
		for _, r := range fo.results {
			files, err := redraw(r, f)
			if err != nil {
				return err
			}
			if !*quiet {
				fmt.Fprintf(stdout, "%s: %s\n", r.Dir, plural(len(files), "figure"))
			}
		}
		if fo.sweep != nil {
			err := replaceDir(filepath.Join(fo.dir, "plots"), func(tmp string) error {
				_, err := drawSweepInto(tmp, fo.sweep, f)
				return err
			})
			if err != nil {
				return err
			}
			if !*quiet {
				fmt.Fprintf(stdout, "%s: the sweep's figure\n", fo.dir)
			}
		}
	}
	return nil
}
