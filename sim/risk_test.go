package sim_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestPairedNarrower: on the same replications, the paired difference of
// TEU a day has a much narrower 95% interval than the unpaired comparison
// of the two variants' means (Welch), because both variants of a
// replication share their random numbers.
func TestPairedNarrower(t *testing.T) {
	res := study(t, ppcClosure(20), 0)
	var base, scen []float64
	j := -1
	for k, m := range res.Metrics() {
		if m.Name == "teu_per_day" {
			j = k
		}
	}
	for i := range res.Baseline {
		base = append(base, res.Values(&res.Baseline[i])[j])
		scen = append(scen, res.Values(&res.Disrupted[i])[j])
	}
	d := results.Summarize(res).Metrics["teu_per_day"].Difference
	paired := (d.CI95[1] - d.CI95[0]) / 2
	n := float64(len(base))
	v1, v2 := stat.Variance(base, nil)/n, stat.Variance(scen, nil)/n
	// Welch-Satterthwaite degrees of freedom.
	nu := (v1 + v2) * (v1 + v2) / (v1*v1/(n-1) + v2*v2/(n-1))
	unpaired := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(0.975) * math.Sqrt(v1+v2)
	t.Logf("TEU a day, difference %.0f: paired 95%% half-width %.0f, unpaired %.0f", d.Mean, paired, unpaired)
	if !(paired < unpaired/2) {
		t.Errorf("paired half-width %.1f is not much narrower than unpaired %.1f", paired, unpaired)
	}
}

// TestRiskMetrics checks the risk section on a closure of Gatún's locks,
// a certain event, and on the same closure as a risk event that happens
// in about half the replications: losses are positive where it happened
// and exactly zero where it did not (all but the queue's maximum, an
// absolute figure), zero_share counts those, the
// exceedance of a threshold matches the values, and throughput recovers.
// Its ships give up after a few days' wait (fixed thresholds), so that a
// closure of 3 days loses transits.
func TestRiskMetrics(t *testing.T) {
	dem := *sim.PanamaDemand()
	dem.DiversionDays = map[string]float64{"container": 2, "vehicle": 3, "passenger": 1, "lng": 3, "lpg": 6, "tanker": 5, "dry-bulk": 8, "other": 5}
	sc := &sim.Scenario{
		Name: "gatun", Demand: &dem, Start: date(2025, 10, 1), Days: 70, WarmupDays: 14, Seed: 7, Replications: 12,
		Disruptions: []sim.Disruption{{Target: sim.Target{Nodes: []string{"gatun-locks"}}, Effect: sim.Closure, From: date(2025, 10, 11), Until: date(2025, 10, 14)}},
	}
	res := study(t, sc, 0)
	sum, err := results.SummarizeWith(res, []results.Threshold{{Metric: "lost_transits", Value: 20}, {Metric: "days_to_recover", Value: 60}})
	if err != nil {
		t.Fatal(err)
	}
	r := sum.Risk
	if r["lost_transits"].Stats.Mean <= 0 || r["extra_wait_days"].Stats.Mean <= 0 || r["lost_transits"].ZeroShare != 0 {
		t.Errorf("a certain closure: %+v, %+v", r["lost_transits"], r["extra_wait_days"])
	}
	rec := r["days_to_recover"].Stats
	if rec.N != 12 || rec.Mean < 0 || rec.P95 > 50 {
		t.Errorf("days_to_recover %+v; want every replication back within the run", rec)
	}
	// One window: its recovery is days_to_recover, by the same definition.
	if w := sum.Windows; len(w) != 1 || w[0].DaysToRecover.Mean != rec.Mean || w[0].DaysToRecover.N != rec.N || w[0].Replications != 12 {
		t.Errorf("the window's days_to_recover %+v, the risk metric's %+v", w[0].DaysToRecover, rec)
	}
	if lost := sum.Windows[0].During["lost_teu"].DifferenceTotal; lost.CI95 == nil || lost.CI95[0] < 0 {
		t.Errorf("the window's lost TEU %+v: want an interval not below 0", lost)
	}
	if e := r["days_to_recover"].Exceed[0]; *e.Probability != 0 {
		t.Errorf("P(days_to_recover > 60) = %g, want 0", *e.Probability)
	}
	// A terminal's TEU lost is a sum of fractional calls over the days;
	// where the closure only moved calls from day to day it is 0, not a
	// rounding remainder such as -4e-13.
	for i := range res.Baseline {
		for k, x := range res.RiskValues(i) {
			if name := res.RiskMetrics()[k].Name; strings.HasPrefix(string(name), "lost_teu") && x != 0 && math.Abs(x) < 1e-3 {
				t.Errorf("rep %d: %s is %g, a rounding remainder", i, name, x)
			}
		}
	}
	// The exceedance is the share of values above the threshold.
	above := 0
	for i := range res.Baseline {
		if res.RiskValues(i)[0] > 20 {
			above++
		}
	}
	if e := r["lost_transits"].Exceed[0]; *e.Probability != float64(above)/12 || e.CI95[0] > *e.Probability || e.CI95[1] < *e.Probability {
		t.Errorf("P(lost_transits > 20) = %g [%v], want %g", *e.Probability, *e.CI95, float64(above)/12)
	}

	sc.Disruptions[0].Probability = 0.5
	sc.Replications = 20
	res = study(t, sc, 0)
	sum = results.Summarize(res)
	happened := 0
	for i, run := range res.Disrupted {
		if run.Windows[0].Occurred {
			happened++
			continue
		}
		for k, x := range res.RiskValues(i) {
			// The queue's maximum is the scenario's own, not a loss.
			if x != 0 && res.RiskMetrics()[k].Name != sim.RiskQueueMax {
				t.Errorf("rep %d: the closure did not happen, yet risk metric %s is %g", i, res.RiskMetrics()[k].Name, x)
			}
		}
	}
	if happened == 0 || happened == 20 {
		t.Fatalf("the closure happened in %d of 20 replications; the test needs both kinds", happened)
	}
	if z := sum.Risk["lost_transits"].ZeroShare; z < float64(20-happened)/20 {
		t.Errorf("zero_share %g, want at least %g (the replications where nothing happened)", z, float64(20-happened)/20)
	}
	if _, err := results.SummarizeWith(res, []results.Threshold{{Metric: "lost_tue", Value: 1}}); err == nil || !strings.Contains(err.Error(), "unknown risk metric") {
		t.Errorf("a threshold on an unknown metric: %v", err)
	}
}

