package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// compareScenarios are the library scenarios the tests compare.
var compareScenarios = []string{"ppc-closure", "hutchison-denial", "balboa-approach-obstruction"}

// runCompared runs the three scenarios with 3 replications each into a
// temporary folder and returns their results folders.
func runCompared(t *testing.T) []string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	args := append(append([]string{"run"}, compareScenarios...), "-n", "3", "--out", out, "--quiet")
	if code, stdout, stderr := canalsim(t, args...); code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	var dirs []string
	for _, s := range compareScenarios {
		dirs = append(dirs, filepath.Join(out, s))
	}
	return dirs
}

// TestCompare runs three scenarios and compares them: compare.html names
// each folder, holds the forest plot and the differences over time
// inline, and every number of its table is summary.json's, rounded as
// shown; the figures are in plots/; an existing folder is refused
// without --force.
func TestCompare(t *testing.T) {
	dirs := runCompared(t)
	out := filepath.Join(t.TempDir(), "cmp")
	code, stdout, stderr := canalsim(t, append(append([]string{"compare"}, dirs...), "--out", out)...)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "3 results folders compared") {
		t.Errorf("stdout: %s", stdout)
	}
	if got, want := strings.Join(listDir(t, out), ","), "compare.html,plots"; got != want {
		t.Errorf("%s holds %s, want %s", out, got, want)
	}
	if got, want := strings.Join(listDir(t, filepath.Join(out, "plots")), ","), "differences.svg,forest.svg"; got != want {
		t.Errorf("plots/ holds %s, want %s", got, want)
	}
	page, err := os.ReadFile(filepath.Join(out, "compare.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]*results.Summary{}
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		var s results.Summary
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		sums[d] = &s
	}
	var figures []string
	named := map[string]bool{}
	checked := 0
	nodeWalk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch {
		case n.Data == "svg" && nodeAttr(n, "aria-label") != "":
			figures = append(figures, nodeAttr(n, "aria-label"))
		case n.Data == "tr" && nodeAttr(n, "data-folder") != "":
			named[nodeAttr(n, "data-folder")] = true
		case n.Data == "td" && nodeAttr(n, "data-folder") != "":
			s := sums[nodeAttr(n, "data-folder")]
			row := n.Parent
			source, metric := nodeAttr(row, "data-source"), nodeAttr(row, "data-metric")
			var want float64
			switch source {
			case "windows":
				want = s.Windows[0].During[sim.MetricName(metric)].Difference.Mean
			case "metrics":
				want = s.Metrics[sim.MetricName(metric)].Difference.Mean
			default:
				return
			}
			nodeWalk(n, func(c *html.Node) {
				if c.Type == html.ElementNode && nodeAttr(c, "class") == "diff" {
					shownEqual(t, source+" "+metric+" of "+nodeAttr(n, "data-folder"), nodeText(c), want)
					checked++
				}
			})
		}
	})
	for _, d := range dirs {
		if !named[d] {
			t.Errorf("the page does not name %s", d)
		}
		if !bytes.Contains(page, []byte(filepath.Base(d))) {
			t.Errorf("the page does not name the scenario %s", filepath.Base(d))
		}
	}
	if checked < 3*6 {
		t.Errorf("%d numbers checked, want at least %d", checked, 3*6)
	}
	if got := strings.Join(figures, "|"); got != "The key numbers, folder by folder|Throughput differences over time" {
		t.Errorf("figures inline: %s", got)
	}
	for _, bad := range []string{"<script", "http://", "https://"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("compare.html contains %q", bad)
		}
	}

	// Again: refused without --force, replaced with it.
	code, _, stderr = canalsim(t, append(append([]string{"compare"}, dirs...), "--out", out)...)
	if code != exitUsage || !strings.Contains(stderr, "--force") {
		t.Errorf("existing --out: exit %d, stderr %s", code, stderr)
	}
	code, _, stderr = canalsim(t, append(append([]string{"compare"}, dirs...), "--out", out, "--force", "--quiet", "--format", "png")...)
	if code != 0 {
		t.Fatalf("--force: exit %d, stderr %s", code, stderr)
	}
	if got, want := strings.Join(listDir(t, filepath.Join(out, "plots")), ","), "differences.png,forest.png"; got != want {
		t.Errorf("plots/ holds %s, want %s", got, want)
	}

	// Bad folders: exit status 2, the file named, nothing written.
	empty := t.TempDir()
	partial := filepath.Join(t.TempDir(), "partial")
	for _, f := range []string{"manifest.json", "summary.json", "replications.csv"} {
		b, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		writeText(t, filepath.Join(mkdir(t, partial), f), string(b))
	}
	badJSON := filepath.Join(t.TempDir(), "bad")
	for _, f := range []string{"manifest.json", "daily.csv", "replications.csv"} {
		b, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		writeText(t, filepath.Join(mkdir(t, badJSON), f), string(b))
	}
	writeText(t, filepath.Join(badJSON, "summary.json"), "{\"metrics\": [}\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"not a results folder", []string{dirs[0], empty}, filepath.Join(empty, "manifest.json")},
		{"missing daily.csv", []string{dirs[0], partial}, filepath.Join(partial, "daily.csv")},
		{"bad summary.json", []string{badJSON, dirs[1]}, filepath.Join(badJSON, "summary.json") + ":1:"},
		{"no such folder", []string{dirs[0], filepath.Join(empty, "nope")}, "no such folder"},
		{"one folder", []string{dirs[0]}, "at least two"},
		{"out holds a folder compared", []string{dirs[0], dirs[1], "--out", filepath.Dir(dirs[0]), "--force"}, "a folder compared"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "cmp")
			args := append([]string{"compare", "--out", dst}, tc.args...)
			code, _, stderr := canalsim(t, args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q does not name %q", stderr, tc.want)
			}
			if _, err := os.Stat(dst); !os.IsNotExist(err) {
				t.Errorf("%s written: %v", dst, err)
			}
		})
	}
	// The folders compared are still there.
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "summary.json")); err != nil {
			t.Error(err)
		}
	}
}

