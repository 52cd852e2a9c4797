package sim

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// ReplicationsHeader returns the header of replications.csv: replication
// and variant, every metric (r.Metrics()), every risk metric
// (r.RiskMetrics(), prefixed "risk."), and for each disruption k (from 1)
// whether it happened in the run and its window.
func (r *Result) ReplicationsHeader() []string {
	h := []string{"replication", "variant"}
	for _, m := range r.Metrics() {
		h = append(h, m.Name)
	}
	for _, m := range r.RiskMetrics() {
		h = append(h, "risk."+m.Name)
	}
	for k := range r.Windows {
		p := fmt.Sprintf("disruption%d_", k+1)
		h = append(h, p+"occurred", p+"from", p+"until")
	}
	return h
}

// WriteReplicationsCSV writes replications.csv: one row per replication
// done and variant (baseline first), with the run's value of every metric
// and, on the scenario's rows, the pair's risk metrics and the windows
// the run drew (risk and window cells are empty on baseline rows). Numbers
// are written in full (the shortest text that reads back to the same
// value); a metric without a value is an empty cell; times are RFC 3339
// in UTC.
func (r *Result) WriteReplicationsCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(r.ReplicationsHeader()); err != nil {
		return err
	}
	num := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	nRisk := len(r.RiskMetrics())
	for i, done := range r.Done {
		if !done {
			continue
		}
		for _, run := range []*Run{&r.Baseline[i], &r.Disrupted[i]} {
			row := []string{strconv.Itoa(i), string(run.Variant)}
			for _, x := range r.Values(run) {
				row = append(row, num(x))
			}
			if run.Variant == Baseline {
				for range nRisk + 3*len(r.Windows) {
					row = append(row, "")
				}
			} else {
				for _, x := range r.RiskValues(i) {
					row = append(row, num(x))
				}
				for k := range r.Windows {
					occurred, from, until := "0", "", ""
					if k < len(run.Windows) && run.Windows[k].Occurred {
						w := run.Windows[k]
						occurred, from, until = "1", w.From.UTC().Format(time.RFC3339), w.Until.UTC().Format(time.RFC3339)
					}
					row = append(row, occurred, from, until)
				}
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
