package plots

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/cmpimg"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

var update = flag.Bool("update", false, "rewrite the study in testdata and the golden images")

// study runs a small real study with seed 1: a month's closure of Panama
// Ports Company's terminals in July, in a run of days from 1 June.
func study(t testing.TB, days, reps int) (*results.DailyTable, *results.Manifest) {
	t.Helper()
	res, m := studyResult(t, days, reps)
	return results.NewDailyTable(res), m
}

// studyResult runs the study of study and returns its result.
func studyResult(t testing.TB, days, reps int) (*sim.Result, *results.Manifest) {
	t.Helper()
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	sc := &sim.Scenario{
		Name:         "ppc-closure",
		Description:  "Panama Ports Company closes its terminals at Balboa and Cristóbal for July.",
		Start:        day(time.June, 1),
		Days:         days,
		WarmupDays:   14,
		Seed:         1,
		Replications: reps,
		Disruptions: []sim.Disruption{{
			Name:   "PPC closure",
			Target: sim.Target{Operator: "ppc"},
			Effect: sim.Closure,
			From:   day(time.July, 1),
			Until:  day(time.July, 31),
		}},
	}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := results.NewManifest(res, "ppc-closure.yaml", nil)
	m.Version = "v0.0.0-test"
	return res, m
}

// fixture returns a study saved in testdata (90 days, 10 replications),
// so that the golden images change with the drawing code only, not with
// the model. With -update it first reruns the study and saves its folder
// (results.Folder.Write: the files "canalsim run" writes, figures aside).
func fixture(t *testing.T) (*results.DailyTable, *results.Manifest) {
	t.Helper()
	dir := filepath.Join("testdata", "ppc-closure")
	if *update {
		res, m := studyResult(t, 90, 10)
		f, err := results.New(res, m, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Write(dir); err != nil {
			t.Fatal(err)
		}
	}
	return readResults(t, dir)
}

// fixtureResults returns the study in testdata as a results folder read
// back with Load (rewritten first with -update).
// bandsOf folds a daily table into the bands of the figures.
func bandsOf(t testing.TB, tab *results.DailyTable, m *results.Manifest) *results.Bands {
	return bandsWith(t, tab, m, results.FigureSeries()...)
}

// bandsWith folds a daily table into the bands of the series given.
func bandsWith(t testing.TB, tab *results.DailyTable, m *results.Manifest, series ...results.Series) *results.Bands {
	t.Helper()
	var windows []sim.Window
	if m != nil {
		windows = m.Disruptions
	}
	b, err := results.FoldDaily(tab, series, windows)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixtureResults(t *testing.T) *results.Folder {
	t.Helper()
	fixture(t)
	r, err := results.LoadDaily(filepath.Join("testdata", "ppc-closure"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func readResults(t testing.TB, dir string) (*results.DailyTable, *results.Manifest) {
	t.Helper()
	name := filepath.Join(dir, "daily.csv")
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := results.ReadDailyCSV(name, f)
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m results.Manifest
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	return tab, &m
}

func TestThroughputFormats(t *testing.T) {
	tab, m := study(t, 120, 20)
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Throughput(&buf, f, bandsOf(t, tab, m), m); err != nil {
				t.Fatal(err)
			}
			checkFigure(t, f, buf.Bytes(), "ppc-closure", "transits/day", "TEU/day", "PPC closure", "scenario (mean, P5\u2013P95 band)", "seed 1", "20 replications")
		})
	}
}

// checkFigure checks a figure written in format f: an SVG is well-formed
// with the texts svgTexts, a PNG decodes to the figure's size, a PDF
// starts as one.
func checkFigure(t *testing.T, f Format, b []byte, svgTexts ...string) {
	t.Helper()
	if len(b) == 0 {
		t.Fatal("empty output")
	}
	switch f {
	case SVG:
		checkSVGTexts(t, b, svgTexts...)
	case PNG:
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got.X != 8*PNGDPI || got.Y != 6*PNGDPI {
			t.Errorf("PNG is %dx%d pixels, want %dx%d", got.X, got.Y, 8*PNGDPI, 6*PNGDPI)
		}
	case PDF:
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Errorf("PDF starts %q, want %%PDF-", b[:min(len(b), 8)])
		}
	}
}

// checkSVGTexts checks that b is well-formed XML with an svg root whose
// text elements hold each of want.
func checkSVGTexts(t *testing.T, b []byte, want ...string) {
	t.Helper()
	root, all := svgTexts(t, b)
	if root != "svg" {
		t.Errorf("SVG root element is %q, want svg", root)
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("SVG has no text %q", w)
		}
	}
}

