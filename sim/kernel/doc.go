// Package kernel is canalsim's discrete-event simulation kernel: simulated
// time as integer ticks, an event calendar, random streams and
// capacity-limited servers. It knows nothing of canals.
//
// # Time
//
// Time counts microseconds since an epoch chosen by the model; a Clock
// converts ticks to calendar dates and back. Ticks are integers, so every
// run is exact and identical on every platform.
//
// # Events
//
// A Sim fires events in order of (time, sequence number): events at equal
// times fire in the order they were scheduled. An event is a Handler and a
// small integer argument, stored by value in a 4-ary heap, so scheduling
// and firing allocate nothing once the calendar has grown to its peak
// size. Entities are state machines driven by events, not goroutines.
//
// # Determinism and concurrency
//
// Nothing in this package reads the wall clock or a global random source.
// Random numbers come from Streams, derived from (seed, replication, stream
// name). Given the same seed and the same model, a run fires the same
// events in the same order with the same arguments, on any machine and any
// number of cores. Sim, Calendar and Server are not safe for concurrent
// use: run parallel replications in separate Sims, one per goroutine.
package kernel
