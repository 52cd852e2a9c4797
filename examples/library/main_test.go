package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/canalsim/canalsim/results"
)

// TestRun runs the example and reads back the folder it wrote: a results
// folder whose summary has the closure's effect, with its figures.
func TestRun(t *testing.T) {
	out := t.TempDir()
	run(out)
	f, err := results.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := f.Summary.Metrics["canal_waters_time_h"].Difference; !(d.Mean > 0) {
		t.Errorf("canal waters time with the closure: %+v, want it longer", d)
	}
	for _, name := range []string{"throughput.svg", "queue.svg", "waits.svg"} {
		if _, err := os.Stat(filepath.Join(out, "plots", name)); err != nil {
			t.Error(err)
		}
	}
}
