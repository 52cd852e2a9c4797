package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/canalsim/canalsim/plots"
	"github.com/canalsim/canalsim/results"
	"github.com/canalsim/canalsim/scenarios"
	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// A run that does not end with its results writes its finished
// replications to a records folder instead:
//   - OUT/NAME.partial/ when it was interrupted (Ctrl-C, SIGTERM): "run
//     --resume" continues it without repeating them;
//   - OUT/NAME.shard-K-of-N/ when it ran shard K of N: "merge" combines
//     the shards into the results of the whole run.
// A records folder holds run.json (what ran: recordInfo), the days of its
// replications as the run wrote them (daily.csv, and daily.parquet with
// --parquet) and runs.gob (the replications without their days, as
// sim.Records), so that results built from them are the same bytes as
// those of an uninterrupted, unsharded run: a run fills its temporary
// folder as it goes, and seals it as a records folder when it does not
// end with results (sealRecords). A sensitivity analysis keeps its records the same way,
// in OUT/NAME-sensitivity.partial/ and OUT/NAME-sensitivity.shard-K-of-N/,
// with points.csv (the design points' metric values) for runs.gob: see
// sensitivity.go.

// recordInfo is run.json: what a records folder holds and how it was run.
type recordInfo struct {
	Program        string `json:"program"`
	Version        string `json:"version"`
	Scenario       string `json:"scenario"`
	ScenarioFile   string `json:"scenario_file"`
	ScenarioSHA256 string `json:"scenario_sha256"`
	ScenarioText   string `json:"scenario_text"`
	// Inputs is the SHA-256 of the network, the demand and the arrivals
	// as run (results.Manifest's hashes), which the scenario text may not
	// fix (files it names can change; flags can replace them).
	Inputs       string `json:"inputs_sha256"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"`
	Days         int    `json:"days"`
	WarmupDays   int    `json:"warmup_days"`
	Shard        int    `json:"shard,omitempty"`
	Shards       int    `json:"shards,omitempty"`
	Format       string `json:"format"`
	Parquet      bool   `json:"parquet,omitempty"`
	// NoFigures and NoReport say the run was asked not to draw the
	// figures or write report.html (--figures=false, --report=false).
	NoFigures  bool     `json:"no_figures,omitempty"`
	NoReport   bool     `json:"no_report,omitempty"`
	Thresholds []string `json:"thresholds,omitempty"`
	// Sensitivity, in the records of a sensitivity analysis, says which
	// analysis; Replications is then the design's rows, and Done lists
	// its points kept in points.csv.
	Sensitivity *sensitivityInfo `json:"sensitivity,omitempty"`
	// Done lists the replications in runs.gob, in order (the points in
	// points.csv).
	Done []int    `json:"done"`
	Args []string `json:"args"`
	// Files holds the SHA-256 of each data file of the folder (runs.gob
	// and the days' files, or points.csv), by name.
	Files map[string]string `json:"files_sha256"`
	// Seal is the SHA-256 of run.json's content with Seal empty (the
	// JSON encoding of recordInfo), so that an edited run.json (another
	// seed, the text of another scenario) is refused rather than giving
	// the results of a study that did not run.
	Seal string `json:"sha256"`
}

// newRecordInfo describes a run of sc from src.
func newRecordInfo(sc *sim.Scenario, src *scenarios.Source, sh shard, o output, args []string) recordInfo {
	man := results.NewManifest(&sim.Result{Scenario: sc}, src.Name, src.Text)
	info := recordInfo{
		Program: "canalsim", Version: programVersion(),
		Scenario: sc.Name, ScenarioFile: src.Name, ScenarioSHA256: man.ScenarioSHA256, ScenarioText: string(src.Text),
		Inputs: man.NetworkSHA256 + " " + man.DemandSHA256 + " " + man.ArrivalsSHA256,
		Seed:   sc.Seed, Replications: sc.Replications, Days: sc.Days, WarmupDays: sc.WarmupDays,
		Shard: sh.k, Shards: sh.n, Format: string(o.format), Parquet: o.parquet,
		NoFigures: !o.figures, NoReport: !o.report, Args: args,
	}
	for _, t := range o.thresholds {
		info.Thresholds = append(info.Thresholds, fmt.Sprintf("%s=%g", t.Metric, t.Value))
	}
	return info
}

