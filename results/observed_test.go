package results

import (
	"strings"
	"testing"
	"time"

	"github.com/canalsim/canalsim/sim/input"
)

// TestReadObservedCSV: dates, months and ranges of months, and every
// problem of a bad file at its position, all at once.
func TestReadObservedCSV(t *testing.T) {
	metrics := []string{"transits", "lake_level_ft"}
	o, err := ReadObservedCSV("o.csv", strings.NewReader("\ufeffmonth,date,metric,value,source\n2022-10..2023-09,,transits,12638,[T11]\n,2023-06-13,lake_level_ft,79.72,[P33]\n2023-12,,lake_level_ft,81.4,[D2][D3]\n"), metrics)
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	want := []ObservedPoint{
		{Period: "2022-10..2023-09", From: day(2022, 10, 1), Until: day(2023, 9, 30), Metric: "transits", Value: 12638, Source: "[T11]", Line: 2},
		{Period: "2023-06-13", From: day(2023, 6, 13), Until: day(2023, 6, 13), Daily: true, Metric: "lake_level_ft", Value: 79.72, Source: "[P33]", Line: 3},
		{Period: "2023-12", From: day(2023, 12, 1), Until: day(2023, 12, 31), Metric: "lake_level_ft", Value: 81.4, Source: "[D2][D3]", Line: 4},
	}
	for i, w := range want {
		if got := o.Points[i]; got != w {
			t.Errorf("point %d: got %+v, want %+v", i, got, w)
		}
	}
	if got := o.Points[0].Days(); got != 365 {
		t.Errorf("FY2023 has %d days, want 365", got)
	}

	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"empty", "", []string{"o.csv:1:1: empty observed file"}},
		{"header", "day,metric,valu\n", []string{`o.csv:1:1: unknown column "day"`, `o.csv:1:12: unknown column "valu"; did you mean "value"?`, `o.csv:1:1: missing column "date" or "month"`, `missing column "source"`}},
		{"header only", "date,metric,value,source\n", []string{"o.csv:2:1: no points"}},
		{"rows", "date,month,metric,value,source\n2023-01-01,2023-01,transits,1,[T11]\n,2023-06..2023-01,lake,x,\n,,transits,1,[t1]\n", []string{
			"o.csv:2:12: a row has a date or a month, not both",
			`o.csv:3:2: month: the range "2023-06..2023-01" ends before it starts`,
			`o.csv:3:19: unknown metric "lake"; expected one of: transits, lake_level_ft`,
			`o.csv:3:24: value: expected a number of at most 1e+12 in size, got "x"`,
			`o.csv:3:26: source: expected one or more tags`,
			"o.csv:4:1: a row needs a date",
			`o.csv:4:14: source: expected one or more tags`,
		}},
		{"NaN", "month,metric,value,source\n2023-01,transits,NaN,[T11]\n", []string{`o.csv:2:18: value: expected a number of at most 1e+12 in size, got "NaN"`}},
		{"Latin-1", "month,metric,value,source\n2023-01,transits,1,[T11] caf\xe9\n", []string{"o.csv:2:29: byte 0xe9 is not UTF-8 text: save the file as UTF-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadObservedCSV("o.csv", strings.NewReader(tc.text), metrics)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// FuzzReadObservedCSV: the observed reader never panics, and every error
// has a position.
func FuzzReadObservedCSV(f *testing.F) {
	f.Add("month,metric,value,source\n2022-10..2023-09,transits,12638,[T11]\n")
	f.Add("date,month,metric,value,source\n2023-06-13,,lake_level_ft,79.72,[P33]\n,2023-13,x,,\n")
	f.Add("date\n\"\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		_, err := ReadObservedCSV("f.csv", strings.NewReader(s), []string{"transits"})
		if err == nil {
			return
		}
		l := input.AsErrors(err)
		if l == nil {
			t.Fatalf("error without position: %v", err)
		}
		for _, e := range l {
			if e.Pos.File != "f.csv" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("bad position in %q", e.Error())
			}
		}
	})
}
