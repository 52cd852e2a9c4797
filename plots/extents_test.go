package plots

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
)

// studyResults runs sc with two replications and returns its results as a
// results folder would hold them.
func studyResults(t *testing.T, sc *sim.Scenario, name string) *results.Folder {
	t.Helper()
	sc.Replications = 2
	res, err := sim.Study(context.Background(), sc, sim.Options{Workers: 2})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var reps bytes.Buffer
	if err := results.NewReplicationsTable(res).WriteCSV(&reps); err != nil {
		t.Fatal(err)
	}
	rt, err := results.ReadReplicationsCSV("replications.csv", &reps)
	if err != nil {
		t.Fatal(err)
	}
	return &results.Folder{
		Manifest:     results.NewManifest(res, "library:"+name, nil),
		Summary:      results.Summarize(res),
		Daily:        results.NewDailyTable(res),
		Bands:        bandsOf(t, results.NewDailyTable(res), results.NewManifest(res, "", nil)),
		Replications: rt,
		Waits:        results.NewWaitTable(res),
	}
}

// textBox is a text a figure drew and the box its glyphs take.
type textBox struct {
	x0, y0, x1, y1 float64
	text           string
}

// drawnTexts draws a figure in extentsFormat and returns the figure's
// size and its texts.
func drawnTexts(t *testing.T, draw func(Format) error, out *bytes.Buffer) (w, h float64, texts []textBox) {
	t.Helper()
	out.Reset()
	if err := draw(extentsFormat); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(nil, 1<<20)
	sc.Scan()
	if _, err := fmt.Sscanf(sc.Text(), "%f %f", &w, &h); err != nil {
		t.Fatalf("size line %q: %v", sc.Text(), err)
	}
	for sc.Scan() {
		box, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		var b textBox
		if _, err := fmt.Sscanf(box, "%f %f %f %f", &b.x0, &b.y0, &b.x1, &b.y1); err != nil {
			t.Fatalf("box %q: %v", box, err)
		}
		b.text = text
		texts = append(texts, b)
	}
	return w, h, texts
}

// checkTexts fails for every text of a figure that runs off it (half a
// point of slack for rounding), and logs the texts shortened with an
// ellipsis: the subtitle's and footer's lines, the map's legend and
// window labels are fitted to their room that way by design.
func checkTexts(t *testing.T, fig string, w, h float64, texts []textBox) {
	t.Helper()
	const slack = 0.5
	for i, b := range texts {
		if strings.TrimSpace(b.text) == "" {
			continue
		}
		if b.x0 < -slack || b.y0 < -slack || b.x1 > w+slack || b.y1 > h+slack {
			t.Errorf("%s: %q runs off the %.0fx%.0f pt figure: [%.1f, %.1f]x[%.1f, %.1f]", fig, b.text, w, h, b.x0, b.x1, b.y0, b.y1)
		}
		for _, o := range texts[:i] {
			if strings.TrimSpace(o.text) == "" {
				continue
			}
			// Overlap by more than a point up or down (glyph boxes run
			// from descent to ascent, so lines set close touch), or
			// closer than four points (a space and a half) side by side, where words run
			// together ("-1,000 0 1,000" read as one number).
			if min(b.x1, o.x1)-max(b.x0, o.x0) > -4 && min(b.y1, o.y1)-max(b.y0, o.y0) > 1 {
				t.Errorf("%s: %q overlaps or nearly touches %q", fig, b.text, o.text)
			}
		}
		if strings.HasSuffix(b.text, "\u2026") {
			t.Logf("%s: fitted with an ellipsis: %q", fig, b.text)
		}
	}
}

// TestTextsInside draws every figure of every library scenario, each
// run with two replications, and checks that no text runs off a figure.
func TestTextsInside(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every library scenario")
	}
	var out bytes.Buffer
	var all []*results.Folder
	for _, name := range scenarios.Library() {
		src, err := scenarios.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sw, err := src.Sweep()
		if err != nil {
			t.Fatal(err)
		}
		if sw != nil {
			s := &results.Sweep{Index: results.SweepIndex{Scenario: name, Parameter: sw.Parameter}}
			for i, sc := range sw.Scenarios {
				r := studyResults(t, sc, name)
				s.Index.Points = append(s.Index.Points, results.SweepPoint{Value: sw.Values[i], Folder: sc.Name})
				s.Summaries = append(s.Summaries, r.Summary)
				s.Manifests = append(s.Manifests, r.Manifest)
			}
			w, h, texts := drawnTexts(t, func(f Format) error { return SweepResponse(&out, f, s) }, &out)
			checkTexts(t, name+"/"+SweepFigure, w, h, texts)
			continue
		}
		sc, err := src.Parse()
		if err != nil {
			t.Fatal(err)
		}
		r := studyResults(t, sc, name)
		all = append(all, r)
		for _, fig := range Figures() {
			if fig.Applies != nil && !fig.Applies(r) {
				continue
			}
			w, h, texts := drawnTexts(t, func(f Format) error { return fig.Draw(&out, f, r) }, &out)
			checkTexts(t, name+"/"+fig.Name, w, h, texts)
		}
	}
	for _, fig := range CompareFigures() {
		w, h, texts := drawnTexts(t, func(f Format) error { return fig.Draw(&out, f, all) }, &out)
		checkTexts(t, "compare/"+fig.Name, w, h, texts)
	}
}
