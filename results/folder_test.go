package results_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// study runs ten days of a closure of Panama Ports Company's terminals,
// two replications.
func study(t *testing.T) *sim.Result {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2025, 10, d, 0, 0, 0, 0, time.UTC) }
	sc := &sim.Scenario{Name: "ppc", Start: day(1), Days: 10, WarmupDays: 3, Seed: 1, Replications: 2,
		Disruptions: []sim.Disruption{{Effect: sim.Closure, Target: sim.Target{Operator: "ppc"}, From: day(3), Until: day(6)}}}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestFolderRoundTrip: a folder made in memory, written and read back,
// has the same summary, replications and waits, and writes the same
// bytes again; its manifest lists what was written.
func TestFolderRoundTrip(t *testing.T) {
	res := study(t)
	f, err := results.New(res, results.NewManifest(res, "", nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := f.Write(dir); err != nil {
		t.Fatal(err)
	}
	if want := []string{"summary.json", "daily.csv", "replications.csv", "waits.csv", "network.yaml", "demand.yaml", "manifest.json"}; !slices.Equal(f.Manifest.Files, want) {
		t.Errorf("manifest lists %v, want %v", f.Manifest.Files, want)
	}
	g, err := results.LoadDaily(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The demand read back is the demand that ran: the one the manifest's
	// hash names.
	if g.Demand == nil || sim.DemandSHA256(g.Demand) != f.Manifest.DemandSHA256 {
		t.Error("the folder's demand.yaml is not the demand the manifest names")
	}
	// Load folds daily.csv into the bands as it reads it: the bands of
	// the table read back, whole.
	h, err := results.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if h.Daily != nil {
		t.Error("Load kept the daily table")
	}
	want, err := results.FoldDaily(g.Daily, results.FigureSeries(), g.Manifest.Disruptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range results.FigureSeries() {
		x, err := h.Bands.Band(s)
		if err != nil {
			t.Fatal(err)
		}
		y, _ := want.Band(s)
		if !reflect.DeepEqual(x, y) {
			t.Errorf("%s: the band Load folded differs from the table's", s)
		}
	}
	a, _ := json.Marshal(f.Summary)
	b, _ := json.Marshal(g.Summary)
	if !bytes.Equal(a, b) {
		t.Error("the summary read back differs")
	}
	if !reflect.DeepEqual(f.Replications.Header, g.Replications.Header) || len(f.Replications.Rows) != len(g.Replications.Rows) {
		t.Fatal("the replications read back differ")
	}
	for i := range f.Replications.Rows {
		if !slices.Equal(f.Replications.Rows[i].Cells, g.Replications.Rows[i].Cells) {
			t.Errorf("replications row %d differs", i)
		}
	}
	if !reflect.DeepEqual(f.Waits, g.Waits) {
		t.Error("the waits read back differ")
	}
	if g.Network == nil || g.Network.Name != "panama" || len(g.Network.Nodes) != len(f.Network.Nodes) {
		t.Errorf("the network read back: %v", g.Network)
	}
	again := t.TempDir()
	if err := g.Write(again); err != nil {
		t.Fatal(err)
	}
	for _, name := range f.Manifest.Files {
		x, _ := os.ReadFile(filepath.Join(dir, name))
		y, _ := os.ReadFile(filepath.Join(again, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s: written again from the folder read back, the bytes differ", name)
		}
	}
}

// TestLoadErrors: a folder without its files, or with a broken one, is
// an error naming the file and, for JSON, the line and column.
func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := results.Load(dir); err == nil {
		t.Error("an empty folder loaded")
	}
	// daily.csv out of order, or with a replication's scenario rows
	// missing, is an error at the row.
	res := study(t)
	f, err := results.New(res, results.NewManifest(res, "", nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	if err := f.Write(bad); err != nil {
		t.Fatal(err)
	}
	daily := filepath.Join(bad, "daily.csv")
	text, _ := os.ReadFile(daily)
	lines := strings.SplitAfter(string(text), "\n")
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{append([]string{lines[0]}, lines[1:11]...), "daily.csv:11:1: replication 0 has 10 baseline and 0 scenario rows"},
		{append([]string{lines[0]}, append(slices.Clone(lines[21:41]), lines[1:21]...)...), "daily.csv:22:1: replication 0 after 1"},
		{append([]string{lines[0]}, lines[1:21]...), "daily.csv:21:1: it holds 1 of the 2 replications of the manifest's run"},
		{append([]string{lines[0]}, append(slices.Clone(lines[1:10]), lines[11:20]...)...), "daily.csv:19:1: replication 0 has 9 days; the manifest's run reports 10"},
	} {
		if err := os.WriteFile(daily, []byte(strings.Join(c.lines, "")), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := results.Load(bad); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error with %q", err, c.want)
		}
	}
	// A file the manifest lists must be there; one it does not may be
	// missing (a folder made without waits).
	if err := os.WriteFile(daily, text, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"waits.csv", "network.yaml", "demand.yaml"} {
		whole, err := os.ReadFile(filepath.Join(bad, name))
		if err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(bad, name))
		if _, err := results.Load(bad); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s listed in the manifest and missing: %v", name, err)
		}
		os.WriteFile(filepath.Join(bad, name), whole, 0o644)
	}
	os.Remove(filepath.Join(bad, "waits.csv"))
	f.Manifest.Files = slices.DeleteFunc(f.Manifest.Files, func(s string) bool { return s == "waits.csv" })
	if err := f.WriteManifest(bad); err != nil {
		t.Fatal(err)
	}
	if g, err := results.Load(bad); err != nil || g.Waits != nil {
		t.Errorf("a folder made without waits: %v", err)
	}
	// A manifest, summary and daily.csv that disagree on the run.
	f.Manifest.Start = "01/10/2025"
	if err := f.WriteManifest(bad); err != nil {
		t.Fatal(err)
	}
	if _, err := results.Load(bad); input.AsErrors(err) == nil || !strings.Contains(err.Error(), `manifest.json: start: expected YYYY-MM-DD, got "01/10/2025"`) {
		t.Errorf("a manifest's start in another format: %v", err)
	}
	f.Manifest.Start = "2025-10-01"
	f.Manifest.Replications = 3
	if err := f.WriteManifest(bad); err != nil {
		t.Fatal(err)
	}
	if _, err := results.Load(bad); err == nil || !strings.Contains(err.Error(), "summary.json: not the summary of the run manifest.json describes") {
		t.Errorf("a manifest of 3 replications beside a summary of 2: %v", err)
	}
	os.WriteFile(filepath.Join(bad, "summary.json"), []byte("{}"), 0o644)
	if _, err := results.Load(bad); err == nil || !strings.Contains(err.Error(), "not the summary of the run") {
		t.Errorf("an empty summary.json: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("{\n  \"seed\": \"x\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = results.Load(dir)
	if want := filepath.Join(dir, "manifest.json") + ":2:"; err == nil || !bytes.HasPrefix([]byte(err.Error()), []byte(want)) {
		t.Errorf("got %v, want an error at %s...", err, want)
	}
	if want := "seed: expected a whole number, 0 or more, got a string"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %v, want it to say %q", err, want)
	}
}
