package results

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/canalsim/canalsim/internal/parquettest"
	"github.com/canalsim/canalsim/sim"
)

// parquetTable runs a small study (2 replications of 20 days with CK
// Hutchison's terminals closed for a week) and returns its daily table.
func parquetTable(t *testing.T) *DailyTable {
	t.Helper()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sc := &sim.Scenario{
		Name:  "parquet",
		Start: day(2025, 10, 1), Days: 20, WarmupDays: 7,
		Seed: 1, Replications: 2,
		Disruptions: []sim.Disruption{{
			Target: sim.Target{Owner: "ck-hutchison"}, Effect: sim.Closure,
			From: day(2025, 10, 5), Until: day(2025, 10, 12),
		}},
	}
	res, err := sim.Study(context.Background(), sc, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tab := NewDailyTable(res)
	if want := 2 * 2 * 20; len(tab.Rows) != want {
		t.Fatalf("daily table has %d rows, want %d", len(tab.Rows), want)
	}
	return tab
}

// writeParquetFile writes the table to a file in a temporary folder and
// returns its bytes.
func writeParquetFile(t *testing.T, tab *DailyTable) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "daily.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteDailyParquet(f, tab); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParquetRoundTrip: daily.parquet has daily.csv's columns in its
// order, with the promised types, and every value exactly the table's
// (floats unrounded); the same table gives the same bytes.
func TestParquetRoundTrip(t *testing.T) {
	tab := parquetTable(t)
	b := writeParquetFile(t, tab)
	var csv bytes.Buffer
	if err := tab.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows, %d columns: daily.parquet %d bytes, daily.csv %d bytes", len(tab.Rows), len(tab.DailyColumns()), len(b), csv.Len())

	cols := tab.Columns()
	var unrounded int // float values that daily.csv's rounding would change
	pf := parquettest.Rows(t, b, func(i int, row parquet.Row) {
		if i >= len(tab.Rows) {
			t.Fatalf("row %d: the table has only %d rows", i, len(tab.Rows))
		}
		r := &tab.Rows[i]
		if len(row) != 3+len(cols) {
			t.Fatalf("row %d has %d values, want %d", i, len(row), 3+len(cols))
		}
		if got := row[0].Int32(); int(got) != r.Replication {
			t.Errorf("row %d: replication %d, want %d", i, got, r.Replication)
		}
		if got := string(row[1].ByteArray()); got != string(r.Variant) {
			t.Errorf("row %d: variant %q, want %q", i, got, r.Variant)
		}
		if got := time.Unix(int64(row[2].Int32())*86400, 0).UTC(); !got.Equal(r.Date) {
			t.Errorf("row %d: date %s, want %s", i, got.Format(time.DateOnly), r.Date.Format(time.DateOnly))
		}
		for j, c := range cols {
			v, want := row[3+j], c.Value(&r.Day)
			if c.Integer {
				if v.Kind() != parquet.Int32 || float64(v.Int32()) != want {
					t.Errorf("row %d: %s = %v, want INT32 %g", i, c.Name, v, want)
				}
				continue
			}
			if v.Kind() != parquet.Double || math.Float64bits(v.Double()) != math.Float64bits(want) {
				t.Errorf("row %d: %s = %v, want DOUBLE %v", i, c.Name, v, want)
			}
			if math.Round(want*1000) != want*1000 {
				unrounded++
			}
		}
	})
	if pf.NumRows() != int64(len(tab.Rows)) {
		t.Errorf("file has %d rows, table %d", pf.NumRows(), len(tab.Rows))
	}
	if unrounded == 0 {
		t.Errorf("no float value has more than 3 decimals; the test no longer shows that Parquet keeps full precision")
	}

	// Columns: names and order of daily.csv's header, and their types.
	var names []string
	for _, f := range pf.Schema().Fields() {
		names = append(names, f.Name())
	}
	if want := tab.DailyColumns(); !slices.Equal(names, want) {
		t.Errorf("columns\n %v\nwant daily.csv's\n %v", names, want)
	}
	// Types, as the footer's schema elements give them to any reader
	// (element 0 is the root).
	md := pf.Metadata()
	if len(md.Schema) != 1+len(names) {
		t.Fatalf("footer has %d schema elements, want %d", len(md.Schema), 1+len(names))
	}
	type colType struct {
		phys    format.Type
		logical string // "" for none
	}
	const signed32 = "INT(32,true)" // parquet-go annotates INT32 as a signed 32-bit integer
	want := []colType{{format.Int32, signed32}, {format.ByteArray, "STRING"}, {format.Int32, "DATE"}}
	for _, c := range cols {
		if c.Integer {
			want = append(want, colType{format.Int32, signed32})
		} else {
			want = append(want, colType{format.Double, ""})
		}
	}
	for i, w := range want {
		e := md.Schema[1+i]
		got := colType{e.Type.V, e.LogicalType.String()}
		if !e.Type.Valid || got != w {
			t.Errorf("column %s: type %v %q, want %v %q", e.Name, got.phys, got.logical, w.phys, w.logical)
		}
	}
	if _, ok := md.Schema[3].LogicalType.Value.(*format.DateType); !ok {
		t.Errorf("date column has logical type %v, want DATE", md.Schema[3].LogicalType.Value)
	}

	// File metadata: the variant column is dictionary-encoded, everything
	// is compressed, and the writer is named without a version.
	if md.CreatedBy != "canalsim" {
		t.Errorf("created_by %q, want canalsim", md.CreatedBy)
	}
	if len(md.KeyValueMetadata) != 0 {
		t.Errorf("key-value metadata %v, want none", md.KeyValueMetadata)
	}
	for _, rg := range md.RowGroups {
		if !slices.Contains(rg.Columns[1].MetaData.Encoding, format.RLEDictionary) {
			t.Errorf("variant column encodings %v, want RLE_DICTIONARY among them", rg.Columns[1].MetaData.Encoding)
		}
		for _, c := range rg.Columns {
			if c.MetaData.Codec != format.Zstd {
				t.Errorf("column %v compressed with %v, want ZSTD", c.MetaData.PathInSchema, c.MetaData.Codec)
			}
		}
	}

	if again := writeParquetFile(t, tab); !bytes.Equal(again, b) {
		t.Errorf("writing the same table twice gave different bytes (%d and %d)", len(b), len(again))
	}
}

// TestParquetRowGroups: a table of more rows than a row group holds is
// split into full row groups and a last partial one, rows in order.
func TestParquetRowGroups(t *testing.T) {
	if testing.Short() {
		t.Skip("writes over 100,000 rows")
	}
	small := parquetTable(t)
	tab := &DailyTable{Terminals: small.Terminals}
	for i := 0; len(tab.Rows) < parquetRowsPerGroup+7; i++ {
		r := small.Rows[i%len(small.Rows)]
		r.Replication = i / len(small.Rows)
		tab.Rows = append(tab.Rows, r)
	}
	b := writeParquetFile(t, tab)
	t.Logf("%d rows: daily.parquet %d bytes", len(tab.Rows), len(b))
	pf := parquettest.Rows(t, b, func(i int, row parquet.Row) {
		if got, want := int(row[0].Int32()), tab.Rows[i].Replication; got != want {
			t.Fatalf("row %d: replication %d, want %d", i, got, want)
		}
	})
	var sizes []int64
	for _, rg := range pf.RowGroups() {
		sizes = append(sizes, rg.NumRows())
	}
	if want := []int64{parquetRowsPerGroup, 7}; !slices.Equal(sizes, want) {
		t.Errorf("row groups of %v rows, want %v", sizes, want)
	}
}

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestParquetWriteError: an error of the underlying writer, at the start
// or midway, is returned, not swallowed.
func TestParquetWriteError(t *testing.T) {
	tab := parquetTable(t)
	var full bytes.Buffer
	if err := WriteDailyParquet(&full, tab); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 4, full.Len() / 2, full.Len() - 1} {
		err := WriteDailyParquet(&failingWriter{n: n}, tab)
		if !errors.Is(err, errDiskFull) {
			t.Errorf("writer failing after %d of %d bytes: got error %v, want %v", n, full.Len(), err, errDiskFull)
		}
	}
}
