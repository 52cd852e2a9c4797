package input_test

import (
	"fmt"
	"strings"
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

// TestParseDateRange: dates are read from MinYear to MaxYear; others, and
// text that is no date, are errors that quote at most
// input.MaxQuoteRunes characters of the input.
func TestParseDateRange(t *testing.T) {
	for _, tt := range []struct{ in, err string }{
		{"1900-01-01", ""},
		{"2199-12-31", ""},
		{"9999-01-01", "date 9999-01-01 out of range: expected a year from 1900 to 2199"},
		{"1899-12-31", "date 1899-12-31 out of range: expected a year from 1900 to 2199"},
		{"tomorrow", `expected a date as YYYY-MM-DD, got "tomorrow"`},
		{strings.Repeat("é", 1000), `expected a date as YYYY-MM-DD, got "` + strings.Repeat("é", input.MaxQuoteRunes) + `"…`},
	} {
		_, err := input.ParseDate(tt.in)
		if got := fmt.Sprint(err); tt.err == "" && err != nil || tt.err != "" && got != tt.err {
			t.Errorf("ParseDate(%.20q) = %v, want %q", tt.in, err, tt.err)
		}
	}
}

// TestNotUTF8: a file with a byte that is not UTF-8 is refused at that
// byte's line and column, before anything else is read.
func TestNotUTF8(t *testing.T) {
	var v struct {
		Name string `yaml:"name"`
	}
	err := input.Decode("f.yaml", []byte("name: caf\xe9\n"), &v)
	if err == nil || err.Error() != "f.yaml:1:10: byte 0xe9 is not UTF-8 text: save the file as UTF-8" {
		t.Errorf("Decode: %v", err)
	}
	if e := input.CheckUTF8("g.csv", []byte("a,b\néé,\xff\n")); e == nil || e.Error() != "g.csv:2:4: byte 0xff is not UTF-8 text: save the file as UTF-8" {
		t.Errorf("CheckUTF8: %v", e)
	}
	if e := input.CheckUTF8("ok", []byte("\ufeffcafé ✓\n")); e != nil {
		t.Errorf("valid UTF-8 refused: %v", e)
	}
}
