package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// This file writes the report's opening answer, a few short paragraphs
// generated from summary.json and manifest.json, and the key numbers of
// each disruption window. Every number of the answer is a value of
// summary.json, rounded; the dates are the windows' (also in
// summary.json). Numbers of the manifest (factors, probabilities) stay
// out of the answer: the disruptions table has them.

// metricLabel is a metric's name in summary.json and what the report
// calls it.
type metricLabel struct {
	name  sim.MetricName
	label string
}

// windowKey are the key metrics of the window tables.
var windowKey = []metricLabel{
	{sim.MetricTransits, "Canal transits"},
	{sim.MetricTEU, "TEU handled, all terminals"},
	{sim.MetricRailTEU, "TEU carried by rail"},
	{sim.MetricLostTEU, "TEU lost to Panama"},
	{sim.MetricDivertedCalls, "Calls moved to another terminal or rail"},
	{sim.MetricLostCalls, "Calls lost to Panama"},
	{sim.MetricDiverted, "Vessels that gave up on the canal"},
	{sim.MetricQueueMean, "Anchorage queue, end of day"},
	{sim.MetricUnbookedWait, "Wait of unbooked vessels"},
}

// noShare are the window metrics whose share of normal the tables leave
// out: their normal is about zero, so the share says nothing (it is in
// summary.json).
var noShare = map[sim.MetricName]bool{
	sim.MetricLostTEU: true, sim.MetricDivertedCalls: true, sim.MetricLostCalls: true, sim.MetricDiverted: true,
}

// windowTable is one disruption window's key numbers: during the window
// and in the recovery after it.
type windowTable struct {
	ID, Title, Span string
	Facts           []string
	Rows            []windowRow
}

// windowRow is a row of a window table (Group rows head a period).
type windowRow struct {
	Group                                string
	Period, Name, Label, Unit, TotalUnit string
	Baseline, Scenario, Difference, CI   string
	Share, ShareCI, Total, TotalCI       string
}

// sides returns the sides of the terminals, in order (Atlantic, Pacific,
// then others), each with its terminals in the manifest's order: from
// summary.json's terminal_sides, or, for a folder without, the embedded
// network's.
func sides(m *results.Manifest, s *results.Summary) (order []string, terminals map[string][]string) {
	side := s.TerminalSides
	if len(side) == 0 && embedded(m) {
		net := network.Panama()
		side = map[string]string{}
		for _, t := range m.Terminals {
			if n := net.Node(t); n != nil {
				side[t] = string(n.Side)
			}
		}
	}
	terminals = map[string][]string{}
	for _, t := range m.Terminals {
		if sd, ok := side[t]; ok {
			if terminals[sd] == nil {
				order = append(order, sd)
			}
			terminals[sd] = append(terminals[sd], t)
		}
	}
	rank := func(s string) int { return network.Side(s).Rank() }
	slices.SortStableFunc(order, func(a, b string) int { return rank(a) - rank(b) })
	return order, terminals
}

