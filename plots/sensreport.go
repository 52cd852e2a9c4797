package plots

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/sensitivity"
)

// SensitivityFigure is the file name (without extension) of the
// sensitivity figure in a sensitivity folder's plots/.
const SensitivityFigure = "sensitivity"

// sensitivityPage is what the sensitivity report's template shows.
type sensitivityPage struct {
	header
	Contents     []tocEntry
	Method       string
	Sobol        bool
	Tables       []sensitivityTable
	Unsourced    bool
	Figures      []reportFigure
	Manifest     []field
	ScenarioText string
}

// sensitivityTable is the indices of one metric.
type sensitivityTable struct {
	Metric, Unit string
	Mean, SD     string
	Rows         []sensitivityRow
	// Explained is, for Sobol', the sum of the first-order indices, and
	// Unexplained the rest: interactions and the randomness of traffic.
	Explained, Unexplained string
}

// sensitivityRow is one assumption's indices.
type sensitivityRow struct {
	Path, Dist, Source string
	Sourced            bool
	First, FirstCI     string
	Total, TotalCI     string
	MuStar, Sigma, Mu  string
}

// SensitivityReport writes the report of a sensitivity analysis,
// report.html of its folder: what was analysed, the indices of each
// metric per assumption in a table (ranked by what they explain) and the
// figure (Sensitivity) inline, how to read them, and the manifest of the
// study.
func SensitivityReport(w io.Writer, r *sim.SensitivityResult, m *results.Manifest) error {
	if r == nil || m == nil || len(r.Metrics) == 0 {
		return fmt.Errorf("plots: sensitivity report: no analysis")
	}
	method := "Sobol' indices (Saltelli design)"
	if r.Method == sim.Morris {
		method = "Morris screening"
	}
	p := &sensitivityPage{
		header:       newHeader(m, fmt.Sprintf("%s: what drives the answer", m.Scenario)),
		Method:       method,
		Sobol:        r.Method == sim.Sobol,
		Unsourced:    unsourced(r),
		ScenarioText: m.ScenarioText,
	}
	p.Kind = "canalsim sensitivity report"
	p.Facts = []string{method, pluralize(len(r.Params), "assumption"), fmt.Sprintf("%d paired runs", r.Runs), fmt.Sprintf("seed %d", r.Seed)}
	order := SensitivityOrder(r)
	for _, sm := range r.Metrics {
		t := sensitivityTable{Metric: string(sm.Metric), Unit: sm.Unit, Mean: formatNumber(sm.Mean, levelDecimals(sm.Mean)), SD: formatNumber(math.Sqrt(sm.Variance), levelDecimals(math.Sqrt(sm.Variance)))}
		sumFirst := 0.0
		for _, i := range order {
			a := r.Params[i]
			row := sensitivityRow{Path: a.Path, Dist: a.Dist, Source: a.Source, Sourced: a.Sourced}
			if p.Sobol {
				row.First, row.FirstCI = index(sm.First[i])
				row.Total, row.TotalCI = index(sm.Total[i])
				sumFirst += sm.First[i].Value
			} else {
				row.MuStar = formatNumber(sm.MuStar[i], levelDecimals(sm.MuStar[i]))
				row.Sigma = formatNumber(sm.Sigma[i], levelDecimals(sm.Sigma[i]))
				row.Mu = formatNumber(sm.Mu[i], levelDecimals(sm.Mu[i]))
			}
			t.Rows = append(t.Rows, row)
		}
		if p.Sobol {
			t.Explained = formatPercent(math.Min(math.Max(sumFirst, 0), 1))
			t.Unexplained = formatPercent(math.Min(math.Max(1-sumFirst, 0), 1))
		}
		p.Tables = append(p.Tables, t)
	}
	var buf bytes.Buffer
	if err := Sensitivity(&buf, SVG, r, m); err != nil {
		return fmt.Errorf("plots: sensitivity report: %w", err)
	}
	title := "What drives " + strings.Join(metricNames(r), " and ")
	svg, err := inlineSVG(buf.Bytes(), title)
	if err != nil {
		return fmt.Errorf("plots: sensitivity report: %w", err)
	}
	caption := "Each assumption's share of the variance of the paired difference, scenario minus baseline: the total index (with its interactions) and the first-order index (alone), with their bootstrap intervals; ranked by the total index of the first metric."
	if !p.Sobol {
		caption = "Each assumption's mean absolute elementary effect (mu*) on the paired difference, scenario minus baseline, with a line to mu* + sigma; ranked by mu* of the first metric."
	}
	p.Figures = []reportFigure{{Number: 1, ID: "figure-" + SensitivityFigure, Title: title, SVG: svg, Caption: caption}}
	p.Manifest = []field{
		{Name: "scenario", Value: m.Scenario},
		{Name: "method", Value: method},
		{Name: "n", Value: strconv.Itoa(r.N)},
		{Name: "runs", Value: strconv.Itoa(r.Runs)},
		{Name: "scenario_file", Value: orDash(m.ScenarioFile), Code: true},
		{Name: "scenario_sha256", Value: orDash(m.ScenarioSHA256), Code: true},
		{Name: "program", Value: orDash(m.Program) + " " + orDash(m.Version)},
		{Name: "seed", Value: strconv.FormatUint(m.Seed, 10)},
		{Name: "start, days, warmup_days", Value: fmt.Sprintf("%s, %d, %d", orDash(m.Start), m.Days, m.WarmupDays)},
		{Name: "args", Value: orDash(strings.Join(m.Args, " ")), Code: true},
	}
	p.Contents = []tocEntry{{ID: "indices", Title: "Indices"}, {ID: "figures", Title: "Figures"}, {ID: "how-to-read", Title: "How to read this report"}, {ID: "manifest", Title: "Manifest"}}
	return execute(w, "sensitivity", p)
}

// index formats a Sobol' index and its interval.
func index(e sensitivity.Estimate) (value, ci string) {
	value = strconv.FormatFloat(e.Value, 'f', 2, 64)
	if !math.IsNaN(e.Lo) && !math.IsNaN(e.Hi) {
		ci = fmt.Sprintf("%s to %s", strconv.FormatFloat(e.Lo, 'f', 2, 64), strconv.FormatFloat(e.Hi, 'f', 2, 64))
	}
	return value, ci
}

// metricNames lists the metrics of r.
func metricNames(r *sim.SensitivityResult) []string {
	var out []string
	for _, sm := range r.Metrics {
		out = append(out, string(sm.Metric))
	}
	return out
}

// sensitivityHTML is the sensitivity report's page (sensitivity.html.tmpl).
//
//go:embed sensitivity.html.tmpl
var sensitivityHTML string
