// Package results owns the format of a results folder (docs/outputs.md):
// what canalsim run writes and canalsim plot, report and compare read.
//
// A [Folder] is a results folder in memory. [New] makes one from a
// study's result, with no file written; [Folder.Write] writes it;
// [Load] reads one back. Figures (package plots) are drawn from a Folder,
// so a program draws them from a study without a round trip through its
// files:
//
//	res, err := sim.Study(ctx, sc, sim.Options{})
//	...
//	f, err := results.New(res, NewManifest(res, "", nil), nil)
//	...
//	err = f.Write("out/my-study")
//	for _, fig := range plots.Figures() {
//		err = fig.Draw(w, plots.SVG, f) // where fig.Applies(f), if set
//	}
//
// The statistics across replications are this package's: [Summarize]
// describes a study's outcomes (sim.Outcome) as a [Summary], the content
// of summary.json: every metric's [Comparison] of the baseline, the
// scenario and their paired difference, each three [Stats] (mean, 95%
// interval, percentiles; [Describe] computes them for any slice), the
// risk metrics ([Risk], with the probabilities of passing a [Threshold]),
// each disruption window's effect where it happens ([WindowEffect]), who
// pays ([Costs]), and, where the scenario draws uncertain assumptions,
// how much of each metric's spread they explain ([Split]).
//
// daily.parquet, daily.csv at full precision, is written by
// [WriteDailyParquet] (or [DailyParquet], a row at a time) and read back
// by [OpenDailyParquet]; the folder's other Parquet files are written by
// [NewParquetWriter].
//
// The folder's own files are manifest.json, summary.json, daily.csv,
// replications.csv, waits.csv and network.yaml ([Folder.Files]); canalsim adds the
// records, Parquet copies, figures and report around them.
//
// A run is set beside published figures with a hindcast: [ReadObservedCSV]
// reads a series (date or month, metric, value, source), and
// [NewHindcast] compares a folder's daily table and summary with it, point
// by point and metric by metric (hindcast.json, [Folder.Hindcast]).
package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/network"
)

// Folder is a results folder, in memory: everything the figures and the
// report draw from.
type Folder struct {
	// Dir is the folder it was read from or written to ("" for one only
	// made in memory).
	Dir      string
	Manifest *Manifest
	// Network is the network the study ran on (network.yaml), nil for a
	// folder written before the folder held it.
	Network *network.Network
	// Demand is the demand the study ran with (demand.yaml), nil for a
	// folder written before the folder held it.
	Demand  *sim.Demand
	Summary *Summary
	// Daily is the day-by-day table, nil unless the folder was made in
	// memory from a result with its days (New) or read with LoadDaily;
	// the figures draw from Bands.
	Daily *DailyTable
	// Bands are the daily bands of FigureSeries across replications.
	Bands        *Bands
	Replications *ReplicationsTable
	// Waits is nil for a folder written before waits.csv existed.
	Waits *WaitTable
	// Hindcast is hindcast.json, nil unless "canalsim hindcast" wrote one.
	Hindcast *Hindcast
	// Sensitivity is the sensitivity.json of the same scenario's analysis
	// beside the folder (DIR-sensitivity, as "canalsim sensitivity" writes
	// it next to "canalsim run"'s DIR), nil when there is none.
	Sensitivity *sim.SensitivityResult
}

// HindcastFile is the name of a results folder's hindcast in it.
const HindcastFile = "hindcast.json"

// New makes the folder of a study's result: its summary (with the
// probabilities of passing thresholds, as SummarizeWith), its
// daily, replications and waits tables, and the manifest m (the manifest
// of what ran, NewManifest). Nothing is written.
func New(res *sim.Result, m *Manifest, thresholds []Threshold) (*Folder, error) {
	st, err := NewStream(res, nil)
	if err != nil {
		return nil, err
	}
	if err := st.AddDone(res); err != nil {
		return nil, fmt.Errorf("%w (a study run with DropDays is written with a Stream)", err)
	}
	return newFolder(res, m, thresholds, NewDailyTable(res), st.fold.Bands())
}