// title is s with its first letter in capitals.
func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// windowTables builds the key numbers of each window of the summary.
func windowTables(m *results.Manifest, s *results.Summary) []windowTable {
	long := nodeNames(m)
	names := func(id string) string {
		label, _ := shortName(long(id))
		return label
	}
	order, bySide := sides(m, s)
	var out []windowTable
	for _, w := range s.Windows {
		t := windowTable{ID: fmt.Sprintf("window-%d", w.Disruption), Title: windowName(w), Span: datesText(w.From, w.Until)}
		if w.Random {
			t.Span = "at random within " + t.Span
		}
		t.Facts = append(t.Facts, fmt.Sprintf("in %d of %d replications", w.Replications, s.Replications))
		switch {
		case w.Days.N > 0 && w.Days.P5 == w.Days.P95 && w.Days.Mean == math.Trunc(w.Days.Mean):
			t.Facts = append(t.Facts, pluralize(int(w.Days.Mean), "reported day"))
		case w.Days.N > 0:
			t.Facts = append(t.Facts, formatNumber(w.Days.Mean, levelDecimals(w.Days.Mean))+" reported days on average")
		}
		// The metrics, in order: transits, TEU, by side and terminal, the rest.
		keys := []metricLabel{windowKey[0], windowKey[1]}
		for _, sd := range order {
			keys = append(keys, metricLabel{sim.SideMetric(sd).Name, "TEU handled, " + title(sd) + " side"})
			for _, id := range bySide[sd] {
				keys = append(keys, metricLabel{sim.TerminalMetric(id).Name, "TEU handled, " + names(id)})
			}
		}
		for _, id := range m.Terminals {
			if !slices.ContainsFunc(keys, func(k metricLabel) bool { return k.name == sim.TerminalMetric(id).Name }) {
				keys = append(keys, metricLabel{sim.TerminalMetric(id).Name, "TEU handled, " + names(id)})
			}
		}
		keys = append(keys, windowKey[2:]...)
		rows := func(period string, cs map[sim.MetricName]results.WindowComparison) {
			for _, k := range keys {
				c, ok := cs[k.name]
				if !ok {
					continue
				}
				row := windowRow{Period: period, Name: string(k.name), Label: k.label, Unit: c.Unit, TotalUnit: c.TotalUnit}
				dec := levelDecimals(c.Baseline.Mean, c.Scenario.Mean)
				if ci := c.Difference.CI95; ci != nil && ci[1]-ci[0] > 1e-9*math.Max(1, math.Abs(c.Baseline.Mean)) {
					dec = max(dec, statDecimals(c.Difference))
				}
				row.Baseline, row.Scenario = formatNumber(c.Baseline.Mean, dec), formatNumber(c.Scenario.Mean, dec)
				row.Difference, row.CI, _ = spreadWith(c.Difference, dec)
				row.Total, row.TotalCI, _ = spread(c.DifferenceTotal)
				row.Share, row.ShareCI = dash, ""
				if !noShare[k.name] {
					row.Share = formatPercent(c.ShareOfNormal.Mean)
					if ci := c.ShareOfNormal.CI95; ci != nil {
						row.ShareCI = formatPercent(ci[0]) + " to " + formatPercent(ci[1])
					}
				}
				t.Rows = append(t.Rows, row)
			}
		}
		t.Rows = append(t.Rows, windowRow{Group: "During the window"})
		rows("during", w.During)
		rec := "Recovery after it: "
		if w.DaysToRecover.N > 0 {
			mean, ci, _ := spread(w.DaysToRecover)
			rec += mean + " days on average (" + ci + ")"
		} else {
			rec += "no value"
		}
		if w.NotRecovered > 0 {
			rec += fmt.Sprintf("; not back before the run ended in %d of %d replications", w.NotRecovered, w.Replications)
		}
		if c, ok := w.Recovery[sim.MetricTEU]; ok && c.Difference.N > 0 {
			rec += fmt.Sprintf("; over its days, in the %d of %d replications that took a day or more", c.Difference.N, w.Replications)
			t.Rows = append(t.Rows, windowRow{Group: rec})
			rows("recovery", w.Recovery)
		} else {
			t.Rows = append(t.Rows, windowRow{Group: rec})
		}
		out = append(out, t)
	}
	return out
}

// windowName names a window for a reader: its name, or its number.
func windowName(w results.WindowEffect) string {
	if w.Name != "" {
		return w.Name
	}
	return fmt.Sprintf("Disruption %d", w.Disruption)
}

// datesText writes [from, until) for a reader: "1 Nov to 30 Nov 2025"
// (the last day inclusive) for whole days, times otherwise, on the
// model's clock: the network's local time (Panama's, UTC-5), which the
// results write as UTC.
func datesText(from, until time.Time) string {
	from, until = from.UTC(), until.UTC()
	midnight := func(t time.Time) bool { return t.Equal(t.Truncate(24 * time.Hour)) }
	if !midnight(from) || !midnight(until) {
		return from.Format("2 Jan 2006 15:04") + " to " + until.Format("2 Jan 2006 15:04") + " local time"
	}
	last := until.AddDate(0, 0, -1)
	switch {
	case !last.After(from):
		return from.Format("2 Jan 2006")
	case last.Year() == from.Year():
		return from.Format("2 Jan") + " to " + last.Format("2 Jan 2006")
	}
	return from.Format("2 Jan 2006") + " to " + last.Format("2 Jan 2006")
}

