package sim

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/internal/inputtest"
	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

func dateOf(t time.Time) time.Time { return t }

// TestDemandChanges runs the embedded demand across 2026-03-10, when COSCO
// and OOCL stopped calling at Balboa: before it their calls are worked at
// Balboa, after it at PSA Panama, in the baseline itself (a change of the
// demand, not a disruption); other carriers still call at Balboa.
func TestDemandChanges(t *testing.T) {
	move := day(2026, 3, 10)
	sc := &Scenario{Name: "t", Start: day(2026, 2, 10), Days: 60, WarmupDays: 7, Seed: 4, Replications: 1}
	m, calls := runCalls(t, sc, 0, false)
	count := map[string]int{}
	for _, c := range calls {
		when := "before"
		if !m.clock.Date(c.start).Before(move.Add(2 * 24 * time.Hour)) {
			when = "after" // a vessel that arrived before the move keeps its call
		} else if !m.clock.Date(c.start).Before(move) {
			continue
		}
		who := "other"
		if c.carrier == "cosco" || c.carrier == "oocl" {
			who = "chinese"
		}
		count[who+" at "+c.node+" "+when]++
	}
	t.Logf("%v", count)
	if count["chinese at balboa before"] == 0 || count["chinese at balboa after"] != 0 || count["chinese at psa after"] == 0 {
		t.Errorf("COSCO and OOCL calls: %d at Balboa before 2026-03-10, %d at Balboa and %d at PSA after", count["chinese at balboa before"], count["chinese at balboa after"], count["chinese at psa after"])
	}
	if count["other at balboa after"] < count["other at balboa before"]/2 {
		t.Errorf("other carriers' calls at Balboa: %d before, %d after; they should go on", count["other at balboa before"], count["other at balboa after"])
	}
}

// TestDemandChangeFactors: a factor of 0 stops a stream's arrivals from
// its date; a factor of 2 doubles them; the disrupted variant of a run
// without disruptions sees the same vessels as the baseline.
func TestDemandChangeFactors(t *testing.T) {
	dem := *PanamaDemand()
	zero, two := 0.0, 2.0
	from := day(2025, 11, 1)
	dem.Changes = []Change{
		{From: dateOf(from), Streams: []string{"mit-calls"}, Factor: &zero},
		{From: dateOf(from), Streams: []string{"psa-calls"}, Factor: &two},
	}
	sc := &Scenario{Name: "t", Demand: &dem, Start: day(2025, 10, 1), Days: 90, WarmupDays: 7, Seed: 5, Replications: 1}
	arrivals := func(disrupted bool) map[string][2]float64 {
		p, err := newPlan(sc)
		if err != nil {
			t.Fatal(err)
		}
		m := newModel(p, 0, disrupted)
		n := map[string][2]float64{}
		at := kernel.Time(sc.WarmupDays+31) * kernel.Day
		m.onArrival = func(v *vessel) {
			x := n[m.streams[v.stream].spec.Name]
			if m.sim.Now() < at {
				x[0] += 1.0 / float64(sc.WarmupDays+31)
			} else {
				x[1] += 1.0 / float64(sc.Days-31)
			}
			n[m.streams[v.stream].spec.Name] = x
		}
		if err := m.run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return n
	}
	n := arrivals(false)
	if again := arrivals(true); !maps.Equal(n, again) {
		t.Errorf("the variants of a run without disruptions differ:\n%v\n%v", n, again)
	}
	t.Logf("arrivals a day before and after: mit-calls %.2f, psa-calls %.2f (2.4 a day in the file)", n["mit-calls"], n["psa-calls"])
	if x := n["mit-calls"]; x[0] < 3 || x[1] != 0 {
		t.Errorf("mit-calls: %.2f arrivals a day before and after a factor of 0", x)
	}
	if x := n["psa-calls"]; math.Abs(x[0]-2.4) > 0.6 || math.Abs(x[1]-4.8) > 0.8 {
		t.Errorf("psa-calls: %.2f arrivals a day before and after a factor of 2; want about 2.4 and 4.8", x)
	}
}

