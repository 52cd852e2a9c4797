package plots

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// answerText returns the text of a report's answer section, one line per
// paragraph.
func answerText(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	htmlWalk(doc, func(n *html.Node) {
		if htmlAttr(n, "id") != "answer" {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Data == "p" && !htmlHasClass(c, "note") {
				paras = append(paras, strings.Join(strings.Fields(htmlText(c)), " "))
			}
		}
	})
	if len(paras) == 0 {
		t.Fatal("the report has no answer")
	}
	return strings.Join(paras, "\n")
}

// jsonNumbers returns every number of a JSON document.
func jsonNumbers(data []byte) ([]float64, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	var out []float64
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case float64:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out, nil
}

var (
	answerDate   = regexp.MustCompile(`\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( (\d{4}))?\b( \d\d:\d\d)?`)
	answerNumber = regexp.MustCompile(`(^|[^\pL\pN_.])([<>]?−?\d[\d,]*(?:\.\d+)?%?)`)
)

// checkAnswerNumbers checks that every number of the answer is a value
// of summary.json as the report formats it (rounded to some number of
// decimals, or to tens, hundreds...; or as a percentage; its magnitude
// where the text says "less"), and every date the first or last day of a
// window of summary.json.
func checkAnswerNumbers(text string, summaryJSON []byte) (problems []string) {
	var sum results.Summary
	if err := json.Unmarshal(summaryJSON, &sum); err != nil {
		return []string{err.Error()}
	}
	days := map[string]bool{}
	for _, w := range sum.Windows {
		for _, d := range []time.Time{w.From, w.Until.AddDate(0, 0, -1), w.Until} {
			days[d.UTC().Format("2 Jan")] = true
			days[d.UTC().Format("2 Jan 2006")] = true
		}
	}
	text = answerDate.ReplaceAllStringFunc(text, func(d string) string {
		if !days[strings.Fields(d)[0]+" "+strings.Fields(d)[1]] {
			problems = append(problems, fmt.Sprintf("date %q is no window's day in summary.json", d))
		}
		return " "
	})
	text = strings.ReplaceAll(text, "95% CI", " ")
	values, err := jsonNumbers(summaryJSON)
	if err != nil {
		return []string{err.Error()}
	}
	shown := func(tok string) bool {
		for _, v := range values {
			if strings.HasSuffix(tok, "%") {
				if formatPercent(v) == tok {
					return true
				}
				continue
			}
			for dec := -6; dec <= 2; dec++ {
				// A gain's interval is written negated (abs), so
				// its bounds may show with either sign.
				if formatRounded(v, dec) == tok || formatRounded(math.Abs(v), dec) == tok || formatRounded(-v, dec) == tok {
					return true
				}
			}
		}
		return false
	}
	n := 0
	for _, m := range answerNumber.FindAllStringSubmatch(text, -1) {
		tok := m[2]
		n++
		if !shown(tok) {
			problems = append(problems, fmt.Sprintf("the answer's %q is no value of summary.json, as formatted", tok))
		}
	}
	if n < 3 {
		problems = append(problems, fmt.Sprintf("the answer has %d numbers: %s", n, text))
	}
	return problems
}