// effectPhrases say what each effect does to its target.
var effectPhrases = map[sim.Effect]string{
	sim.Closure:            "closed",
	sim.CapacityFactor:     "with less capacity",
	sim.ProductivityFactor: "working slower",
	sim.Refusal:            "refusing calls",
	sim.Obstruction:        "obstructed",
	sim.LaneOutage:         "with a lock lane out of service",
	sim.RampUp:             "ramping up after a switchover",
	sim.SlotLimit:          "with fewer transit slots",
	sim.DraftLimit:         "with a lower draft limit",
	sim.InflowFactor:       "with less water flowing into the lake",
	sim.SpecialAuction:     "with special auctions of extra slots",
	sim.DemandShock:        "with demand changed",
}

// sigDecimals is the decimals that show x with three significant digits:
// negative to round to tens, hundreds and so on (22,158 rounds to
// 22,200), at most 2.
func sigDecimals(x float64) int {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return min(2-int(math.Floor(math.Log10(math.Abs(x)))), 2)
}

// formatRounded writes x rounded to dec decimals; a negative dec rounds
// to tens (-1), hundreds (-2) and so on.
func formatRounded(x float64, dec int) string {
	if dec >= 0 {
		return formatNumber(x, dec)
	}
	u := math.Pow(10, float64(-dec))
	return formatNumber(math.Round(x/u)*u, 0)
}

// figure writes a mean with its unit and its 95% interval: "22,200 TEU
// a day [95% CI 22,000 to 22,300]"; whole rounds to whole numbers at
// least (for counts of calls and vessels).
func figure(st results.Stats, unit string, whole bool) string {
	dec := sigDecimals(st.Mean)
	if st.CI95 != nil {
		// A mean near zero: round as its interval's width warrants.
		dec = min(dec, max(sigDecimals(st.CI95[1]-st.CI95[0]), sigDecimals(st.CI95[0]), sigDecimals(st.CI95[1])))
	}
	if whole {
		dec = min(dec, 0)
	}
	s := formatRounded(st.Mean, dec)
	if unit != "" {
		s += " " + unit
	}
	if st.CI95 != nil {
		s += " [95% CI " + formatRounded(st.CI95[0], dec) + " to " + formatRounded(st.CI95[1], dec) + "]"
	}
	return s
}

// count writes a mean count of things, rounded to a whole number, with
// its noun in the singular or plural as the number shown asks, and
// with its 95% interval if ci.
func count(st results.Stats, noun string, ci bool) string {
	dec := min(sigDecimals(st.Mean), 0)
	n := formatRounded(st.Mean, dec)
	if n != "1" {
		noun += "s"
	}
	s := n + " " + noun
	if ci && st.CI95 != nil {
		s += " [95% CI " + formatRounded(st.CI95[0], dec) + " to " + formatRounded(st.CI95[1], dec) + "]"
	}
	return s
}

// abs is st with its mean and interval negated when its mean is
// negative, for "1,060 less".
func abs(st results.Stats) results.Stats {
	if st.Mean >= 0 {
		return st
	}
	st.Mean = -st.Mean
	if st.CI95 != nil {
		st.CI95 = &[2]float64{-st.CI95[1], -st.CI95[0]}
	}
	return st
}

// shareText writes a share of normal with its interval: "83% of normal
// [82% to 84%]".
func shareText(st results.Stats) string {
	s := formatPercent(st.Mean) + " of normal"
	if st.CI95 != nil && formatPercent(st.CI95[0]) != formatPercent(st.CI95[1]) {
		s += " [" + formatPercent(st.CI95[0]) + " to " + formatPercent(st.CI95[1]) + "]"
	}
	return s
}

// changed reports whether a window metric moved enough to tell: its
// difference's interval excludes zero and its share of normal is off
// 100% by 5% or more.
func changed(c results.WindowComparison) bool {
	d := c.Difference
	if d.CI95 == nil || (d.CI95[0] <= 0 && d.CI95[1] >= 0) {
		return false
	}
	return math.IsNaN(c.ShareOfNormal.Mean) || math.Abs(c.ShareOfNormal.Mean-1) >= 0.05
}

