package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// recordKinds are the records "canalsim run --records" can write.
var recordKinds = []string{"lockages"}

// parseRecords checks the values of --records.
func parseRecords(values []string) (lockages bool, err error) {
	for _, v := range values {
		switch v {
		case "lockages":
			lockages = true
		default:
			if s := input.Suggest(v, recordKinds); s != "" {
				return false, usagef("--records: unknown record %q; did you mean %q?", v, s)
			}
			return false, usagef("--records: unknown record %q; expected one of: %s", v, strings.Join(recordKinds, ", "))
		}
	}
	return lockages, nil
}

// lockageLog gathers the lockages of a study as lockages.csv rows, by
// replication and variant, so the file comes out in replication order
// whatever the order the replications ran in. Each replication is run by
// one goroutine, and writes only its own buffers.
type lockageLog struct {
	rows [][2]bytes.Buffer // by replication: baseline, scenario
}

func newLockageLog(replications int) *lockageLog {
	return &lockageLog{rows: make([][2]bytes.Buffer, replications)}
}

// lockagesHeader is the header of lockages.csv (docs/outputs.md).
const lockagesHeader = "replication,variant,lock,lane,chamber,direction,start,end,empty,vessels,water_mgal\n"

// observer returns the hooks that fill the log.
func (g *lockageLog) observer() *sim.Observer {
	return &sim.Observer{Lockage: func(rep int, v sim.Variant, l sim.Lockage) {
		i := 0
		if v == sim.Disrupted {
			i = 1
		}
		b := &g.rows[rep][i]
		chamber, dir := "", "down"
		if l.Chamber >= 0 {
			chamber = strconv.Itoa(l.Chamber)
		}
		if l.Up {
			dir = "up"
		}
		var vs []byte
		for j, n := range l.Vessels {
			if j > 0 {
				vs = append(vs, ' ')
			}
			vs = strconv.AppendInt(vs, int64(n), 10)
		}
		fmt.Fprintf(b, "%d,%s,%s,%d,%s,%s,%s,%s,%t,%s,%s\n", rep, v, l.Lock, l.Lane, chamber, dir,
			l.Start.Format(lockageTime), l.End.Format(lockageTime), l.Empty, vs,
			strconv.FormatFloat(l.WaterMgal, 'f', -1, 64))
	}}
}

// lockageTime is the layout of the times in lockages.csv: Panama local
// time, to the second.
const lockageTime = "2006-01-02T15:04:05"

// WriteCSV writes lockages.csv: the header, then every lockage by
// replication, variant (baseline first) and the order the lanes committed
// to them.
func (g *lockageLog) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, lockagesHeader); err != nil {
		return err
	}
	for i := range g.rows {
		for j := range g.rows[i] {
			if _, err := w.Write(g.rows[i][j].Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}
