package plots

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// compared returns two results of different calendars: the fixture (90
// days from June, 10 replications) and reportFolder's (60 days, 4
// replications, two disruptions).
func compared(t *testing.T) []*results.Folder {
	t.Helper()
	a := fixtureResults(t)
	b, err := results.Load(reportFolder(t))
	if err != nil {
		t.Fatal(err)
	}
	return []*results.Folder{a, b}
}

// renderCompare writes the page of rs and parses it.
func renderCompare(t *testing.T, rs []*results.Folder) ([]byte, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := CompareReport(&buf, rs); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), doc
}

// TestCompareReport checks the page comparing two folders: self-contained,
// naming each folder, with both figures inline, and every number of its
// table the value of the folder's summary.json, rounded as shown.
func TestCompareReport(t *testing.T) {
	rs := compared(t)
	page, doc := renderCompare(t, rs)
	labels := compareLabels(rs)
	if labels[0] == labels[1] {
		t.Fatalf("two folders of one scenario share the label %q", labels[0])
	}
	for _, bad := range []string{"<script", "http://", "https://", "<link", "@import", "ZgotmplZ"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page contains %q", bad)
		}
	}
	var svgs []string
	folders := map[string]bool{}
	cells := 0
	rows := map[string]bool{}
	htmlWalk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch {
		case n.Data == "svg" && htmlAttr(n, "aria-label") != "":
			svgs = append(svgs, htmlAttr(n, "aria-label"))
		case n.Data == "tr" && htmlAttr(n, "data-folder") != "":
			folders[htmlAttr(n, "data-folder")] = true
		case n.Data == "tr" && htmlAttr(n, "data-metric") != "":
			source, name := htmlAttr(n, "data-source"), htmlAttr(n, "data-metric")
			rows[source+" "+name] = true
			i := 0
			for td := n.FirstChild; td != nil; td = td.NextSibling {
				if td.Type != html.ElementNode || htmlAttr(td, "data-folder") == "" {
					continue
				}
				r := rs[i]
				if got := htmlAttr(td, "data-folder"); got != r.Dir {
					t.Errorf("%s %s: cell %d is of %s, want %s", source, name, i, got, r.Dir)
				}
				var st results.Stats
				switch source {
				case "windows":
					st = r.Summary.Windows[0].During[sim.MetricName(name)].Difference
				case "metrics":
					st = r.Summary.Metrics[sim.MetricName(name)].Difference
				case "costs":
					var ok bool
					if st, ok = payerCost(r, strings.TrimPrefix(name, "costs.")); !ok {
						t.Errorf("%s: no cost in %s", name, r.Dir)
					}
				default:
					t.Errorf("row of source %q", source)
				}
				htmlWalk(td, func(s *html.Node) {
					switch {
					case htmlHasClass(s, "diff"):
						sameShown(t, source+" "+name+" mean", htmlText(s), st.Mean)
					case htmlHasClass(s, "ci") && htmlText(s) != "":
						lo, hi, ok := strings.Cut(htmlText(s), " to ")
						if !ok || st.CI95 == nil {
							t.Errorf("%s %s: interval %q", source, name, htmlText(s))
							return
						}
						sameShown(t, source+" "+name+" ci95[0]", lo, st.CI95[0])
						sameShown(t, source+" "+name+" ci95[1]", hi, st.CI95[1])
					}
				})
				cells++
				i++
			}
			if i != len(rs) {
				t.Errorf("%s %s: %d cells, want %d", source, name, i, len(rs))
			}
		}
	})
	for _, r := range rs {
		if !folders[r.Dir] {
			t.Errorf("the table of folders has no row for %s", r.Dir)
		}
	}
	for _, l := range labels {
		if !bytes.Contains(page, []byte(html.EscapeString(l))) {
			t.Errorf("the page does not name %q", l)
		}
	}
	for _, want := range []string{"windows transits_per_day", "windows teu_per_day", "metrics lost_teu", "metrics transits_per_day"} {
		if !rows[want] {
			t.Errorf("the table has no row %s", want)
		}
	}
	if cells == 0 {
		t.Error("the table has no numbers")
	}
	if len(svgs) != len(CompareFigures()) {
		t.Errorf("%d figures inline (%q), want %d", len(svgs), svgs, len(CompareFigures()))
	}
	// The calendars differ, and the page says so.
	if !bytes.Contains(page, []byte("The folders differ in:")) || !bytes.Contains(page, []byte("calendar")) {
		t.Error("the page does not say that the calendars differ")
	}
}

