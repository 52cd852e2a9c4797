package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/canalsim/canalsim/results"
)

// runSmall runs the small risk scenario into a temporary folder and
// returns its results folder.
func runSmall(t *testing.T, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	sc := smallScenario(t, dir, "risk", 1)
	out := filepath.Join(dir, "out")
	args := append([]string{"run", sc, "--out", out, "--quiet", "--threshold", "lost_teu=1000"}, extra...)
	if code, stdout, stderr := canalsim(t, args...); code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	return filepath.Join(out, "risk")
}

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// parseReport reads an HTML report and returns the ids of its sections.
func parseReport(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var ids []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "section" {
			for _, a := range n.Attr {
				if a.Key == "id" {
					ids = append(ids, a.Val)
				}
			}
		}
		if n.Type == html.ElementNode && n.Data == "script" {
			t.Errorf("%s has a <script>", path)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return ids
}

// TestRunWritesReport: "canalsim run" writes report.html, listed in the
// manifest, with every section, and the figures of plots/ drawn in it.
func TestRunWritesReport(t *testing.T) {
	dir := runSmall(t)
	ids := parseReport(t, filepath.Join(dir, "report.html"))
	for _, id := range []string{"key-numbers", "exceedances", "disruptions", "figures", "assumptions", "how-to-read", "manifest"} {
		if !slices.Contains(ids, id) {
			t.Errorf("report.html has no section %s (sections %v)", id, ids)
		}
	}
	var man results.Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	if !slices.Contains(man.Files, "report.html") {
		t.Errorf("manifest files %v lack report.html", man.Files)
	}
	for _, f := range man.Files {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("manifest lists %s: %v", f, err)
		}
	}
	// The report quotes the final manifest (its file list).
	b, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	if !bytes.Contains(b, []byte("report.html, manifest.json")) {
		t.Error("the report does not show the manifest's final list of files")
	}
	svgs := bytes.Count(b, []byte("<svg "))
	figs, _ := filepath.Glob(filepath.Join(dir, "plots", "*.svg"))
	if svgs != len(figs) || svgs == 0 {
		t.Errorf("report.html has %d figures, plots/ %d", svgs, len(figs))
	}
}

// TestPlotCommand: "canalsim plot DIR" redraws plots/ from the folder's
// files, in the format asked for, replacing what was there.
func TestPlotCommand(t *testing.T) {
	dir := runSmall(t)
	plotsDir := filepath.Join(dir, "plots")
	want := listDir(t, plotsDir)
	first, _ := os.ReadFile(filepath.Join(plotsDir, want[0]))
	if err := os.RemoveAll(plotsDir); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := canalsim(t, "plot", dir)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if got := listDir(t, plotsDir); !slices.Equal(got, want) {
		t.Errorf("plot drew %v, want %v", got, want)
	}
	again, _ := os.ReadFile(filepath.Join(plotsDir, want[0]))
	if !bytes.Equal(first, again) {
		t.Errorf("%s differs once redrawn", want[0])
	}
	if !strings.Contains(stdout, dir) {
		t.Errorf("stdout: %s", stdout)
	}

	if code, _, stderr := canalsim(t, "plot", dir, "--format", "png", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range listDir(t, plotsDir) {
		if filepath.Ext(f) != ".png" {
			t.Errorf("plot --format png left %s", f)
		}
	}
	if len(listDir(t, plotsDir)) != len(want) {
		t.Errorf("plot --format png drew %v", listDir(t, plotsDir))
	}
	if entries := listDir(t, filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("temporary folders left beside the results: %v", entries)
	}
	for _, e := range listDir(t, dir) {
		if strings.HasPrefix(e, ".") {
			t.Errorf("temporary %s left in the results", e)
		}
	}
}

// TestReportCommand: "canalsim report DIR" writes report.html from the
// folder's files.
func TestReportCommand(t *testing.T) {
	dir := runSmall(t)
	path := filepath.Join(dir, "report.html")
	before, _ := os.ReadFile(path)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := canalsim(t, "report", dir)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("canalsim report writes another report than canalsim run")
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("report.html has mode %v", st.Mode().Perm())
	}
	if strings.TrimSpace(stdout) != path {
		t.Errorf("stdout %q, want the report's path", stdout)
	}
	for _, e := range listDir(t, dir) {
		if strings.HasPrefix(e, ".") {
			t.Errorf("temporary %s left in the results", e)
		}
	}
}

