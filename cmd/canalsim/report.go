package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
)

const reportHelp = `Usage:
  canalsim report DIR...

Writes DIR/report.html for each results folder DIR, from its files: one
self-contained HTML page (inline styles and SVG figures, no script, nothing
fetched from the network) with the key numbers, the threshold
exceedances, the disruptions, the figures, the model's assumptions, how to
read it, and the manifest. "canalsim run" writes it too. For a sweep's
folder (one with sweep.json), it writes each point's report and the
sweep's, which tables the points.

Every folder is read before anything is written. Exit status 2 when a
folder is not a results folder or a file of it is missing or unreadable
(the message names the file).
`

// reportCmd implements "canalsim report".
func reportCmd(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("report", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	quiet := fs.BoolP("quiet", "q", false, "print nothing but errors")
	fs.Usage = func() { fmt.Fprint(stdout, reportHelp+"\nFlags:\n"+fs.FlagUsages()) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("report needs at least one results folder")
	}
	folders, err := loadFolders(fs.Args())
	if err != nil {
		return err
	}
	for _, fo := range folders {
		for _, r := range fo.results {
			path := filepath.Join(r.Dir, "report.html")
			if err := replaceFile(path, func(w io.Writer) error { return plots.Report(w, r) }); err != nil {
				return err
			}
			if !*quiet {
				fmt.Fprintln(stdout, path)
			}
		}
		if fo.sweep != nil {
			path := filepath.Join(fo.dir, "report.html")
			if err := replaceFile(path, func(w io.Writer) error { return plots.SweepReport(w, fo.sweep) }); err != nil {
				return err
			}
			if !*quiet {
				fmt.Fprintln(stdout, path)
			}
		}
	}
	return nil
}

// folder is a results folder, or a sweep's folder and its points'
// results, read back.
type folder struct {
	dir     string
	sweep   *results.Sweep
	results []*results.Folder
}

// loadFolders reads every folder of dirs, results or sweep, so that a bad
// folder is reported before anything is written. Errors are the user's
// (exit status 2) and name the file.
func loadFolders(dirs []string) ([]folder, error) {
	var out []folder
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, usagef("%s: no such folder", dir)
			}
			return nil, usageError{err}
		}
		if !st.IsDir() {
			return nil, usagef("%s is not a folder; give a results folder (one with manifest.json and summary.json)", dir)
		}
		fo := folder{dir: dir}
		if results.IsSweep(dir) {
			if fo.sweep, err = results.LoadSweep(dir); err != nil {
				return nil, badFolder(dir, err)
			}
			for _, p := range fo.sweep.Index.Points {
				r, err := loadResults(filepath.Join(dir, p.Folder))
				if err != nil {
					return nil, err
				}
				fo.results = append(fo.results, r)
			}
		} else {
			r, err := loadResults(dir)
			if err != nil {
				return nil, err
			}
			fo.results = []*results.Folder{r}
		}
		out = append(out, fo)
	}
	return out, nil
}

// loadResults reads a results folder, telling a folder that is not one
// at all from one missing a file.
func loadResults(dir string) (*results.Folder, error) {
	_, errM := os.Stat(filepath.Join(dir, "manifest.json"))
	_, errS := os.Stat(filepath.Join(dir, "summary.json"))
	if errors.Is(errM, fs.ErrNotExist) && errors.Is(errS, fs.ErrNotExist) {
		return nil, usagef("%s is not a results folder: it has neither %s nor %s (nor sweep.json)", dir, filepath.Join(dir, "manifest.json"), filepath.Join(dir, "summary.json"))
	}
	r, err := results.Load(dir)
	if err != nil {
		return nil, badFolder(dir, err)
	}
	return r, nil
}

// badFolder reports a results folder that cannot be read back: a missing
// or unreadable file (named in err) is the user's to fix.
func badFolder(dir string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return usagef("%s is not a complete results folder: %s is missing", dir, pe.Path)
		}
	}
	return usageError{fmt.Errorf("%s: cannot read the results: %w", dir, err)}
}

// redraw draws every figure that applies to r into r.Dir/plots/, which
// it replaces at once, and returns the files written (relative to r.Dir).
func redraw(r *results.Folder, f plots.Format) ([]string, error) {
	var files []string
	err := replaceDir(filepath.Join(r.Dir, "plots"), func(tmp string) error {
		var err error
		files, _, err = drawInto(tmp, r, f, nil)
		return err
	})
	return files, err
}

// drawInto draws every figure of the registry that applies to r into the
// folder dir, in format f, and returns the files written as paths under
// plots/ (with forward slashes), and, in SVG, what each figure drew, by
// name, for the report to inline (plots.ReportDrawn). next, if not nil, is
// called before each figure with its path, and an error it returns ends
// the drawing.
func drawInto(dir string, r *results.Folder, f plots.Format, next func(name string) error) ([]string, map[string][]byte, error) {
	var files []string
	drawn := map[string][]byte{}
	for _, fig := range plots.Figures() {
		if fig.Applies != nil && !fig.Applies(r) {
			continue
		}
		name := plots.File(fig.Name, f)
		if next != nil {
			if err := next("plots/" + name); err != nil {
				return nil, nil, err
			}
		}
		var buf bytes.Buffer
		if err := fig.Draw(&buf, f, r); err != nil {
			return nil, nil, fmt.Errorf("plots/%s: %w", name, err)
		}
		if err := results.WriteFile(filepath.Join(dir, name), func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
			return nil, nil, fmt.Errorf("plots/%s: %w", name, err)
		}
		if f == plots.SVG {
			drawn[fig.Name] = buf.Bytes()
		}
		files = append(files, "plots/"+name)
	}
	return files, drawn, nil
}

// replaceFile writes path with write through a temporary file beside it
// that then takes its place: path holds the previous content or the new,
// never a part. Failures of the file system are outputErrors.
func replaceFile(path string, write func(io.Writer) error) error {
	return fsError(path, replaceFileErr(path, write))
}

func replaceFileErr(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// fillSweep writes the figure and the report of the sweep's folder dir,
// from its files as written (sweep.json and its points' folders):
// plots/sweep.<f> and report.html, each unless o leaves it out.
func fillSweep(dir string, o output) error {
	if !o.figures && !o.report {
		return nil
	}
	s, err := results.LoadSweep(dir)
	if err != nil {
		return err
	}
	if o.figures {
		if _, err := drawSweepInto(filepath.Join(dir, "plots"), s, o.format); err != nil {
			return err
		}
	}
	if !o.report {
		return nil
	}
	return results.WriteFile(filepath.Join(dir, "report.html"), func(w io.Writer) error { return plots.SweepReport(w, s) })
}

// drawSweepInto draws the response figure of a sweep into the folder dir,
// in format f, and returns the file written as a path under plots/.
func drawSweepInto(dir string, s *results.Sweep, f plots.Format) (string, error) {
	name := plots.File(plots.SweepFigure, f)
	if err := results.WriteFile(filepath.Join(dir, name), func(w io.Writer) error { return plots.SweepResponse(w, f, s) }); err != nil {
		return "", fmt.Errorf("plots/%s: %w", name, err)
	}
	return "plots/" + name, nil
}
