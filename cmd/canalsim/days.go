package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// A run writes the days of its replications as they come, in replication
// order, and keeps none: to daily.csv (and daily.parquet with --parquet)
// in the folder it fills, folding the figures' bands from them on the way
// (results.Stream). The same files hold the days of a records folder (a
// shard, an interrupted run), from which merge and --resume read them
// back a run at a time: daily.parquet, at full precision, when the run
// wrote it, else daily.csv.

// daySink writes a folder's day files as the replications come.
type daySink struct {
	st     *results.Stream
	csv    *bufio.Writer
	pq     *results.DailyParquet
	files  []*os.File
	names  []string
	hashes []hash.Hash
	// reps are the replications added, in order.
	reps []int
}

// openDays creates daily.csv, and daily.parquet when parquet is set, in
// dir for the replications of res's study.
func openDays(dir string, res *sim.Result, parquet bool) (*daySink, error) {
	s := &daySink{}
	create := func(name string) (io.Writer, error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		s.files, s.names, s.hashes = append(s.files, f), append(s.names, name), append(s.hashes, h)
		return io.MultiWriter(f, h), nil
	}
	w, err := create("daily.csv")
	if err != nil {
		return nil, err
	}
	s.csv = bufio.NewWriterSize(w, 1<<20)
	if s.st, err = results.NewStream(res, s.csv); err != nil {
		s.abort()
		return nil, err
	}
	if parquet {
		w, err := create("daily.parquet")
		if err != nil {
			s.abort()
			return nil, err
		}
		s.pq = results.NewDailyParquet(w, res.Terminals)
		s.st.Also(func(_ int, b, d *sim.Run) error {
			if err := s.pq.WriteRun(b); err != nil {
				return err
			}
			return s.pq.WriteRun(d)
		})
	}
	return s, nil
}

// add writes replication rep's days, after those of every replication
// added before it, which must be earlier ones.
func (s *daySink) add(rep int, baseline, scenario *sim.Run) error {
	if err := s.st.Add(rep, baseline, scenario); err != nil {
		return err
	}
	s.reps = append(s.reps, rep)
	return nil
}

// close completes the files.
func (s *daySink) close() error {
	err := s.st.Flush()
	if err == nil {
		err = s.csv.Flush()
	}
	if err == nil && s.pq != nil {
		err = s.pq.Close()
	}
	for _, f := range s.files {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	s.files = nil
	return err
}

// abort closes the files, for a folder that will not be kept.
func (s *daySink) abort() {
	for _, f := range s.files {
		f.Close()
	}
	s.files = nil
}

// sums returns the SHA-256 of each file written, by name (once closed).
func (s *daySink) sums() map[string]string {
	m := map[string]string{}
	for i, n := range s.names {
		m[n] = hex.EncodeToString(s.hashes[i].Sum(nil))
	}
	return m
}

// dayReader reads back the days a records folder holds, a run at a
// time, in the order they were written.
type dayReader interface {
	// run reads the days of replication rep's run of variant v: one per
	// date of dates.
	run(rep int, v sim.Variant, dates []time.Time) ([]sim.Day, error)
	close() error
}

// openDayReader opens the days of the records folder dir: daily.parquet
// when parquet is set (the values as simulated), else daily.csv.
func openDayReader(dir string, terminals []string, parquet bool) (dayReader, error) {
	if parquet {
		r, err := results.OpenDailyParquet(filepath.Join(dir, "daily.parquet"), terminals)
		if err != nil {
			return nil, err
		}
		return parquetDays{r}, nil
	}
	path := filepath.Join(dir, "daily.csv")
	f, err := input.Open(path)
	if err != nil {
		return nil, err
	}
	// A merge opens one reader per shard: a modest buffer each.
	dr, err := results.NewDailyReader(path, bufio.NewReaderSize(f, 64<<10))
	if err != nil {
		f.Close()
		return nil, err
	}
	if len(dr.Terminals) != len(terminals) {
		f.Close()
		return nil, &input.Error{Pos: input.Pos{File: path, Line: 1, Col: 1}, Msg: fmt.Sprintf("has %d terminals' columns, the study %d", len(dr.Terminals), len(terminals))}
	}
	return &csvDays{f: f, dr: dr}, nil
}

// parquetDays reads days from daily.parquet.
type parquetDays struct{ r *results.DailyParquetReader }

func (p parquetDays) run(rep int, v sim.Variant, dates []time.Time) ([]sim.Day, error) {
	return p.r.Run(rep, v, dates)
}

func (p parquetDays) close() error { return p.r.Close() }

// csvDays reads days from daily.csv.
type csvDays struct {
	f  *os.File
	dr *results.DailyReader
}

func (c *csvDays) run(rep int, v sim.Variant, dates []time.Time) ([]sim.Day, error) {
	days := make([]sim.Day, len(dates))
	for k, date := range dates {
		row, err := c.dr.Read()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: ends before replication %d's %s day %s", c.f.Name(), rep, v, date.Format(time.DateOnly))
		}
		if err != nil {
			return nil, err
		}
		if row.Replication != rep || row.Variant != v || !row.Date.Equal(date) {
			return nil, &input.Error{Pos: c.dr.Pos(), Msg: fmt.Sprintf("expected replication %d, %s, %s; got %d, %s, %s",
				rep, v, date.Format(time.DateOnly), row.Replication, row.Variant, row.Date.Format(time.DateOnly))}
		}
		days[k] = row.Day
	}
	return days, nil
}

func (c *csvDays) close() error { return c.f.Close() }
