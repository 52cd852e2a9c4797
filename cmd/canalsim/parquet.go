package main

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
)

// parquetRowsPerGroup is the most rows a row group of daily.parquet holds.
const parquetRowsPerGroup = 100_000

// parquetBatch is the number of rows handed to the parquet writer at once.
const parquetBatch = 1024

// writeParquet writes the table as Parquet, the twin of daily.csv: the same
// columns in the same order (replication, variant, date, then the numeric
// ones) and one row per row of the table, in row groups of at most 100,000
// rows, compressed with zstd. replication is INT32, variant a dictionary-
// encoded STRING, date a DATE (INT32 days since 1970-01-01), the count
// columns INT32 and the others DOUBLE.
//
// Unlike daily.csv, which rounds TEU to 0.1 and hours to 0.001, Parquet
// keeps the values at full precision: every DOUBLE is exactly the table's.
// The file holds no timestamp and names its writer "canalsim", so the same
// table always gives the same bytes.
func writeParquet(w io.Writer, t *results.DailyTable) error {
	pw := newDailyParquet(w, t.Terminals)
	for i := range t.Rows {
		if err := pw.write(&t.Rows[i]); err != nil {
			return err
		}
	}
	return pw.close()
}

// dailyParquet writes daily.parquet a row at a time, as writeParquet
// writes it whole, so that a run writes it as its replications come.
type dailyParquet struct {
	pw interface {
		parquet.RowWriter
		Close() error
	}
	cols   []results.DailyColumn
	fields int
	rows   []parquet.Row
}

// newDailyParquet returns the writer of daily.parquet to w for a network
// whose terminals are terminals.
func newDailyParquet(w io.Writer, terminals []string) *dailyParquet {
	cols := (&results.DailyTable{Terminals: terminals}).Columns()
	fields := make(orderedGroup, 0, 3+len(cols))
	add := func(name string, n parquet.Node) {
		// A one-field Group gives the library's own Field for the node.
		fields = append(fields, parquet.Group{name: n}.Fields()[0])
	}
	add("replication", parquet.Leaf(parquet.Int32Type))
	add("variant", parquet.Encoded(parquet.String(), &parquet.RLEDictionary))
	add("date", parquet.Date())
	for _, c := range cols {
		if c.Integer {
			add(c.Name, parquet.Leaf(parquet.Int32Type))
		} else {
			add(c.Name, parquet.Leaf(parquet.DoubleType))
		}
	}
	pw := parquet.NewWriter(w,
		parquet.NewSchema("daily", fields),
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(parquetRowsPerGroup),
		&parquet.WriterConfig{CreatedBy: "canalsim"},
	)
	return &dailyParquet{pw: pw, cols: cols, fields: len(fields), rows: make([]parquet.Row, 0, parquetBatch)}
}

// write adds one row.
func (d *dailyParquet) write(r *results.DailyRow) error {
	row := make(parquet.Row, 0, d.fields)
	if r.Replication > math.MaxInt32 {
		return fmt.Errorf("daily.parquet: replication %d does not fit INT32", r.Replication)
	}
	row = append(row,
		parquet.Int32Value(int32(r.Replication)).Level(0, 0, 0),
		parquet.ByteArrayValue([]byte(r.Variant)).Level(0, 0, 1),
		parquet.Int32Value(epochDays(r.Date)).Level(0, 0, 2),
	)
	for j, c := range d.cols {
		x := c.Value(&r.Day)
		var v parquet.Value
		if c.Integer {
			if x < math.MinInt32 || x > math.MaxInt32 {
				return fmt.Errorf("daily.parquet: %s %g on %s does not fit INT32", c.Name, x, r.Date.Format(time.DateOnly))
			}
			v = parquet.Int32Value(int32(x))
		} else {
			v = parquet.DoubleValue(x)
		}
		row = append(row, v.Level(0, 0, 3+j))
	}
	d.rows = append(d.rows, row)
	if len(d.rows) == cap(d.rows) {
		return d.flush()
	}
	return nil
}

// writeRun adds the rows of a run's days.
func (d *dailyParquet) writeRun(run *sim.Run) error {
	for i := range run.Days {
		if err := d.write(&results.DailyRow{Replication: run.Replication, Variant: run.Variant, Day: run.Days[i]}); err != nil {
			return err
		}
	}
	return nil
}

// flush hands the rows held to the Parquet writer.
func (d *dailyParquet) flush() error {
	if len(d.rows) == 0 {
		return nil
	}
	if _, err := d.pw.WriteRows(d.rows); err != nil {
		return fmt.Errorf("daily.parquet: %w", err)
	}
	d.rows = d.rows[:0]
	return nil
}

// close writes the rest and the file's footer.
func (d *dailyParquet) close() error {
	if err := d.flush(); err != nil {
		return err
	}
	if err := d.pw.Close(); err != nil {
		return fmt.Errorf("daily.parquet: %w", err)
	}
	return nil
}

// epochDays returns the days from 1970-01-01 to d's date (as daily.csv
// writes it), the value of a Parquet DATE.
func epochDays(d time.Time) int32 {
	y, m, day := d.Date()
	return int32(time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// orderedGroup is a Parquet group whose fields keep their order, for
// parquet.Group, a map, sorts its fields by name: daily.parquet's columns
// must come in daily.csv's order.
type orderedGroup []parquet.Field

func (g orderedGroup) ID() int { return 0 }

func (g orderedGroup) String() string {
	var b strings.Builder
	parquet.PrintSchema(&b, "", g)
	return b.String()
}

func (g orderedGroup) Type() parquet.Type { return parquet.Group{}.Type() }

func (g orderedGroup) Optional() bool { return false }

func (g orderedGroup) Repeated() bool { return false }

func (g orderedGroup) Required() bool { return true }

func (g orderedGroup) Leaf() bool { return false }

func (g orderedGroup) Fields() []parquet.Field { return g }

func (g orderedGroup) Encoding() encoding.Encoding { return nil }

func (g orderedGroup) Compression() compress.Codec { return nil }

// GoType is a struct with the fields in order (the writer of rows does not
// use it).
func (g orderedGroup) GoType() reflect.Type {
	fs := make([]reflect.StructField, len(g))
	for i, f := range g {
		fs[i] = reflect.StructField{
			Name: fmt.Sprintf("Field%d", i),
			Type: f.GoType(),
			Tag:  reflect.StructTag(`parquet:"` + f.Name() + `"`),
		}
	}
	return reflect.StructOf(fs)
}
