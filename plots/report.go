package plots

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// This file writes report.html: one self-contained HTML page per results
// folder (and one per sweep folder) that a reviewer can read, print or
// mail without the rest of the folder. Its styles are inline, its figures
// inline SVG drawn from the folder's files by the registry's Draw, and it
// has no script and requests nothing from the network: no web fonts, no
// external images or style sheets.

// A headline metric of the report's key numbers: its name in
// summary.json, what the report calls it, and its definition.
type keyMetric struct {
	metric sim.Metric
	label  string
}

// metric and risk return the description of the metric or the risk
// metric named n.
func metric(n sim.MetricName) sim.Metric { m, _ := sim.LookupMetric(n); return m }
func risk(n sim.MetricName) sim.Metric   { m, _ := sim.LookupRisk(n); return m }

// keyMetrics are the metrics of the key numbers table, from summary.json's
// "metrics": baseline, scenario and paired difference.
var keyMetrics = []keyMetric{
	{metric(sim.MetricTransits), "Canal transits a day"},
	{metric(sim.MetricTEU), "TEU handled a day, all terminals"},
	{metric(sim.MetricLostTEU), "TEU lost to Panama"},
	{metric(sim.MetricDivertedCalls), "Calls moved to another terminal or rail"},
	{metric(sim.MetricCWT), "Canal waters time"},
	{metric(sim.MetricQueueMax), "Largest anchorage queue"},
	{metric(sim.MetricDiverted), "Vessels that gave up on the canal"},
}

// auctionMetrics are key metrics too when a run sold slots at auction:
// for the daily and the special auctions, the slots sold and what a slot
// fetched.
var auctionMetrics = []struct{ slots, price keyMetric }{
	{keyMetric{metric(sim.MetricAuctionSlots), "Slots sold at the daily auction"}, keyMetric{metric(sim.MetricAuctionPrice), "Mean price of a daily auction slot"}},
	{keyMetric{metric(sim.MetricSpecialSlots), "Slots sold at special auctions"}, keyMetric{metric(sim.MetricSpecialPrice), "Mean price of a special auction slot"}},
}

// keyMetricsOf returns the metrics of the key numbers table for s:
// keyMetrics, and an auction's when either variant sold a slot at it.
func keyMetricsOf(s *results.Summary) []keyMetric {
	out := slices.Clone(keyMetrics)
	for _, a := range auctionMetrics {
		c := s.Metrics[a.slots.metric.Name]
		if c.Baseline.N > 0 && c.Baseline.Mean > 0 || c.Scenario.N > 0 && c.Scenario.Mean > 0 {
			out = append(out, a.slots, a.price)
		}
	}
	return out
}

// keyRisks are the risk metrics of the key numbers table, from
// summary.json's "risk": one figure per replication's pair.
var keyRisks = []keyMetric{
	{risk(sim.RiskLostTransits), "Transits lost"},
	{risk(sim.RiskLostTEU), "TEU lost because of the disruptions"},
	{risk(sim.RiskDaysToRecover), "Days to recover"},
	{risk(sim.RiskExtraWait), "Extra waiting"},
}

// The report's assumptions: the model's rules in words, and the
// network's parameters read from the network the run used (the folder's
// network.yaml), so that they describe any network (reportAssumptions).
const (
	pairingAssumption = "Each replication runs twice on the same random numbers, without and with the disruptions: the same vessels arrive in both, so their difference is the disruption's effect."
	notModelled       = "Not modelled: yards, gates and trucks; boxes waiting for a connecting ship; the ACP's sequencing of transits (vessels meet the locks in the order they come)."
)

// reportAssumptions returns the report's assumptions for r: the rules,
// the demand's and the network's, each read from what the run used (the
// folder's demand.yaml and network.yaml, or the embedded ones for a folder
// written before it held them), so that they describe any waterway.
func reportAssumptions(r *results.Folder) []string {
	m := r.Manifest
	out := []string{pairingAssumption}
	dem := r.Demand
	if dem == nil && m.Demand == sim.PanamaDemand().Name {
		dem = sim.PanamaDemand()
	}
	if dem == nil {
		out = append(out, fmt.Sprintf("The demand %q came from a file this folder does not hold: its arrival rates, classes, diversion rule and call policy are set out there.", m.Demand))
	} else {
		out = append(out, demandAssumptions(dem)...)
	}
	net := r.Network
	if net == nil && embedded(m) {
		net = network.Panama()
	}
	if net == nil {
		out = append(out, fmt.Sprintf("The network %q came from a file this folder does not hold: its locks, terminals, caps and lake are set out there.", m.Network))
	} else {
		out = append(out, networkAssumptions(net)...)
	}
	return append(out, notModelled)
}

