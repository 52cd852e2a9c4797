package param_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/param"
)

type lock struct {
	Lanes     int     `yaml:"lanes"`
	WaterMgal float64 `yaml:"water_mgal,omitempty"`
}

type node struct {
	ID    string `yaml:"id"`
	Lock  *lock  `yaml:"lock,omitempty"`
	Index int    `yaml:"-"`
}

type stream struct {
	Name   string
	PerDay float64
	Flags  map[string]float64
}

type doc struct {
	Nodes   []*node            `yaml:"nodes"`
	Streams []stream           `yaml:"streams"`
	Lead    []float64          `yaml:"booked_lead_hours"`
	Days    map[string]float64 `yaml:"diversion_days"`
	Limit   *float64
	MaxRun  int
	When    time.Time
	hidden  float64
}

func sample() *doc {
	return &doc{
		Nodes:   []*node{{ID: "sea"}, {ID: "gatun", Lock: &lock{Lanes: 2, WaterMgal: 26}}},
		Streams: []stream{{Name: "bulk", PerDay: 3.5, Flags: map[string]float64{"us": 0.1}}},
		Lead:    []float64{12, 24},
		Days:    map[string]float64{"container": 3},
		MaxRun:  4,
		When:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		hidden:  7,
	}
}

func TestGetSet(t *testing.T) {
	for _, tt := range []struct {
		path      string
		was, set  float64
		reads     float64 // after Set
		untouched func(*doc) bool
	}{
		{"nodes.gatun.lock.water_mgal", 26, 30.5, 30.5, nil},
		{"nodes[1].lock.lanes", 2, 2.6, 3, nil},
		{"nodes[gatun].lock.lanes", 2, 1, 1, nil},
		{"streams.bulk.per_day", 3.5, 7, 7, nil},
		{"streams[0].flags.us", 0.1, 0.2, 0.2, nil},
		{"booked_lead_hours[1]", 24, 36, 36, nil},
		{"diversion_days.container", 3, 5, 5, nil},
		{"max_run", 4, 6, 6, nil},
	} {
		d := sample()
		got, err := param.Get(d, tt.path)
		if err != nil || got != tt.was {
			t.Errorf("Get(%s) = %g, %v; want %g", tt.path, got, err, tt.was)
		}
		if err := param.Set(d, tt.path, tt.set); err != nil {
			t.Errorf("Set(%s): %v", tt.path, err)
		}
		if got, _ := param.Get(d, tt.path); got != tt.reads {
			t.Errorf("after Set(%s, %g): %g, want %g", tt.path, tt.set, got, tt.reads)
		}
	}
	// A nil pointer to a number has no value, and is given one.
	d := sample()
	if _, err := param.Get(d, "limit"); err == nil {
		t.Error("Get of a nil pointer: no error")
	}
	if err := param.Set(d, "limit", 12); err != nil || d.Limit == nil || *d.Limit != 12 {
		t.Errorf("Set(limit, 12): %v, %v", err, d.Limit)
	}
}

func TestErrors(t *testing.T) {
	for _, tt := range []struct {
		path, msg string
		known     string // one of the keys suggested
	}{
		{"nodes.gatn.lock.lanes", `nodes has no element gatn`, "gatun"},
		{"nodes.gatun.lock.lane", `nodes.gatun.lock has no key "lane"`, "lanes"},
		{"nodes.sea.lock.lanes", `nodes.sea.lock is not set`, ""},
		{"nodes.gatun.lock", `nodes.gatun.lock is not a number: the path must go on to one`, "water_mgal"},
		{"max_run.x", `max_run is a number; the path goes on`, ""},
		{"diversion_days.tanker", `diversion_days has no key "tanker"`, "container"},
		{"nodes[7].lock.lanes", `nodes has no element [7]`, "sea"},
		{"hidden", `the top level has no key "hidden"`, "max_run"},
		{"when", `when is not a number: the path must go on to one`, ""},
		{"nodes..lanes", `empty key`, ""},
		{"nodes[1.lanes", `unclosed [ in "[1"`, ""},
	} {
		_, err := param.Get(sample(), tt.path)
		var pe *param.Error
		if !errors.As(err, &pe) {
			t.Errorf("Get(%s) = %v, want a *param.Error", tt.path, err)
			continue
		}
		if pe.Msg != tt.msg || tt.known != "" && !slices.Contains(pe.Known, tt.known) {
			t.Errorf("Get(%s): %q (known %v), want %q (known %q)", tt.path, pe.Msg, pe.Known, tt.msg, tt.known)
		}
	}
	if err := param.Set(sample(), "max_run", 1e12); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("Set of a huge whole number: %v", err)
	}
}

func TestPaths(t *testing.T) {
	got := param.Paths(sample())
	want := []string{"nodes.gatun.lock.lanes", "nodes.gatun.lock.water_mgal", "streams.bulk.per_day", "streams.bulk.flags.us",
		"booked_lead_hours[0]", "booked_lead_hours[1]", "diversion_days.container", "limit", "max_run"}
	if !slices.Equal(got, want) {
		t.Errorf("Paths =\n%q\nwant\n%q", got, want)
	}
	for _, p := range got {
		if _, err := param.Get(sample(), p); err != nil && p != "limit" {
			t.Errorf("listed path %s: %v", p, err)
		}
	}
}

func TestClone(t *testing.T) {
	d := sample()
	c := param.Clone(d)
	for _, p := range param.Paths(c) {
		_ = param.Set(c, p, 99)
	}
	if !slices.Equal(param.Paths(d), param.Paths(sample())) || d.Nodes[1].Lock.Lanes != 2 || d.Streams[0].Flags["us"] != 0.1 || d.Lead[0] != 12 || d.Limit != nil {
		t.Errorf("setting every path of a clone changed the original: %+v", d)
	}
	if c.Nodes[1].Lock.Lanes != 99 || c.Streams[0].Flags["us"] != 99 || !c.When.Equal(d.When) {
		t.Errorf("clone: %+v", c)
	}
	// Unexported fields are left zero: derived state is built again.
	if c.hidden != 0 || d.hidden != 7 {
		t.Errorf("unexported field: %g in the clone, %g in the original", c.hidden, d.hidden)
	}
}
