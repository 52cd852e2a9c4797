package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// outputsOf returns whether dir holds plots/ and report.html, and
// checks the manifest's files list the same.
func outputsOf(t *testing.T, dir string) (figures, report bool) {
	t.Helper()
	_, err := os.Stat(filepath.Join(dir, "plots"))
	figures = err == nil
	_, err = os.Stat(filepath.Join(dir, "report.html"))
	report = err == nil
	var man struct {
		Files []string `json:"files"`
	}
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	listed := slices.ContainsFunc(man.Files, func(f string) bool { return strings.HasPrefix(f, "plots/") })
	if listed != figures {
		t.Errorf("%s: plots/ there %v, in the manifest's files %v: %v", dir, figures, listed, man.Files)
	}
	if got := slices.Contains(man.Files, "report.html"); got != report {
		t.Errorf("%s: report.html there %v, in the manifest's files %v: %v", dir, report, got, man.Files)
	}
	if man.Files[len(man.Files)-1] != "manifest.json" {
		t.Errorf("%s: the manifest's files end with %v", dir, man.Files)
	}
	return figures, report
}

// TestRunFiguresReport: --figures=false leaves out plots/ and, unless
// --report is given, report.html; --report=false leaves out the report
// alone; "canalsim plot" and "canalsim report" add them later.
func TestRunFiguresReport(t *testing.T) {
	dir := t.TempDir()
	f := smallScenario(t, dir, "fig", 3)
	for _, tc := range []struct {
		name            string
		flags           []string
		figures, report bool
	}{
		{"default", nil, true, true},
		{"no figures", []string{"--figures=false"}, false, false},
		{"no figures, report", []string{"--figures=false", "--report"}, false, true},
		{"no report", []string{"--report=false"}, true, false},
		{"neither", []string{"--figures=false", "--report=false"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"run", f, "-n", "2", "--out", out, "--quiet"}, tc.flags...)
			if code, stdout, stderr := canalsim(t, args...); code != 0 {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			res := filepath.Join(out, "fig")
			figures, report := outputsOf(t, res)
			if figures != tc.figures || report != tc.report {
				t.Fatalf("figures %v, report %v; want %v, %v", figures, report, tc.figures, tc.report)
			}
			if !figures {
				if code, _, stderr := canalsim(t, "plot", res, "--quiet"); code != 0 {
					t.Fatalf("plot: exit %d: %s", code, stderr)
				}
				if len(listDir(t, filepath.Join(res, "plots"))) == 0 {
					t.Error("canalsim plot drew nothing")
				}
			}
			if !report {
				if code, _, stderr := canalsim(t, "report", res, "--quiet"); code != 0 {
					t.Fatalf("report: exit %d: %s", code, stderr)
				}
				if _, err := os.Stat(filepath.Join(res, "report.html")); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestSweepFiguresReport: a sweep run with --figures=false has no
// figures nor reports, in its points or its own folder.
func TestSweepFiguresReport(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "sweep.yaml")
	writeText(t, f, miniSweep(30))
	out := filepath.Join(dir, "out")
	if code, stdout, stderr := canalsim(t, "run", f, "--out", out, "--quiet", "--figures=false"); code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	sw := filepath.Join(out, "mini-sweep")
	if got := listDir(t, sw); !slices.Equal(got, []string{"days-10", "days-2", "sweep.json"}) {
		t.Errorf("the sweep's folder holds %v", got)
	}
	for _, p := range []string{"days-2", "days-10"} {
		if figures, report := outputsOf(t, filepath.Join(sw, p)); figures || report {
			t.Errorf("%s: figures %v, report %v", p, figures, report)
		}
	}
}

// TestMergeFiguresReport: merge draws as the shards' run was asked, or
// as its own --figures and --report say.
func TestMergeFiguresReport(t *testing.T) {
	dir := t.TempDir()
	f := smallScenario(t, dir, "fig", 3)
	shards := filepath.Join(dir, "shards")
	var folders []string
	for _, k := range []string{"1/2", "2/2"} {
		if code, _, stderr := canalsim(t, "run", f, "-n", "2", "--out", shards, "--quiet", "--shard", k, "--figures=false"); code != 0 {
			t.Fatalf("run --shard %s: exit %d: %s", k, code, stderr)
		}
	}
	folders = []string{filepath.Join(shards, "fig.shard-1-of-2"), filepath.Join(shards, "fig.shard-2-of-2")}
	for _, tc := range []struct {
		name            string
		flags           []string
		figures, report bool
	}{
		{"as the run", nil, false, false},
		{"figures", []string{"--figures"}, true, true},
		{"report", []string{"--report"}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append(append([]string{"merge", "--out", out, "--quiet"}, folders...), tc.flags...)
			if code, _, stderr := canalsim(t, args...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			figures, report := outputsOf(t, filepath.Join(out, "fig"))
			if figures != tc.figures || report != tc.report {
				t.Errorf("figures %v, report %v; want %v, %v", figures, report, tc.figures, tc.report)
			}
		})
	}
}