// demandAssumptions says, from the demand itself, how vessels come, when
// they give up on the canal and where a call goes that its terminal
// cannot take.
func demandAssumptions(d *sim.Demand) []string {
	perDay, segments := 0.0, map[string]bool{}
	for _, st := range d.Streams {
		perDay += st.PerDay
		segments[st.Segment] = true
	}
	var classes []string
	for _, c := range d.Classes {
		classes = append(classes, cmp.Or(c.Name, c.ID))
	}
	arrive := fmt.Sprintf("Vessels arrive at the anchorages as %d Poisson streams (%s vessels a day in all, in %d %s: %s; %d %s)",
		len(d.Streams), formatNumber(perDay, 1), len(d.Classes), noun(len(d.Classes), "class", "classes"), strings.Join(classes, ", "),
		len(segments), noun(len(segments), "segment", "segments"))
	if desc := strings.TrimSuffix(strings.Join(strings.Fields(d.Description), " "), "."); desc != "" {
		arrive += ", from the demand " + strconv.Quote(d.Name) + ": " + desc
	}
	out := []string{arrive + "."}
	switch {
	case len(d.Seasons) == 0:
		out = append(out, "Arrival rates are the same in every month.")
	default:
		lo, hi := math.Inf(1), math.Inf(-1)
		var loM, hiM time.Month
		for _, se := range d.Seasons {
			for k, f := range se.Monthly {
				if f < lo {
					lo, loM = f, time.Month(k+1)
				}
				if f > hi {
					hi, hiM = f, time.Month(k+1)
				}
			}
		}
		out = append(out, fmt.Sprintf("Arrival rates follow %d monthly %s, from %.2f times the year's mean (%s) to %.2f (%s).",
			len(d.Seasons), noun(len(d.Seasons), "pattern", "patterns"), lo, loM, hi, hiM))
	}
	if n := len(d.Changes); n > 0 {
		// The earliest, not the file's first: a file need not list its
		// changes by date.
		first := slices.MinFunc(d.Changes, func(a, b sim.Change) int { return a.From.Compare(b.From) })
		out = append(out, fmt.Sprintf("The demand changes %d %s, in the baseline as in the scenario (the earliest from %s%s).",
			n, noun(n, "time", "times"), first.From.Format(time.DateOnly), notePart(first.Note)))
	}
	var give []string
	if len(d.DiversionDays) > 0 {
		var segs []string
		for _, seg := range slices.Sorted(maps.Keys(d.DiversionDays)) {
			segs = append(segs, fmt.Sprintf("%s after %s days", seg, formatExact(d.DiversionDays[seg])))
		}
		give = append(give, "when the wait they can expect passes a fixed bound ("+strings.Join(segs, ", ")+")")
	}
	if d.DiversionByCost {
		lo, hi := math.Inf(1), 0.0
		for _, c := range sim.CostClasses() {
			be := sim.PanamaCosts().Ship(c).BreakEvenWaitDays()
			lo, hi = math.Min(lo, be), math.Max(hi, be)
		}
		give = append(give, fmt.Sprintf("when the wait they can expect costs their owner more than the other route (published tolls, charter rates, fuel and detours: %.0f-%.0f days by class)", lo, hi))
	}
	give = append(give, fmt.Sprintf("when they would have to lighten by more than %s ft to meet the draft limit", formatExact(d.MaxLightenFt)))
	out = append(out, "Unbooked vessels divert from the canal "+strings.Join(give, "; ")+".")
	cp := d.CallDiversion
	call := fmt.Sprintf("A call its terminal cannot take goes to another terminal on the same side with room (fewer than %s %s waiting per berth, and within its design capacity over 7 days), a shift of %s hours",
		formatExact(cp.RoomPerBerth), noun(int(math.Ceil(cp.RoomPerBerth)), "vessel", "vessels"), formatExact(cp.ShiftHours))
	if cp.Rail {
		call += ", else crosses the isthmus by rail as the railway has room"
	}
	out = append(out, call+", else is lost to Panama.")
	return out
}

// noun returns one when n is 1, else many.
func noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// days says a number of days: "1 day", "2 days", "2.5 days".
func days(n float64) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%g days", n)
}

// notePart returns ": note" for a note, or "".
func notePart(note string) string {
	if note = strings.TrimSuffix(strings.Join(strings.Fields(note), " "), "."); note != "" {
		return ": " + note
	}
	return ""
}

// networkAssumptions says, from the network itself, what limits its
// traffic: daily caps and bookings, locks, terminals, the railway and the
// summit lake.
func networkAssumptions(net *network.Network) []string {
	var out []string
	if ops := net.Operations; ops != nil && !ops.DailyTransits.IsZero() {
		line := fmt.Sprintf("The canal lets at most %s transits start a day, at most %.0f%% of them booked (a booking slot nobody has booked by its time goes to the unbooked vessels)", byType(ops.DailyTransits), 100*ops.MaxBookedShare)
		if !ops.BacklogTransits.IsZero() {
			line += fmt.Sprintf("; a backlog clears at up to %s a day", byType(ops.BacklogTransits))
		}
		if ops.AuctionReserveUSD > 0 {
			line += fmt.Sprintf("; auctioned slots are sold from $%s", thousandsOf(ops.AuctionReserveUSD))
		}
		if sa := ops.SpecialAuction; sa != nil {
			line += fmt.Sprintf("; a special auction, when the scenario holds one, sells an extra slot %s ahead of its transit date, from $%s, to the unbooked vessels that will have waited %s by then",
				days(sa.LeadDays), thousandsOf(sa.ReserveUSD), days(sa.MinWaitDays))
		}
		out = append(out, line+".")
	}
	var locks []string
	for _, nd := range net.NodesOfKind(network.Lock) {
		l := nd.Lock
		locks = append(locks, fmt.Sprintf("%s (%s, %d lane(s) of %d chamber(s); %g, %g and %g minutes to enter, level and leave)",
			nd.Name, l.Type, l.Lanes, l.Steps, l.EnterMinutes, l.LevelMinutes, l.ExitMinutes))
	}
	if len(locks) > 0 {
		out = append(out, "Locks: "+strings.Join(locks, "; ")+".")
	}
	if terms := net.Terminals(); len(terms) > 0 {
		berths, cranes := 0, 0
		for _, nd := range terms {
			berths += nd.Terminal.Berths
			cranes += nd.Terminal.Cranes
		}
		out = append(out, fmt.Sprintf("%d terminals, with %d berths and %d quay cranes in all, each working a call at its cranes' moves per hour.", len(terms), berths, cranes))
	}
	for _, nd := range net.NodesOfKind(network.Rail) {
		out = append(out, fmt.Sprintf("%s carries up to %s TEU a day.", nd.Name, thousandsOf(nd.Rail.CapacityTEUPerDay)))
	}
	if nd := net.SummitLake(); nd != nil {
		l := nd.Lake
		out = append(out, fmt.Sprintf("%s follows a daily water balance (inflow %s million m³ a year, %g million m³ a day of other uses, over %g km²); the Neopanamax draft limit follows its level.",
			nd.Name, thousandsOf(l.InflowMcmPerYear), l.OtherUsesMcmPerDay, l.AreaKm2))
	}
	return out
}

