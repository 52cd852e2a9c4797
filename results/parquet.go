package results

import (
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// This file writes and reads daily.parquet, and writes a results
// folder's other Parquet files (NewParquetWriter).

// parquetRowsPerGroup is the most rows a row group of a Parquet file of
// a results folder holds.
const parquetRowsPerGroup = 100_000

// parquetBatch is the number of rows handed to the parquet writer, or
// read from a file, at once.
const parquetBatch = 1024

// NewParquetWriter returns the writer of a Parquet file of a results
// folder whose schema, named name, has the columns fields in their order
// (parquet.Group would sort them by name): row groups of at most 100,000
// rows, compressed with zstd, and no timestamp of its writing (the file
// names its writer "canalsim"), so that the same rows always give the
// same bytes.
func NewParquetWriter(w io.Writer, name string, fields []parquet.Field) ParquetWriter {
	return parquet.NewWriter(w,
		parquet.NewSchema(name, orderedGroup(fields)),
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(parquetRowsPerGroup),
		&parquet.WriterConfig{CreatedBy: "canalsim"},
	)
}

// ParquetWriter writes the rows of a Parquet file, then its footer
// (Close, which does not close the io.Writer under it).
type ParquetWriter interface {
	parquet.RowWriter
	Close() error
}

// ParquetField returns the field of a Parquet schema named name, of node
// n, for NewParquetWriter.
func ParquetField(name string, n parquet.Node) parquet.Field {
	// A one-field Group gives the library's own Field for the node.
	return parquet.Group{name: n}.Fields()[0]
}

// WriteDailyParquet writes the table as daily.parquet, the twin of
// daily.csv: the same
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
func WriteDailyParquet(w io.Writer, t *DailyTable) error {
	pw := NewDailyParquet(w, t.Terminals)
	for i := range t.Rows {
		if err := pw.Write(&t.Rows[i]); err != nil {
			return err
		}
	}
	return pw.Close()
}

// DailyParquet writes daily.parquet a row at a time, as
// WriteDailyParquet writes it whole, so that a run writes it as its
// replications come.
type DailyParquet struct {
	pw     ParquetWriter
	cols   []DailyColumn
	fields int
	rows   []parquet.Row
}

// NewDailyParquet returns the writer of daily.parquet to w for a network
// whose terminals are terminals.
func NewDailyParquet(w io.Writer, terminals []string) *DailyParquet {
	cols := (&DailyTable{Terminals: terminals}).Columns()
	fields := make([]parquet.Field, 0, 3+len(cols))
	add := func(name string, n parquet.Node) { fields = append(fields, ParquetField(name, n)) }
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
	pw := NewParquetWriter(w, "daily", fields)
	return &DailyParquet{pw: pw, cols: cols, fields: len(fields), rows: make([]parquet.Row, 0, parquetBatch)}
}

// Write adds one row.
func (d *DailyParquet) Write(r *DailyRow) error {
	row := make(parquet.Row, 0, d.fields)
	if r.Replication > math.MaxInt32 {
		return fmt.Errorf("daily.parquet: replication %d does not fit INT32", r.Replication)
	}
	row = append(row,
		parquet.Int32Value(int32(r.Replication)).Level(0, 0, 0),
		parquet.ByteArrayValue([]byte(r.Variant)).Level(0, 0, 1),
		parquet.Int32Value(parquetDate(r.Date)).Level(0, 0, 2),
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

// WriteRun adds the rows of a run's days.
func (d *DailyParquet) WriteRun(run *sim.Run) error { return writeRun(run, d.Write) }

// flush hands the rows held to the Parquet writer.
func (d *DailyParquet) flush() error {
	if len(d.rows) == 0 {
		return nil
	}
	if _, err := d.pw.WriteRows(d.rows); err != nil {
		return fmt.Errorf("daily.parquet: %w", err)
	}
	d.rows = d.rows[:0]
	return nil
}

// Close writes the rest and the file's footer; it does not close the
// writer it writes to.
func (d *DailyParquet) Close() error {
	if err := d.flush(); err != nil {
		return err
	}
	if err := d.pw.Close(); err != nil {
		return fmt.Errorf("daily.parquet: %w", err)
	}
	return nil
}

// parquetDate returns the days from 1970-01-01 to d's date (as daily.csv
// writes it), the value of a Parquet DATE.
func parquetDate(d time.Time) int32 {
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

// DailyParquetReader reads back the runs of a daily.parquet, a run at a
// time, in the order they were written, with the values as simulated.
type DailyParquetReader struct {
	path string
	f    *os.File
	cols []DailyColumn
	// terminals is the study's terminal count.
	terminals int
	// groups are the row groups left after the one being read, rows.
	groups []parquet.RowGroup
	rows   parquet.Rows
	buf    []parquet.Row
	// next is buf's next row.
	next int
	// read counts the rows read, for messages.
	read int
}

// OpenDailyParquet opens the daily.parquet at path, of a study whose
// terminals are terminals.
func OpenDailyParquet(path string, terminals []string) (*DailyParquetReader, error) {
	f, err := input.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: not a Parquet file: %v", path, err)
	}
	p := &DailyParquetReader{path: path, f: f, cols: (&DailyTable{Terminals: terminals}).Columns(), terminals: len(terminals), groups: pf.RowGroups()}
	if n := len(pf.Schema().Fields()); n != 3+len(p.cols) {
		f.Close()
		return nil, fmt.Errorf("%s: has %d columns, daily.csv's %d", path, n, 3+len(p.cols))
	}
	p.buf = make([]parquet.Row, 0, parquetBatch)
	return p, nil
}

// row returns the next row of the file.
func (p *DailyParquetReader) row() (parquet.Row, error) {
	for p.next == len(p.buf) {
		if p.rows == nil {
			if len(p.groups) == 0 {
				return nil, io.EOF
			}
			p.rows, p.groups = p.groups[0].Rows(), p.groups[1:]
		}
		n, err := p.rows.ReadRows(p.buf[:cap(p.buf)])
		p.buf, p.next = p.buf[:n], 0
		if err == io.EOF {
			if cerr := p.rows.Close(); cerr != nil {
				return nil, fmt.Errorf("%s: %w", p.path, cerr)
			}
			p.rows = nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", p.path, err)
		}
	}
	p.next++
	p.read++
	return p.buf[p.next-1], nil
}

// Run reads the days of replication rep's run of variant v, the next run
// of the file: one row per date of dates, which the rows must match.
func (p *DailyParquetReader) Run(rep int, v sim.Variant, dates []time.Time) ([]sim.Day, error) {
	days := make([]sim.Day, len(dates))
	for k, date := range dates {
		row, err := p.row()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: ends before replication %d's %s day %s", p.path, rep, v, date.Format(time.DateOnly))
		}
		if err != nil {
			return nil, err
		}
		if len(row) != 3+len(p.cols) || int(row[0].Int32()) != rep || sim.Variant(row[1].ByteArray()) != v || row[2].Int32() != parquetDate(date) {
			return nil, fmt.Errorf("%s: row %d: expected replication %d, %s, %s", p.path, p.read, rep, v, date.Format(time.DateOnly))
		}
		d := sim.Day{Date: date, TerminalTEU: make([]float64, p.terminals)}
		for j, c := range p.cols {
			x := row[3+j]
			if c.Integer {
				c.Set(&d, float64(x.Int32()))
			} else {
				c.Set(&d, x.Double())
			}
		}
		days[k] = d
	}
	return days, nil
}

// Close closes the file.
func (p *DailyParquetReader) Close() error {
	if p.rows != nil {
		p.rows.Close()
	}
	return p.f.Close()
}
