package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/parquet-go/parquet-go"
)

// columnType is the Parquet type of a record's column.
type columnType int

const (
	colInt   columnType = iota // INT32
	colName                    // STRING, dictionary-encoded: a few values repeated
	colText                    // STRING, plain: values mostly distinct
	colBool                    // BOOLEAN
	colFloat                   // DOUBLE
	colTime                    // TIMESTAMP(MILLIS), local time (not adjusted to UTC)
)

// recordColumn is a column of a record, the same in NAME.csv and
// NAME.parquet. An optional column's empty CSV cells are Parquet nulls.
type recordColumn struct {
	name     string
	typ      columnType
	optional bool
}

// recordColumns are the columns of each record, in order: the one place
// that says them, for the CSV header and the Parquet schema alike
// (docs/outputs.md).
var recordColumns = map[string][]recordColumn{
	recordLockages: {
		{"replication", colInt, false}, {"variant", colName, false},
		{"lock", colName, false}, {"lane", colInt, false}, {"chamber", colInt, true},
		{"direction", colName, false}, {"start", colTime, false}, {"end", colTime, false},
		{"empty", colBool, false}, {"vessels", colText, false}, {"water_mgal", colFloat, false},
	},
	recordVessels: {
		{"replication", colInt, false}, {"variant", colName, false},
		{"vessel", colInt, false}, {"stream", colName, false}, {"class", colName, false},
		{"segment", colName, false}, {"carrier", colName, false}, {"flag", colName, false},
		{"booked", colBool, false}, {"arrived", colTime, false},
		{"transit_start", colTime, true}, {"waited_h", colFloat, true},
		{"transit_end", colTime, true}, {"canal_wait_h", colFloat, true},
		{"left", colTime, false}, {"outcome", colName, false}, {"node", colName, false},
	},
	recordCalls: {
		{"replication", colInt, false}, {"variant", colName, false},
		{"vessel", colInt, false}, {"planned", colName, false}, {"terminal", colName, false},
		{"teu", colFloat, false}, {"start", colTime, false}, {"end", colTime, false},
	},
}

// recordHeader returns the CSV header line of a record kind.
func recordHeader(kind string) string {
	var b strings.Builder
	for i, c := range recordColumns[kind] {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(c.name)
	}
	b.WriteByte('\n')
	return b.String()
}

// node returns the column's Parquet node.
func (c recordColumn) node() parquet.Node {
	var n parquet.Node
	switch c.typ {
	case colInt:
		n = parquet.Leaf(parquet.Int32Type)
	case colName:
		n = parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
	case colText:
		n = parquet.String()
	case colBool:
		n = parquet.Leaf(parquet.BooleanType)
	case colFloat:
		n = parquet.Leaf(parquet.DoubleType)
	case colTime:
		n = parquet.TimestampAdjusted(parquet.Millisecond, false)
	}
	if c.optional {
		n = parquet.Optional(n)
	}
	return n
}

// value converts a CSV cell of the column to its Parquet value at column
// index i.
func (c recordColumn) value(cell string, i int) (parquet.Value, error) {
	if c.optional && cell == "" {
		return parquet.NullValue().Level(0, 0, i), nil
	}
	var v parquet.Value
	switch c.typ {
	case colInt:
		n, err := strconv.ParseInt(cell, 10, 32)
		if err != nil {
			return v, err
		}
		v = parquet.Int32Value(int32(n))
	case colName, colText:
		v = parquet.ByteArrayValue([]byte(cell))
	case colBool:
		b, err := strconv.ParseBool(cell)
		if err != nil {
			return v, err
		}
		v = parquet.BooleanValue(b)
	case colFloat:
		x, err := strconv.ParseFloat(cell, 64)
		if err != nil {
			return v, err
		}
		v = parquet.DoubleValue(x)
	case colTime:
		// The local clock's reading, as a TIMESTAMP not adjusted to
		// UTC stores it: the time in UTC that reads the same.
		t, err := time.Parse(recordTime, cell)
		if err != nil {
			return v, err
		}
		v = parquet.Int64Value(t.UnixMilli())
	}
	def := 0
	if c.optional {
		def = 1
	}
	return v.Level(0, def, i), nil
}

// parquetWriter returns the writer of one kind's Parquet file,
// NAME.parquet: the rows of NAME.csv in the same order, with the same
// columns, typed (recordColumns), written by results.NewParquetWriter
// (row groups, compression, no timestamp: the same run gives the same
// bytes). The values are the CSV's, read back from the rows gathered
// (hours to 0.001, TEU to 0.1): the two files always agree.
func (g *recordLog) parquetWriter(kind string) func(io.Writer) error {
	return func(w io.Writer) error {
		cols := recordColumns[kind]
		fields := make([]parquet.Field, 0, len(cols))
		for _, c := range cols {
			fields = append(fields, results.ParquetField(c.name, c.node()))
		}
		name := kind + ".parquet"
		pw := results.NewParquetWriter(w, kind, fields)
		rows := make([]parquet.Row, 0, 1024)
		flush := func() error {
			if _, err := pw.WriteRows(rows); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			rows = rows[:0]
			return nil
		}
		for i := range g.slots {
			for j := range g.slots[i] {
				r := csv.NewReader(bytes.NewReader(g.slots[i][j].rows[kind].Bytes()))
				r.FieldsPerRecord = len(cols)
				r.ReuseRecord = true
				for {
					cells, err := r.Read()
					if err == io.EOF {
						break
					}
					if err != nil {
						return fmt.Errorf("%s: %w", name, err)
					}
					row := make(parquet.Row, len(cols))
					for k, c := range cols {
						if row[k], err = c.value(cells[k], k); err != nil {
							return fmt.Errorf("%s: %s: %w", name, c.name, err)
						}
					}
					rows = append(rows, row)
					if len(rows) == cap(rows) {
						if err := flush(); err != nil {
							return err
						}
					}
				}
			}
		}
		if len(rows) > 0 {
			if err := flush(); err != nil {
				return err
			}
		}
		if err := pw.Close(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
}
