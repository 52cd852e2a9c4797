package input_test

import (
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/canalsim/canalsim/sim/input"
)

// TestDateMarshal: a date is written as a plain YYYY-MM-DD scalar, and
// read back by Decode as the same date.
func TestDateMarshal(t *testing.T) {
	type doc struct {
		Start input.Date `yaml:"start"`
		Until input.Date `yaml:"until,omitempty"`
		Never input.Date `yaml:"never"`
	}
	out, err := yaml.Marshal(doc{Start: input.DateOf(2026, 2, 23)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "start: 2026-02-23\nnever: \"\"\n"; string(out) != want {
		t.Errorf("Marshal = %q, want %q", out, want)
	}
	var back struct {
		Start input.Date `yaml:"start"`
	}
	if err := input.Decode("d.yaml", []byte("start: 2026-02-23\n"), &back); err != nil || back.Start != input.DateOf(2026, 2, 23) {
		t.Errorf("Decode = %v, %v", back.Start, err)
	}
}