// TestDemandChangeErrors: every problem of a change is reported at its
// position.
func TestDemandChangeErrors(t *testing.T) {
	head := `name: d
classes:
  - {id: c, lock_type: panamax, length_m: 200, beam_m: 30, draft_m: 10}
streams:
  - {name: calls, class: c, segment: container, carrier: maersk, from: pacific-anchorage, to: pacific-anchorage, per_day: 1, calls: [{terminal: balboa, teu: 100}]}
changes:
`
	tests := []struct{ name, in, want string }{
		{"unknown carrier", "  - {from: 2026-03-10, carriers: [maersc], move: {from: balboa, to: psa}}\n",
			`d.yaml:7:35: changes[0]: no stream has carrier "maersc"; did you mean "maersk"?`},
		{"unknown stream and terminal", "  - {from: 2026-03-10, streams: [cals], factor: 0.5}\n  - {from: 2026-03-10, move: {from: balboa, to: psb}}\n",
			`d.yaml:7:34: changes[0]: unknown stream "cals"; did you mean "calls"?` + "\n" +
				`d.yaml:8:49: changes[1].move: unknown terminal "psb"; did you mean "psa"?`},
		{"no effect, bad dates", "  - {from: 2026-03-10, until: 2026-03-01}\n",
			"d.yaml:7:12: changes[0]: give a factor, a move or both\n" +
				"d.yaml:7:31: changes[0]: until 2026-03-01 must be after from 2026-03-10"},
		{"factor out of range", "  - {from: 2026-03-10, segments: [tanker], factor: -1}\n",
			"d.yaml:7:52: changes[0]: factor must be from 0 to 10, got -1"},
		{"nothing selected", "  - {from: 2026-03-10, segments: [tanker], factor: 0.5}\n",
			"d.yaml:7:12: changes[0]: selects no stream"},
		{"move from a terminal not called at", "  - {from: 2026-03-10, move: {from: cct, to: mit}}\n",
			"d.yaml:7:37: changes[0].move: no stream it selects calls at cct"},
		{"unknown key", "  - {from: 2026-03-10, factr: 2}\n",
			`d.yaml:7:24: unknown key "factr" in changes[0]; did you mean "factor"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDemand("d.yaml", []byte(head+tt.in))
			if err == nil {
				err = d.Check(network.Panama())
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("got\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
	if !strings.Contains(string(PanamaDemandSource()), "changes:") {
		t.Error("the embedded demand carries no dated changes")
	}
}

// TestDemandBounds: a per_day or a call's TEU far beyond any waterway's
// is an error at its position, and so are streams that add up past
// MaxPerDay; within them, a scenario whose factors could bring more than
// MaxVessels vessels in a replication is refused before it runs.
func TestDemandBounds(t *testing.T) {
	in := `name: d
classes:
  - {id: c, lock_type: panamax, length_m: 200, beam_m: 30, draft_m: 10}
streams:
  - {name: calls, class: c, segment: container, carrier: maersk, from: pacific-anchorage, to: pacific-anchorage, per_day: 1e308, calls: [{terminal: balboa, teu: 1e12}]}
  - {name: a, class: c, segment: tanker, from: pacific-anchorage, to: atlantic-anchorage, per_day: 600}
  - {name: b, class: c, segment: tanker, from: atlantic-anchorage, to: pacific-anchorage, per_day: 600}
`
	want := "d.yaml:5:123: stream \"calls\": per_day must be from 0 to 1000 vessels a day, got 1e+308\n" +
		"d.yaml:5:162: stream \"calls\": teu must be from 0 to 50000 (a call's boxes, off and on), got 1e+12\n" +
		"d.yaml:7:100: stream \"b\": the streams' per_day add up to 1200 vessels a day with this one; at most 1000 in all"
	d, err := ParseDemand("d.yaml", []byte(in))
	if err == nil {
		err = d.Check(network.Panama())
	}
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}

	// 700 a day, within the bounds, with a tenfold demand shock for a
	// year: 7,000 a day at the busiest, 2.65 million in 379 days.
	d, err = ParseDemand("d.yaml", []byte(strings.Replace(in, "per_day: 1e308, calls: [{terminal: balboa, teu: 1e12}]", "per_day: 100, calls: [{terminal: balboa, teu: 1000}]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	d.Streams = d.Streams[:2] // 100 + 600 a day
	sc := &Scenario{Name: "surge", Demand: d, Start: day(2025, 10, 1), Days: 365, WarmupDays: 14, Seed: 1, Replications: 1,
		Disruptions: []Disruption{{Effect: DemandShock, Factor: 10, From: day(2025, 10, 1), Until: day(2026, 10, 1)}}}
	err = sc.Validate()
	if input.AsErrors(err) == nil || !strings.Contains(err.Error(), "d: its streams with the seasons, dated changes and demand shocks of scenario surge could bring 7e+03 vessels a day at their busiest, 2.65e+06 in a replication of 379 days; at most 2000000") {
		t.Errorf("a demand that could bring millions of vessels: %v", err)
	}
	sc.Disruptions[0].Factor = 2
	if err := sc.Validate(); err != nil {
		t.Errorf("1,400 a day at the busiest: %v", err)
	}
}

// FuzzParseDemand: reading and checking a demand file never panics, and
// every error has a position.
func FuzzParseDemand(f *testing.F) {
	f.Add(PanamaDemandSource())
	head := "name: d\nclasses:\n  - {id: c, lock_type: panamax, length_m: 200, beam_m: 30, draft_m: 10}\nstreams:\n" +
		"  - {name: s, class: c, segment: container, carriers: {maersk: 0.5, cosco: 0.5}, flags: {us: 0.1}, from: pacific-anchorage, to: pacific-anchorage, per_day: 1, calls: [{terminal: balboa, teu: 100}]}\n"
	f.Add([]byte(head))
	for _, c := range []string{
		"{from: 2026-03-10, carriers: [cosco], move: {from: balboa, to: psa}}",
		"{from: 2024-01-01, until: 2025-01-01, transits: false, terminals: [balboa], factor: 0.9}",
		"{from: 2024-01-01, streams: [s], segments: [container], factor: 0, move: {from: balboa, to: cristobal}}",
		"{from: 2024-01-01}",
	} {
		f.Add([]byte(head + "changes:\n  - " + c + "\n"))
	}
	f.Add([]byte(head + "diversion_by_cost: true\nseasons:\n  - {segments: [container], monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n  - {monthly: [2, 0]}\n"))
	net := network.Panama()
	f.Fuzz(func(t *testing.T, data []byte) {
		var err error
		inputtest.Bounded(t, len(data), func() {
			var d *Demand
			if d, err = ParseDemand("f.yaml", data); err == nil {
				err = d.Check(net)
			}
		})
		if err == nil {
			return
		}
		l := input.AsErrors(err)
		if l == nil {
			t.Fatalf("error without position: %v", err)
		}
		for _, e := range l {
			if e.Pos.File == "" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("bad position in %q", e.Error())
			}
		}
	})
}

// TestSeasons: a stream of 10 arrivals a day whose segment follows the
// cruise season (October to May at 365/243 of the year's rate, none June
// to September) brings, over two years, none in June to September and
// 10 x 365/243 = 15.02 a day in the other months (within 5 standard
// deviations of a Poisson count); a season that does not average 1 over
// the year, or names a segment twice, is refused.
func TestSeasons(t *testing.T) {
	in, out := 365.0/243, 0.0
	cruise := []float64{in, in, in, in, in, out, out, out, out, in, in, in}
	net, dem := oneLock(t)
	dem.Streams = []Stream{{Name: "cruise", Class: "ship", Segment: "passenger", From: "west", To: "east", PerDay: 10}}
	dem.Seasons = []Season{{Segments: []string{"passenger"}, Monthly: cruise}}
	m := planModel(t, &Scenario{Name: "seasons", Network: net, Demand: dem, Start: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Days: 730, Seed: 1, Replications: 1})
	if err := m.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	var arrivals, days [13]float64
	for _, d := range m.days {
		arrivals[d.Date.Month()] += float64(d.Arrivals)
		days[d.Date.Month()]++
	}
	for mo := time.January; mo <= time.December; mo++ {
		want := 10 * cruise[mo-1] * days[mo]
		if got := arrivals[mo]; math.Abs(got-want) > 5*math.Sqrt(want)+1e-9 {
			t.Errorf("%s: %.0f arrivals, want %.0f ± %.0f", mo, got, want, 5*math.Sqrt(want))
		}
	}

	for _, c := range []struct {
		seasons []Season
		want    string
	}{
		{[]Season{{Monthly: []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2}}}, "seasons[0]: the monthly factors must average 1 over the days of the year (so the year's arrivals are kept), got 1.0170"},
		{[]Season{{Segments: []string{"lng"}, Monthly: cruise}, {Segments: []string{"lng", "lpx"}, Monthly: cruise}}, `seasons[1]: segment lng is in two seasons`},
		{[]Season{{Segments: []string{"lpx"}, Monthly: cruise}}, `seasons[0]: unknown segment "lpx"; did you mean "lpg"?`},
		{[]Season{{Monthly: []float64{1}}}, "seasons[0]: monthly must have 12 factors, January to December, got 1"},
	} {
		_, dem := oneLock(t)
		dem.Seasons = c.seasons
		err := dem.check(net)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("seasons %v: error %v, want %q", c.seasons, err, c.want)
		}
	}
}

// TestWriteDemand: a demand written by WriteDemand reads back as the same
// demand: written again it is the same bytes, it has the same SHA-256,
// and a study run with it is the study run with the original, byte for
// byte; so for the embedded demand and the examples' demand files.
func TestWriteDemand(t *testing.T) {
	for _, name := range []string{"", "../examples/one-lock/demand.yaml", "../examples/two-locks/demand.yaml", "zeros"} {
		d := PanamaDemand()
		if name == "zeros" {
			// A required key that holds its zero value is written all
			// the same: a stream that draws nothing.
			z := *d
			z.Streams = slices.Clone(z.Streams)
			z.Streams[0].PerDay = 0
			d = &z
		} else if name != "" {
			var err error
			if d, err = LoadDemand(name); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := WriteDemand(&buf, d); err != nil {
			t.Fatal(err)
		}
		back, err := ParseDemand("demand.yaml", buf.Bytes())
		if err != nil {
			t.Fatalf("%s: written, it does not read back: %v\n%s", d.Name, err, buf.Bytes())
		}
		var again bytes.Buffer
		if err := WriteDemand(&again, back); err != nil {
			t.Fatal(err)
		}
		if again.String() != buf.String() || DemandSHA256(back) != DemandSHA256(d) {
			t.Errorf("%s: written, read and written again, it differs", d.Name)
		}
		if name != "" {
			continue // the examples' networks are not the embedded one; zeros is checked above
		}
		sc := &Scenario{Name: "t", Start: day(2025, 10, 1), Days: 20, WarmupDays: 3, Seed: 2, Replications: 2,
			Disruptions: []Disruption{{Target: Target{Operator: "ppc"}, Effect: Closure, From: day(2025, 10, 5), Until: day(2025, 10, 12)}}}
		summary := func(dem *Demand) string {
			c := *sc
			c.Demand = dem
			res, err := Study(context.Background(), &c, Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			var s strings.Builder
			for i := range res.Done {
				fmt.Fprintf(&s, "%v\n", res.Outcome(i))
			}
			return s.String()
		}
		if summary(back) != summary(nil) {
			t.Error("a study with the demand written and read back differs from one with the embedded demand")
		}
	}
}