// positive reports whether a total's interval lies above zero.
func positive(st results.Stats) bool {
	return st.N > 0 && st.Mean > 0 && (st.CI95 == nil || st.CI95[0] > 0)
}

// paragraph is a paragraph of the answer: a lead in bold, then text.
type paragraph struct{ Lead, Text string }

// answer writes the report's opening answer.
func answer(m *results.Manifest, s *results.Summary, sens *sim.SensitivityResult) []paragraph {
	if len(m.Disruptions) == 0 {
		return []paragraph{{"The scenario", "has no disruptions: it is its baseline, and every difference below is zero."}}
	}
	names := nodeNames(m)
	short := func(id string) string {
		label, _ := shortName(names(id))
		return label
	}

	// What the scenario does, and each window's effect where it happens;
	// a long timeline (drought-2023's 27 windows) is told by effect, and
	// its windows' own figures are left to their tables.
	var what []string
	many := len(m.Disruptions) > maxAnswerWindows
	if many {
		what = append(what, timelineText(m.Disruptions))
	} else {
		what = windowSentences(m, s, short)
	}
	if overlap(s.Windows) {
		what = append(what, "The windows overlap (or may): each window's figures hold the effects of every disruption acting on its days.")
	}
	paras := []paragraph{{"The scenario.", strings.Join(what, " ")}}
	if !many {
		order, bySide := sides(m, s)
		for _, w := range s.Windows {
			if w.Replications == 0 {
				paras = append(paras, paragraph{"", windowName(w) + " fell on no reported day in any replication."})
				continue
			}
			paras = append(paras, windowAnswer(m, w, order, bySide, short)...)
		}
	}

	// The whole run, for comparison.
	if c, ok := s.Metrics[sim.MetricTEU]; ok && c.Difference.N > 0 {
		dir := "more"
		if c.Difference.Mean < 0 {
			dir = "less"
		}
		p := fmt.Sprintf("Panama's terminals handled %s over the %d reported days",
			figure(abs(c.Difference), "TEU a day "+dir+" than normal", false), s.Days)
		if len(m.Disruptions) == 1 {
			p += ": the window's effect spread over days without it"
		}
		if rk, ok := s.Risk[sim.RiskLostTEU]; ok && positive(rk.Stats) {
			p += fmt.Sprintf("; %s were lost in all", figure(rk.Stats, "TEU", false))
		}
		if t, ok := s.Metrics[sim.MetricTransits]; ok && t.Difference.CI95 != nil && (t.Difference.CI95[0] > 0 || t.Difference.CI95[1] < 0) {
			dir := "more"
			if t.Difference.Mean < 0 {
				dir = "fewer"
			}
			p += fmt.Sprintf("; the canal passed %s", figure(abs(t.Difference), "transits a day "+dir+" than normal", false))
			if rk, ok := s.Risk[sim.RiskLostTransits]; ok && positive(rk.Stats) {
				p += fmt.Sprintf(" (%s in all)", count(rk.Stats, "transit", true))
			}
		}
		if d, ok := s.Metrics[sim.MetricDiverted]; ok && positive(d.Difference) {
			p += fmt.Sprintf("; %s more than normal gave up on the canal", count(d.Difference, "vessel", true))
		}
		paras = append(paras, paragraph{"Over the whole run.", p + "."})
	}
	if p, ok := costsAnswer(s); ok {
		paras = append(paras, p)
	}
	return append(paras, restsOn(m, s, sens))
}

