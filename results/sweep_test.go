package results_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim/input"
)

// TestLoadSweepFolders: a sweep.json whose points name folders outside
// the sweep (or one twice) is refused at once, so that no command that
// redraws a sweep writes outside it.
func TestLoadSweepFolders(t *testing.T) {
	for _, folder := range []string{"../victim", "/tmp/victim", "a/b", "..", ".", "", `a\b`} {
		dir := t.TempDir()
		js := `{"scenario": "s", "parameter": "p", "points": [{"value": 1, "folder": ` + strings.ReplaceAll(`"`+folder+`"`, `\`, `\\`) + `}]}`
		if err := os.WriteFile(filepath.Join(dir, "sweep.json"), []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := results.LoadSweep(dir)
		if input.AsErrors(err) == nil || !strings.Contains(err.Error(), "expected the name of a folder in the sweep's own") {
			t.Errorf("folder %q: %v", folder, err)
		}
	}
	dir := t.TempDir()
	js := `{"scenario": "s", "parameter": "p", "points": [{"value": 1, "folder": "x"}, {"value": 2, "folder": "x"}]}`
	if err := os.WriteFile(filepath.Join(dir, "sweep.json"), []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := results.LoadSweep(dir); err == nil || !strings.Contains(err.Error(), `points[1]: folder "x"`) {
		t.Errorf("a folder named twice: %v", err)
	}
}
