// Package sim simulates the Panama Canal and the container terminals at its
// entrances, or any waterway described the same way, and measures what
// disruptions cost: a discrete-event model of vessels arriving, calling at
// terminals, waiting for their transit, passing locks and cuts, and
// leaving, run many times on independent random numbers.
//
// # From a scenario to numbers
//
// A [Scenario] says what to simulate: the network, the demand, the
// calendar window (Start, Days, WarmupDays), the Seed, the number of
// Replications and the [Disruption] list. [Study] runs every replication
// twice, as the scenario's baseline (the same scenario without
// disruptions) and as the scenario, on the same random numbers, and
// returns a [Result] holding every [Run] and its [Day] records. Each
// replication's pair of runs comes to an [Outcome] ([Result.Outcome]):
// every metric of each run (transits_per_day, teu_per_day.<terminal>,
// lost_teu, diverted_calls, ...; [Result.Metrics], [LookupMetric]), the
// pair's risk metrics ([Result.RiskMetrics]), the quantity of each item of
// what the scenario costs whom ([Result.CostItems]), and each disruption
// window's effect where it happens, during the window and the recovery
// after it ([Result.WindowMetrics]). [Result.ReplicationValues],
// [Result.RiskValues] and [Result.ReplicationWaits] give parts of it.
//
// This package is the model: the statistics across replications are
// package github.com/canalsim/canalsim/results's. It describes the
// outcomes (results.Summarize: the mean, 95% interval and percentiles of
// every metric for the baseline, the scenario and their difference, the
// window effects, the costs), owns the files of a results folder
// (summary.json, daily.csv and its bands across replications,
// replications.csv, waits.csv, the provenance of the run in
// manifest.json), reads them back, and compares a run with published
// figures (a hindcast).
//
// The summary and the replications table need only each replication's
// outcome, reduced from its days when it is done. A study too large to
// hold every day takes them as they come, in replication order, with
// [Options].Each, and leaves them out of the Result with
// [Options].DropDays (package results folds them into a results folder
// this way: results.Stream). A replication without its days is a
// [Record], which encodes with encoding/gob: a program keeps records in
// files or gathers them from other machines, sets them into a Result
// ([Result.SetRecord]) and runs the replications still missing into it
// ([Options].Into), with the summary of one study.
//
// In code:
//
//	sc := &sim.Scenario{
//		Name:  "ppc-closure",
//		Start: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), Days: 90, WarmupDays: 14,
//		Seed: 1, Replications: 20,
//		Disruptions: []sim.Disruption{{
//			Target: sim.Target{Owner: "ck-hutchison"}, Effect: sim.Closure,
//			From: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC),
//			Until: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC),
//		}},
//	}
//	res, err := sim.Study(ctx, sc, sim.Options{})
//	if err != nil { ... }
//	lost := results.Summarize(res).Metrics[sim.MetricLostTEU].Difference
//
// [Scenario.Check] reports what would stop a scenario from running
// without running it: every problem at once, as a [*Problems], each with
// the path of its field ("disruptions[2].factor"). The rules of a
// disruption's parameters ([Effect.Takes], [ValueProblem]) are the same
// for scenarios built in Go and for scenario files, and so are their
// messages. Scenario files (YAML) are read into a Scenario by
// package github.com/canalsim/canalsim/scenarios; the command canalsim
// runs them and writes a results folder. Neither is needed to use this
// package.
//
// # Networks and demand
//
// A nil Scenario.Network is the embedded Panama network
// ([network.Panama]) and a nil Scenario.Demand its calibrated traffic
// ([PanamaDemand]). Both are shared and must not be modified; to vary
// them, take a fresh copy with network.Parse(network.PanamaFile,
// network.PanamaSource()) and ParseDemand(PanamaDemandFile,
// PanamaDemandSource()), change it, and pass a changed network through
// [network.New] again.
//
// Any other waterway can be built in Go or read from a file:
//
//   - a network is a [network.Network] of nodes (anchorages, approaches,
//     locks, lakes, cuts, terminals, a railway), reaches between them and
//     operators with dated tenures; [network.New] checks one built in Go
//     and builds its graph, [network.Load], [network.Read] and
//     [network.Parse] read YAML or JSON (docs/networks.md) and
//     [network.Write] writes it. Without an Operations block no daily cap
//     applies, and a lock type whose daily_transits is 0 has none either.
//     Without a summit lake there is no water balance and no draft limit
//     from the lake.
//   - a demand is a [Demand]: vessel classes ([Class]), Poisson arrival
//     streams ([Stream]) with their terminal calls ([Call]), carriers and
//     flags, what carriers do with a call a terminal cannot take
//     ([CallPolicy]), and dated changes of the traffic ([Change]). [LoadDemand] and [ParseDemand] read one from YAML;
//     [Demand.Check] checks it against a network.
//
// Example_twoTerminals builds a whole toy network and demand in Go.
//
// # Disruptions
//
// A [Disruption] applies an [Effect] over a window [From, Until), fixed or
// drawn per replication (Delay, Duration, Probability), to the nodes a
// [Target] selects (by node IDs, kind, side, operator, or owner through the
// chain of parent operators) or to the canal as a whole. Targets resolve on
// every date of the window ([Target.ResolveOver]): a window acts on a node
// only while the node matches its target, so a refusal by owner
// ck-hutchison stops at Balboa when APM Terminals takes it over on
// 2026-02-23. The effects:
//
//   - [Closure]: a node stops; vessels queue at closed locks, cuts and
//     reaches; calls at a closed terminal go elsewhere by the
//     [CallPolicy], or are lost.
//   - [CapacityFactor]: berths, lanes or railway TEU a day times Factor.
//   - [ProductivityFactor]: moves per crane-hour, or lockage speed, times
//     Factor.
//   - [Refusal]: terminals turn away the vessels a [Filter] matches
//     (carriers, flags, segments).
//   - [Obstruction]: a terminal and every node joined to it by water close.
//   - [LaneOutage]: Lanes lanes of a lock complex out of service.
//   - [RampUp]: productivity rises from Factor back to full over the
//     window.
//   - [SlotLimit]: a cap on the transits that start each day, by lock type.
//   - [DraftLimit]: a cap on the draft in the locks, by lock type.
//   - [InflowFactor]: the summit lake's inflow times Factor.
//   - [SpecialAuction]: extra slots a day, by lock type, sold to unbooked
//     vessels that have waited long.
//   - [DemandShock]: the arrivals a [Filter] matches times Factor.
//
// Overlapping effects combine by one rule: of one kind the strictest wins
// (of special auctions, the largest offer), a closure or an obstruction
// stops a node whatever else is in force, refusals add up, and different
// kinds combine.
//
// # What the answer rests on
//
// A scenario can declare parameters nobody published as uncertain
// (Scenario.Assumptions, [Assumption]: a path into the network, the
// demand or the disruptions, with a [Dist] and a source). Each
// replication then draws its own values, shared by its baseline and its
// scenario, so the summary's intervals cover the assumptions as well as
// the randomness of traffic, and the summary says for each metric how much
// of its spread the assumptions explain (results.Split). [Sensitivity] measures each
// assumption's share of the answer's variance with Sobol' indices or
// Morris screening (package github.com/canalsim/canalsim/sim/sensitivity
// does the statistics), and [Scenario.With] sets any parameter of a copy,
// for sweeps.
//
// # Effects where they happen, and what they cost
//
// An [Outcome] holds every metric over the whole run and, per disruption
// window, its effect during the window and the recovery after it
// ([WindowOutcome]), per day and in total; results.Summarize describes them
// across replications, with each window's share of normal. The costs say
// who pays, in US dollars: each [CostItem] is a quantity the scenario
// changes times a rate of a [CostRates] file (the embedded
// panama_costs.yaml, each rate with its source): the canal's tolls, the
// terminal operators' handling, the railway, and the shipowners' waiting
// and diversions.
//
// # Determinism
//
// A study uses no wall clock and no global random source. Replication i
// draws its numbers from (Seed, i): each demand stream from its own random
// stream (named by the stream, so adding a stream leaves the others'
// vessels unchanged) and each random disruption window from its own (by
// the disruption's index). The baseline and the scenario of a replication
// see the same vessels, so their paired difference measures the
// disruption alone. Results are stored by replication index:
// Options.Workers changes the speed, never the results, and the same
// scenario and seed give the same Result, the same summary and the same
// daily.csv bytes on any machine. [Replicate] runs one replication of one
// variant, the same run as in Study, for callers that spread a study
// across machines; [NewResult] and [Result.Set] gather such runs into a
// Result.
//
// # Observing a run
//
// Options.Observer takes hooks called as things happen inside each run
// ([Observer]: every [Lockage] of the locks, empty levellings included; a
// vessel's arrival, start and end of transit, diversion and departure as
// [VesselEvent]s; every terminal call worked as a [CallRecord]; nil hooks
// cost nothing). Besides: Options.Progress, called as
// each replication finishes; each [Run]'s
// records (its Days, the kernel events fired, the vessels arrived,
// departed, diverted and still inside, the disruption windows as they
// fell); and the [Day] fields, which cover transits, queues, TEU by
// terminal, lost and diverted calls, rail TEU, the lake level and the
// slots in force. The simulation kernel (package
// github.com/canalsim/canalsim/sim/kernel) has hooks on every event
// scheduled and fired (kernel.Hooks), for models written on the kernel;
// the simulator's own kernel.Sim is not exposed.
//
// # File formats
//
// Scenario files are documented in docs/scenarios.md, results
// (summary.json, daily.csv, manifest.json) in docs/outputs.md, and the
// model itself, with its assumptions, in docs/model.md. The network and
// demand formats are the YAML forms of [network.Network] and [Demand] (the
// yaml tags of their fields); the embedded files sim/network/panama.yaml
// and sim/panama_demand.yaml are complete, commented examples.
package sim