// newFolder makes the folder of res with its daily table and bands.
func newFolder(res *sim.Result, m *Manifest, thresholds []Threshold, daily *DailyTable, bands *Bands) (*Folder, error) {
	sum, err := SummarizeWith(res, thresholds)
	if err != nil {
		return nil, err
	}
	return &Folder{Manifest: m, Network: res.Scenario.UsedNetwork(), Demand: res.Scenario.UsedDemand(), Summary: sum, Daily: daily, Bands: bands, Replications: NewReplicationsTable(res), Waits: NewWaitTable(res)}, nil
}

// File is one file of a folder: its name in it and what writes it.
type File struct {
	Name  string
	Write func(io.Writer) error
}

// Files returns the folder's data files, in the order canalsim writes
// them: summary.json, daily.csv (when the folder holds its daily table,
// not when a Stream wrote it), replications.csv, waits.csv (when the
// folder has waits), network.yaml (when it has its network: the network
// file the study ran on, as network.Write writes it, so that a map can be
// drawn for any network) and demand.yaml (when it has its demand, as
// sim.WriteDemand writes it, so that the report describes any demand).
// The manifest is written apart
// ([Folder.WriteManifest]), since it lists every file written, these and
// any others.
func (f *Folder) Files() []File {
	files := []File{{"summary.json", func(w io.Writer) error { return WriteJSON(w, f.Summary) }}}
	if f.Daily != nil {
		files = append(files, File{"daily.csv", f.Daily.WriteCSV})
	}
	files = append(files, File{"replications.csv", f.Replications.WriteCSV})
	if f.Waits != nil {
		files = append(files, File{"waits.csv", f.Waits.WriteCSV})
	}
	if f.Network != nil {
		files = append(files, File{NetworkFile, func(w io.Writer) error { return network.Write(w, f.Network) }})
	}
	if f.Demand != nil {
		files = append(files, File{DemandFile, func(w io.Writer) error { return sim.WriteDemand(w, f.Demand) }})
	}
	return files
}

// NetworkFile and DemandFile are the names of a results folder's network
// and demand in it.
const (
	NetworkFile = "network.yaml"
	DemandFile  = "demand.yaml"
)

// WriteManifest writes the folder's manifest.json into dir.
func (f *Folder) WriteManifest(dir string) error {
	return WriteFile(filepath.Join(dir, "manifest.json"), func(w io.Writer) error { return WriteJSON(w, f.Manifest) })
}

// Write writes the folder's files and its manifest, listing them, into
// dir (created if need be), and sets f.Dir. A program that wants all or
// nothing writes into a new folder and renames it, as canalsim does.
func (f *Folder) Write(dir string) error {
	f.Manifest.Files = nil
	for _, fl := range f.Files() {
		if err := WriteFile(filepath.Join(dir, fl.Name), fl.Write); err != nil {
			return err
		}
		f.Manifest.Files = append(f.Manifest.Files, fl.Name)
	}
	f.Manifest.Files = append(f.Manifest.Files, "manifest.json")
	if err := f.WriteManifest(dir); err != nil {
		return err
	}
	f.Dir = dir
	return nil
}

