package plots

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// reportFolder writes a results folder in a temporary folder as
// "canalsim run" does (the data files, then the manifest), from a small
// study of the fixture's scenario with a random second disruption (so
// that risk metrics have zeros) and two thresholds.
func reportFolder(t *testing.T) string {
	t.Helper()
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	text := "# What if Panama Ports Company closed its terminals for July?\n#\n# A test.\nname: ppc-closure\n"
	sc := &sim.Scenario{
		Name:         "ppc-closure",
		Description:  "Panama Ports Company closes its terminals at Balboa & Cristóbal for July <test>.",
		Start:        day(time.June, 1),
		Days:         60,
		WarmupDays:   7,
		Seed:         1,
		Replications: 4,
		Disruptions: []sim.Disruption{
			{Name: "PPC closure", Target: sim.Target{Operator: "ppc"}, Effect: sim.Closure, From: day(time.July, 1), Until: day(time.July, 15)},
			{Name: "Railway out", Target: sim.Target{Nodes: []string{"railway"}}, Effect: sim.Closure, From: day(time.July, 10), Until: day(time.July, 12), Probability: 0.5},
		},
	}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := results.NewManifest(res, "ppc-closure.yaml", []byte(text))
	m.Version = "v0.0.0-test"
	m.Args = []string{"canalsim", "run", "ppc-closure.yaml"}
	f, err := results.New(res, m, []results.Threshold{{Metric: "lost_teu", Value: 1000}, {Metric: "days_to_recover", Value: 2.5}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := f.Write(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// reportOf loads a results folder and writes its report.
func reportOf(t *testing.T, dir string) (*results.Folder, []byte) {
	t.Helper()
	r, err := results.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Report(&buf, r); err != nil {
		t.Fatal(err)
	}
	return r, buf.Bytes()
}

// TestReport checks the report of a results folder: the fixture's when it
// holds every file, and one written here with thresholds.
func TestReport(t *testing.T) {
	t.Run("generated", func(t *testing.T) {
		r, page := reportOf(t, reportFolder(t))
		checkReport(t, r, page)
		if !bytes.Contains(page, []byte("What if Panama Ports Company closed its terminals for July?")) {
			t.Error("the report does not show the scenario's question")
		}
		if !bytes.Contains(page, []byte("Balboa &amp; Cristóbal for July &lt;test&gt;.")) {
			t.Error("the description is not escaped")
		}
	})
	t.Run("fixture", func(t *testing.T) {
		dir := filepath.Join("testdata", "ppc-closure")
		if _, err := results.Load(dir); err != nil {
			t.Skipf("the fixture is not a complete results folder: %v", err)
		}
		r, page := reportOf(t, dir)
		checkReport(t, r, page)
	})
}

// TestReportDrawn: a report given the figures already drawn in SVG is the
// same bytes as one that draws them, and inlines what it is given.
func TestReportDrawn(t *testing.T) {
	r, page := reportOf(t, reportFolder(t))
	drawn := map[string][]byte{}
	for _, fig := range Figures() {
		if fig.Applies != nil && !fig.Applies(r) {
			continue
		}
		var buf bytes.Buffer
		if err := fig.Draw(&buf, SVG, r); err != nil {
			t.Fatal(err)
		}
		drawn[fig.Name] = buf.Bytes()
	}
	var again bytes.Buffer
	if err := ReportDrawn(&again, r, drawn); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), page) {
		t.Error("the report with the figures drawn differs from the report that draws them")
	}
	drawn["throughput"] = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><desc>drawn-before</desc></svg>`)
	again.Reset()
	if err := ReportDrawn(&again, r, drawn); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(again.Bytes(), []byte("drawn-before")) {
		t.Error("the report drew the throughput figure again instead of inlining the one given")
	}
}

// checkReport checks a report against its results.
func checkReport(t *testing.T, r *results.Folder, page []byte) {
	t.Helper()
	if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) {
		t.Errorf("the report starts with %q, want an HTML5 doctype", page[:min(len(page), 20)])
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}

	// Sections, in order, and the contents' links.
	ids := map[string]*html.Node{}
	var order []string
	htmlWalk(doc, func(n *html.Node) {
		if id := htmlAttr(n, "id"); id != "" {
			if ids[id] != nil {
				t.Errorf("id %q twice", id)
			}
			ids[id] = n
			if n.Data == "section" {
				order = append(order, id)
			}
		}
	})
	var figures []Figure
	for _, f := range Figures() {
		if f.Applies == nil || f.Applies(r) {
			figures = append(figures, f)
		}
	}
	want := []string{"answer", "key-numbers"}
	if c := r.Summary.Costs; c != nil && len(c.Payers) > 0 {
		want = append(want, "costs")
	}
	exceed := 0
	for _, rk := range r.Summary.Risk {
		exceed += len(rk.Exceed)
	}
	if exceed > 0 {
		want = append(want, "exceedances")
	}
	want = append(want, "disruptions")
	if len(figures) > 0 {
		want = append(want, "figures")
	}
	want = append(want, "assumptions", "how-to-read", "manifest")
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("sections %v, want %v", order, want)
	}
	if ids["top"] == nil || ids["top"].Data != "header" {
		t.Error("no header with id top")
	}
	for _, f := range figures {
		if ids["figure-"+f.Name] == nil {
			t.Errorf("no figure %s", f.Name)
		}
	}
	htmlWalk(doc, func(n *html.Node) {
		if n.Data == "a" {
			if h, ok := strings.CutPrefix(htmlAttr(n, "href"), "#"); ok && ids[h] == nil {
				t.Errorf("link to #%s, which is not in the page", h)
			}
		}
	})

	// One inline SVG per figure that applies, with a viewBox and no XML
	// declaration left.
	var svgs []*html.Node
	htmlWalk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "svg" && (n.Parent == nil || n.Parent.Data != "svg") {
			svgs = append(svgs, n)
		}
	})
	if len(svgs) != len(figures) {
		t.Errorf("%d <svg> elements, want one for each of the %d figures that apply", len(svgs), len(figures))
	}
	for _, s := range svgs {
		if htmlAttr(s, "viewBox") == "" && htmlAttr(s, "viewbox") == "" {
			t.Error("an <svg> without a viewBox does not scale to the column")
		}
		if s.Parent.Data != "figure" {
			t.Errorf("an <svg> in <%s>, want in <figure>", s.Parent.Data)
		}
	}
	if bytes.Contains(page, []byte("<?xml")) || bytes.Contains(page, []byte("<!-- Generated")) {
		t.Error("the report holds an XML declaration or comment of the SVG files")
	}

	// Self-contained: no script, nothing fetched.
	external := regexp.MustCompile(`(?i)^\s*(https?:)?//`)
	cssURL := regexp.MustCompile(`(?i)url\(\s*['"]?\s*(https?:)?//|@import|@font-face`)
	htmlWalk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script", "link", "iframe", "object", "embed":
			t.Errorf("the report has a <%s>", n.Data)
		case "style":
			if n.FirstChild != nil && cssURL.MatchString(n.FirstChild.Data) {
				t.Error("the style sheet fetches something")
			}
		}
		for _, a := range n.Attr {
			switch strings.ToLower(a.Key) {
			case "src", "href", "srcset", "action", "poster", "data":
				if external.MatchString(a.Val) {
					t.Errorf("<%s %s=%q> fetches from the network", n.Data, a.Key, a.Val)
				}
			case "style":
				if cssURL.MatchString(a.Val) {
					t.Errorf("<%s style=%q> fetches from the network", n.Data, a.Val)
				}
			}
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s %s>: an event handler", n.Data, a.Key)
			}
		}
	})

	// The key numbers are summary.json's, rounded.
	rows := 0
	htmlWalk(doc, func(n *html.Node) {
		if n.Data != "tr" || htmlAttr(n, "data-metric") == "" || !htmlHasClass(n.Parent.Parent, "key") {
			return
		}
		rows++
		name := htmlAttr(n, "data-metric")
		cells := map[string]string{}
		htmlWalk(n, func(c *html.Node) {
			for _, k := range []string{"baseline", "scenario", "diff", "ci", "range"} {
				if htmlHasClass(c, k) {
					cells[k] = strings.TrimSpace(htmlText(c))
				}
			}
		})
		var st results.Stats
		switch htmlAttr(n, "data-source") {
		case "metrics":
			c, ok := r.Summary.Metrics[sim.MetricName(name)]
			if !ok {
				t.Errorf("%s: not in summary.json's metrics", name)
				return
			}
			sameShown(t, name+" baseline", cells["baseline"], c.Baseline.Mean)
			sameShown(t, name+" scenario", cells["scenario"], c.Scenario.Mean)
			st = c.Difference
		case "risk":
			rk, ok := r.Summary.Risk[sim.MetricName(name)]
			if !ok {
				t.Errorf("%s: not in summary.json's risk", name)
				return
			}
			if cells["baseline"] != dash || cells["scenario"] != dash {
				t.Errorf("risk %s: baseline %q, scenario %q, want dashes", name, cells["baseline"], cells["scenario"])
			}
			st = rk.Stats
		default:
			t.Errorf("%s: row of no part of summary.json", name)
			return
		}
		sameShown(t, name+" difference", cells["diff"], st.Mean)
		lo, hi, ok := strings.Cut(cells["ci"], " to ")
		if st.CI95 == nil || !ok {
			t.Errorf("%s: CI %q, summary %v", name, cells["ci"], st.CI95)
		} else {
			sameShown(t, name+" CI low", lo, st.CI95[0])
			sameShown(t, name+" CI high", hi, st.CI95[1])
		}
		lo, hi, ok = strings.Cut(cells["range"], " to ")
		if !ok {
			t.Errorf("%s: P5 to P95 %q", name, cells["range"])
		} else {
			sameShown(t, name+" P5", lo, st.P5)
			sameShown(t, name+" P95", hi, st.P95)
		}
	})
	if want := len(keyMetricsOf(r.Summary)) + len(keyRisks); rows != want {
		t.Errorf("the key numbers have %d rows of metrics, want %d", rows, want)
	}

	// The disruptions and the manifest.
	for _, w := range r.Manifest.Disruptions {
		if !bytes.Contains(page, []byte(html.EscapeString(w.Name))) {
			t.Errorf("disruption %q is not in the report", w.Name)
		}
	}
	if !bytes.Contains(page, []byte(r.Manifest.ScenarioSHA256)) {
		t.Error("the manifest's scenario hash is not in the report")
	}
}