// TestCompareShared: a number some folders lack is not compared, and the
// page lists it.
func TestCompareShared(t *testing.T) {
	rs := compared(t)
	// A folder without disruption windows (as a baseline-only scenario).
	sum := *rs[1].Summary
	sum.Windows = nil
	b := *rs[1]
	b.Summary = &sum
	c, err := newComparison([]*results.Folder{rs[0], &b})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range c.shared {
		if k.Source == "windows" {
			t.Errorf("%s %s compared, but one folder has no window", k.Source, k.Name)
		}
	}
	if len(c.missing) == 0 {
		t.Error("no metric listed as not compared")
	}
	page, _ := renderCompare(t, []*results.Folder{rs[0], &b})
	if !bytes.Contains(page, []byte("Not compared")) {
		t.Error("the page does not list what it does not compare")
	}
}

// withCosts copies the results folder of r into a temporary folder,
// adding costs to its summary.json, and loads it back.
func withCosts(t *testing.T, r *results.Folder, costs string) *results.Folder {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"manifest.json", "daily.csv", "replications.csv", "waits.csv", results.NetworkFile, results.DemandFile} {
		b, err := os.ReadFile(filepath.Join(r.Dir, f))
		if errors.Is(err, fs.ErrNotExist) && (f == results.NetworkFile || f == results.DemandFile) {
			continue // the folder was written without it
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var raw map[string]json.RawMessage
	b, err := os.ReadFile(filepath.Join(r.Dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	raw["costs"] = json.RawMessage(costs)
	b, err = json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := results.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCompareCosts: each payer's cost of summary.json's costs section is
// compared where every folder has it, with its interval, and a folder
// without the section has none, silently.
func TestCompareCosts(t *testing.T) {
	rs := compared(t)
	a := withCosts(t, rs[0], `{"currency": "USD", "replications": 10, "payers": [
		{"payer": "canal", "kind": "canal", "name": "Panama Canal Authority (ACP)", "cost_usd": {"n": 10, "mean": 3000000, "ci95": [2500000, 3500000], "p5": 1, "p50": 2, "p95": 3}},
		{"payer": "ppc", "kind": "terminal_operator", "name": "Panama Ports Company", "cost_usd": {"n": 10, "mean": 7500000, "ci95": [7000000, 8000000], "p5": 1, "p50": 2, "p95": 3}},
		{"payer": "only-here", "kind": "railway", "name": "Only here", "cost_usd": {"n": 10, "mean": 1, "ci95": [0, 2]}}]}`)
	b := withCosts(t, rs[1], `{"currency": "USD", "replications": 4, "payers": [
		{"payer": "canal", "kind": "canal", "name": "Panama Canal Authority (ACP)", "cost_usd": {"n": 4, "mean": 1250000, "ci95": [1000000, 1500000], "p5": 1, "p50": 2, "p95": 3}},
		{"payer": "ppc", "kind": "terminal_operator", "name": "Panama Ports Company", "cost_usd": {"n": 4, "mean": 2000000, "ci95": [1500000, 2500000], "p5": 1, "p50": 2, "p95": 3}}]}`)
	c, err := newComparison([]*results.Folder{a, b})
	if err != nil {
		t.Fatal(err)
	}
	var costs []string
	for _, k := range c.shared {
		if k.Source == "costs" {
			costs = append(costs, k.Name)
		}
	}
	if got, want := strings.Join(costs, ","), "costs.canal,costs.ppc"; got != want {
		t.Errorf("costs compared: %s, want %s", got, want)
	}
	page, _ := renderCompare(t, []*results.Folder{a, b})
	for _, want := range []string{`data-source="costs" data-metric="costs.canal"`, "3,000,000", "7,500,000", "2,000,000", "Cost to Only here"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page has no %q", want)
		}
	}
	var buf bytes.Buffer
	if err := CompareForest(&buf, SVG, []*results.Folder{a, b}); err != nil {
		t.Fatal(err)
	}
	checkSVGTexts(t, buf.Bytes(), "Cost to Panama Canal Authority (ACP)", "difference, USD")

	// Without the section, no costs.
	none := []*results.Folder{withCosts(t, rs[0], "null"), withCosts(t, rs[1], "null")}
	c, err = newComparison(none)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range append(c.shared, func() (ks []compareMetric) {
		for _, m := range c.missing {
			ks = append(ks, m.metric)
		}
		return ks
	}()...) {
		if k.Source == "costs" {
			t.Errorf("cost %s without a costs section", k.Name)
		}
	}
}

// TestCompareFigures draws both figures in every format: titles, axis
// labels and each folder's name in the SVG, and a PNG as wide as the
// others.
func TestCompareFigures(t *testing.T) {
	rs := compared(t)
	labels := compareLabels(rs)
	for _, fig := range CompareFigures() {
		for _, f := range formats {
			t.Run(fig.Name+"/"+f.String(), func(t *testing.T) {
				var buf bytes.Buffer
				if err := fig.Draw(&buf, f, rs); err != nil {
					t.Fatal(err)
				}
				switch f {
				case SVG:
					want := append([]string{"Side by side"}, labels...)
					if fig.Name == "forest" {
						want = append(want, "difference, transits/day", "TEU lost to Panama, whole run", "no difference")
					} else {
						want = append(want, "difference, transits/day", "difference, TEU/day (7-day mean)", "no difference")
					}
					checkSVGTexts(t, buf.Bytes(), want...)
				case PNG:
					img, err := png.Decode(bytes.NewReader(buf.Bytes()))
					if err != nil {
						t.Fatal(err)
					}
					if got := img.Bounds().Size(); got.X != 8*PNGDPI || got.Y < 5*PNGDPI {
						t.Errorf("PNG is %dx%d pixels, want %d wide and at least %d high", got.X, got.Y, 8*PNGDPI, 5*PNGDPI)
					}
				case PDF:
					if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
						t.Error("not a PDF")
					}
				}
			})
		}
	}
}

// TestCompareErrors: fewer than two results, results without a manifest
// and an unknown format are errors, and nothing is written.
func TestCompareErrors(t *testing.T) {
	rs := compared(t)
	noManifest := *rs[1]
	noManifest.Manifest = nil
	noDaily := *rs[1]
	noDaily.Bands = nil
	tests := []struct {
		name string
		rs   []*results.Folder
		f    Format
		want string
	}{
		{"one folder", rs[:1], SVG, "at least 2"},
		{"none", nil, SVG, "at least 2"},
		{"nil results", []*results.Folder{rs[0], nil}, SVG, "without manifest"},
		{"no manifest", []*results.Folder{rs[0], &noManifest}, SVG, "without manifest"},
		{"unknown format", rs, Format("gif"), "unknown format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, fig := range CompareFigures() {
				var buf bytes.Buffer
				err := fig.Draw(&buf, tc.f, tc.rs)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: error %v, want one with %q", fig.Name, err, tc.want)
				}
				if buf.Len() > 0 {
					t.Errorf("%s: wrote %d bytes", fig.Name, buf.Len())
				}
			}
		})
	}
	var buf bytes.Buffer
	if err := CompareDifferences(&buf, SVG, []*results.Folder{rs[0], &noDaily}); err == nil || !strings.Contains(err.Error(), "no daily table") {
		t.Errorf("no daily table: error %v", err)
	}
	if err := CompareReport(&buf, rs[:1]); err == nil || buf.Len() > 0 {
		t.Errorf("page of one folder: error %v, %d bytes", err, buf.Len())
	}
}