// WriteJSON writes v as indented JSON with a final newline, as every
// JSON file of a folder is written.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// WriteFile creates path (and its folder) and writes it with write.
func WriteFile(path string, write func(io.Writer) error) error {
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

// LoadDaily is Load with the daily table read into memory too
// (Folder.Daily), for a program that needs each replication's days (the
// hindcast). Load alone folds daily.csv into the bands as it reads it,
// in memory that does not grow with the replications.
func LoadDaily(dir string) (*Folder, error) {
	f, err := Load(dir)
	if err != nil {
		return nil, err
	}
	if f.Daily, err = readCSVFile(filepath.Join(dir, "daily.csv"), ReadDailyCSV); err != nil {
		return nil, err
	}
	return f, nil
}

// Load reads a results folder, all but its daily table, whose bands it
// folds as it reads daily.csv (see LoadDaily). Every file but waits.csv,
// network.yaml and hindcast.json must be there; errors name the file
// (and, for CSV, the line and column).
func Load(dir string) (*Folder, error) {
	f := &Folder{Dir: dir}
	if err := readJSONFile(filepath.Join(dir, "manifest.json"), &f.Manifest); err != nil {
		return nil, err
	}
	if f.Manifest != nil {
		if _, err := time.Parse(time.DateOnly, f.Manifest.Start); err != nil {
			return nil, &input.Error{Pos: input.Pos{File: filepath.Join(dir, "manifest.json")}, Msg: fmt.Sprintf("start: expected YYYY-MM-DD, got %s", input.Quote(f.Manifest.Start))}
		}
	}
	if err := readJSONFile(filepath.Join(dir, "summary.json"), &f.Summary); err != nil {
		return nil, err
	}
	if f.Summary == nil || f.Manifest != nil && (f.Summary.Replications != f.Manifest.Replications || f.Summary.Days != f.Manifest.Days || len(f.Summary.Metrics) == 0) {
		return nil, &input.Error{Pos: input.Pos{File: filepath.Join(dir, "summary.json")}, Msg: "not the summary of the run manifest.json describes (its replications, days or metrics differ, or are missing)"}
	}
	var err error
	if f.Bands, err = readBands(filepath.Join(dir, "daily.csv"), f.Manifest); err != nil {
		return nil, err
	}
	if f.Replications, err = readCSVFile(filepath.Join(dir, "replications.csv"), ReadReplicationsCSV); err != nil {
		return nil, err
	}
	// The files a folder may be without: missing is an error only when
	// the manifest lists them (a folder that had them and lost one).
	listed := map[string]bool{}
	if f.Manifest != nil {
		for _, name := range f.Manifest.Files {
			listed[name] = true
		}
	}
	optional := func(name string, err error) error {
		if errors.Is(err, fs.ErrNotExist) && !listed[name] {
			return nil
		}
		return err
	}
	f.Waits, err = readCSVFile(filepath.Join(dir, "waits.csv"), ReadWaitsCSV)
	if err = optional("waits.csv", err); err != nil {
		return nil, err
	}
	f.Network, err = network.Load(filepath.Join(dir, NetworkFile))
	if err = optional(NetworkFile, err); err != nil {
		return nil, err
	}
	f.Demand, err = sim.LoadDemand(filepath.Join(dir, DemandFile))
	if err = optional(DemandFile, err); err != nil {
		return nil, err
	}
	err = readJSONFile(filepath.Join(dir, HindcastFile), &f.Hindcast)
	if errors.Is(err, fs.ErrNotExist) {
		f.Hindcast, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	// An analysis of the same scenario beside it; one that does not read
	// is not this folder's business, and is left out.
	var sens sim.SensitivityResult
	if readJSONFile(filepath.Join(filepath.Clean(dir)+"-sensitivity", "sensitivity.json"), &sens) == nil &&
		f.Manifest != nil && sens.Scenario == f.Manifest.Scenario && len(sens.Metrics) > 0 {
		f.Sensitivity = &sens
	}
	return f, nil
}

// readJSONFile decodes a JSON file into v.
func readJSONFile(path string, v any) error {
	data, err := input.ReadFile(path)
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return &input.Error{Pos: JSONPos(path, data, err), Msg: jsonMessage(err)}
	}
	return nil
}

// jsonMessage says what is wrong with a results file's JSON in the file's
// terms: the key and the kind of value expected, not Go's types.
func jsonMessage(err error) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return "not valid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
	}
	want := "a value of another kind"
	switch k := te.Type.Kind(); {
	case te.Type == reflect.TypeFor[time.Time]():
		want = "a date and time (RFC 3339, such as 2025-10-01T00:00:00Z)"
	case k >= reflect.Int && k <= reflect.Int64:
		want = "a whole number"
	case k >= reflect.Uint && k <= reflect.Uintptr:
		want = "a whole number, 0 or more"
	case k == reflect.Float32 || k == reflect.Float64:
		want = "a number"
	case k == reflect.String:
		want = "text in quotes"
	case k == reflect.Bool:
		want = "true or false"
	case k == reflect.Slice || k == reflect.Array:
		want = "a list [...]"
	case k == reflect.Map || k == reflect.Struct || k == reflect.Pointer:
		want = "an object {...}"
	}
	key := te.Field
	if key == "" {
		key = "the document"
	}
	return fmt.Sprintf("%s: expected %s, got %s", key, want, withArticle(te.Value))
}

