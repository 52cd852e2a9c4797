package results_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim/input"
)

// TestDailyCSVRoundTrip: what WriteCSV writes, ReadDailyCSV reads back
// to the same table (to the file's precision) and the same bytes.
func TestDailyCSVRoundTrip(t *testing.T) {
	res := study(t)
	var first bytes.Buffer
	if err := results.NewDailyTable(res).WriteCSV(&first); err != nil {
		t.Fatal(err)
	}
	tab, err := results.ReadDailyCSV("daily.csv", bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(tab.Rows), 2*2*10; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	var second bytes.Buffer
	if err := tab.WriteCSV(&second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("daily.csv changed on a read-write round trip")
	}
	header := string(bytes.SplitN(first.Bytes(), []byte("\n"), 2)[0])
	for _, col := range []string{"replication", "variant", "date", "transits", "transits_neopanamax", "transits_panamax", "queue", "teu", "teu_balboa", "teu_cristobal", "teu_mit", "teu_cct", "teu_psa"} {
		if !bytes.Contains([]byte(","+header+","), []byte(","+col+",")) {
			t.Errorf("header %q lacks column %s", header, col)
		}
	}
}

func TestReadDailyCSVErrors(t *testing.T) {
	cols := (&results.DailyTable{Terminals: []string{"a"}}).DailyColumns()
	header := strings.Join(cols, ",") + "\n"
	// row returns a valid row with field i (0-based) replaced by v.
	row := func(i int, v string) string {
		f := []string{"0", "baseline", "2025-01-01"}
		for len(f) < len(cols) {
			f = append(f, "1")
		}
		if i >= 0 {
			f[i] = v
		}
		return strings.Join(f, ",") + "\n"
	}
	if _, err := results.ReadDailyCSV("daily.csv", strings.NewReader(header+row(-1, ""))); err != nil {
		t.Fatalf("a valid file: %v", err)
	}
	if _, err := results.ReadDailyCSV("daily.csv", strings.NewReader("\ufeff"+header+row(-1, ""))); err != nil {
		t.Errorf("a valid file saved with a byte-order mark: %v", err)
	}
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "daily.csv:1:1: empty file; expected a daily.csv header"},
		{"not ours", "a,b,c\n", "daily.csv:1:1: expected a daily.csv header starting replication,variant,date"},
		{"bad variant", header + row(1, "other"), `daily.csv:2:3: variant: expected baseline or scenario, got "other"`},
		{"bad date", header + row(2, "2025-13-01"), `daily.csv:2:12: date: expected YYYY-MM-DD, got "2025-13-01"`},
		{"bad number", header + row(4, "x"), `daily.csv:2:25: transits: expected a whole number, got "x"`},
		{"short row", header + "0,baseline\n", "daily.csv:2:1: wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := results.ReadDailyCSV("daily.csv", bytes.NewReader([]byte(tt.in)))
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error %v, want %s", err, tt.want)
			}
		})
	}
}

// TestReadWaitsCSVErrors: a bad count is reported at its line and column.
func TestReadWaitsCSVErrors(t *testing.T) {
	if _, err := results.ReadWaitsCSV("waits.csv", strings.NewReader("\ufefffrom_h,to_h,baseline,scenario\n0,1,3,4\n")); err != nil {
		t.Errorf("a valid file saved with a byte-order mark: %v", err)
	}
	in := "from_h,to_h,baseline,scenario\n0,1,3,4\n1,2,5,-1\n"
	_, err := results.ReadWaitsCSV("waits.csv", strings.NewReader(in))
	if want := `waits.csv:3:7: expected a count of vessels, got "-1"`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func FuzzReadDailyCSV(f *testing.F) {
	cols := (&results.DailyTable{Terminals: []string{"a"}}).DailyColumns()
	f.Add([]byte(strings.Join(cols, ",") + "\n0,baseline,2025-01-01" + strings.Repeat(",1", len(cols)-3) + "\n"))
	f.Add([]byte("a,b\n\"x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := results.ReadDailyCSV("f.csv", bytes.NewReader(data))
		if err == nil {
			return
		}
		l := input.AsErrors(err)
		if l == nil {
			t.Fatalf("error without a position: %v", err)
		}
		for _, e := range l {
			if e.Pos.File != "f.csv" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("error with a bad position: %v", e)
			}
		}
	})
}

// FuzzReadResultTables: the readers of replications.csv and waits.csv
// never panic, and every error has a position.
func FuzzReadResultTables(f *testing.F) {
	f.Add("replication,variant,transits_per_day\n0,baseline,34.1\n0,scenario,\n")
	f.Add("from_h,to_h,baseline,scenario\n0,2,10,12\n718,,1,0\n")
	f.Add("a,b\n1\n")
	f.Fuzz(func(t *testing.T, s string) {
		for _, read := range []func() error{
			func() error { _, err := results.ReadReplicationsCSV("r.csv", strings.NewReader(s)); return err },
			func() error { _, err := results.ReadWaitsCSV("w.csv", strings.NewReader(s)); return err },
		} {
			err := read()
			if err == nil {
				continue
			}
			l := input.AsErrors(err)
			if l == nil {
				t.Fatalf("error without position: %v", err)
			}
			for _, e := range l {
				if e.Pos.Line < 1 || e.Pos.Col < 1 {
					t.Fatalf("bad position in %q", e.Error())
				}
			}
		}
	})
}