// byType writes a number per lock type: "12 Neopanamax and 27 Panamax".
func byType(b network.ByLockType) string {
	switch {
	case b.Neopanamax == 0:
		return fmt.Sprintf("%g Panamax", b.Panamax)
	case b.Panamax == 0:
		return fmt.Sprintf("%g Neopanamax", b.Neopanamax)
	}
	return fmt.Sprintf("%g Neopanamax and %g Panamax", b.Neopanamax, b.Panamax)
}

// assumptionsSource says where the assumptions are set out in full.
const assumptionsSource = "docs/model.md (sections “Assumptions” and “Not in this version”)"

// Report writes the report of a results folder, report.html: a header
// (the scenario, its description and question), the key numbers, the
// threshold exceedances, the disruptions, every figure of Figures() that
// applies (inline SVG), the model's assumptions, how to read the report
// and the manifest. The page is self-contained: inline styles and
// figures, no script, nothing fetched from the network.
func Report(w io.Writer, r *results.Folder) error {
	return ReportDrawn(w, r, nil)
}

// ReportDrawn writes the report as Report does, inlining the figures
// already drawn as SVG (by Figure.Name: what the figure's Draw wrote, in
// SVG, for the same folder) instead of drawing them again: a program that
// has just drawn a folder's figures into files writes its report at the
// cost of the rest of the page.
func ReportDrawn(w io.Writer, r *results.Folder, drawn map[string][]byte) error {
	if r == nil || r.Manifest == nil || r.Summary == nil {
		return fmt.Errorf("plots: report: results without manifest or summary")
	}
	p, err := newReportPage(r, drawn)
	if err != nil {
		return err
	}
	return execute(w, "report", p)
}

// SweepReport writes the report of a sweep's folder, report.html: the
// swept parameter and, for each of its values, the key numbers of that
// point's results (with a link to the point's own report), and the
// response figure (SweepResponse) inline.
func SweepReport(w io.Writer, s *results.Sweep) error {
	if s == nil || len(s.Index.Points) == 0 || len(s.Summaries) != len(s.Index.Points) || len(s.Manifests) != len(s.Index.Points) {
		return fmt.Errorf("plots: sweep report: a sweep without points")
	}
	p, err := newSweepPage(s)
	if err != nil {
		return err
	}
	return execute(w, "sweep", p)
}

// execute renders the named template into a buffer and then writes it,
// so that a failure writes nothing.
func execute(w io.Writer, name string, data any) error {
	var buf bytes.Buffer
	if err := reportTemplate.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("plots: report: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("plots: writing report: %w", err)
	}
	return nil
}

// reportPage is what the report's template shows.
type reportPage struct {
	header
	Contents []tocEntry
	// Answer is the opening answer, one string per paragraph; Windows
	// the key numbers of each disruption window.
	Answer    []paragraph
	Windows   []windowTable
	Key       []keyRow
	Terminals []terminalRow
	// Costs are the rows of the costs table (nil without costs), and
	// CostRates the rates file they come from.
	Costs             []costTableRow
	CostRates         string
	Exceedances       []exceedRow
	Disruptions       []disruptionRow
	Figures           []reportFigure
	Assumptions       []string
	AssumptionsSource string
	// Uncertain are the scenario's declared uncertain assumptions.
	Uncertain    []uncertainRow
	Glossary     []glossaryEntry
	Manifest     []field
	ScenarioText string
	// Hindcast is the hindcast section, nil without hindcast.json.
	Hindcast *hindcastSection
}

// uncertainRow is a declared uncertain assumption.
type uncertainRow struct {
	Path, Dist, Source string
	Sourced            bool
}

// restsOnUnsourced reports whether the run drew any assumption whose
// source cites no tag.
func restsOnUnsourced(m *results.Manifest) bool {
	for _, a := range m.Assumptions {
		if !a.Sourced {
			return true
		}
	}
	return false
}

// header is the top of a page: what ran and what it asks.
type header struct {
	// Kind names the page: "canalsim results report".
	Kind        string
	Title       string
	Name        string
	Description string
	Question    string
	Facts       []string
	// Program is the program and version that ran; Generated adds when
	// the run finished, if known.
	Program   string
	Generated string
}

type tocEntry struct {
	ID, Title string
	Sub       []tocEntry
}

// keyRow is a row of the key numbers: Group rows head a group.
type keyRow struct {
	Group string
	// Source is the part of summary.json the row comes from: "metrics"
	// or "risk".
	Source                      string
	Name, Label, Unit, Doc      string
	Baseline, Scenario          string
	Difference, CI, Range, Note string
}

type terminalRow struct {
	Name, ID                           string
	Baseline, Scenario, Difference, CI string
	Lost                               string
}

// costTableRow is a row of the costs table: a payer (Item false) or one
// item of its cost.
type costTableRow struct {
	Item                 bool
	Payer, Kind, What    string
	Quantity, Unit, Rate string
	Cost, CI, Range      string
}