// same fails unless the number shown is v rounded to the decimals shown.
func sameShown(t *testing.T, what, shown string, v float64) {
	t.Helper()
	if math.IsNaN(v) {
		if shown != dash {
			t.Errorf("%s: %q, want %s for no value", what, shown, dash)
		}
		return
	}
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
	if tol := 0.5*math.Pow(10, -float64(dec)) + 1e-9*math.Abs(v); math.Abs(x-v) > tol {
		t.Errorf("%s: shown %q, summary.json %g", what, shown, v)
	}
}

func htmlWalk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		htmlWalk(c, fn)
	}
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func htmlHasClass(n *html.Node, class string) bool {
	return n != nil && n.Type == html.ElementNode && strings.Contains(" "+htmlAttr(n, "class")+" ", " "+class+" ")
}

func htmlText(n *html.Node) string {
	var b strings.Builder
	htmlWalk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

// TestSweepReport checks the report of a sweep's folder: a row per point
// with its numbers and a link to its report, and nothing fetched.
func TestSweepReport(t *testing.T) {
	dir := t.TempDir()
	src := reportFolder(t)
	idx := results.SweepIndex{Scenario: "ppc-closure-sweep", Parameter: "disruptions[0].days", Points: []results.SweepPoint{{Value: 3, Folder: "days-3"}, {Value: 14, Folder: "days-14"}}}
	for _, p := range idx.Points {
		if err := os.CopyFS(filepath.Join(dir, p.Folder), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := json.Marshal(idx)
	if err := os.WriteFile(filepath.Join(dir, "sweep.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := results.LoadSweep(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := SweepReport(&buf, s); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var folders, links []string
	sections := map[string]bool{}
	svgs := 0
	htmlWalk(doc, func(n *html.Node) {
		if n.Data == "svg" && n.Parent.Data == "figure" && htmlAttr(n.Parent, "id") == "figure-"+SweepFigure {
			svgs++
		}
		if n.Data == "section" {
			sections[htmlAttr(n, "id")] = true
		}
		if n.Data == "tr" && htmlAttr(n, "data-folder") != "" {
			folders = append(folders, htmlAttr(n, "data-folder"))
			var cells []string
			htmlWalk(n, func(c *html.Node) {
				if htmlHasClass(c, "diff") {
					cells = append(cells, htmlText(c))
				}
			})
			sameShown(t, "lost_teu", cells[0], s.Summaries[0].Metrics["lost_teu"].Difference.Mean)
		}
		if n.Data == "a" {
			links = append(links, htmlAttr(n, "href"))
		}
		if n.Data == "script" {
			t.Error("the sweep report has a <script>")
		}
	})
	if strings.Join(folders, " ") != "days-3 days-14" {
		t.Errorf("rows %v", folders)
	}
	if svgs != 1 {
		t.Errorf("%d response figures, want 1", svgs)
	}
	for _, id := range []string{"points", "figures", "how-to-read", "manifest"} {
		if !sections[id] {
			t.Errorf("no section %s", id)
		}
	}
	if !strings.Contains(strings.Join(links, " "), "days-14/report.html") {
		t.Errorf("no link to the points' reports: %v", links)
	}
}

// TestReportNumbers checks the formatting of numbers.
func TestReportNumbers(t *testing.T) {
	for _, c := range []struct {
		x    float64
		dec  int
		want string
	}{
		{0, 0, "0"}, {1234567.89, 0, "1,234,568"}, {-1015.2, 0, "−1,015"}, {-0.004, 2, "0.00"},
		{34.2449, 2, "34.24"}, {999.5, 0, "1,000"}, {math.NaN(), 1, "—"}, {-12.5, 1, "−12.5"},
	} {
		if got := formatNumber(c.x, c.dec); got != c.want {
			t.Errorf("formatNumber(%g, %d) = %q, want %q", c.x, c.dec, got, c.want)
		}
	}
	for _, c := range []struct {
		xs   []float64
		want int
	}{{[]float64{7334}, 0}, {[]float64{34.52}, 1}, {[]float64{0.67}, 2}, {[]float64{0}, 0}, {[]float64{0.001}, 2}} {
		if got := levelDecimals(c.xs...); got != c.want {
			t.Errorf("levelDecimals(%v) = %d, want %d", c.xs, got, c.want)
		}
	}
	if got := formatExact(100000); got != "100,000" {
		t.Errorf("formatExact(100000) = %q", got)
	}
	if got := formatExact(2.5); got != "2.5" {
		t.Errorf("formatExact(2.5) = %q", got)
	}
	for p, want := range map[float64]string{0: "0%", 0.004: "<1%", 0.37: "37%", 0.996: ">99%", 1: "100%"} {
		if got := formatPercent(p); got != want {
			t.Errorf("formatPercent(%g) = %q, want %q", p, got, want)
		}
	}
	if q := scenarioQuestion("# What if X\n# closed?\n#\n# More.\nname: x\n"); q != "What if X closed?" {
		t.Errorf("question %q", q)
	}
	if q := scenarioQuestion("# A note. How long\n# does it last? More.\nname: x\n"); q != "How long does it last?" {
		t.Errorf("question %q", q)
	}
	if q := scenarioQuestion("name: x\n"); q != "" {
		t.Errorf("question %q", q)
	}
}

// TestReportAssumptions: the report's assumptions describe the network
// and the demand the run used, from their data: the Panama network's caps
// and lake and the Panama demand's streams and rules, a folder's own
// network's locks (and no caps where it has none) and demand's streams,
// and a pointer to the file where the folder does not hold them.
func TestReportAssumptions(t *testing.T) {
	panama := fixtureManifest(t)
	got := strings.Join(reportAssumptions(&results.Folder{Manifest: panama}), "\n")
	for _, want := range []string{
		"at most 10 Neopanamax and 27 Panamax transits start a day, at most 85% of them booked (a booking slot nobody has booked by its time goes to the unbooked vessels); a backlog clears at up to 12 Neopanamax and 30 Panamax a day",
		"; a special auction, when the scenario holds one, sells an extra slot 2 days ahead of its transit date, from $55,000, to the unbooked vessels that will have waited 10 days by then.",
		"Gatún Lake follows a daily water balance (inflow 5,150 million m³ a year, 4.9 million m³ a day of other uses, over 436 km²)",
		"Agua Clara Locks (neopanamax, 1 lane(s) of 3 chamber(s); 35, 20 and 25 minutes to enter, level and leave)",
		`43 Poisson streams (48.8 vessels a day in all, in 3 classes`,
		`from the demand "panama-baseline": FY2023 canal traffic and 2025 terminal volumes.`,
		"Arrival rates follow 1 monthly pattern, from 0.94 times the year's mean (July) to 1.05 (January).",
		"costs their owner more than the other route",
		"else crosses the isthmus by rail as the railway has room, else is lost to Panama.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Panama: no %q in\n%s", want, got)
		}
	}
	other := *panama
	other.Network, other.Demand = "one-lock", "one-lock-demand"
	net := &network.Network{Name: "one-lock", Nodes: []*network.Node{{ID: "lock", Name: "The lock", Kind: network.Lock,
		Lock: &network.LockSpec{Type: network.Panamax, Lanes: 1, Steps: 1, EnterMinutes: 10, LevelMinutes: 15, ExitMinutes: 10}}}}
	got = strings.Join(reportAssumptions(&results.Folder{Manifest: &other, Network: net}), "\n")
	if !strings.Contains(got, "Locks: The lock (panamax, 1 lane(s) of 1 chamber(s); 10, 15 and 10 minutes") || strings.Contains(got, "transits start a day") ||
		strings.Contains(got, "FY2023") || !strings.Contains(got, `The demand "one-lock-demand" came from a file`) {
		t.Errorf("a network of the folder's own:\n%s", got)
	}
	got = strings.Join(reportAssumptions(&results.Folder{Manifest: &other}), "\n")
	if !strings.Contains(got, `The network "one-lock" came from a file this folder does not hold`) {
		t.Errorf("a network the folder does not hold:\n%s", got)
	}
	dem, err := sim.LoadDemand(filepath.Join("..", "examples", "one-lock", "demand.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got = strings.Join(reportAssumptions(&results.Folder{Manifest: &other, Network: net, Demand: dem}), "\n")
	for _, want := range []string{
		fmt.Sprintf("as %d Poisson streams", len(dem.Streams)),
		"Arrival rates are the same in every month.",
		"else is lost to Panama.",
	} {
		if !strings.Contains(got, want) || strings.Contains(got, "came from a file") {
			t.Errorf("a demand of the folder's own: no %q in\n%s", want, got)
		}
	}
}

// TestKeyMetricsAuctions: the auctions' slots and prices join the key
// numbers when either variant sold a slot, the daily and the special
// auction each on its own.
func TestKeyMetricsAuctions(t *testing.T) {
	names := func(s *results.Summary) []sim.MetricName {
		var out []sim.MetricName
		for _, k := range keyMetricsOf(s)[len(keyMetrics):] {
			out = append(out, k.metric.Name)
		}
		return out
	}
	sold := func(mean float64) results.Comparison {
		return results.Comparison{Baseline: results.Stats{N: 2}, Scenario: results.Stats{N: 2, Mean: mean}}
	}
	for _, c := range []struct {
		daily, special float64
		want           []sim.MetricName
	}{
		{0, 0, nil},
		{3, 0, []sim.MetricName{sim.MetricAuctionSlots, sim.MetricAuctionPrice}},
		{0, 30, []sim.MetricName{sim.MetricSpecialSlots, sim.MetricSpecialPrice}},
		{3, 30, []sim.MetricName{sim.MetricAuctionSlots, sim.MetricAuctionPrice, sim.MetricSpecialSlots, sim.MetricSpecialPrice}},
	} {
		s := &results.Summary{Metrics: map[sim.MetricName]results.Comparison{
			sim.MetricAuctionSlots: sold(c.daily), sim.MetricSpecialSlots: sold(c.special)}}
		if got := names(s); !slices.Equal(got, c.want) {
			t.Errorf("daily %g, special %g: key metrics add %v, want %v", c.daily, c.special, got, c.want)
		}
	}
}