// TestPlotReportBadFolder: a folder that is not a results folder, or
// misses a file, is exit status 2 with a message naming the file, and
// nothing is written, not even for the good folders given with it.
func TestPlotReportBadFolder(t *testing.T) {
	good := runSmall(t)
	if err := os.Remove(filepath.Join(good, "report.html")); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	partial := t.TempDir()
	for _, f := range []string{"manifest.json", "daily.csv", "replications.csv"} {
		b, _ := os.ReadFile(filepath.Join(good, f))
		writeText(t, filepath.Join(partial, f), string(b))
	}
	broken := t.TempDir()
	for _, f := range []string{"manifest.json", "summary.json", "daily.csv", "replications.csv"} {
		b, _ := os.ReadFile(filepath.Join(good, f))
		writeText(t, filepath.Join(broken, f), string(b))
	}
	writeText(t, filepath.Join(broken, "summary.json"), "{not json")
	sweep := t.TempDir()
	writeText(t, filepath.Join(sweep, "sweep.json"), `{"scenario": "s", "parameter": "days", "points": [{"value": 1, "folder": "days-1"}]}`)
	for _, c := range []struct {
		dir, want string
	}{
		{filepath.Join(empty, "nothing"), "no such folder"},
		{empty, "manifest.json"},
		{partial, filepath.Join(partial, "summary.json")},
		{broken, filepath.Join(broken, "summary.json")},
		{sweep, filepath.Join(sweep, "days-1", "summary.json")},
		{filepath.Join(good, "daily.csv"), "not a folder"},
	} {
		for _, cmd := range []string{"plot", "report"} {
			code, _, stderr := canalsim(t, cmd, good, c.dir)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("%s %s: exit %d, stderr %q; want 2 and a message naming %s", cmd, c.dir, code, stderr, c.want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(good, "report.html")); err == nil {
		t.Error("report wrote the good folder's report though another folder was bad")
	}
	for _, args := range [][]string{{"plot"}, {"report"}, {"plot", good, "--format", "gif"}} {
		if code, _, _ := canalsim(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestSweepReportRun: a sweep's run writes the sweep's report next to
// sweep.json and each point's own; "canalsim report" and "canalsim plot"
// take the sweep's folder.
func TestSweepReportRun(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "sweep.yaml")
	writeText(t, f, miniSweep(30))
	out := filepath.Join(dir, "out")
	if code, stdout, stderr := canalsim(t, "run", f, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	sw := filepath.Join(out, "mini-sweep")
	ids := parseReport(t, filepath.Join(sw, "report.html"))
	if !slices.Contains(ids, "points") || !slices.Contains(ids, "figures") {
		t.Errorf("the sweep's report has sections %v", ids)
	}
	b, _ := os.ReadFile(filepath.Join(sw, "report.html"))
	for _, p := range []string{"days-2", "days-10"} {
		if !bytes.Contains(b, []byte(`href="`+p+`/report.html"`)) {
			t.Errorf("the sweep's report does not link to %s's", p)
		}
		if _, err := os.Stat(filepath.Join(sw, p, "report.html")); err != nil {
			t.Error(err)
		}
	}

	for _, p := range []string{"report.html", "days-2/report.html", "days-10/report.html"} {
		os.Remove(filepath.Join(sw, p))
	}
	if code, _, stderr := canalsim(t, "report", sw, "--quiet"); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	for _, p := range []string{"report.html", "days-2/report.html", "days-10/report.html"} {
		if _, err := os.Stat(filepath.Join(sw, p)); err != nil {
			t.Errorf("canalsim report of the sweep: %v", err)
		}
	}

	if got := listDir(t, filepath.Join(sw, "plots")); !slices.Equal(got, []string{"sweep.svg"}) {
		t.Errorf("the sweep's plots/ holds %v, want sweep.svg", got)
	}
	os.RemoveAll(filepath.Join(sw, "days-10", "plots"))
	os.RemoveAll(filepath.Join(sw, "plots"))
	if code, _, stderr := canalsim(t, "plot", sw, "--quiet", "--format", "png"); code != 0 {
		t.Fatalf("plot: exit %d: %s", code, stderr)
	}
	if got := listDir(t, filepath.Join(sw, "plots")); !slices.Equal(got, []string{"sweep.png"}) {
		t.Errorf("plot of the sweep drew %v, want sweep.png", got)
	}
	for _, f := range listDir(t, filepath.Join(sw, "days-10", "plots")) {
		if filepath.Ext(f) != ".png" {
			t.Errorf("plot of the sweep drew %s in days-10", f)
		}
	}
	if got, want := len(listDir(t, filepath.Join(sw, "days-10", "plots"))), len(listDir(t, filepath.Join(sw, "days-2", "plots"))); got != want || got == 0 {
		t.Errorf("plot of the sweep drew %d figures in days-10, want %d", got, want)
	}
	var idx results.SweepIndex
	readJSON(t, filepath.Join(sw, "sweep.json"), &idx)
	if len(idx.Points) != 2 {
		t.Errorf("sweep.json: %+v", idx)
	}
}
