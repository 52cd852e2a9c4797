package results

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/canalsim/canalsim/sim"
	"github.com/canalsim/canalsim/sim/input"
)

// Manifest is the provenance of a results folder (manifest.json): what
// ran, from which input, with which seed, by which program, and when. It
// is what a reviewer needs to reproduce a run. Everything in it but the
// wall-clock fields and Args follows from the scenario and the program.
type Manifest struct {
	Program   string `json:"program"`
	Version   string `json:"version"`
	GoVersion string `json:"go_version"`

	Scenario    string `json:"scenario"`
	Description string `json:"description"`
	// ScenarioFile is the path or embedded name the scenario came from;
	// ScenarioText its text and ScenarioSHA256 the text's hash.
	ScenarioFile   string `json:"scenario_file"`
	ScenarioSHA256 string `json:"scenario_sha256"`
	ScenarioText   string `json:"scenario_text"`
	Network        string `json:"network"`
	Demand         string `json:"demand"`
	// InputsSHA256 are the SHA-256 of the network, the demand and the
	// arrivals as run (their content, whichever file or flag named them;
	// "" for no arrivals), so that results and records of other inputs
	// are told apart.
	NetworkSHA256  string `json:"network_sha256"`
	DemandSHA256   string `json:"demand_sha256"`
	ArrivalsSHA256 string `json:"arrivals_sha256,omitempty"`

	Seed         uint64       `json:"seed"`
	Replications int          `json:"replications"`
	Start        string       `json:"start"`
	Days         int          `json:"days"`
	WarmupDays   int          `json:"warmup_days"`
	Terminals    []string     `json:"terminals"`
	Disruptions  []sim.Window `json:"disruptions"`
	// Assumptions are the scenario's uncertain parameters, drawn per
	// replication (none for a scenario without).
	Assumptions []sim.SensitivityParam `json:"assumptions,omitempty"`

	// Args is the command line; Workers the replications run at once.
	Args    []string `json:"args,omitempty"`
	Workers int      `json:"workers,omitempty"`
	// StartedAt and FinishedAt are wall-clock times, set by the program
	// that ran the study (never by this package).
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	// Files lists the files written to the folder.
	Files []string `json:"files,omitempty"`
}

// NewManifest fills a manifest from a study's result and the scenario's
// source (file name and text). The caller adds the program fields, the
// command line and the wall-clock times.
func NewManifest(r *sim.Result, file string, text []byte) *Manifest {
	sc := r.Scenario
	sum := sha256.Sum256(text)
	m := &Manifest{
		Program:        "canalsim",
		Scenario:       sc.Name,
		Description:    sc.Description,
		ScenarioFile:   file,
		ScenarioSHA256: hex.EncodeToString(sum[:]),
		ScenarioText:   string(text),
		Network:        sc.UsedNetwork().Name,
		Demand:         sc.UsedDemand().Name,
		NetworkSHA256:  sim.NetworkSHA256(sc.UsedNetwork()),
		DemandSHA256:   sim.DemandSHA256(sc.UsedDemand()),
		Seed:           sc.Seed,
		Replications:   sc.Replications,
		Start:          sc.Start.Format(input.DateLayout),
		Days:           sc.Days,
		WarmupDays:     sc.WarmupDays,
		Terminals:      r.Terminals,
		Disruptions:    r.Windows,
	}
	if sc.Arrivals != nil {
		m.ArrivalsSHA256 = digest(sc.Arrivals)
	}
	for _, a := range sc.Assumptions {
		m.Assumptions = append(m.Assumptions, sim.SensitivityParam{Path: a.Path, Dist: a.Dist.String(), Source: a.Source, Sourced: a.Sourced()})
	}
	if m.Disruptions == nil {
		m.Disruptions = []sim.Window{}
	}
	return m
}

// digest returns the SHA-256 of v's JSON encoding.
func digest(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
