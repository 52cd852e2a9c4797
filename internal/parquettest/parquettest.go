// Package parquettest reads back the Parquet files of a results folder in
// tests, row by row: what the tests of package results and of the
// canalsim command share.
package parquettest

import (
	"bytes"
	"io"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// Rows opens the Parquet file b and calls check on each row, in file
// order, with the row's index; it returns the file. It fails the test on
// a file it cannot read, or whose footer counts other rows.
func Rows(t *testing.T, b []byte, check func(i int, row parquet.Row)) *parquet.File {
	t.Helper()
	pf, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	buf := make([]parquet.Row, 50)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				check(i, row)
				i++
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if int64(i) != pf.NumRows() {
		t.Errorf("read %d rows, the footer says %d", i, pf.NumRows())
	}
	return pf
}
