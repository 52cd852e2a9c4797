package plots

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

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
func SensitivityReport(w io.Writer, r *sim.SensitivityResult, m *sim.Manifest) error {
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
		t := sensitivityTable{Metric: sm.Metric, Unit: sm.Unit, Mean: formatNumber(sm.Mean, levelDecimals(sm.Mean)), SD: formatNumber(math.Sqrt(sm.Variance), levelDecimals(math.Sqrt(sm.Variance)))}
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
		out = append(out, sm.Metric)
	}
	return out
}

const sensitivityHTML = `
{{- define "sensitivity" -}}
{{template "head" .}}
<section id="indices">
<h2>Indices</h2>
<p>{{.Method}} of the scenario's declared assumptions: each design point is one paired replication (scenario and baseline on the same random numbers) with the point's values of the assumptions, and the points of one {{if .Sobol}}base row{{else}}trajectory{{end}} share one replication's traffic.</p>
{{range .Tables}}
<h3><code>{{.Metric}}</code> <span class="note">paired difference, {{.Unit}}: mean {{.Mean}}, standard deviation {{.SD}} over the design</span></h3>
<div class="table-wrap">
<table class="indices" data-metric="{{.Metric}}">
<thead><tr><th scope="col">Assumption</th><th scope="col">Distribution</th><th scope="col">Source</th>{{if $.Sobol}}<th scope="col" class="num">Total index<span class="sub">95% interval</span></th><th scope="col" class="num">First-order index<span class="sub">95% interval</span></th>{{else}}<th scope="col" class="num">mu*</th><th scope="col" class="num">sigma</th><th scope="col" class="num">mu</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr data-path="{{.Path}}"><td><code>{{.Path}}</code></td><td class="mono">{{.Dist}}</td><td>{{if .Source}}{{.Source}}{{else}}<span class="empty">none given</span>{{end}}{{if not .Sourced}} <span class="note">no source tag: the range rests on judgement</span>{{end}}</td>{{if $.Sobol}}<td class="num"><span class="diff">{{.Total}}</span><span class="ci">{{.TotalCI}}</span></td><td class="num">{{.First}}<span class="ci">{{.FirstCI}}</span></td>{{else}}<td class="num"><span class="diff">{{.MuStar}}</span></td><td class="num">{{.Sigma}}</td><td class="num">{{.Mu}}</td>{{end}}</tr>
{{- end}}
</tbody>
{{if $.Sobol}}<caption>The first-order indices add up to {{.Explained}} of the variance; the rest, {{.Unexplained}}, is interactions between assumptions and the randomness of traffic, which no assumption explains.</caption>{{end}}
</table>
</div>
{{end}}
</section>
{{template "figures" .}}
<section id="how-to-read">
<h2>How to read this report</h2>
<ol class="reading">
{{if .Sobol}}<li><strong>Total index</strong>: the share of the variance of the answer that the assumption explains, alone and through its interactions with the others. An assumption with a total index near 0 can be fixed at any value of its range without changing the answer; the larger the index, the more the answer rests on it.</li>
<li><strong>First-order index</strong>: the share it explains alone. A total index well above the first-order one means the assumption matters through interactions.</li>
<li><strong>Intervals</strong>: 95% bootstrap intervals over the base rows; they narrow with more rows (<code>-n</code>). Estimates are not clipped to [0, 1]: sampling error can put them a little outside.</li>{{else}}<li><strong>mu*</strong>: the mean absolute change of the answer when the assumption moves across its range, in the metric's unit: a screening measure to rank assumptions. <strong>sigma</strong>: how much that change varies with the other assumptions (interactions, non-linearity). <strong>mu</strong>: the mean signed change.</li>{{end}}
<li>Every answer also varies with the randomness of traffic: the points of one {{if .Sobol}}row{{else}}trajectory{{end}} share one replication's random numbers, so the indices compare runs on the same traffic, and the variance no assumption explains is that randomness.</li>
{{if .Unsourced}}<li>Assumptions whose source cites no tag rest on judgement: where such an assumption has a large index, the answer does too.</li>{{end}}
</ol>
</section>
{{template "manifest" .}}
<footer>Run by {{.Generated}}. This report is written from sensitivity.json and manifest.json.</footer>
</main>
</body>
</html>
{{end}}
`
