package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckImports(t *testing.T) {
	tests := []struct {
		name string
		pkg  pkg
		want string // a substring of the only problem, or "" for none
	}{
		{"sim on gonum graph", pkg{ImportPath: module + "/sim", Deps: []string{"gonum.org/v1/gonum/graph", module + "/sim/kernel"}}, ""},
		{"sim on plots", pkg{ImportPath: module + "/sim", Deps: []string{module + "/plots"}}, "sim depends on " + module + "/plots"},
		{"kernel on scenarios", pkg{ImportPath: module + "/sim/kernel", Deps: []string{module + "/scenarios"}}, "must not depend on " + module + "/scenarios"},
		{"sim on pflag", pkg{ImportPath: module + "/sim/network", Deps: []string{"github.com/spf13/pflag"}}, "pflag"},
		{"sim on gonum plot", pkg{ImportPath: module + "/sim", Deps: []string{"gonum.org/v1/plot/vg"}}, "gonum.org/v1/plot"},
		{"scenarios on plots", pkg{ImportPath: module + "/scenarios", Deps: []string{module + "/plots"}}, "scenarios depends on"},
		{"plots on scenarios", pkg{ImportPath: module + "/plots", Deps: []string{module + "/scenarios"}}, "plots depends on"},
		{"plots on sim", pkg{ImportPath: module + "/plots", Deps: []string{module + "/sim", "gonum.org/v1/plot"}}, ""},
		{"plots on results", pkg{ImportPath: module + "/plots", Deps: []string{module + "/results", module + "/sim"}}, ""},
		{"results on sim", pkg{ImportPath: module + "/results", Deps: []string{module + "/sim", module + "/sim/input"}}, ""},
		{"results on plots", pkg{ImportPath: module + "/results", Deps: []string{module + "/plots"}}, "results depends on " + module + "/plots"},
		{"sim on results", pkg{ImportPath: module + "/sim", Deps: []string{module + "/results"}}, "sim depends on " + module + "/results"},
		{"scenarios on results", pkg{ImportPath: module + "/scenarios", Deps: []string{module + "/results"}}, "scenarios depends on"},
		{"cmd on everything", pkg{ImportPath: module + "/cmd/canalsim", Deps: []string{module + "/plots", module + "/scenarios", module + "/sim", "github.com/spf13/pflag"}}, ""},
		{"a sibling with a shared prefix", pkg{ImportPath: module + "/simulator", Deps: []string{module + "/plots"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkImports([]pkg{tt.pkg})
			switch {
			case tt.want == "" && len(got) != 0:
				t.Errorf("got %v, want no problem", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("got %v, want one problem with %q", got, tt.want)
			}
		})
	}
}

func TestCheckFile(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"clean", "package x\nimport \"time\"\nvar d = time.Hour\nvar t time.Time\n", nil},
		{"wall clock", "package x\nimport \"time\"\nvar t = time.Now()\nfunc f() { time.Sleep(1) }\n", []string{"time.Now reads the wall clock", "time.Sleep reads the wall clock"}},
		{"renamed time", "package x\nimport tm \"time\"\nvar t = tm.Since(tm.Time{})\n", []string{"time.Since"}},
		{"global rand v2", "package x\nimport \"math/rand/v2\"\nvar n = rand.IntN(3)\nvar r = rand.New(rand.NewPCG(1, 2))\nvar s *rand.Rand\n", []string{"rand.IntN draws from the global random source"}},
		{"global rand v1", "package x\nimport \"math/rand\"\nfunc f() float64 { return rand.Float64() }\n", []string{"rand.Float64"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.go")
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := checkFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems %v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d = %q, want it to mention %q", i, got[i], w)
				}
			}
		})
	}
}

// TestModule runs the check on this module itself: the layering holds.
func TestModule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	t.Chdir("../..")
	pkgs, err := list()
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 6 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	if probs := checkImports(pkgs); len(probs) > 0 {
		t.Errorf("layering broken:\n%s", strings.Join(probs, "\n"))
	}
}