// TestAnswer checks the report's opening answer: every number in it comes
// from summary.json, on the fixture and on a folder with a random window
// that happens in some replications only; the fixture's text is also
// compared with testdata/answer_golden.txt (rewritten with -update).
func TestAnswer(t *testing.T) {
	for _, c := range []struct {
		name, dir string
	}{
		{"fixture", filepath.Join("testdata", "ppc-closure")},
		{"random window", reportFolder(t)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "fixture" {
				fixture(t)
			}
			_, page := reportOf(t, c.dir)
			text := answerText(t, page)
			data, err := os.ReadFile(filepath.Join(c.dir, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range checkAnswerNumbers(text, data) {
				t.Error(p)
			}
			for _, want := range []string{"During ", "Panama's terminals handled", "of normal", "Pacific terminals", "Atlantic terminals", "Over the whole run."} {
				if !strings.Contains(text, want) {
					t.Errorf("the answer does not say %q:\n%s", want, text)
				}
			}
			if c.name != "fixture" {
				return
			}
			golden := filepath.Join("testdata", "answer_golden.txt")
			if *update {
				if err := os.WriteFile(golden, []byte(text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got := text + "\n"; got != string(want) {
				t.Errorf("the answer differs from %s (go test -update if deliberate):\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// TestAnswerCatchesStrayNumbers: the check of the answer's numbers fails
// on a number summary.json does not have.
func TestAnswerCatchesStrayNumbers(t *testing.T) {
	js := []byte(`{"scenario": "x", "replications": 10, "metrics": {"a": {"unit": "TEU/day", "scenario": {"n": 10, "mean": 22158.3}}}, "windows": []}`)
	text := strings.Repeat("It handled 22,200 TEU a day [95% CI 22,158 to 22,160], 10 replications. ", 4)
	if p := checkAnswerNumbers(text, js); p != nil {
		t.Errorf("numbers of summary.json rejected: %v", p)
	}
	for _, stray := range []string{"It handled 22,300 TEU a day. ", "It began on 3 Mar 2025. ", "A share of 12%. "} {
		if p := checkAnswerNumbers(stray+text, js); p == nil {
			t.Errorf("%q passed the check", stray)
		}
	}
}

// TestWindowTables checks the key numbers of the windows: each row's
// numbers are summary.json's windows', rounded as shown.
func TestWindowTables(t *testing.T) {
	r, page := reportOf(t, reportFolder(t))
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	table := -1
	htmlWalk(doc, func(n *html.Node) {
		if n.Data == "table" && htmlHasClass(n, "window-key") {
			table++
		}
		if n.Data != "tr" || htmlAttr(n, "data-source") != "windows" {
			return
		}
		rows++
		w := r.Summary.Windows[table]
		cs := w.During
		if htmlAttr(n, "data-period") == "recovery" {
			cs = w.Recovery
		}
		name := htmlAttr(n, "data-metric")
		c, ok := cs[sim.MetricName(name)]
		if !ok {
			t.Errorf("window %d: %s not in summary.json", table+1, name)
			return
		}
		cells := map[string]string{}
		htmlWalk(n, func(x *html.Node) {
			for _, k := range []string{"baseline", "scenario", "diff", "total"} {
				if htmlHasClass(x, k) {
					cells[k] = strings.TrimSpace(htmlText(x))
				}
			}
		})
		sameShown(t, name+" baseline", cells["baseline"], c.Baseline.Mean)
		sameShown(t, name+" scenario", cells["scenario"], c.Scenario.Mean)
		sameShown(t, name+" difference", cells["diff"], c.Difference.Mean)
		sameShown(t, name+" total", cells["total"], c.DifferenceTotal.Mean)
	})
	if table+1 != len(r.Summary.Windows) || rows == 0 {
		t.Errorf("%d window tables with %d rows; summary.json has %d windows", table+1, rows, len(r.Summary.Windows))
	}
}

// TestAnswerLongTimeline: a scenario of more than maxAnswerWindows windows
// is told by effect, each effect's count and span, instead of window by
// window; its whole-run paragraph stays.
func TestAnswerLongTimeline(t *testing.T) {
	r := fixtureResults(t)
	m := *r.Manifest
	day := func(mo time.Month, d int) time.Time { return time.Date(2025, mo, d, 0, 0, 0, 0, time.UTC) }
	m.Disruptions = nil
	for k := range 5 {
		m.Disruptions = append(m.Disruptions, sim.Window{Name: fmt.Sprintf("cap %d", k), Effect: sim.SlotLimit, Target: "canal",
			From: day(time.November, 1+k), Until: day(time.November, 2+k)})
	}
	m.Disruptions = append(m.Disruptions,
		sim.Window{Name: "dry", Effect: sim.InflowFactor, Target: "canal", From: day(time.October, 1), Until: day(time.November, 1)},
		sim.Window{Name: "drier", Effect: sim.InflowFactor, Target: "canal", From: day(time.December, 1), Until: day(time.December, 15)})
	paras := answer(&m, r.Summary, nil)
	if got, want := paras[0].Text, "7 disruption windows: 5 caps on daily transits (1 Nov to 5 Nov 2025) and 2 changes to the lake's inflow (1 Oct to 14 Dec 2025)."; !strings.HasPrefix(got, want) {
		t.Errorf("the scenario:\n%s\nwant it to start:\n%s", got, want)
	}
	for _, p := range paras[1:] {
		if strings.HasPrefix(p.Text, "During ") || strings.Contains(p.Text, "fell on no reported day") {
			t.Errorf("a window's own paragraph in a long timeline's answer: %s", p.Text)
		}
	}
	if !slices.ContainsFunc(paras, func(p paragraph) bool { return p.Lead == "Over the whole run." }) {
		t.Error("no whole-run paragraph")
	}
}

// TestAnswerCounts: the answer's numbers as it writes them, rounded to
// three significant digits or as the interval's width warrants, and a
// count with its noun in the singular when it shows 1.
func TestAnswerCounts(t *testing.T) {
	ci := func(mean, lo, hi float64) results.Stats {
		return results.Stats{N: 100, Mean: mean, CI95: &[2]float64{lo, hi}}
	}
	for _, c := range []struct{ got, want string }{
		{figure(ci(22158.3, 21987, 22341), "TEU a day", false), "22,200 TEU a day [95% CI 22,000 to 22,300]"},
		{figure(ci(0.0213, -0.004, 0.047), "transits a day", false), "0.02 transits a day [95% CI 0.00 to 0.05]"},
		{count(ci(1.27, 0.9, 1.6), "transit", true), "1 transit [95% CI 1 to 2]"},
		{count(ci(2.13, 1.54, 2.72), "vessel", true), "2 vessels [95% CI 2 to 3]"},
		{count(ci(0.4, 0.1, 0.7), "vessel", false), "0 vessels"},
		{count(ci(147030, 141821, 152655), "call", false), "147,000 calls"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestAnswerWaitDuringOutage: during a window that holds vessels back, the
// answer says whose wait it gives (those that started their transit in
// it) and why it can fall while the queue grows.
func TestAnswerWaitDuringOutage(t *testing.T) {
	ci := func(mean, lo, hi float64) results.Stats {
		return results.Stats{N: 20, Mean: mean, CI95: &[2]float64{lo, hi}}
	}
	cmp := func(base, scen, share float64) results.WindowComparison {
		return results.WindowComparison{Baseline: ci(base, base, base), Scenario: ci(scen, scen*0.95, scen*1.05),
			Difference: ci(scen-base, (scen-base)*1.1, (scen-base)*0.9), ShareOfNormal: ci(share, share*0.9, share*1.1)}
	}
	from := time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)
	w := results.WindowEffect{Disruption: 1, Name: "Agua Clara lane out of service", From: from, Until: from.AddDate(0, 0, 10),
		Replications: 20, Days: ci(10, 10, 10),
		During: map[sim.MetricName]results.WindowComparison{
			sim.MetricTEU:          cmp(27700, 25800, 0.93),
			sim.MetricTransits:     cmp(34.5, 24.9, 0.72),
			sim.MetricQueueMean:    cmp(22.6, 71.8, 3.17),
			sim.MetricUnbookedWait: cmp(2.1, 0.21, 0.10),
		}}
	m := &results.Manifest{Disruptions: []sim.Window{{Name: w.Name, Effect: sim.LaneOutage, From: w.From, Until: w.Until}}}
	var text []string
	for _, p := range windowAnswer(m, w, nil, nil, func(id string) string { return id }) {
		text = append(text, p.Text)
	}
	got := strings.Join(text, " ")
	// A window that ends with the run: its recovery cannot be told.
	m.Start, m.Days = "2025-10-01", 42 // to 12 November, the window's end
	w.NotRecovered = 20
	late := windowAnswer(m, w, nil, nil, func(id string) string { return id })
	if last := late[len(late)-1].Text; !strings.HasSuffix(last, "The run ends too soon after it to tell when they were back to normal (that takes 7 days of traffic after it).") {
		t.Errorf("a window that ends with the run: %s", last)
	}
	m.Days = 60
	if last := windowAnswer(m, w, nil, nil, func(id string) string { return id }); !strings.HasSuffix(last[len(last)-1].Text, "They were not back to normal before the run ended in any replication.") {
		t.Errorf("a window with days after it: %s", last[len(last)-1].Text)
	}
	for _, want := range []string{
		"unbooked vessels that started their transit in it had waited 0.21 days",
		"(the vessels it held back count when they start, after it)",
		"The anchorage queue averaged 71.8 vessels",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the answer does not say %q:\n%s", want, got)
		}
	}
}

// TestCostsAnswerUnchanged: a cost of exactly nothing in every
// replication is said to be unchanged, not "not told apart from zero
// (US$0 [95% CI 0 to 0])"; one whose interval spans zero is said so.
func TestCostsAnswerUnchanged(t *testing.T) {
	s := &results.Summary{Costs: &results.Costs{Currency: "USD", Payers: []results.PayerCost{
		{Payer: "canal", Kind: sim.PayerCanal, Name: "Panama Canal Authority (ACP)", CostUSD: results.Stats{N: 20, Mean: 0, CI95: &[2]float64{0, 0}}},
		{Payer: "owners", Kind: sim.PayerShipowners, Name: "Shipowners", CostUSD: results.Stats{N: 20, Mean: 2000, CI95: &[2]float64{-430, 3590}}},
	}}}
	p, ok := costsAnswer(s)
	if !ok {
		t.Fatal("no answer")
	}
	for _, want := range []string{"the canal's cost in tolls is unchanged", "shipowners' cost in ships' time and fuel is not told apart from zero (US$2,000 [95% CI −430 to 3,590])"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("%q lacks %q", p.Text, want)
		}
	}
}