// sameRun reports how two records folders' runs differ, or "" when they
// are runs of the same study (the same scenario text, seed, replications,
// calendar and program version, and shard count).
func (a recordInfo) sameRun(b recordInfo) string {
	if diff := a.sameAnalysis(b); diff != "" {
		return diff
	}
	switch {
	case a.ScenarioSHA256 != b.ScenarioSHA256:
		return fmt.Sprintf("different scenario files (%s and %s, SHA-256 %.12s and %.12s)", a.ScenarioFile, b.ScenarioFile, a.ScenarioSHA256, b.ScenarioSHA256)
	case a.Inputs != b.Inputs:
		return "different network, demand or arrivals (the files the scenario names changed, or --network, --demand or --arrivals differ)"
	case a.Seed != b.Seed:
		return fmt.Sprintf("different seeds (%d and %d)", a.Seed, b.Seed)
	case a.Replications != b.Replications:
		return fmt.Sprintf("different replications (%d and %d)", a.Replications, b.Replications)
	case a.Days != b.Days || a.WarmupDays != b.WarmupDays:
		return fmt.Sprintf("different calendars (%d days after %d of warm-up, and %d after %d)", a.Days, a.WarmupDays, b.Days, b.WarmupDays)
	case a.Version != b.Version:
		return fmt.Sprintf("different program versions (%s and %s)", a.Version, b.Version)
	case a.Shards != b.Shards:
		return fmt.Sprintf("different shard counts (%d and %d)", a.Shards, b.Shards)
	case a.Parquet != b.Parquet:
		// The days of a run with --parquet are read back from
		// daily.parquet, at full precision; the others have only
		// daily.csv's.
		return "one was run with --parquet, the other without"
	}
	return ""
}

// runsFile is the name of the replications' records in a records
// folder: sim.Records, without their days, one gob value each, in
// replication order (run.json's done list).
const runsFile = "runs.gob"