// windowSentences says what each disruption of the scenario does: its
// target, its effect and its dates, and in how many replications it
// happened when it may not.
func windowSentences(m *results.Manifest, s *results.Summary, short func(string) string) []string {
	var what []string
	for i, d := range m.Disruptions {
		name := d.Name
		if name == "" {
			name = fmt.Sprintf("Disruption %d", i+1)
		}
		target := "the canal"
		if len(d.Nodes) > 0 {
			var ns []string
			for _, id := range d.Nodes {
				ns = append(ns, short(id))
			}
			target = joinAnd(ns)
		}
		phrase := effectPhrases[d.Effect]
		if phrase == "" {
			phrase = "under " + string(d.Effect)
		}
		when := "from " + datesText(d.From, d.Until)
		if d.Random {
			when = "at a random time within " + datesText(d.From, d.Until)
		}
		sentence := fmt.Sprintf("%s: %s %s %s.", name, target, phrase, when)
		if i < len(s.Windows) && s.Windows[i].Replications < s.Replications {
			sentence += fmt.Sprintf(" It happened in %d of %d replications: its figures are over those, each over its own days.", s.Windows[i].Replications, s.Replications)
		}
		what = append(what, sentence)
	}
	return what
}

// maxAnswerWindows is the most disruption windows the answer describes one
// by one; a longer timeline is told by effect.
const maxAnswerWindows = 6

// timelineText tells a long timeline of windows by effect, in the order
// effects first appear: how many windows of each, over which span.
func timelineText(ws []sim.Window) string {
	type group struct {
		n           int
		from, until time.Time
	}
	var order []sim.Effect
	groups := map[sim.Effect]*group{}
	for _, w := range ws {
		g := groups[w.Effect]
		if g == nil {
			g = &group{from: w.From, until: w.Until}
			groups[w.Effect] = g
			order = append(order, w.Effect)
		}
		g.n++
		if w.From.Before(g.from) {
			g.from = w.From
		}
		if w.Until.After(g.until) {
			g.until = w.Until
		}
	}
	var parts []string
	for _, e := range order {
		g := groups[e]
		what := effectPlural(e)
		if g.n == 1 {
			what = strings.ReplaceAll(string(e), "_", " ")
		}
		parts = append(parts, fmt.Sprintf("%d %s (%s)", g.n, what, datesText(g.from, g.until)))
	}
	return fmt.Sprintf("%d disruption windows: %s. Each window's own figures are in its table under Key numbers, and the figures below show them day by day.",
		len(ws), joinAnd(parts))
}

// costsAnswer is the sentence on money: of the terminal and railway
// operators, the one that loses most and the one that gains most, then
// the canal and the shipowners, each with its cost over the whole run
// and its 95% interval (summary.json's costs).
func costsAnswer(s *results.Summary) (paragraph, bool) {
	c := s.Costs
	if c == nil || len(c.Payers) == 0 {
		return paragraph{}, false
	}
	say := func(p results.PayerCost, name, what string) string {
		st := p.CostUSD
		verb := "loses"
		if st.Mean < 0 {
			verb = "gains"
		}
		if p.Kind == sim.PayerShipowners {
			verb = strings.TrimSuffix(verb, "s")
		}
		if st.CI95 != nil && st.CI95[0] <= 0 && st.CI95[1] >= 0 {
			owner := name + "'s"
			if strings.HasSuffix(name, "s") {
				owner = name + "'"
			}
			if st.Mean == 0 && st.CI95[0] == 0 && st.CI95[1] == 0 {
				return fmt.Sprintf("%s cost%s is unchanged", owner, what)
			}
			return fmt.Sprintf("%s cost%s is not told apart from zero (US$%s)", owner, what, figure(st, "", false))
		}
		return fmt.Sprintf("%s %s US$%s%s", name, verb, figure(abs(st), "", false), what)
	}
	var loser, gainer *results.PayerCost
	for i, p := range c.Payers {
		if p.Kind != sim.PayerTerminalOperator && p.Kind != sim.PayerRailway {
			continue
		}
		if p.CostUSD.Mean > 0 && (loser == nil || p.CostUSD.Mean > loser.CostUSD.Mean) {
			loser = &c.Payers[i]
		}
		if p.CostUSD.Mean < 0 && (gainer == nil || p.CostUSD.Mean < gainer.CostUSD.Mean) {
			gainer = &c.Payers[i]
		}
	}
	role := map[string]string{sim.PayerTerminalOperator: " in handling revenue", sim.PayerRailway: " in rail revenue"}
	var parts []string
	if loser != nil {
		parts = append(parts, say(*loser, loser.Name, role[loser.Kind]+", the most"))
	}
	if gainer != nil {
		parts = append(parts, say(*gainer, gainer.Name, role[gainer.Kind]+", the most"))
	}
	for _, p := range c.Payers {
		switch p.Kind {
		case sim.PayerCanal:
			parts = append(parts, say(p, "the canal", " in tolls"))
		case sim.PayerShipowners:
			parts = append(parts, say(p, "shipowners", " in ships' time and fuel"))
		}
	}
	return paragraph{"Who pays.", "Over the whole run, " + strings.Join(parts, "; ") + ". The costs section below has every payer, item and rate."}, true
}

