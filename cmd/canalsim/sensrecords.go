package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// The records of a sensitivity analysis that does not end with its
// indices (interrupted, or one shard of it) are kept like those of a run
// (records.go), in OUT/NAME-sensitivity.partial/ or
// OUT/NAME-sensitivity.shard-K-of-N/: run.json, whose sensitivity field
// says which analysis, and points.csv, the metric values of the design
// points done (one row per point: point, row, then one column per
// metric, numbers in full so that they read back exactly). run.json holds
// the SHA-256 of points.csv and is sealed, as a run's (writeRecordsFolder),
// so an edited or damaged folder is refused.

// pointsFile is the name of the design points' values in a records folder.
const pointsFile = "points.csv"

// sensitivityInfo identifies a sensitivity analysis in run.json.
type sensitivityInfo struct {
	Method    string           `json:"method"`
	N         int              `json:"n"`
	Resamples int              `json:"resamples"`
	Metrics   []sim.MetricName `json:"metrics"`
	// Points is the number of points of the whole design.
	Points int `json:"points"`
}

// newSensitivityInfo describes the analysis d of the scenario from src:
// its shard, figure format and command line.
func newSensitivityInfo(d *sim.SensitivityDesign, src *scenarios.Source, sh shard, f plots.Format, args []string) recordInfo {
	info := newRecordInfo(d.Scenario(), src, sh, output{format: f, figures: true, report: true}, args)
	o := d.Options()
	info.Sensitivity = &sensitivityInfo{Method: o.Method, N: o.N, Resamples: o.Resamples, Metrics: o.Metrics, Points: d.Len()}
	return info
}

// sameAnalysis reports how the analyses of two records folders differ, or
// "" when they are the same analysis or both runs.
func (a recordInfo) sameAnalysis(b recordInfo) string {
	x, y := a.Sensitivity, b.Sensitivity
	switch {
	case x == nil && y == nil:
		return ""
	case x == nil || y == nil:
		return "a run and a sensitivity analysis"
	case x.Method != y.Method:
		return fmt.Sprintf("different methods (%s and %s)", x.Method, y.Method)
	case x.N != y.N:
		return fmt.Sprintf("different samples (%d and %d)", x.N, y.N)
	case !slices.Equal(x.Metrics, y.Metrics):
		return fmt.Sprintf("different metrics (%v and %v)", x.Metrics, y.Metrics)
	case x.Resamples != y.Resamples:
		return fmt.Sprintf("different resamples (%d and %d)", x.Resamples, y.Resamples)
	case x.Points != y.Points:
		return fmt.Sprintf("different designs (%d and %d points)", x.Points, y.Points)
	}
	return ""
}

// designOf rebuilds the design of the analysis a records folder ran, of
// the scenario sc that studyOf rebuilt.
func designOf(info recordInfo, sc *sim.Scenario) (*sim.SensitivityDesign, error) {
	s := info.Sensitivity
	d, err := sim.NewSensitivityDesign(sc, sim.SensitivityOptions{Method: s.Method, N: s.N, Resamples: s.Resamples, Metrics: s.Metrics})
	if err != nil {
		return nil, usageError{err}
	}
	if d.Len() != s.Points || d.Rows() != info.Replications {
		return nil, usagef("run.json describes a design of %d points in %d rows; its scenario and options give %d in %d", s.Points, info.Replications, d.Len(), d.Rows())
	}
	return d, nil
}

// writePoints writes a records folder for the done points of y, outputs
// of the design d.
func writePoints(dir string, info recordInfo, d *sim.SensitivityDesign, y *sim.SensitivityOutputs) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(pointsHeader(d))
	info.Done = nil
	for k, done := range y.Done {
		if !done {
			continue
		}
		info.Done = append(info.Done, k)
		row := []string{strconv.Itoa(k), strconv.Itoa(k / d.Group())}
		for _, v := range y.Values(k) {
			row = append(row, strconv.FormatFloat(v, 'g', -1, 64))
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return writeRecordsFolder(dir, info, pointsFile, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err })
}

// readPoints reads a records folder's points into y, outputs of the
// design d, which must be the folder's analysis. It checks points.csv
// against run.json (its hash and the points it lists), that every point
// is of one of rows (the folder's shard), and that none is already in y.
func readPoints(dir string, info recordInfo, d *sim.SensitivityDesign, y *sim.SensitivityOutputs, rows []int) error {
	path := filepath.Join(dir, pointsFile)
	data, err := input.ReadFile(path)
	if err != nil {
		return usagef("%s: %v", dir, err)
	}
	sum := sha256.Sum256(data)
	if err := checkSum(path, info, pointsFile, sum[:]); err != nil {
		return err
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return usagef("%s: %s is damaged: %v", dir, pointsFile, err)
	}
	header := pointsHeader(d)
	metrics := header[2:]
	if len(recs) == 0 || !slices.Equal(recs[0], header) {
		return usagef("%s: %s does not have the columns point, row and the metrics %v", dir, pointsFile, metrics)
	}
	recs = recs[1:]
	if len(recs) != len(info.Done) {
		return usagef("%s: %s holds %d points, run.json lists %d", dir, pointsFile, len(recs), len(info.Done))
	}
	inShard := make([]bool, d.Rows())
	for _, j := range rows {
		inShard[j] = true
	}
	vals := make([]float64, len(metrics))
	for i, rec := range recs {
		k, errK := strconv.Atoi(rec[0])
		j, errJ := strconv.Atoi(rec[1])
		line := i + 2
		switch {
		case errK != nil || errJ != nil || k != info.Done[i]:
			return usagef("%s:%d: the point does not match run.json", path, line)
		case k < 0 || k >= d.Len() || j != k/d.Group():
			return usagef("%s:%d: point %d of row %d is not a point of the design", path, line, k, j)
		case !inShard[j]:
			return usagef("%s:%d: point %d is of row %d, not one of the shard's", path, line, k, j)
		case y.Done[k]:
			return usagef("%s: point %d is also in another folder", dir, k)
		}
		for m := range vals {
			if vals[m], err = strconv.ParseFloat(rec[2+m], 64); err != nil {
				return usagef("%s:%d: %s: %v", path, line, metrics[m], err)
			}
		}
		if err := y.Set(k, vals); err != nil {
			return usagef("%s: %v", dir, err)
		}
	}
	return nil
}