// TestReplicationsCSV: one row per replication and variant, the header's
// width on every row, risk and window cells only on scenario rows.
func TestReplicationsCSV(t *testing.T) {
	res := study(t, ppcClosure(3), 0)
	var buf bytes.Buffer
	if err := results.NewReplicationsTable(res).WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	if len(rows) != 1+2*3 || header[0] != "replication" || header[len(header)-3] != "disruption1_occurred" {
		t.Fatalf("%d rows, header %v", len(rows), header)
	}
	col := func(name string) int {
		for k, h := range header {
			if h == name {
				return k
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	lost, occurred, from := col("risk.lost_teu"), col("disruption1_occurred"), col("disruption1_from")
	for _, r := range rows[1:] {
		switch r[1] {
		case "baseline":
			if r[lost] != "" || r[occurred] != "" {
				t.Errorf("baseline row with risk or window cells: %v", r)
			}
		case "scenario":
			if r[lost] == "" || r[occurred] != "1" || r[from] != "2025-11-01T00:00:00Z" {
				t.Errorf("scenario row: lost %q, occurred %q, from %q", r[lost], r[occurred], r[from])
			}
		}
	}
}

// TestResultFilesRoundTrip: replications.csv and waits.csv read back to
// what was written, and the waits of a run are those of the vessels that
// started a transit.
func TestResultFilesRoundTrip(t *testing.T) {
	res := study(t, ppcClosure(2), 0)
	var buf bytes.Buffer
	if err := results.NewReplicationsTable(res).WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	tab, err := results.ReadReplicationsCSV("replications.csv", &buf)
	if err != nil {
		t.Fatal(err)
	}
	lost, err := tab.Column(sim.Disrupted, "risk.lost_teu")
	if err != nil || len(lost) != 2 || lost[0] != res.RiskValues(0)[1] {
		t.Errorf("risk.lost_teu %v, %v; want %g first", lost, err, res.RiskValues(0)[1])
	}
	if _, err := tab.Column(sim.Baseline, "nope"); err == nil {
		t.Error("no error for a missing column")
	}
	w := results.NewWaitTable(res)
	buf.Reset()
	if err := w.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := results.ReadWaitsCSV("waits.csv", &buf)
	if err != nil || len(back.Baseline) != sim.WaitBins || back.Scenario[3] != w.Scenario[3] {
		t.Fatalf("waits round trip: %v", err)
	}
	started := 0
	for _, d := range res.Baseline[0].Days {
		started += d.Transits
	}
	n := 0
	for _, c := range res.Baseline[0].Waits {
		n += c
	}
	// Vessels that started in the reported days, against those that
	// finished: the same up to the few inside at either end.
	if math.Abs(float64(n-started)) > 40 {
		t.Errorf("%d waits recorded, %d transits completed", n, started)
	}
	for _, bad := range []string{"", "from_h,to_h,baseline,scenario\n0,2,x,1\n", "a,b\n"} {
		if _, err := results.ReadWaitsCSV("w.csv", strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "w.csv:") {
			t.Errorf("waits %q: %v", bad, err)
		}
	}
}

// TestParseThreshold checks that a threshold's value is read whole: a
// thousands separator or a unit is an error, not a smaller number.
func TestParseThreshold(t *testing.T) {
	tests := []struct {
		in   string
		want results.Threshold
		err  bool
	}{
		{"lost_teu=100000", results.Threshold{Metric: "lost_teu", Value: 100000}, false},
		{" lost_teu = 1e5 ", results.Threshold{Metric: "lost_teu", Value: 100000}, false},
		{"days_to_recover=-2.5", results.Threshold{Metric: "days_to_recover", Value: -2.5}, false},
		{"lost_teu=100,000", results.Threshold{}, true},
		{"lost_teu=100k", results.Threshold{}, true},
		{"lost_teu=100 000", results.Threshold{}, true},
		{"lost_teu=100_000", results.Threshold{Metric: "lost_teu", Value: 100000}, false}, // as in Go
		{"lost_teu=", results.Threshold{}, true},
		{"lost_teu=inf", results.Threshold{}, true},
		{"lost_teu=NaN", results.Threshold{}, true},
		{"lost_teu", results.Threshold{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := results.ParseThreshold(tt.in)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("ParseThreshold(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