// costRows returns the rows of the costs table: each payer, then its
// items. Amounts in thousands of US dollars.
func costRows(c *results.Costs, names func(string) string) []costTableRow {
	kinds := map[string]string{sim.PayerCanal: "canal", sim.PayerTerminalOperator: "terminal operator", sim.PayerRailway: "railway", sim.PayerShipowners: "shipowners"}
	usd := func(s results.Stats) (mean, ci, rng string) {
		return spreadWith(scaleStats(s, 1e-3), 0)
	}
	var rows []costTableRow
	for _, p := range c.Payers {
		r := costTableRow{Payer: p.Name, Kind: kinds[p.Kind]}
		r.Cost, r.CI, r.Range = usd(p.CostUSD)
		rows = append(rows, r)
		for _, it := range p.Items {
			of := it.Of
			if it.Item == sim.CostHandling || it.Item == sim.CostRail {
				of = names(of)
			}
			q, _, _ := spread(it.Quantity)
			ir := costTableRow{Item: true, What: it.Item + ", " + of, Quantity: q, Unit: it.Unit, Rate: "$" + formatNumber(it.RateUSD, 0)}
			ir.Cost, ir.CI, ir.Range = usd(it.CostUSD)
			rows = append(rows, ir)
		}
	}
	return rows
}

type exceedRow struct {
	Name, Label, Unit string
	Threshold         string
	Probability, CI   string
}

type disruptionRow struct {
	Name, Effect, Target, Nodes, Occurs string
	// Window is the window's span: Random says its timing is drawn per
	// replication within it.
	Window windowSpan
	Random bool
}

// windowSpan is a disruption window [From, Until) for a reader: the first
// and last day when it runs whole days, or times otherwise, and its
// length.
type windowSpan struct {
	From, Last, Length string
}

type reportFigure struct {
	Number             int
	ID, Title, Caption string
	SVG                template.HTML
}

type glossaryEntry struct {
	Name, Label, Unit, Doc string
}

type field struct {
	Name, Value string
	Code        bool
}

func newReportPage(r *results.Folder, drawn map[string][]byte) (*reportPage, error) {
	m, s := r.Manifest, r.Summary
	p := &reportPage{
		header:            newHeader(m, fmt.Sprintf("%s: results", m.Scenario)),
		Assumptions:       reportAssumptions(r),
		AssumptionsSource: assumptionsSource,
		ScenarioText:      m.ScenarioText,
	}
	p.Answer, p.Windows = answer(m, s, r.Sensitivity), windowTables(m, s)
	reps := s.Replications
	p.Key = append(p.Key, keyRow{Group: "Per run: the baseline, the scenario, and their difference replication by replication"})
	for _, k := range keyMetricsOf(s) {
		row := keyRow{Source: "metrics", Name: string(k.metric.Name), Label: k.label, Unit: k.metric.Unit, Doc: k.metric.Doc}
		c, ok := s.Metrics[k.metric.Name]
		if !ok {
			row.Baseline, row.Scenario, row.Difference, row.CI, row.Range = dash, dash, dash, dash, dash
			row.Note = "not in summary.json"
		} else {
			if c.Unit != "" {
				row.Unit = c.Unit
			}
			row.Baseline, row.Scenario, row.Difference, row.CI, row.Range = compare(c)
			var notes []string
			if c.Difference.N < reps {
				notes = append(notes, fmt.Sprintf("difference from %d of %d replications (the others have no value)", c.Difference.N, reps))
			}
			if sp := c.Split; sp != nil && sp.SD > 0 {
				notes = append(notes, fmt.Sprintf("spread across replications: %s from the assumptions, %s from randomness",
					formatPercent(sp.Assumptions), formatPercent(1-sp.Assumptions)))
				if restsOnUnsourced(m) && sp.Assumptions >= 0.1 {
					notes = append(notes, "rests in part on assumptions without a source")
				}
			}
			row.Note = strings.Join(notes, "; ")
		}
		p.Key = append(p.Key, row)
	}
	p.Key = append(p.Key, keyRow{Group: "Per replication: the scenario against its own baseline"})
	for _, k := range keyRisks {
		row := keyRow{Source: "risk", Name: string(k.metric.Name), Label: k.label, Unit: k.metric.Unit, Doc: k.metric.Doc, Baseline: dash, Scenario: dash}
		rk, ok := s.Risk[k.metric.Name]
		if !ok {
			row.Difference, row.CI, row.Range = dash, dash, dash
			row.Note = "not in summary.json"
		} else {
			if rk.Unit != "" {
				row.Unit = rk.Unit
			}
			row.Difference, row.CI, row.Range = spread(rk.Stats)
			var notes []string
			if rk.ZeroShare > 0 {
				notes = append(notes, "zero in "+formatPercent(rk.ZeroShare)+" of replications")
			}
			if rk.Stats.N < reps {
				what := "no value"
				if k.metric.Name == sim.RiskDaysToRecover {
					what = "not back before the run ended"
				}
				notes = append(notes, fmt.Sprintf("%s in %d of %d replications", what, reps-rk.Stats.N, reps))
			}
			row.Note = strings.Join(notes, "; ")
		}
		p.Key = append(p.Key, row)
	}

	names := nodeNames(m)
	for _, id := range m.Terminals {
		row := terminalRow{Name: names(id), ID: id, Baseline: dash, Scenario: dash, Difference: dash, CI: dash, Lost: dash}
		if c, ok := s.Metrics[sim.TerminalMetric(id).Name]; ok {
			row.Baseline, row.Scenario, row.Difference, row.CI, _ = compare(c)
		}
		if rk, ok := s.Risk[sim.TerminalRisk(id).Name]; ok {
			row.Lost, _, _ = spread(rk.Stats)
		}
		p.Terminals = append(p.Terminals, row)
	}

	if c := s.Costs; c != nil && len(c.Payers) > 0 {
		p.Costs, p.CostRates = costRows(c, names), c.Rates
	}

	for _, k := range riskOrder(s, m.Terminals) {
		rk := s.Risk[k]
		for _, e := range rk.Exceed {
			row := exceedRow{Name: string(k), Label: riskLabel(k), Unit: rk.Unit, Threshold: formatExact(e.Threshold), Probability: dash, CI: dash}
			if e.Probability != nil {
				row.Probability = formatPercent(*e.Probability)
			}
			if e.CI95 != nil {
				row.CI = formatPercent(e.CI95[0]) + " to " + formatPercent(e.CI95[1])
			}
			p.Exceedances = append(p.Exceedances, row)
		}
	}

	for i, d := range m.Disruptions {
		p.Disruptions = append(p.Disruptions, newDisruptionRow(i, d, names))
	}
	for _, a := range m.Assumptions {
		p.Uncertain = append(p.Uncertain, uncertainRow{Path: a.Path, Dist: a.Dist, Source: a.Source, Sourced: a.Sourced})
	}

	for _, fig := range Figures() {
		if fig.Applies != nil && !fig.Applies(r) {
			continue
		}
		doc, ok := drawn[fig.Name]
		if !ok {
			var buf bytes.Buffer
			if err := fig.Draw(&buf, SVG, r); err != nil {
				return nil, fmt.Errorf("plots: report: figure %s: %w", fig.Name, err)
			}
			doc = buf.Bytes()
		}
		svg, err := inlineSVG(doc, fig.Title)
		if err != nil {
			return nil, fmt.Errorf("plots: report: figure %s: %w", fig.Name, err)
		}
		p.Figures = append(p.Figures, reportFigure{Number: len(p.Figures) + 1, ID: "figure-" + fig.Name, Title: fig.Title, Caption: fig.Caption, SVG: svg})
	}

	for _, k := range append(keyMetricsOf(s), keyRisks...) {
		p.Glossary = append(p.Glossary, glossaryEntry{Name: string(k.metric.Name), Label: k.label, Unit: k.metric.Unit, Doc: k.metric.Doc})
	}
	p.Manifest = manifestFields(m)

	p.Contents = []tocEntry{{ID: "answer", Title: "The answer"}, {ID: "key-numbers", Title: "Key numbers"}}
	if len(p.Costs) > 0 {
		p.Contents = append(p.Contents, tocEntry{ID: "costs", Title: "Costs: who pays"})
	}
	if len(p.Exceedances) > 0 {
		p.Contents = append(p.Contents, tocEntry{ID: "exceedances", Title: "Threshold exceedances"})
	}
	p.Contents = append(p.Contents, tocEntry{ID: "disruptions", Title: "Disruptions"})
	if p.Hindcast = newHindcastSection(r); p.Hindcast != nil {
		p.Contents = append(p.Contents, tocEntry{ID: "hindcast", Title: "Hindcast"})
	}
	if len(p.Figures) > 0 {
		figs := tocEntry{ID: "figures", Title: "Figures"}
		for _, f := range p.Figures {
			figs.Sub = append(figs.Sub, tocEntry{ID: f.ID, Title: f.Title})
		}
		p.Contents = append(p.Contents, figs)
	}
	p.Contents = append(p.Contents,
		tocEntry{ID: "assumptions", Title: "Assumptions"},
		tocEntry{ID: "how-to-read", Title: "How to read this report"},
		tocEntry{ID: "manifest", Title: "Manifest"})
	return p, nil
}

