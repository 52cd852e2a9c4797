package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
)

const compareHelp = `Usage:
  canalsim compare DIR DIR... [--out FOLDER] [flags]

Compares results folders side by side: each folder's scenario against its
own baseline, on the numbers every folder has. Writes FOLDER (default
compare/) with

  compare.html          one self-contained page (inline styles and SVG
                        figures, no script, nothing fetched): the folders
                        and what differs between their manifests (network,
                        demand, calendar, replications, seed, program
                        version), the key numbers of each folder (in its
                        first disruption window, per day, and over the
                        whole run; and the costs where summary.json has
                        them) with their 95% intervals, and the figures
  plots/forest.svg      the key numbers as a forest plot: a panel per
                        number, a row per folder, the mean difference and
                        its 95% interval
  plots/differences.svg the daily differences in transits and TEU over
                        time, a line per folder

Each DIR is a results folder written by "canalsim run". A sweep's folder
(one with sweep.json) stands for its points: each point's results are
compared as a folder of their own. At least two results are needed.

FOLDER is written in a temporary folder beside it and moved into place
when complete. An existing FOLDER is refused unless --force asks to
replace it, which it does only for an earlier comparison (a folder with
compare.html) or an empty folder. Every folder is read before anything is written: exit status
2, and nothing written, when a folder is not a results folder or a file
of it is missing or unreadable (the message names the file).

Flags:
`

// compareCmd implements "canalsim compare".
func compareCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("compare", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.StringP("out", "o", "compare", "folder to write compare.html and plots/ into")
	force := fs.Bool("force", false, "replace the folder --out if it exists")
	format := fs.String("format", string(plots.SVG), "format of the figures in plots/: svg, png or pdf (the page's are always SVG)")
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	fs.Usage = func() { fmt.Fprint(stdout, compareHelp+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("compare needs at least two results folders")
	}
	f, err := plots.ParseFormat(*format)
	if err != nil {
		return usageError{err}
	}
	given := map[string]string{}
	for _, d := range fs.Args() {
		abs, err := filepath.Abs(d)
		if err != nil {
			return usageError{err}
		}
		if first, ok := given[abs]; ok {
			return usagef("%s is %s, given twice: compare each folder once", d, first)
		}
		given[abs] = d
	}
	folders, err := loadFolders(fs.Args())
	if err != nil {
		return err
	}
	var rs []*results.Folder
	for _, fo := range folders {
		rs = append(rs, fo.results...)
	}
	if len(rs) < 2 {
		return usagef("compare needs at least two results folders, got %s", plural(len(rs), "result"))
	}
	dir := filepath.Clean(*out)
	for _, r := range rs {
		if inside(r.Dir, dir) {
			return usagef("--out %s holds %s, a folder compared: choose another", *out, r.Dir)
		}
	}
	if !*force {
		if err := checkNew(dir); err != nil {
			return usagef("%s exists (an earlier comparison?): use --force to replace it, or another --out", dir)
		}
	} else if err := checkOurs(dir, "compare.html"); err != nil {
		return err
	}
	err = replaceDir(dir, func(tmp string) error {
		if err := results.WriteFile(filepath.Join(tmp, "compare.html"), func(w io.Writer) error { return plots.CompareReport(w, rs) }); err != nil {
			return err
		}
		for _, fig := range plots.CompareFigures() {
			name := plots.File(fig.Name, f)
			if err := results.WriteFile(filepath.Join(tmp, "plots", name), func(w io.Writer) error { return fig.Draw(w, f, rs) }); err != nil {
				return fmt.Errorf("plots/%s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stdout, "%s: %s compared\n", filepath.Join(dir, "compare.html"), plural(len(rs), "results folder"))
	}
	return nil
}

// inside reports whether path is dir or a path under it (so that
// replacing dir would remove path).
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return filepath.Clean(path) == filepath.Clean(dir)
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}