// TestCompareHelp: the command is listed, and its help says what it
// writes.
func TestCompareHelp(t *testing.T) {
	code, stdout, _ := canalsim(t, "compare", "--help")
	if code != 0 || !strings.Contains(stdout, "compare.html") || !strings.Contains(stdout, "--out") {
		t.Errorf("exit %d, help:\n%s", code, stdout)
	}
	_, stdout, _ = canalsim(t, "--help")
	if !strings.Contains(stdout, "compare") {
		t.Errorf("the command is not listed:\n%s", stdout)
	}
}

// shownEqual fails unless the number shown is want rounded to the
// decimals shown.
func shownEqual(t *testing.T, what, shown string, want float64) {
	t.Helper()
	s := strings.ReplaceAll(strings.ReplaceAll(shown, ",", ""), "−", "-")
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Errorf("%s: %q is not a number", what, shown)
		return
	}
	dec := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		dec = len(frac)
	}
	if math.Abs(x-want) > 0.5*math.Pow(10, -float64(dec))+1e-9*math.Abs(want) {
		t.Errorf("%s: shown %q, summary.json %g", what, shown, want)
	}
}

// mkdir creates dir and returns it.
func mkdir(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func nodeWalk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		nodeWalk(c, fn)
	}
}

func nodeAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	nodeWalk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.TrimSpace(b.String())
}

// TestForceReplacesOnlyOurs: --force replaces a folder canalsim wrote,
// never a file or a folder of the user's own, nor the current folder;
// what was there is left as it was, and no temporary folder is left
// behind. run, compare and merge share the rule (checkOurs).
func TestForceReplacesOnlyOurs(t *testing.T) {
	dirs := runCompared(t)
	base := t.TempDir()
	file := filepath.Join(base, "notes.csv")
	mine := filepath.Join(base, "mine")
	if err := os.WriteFile(file, []byte("a,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "thesis.tex"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"compare into a file", append(append([]string{"compare"}, dirs...), "--force", "--out", file), "is not a folder canalsim wrote"},
		{"compare into the user's folder", append(append([]string{"compare"}, dirs...), "--force", "--out", mine), "it has no compare.html"},
		{"compare into the current folder", append(append([]string{"compare"}, dirs...), "--force", "--out", base+string(filepath.Separator)+"."), "is not a folder canalsim wrote"},
		{"run into the user's folder", []string{"run", "ppc-closure", "-n", "2", "--force", "--out", filepath.Dir(mine), "--quiet"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.want == "" {
				// run writes OUT/NAME: make NAME the user's folder.
				if err := os.Rename(mine, filepath.Join(base, "ppc-closure")); err != nil {
					t.Fatal(err)
				}
				defer os.Rename(filepath.Join(base, "ppc-closure"), mine)
				c.want = "it has no manifest.json or sweep.json"
			}
			code, _, stderr := canalsim(t, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
			if got := strings.Join(listDir(t, base), ","); got != "mine,notes.csv" && got != "notes.csv,ppc-closure" {
				t.Errorf("%s now holds %s", base, got)
			}
		})
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "a,b\n" {
		t.Errorf("notes.csv: %q, %v", b, err)
	}
	if got := strings.Join(listDir(t, mine), ","); got != "thesis.tex" {
		t.Errorf("mine/ holds %s", got)
	}
	if code, _, stderr := canalsim(t, "compare", dirs[0], dirs[0]+string(filepath.Separator)+".", "--out", filepath.Join(base, "twice")); code != 2 || !strings.Contains(stderr, "given twice") {
		t.Errorf("the same folder twice: exit %d, %s", code, stderr)
	}
	for _, d := range []string{".", "..", "a/..", "/"} {
		if err := checkOurs(d, "compare.html"); !isUsage(err) || !strings.Contains(err.Error(), "a folder of its own") {
			t.Errorf("checkOurs(%q) = %v", d, err)
		}
	}
}
