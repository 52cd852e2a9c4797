package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// output says what a results folder holds besides its fixed files.
type output struct {
	format  plots.Format
	parquet bool
	// figures and report say whether to draw the figures into plots/
	// and to write report.html (--figures, --report).
	figures, report bool
	thresholds      []results.Threshold
	// records, if not nil, are written as KIND.csv, one file a kind,
	// and as KIND.parquet with parquet.
	records *recordLog
}

// finishResults writes the rest of a study's results into the folder
// dir, whose days (daily.csv, and daily.parquet when asked) days wrote as
// the replications came, folding the figures' bands: the other data
// files, then the figures, drawn from the folder in memory (as "canalsim
// plot" would draw them from the files), then the manifest, then
// report.html (as "canalsim report" would write it). The figures and the
// report are left out when o says so; the manifest's files list what was
// written. res holds every replication, without its days.
// Callers write into a temporary folder that then takes the results
// folder's place (newWork, install), so a results folder holds either
// the previous complete results or the new ones, never a mix.
// next is called before each file (nil for none): an error it returns
// ends the writing, so that a stop asked for while the results are
// written (Ctrl-C) takes effect between files (see writeStop).
func finishResults(dir string, res *sim.Result, days *daySink, man *results.Manifest, o output, next func(name string) error) error {
	if next == nil {
		next = func(string) error { return nil }
	}
	folder, err := days.st.Folder(res, man, o.thresholds)
	if err != nil {
		return err
	}
	files := folder.Files()
	data := len(files)
	// The manifest lists the files in the folder's order: its data files
	// (daily.csv second), daily.parquet, then the records.
	man.Files = []string{files[0].Name, "daily.csv"}
	for _, fl := range files[1:] {
		man.Files = append(man.Files, fl.Name)
	}
	if days.pq != nil {
		man.Files = append(man.Files, "daily.parquet")
	}
	if o.records != nil {
		for _, k := range o.records.kinds {
			files = append(files, results.File{Name: k + ".csv", Write: o.records.writer(k)})
			if o.parquet {
				files = append(files, results.File{Name: k + ".parquet", Write: o.records.parquetWriter(k)})
			}
		}
	}
	for i, fl := range files {
		if err := next(fl.Name); err != nil {
			return err
		}
		if err := results.WriteFile(filepath.Join(dir, fl.Name), fl.Write); err != nil {
			return err
		}
		if i >= data {
			man.Files = append(man.Files, fl.Name)
		}
	}
	// The manifest goes in before the figures, whose footers quote it,
	// and again once they are done, with the full list of files.
	man.Files = append(man.Files, "manifest.json")
	if err := folder.WriteManifest(dir); err != nil {
		return err
	}
	man.Files = man.Files[:len(man.Files)-1]
	folder.Dir = dir
	var drawn map[string][]byte
	if o.figures {
		var files []string
		files, drawn, err = drawInto(filepath.Join(dir, "plots"), folder, o.format, next)
		if err != nil {
			return err
		}
		man.Files = append(man.Files, files...)
	}
	if o.report {
		man.Files = append(man.Files, "report.html")
	}
	man.Files = append(man.Files, "manifest.json")
	man.FinishedAt = time.Now().UTC()
	if err := folder.WriteManifest(dir); err != nil {
		return err
	}
	if !o.report {
		return nil
	}
	// The report goes last, from the folder as written, complete manifest
	// included (as "canalsim report" would write it).
	if err := next("report.html"); err != nil {
		return err
	}
	// The figures drawn in SVG are inlined as they are, not drawn again.
	return results.WriteFile(filepath.Join(dir, "report.html"), func(w io.Writer) error { return plots.ReportDrawn(w, folder, drawn) })
}

// fillHook, when not nil, is called by writeStop before each file of a
// results folder is written, with the file's name; an error it returns
// is taken as a failure to write that file. It is a test seam (a full
// disk, a Ctrl-C while the results are written) and nil otherwise.
var fillHook func(name string) error

// writeStop returns the next function of fillResults for a run whose
// graceful stop is the channel stop: it ends the writing with ctx's error
// once the program is told to stop at once (the second Ctrl-C), and with
// sim.ErrStopped once stop is closed (the first).
func writeStop(ctx context.Context, stop <-chan struct{}) func(name string) error {
	return func(name string) error {
		if fillHook != nil {
			if err := fillHook(name); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// The program's own stop request is looked at too: stop follows
		// it, but not at once (gracefulStop).
		select {
		case <-stop:
			return sim.ErrStopped
		case <-stopRequested(ctx):
			return sim.ErrStopped
		default:
			return nil
		}
	}
}

// outputError marks a failure to write results (an unwritable or full
// folder): the user's to fix, so exit status 2; earlier results are left
// as they were.
type outputError struct {
	dir string
	err error
}

func (e outputError) Error() string {
	return fmt.Sprintf("cannot write results to %s: %v (earlier results there are unchanged)", e.dir, e.err)
}
func (e outputError) Unwrap() error { return e.err }

// checkNew makes sure that dir, a results folder to write, does not hold
// the results of an earlier run, which would be replaced without a word.
func checkNew(dir string) error {
	if _, err := os.Lstat(dir); err == nil {
		return usagef("%s exists (the results of an earlier run?): use --force to replace it, or another --out", dir)
	}
	return nil
}

// checkOut makes sure the folder dir may be written: without force, it
// must not exist (checkNew); with it, it must be one canalsim wrote, of
// the kind marks name (checkOurs).
func checkOut(dir string, force bool, marks ...string) error {
	if !force {
		return checkNew(dir)
	}
	return checkOurs(dir, marks...)
}

// checkOurs makes sure that --force, or a shard's rerun, replaces at dir
// only a folder canalsim wrote: none, an empty folder, or a folder that
// holds one of marks (the file that names the kind, such as
// manifest.json). A file, a folder of other files, or the current or a
// parent folder is refused: the user's own files are never replaced.
func checkOurs(dir string, marks ...string) error {
	if b := filepath.Base(filepath.Clean(dir)); b == "." || b == ".." || b == string(filepath.Separator) {
		return usagef("%s: give the output a folder of its own, not %q", dir, b)
	}
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return outputError{dir, err}
	}
	if !st.IsDir() {
		return usagef("%s is not a folder canalsim wrote: --force replaces only those; remove it yourself, or choose another --out", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return outputError{dir, err}
	}
	if len(entries) == 0 {
		return nil
	}
	for _, m := range marks {
		if st, err := os.Lstat(filepath.Join(dir, m)); err == nil && st.Mode().IsRegular() {
			return nil
		}
	}
	return usagef("%s is not a folder canalsim wrote (it has no %s): --force replaces only those; remove it yourself, or choose another --out", dir, strings.Join(marks, " or "))
}

// checkWritable makes sure results can be written under dir before
// anything runs: it creates dir and a temporary folder in it.
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return outputError{dir, err}
	}
	tmp, err := os.MkdirTemp(dir, ".canalsim-check-")
	if err != nil {
		return outputError{dir, err}
	}
	return os.Remove(tmp)
}