// riskOrder lists the risk metrics of s in the order of sim's
// RiskMetrics (the terminals' between lost_teu and extra_wait_days), then
// any others by name.
func riskOrder(s *results.Summary, terminals []string) []sim.MetricName {
	order := []sim.MetricName{sim.RiskLostTransits, sim.RiskLostTEU}
	for _, t := range terminals {
		order = append(order, sim.TerminalRisk(t).Name)
	}
	order = append(order, sim.RiskExtraWait, sim.RiskQueueMax, sim.RiskDiverted, sim.RiskDaysToRecover)
	seen := map[sim.MetricName]bool{}
	var out []sim.MetricName
	for _, k := range order {
		if _, ok := s.Risk[k]; ok && !seen[k] {
			out = append(out, k)
			seen[k] = true
		}
	}
	var rest []sim.MetricName
	for k := range s.Risk {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// riskLabel names a risk metric for a reader.
func riskLabel(name sim.MetricName) string {
	for _, k := range keyRisks {
		if k.metric.Name == name {
			return k.label
		}
	}
	switch name {
	case sim.RiskQueueMax:
		return "Largest anchorage queue"
	case sim.RiskDiverted:
		return "Extra vessels that gave up on the canal"
	}
	if t, ok := strings.CutPrefix(string(name), string(sim.RiskLostTEU)+"."); ok {
		return "TEU lost at " + t
	}
	return string(name)
}

// newDisruptionRow describes disruption i of the manifest.
func newDisruptionRow(i int, d sim.Window, names func(string) string) disruptionRow {
	row := disruptionRow{Name: d.Name, Effect: string(d.Effect), Target: d.Target, Nodes: dash, Occurs: "always"}
	if row.Name == "" {
		row.Name = fmt.Sprintf("Disruption %d", i+1)
	}
	if row.Target == "" {
		row.Target = "the whole canal"
	}
	if len(d.Nodes) > 0 {
		var ns []string
		for _, id := range d.Nodes {
			ns = append(ns, names(id))
		}
		row.Nodes = strings.Join(ns, ", ")
	}
	row.Window, row.Random = formatWindow(d.From, d.Until), d.Random
	if d.Random && row.Window.Length != "" {
		row.Window.Length = "a span of " + row.Window.Length
	}
	if d.Probability > 0 && d.Probability < 1 {
		row.Occurs = "in " + formatPercent(d.Probability) + " of replications (probability " + strconv.FormatFloat(d.Probability, 'g', -1, 64) + ")"
	}
	return row
}

// formatWindow describes [from, until): from 2025-11-01, last day
// 2025-11-30, 30 days (the last day inclusive when the window ends at
// midnight; times of day otherwise, in local time: the model's clock,
// which the results write as UTC).
func formatWindow(from, until time.Time) windowSpan {
	if from.IsZero() && until.IsZero() {
		return windowSpan{From: dash}
	}
	from, until = from.UTC(), until.UTC()
	midnight := func(t time.Time) bool {
		return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
	}
	days := until.Sub(from).Hours() / 24
	w := windowSpan{Length: strconv.FormatFloat(math.Round(days*100)/100, 'f', -1, 64) + " days"}
	if days == 1 {
		w.Length = "1 day"
	}
	if midnight(from) && midnight(until) {
		w.From = from.Format(time.DateOnly)
		if last := until.AddDate(0, 0, -1); last.After(from) {
			w.Last = last.Format(time.DateOnly)
		}
		return w
	}
	w.From, w.Last = from.Format("2006-01-02 15:04"), until.Format("2006-01-02 15:04")+" local time"
	return w
}

// nodeNames returns a function naming a node of the network (by its name
// in the embedded Panama network, or its ID).
func nodeNames(m *results.Manifest) func(string) string {
	var net *network.Network
	if embedded(m) {
		net = network.Panama()
	}
	return func(id string) string {
		if net != nil {
			if n := net.Node(id); n != nil && n.Name != "" {
				return n.Name
			}
		}
		return id
	}
}

// newHeader describes what ran.
func newHeader(m *results.Manifest, title string) header {
	h := header{
		Kind:        "canalsim results report",
		Title:       title,
		Name:        m.Scenario,
		Description: strings.Join(strings.Fields(m.Description), " "),
		Question:    scenarioQuestion(m.ScenarioText),
	}
	if h.Question != "" && h.Question == h.Description {
		h.Question = ""
	}
	h.Facts = append(h.Facts, pluralize(m.Replications, "paired replication")+fmt.Sprintf(" × %s from %s", pluralize(m.Days, "day"), m.Start))
	if m.WarmupDays > 0 {
		h.Facts = append(h.Facts, fmt.Sprintf("after %s of warm-up", pluralize(m.WarmupDays, "day")))
	}
	h.Facts = append(h.Facts, fmt.Sprintf("seed %d", m.Seed))
	if m.Network != "" || m.Demand != "" {
		h.Facts = append(h.Facts, fmt.Sprintf("network %s, demand %s", orDash(m.Network), orDash(m.Demand)))
	}
	h.Program = orDash(m.Program) + " " + orDash(m.Version)
	h.Generated = h.Program
	if !m.FinishedAt.IsZero() {
		h.Generated += " (finished " + m.FinishedAt.UTC().Format("2006-01-02 15:04 UTC") + ")"
	}
	return h
}

// scenarioQuestion returns the question a scenario file asks in its
// leading comment ("# What if Panama Ports Company closed Balboa and
// Cristóbal for 30 days?"): the sentence of its first paragraph that ends
// with a question mark, or "".
func scenarioQuestion(text string) string {
	var parts []string
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "#") {
			break
		}
		t = strings.TrimSpace(strings.TrimLeft(t, "#"))
		if t == "" {
			if len(parts) > 0 {
				break
			}
			continue
		}
		parts = append(parts, t)
	}
	para := strings.Join(parts, " ")
	end := strings.Index(para, "?")
	if end < 0 {
		return ""
	}
	q := para[:end+1]
	if i := strings.LastIndex(q, ". "); i >= 0 {
		q = q[i+2:]
	}
	return strings.TrimSpace(q)
}

