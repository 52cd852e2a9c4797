package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden results of the example networks in testdata/golden")

// TestExampleGoldens pins the model's output on the two example networks:
// the summary.json and daily.csv of a short run of each are compared
// byte for byte with testdata/golden. A change of the model shows here
// first; when it is meant, rewrite them with
//
//	go test ./cmd/canalsim -run TestExampleGoldens -update
//
// and say in the commit what moved and why.
func TestExampleGoldens(t *testing.T) {
	for _, ex := range []struct{ example, folder string }{
		{"one-lock", "one-lock-closure"},
		{"two-locks", "two-locks-lane-outage"},
	} {
		t.Run(ex.example, func(t *testing.T) {
			out := t.TempDir()
			if code, _, stderr := canalsim(t, "run", example(ex.example, "scenario.yaml"), "--out", out, "-n", "3", "--workers", "2", "-q"); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, name := range []string{"summary.json", "daily.csv"} {
				got, err := os.ReadFile(filepath.Join(out, ex.folder, name))
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "golden", ex.example, name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (rewrite the goldens with -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s of %s differs from %s: the model's output changed (if meant, rewrite with -update)", name, ex.example, golden)
				}
			}
		})
	}
}

// TestRunSaysWhereItHappens: what run prints puts each window's effect,
// per day and as a share of normal, before the whole run's.
func TestRunSaysWhereItHappens(t *testing.T) {
	code, stdout, stderr := canalsim(t, "run", example("one-lock", "scenario.yaml"), "--out", t.TempDir(), "-n", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	during, whole := strings.Index(stdout, "  during Lock closed (2030-01-11 to 2030-01-11"), strings.Index(stdout, "  over the whole run:")
	if during < 0 || whole < during || !strings.Contains(stdout, "of normal)") {
		t.Errorf("stdout:\n%s", stdout)
	}
}
