package sim

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/sim/input"
	"github.com/canalsim/canalsim/sim/kernel"
	"github.com/canalsim/canalsim/sim/network"
)

// Arrivals is a list of vessel arrivals to replay instead of drawing
// arrivals at random: a vessel list derived from AIS or port records, or
// made by hand (an arrivals file). With them, the demand's streams draw
// no arrivals; the demand still gives its classes, thresholds and
// policies. Replications then differ only in what remains random.
type Arrivals struct {
	// Name is the arrivals file, for messages and manifests.
	Name    string
	Vessels []Arrival
}

// Arrival is one vessel of Arrivals. Its time is the instant At, read on
// the model's clock (the network's local time, network.Network.OnClock),
// or, when At is zero, Offset after the scenario's start (its first
// reported day at midnight on that clock).
type Arrival struct {
	At          time.Time
	Offset      time.Duration
	Origin      string // the anchorage it arrives at
	Destination string // the anchorage it leaves from
	LengthM     float64
	BeamM       float64
	DraftM      float64
	// Optional: its market segment (default "other"), carrier, flag (two
	// lower-case letters), TEU on board (informative) and name.
	Segment, Carrier, Flag, Name string
	TEU                          float64
	// Line is the vessel's line in its file, for messages; cols the
	// column of each of its fields, by name.
	Line int
	cols map[string]int
}

// pos returns the position of one of the vessel's fields in its file.
func (v *Arrival) pos(file, field string) input.Pos {
	return input.Pos{File: file, Line: v.Line, Col: max(1, v.cols[field])}
}

// traceColumns are the columns of an arrivals CSV file; the first six are
// required.
var traceColumns = []string{"time", "origin", "destination", "length_m", "beam_m", "draught_m", "segment", "carrier", "flag", "teu", "name"}