// manifestFields lists the manifest's fields for the report, in the
// order of manifest.json.
func manifestFields(m *results.Manifest) []field {
	t := func(x time.Time) string {
		if x.IsZero() {
			return dash
		}
		return x.UTC().Format(time.RFC3339)
	}
	fs := []field{
		{Name: "program", Value: orDash(m.Program)},
		{Name: "version", Value: orDash(m.Version)},
		{Name: "go_version", Value: orDash(m.GoVersion)},
		{Name: "scenario", Value: orDash(m.Scenario)},
		{Name: "description", Value: orDash(m.Description)},
		{Name: "scenario_file", Value: orDash(m.ScenarioFile), Code: true},
		{Name: "scenario_sha256", Value: orDash(m.ScenarioSHA256), Code: true},
		{Name: "network", Value: orDash(m.Network)},
		{Name: "demand", Value: orDash(m.Demand)},
		{Name: "seed", Value: strconv.FormatUint(m.Seed, 10)},
		{Name: "replications", Value: strconv.Itoa(m.Replications)},
		{Name: "start", Value: orDash(m.Start)},
		{Name: "days", Value: strconv.Itoa(m.Days)},
		{Name: "warmup_days", Value: strconv.Itoa(m.WarmupDays)},
		{Name: "terminals", Value: orDash(strings.Join(m.Terminals, ", "))},
		{Name: "disruptions", Value: fmt.Sprintf("%d (see Disruptions)", len(m.Disruptions))},
		{Name: "args", Value: orDash(strings.Join(m.Args, " ")), Code: true},
		{Name: "workers", Value: strconv.Itoa(m.Workers)},
		{Name: "started_at", Value: t(m.StartedAt)},
		{Name: "finished_at", Value: t(m.FinishedAt)},
		{Name: "files", Value: orDash(strings.Join(m.Files, ", ")), Code: true},
	}
	return fs
}

// sweepPage is what the sweep report's template shows.
type sweepPage struct {
	header
	Contents     []tocEntry
	Parameter    string
	Points       []sweepRow
	Figures      []reportFigure
	Manifest     []field
	ScenarioText string
}