// sealRecords makes dir, a folder holding the days of res's replications
// that days wrote (closed), a records folder: it removes whatever else
// dir holds (results partly written), writes runs.gob, the records of the
// replications days holds, and run.json, info with their list and every
// file's SHA-256, sealed.
func sealRecords(dir string, info recordInfo, res *sim.Result, days *daySink) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !slices.Contains(days.names, e.Name()) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	info.Done = days.reps
	files := days.sums()
	h := sha256.New()
	err = results.WriteFile(filepath.Join(dir, runsFile), func(w io.Writer) error {
		enc := sim.NewRecordEncoder(io.MultiWriter(w, h))
		for _, rep := range days.reps {
			rec, err := res.Record(rep)
			if err != nil {
				return err
			}
			if err := enc.Encode(rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	files[runsFile] = hex.EncodeToString(h.Sum(nil))
	return writeRunJSON(dir, info, files)
}

// writeRecordsFolder writes the records folder dir: its data file name,
// written by write, and run.json, info with the data file's SHA-256 and
// sealed (checkInfo and checkData check both when the folder is read).
func writeRecordsFolder(dir string, info recordInfo, name string, write func(io.Writer) error) error {
	return replaceDir(dir, func(tmp string) error {
		h := sha256.New()
		if err := results.WriteFile(filepath.Join(tmp, name), func(w io.Writer) error { return write(io.MultiWriter(w, h)) }); err != nil {
			return err
		}
		return writeRunJSON(tmp, info, map[string]string{name: hex.EncodeToString(h.Sum(nil))})
	})
}

// writeRunJSON writes run.json into dir: info with the SHA-256 of the
// folder's data files, by name, sealed.
func writeRunJSON(dir string, info recordInfo, files map[string]string) error {
	info.Files = files
	info.Seal = ""
	info.Seal = info.seal()
	return results.WriteFile(filepath.Join(dir, "run.json"), func(w io.Writer) error { return results.WriteJSON(w, info) })
}

// seal returns the SHA-256 of info's JSON encoding, with the Seal it has.
func (info recordInfo) seal() string {
	data, err := json.Marshal(info)
	if err != nil {
		panic(err) // a recordInfo always encodes
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// resumable reads the records of the interrupted run (or analysis, as
// what says) in partial and checks they are those of info: the same
// inputs, options and shard; a records folder of another is refused
// (exit 2) and left as it is.
func resumable(partial string, info recordInfo, what string) (recordInfo, error) {
	old, err := readInfo(partial)
	if err != nil {
		return old, err
	}
	if diff := old.sameRun(info); diff != "" || old.Shard != info.Shard {
		if diff == "" {
			diff = fmt.Sprintf("different shards (%d and %d)", old.Shard, info.Shard)
		}
		return old, usagef("%s is not this %s (%s); it is left as it is", partial, what, diff)
	}
	return old, nil
}

// readInfo reads a records folder's run.json and checks it (checkInfo);
// a folder that is not there, or not a folder, is the user's to fix.
func readInfo(dir string) (recordInfo, error) {
	var info recordInfo
	switch st, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return info, usagef("%s: no such folder", dir)
	case err != nil:
		return info, usageError{err}
	case !st.IsDir():
		return info, usagef("%s is not a folder; give the folders of the shards (or of an interrupted run)", dir)
	}
	path := filepath.Join(dir, "run.json")
	data, err := input.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return info, usagef("%s is not a canalsim records folder (a shard or an interrupted run): it has no run.json", dir)
	}
	if err != nil {
		return info, usageError{err}
	}
	if err := json.Unmarshal(data, &info); err != nil {
		return info, &input.Error{Pos: results.JSONPos(path, data, err), Msg: "not valid JSON: " + err.Error()}
	}
	return info, checkInfo(path, data, info)
}

// checkInfo checks run.json, read from path as data into info: that its
// scenario text is the one its hash names and that its seal is that of
// its content. Records that do not match are refused whole: a run built
// from them would not be the one they say.
func checkInfo(path string, data []byte, info recordInfo) error {
	redo := "; it is refused: restore it, or delete the folder and run again"
	sum := sha256.Sum256([]byte(info.ScenarioText))
	if hex.EncodeToString(sum[:]) != info.ScenarioSHA256 {
		return &input.Error{Pos: jsonKeyPos(path, data, "scenario_text"), Msg: "scenario_text is not the text whose SHA-256 is scenario_sha256 (edited?)" + redo}
	}
	if info.Seal == "" {
		return &input.Error{Pos: input.Pos{File: path}, Msg: "no sha256 to check the records against (written by an earlier canalsim?)" + redo}
	}
	unsealed := info
	unsealed.Seal = ""
	if unsealed.seal() != info.Seal {
		return &input.Error{Pos: jsonKeyPos(path, data, "sha256"), Msg: "edited or damaged: its content does not match its sha256" + redo}
	}
	return nil
}

// jsonKeyPos returns the position of the first "key": in the JSON data
// read from path (the file alone when there is none).
func jsonKeyPos(path string, data []byte, key string) input.Pos {
	off := bytes.Index(data, []byte(`"`+key+`":`))
	if off < 0 {
		return input.Pos{File: path}
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	return input.Pos{File: path, Line: line, Col: off - bytes.LastIndexByte(data[:off], '\n')}
}

// checkData checks that the data file name of the records folder dir has
// the SHA-256 that its run.json, info, records, reading it through once.
func checkData(dir string, info recordInfo, name string) error {
	path := filepath.Join(dir, name)
	f, err := input.Open(path)
	if err != nil {
		return usagef("%s: %v", dir, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return usagef("%s: %v", dir, err)
	}
	return checkSum(path, info, name, h.Sum(nil))
}

// checkSum checks sum, the SHA-256 of the data file name at path, against
// the one run.json, info, records.
func checkSum(path string, info recordInfo, name string, sum []byte) error {
	if want, ok := info.Files[name]; !ok || hex.EncodeToString(sum) != want {
		return usagef("%s is damaged or not this folder's (another run's?): its SHA-256 is not the one run.json records; it is refused: restore it, or delete the folder and run again", path)
	}
	return nil
}

// recordSource reads a records folder's replications back, one at a
// time in replication order, with their days: into a Result and the day
// files of the folder being written (merge, --resume).
type recordSource struct {
	dir   string
	info  recordInfo
	f     *os.File
	dec   *sim.RecordDecoder
	days  dayReader
	dates []time.Time
	// k is the place in info.Done of the next replication.
	k int
}

// openRecords opens the records folder dir, whose run.json is info, for
// a study of res: it checks that every file is the one run.json records
// (reading each through once) and that its replications are in order.
func openRecords(dir string, info recordInfo, res *sim.Result) (*recordSource, error) {
	need := []string{runsFile, "daily.csv"}
	if info.Parquet {
		need = append(need, "daily.parquet")
	}
	for _, name := range need {
		if err := checkData(dir, info, name); err != nil {
			return nil, err
		}
	}
	for k, rep := range info.Done {
		if rep < 0 || rep >= len(res.Done) || k > 0 && rep <= info.Done[k-1] {
			return nil, usagef("%s: run.json's done list is not of replications in increasing order from 0 to %d", dir, len(res.Done)-1)
		}
	}
	f, err := input.Open(filepath.Join(dir, runsFile))
	if err != nil {
		return nil, usagef("%s: %v", dir, err)
	}
	days, err := openDayReader(dir, res.Terminals, info.Parquet)
	if err != nil {
		f.Close()
		return nil, usageError{err}
	}
	s := &recordSource{dir: dir, info: info, f: f, dec: sim.NewRecordDecoder(bufio.NewReader(f)), days: days}
	sc := res.Scenario
	for k := range sc.Days {
		s.dates = append(s.dates, sc.Start.AddDate(0, 0, k))
	}
	return s, nil
}

// next returns the replication feed reads next, and false after the last.
func (s *recordSource) next() (int, bool) {
	if s.k == len(s.info.Done) {
		return 0, false
	}
	return s.info.Done[s.k], true
}

// feed reads the next replication: its record into res, which must not
// hold it yet, and its days into days.
func (s *recordSource) feed(res *sim.Result, days *daySink) error {
	want, _ := s.next()
	var rec sim.Record
	if err := s.dec.Decode(&rec); err != nil {
		return usagef("%s: runs.gob is damaged: %v", s.dir, err)
	}
	if rec.Replication != want {
		return usagef("%s: runs.gob does not match run.json", s.dir)
	}
	if res.Done[want] {
		return usagef("%s: replication %d is also in another folder", s.dir, want)
	}
	if err := res.SetRecord(rec); err != nil {
		return usagef("%s: runs.gob is damaged: %v", s.dir, err)
	}
	var err error
	b, d := rec.Baseline, rec.Disrupted
	if b.Days, err = s.days.run(want, sim.Baseline, s.dates); err != nil {
		return usageError{err}
	}
	if d.Days, err = s.days.run(want, sim.Disrupted, s.dates); err != nil {
		return usageError{err}
	}
	s.k++
	return days.add(want, &b, &d)
}

// close closes the folder's files.
func (s *recordSource) close() {
	s.f.Close()
	s.days.close()
}

// feedBefore feeds every replication of the sources before rep (all of
// them for math.MaxInt), in replication order, into res and days. stop,
// if not nil, is asked before each: an error it returns ends the feed.
func feedBefore(rep int, sources []*recordSource, res *sim.Result, days *daySink, stop func() error) error {
	for {
		var first *recordSource
		low := rep
		for _, s := range sources {
			if r, ok := s.next(); ok && r < low {
				first, low = s, r
			}
		}
		if first == nil {
			return nil
		}
		if stop != nil {
			if err := stop(); err != nil {
				return err
			}
		}
		if err := first.feed(res, days); err != nil {
			return err
		}
	}
}

// studyOf rebuilds the scenario a records folder ran: its text, parsed
// as it was (relative paths from the original file's folder), with the
// seed, replications and warm-up that ran.
func studyOf(info recordInfo) (*sim.Scenario, *scenarios.Source, error) {
	src := &scenarios.Source{Name: info.ScenarioFile, Text: []byte(info.ScenarioText)}
	sc, err := src.Parse()
	if err != nil {
		return nil, nil, err
	}
	sc.Seed, sc.Replications, sc.WarmupDays = info.Seed, info.Replications, info.WarmupDays
	if err := sc.Check(); err != nil {
		return nil, nil, usageError{err}
	}
	return sc, src, nil
}

// output returns the outputs a records folder's run asked for.
func (info recordInfo) output() (output, error) {
	f, err := plots.ParseFormat(info.Format)
	if err != nil {
		return output{}, usageError{err}
	}
	o := output{format: f, parquet: info.Parquet, figures: !info.NoFigures, report: !info.NoReport}
	for _, t := range info.Thresholds {
		th, err := results.ParseThreshold(t)
		if err != nil {
			return output{}, usageError{err}
		}
		o.thresholds = append(o.thresholds, th)
	}
	return o, nil
}
