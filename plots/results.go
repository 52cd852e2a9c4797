package plots

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// Results is a results folder read back (docs/outputs.md): everything the
// figures and the report draw from. Figures are drawn from these files,
// never from a live simulation, so a reviewer can redraw them from a
// folder alone.
type Results struct {
	// Dir is the folder.
	Dir          string
	Manifest     *sim.Manifest
	Summary      *sim.Summary
	Daily        *sim.DailyTable
	Replications *sim.ReplicationsTable
	// Waits is nil for a folder written before waits.csv existed.
	Waits *sim.WaitTable
	// Hindcast is hindcast.json, nil unless "canalsim hindcast" wrote one.
	Hindcast *sim.Hindcast
	// Sensitivity is the sensitivity.json of the same scenario's analysis
	// beside the folder (DIR-sensitivity, as "canalsim sensitivity" writes
	// it next to "canalsim run"'s DIR), nil when there is none.
	Sensitivity *sim.SensitivityResult
}

// Load reads a results folder. Every file but waits.csv and hindcast.json
// must be there; errors name the file (and, for CSV, the line and
// column).
func Load(dir string) (*Results, error) {
	r := &Results{Dir: dir}
	if err := readJSONFile(filepath.Join(dir, "manifest.json"), &r.Manifest); err != nil {
		return nil, err
	}
	if err := readJSONFile(filepath.Join(dir, "summary.json"), &r.Summary); err != nil {
		return nil, err
	}
	var err error
	if r.Daily, err = readCSVFile(filepath.Join(dir, "daily.csv"), sim.ReadDailyCSV); err != nil {
		return nil, err
	}
	if r.Replications, err = readCSVFile(filepath.Join(dir, "replications.csv"), sim.ReadReplicationsCSV); err != nil {
		return nil, err
	}
	r.Waits, err = readCSVFile(filepath.Join(dir, "waits.csv"), sim.ReadWaitsCSV)
	if errors.Is(err, fs.ErrNotExist) {
		r.Waits, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	if r.Hindcast, err = loadHindcast(dir); err != nil {
		return nil, err
	}
	// An analysis of the same scenario beside it; one that does not read
	// is not this folder's business, and is left out.
	var sens sim.SensitivityResult
	if readJSONFile(filepath.Join(filepath.Clean(dir)+"-sensitivity", "sensitivity.json"), &sens) == nil &&
		r.Manifest != nil && sens.Scenario == r.Manifest.Scenario && len(sens.Metrics) > 0 {
		r.Sensitivity = &sens
	}
	return r, nil
}

// readJSONFile decodes a JSON file into v.
func readJSONFile(path string, v any) error {
	data, err := input.ReadFile(path)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return &input.Error{Pos: JSONPos(path, data, err), Msg: "not valid JSON: " + err.Error()}
	}
	return nil
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

// SweepIndex is sweep.json, the index of a sweep's folder: the swept
// parameter and, for each value, the folder of its results.
type SweepIndex struct {
	Scenario  string       `json:"scenario"`
	Parameter string       `json:"parameter"`
	Points    []SweepPoint `json:"points"`
}

// SweepPoint is a point of a sweep: its value and results folder
// (relative to the sweep's folder).
type SweepPoint struct {
	Value  float64 `json:"value"`
	Folder string  `json:"folder"`
}

// Sweep is a sweep's folder read back: its index and each point's
// summary and manifest, in the index's order.
type Sweep struct {
	Dir   string
	Index SweepIndex
	// Summaries and Manifests are by point.
	Summaries []*sim.Summary
	Manifests []*sim.Manifest
}

// LoadSweep reads a sweep's folder: sweep.json and each point's
// summary.json and manifest.json.
func LoadSweep(dir string) (*Sweep, error) {
	s := &Sweep{Dir: dir}
	if err := readJSONFile(filepath.Join(dir, "sweep.json"), &s.Index); err != nil {
		return nil, err
	}
	if len(s.Index.Points) == 0 {
		return nil, fmt.Errorf("plots: %s: sweep.json lists no points", dir)
	}
	for _, p := range s.Index.Points {
		var sum *sim.Summary
		var man *sim.Manifest
		if err := readJSONFile(filepath.Join(dir, p.Folder, "summary.json"), &sum); err != nil {
			return nil, err
		}
		if err := readJSONFile(filepath.Join(dir, p.Folder, "manifest.json"), &man); err != nil {
			return nil, err
		}
		s.Summaries = append(s.Summaries, sum)
		s.Manifests = append(s.Manifests, man)
	}
	return s, nil
}

// IsSweep reports whether dir is a sweep's folder (it has sweep.json).
func IsSweep(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "sweep.json"))
	return err == nil
}