// sweepRow is a point of a sweep: its value, results and key numbers,
// each a mean with its 95% confidence interval.
type sweepRow struct {
	Value, Folder, Link            string
	LostTEU, LostTEUCI             string
	DivertedCalls, DivertedCallsCI string
	LostTransits, LostTransitsCI   string
}

func newSweepPage(s *results.Sweep) (*sweepPage, error) {
	m := s.Manifests[0]
	if m == nil {
		return nil, fmt.Errorf("plots: sweep report: %s has no manifest", s.Index.Points[0].Folder)
	}
	p := &sweepPage{
		header:       newHeader(m, fmt.Sprintf("%s: sweep of %s", s.Index.Scenario, s.Index.Parameter)),
		Parameter:    s.Index.Parameter,
		ScenarioText: m.ScenarioText,
	}
	p.Name = s.Index.Scenario
	p.Kind = "canalsim sweep report"
	p.Facts = append([]string{fmt.Sprintf("%s of %s", pluralize(len(s.Index.Points), "point"), s.Index.Parameter)}, p.Facts...)
	// Each column's numbers, with the decimals the most precise of them
	// warrants, so that they line up.
	type column struct {
		stats []*results.Stats
		dec   int
	}
	cols := make([]column, 3)
	for i, pt := range s.Index.Points {
		sum := s.Summaries[i]
		if sum == nil {
			return nil, fmt.Errorf("plots: sweep report: %s has no summary", pt.Folder)
		}
		var st [3]*results.Stats
		if c, ok := sum.Metrics[sim.MetricLostTEU]; ok {
			st[0] = &c.Difference
		}
		if c, ok := sum.Metrics[sim.MetricDivertedCalls]; ok {
			st[1] = &c.Difference
		}
		if rk, ok := sum.Risk[sim.RiskLostTransits]; ok {
			st[2] = &rk.Stats
		}
		for k := range cols {
			cols[k].stats = append(cols[k].stats, st[k])
			if st[k] != nil {
				cols[k].dec = max(cols[k].dec, statDecimals(*st[k]))
			}
		}
	}
	for i, pt := range s.Index.Points {
		row := sweepRow{Value: strconv.FormatFloat(pt.Value, 'g', -1, 64), Folder: pt.Folder, Link: path.Join(pt.Folder, "report.html")}
		cell := func(k int) (mean, ci string) {
			if st := cols[k].stats[i]; st != nil {
				mean, ci, _ = spreadWith(*st, cols[k].dec)
				return mean, ci
			}
			return dash, ""
		}
		row.LostTEU, row.LostTEUCI = cell(0)
		row.DivertedCalls, row.DivertedCallsCI = cell(1)
		row.LostTransits, row.LostTransitsCI = cell(2)
		p.Points = append(p.Points, row)
	}
	p.Manifest = []field{
		{Name: "scenario", Value: s.Index.Scenario},
		{Name: "parameter", Value: s.Index.Parameter, Code: true},
		{Name: "values", Value: sweepValues(s.Index.Points)},
		{Name: "scenario_file", Value: orDash(m.ScenarioFile), Code: true},
		{Name: "scenario_sha256", Value: orDash(m.ScenarioSHA256), Code: true},
		{Name: "program", Value: orDash(m.Program) + " " + orDash(m.Version)},
		{Name: "seed", Value: strconv.FormatUint(m.Seed, 10)},
		{Name: "replications", Value: strconv.Itoa(m.Replications)},
		{Name: "start, days, warmup_days", Value: fmt.Sprintf("%s, %d, %d", orDash(m.Start), m.Days, m.WarmupDays)},
		{Name: "args", Value: orDash(strings.Join(m.Args, " ")), Code: true},
	}
	var buf bytes.Buffer
	if err := SweepResponse(&buf, SVG, s); err != nil {
		return nil, fmt.Errorf("plots: sweep report: figure %s: %w", SweepFigure, err)
	}
	_, name := sweepAxis(s.Index.Parameter, s.Manifests[0].Disruptions)
	title := "Losses against " + name
	svg, err := inlineSVG(buf.Bytes(), title)
	if err != nil {
		return nil, fmt.Errorf("plots: sweep report: figure %s: %w", SweepFigure, err)
	}
	p.Figures = append(p.Figures, reportFigure{Number: 1, ID: "figure-" + SweepFigure, Title: title, SVG: svg,
		Caption: "Top: the TEU lost to Panama because of the disruptions; bottom: the calls moved to another terminal or by rail (or, where no point moved any, the transits lost); both the scenario against its baseline, replication by replication, at each value of " + s.Index.Parameter + ". Dots and lines: the mean across replications, with error bars across its 95% confidence interval; the lighter band runs from the 5th to the 95th percentile across replications."})
	p.Contents = []tocEntry{{ID: "points", Title: "Points"}}
	if len(p.Figures) > 0 {
		figs := tocEntry{ID: "figures", Title: "Figures"}
		for _, f := range p.Figures {
			figs.Sub = append(figs.Sub, tocEntry{ID: f.ID, Title: f.Title})
		}
		p.Contents = append(p.Contents, figs)
	}
	p.Contents = append(p.Contents,
		tocEntry{ID: "how-to-read", Title: "How to read this report"},
		tocEntry{ID: "manifest", Title: "Manifest"})
	return p, nil
}

func sweepValues(points []results.SweepPoint) string {
	var vs []string
	for _, p := range points {
		vs = append(vs, strconv.FormatFloat(p.Value, 'g', -1, 64))
	}
	return strings.Join(vs, ", ")
}