// sensitivityManifest returns the manifest of the analysis d of the
// scenario from src, without its command line, workers and times.
func sensitivityManifest(d *sim.SensitivityDesign, src *scenarios.Source) (*results.Manifest, error) {
	run := *d.Scenario()
	run.Replications = d.Len()
	res, err := sim.NewResult(&run)
	if err != nil {
		return nil, err
	}
	man := results.NewManifest(res, src.Name, src.Text)
	man.Version = programVersion()
	man.GoVersion = runtime.Version()
	return man, nil
}

// writeSensitivity writes the folder of the analysis r, dir; next is
// called before each file, as by fillResults (nil for none).
func writeSensitivity(dir string, r *sim.SensitivityResult, man *results.Manifest, f plots.Format, next func(name string) error) error {
	man.Files = []string{"sensitivity.json", "sensitivity.csv", "manifest.json", "plots/" + plots.SensitivityFigure + "." + string(f), "report.html"}
	return replaceDir(dir, func(tmp string) error {
		for _, fl := range []struct {
			name  string
			write func(io.Writer) error
		}{
			{"sensitivity.json", func(w io.Writer) error { return results.WriteJSON(w, r) }},
			{"sensitivity.csv", func(w io.Writer) error { return writeSensitivityCSV(w, r) }},
			{"manifest.json", func(w io.Writer) error { return results.WriteJSON(w, man) }},
			{filepath.Join("plots", plots.SensitivityFigure+"."+string(f)), func(w io.Writer) error { return plots.Sensitivity(w, f, r, man) }},
			{"report.html", func(w io.Writer) error { return plots.SensitivityReport(w, r, man) }},
		} {
			if next != nil {
				if err := next(filepath.ToSlash(fl.name)); err != nil {
					return err
				}
			}
			if err := results.WriteFile(filepath.Join(tmp, fl.name), fl.write); err != nil {
				return err
			}
		}
		return nil
	})
}

// mergeOptions are the flags of "canalsim merge".
type mergeOptions struct {
	out          string
	force, quiet bool
	args         []string
}

// mergeSensitivity combines the shards of a sensitivity analysis, the
// records folders dirs (checked by mergeCmd to be every shard of one
// analysis, of the scenario sc from src), into OUT/NAME-sensitivity/.
func mergeSensitivity(sc *sim.Scenario, src *scenarios.Source, dirs []string, infos []recordInfo, o mergeOptions, stdout io.Writer) error {
	first := infos[0]
	d, err := designOf(first, sc)
	if err != nil {
		return err
	}
	y := d.NewOutputs()
	for i, dir := range dirs {
		sh := shard{infos[i].Shard, infos[i].Shards}
		if err := readPoints(dir, infos[i], d, y, sh.reps(d.Rows())); err != nil {
			return err
		}
	}
	if !y.Complete() {
		return usagef("the shards do not hold every point of the analysis")
	}
	f, err := plots.ParseFormat(first.Format)
	if err != nil {
		return usageError{err}
	}
	dir := o.out
	if dir == "" {
		dir = filepath.Dir(filepath.Clean(dirs[0]))
	}
	dir = filepath.Join(dir, sc.Name+"-sensitivity")
	if err := checkOut(dir, o.force, "sensitivity.json"); err != nil {
		return err
	}
	r, err := d.Analyze(y)
	if err != nil {
		return err
	}
	man, err := sensitivityManifest(d, src)
	if err != nil {
		return err
	}
	man.Args = append([]string{"canalsim", "merge"}, o.args...)
	man.StartedAt = time.Now().UTC()
	man.FinishedAt = time.Now().UTC()
	if err := writeSensitivity(dir, r, man, f, nil); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stdout, "%s: merged %d shards of a %s analysis (%d paired runs) -> %s\n", sc.Name, len(dirs), r.Method, r.Runs, dir)
	}
	return nil
}

// pointsHeader is the header of points.csv for the design d: point, row
// and its metrics.
func pointsHeader(d *sim.SensitivityDesign) []string {
	h := []string{"point", "row"}
	for _, m := range d.Options().Metrics {
		h = append(h, string(m))
	}
	return h
}