// svgTexts returns an SVG's root element and the text of its text
// elements, one a line.
func svgTexts(t *testing.T, b []byte) (root, all string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var texts []string
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
			inText = tok.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
	return root, strings.Join(texts, "\n")
}

// TestThroughputGolden compares the figure of the study in testdata with
// a golden PNG, with a tolerance for differences in anti-aliasing. Run
// with -update to rewrite both after a deliberate change.
func TestThroughputGolden(t *testing.T) {
	tab, m := fixture(t)
	var buf bytes.Buffer
	if err := Throughput(&buf, PNG, bandsOf(t, tab, m), m); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "throughput", buf.Bytes())
}

// checkGolden compares a PNG figure with testdata/NAME_golden.png, with a
// tolerance for differences in anti-aliasing; with -update it writes the
// golden image instead.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name+"_golden.png")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	ok, err := cmpimg.EqualApprox("png", got, want, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		out := filepath.Join(os.TempDir(), "canalsim-"+name+"-got.png")
		if err := os.WriteFile(out, got, 0o644); err != nil {
			t.Log(err)
		}
		t.Errorf("figure differs from %s; see %s (run go test -update if the change is deliberate)", golden, out)
	}
}

func TestThroughputDeterministic(t *testing.T) {
	tab, m := fixture(t)
	for _, f := range []Format{SVG, PNG} {
		var a, b bytes.Buffer
		if err := Throughput(&a, f, bandsOf(t, tab, m), m); err != nil {
			t.Fatal(err)
		}
		if err := Throughput(&b, f, bandsOf(t, tab, m), m); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renderings of the same data differ", f)
		}
	}
}