// Regular expressions over gonum/plot's SVG.
var (
	svgStart  = regexp.MustCompile(`<svg\b[^>]*>`)
	svgXMLNS  = regexp.MustCompile(`\s+xmlns(:xlink)?="[^"]*"`)
	svgLength = regexp.MustCompile(`\s(width|height)="([0-9.]+)(pt|px)?"`)
)

// inlineSVG prepares an SVG document for inlining in HTML: it drops the
// XML declaration, comments and doctype before the <svg> element and the
// namespace declarations (HTML's parser puts <svg> in the SVG namespace),
// makes sure it has a viewBox (so CSS can scale it to the column), and
// labels it for screen readers.
func inlineSVG(doc []byte, title string) (template.HTML, error) {
	loc := svgStart.FindIndex(doc)
	if loc == nil {
		return "", fmt.Errorf("no <svg> element in the figure")
	}
	open := string(doc[loc[0]:loc[1]])
	body := string(doc[loc[1]:])
	open = svgXMLNS.ReplaceAllString(open, "")
	if !strings.Contains(open, "viewBox") {
		var w, h string
		for _, m := range svgLength.FindAllStringSubmatch(open, -1) {
			if m[1] == "width" {
				w = m[2]
			} else {
				h = m[2]
			}
		}
		if w != "" && h != "" {
			open = strings.Replace(open, "<svg", fmt.Sprintf(`<svg viewBox="0 0 %s %s"`, w, h), 1)
		}
	}
	open = strings.Replace(open, "<svg", `<svg role="img" aria-label="`+template.HTMLEscapeString(title)+`"`, 1)
	return template.HTML(open + strings.TrimRight(body, " \t\r\n")), nil
}

// dash stands for a number that is missing or cannot be computed.
const dash = "—"

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return dash
	}
	return s
}

// pluralize is "1 day", "3 days".
func pluralize(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// compare formats a metric's comparison for the key numbers: the means
// of the baseline and the scenario, and the difference's mean, 95%
// confidence interval and P5 to P95, all with the decimals the
// difference's precision warrants, and at least those that show the
// means with three significant digits (at most 2).
func compare(c results.Comparison) (baseline, scenario, mean, ci, p5p95 string) {
	dec := max(statDecimals(c.Difference), levelDecimals(c.Baseline.Mean, c.Scenario.Mean))
	mean, ci, p5p95 = spreadWith(c.Difference, dec)
	return formatNumber(c.Baseline.Mean, dec), formatNumber(c.Scenario.Mean, dec), mean, ci, p5p95
}

// spread formats a statistic for the key numbers: its mean, its 95%
// confidence interval ("lo to hi") and its range from the 5th to the 95th
// percentile, all with the decimals its precision warrants.
func spread(s results.Stats) (mean, ci, p5p95 string) {
	return spreadWith(s, statDecimals(s))
}

// spreadWith is spread with dec decimals.
func spreadWith(s results.Stats, dec int) (mean, ci, p5p95 string) {
	mean = formatNumber(s.Mean, dec)
	ci = dash
	if s.CI95 != nil {
		ci = formatNumber(s.CI95[0], dec) + " to " + formatNumber(s.CI95[1], dec)
	}
	p5p95 = dash
	if s.N > 0 && !math.IsNaN(s.P5) && !math.IsNaN(s.P95) {
		p5p95 = formatNumber(s.P5, dec) + " to " + formatNumber(s.P95, dec)
	}
	return mean, ci, p5p95
}

// statDecimals is the number of decimals to show a statistic with: two
// significant digits of its confidence interval's half-width (its
// precision), or, without one, three of its largest value; from 0 to 2.
func statDecimals(s results.Stats) int {
	if s.CI95 != nil {
		half := (s.CI95[1] - s.CI95[0]) / 2
		if half > 0 && !math.IsNaN(half) && !math.IsInf(half, 0) {
			return clampDecimals(1 - int(math.Floor(math.Log10(half))))
		}
	}
	return levelDecimals(s.Mean, s.P5, s.P95)
}

// levelDecimals is the number of decimals that shows the largest of xs
// (by magnitude) with three significant digits, from 0 to 2: 0 for
// 7,334, 1 for 34.5, 2 for 0.67.
func levelDecimals(xs ...float64) int {
	big := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			big = math.Max(big, math.Abs(x))
		}
	}
	if big == 0 {
		return 0
	}
	return clampDecimals(2 - int(math.Floor(math.Log10(big))))
}

func clampDecimals(d int) int { return min(max(d, 0), 2) }

// formatNumber writes x with dec decimals, thousands separated by
// commas, and a minus sign (−) for negative numbers; NaN and infinities
// are a dash.
func formatNumber(x float64, dec int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return dash
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', dec, 64)
	neg := x < 0 && strings.Trim(s, "0.") != ""
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// formatExact writes x as given (the shortest decimal that reads back to
// it), with thousands separated: a threshold of 100000 is "100,000".
func formatExact(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	dec := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		dec = len(frac)
	}
	return formatNumber(x, dec)
}

// formatPercent writes a share as a percentage: "37%", "<1%" for a small
// share that is not zero, ">99%" for a large one that is not 1.
func formatPercent(p float64) string {
	switch {
	case math.IsNaN(p):
		return dash
	case p > 0 && p < 0.01:
		return "<1%"
	case p < 1 && p > 0.99:
		return ">99%"
	}
	return strconv.FormatFloat(100*p, 'f', 0, 64) + "%"
}

var reportTemplate = template.Must(template.Must(template.Must(template.New("report").Parse(reportHTML)).Parse(sensitivityHTML)).Parse(hindcastHTML))

// reportHTML is the report's template (report.html.tmpl): the page and
// its parts ("head", "figures", "manifest"...), which the other pages
// share.
//
//go:embed report.html.tmpl
var reportHTML string