// TestCompareLabels: folders are named by their scenario, and by their
// folder too where scenarios repeat.
func TestCompareLabels(t *testing.T) {
	res := func(scenario, dir string) *results.Folder {
		return &results.Folder{Dir: dir, Manifest: &results.Manifest{Scenario: scenario}}
	}
	tests := []struct {
		name string
		rs   []*results.Folder
		want []string
	}{
		{"distinct", []*results.Folder{res("a", "out/a"), res("b", "out/b")}, []string{"a", "b"}},
		{"same scenario", []*results.Folder{res("a", "x/a"), res("a", "x/a-2"), res("b", "x/b")}, []string{"a (x/a)", "a (a-2)", "b"}},
		{"same folder name", []*results.Folder{res("a", "x/a"), res("a", "y/a")}, []string{"a (x/a)", "a (y/a)"}},
		{"same folder", []*results.Folder{res("a", "x/a"), res("a", "x/a")}, []string{"a (x/a) #1", "a (x/a) #2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := compareLabels(tc.rs); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCompareAlignment: folders on overlapping calendars are drawn on
// dates, others from their first window's start.
func TestCompareAlignment(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	band := func(from time.Time, n int) *results.Band {
		b := &results.Band{}
		for i := range n {
			b.Dates = append(b.Dates, from.AddDate(0, 0, i))
		}
		return b
	}
	res := func(from time.Time) *results.Folder {
		return &results.Folder{Manifest: &results.Manifest{Disruptions: []sim.Window{{From: from, Until: from.AddDate(0, 0, 3)}}}}
	}
	rs := []*results.Folder{res(day(2025, 7, 1)), res(day(2030, 1, 5))}
	if _, rel := alignment(rs, []*results.Band{band(day(2025, 6, 1), 60), band(day(2025, 7, 15), 60)}); rel {
		t.Error("overlapping calendars aligned on their windows")
	}
	anchors, rel := alignment(rs, []*results.Band{band(day(2025, 6, 1), 60), band(day(2030, 1, 1), 30)})
	if !rel || !anchors[0].Equal(day(2025, 7, 1)) || !anchors[1].Equal(day(2030, 1, 5)) {
		t.Errorf("calendars apart: relative %v, anchors %v", rel, anchors)
	}
}
