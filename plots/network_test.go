package plots

import (
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/network"
)

// fixtureManifest reads the manifest of the study in testdata: all the
// network map needs.
func fixtureManifest(t *testing.T) *results.Manifest {
	t.Helper()
	js, err := os.ReadFile(filepath.Join("testdata", "ppc-closure", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m results.Manifest
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func TestNetworkMapFormats(t *testing.T) {
	r := &results.Folder{Manifest: fixtureManifest(t)} // the manifest alone
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := NetworkMap(&buf, f, r); err != nil {
				t.Fatal(err)
			}
			switch f {
			case SVG:
				_, all := svgTexts(t, buf.Bytes())
				for _, want := range []string{
					"The network and who runs it: ppc-closure", "Operator on 1 Jun 2025",
					"Panama Ports Company", "owned by Hutchison Ports (90%)", "Panama Canal Authority (ACP)",
					"Balboa", "PSA Panama", "Cristóbal", "MIT", "CCT", "Gatún Locks",
					"PPC closure", "Pacific entrance", "Atlantic entrance",
					"longitude", "latitude", "°W", "°N", "km", "seed 1", "10 replications",
				} {
					if !strings.Contains(all, want) {
						t.Errorf("SVG has no text %q", want)
					}
				}
			case PNG:
				img, err := png.Decode(&buf)
				if err != nil {
					t.Fatal(err)
				}
				if got := img.Bounds().Size(); got.X != 8*PNGDPI || got.Y != 6*PNGDPI {
					t.Errorf("PNG is %dx%d pixels, want %dx%d", got.X, got.Y, 8*PNGDPI, 6*PNGDPI)
				}
			case PDF:
				if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
					t.Errorf("PDF starts %q, want %%PDF-", buf.Bytes()[:min(buf.Len(), 8)])
				}
			}
		})
	}
}

// TestNetworkMapDeterministic: the same manifest gives the same SVG.
func TestNetworkMapDeterministic(t *testing.T) {
	r := &results.Folder{Manifest: fixtureManifest(t)}
	var a, b bytes.Buffer
	if err := NetworkMap(&a, SVG, r); err != nil {
		t.Fatal(err)
	}
	if err := NetworkMap(&b, SVG, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two drawings of the same manifest differ")
	}
}

func TestNetworkMapErrors(t *testing.T) {
	good := fixtureManifest(t)
	other := *good
	other.Network = "suez"
	unknown := *good
	unknown.Disruptions = []sim.Window{{Name: "ghost", Effect: sim.Closure, Nodes: []string{"no-such-node"}}}
	noStart := *good
	noStart.Start = ""
	for _, tt := range []struct {
		name string
		f    Format
		r    *results.Folder
		want string
	}{
		{"other network", PNG, &results.Folder{Manifest: &other}, "the folder has no network.yaml"},
		{"unknown node", PNG, &results.Folder{Manifest: &unknown}, `"no-such-node"`},
		{"no start", PNG, &results.Folder{Manifest: &noStart}, "start date"},
		{"no manifest", PNG, &results.Folder{}, "no manifest"},
		{"nil results", PNG, nil, "no manifest"},
		{"bad format", "gif", &results.Folder{Manifest: good}, "unknown format"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := NetworkMap(&buf, tt.f, tt.r)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if buf.Len() > 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
	// The registry draws the map only where it can: for the Panama
	// network, or a folder's own network whose nodes are placed, with
	// known nodes.
	if !mapApplies(&results.Folder{Manifest: good}) || mapApplies(&results.Folder{Manifest: &other}) || mapApplies(&results.Folder{Manifest: &unknown}) {
		t.Error("mapApplies: want true for the Panama network only, with known nodes")
	}
	placed := &network.Network{Name: "suez", Nodes: []*network.Node{{ID: "a", Lat: 30, Lon: 32}}}
	unplaced := &network.Network{Name: "suez", Nodes: []*network.Node{{ID: "a"}}}
	other.Disruptions = nil
	if !mapApplies(&results.Folder{Manifest: &other, Network: placed}) || mapApplies(&results.Folder{Manifest: &other, Network: unplaced}) {
		t.Error("mapApplies: want true for a folder's own network with placed nodes, false for one whose nodes are all at 0, 0")
	}
}

// TestNetworkMapLabels draws the map of every library scenario (its
// manifest, resolved without running) and checks that no label covers
// another label or a marker, and that every label lies inside the map or
// its inset.
func TestNetworkMapLabels(t *testing.T) {
	for _, name := range scenarios.Library() {
		t.Run(name, func(t *testing.T) {
			sc, _, err := scenarios.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Network != nil && sc.Network.Name != "panama" {
				t.Skip("not the embedded network")
			}
			res, err := sim.NewResult(sc)
			if err != nil {
				t.Skip(err) // a sweep's template, say
			}
			m := results.NewManifest(res, name, nil)
			mp, err := newNetMap(mustPanama(t, m), m, sc.Start)
			if err != nil {
				t.Fatal(err)
			}
			if err := render(io.Discard, PNG, mp.draw); err != nil {
				t.Fatal(err)
			}
			if len(mp.drawn) == 0 {
				t.Fatal("no labels recorded")
			}
			labelled := 0
			for _, d := range mp.drawn {
				for i, a := range d.labels {
					labelled++
					for _, b := range d.labels[i+1:] {
						if overlapsRect(a.rect, []vg.Rectangle{b.rect}) {
							t.Errorf("%s: labels %q and %q overlap", d.where, strings.Join(a.lines, " "), strings.Join(b.lines, " "))
						}
					}
					for _, mk := range d.markers {
						if overlapsRect(a.rect, []vg.Rectangle{mk}) {
							t.Errorf("%s: label %q covers a marker", d.where, strings.Join(a.lines, " "))
						}
					}
				}
			}
			if want := len(mp.net.Nodes); labelled < want {
				t.Errorf("%d labels, want one per node (%d)", labelled, want)
			}
		})
	}
}

func mustPanama(t *testing.T, m *results.Manifest) *network.Network {
	t.Helper()
	n, err := mapNetwork(&results.Folder{Manifest: m})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