// withArticle writes a JSON value's kind as encoding/json names it
// ("string", "number -1") with an article.
func withArticle(kind string) string {
	switch {
	case strings.HasPrefix(kind, "number"):
		return "a " + kind
	case kind == "array":
		return "a list"
	case kind == "object":
		return "an object"
	case kind == "bool":
		return "true or false"
	}
	return "a " + kind
}

// JSONPos returns the position in a JSON file of a decoding error: where
// the syntax or the type went wrong, or 1:1 when the error does not say.
func JSONPos(path string, data []byte, err error) input.Pos {
	var off int64
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	line, col := 1, 1
	for _, c := range data[:min(int(off), len(data))] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return input.Pos{File: path, Line: line, Col: col}
}

// readCSVFile opens path and reads it with read.
func readCSVFile[T any](path string, read func(string, io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := input.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	return read(path, f)
}

// readBands folds the daily.csv at path into the bands of FigureSeries,
// a replication at a time. Its rows must be in the order daily.csv is
// written: by replication, baseline then scenario, then date.
func readBands(path string, m *Manifest) (*Bands, error) {
	file, err := input.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	dr, err := NewDailyReader(path, file)
	if err != nil {
		return nil, err
	}
	reps := 1
	var windows []sim.Window
	if m != nil {
		reps, windows = max(m.Replications, 1), m.Disruptions
	}
	fold, err := NewBandFold(FigureSeries(), reps, dr.Terminals, windows)
	if err != nil {
		return nil, err
	}
	var base, scen []sim.Day
	rep, seen := -1, 0
	flush := func(at input.Pos) error {
		if rep < 0 {
			return nil
		}
		if len(base) == 0 || len(base) != len(scen) {
			return &input.Error{Pos: at, Msg: fmt.Sprintf("replication %d has %d baseline and %d scenario rows; expected as many of each", rep, len(base), len(scen))}
		}
		seen++
		if seen > reps {
			return &input.Error{Pos: at, Msg: fmt.Sprintf("more replications than the manifest's %d", reps)}
		}
		if m != nil && len(base) != m.Days {
			return &input.Error{Pos: at, Msg: fmt.Sprintf("replication %d has %d days; the manifest's run reports %d", rep, len(base), m.Days)}
		}
		if err := fold.Add(base, scen); err != nil {
			return &input.Error{Pos: at, Msg: err.Error()}
		}
		base, scen = base[:0], scen[:0]
		return nil
	}
	for {
		row, err := dr.Read()
		if err == io.EOF {
			if err := flush(dr.Pos()); err != nil {
				return nil, err
			}
			if m != nil && seen != reps {
				return nil, &input.Error{Pos: dr.Pos(), Msg: fmt.Sprintf("it holds %d of the %d replications of the manifest's run", seen, reps)}
			}
			return fold.Bands(), nil
		}
		if err != nil {
			return nil, err
		}
		if row.Replication != rep {
			if row.Replication < rep {
				return nil, &input.Error{Pos: dr.Pos(), Msg: fmt.Sprintf("replication %d after %d; expected rows in order of replication", row.Replication, rep)}
			}
			if err := flush(dr.Pos()); err != nil {
				return nil, err
			}
			rep = row.Replication
		}
		switch {
		case row.Variant == sim.Baseline && len(scen) > 0:
			return nil, &input.Error{Pos: dr.Pos(), Msg: "a baseline row after the scenario's rows of its replication; expected the baseline's first"}
		case row.Variant == sim.Baseline:
			base = append(base, row.Day)
		default:
			scen = append(scen, row.Day)
		}
	}
}
