package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/canalsim/canalsim/internal/parquettest"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// TestRecordsParquet: with --parquet, each record of --records is also
// written as NAME.parquet, listed in the manifest, with NAME.csv's columns
// in order, typed, and NAME.csv's values row by row (empty cells of the
// optional columns as nulls); the same run gives the same bytes.
func TestRecordsParquet(t *testing.T) {
	dir := t.TempDir()
	f := smallScenario(t, dir, "recs", 5)
	write := func(out string) string {
		args := []string{"run", f, "-n", "2", "--out", out, "--quiet", "--records", "lockages,vessels,calls", "--parquet", "--figures=false"}
		if code, stdout, stderr := canalsim(t, args...); code != 0 {
			t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
		}
		return filepath.Join(out, "recs")
	}
	res := write(filepath.Join(dir, "a"))
	again := write(filepath.Join(dir, "b"))
	var man struct {
		Files []string `json:"files"`
	}
	readJSON(t, filepath.Join(res, "manifest.json"), &man)

	physical := map[columnType]format.Type{colInt: format.Int32, colName: format.ByteArray, colText: format.ByteArray,
		colBool: format.Boolean, colFloat: format.Double, colTime: format.Int64}
	logical := map[columnType]string{colInt: "INT(32,true)", colName: "STRING", colText: "STRING",
		colTime: "TIMESTAMP(isAdjustedToUTC=false,unit=MILLIS)"}
	for _, kind := range recordKinds {
		t.Run(kind, func(t *testing.T) {
			name := kind + ".parquet"
			if !slices.Contains(man.Files, name) {
				t.Errorf("the manifest's files %v lack %s", man.Files, name)
			}
			b, err := os.ReadFile(filepath.Join(res, name))
			if err != nil {
				t.Fatal(err)
			}
			if b2, _ := os.ReadFile(filepath.Join(again, name)); !bytes.Equal(b, b2) {
				t.Errorf("two runs wrote different %s", name)
			}
			text, err := os.ReadFile(filepath.Join(res, kind+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			cells, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			header, rows := cells[0], cells[1:]
			if len(rows) == 0 {
				t.Fatalf("%s.csv has no rows: the test shows nothing", kind)
			}
			cols := recordColumns[kind]
			nulls := 0
			pf := parquettest.Rows(t, b, func(i int, row parquet.Row) {
				if i >= len(rows) {
					t.Fatalf("row %d: %s.csv has only %d rows", i, kind, len(rows))
				}
				for j, c := range cols {
					v, cell := row[j], rows[i][j]
					var got string
					switch {
					case v.IsNull():
						nulls++
						if !c.optional || cell != "" {
							t.Errorf("row %d: %s is null, the CSV has %q", i, c.name, cell)
						}
						continue
					case c.typ == colInt:
						got = strconv.Itoa(int(v.Int32()))
					case c.typ == colName || c.typ == colText:
						got = string(v.ByteArray())
					case c.typ == colBool:
						got = strconv.FormatBool(v.Boolean())
					case c.typ == colFloat:
						x, _ := strconv.ParseFloat(cell, 64)
						if v.Double() != x {
							t.Errorf("row %d: %s = %v, the CSV has %q", i, c.name, v.Double(), cell)
						}
						continue
					case c.typ == colTime:
						got = time.UnixMilli(v.Int64()).UTC().Format(recordTime)
					}
					if got != cell {
						t.Errorf("row %d: %s = %q, the CSV has %q", i, c.name, got, cell)
					}
				}
			})
			if pf.NumRows() != int64(len(rows)) {
				t.Errorf("%d rows, the CSV has %d", pf.NumRows(), len(rows))
			}
			if kind != recordCalls && nulls == 0 {
				t.Errorf("no nulls in %s: the test no longer shows empty cells as nulls", name)
			}

			var names []string
			for _, fl := range pf.Schema().Fields() {
				names = append(names, fl.Name())
			}
			if !slices.Equal(names, header) {
				t.Errorf("columns\n %v\nwant %s.csv's\n %v", names, kind, header)
			}
			md := pf.Metadata()
			for i, c := range cols {
				e := md.Schema[1+i]
				if e.Type.V != physical[c.typ] || e.LogicalType.String() != logical[c.typ] {
					t.Errorf("column %s: type %v %q, want %v %q", e.Name, e.Type.V, e.LogicalType.String(), physical[c.typ], logical[c.typ])
				}
				if got := e.RepetitionType.V == format.Optional; got != c.optional {
					t.Errorf("column %s: optional %v, want %v", e.Name, got, c.optional)
				}
			}
			if md.CreatedBy != "canalsim" {
				t.Errorf("created_by %q, want canalsim", md.CreatedBy)
			}
			for _, rg := range md.RowGroups {
				for i, c := range rg.Columns {
					if c.MetaData.Codec != format.Zstd {
						t.Errorf("column %v compressed with %v, want ZSTD", c.MetaData.PathInSchema, c.MetaData.Codec)
					}
					if cols[i].typ == colName && !slices.Contains(c.MetaData.Encoding, format.RLEDictionary) {
						t.Errorf("column %s encodings %v, want RLE_DICTIONARY among them", cols[i].name, c.MetaData.Encoding)
					}
				}
			}
		})
	}
}