// staleAfter is the age from which a temporary folder of a results or
// records folder is taken to be left by a run that was killed: a run
// adds to its temporary folder as it writes, and writing results takes
// seconds to minutes.
const staleAfter = time.Hour

// cleanStale deals with the temporary folders that a killed run (the
// second Ctrl-C, SIGKILL, a node that failed) left in out for the results
// folder name, its records folders (name.partial, name.shard-K-of-N and
// name.shard-K-of-N.partial) or its previous results (replaceDir's
// .NAME.tmp-* and .NAME.old-*): those older than staleAfter are removed,
// the others, which may belong to a run under way, are left; both are
// reported on w unless quiet.
func cleanStale(out, name string, quiet bool, w io.Writer) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return
	}
	re := regexp.MustCompile(`^\.(` + regexp.QuoteMeta(name) + `(\.partial|\.shard-\d+-of-\d+(\.partial)?)?)\.(tmp|old)-\d+$`)
	now := time.Now()
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if !e.IsDir() || m == nil {
			continue
		}
		path := filepath.Join(out, e.Name())
		// A run killed between replaceDir's two renames left the
		// previous folder aside, and none in its place: it goes back.
		if base := m[1]; m[4] == "old" {
			if _, err := os.Lstat(filepath.Join(out, base)); errors.Is(err, fs.ErrNotExist) {
				if err := os.Rename(filepath.Join(path, base), filepath.Join(out, base)); err == nil {
					os.Remove(path)
					if !quiet {
						fmt.Fprintf(w, "canalsim: restored %s from %s, where a run that was killed left it\n", filepath.Join(out, base), path)
					}
					continue
				}
			}
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		age := now.Sub(fi.ModTime())
		switch {
		case age < staleAfter:
			if !quiet {
				fmt.Fprintf(w, "canalsim: %s is the temporary folder of a run of %s under way, or of one killed %s ago; it is left (delete it if no run is under way; from %s old, a run removes it)\n", path, name, age.Round(time.Second), staleAfter)
			}
		case os.RemoveAll(path) == nil:
			if !quiet {
				fmt.Fprintf(w, "canalsim: removed %s, left by a run that was killed %s ago\n", path, age.Round(time.Minute))
			}
		default:
			fmt.Fprintf(w, "canalsim: %s, left by a run that was killed, could not be removed\n", path)
		}
	}
}

// replaceDir fills a new temporary folder with fill and moves it to dir,
// replacing any previous dir. On error the temporary folder is removed and
// dir is untouched. Errors of the file system are outputErrors.
func replaceDir(dir string, fill func(tmp string) error) error {
	tmp, err := newWork(dir)
	if err != nil {
		return err
	}
	err = fill(tmp)
	if err == nil {
		err = install(tmp, dir)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fsError(dir, err)
	}
	return nil
}

// fsError makes an error of the file system met while writing the folder
// dir an outputError; it returns other errors, and outputErrors, as they
// are.
func fsError(dir string, err error) error {
	var pe *os.PathError
	var le *os.LinkError
	var oe outputError
	if err != nil && !errors.As(err, &oe) && (errors.As(err, &pe) || errors.As(err, &le)) {
		return outputError{filepath.Dir(dir), err}
	}
	return err
}

// newWork creates the temporary folder, beside dir, in which dir's new
// content is written before install puts it in dir's place.
func newWork(dir string) (string, error) {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fsError(dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return "", fsError(dir, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", fsError(dir, err)
	}
	return tmp, nil
}

// install moves the folder tmp (newWork's) to dir, replacing any previous
// dir: the previous folder is moved aside, the new one put in its place,
// then the previous one deleted. On error dir is as it was, and tmp is
// left to the caller.
func install(tmp, dir string) error {
	return fsError(dir, move(tmp, dir))
}

func move(tmp, dir string) error {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if _, err := os.Stat(dir); err == nil {
		old, err := os.MkdirTemp(parent, "."+base+".old-")
		if err != nil {
			return err
		}
		old = filepath.Join(old, base)
		if err := os.Rename(dir, old); err != nil {
			os.RemoveAll(filepath.Dir(old))
			return err
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(old, dir)
			os.RemoveAll(filepath.Dir(old))
			return err
		}
		return os.RemoveAll(filepath.Dir(old))
	}
	return os.Rename(tmp, dir)
}