// windowAnswer is one window's paragraphs: Panama's TEU and the canal's
// transits, each side's terminals; then what moved, what was lost,
// queues and the recovery.
func windowAnswer(m *results.Manifest, w results.WindowEffect, order []string, bySide map[string][]string, short func(string) string) []paragraph {
	span := datesText(w.From, w.Until)
	closure := len(m.Disruptions) == 1 && m.Disruptions[0].Effect == sim.Closure
	var intro string
	switch whole := w.Days.N > 0 && w.Days.Mean == math.Trunc(w.Days.Mean) && w.Days.P5 == w.Days.P95; {
	case w.Random:
		intro = fmt.Sprintf("During “%s” (each replication's own window, within %s)", windowName(w), span)
	case closure && whole:
		intro = fmt.Sprintf("During the %s-day closure (%s)", formatNumber(w.Days.Mean, 0), span)
	case closure:
		intro = fmt.Sprintf("During the closure (%s)", span)
	case whole:
		intro = fmt.Sprintf("During the %s days of “%s” (%s)", formatNumber(w.Days.Mean, 0), windowName(w), span)
	default:
		intro = fmt.Sprintf("During “%s” (%s)", windowName(w), span)
	}

	var out []string
	teu, transits := w.During[sim.MetricTEU], w.During[sim.MetricTransits]
	first := intro + fmt.Sprintf(", Panama's terminals handled %s, %s", figure(teu.Scenario, "TEU a day", false), shareText(teu.ShareOfNormal))
	if changed(transits) {
		verb := "fell"
		if transits.Difference.Mean > 0 {
			verb = "rose"
		}
		first += fmt.Sprintf("; canal transits %s to %s, %s.", verb, figure(transits.Scenario, "a day", false), shareText(transits.ShareOfNormal))
	} else {
		first += fmt.Sprintf("; canal transits were unchanged (%s a day).", formatRounded(transits.Scenario.Mean, sigDecimals(transits.Scenario.Mean)))
	}
	out = append(out, first)

	// Each side, the hardest hit first.
	type sideFig struct {
		name string
		c    results.WindowComparison
	}
	var sf []sideFig
	for _, sd := range order {
		if c, ok := w.During[sim.SideMetric(sd).Name]; ok {
			sf = append(sf, sideFig{sd, c})
		}
	}
	slices.SortStableFunc(sf, func(a, b sideFig) int {
		switch {
		case a.c.ShareOfNormal.Mean < b.c.ShareOfNormal.Mean:
			return -1
		case a.c.ShareOfNormal.Mean > b.c.ShareOfNormal.Mean:
			return 1
		}
		return 0
	})
	for _, f := range sf {
		var ts []string
		for _, id := range bySide[f.name] {
			ts = append(ts, short(id))
		}
		out = append(out, fmt.Sprintf("%s terminals (%s): %s, %s.", title(f.name), joinAnd(ts), figure(f.c.Scenario, "TEU a day", false), shareText(f.c.ShareOfNormal)))
	}
	paras := []paragraph{{"", strings.Join(out, " ")}}

	// Where the boxes went.
	out = nil
	var gains []string
	for _, id := range bySideOrder(order, bySide, m.Terminals) {
		c, ok := w.During[sim.TerminalMetric(id).Name]
		if !ok || !positive(c.Difference) || !changed(c) {
			continue
		}
		more, share := formatRounded(c.Difference.Mean, sigDecimals(c.Difference.Mean)), formatPercent(c.ShareOfNormal.Mean)
		if len(gains) == 0 {
			gains = append(gains, fmt.Sprintf("%s handled %s TEU a day more (%s of normal)", short(id), more, share))
		} else {
			gains = append(gains, fmt.Sprintf("%s %s more (%s)", short(id), more, share))
		}
	}
	if len(gains) > 0 {
		out = append(out, joinAnd(gains)+".")
	}
	if c, ok := w.During[sim.MetricRailTEU]; ok && positive(c.Difference) {
		out = append(out, fmt.Sprintf("The railway carried %s more than normal.", figure(c.Difference, "TEU a day", false)))
	}
	if c, ok := w.During[sim.MetricDivertedCalls]; ok && positive(c.DifferenceTotal) && c.DifferenceTotal.Mean >= 0.5 {
		// A count that rounds to no call is not worth a sentence.
		out = append(out, fmt.Sprintf("In all, %s more than normal went to another terminal or by rail.", count(c.DifferenceTotal, "call", true)))
	}
	if c, ok := w.During[sim.MetricLostTEU]; ok {
		if positive(c.DifferenceTotal) {
			lost := fmt.Sprintf("Lost to Panama: %s over the window (%s a day)", figure(c.DifferenceTotal, "TEU", false), formatRounded(c.Difference.Mean, sigDecimals(c.Difference.Mean)))
			if lc, ok := w.During[sim.MetricLostCalls]; ok && positive(lc.DifferenceTotal) {
				lost += ", the boxes of " + count(lc.DifferenceTotal, "call", false)
			}
			out = append(out, lost+".")
		} else {
			out = append(out, "No more TEU than normal were lost to Panama.")
		}
	}
	var waits []string
	if c, ok := w.During[sim.MetricQueueMean]; ok && changed(c) {
		waits = append(waits, fmt.Sprintf("the anchorage queue averaged %s, %s", figure(c.Scenario, "vessels", false), shareText(c.ShareOfNormal)))
	}
	if c, ok := w.During[sim.MetricUnbookedWait]; ok && changed(c) {
		// The wait is counted when a vessel starts its transit: in a
		// window that holds vessels back, those that started are the
		// few let through, and the others' waits count after it.
		s := fmt.Sprintf("unbooked vessels that started their transit in it had waited %s, %s", figure(c.Scenario, "days", false), shareText(c.ShareOfNormal))
		if q, ok := w.During[sim.MetricQueueMean]; ok && c.ShareOfNormal.Mean < 1 && q.ShareOfNormal.Mean > 1 {
			s += " (the vessels it held back count when they start, after it)"
		}
		waits = append(waits, s)
	}
	if c, ok := w.During[sim.MetricDiverted]; ok && positive(c.DifferenceTotal) && changed(c) {
		waits = append(waits, count(c.DifferenceTotal, "vessel", true)+" more than normal gave up on the canal")
	}
	if len(waits) > 0 {
		out = append(out, title(strings.Join(waits, "; "))+".")
	} else {
		out = append(out, "Anchorage queues and waits were about as normal.")
	}
	if st := w.DaysToRecover; st.N > 0 {
		switch {
		case st.Mean == 0 && st.P95 == 0:
			out = append(out, "Transits and TEU were back to normal as soon as it ended.")
		case st.P95 <= 1 && st.Mean < 1:
			out = append(out, fmt.Sprintf("Transits and TEU were back to normal within a day of its end (%s).", figure(st, "days on average", false)))
		default:
			out = append(out, fmt.Sprintf("Transits and TEU were back to normal %s after it ended.", figure(st, "days on average", false)))
		}
	}
	switch {
	case w.NotRecovered > 0 && w.DaysToRecover.N == 0 && tooLate(m, w):
		// No replication had the days after the window that recovery
		// is measured over.
		out = append(out, fmt.Sprintf("The run ends too soon after it to tell when they were back to normal (that takes %d days of traffic after it).", sim.RecoveryDays))
	case w.NotRecovered > 0 && w.DaysToRecover.N == 0:
		out = append(out, "They were not back to normal before the run ended in any replication.")
	case w.NotRecovered > 0:
		out = append(out, fmt.Sprintf("In %d of %d replications they were not back before the run ended.", w.NotRecovered, w.Replications))
	}
	return append(paras, paragraph{"Where the boxes went.", strings.Join(out, " ")})
}