func TestThroughputErrors(t *testing.T) {
	tab, m := fixture(t)
	b := bandsOf(t, tab, m)
	tests := []struct {
		name string
		f    Format
		t    *results.Bands
		m    *results.Manifest
		want string
	}{
		{"no rows", SVG, &results.Bands{}, m, "no daily rows"},
		{"nil bands", SVG, nil, m, "no daily rows"},
		{"no transits", SVG, bandsWith(t, tab, m, results.Series{Column: "teu", Variant: sim.Disrupted, Window: 1}), m, "no band of transits (baseline, 1-day mean)"},
		{"nil manifest", SVG, b, nil, "no manifest"},
		{"unknown format", Format("gif"), b, m, `unknown format "gif"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Throughput(&buf, tt.f, tt.t, tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "plots: ") {
				t.Fatalf("got error %v, want one with %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

// errWriter fails after n bytes.
type errWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *errWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestThroughputWriteError(t *testing.T) {
	tab, m := fixture(t)
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			err := Throughput(&errWriter{n: 100}, f, bandsOf(t, tab, m), m)
			if !errors.Is(err, errFull) {
				t.Errorf("got error %v, want %v", err, errFull)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"svg", SVG, false},
		{"PNG", PNG, false},
		{".pdf", PDF, false},
		{"", "", true},
		{"jpeg", "", true},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestFile(t *testing.T) {
	for _, tt := range []struct {
		f    Format
		want string
	}{{SVG, "throughput.svg"}, {PNG, "throughput.png"}, {PDF, "throughput.pdf"}, {"", "throughput.svg"}} {
		if got := File("throughput", tt.f); got != tt.want {
			t.Errorf("File(throughput, %q) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

// TestRender writes the throughput figure of the study of
// TestThroughputFormats (120 days, 20 replications), in every format, to
// the folder $CANALSIM_PLOTS_DIR names, for a person to look at.
func TestRender(t *testing.T) {
	dir := os.Getenv("CANALSIM_PLOTS_DIR")
	if dir == "" {
		t.Skip("CANALSIM_PLOTS_DIR not set")
	}
	tab, m := study(t, 120, 20)
	for _, f := range formats {
		var buf bytes.Buffer
		if err := Throughput(&buf, f, bandsOf(t, tab, m), m); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, File("throughput", f)), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// table builds a daily table of one replication per variant from a TEU
// series, one value a day from 1 June 2025.
func table(teu []float64) *results.DailyTable {
	t := &results.DailyTable{}
	for _, v := range []sim.Variant{sim.Baseline, sim.Disrupted} {
		for i, x := range teu {
			t.Rows = append(t.Rows, results.DailyRow{Variant: v, Day: sim.Day{Date: time.Date(2025, 6, 1+i, 0, 0, 0, 0, time.UTC), TEU: x}})
		}
	}
	return t
}

func TestDailySmoothing(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 6, d, 0, 0, 0, 0, time.UTC) }
	step := []float64{0, 0, 0, 0, 70, 70, 70, 70, 70, 70}
	tests := []struct {
		name   string
		in     []float64
		window int
		breaks []time.Time
		want   []float64
	}{
		{"window 1 is the series", step, 1, nil, step},
		{"centred, shorter at the ends", []float64{7, 0, 0, 0, 0, 0, 0, 7}, 3, nil, []float64{3.5, 7.0 / 3, 0, 0, 0, 0, 7.0 / 3, 3.5}},
		{"across a step without a break", step, 3, nil, []float64{0, 0, 0, 70.0 / 3, 140.0 / 3, 70, 70, 70, 70, 70}},
		{"not across a break", step, 7, []time.Time{day(5)}, step},
		{"break outside the run", step, 3, []time.Time{day(20)}, []float64{0, 0, 0, 70.0 / 3, 140.0 / 3, 70, 70, 70, 70, 70}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var windows []sim.Window
			for _, b := range tt.breaks {
				windows = append(windows, sim.Window{From: b, Until: b})
			}
			s := results.Series{Column: "teu", Variant: sim.Disrupted, Window: tt.window}
			bands, err := results.FoldDaily(table(tt.in), []results.Series{s}, windows)
			if err != nil {
				t.Fatal(err)
			}
			b, err := bands.Band(s)
			if err != nil {
				t.Fatal(err)
			}
			if b.Len() != len(tt.want) {
				t.Fatalf("got %d days, want %d", b.Len(), len(tt.want))
			}
			for i, want := range tt.want {
				if got := b.Mean[i]; math.Abs(got-want) > 1e-9 {
					t.Errorf("day %d: got %g, want %g", i+1, got, want)
				}
				if b.P5[i] != b.Mean[i] || b.P95[i] != b.Mean[i] {
					t.Errorf("day %d: one replication, but P5 %g and P95 %g differ from the mean %g", i+1, b.P5[i], b.P95[i], b.Mean[i])
				}
			}
		})
	}
}

func TestDateTicks(t *testing.T) {
	start := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		days      int
		wantFirst string
	}{
		{1, "1 Jun 2025"},
		{10, "1 Jun 2025"},
		{30, "2 Jun 2025"}, // weeks start on Mondays
		{60, "9 Jun 2025"}, // fortnights from the Monday of the first week
		{90, "1 Jun 2025"},
		{120, "1 Jun 2025"},
		{365, "1 Jul 2025"}, // two-month steps from January
		{3 * 365, "Jul 2025"},
		{40 * 365, "2026"},
	}
	for _, tt := range tests {
		min := float64(start.Unix())
		max := float64(start.AddDate(0, 0, tt.days).Unix())
		var labels []string
		for _, tk := range (dateTicks{}).Ticks(min, max) {
			if tk.Value < min || tk.Value > max {
				t.Errorf("%d days: tick at %v outside the axis", tt.days, time.Unix(int64(tk.Value), 0).UTC())
			}
			if !tk.IsMinor() {
				labels = append(labels, tk.Label)
			}
		}
		if len(labels) == 0 || labels[0] != tt.wantFirst {
			t.Errorf("%d days: labels %q, want the first %q", tt.days, labels, tt.wantFirst)
		}
		if len(labels) > maxTicks && tt.days < 20*365 {
			t.Errorf("%d days: %d labels, want at most %d: %q", tt.days, len(labels), maxTicks, labels)
		}
	}
}

func TestCountTicks(t *testing.T) {
	tests := []struct {
		max  float64
		want string
	}{
		{60, "0 10 20 30 40 50 60"},
		{40000, "0 10,000 20,000 30,000 40,000"},
		{1, "0 1"},                       // counts: no step under one
		{0.5, "0.0 0.1 0.2 0.3 0.4 0.5"}, // but two labels at least
		{4, "0 1 2 3 4"},
		{15, "0 5 10 15"},
		{25, "0 5 10 15 20 25"},
		{1500000, "0 0.25M 0.5M 0.75M 1M 1.25M 1.5M"},
		{300000, "0 50k 100k 150k 200k 250k 300k"},
		{2e9, "0 0.5bn 1bn 1.5bn 2bn"},
	}
	for _, tt := range tests {
		var labels []string
		for _, tk := range (countTicks{}).Ticks(0, tt.max) {
			if !tk.IsMinor() {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tt.want {
			t.Errorf("0 to %g: got %q, want %q", tt.max, got, tt.want)
		}
	}
}

func TestWindows1252(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"ppc-closure", "ppc-closure"},
		{"Cristóbal", "Crist\xf3bal"},
		{"P5\u2013P95 \u00b7 \u2026", "P5\x96P95 \xb7 \x85"},
		{"巴拿马", "???"},
	} {
		if got := windows1252(tt.in); got != tt.want {
			t.Errorf("windows1252(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