// ReadArrivalsCSV reads an arrivals file: a header naming at least time,
// origin, destination, length_m, beam_m and draught_m (and optionally
// segment, carrier, flag, teu and name), in any order, then one vessel per
// row. time is either seconds from the scenario's start (a number) or an
// RFC 3339 timestamp such as 2025-10-01T06:30:00-05:00, an instant that
// the run reads in the network's local time (2025-10-01T11:30:00Z is the
// same arrival in Panama). Every problem is reported with its line and
// column; name is used in messages.
func ReadArrivalsCSV(name string, r io.Reader) (*Arrivals, error) {
	data, err := input.ReadText(name, r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = false
	cr.FieldsPerRecord = -1
	t := &Arrivals{Name: name}
	h, errs, err := input.ReadCSVHeader(cr, name, traceColumns, "empty arrivals file; expected a header: "+strings.Join(traceColumns[:6], ","))
	if err != nil {
		return nil, err
	}
	for _, k := range traceColumns[:6] {
		if !h.Has(k) {
			errs.Add(input.Pos{File: name, Line: 1, Col: 1}, "missing column %q (the columns are %s, then optionally %s)", k, strings.Join(traceColumns[:6], ","), strings.Join(traceColumns[6:], ","))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	cols := h.Columns()
	for row := range h.Rows(&errs) {
		at, get, line := row.At, row.Get, row.Line
		if row.Fields() != h.Width {
			errs.Add(input.Pos{File: name, Line: line, Col: 1}, "expected %d fields, got %d", h.Width, row.Fields())
			continue
		}
		v := Arrival{Origin: get("origin"), Destination: get("destination"), Segment: get("segment"), Carrier: get("carrier"), Flag: get("flag"), Name: get("name"), Line: line, cols: map[string]int{}}
		for _, name := range cols {
			v.cols[name] = at(name).Col
		}
		ts := get("time")
		if secs, err := strconv.ParseFloat(ts, 64); err == nil {
			// Negative: in the warm-up.
			if !(secs > -400*86400 && secs < 100*365*86400) {
				errs.Add(at("time"), "time %s: seconds from the start must be from -400 days to a century", ts)
			}
			v.Offset = time.Duration(math.Round(secs * 1e9))
		} else if tm, err := time.Parse(time.RFC3339, ts); err == nil {
			v.At = tm.UTC()
		} else {
			errs.Add(at("time"), "time %q: expected seconds from the start or an RFC 3339 timestamp such as 2025-10-01T06:30:00Z", ts)
		}
		for _, f := range []struct {
			key string
			dst *float64
		}{{"length_m", &v.LengthM}, {"beam_m", &v.BeamM}, {"draught_m", &v.DraftM}} {
			x, err := strconv.ParseFloat(get(f.key), 64)
			if err != nil || !(x > 0) || math.IsInf(x, 0) {
				errs.Add(at(f.key), "%s: expected a number of metres greater than 0, got %q", f.key, get(f.key))
			}
			*f.dst = x
		}
		for _, f := range []string{"origin", "destination"} {
			if get(f) == "" {
				errs.Add(at(f), "%s: expected a node id, got nothing", f)
			}
		}
		if v.Segment != "" && !slices.Contains(segments, v.Segment) {
			errs.Add(at("segment"), "unknown segment %q%s", v.Segment, input.DidYouMean(v.Segment, segments))
		}
		if v.Flag != "" && !flagRE.MatchString(v.Flag) {
			errs.Add(at("flag"), "flag %q: use a two-letter country code in lower case, such as us", v.Flag)
		}
		if s := get("teu"); s != "" {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || !(x >= 0) || math.IsInf(x, 0) {
				errs.Add(at("teu"), "teu: expected a number of at least 0, got %q", s)
			}
			v.TEU = x
		}
		if len(errs) == 0 { // else nothing is returned: hold no vessel
			t.Vessels = append(t.Vessels, v)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(t.Vessels) == 0 {
		return nil, &input.Error{Pos: input.Pos{File: name, Line: 2, Col: 1}, Msg: "the arrivals file lists no vessel"}
	}
	return t, nil
}

// Check reports the first problem of the arrivals against scenario sc:
// nodes that are not anchorages, vessels that fit no lock of the
// network, times outside the run. Problems are input.Errors naming the
// arrivals file and line.
func (t *Arrivals) Check(sc *Scenario) error { return t.check(sc, sc.network(), sc.demand()) }

func (t *Arrivals) check(sc *Scenario, net *network.Network, dem *Demand) error {
	end := sc.Start.AddDate(0, 0, sc.Days)
	var errs input.Errors
	for i := range t.Vessels {
		v := &t.Vessels[i]
		for _, f := range []struct{ field, id string }{{"origin", v.Origin}, {"destination", v.Destination}} {
			nd := net.Node(f.id)
			switch {
			case nd == nil:
				errs.Add(v.pos(t.Name, f.field), "unknown node %q%s", f.id, input.DidYouMean(f.id, nodeIDs(net)))
			case nd.Kind != network.Anchorage:
				errs.Add(v.pos(t.Name, f.field), "%q is %s; vessels arrive at and leave from anchorages", f.id, nd.Kind.WithArticle())
			}
		}
		if at := v.time(sc.Start, net); at.Before(sc.Start.AddDate(0, 0, -sc.WarmupDays)) || !at.Before(end) {
			errs.Add(v.pos(t.Name, "time"), "arrives %s local time (%s), outside the run (%s to %s)", at.Format("2006-01-02 15:04:05"), net.Zone(), sc.Start.AddDate(0, 0, -sc.WarmupDays).Format(time.DateOnly), end.Format(time.DateOnly))
		}
		if _, err := traceClass(net, dem, v); err != nil {
			errs.Add(v.pos(t.Name, "length_m"), "%v", err)
		}
	}
	return errs.Err()
}

// time returns when the vessel arrives on the model's clock, for a
// scenario starting at start on network net.
func (v *Arrival) time(start time.Time, net *network.Network) time.Time {
	if !v.At.IsZero() {
		return net.OnClock(v.At)
	}
	return start.Add(v.Offset)
}

// traceClass returns the class a trace vessel travels as: the smallest of
// the demand's classes that holds it (length and beam), or else a class
// of the smallest lock type whose chambers it fits, with no cut rules.
func traceClass(net *network.Network, dem *Demand, v *Arrival) (*Class, error) {
	var best *Class
	for i := range dem.Classes {
		c := &dem.Classes[i]
		if v.LengthM <= c.LengthM && v.BeamM <= c.BeamM && (best == nil || c.LengthM*c.BeamM < best.LengthM*best.BeamM) {
			best = c
		}
	}
	if best != nil {
		return best, nil
	}
	for _, lt := range []network.LockType{network.Panamax, network.Neopanamax} {
		fits, any := true, false
		for _, nd := range net.NodesOfKind(network.Lock) {
			if nd.Lock.Type != lt {
				continue
			}
			any = true
			fits = fits && v.LengthM <= nd.Lock.ChamberLengthM && v.BeamM <= nd.Lock.ChamberWidthM
		}
		if any && fits || !any && len(net.NodesOfKind(network.Lock)) == 0 {
			return &Class{ID: "trace-" + string(lt), LockType: lt, LengthM: v.LengthM, BeamM: v.BeamM, DraftM: v.DraftM}, nil
		}
	}
	return nil, fmt.Errorf("a vessel of %g x %g m fits no lock of network %s", v.LengthM, v.BeamM, net.Name)
}

// traceArrival is a trace vessel prepared for every run.
type traceArrival struct {
	at     kernel.Time
	stream int // its route, a stream plan
	v      *Arrival
	flag   uint8
}

// planTrace prepares the scenario's trace: a stream plan for each route
// (origin, destination, class, segment and carrier), drawing no arrivals,
// and each vessel's arrival time.
func (p *plan) planTrace(t *Arrivals) error {
	routes := map[string]int{}
	for i := range t.Vessels {
		v := &t.Vessels[i]
		c, err := traceClass(p.net, p.dem, v)
		if err != nil {
			return err
		}
		seg := v.Segment
		if seg == "" {
			seg = "other"
		}
		key := strings.Join([]string{v.Origin, v.Destination, c.ID, seg, v.Carrier}, "|")
		k, ok := routes[key]
		if !ok {
			s := &Stream{Name: "trace:" + key, Class: c.ID, Segment: seg, Carrier: v.Carrier, From: v.Origin, To: v.Destination}
			route, err := streamRoute(p.net, s, c)
			if err != nil {
				return fmt.Errorf("%s:%d: %w", t.Name, v.Line, err)
			}
			p.streams = append(p.streams, p.newStreamPlan(s, c, route))
			k = len(p.streams) - 1
			routes[key] = k
		}
		at, err := p.clock.Time(v.time(p.sc.Start, p.net))
		if err != nil {
			return err
		}
		p.trace = append(p.trace, traceArrival{at: max(at, 0), stream: k, v: v, flag: p.flag(v.Flag)})
	}
	// Arrivals in time order (ties in file order), so events are
	// scheduled the same way every run.
	slices.SortStableFunc(p.trace, func(a, b traceArrival) int { return int(a.at - b.at) })
	return nil
}

// onTraceArrive: trace vessel arg arrives.
func (m *model) onTraceArrive(s *kernel.Sim, arg int64) {
	a := &m.trace[arg]
	v := m.spawn(s, a.stream)
	vs := &m.vessels[v]
	vs.length, vs.beam, vs.draftFt = a.v.LengthM, a.v.BeamM, a.v.DraftM*feetPerMetre
	vs.flag = a.flag
	vs.carrier = m.streams[a.stream].carrier
	if m.onArrival != nil {
		m.onArrival(vs)
	}
	if d := m.day(s.Now()); d != nil {
		d.Arrivals++
	}
	m.onReach(s, int64(v))
}