// tooLate reports whether the run ends within RecoveryDays of the end of
// window w (of its span, for a random window), so that no recovery can be
// told.
func tooLate(m *results.Manifest, w results.WindowEffect) bool {
	start, err := time.Parse(time.DateOnly, m.Start)
	if err != nil {
		return false
	}
	end := start.AddDate(0, 0, m.Days)
	return !w.Until.AddDate(0, 0, sim.RecoveryDays).Before(end.Add(time.Nanosecond))
}

// overlap reports whether any two windows' spans share a moment (for
// random windows, the spans they may fall in).
func overlap(ws []results.WindowEffect) bool {
	for i := range ws {
		for j := range i {
			if ws[i].From.Before(ws[j].Until) && ws[j].From.Before(ws[i].Until) {
				return true
			}
		}
	}
	return false
}

// bySideOrder lists the terminals side by side, then any without a side.
func bySideOrder(order []string, bySide map[string][]string, terminals []string) []string {
	var out []string
	for _, sd := range order {
		out = append(out, bySide[sd]...)
	}
	for _, t := range terminals {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// sensitivityRanking names the assumptions a sensitivity analysis finds
// drive its first metric most (at most three, those explaining at least
// 1% of its variance), in words: the figures are in its own report, not
// in summary.json.
func sensitivityRanking(r *sim.SensitivityResult) string {
	order := SensitivityOrder(r)
	var top []string
	sm := r.Metrics[0]
	for _, i := range order {
		if len(top) == 3 {
			break
		}
		v := 0.0
		if r.Method == sim.Sobol && i < len(sm.Total) {
			v = sm.Total[i].Value
		} else if i < len(sm.MuStar) && sm.Variance > 0 {
			v = sm.MuStar[i] * sm.MuStar[i] / sm.Variance
		}
		if v >= 0.01 {
			top = append(top, r.Params[i].Path)
		}
	}
	if len(top) == 0 {
		return "The sensitivity analysis beside these results finds that no single assumption drives " + string(sm.Metric) + "."
	}
	method := "Sobol' indices"
	if r.Method == sim.Morris {
		method = "Morris screening"
	}
	return "The sensitivity analysis beside these results (" + method + ") finds that " + joinAnd(top) + " drive " + string(sm.Metric) + " most, in that order."
}

// restsOn writes what the answer rests on: how much of the spread the
// declared assumptions explain (summary.json's split) and which of them
// have no published source (manifest.json).
func restsOn(m *results.Manifest, s *results.Summary, sens *sim.SensitivityResult) paragraph {
	const lead = "What it rests on."
	if len(m.Assumptions) == 0 {
		return paragraph{lead, "The scenario declares no uncertain assumptions: the intervals cover only the randomness of traffic, with the model's assumptions (below) held fixed."}
	}
	var parts []string
	for _, k := range []metricLabel{
		{sim.MetricLostTEU, "TEU lost"},
		{sim.MetricTEU, "TEU a day"},
		{sim.MetricDivertedCalls, "calls moved"},
	} {
		c, ok := s.Metrics[k.name]
		if !ok || c.Split == nil || !(c.Split.SD > 0) {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s for %s", formatPercent(c.Split.Assumptions), k.label))
	}
	p := "Each replication drew its own values of the scenario's uncertain assumptions, so the intervals include them."
	if len(parts) > 0 {
		p += " Of the spread across replications over the whole run, they explain " + joinAnd(parts) + "; the rest is the randomness of traffic."
	}
	var unsourced []string
	for _, a := range m.Assumptions {
		if !a.Sourced {
			unsourced = append(unsourced, a.Path)
		}
	}
	if sens != nil {
		p += " " + sensitivityRanking(sens)
	}
	switch {
	case len(unsourced) == len(m.Assumptions):
		p += " None of them has a published source."
	case len(unsourced) > 0:
		p += " These have no published source and rest on judgement: " + joinAnd(unsourced) + "; the others have one."
	default:
		p += " Each has a published source."
	}
	return paragraph{lead, p + " The disruptions' effects also rest on the model's assumptions below, the call diversion rule first: a call goes to a terminal on its side with room, else by rail, else is lost."}
}
