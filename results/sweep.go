package results

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/canalsim/canalsim/sim/input"
)

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
	Summaries []*Summary
	Manifests []*Manifest
}

// LoadSweep reads a sweep's folder: sweep.json and each point's
// summary.json and manifest.json.
func LoadSweep(dir string) (*Sweep, error) {
	s := &Sweep{Dir: dir}
	if err := readJSONFile(filepath.Join(dir, "sweep.json"), &s.Index); err != nil {
		return nil, err
	}
	if len(s.Index.Points) == 0 {
		return nil, fmt.Errorf("results: %s: sweep.json lists no points", dir)
	}
	// A point's folder is a folder of the sweep's own, named once: the
	// commands that redraw a sweep write into it.
	seen := map[string]bool{}
	for i, p := range s.Index.Points {
		f := p.Folder
		if f == "" || f == "." || f == ".." || filepath.Base(f) != f || strings.ContainsAny(f, `/\`) || seen[f] {
			return nil, &input.Error{Pos: input.Pos{File: filepath.Join(dir, "sweep.json")}, Msg: fmt.Sprintf("points[%d]: folder %q: expected the name of a folder in the sweep's own, each named once", i, f)}
		}
		seen[f] = true
	}
	for _, p := range s.Index.Points {
		var sum *Summary
		var man *Manifest
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
