package kernel

import "math/rand/v2"

// Streams derives independent random number streams from one run seed and a
// replication index. Each component of a model asks for its own stream by
// name, so adding a component does not perturb the numbers the others draw,
// and a baseline and a disrupted run of the same replication draw the same
// numbers for the same purpose (common random numbers).
//
// Streams is a value and safe for concurrent use; the *rand.Rand it returns
// is not, and belongs to one simulation.
type Streams struct {
	Seed        uint64
	Replication uint64
}

// Stream returns a PCG generator seeded from (Seed, Replication, name).
// The same triple always gives the same sequence, on every platform. It
// never uses a global source.
func (s Streams) Stream(name string) *rand.Rand {
	return rand.New(s.Source(name))
}

// Source returns the PCG source behind Stream(name).
func (s Streams) Source(name string) *rand.PCG {
	// FNV-1a of the name, then SplitMix64 finalisers to spread every input
	// bit over both PCG seed words.
	h := uint64(14695981039346656037)
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= 1099511628211
	}
	hi := mix(s.Seed ^ mix(s.Replication+0x9e3779b97f4a7c15))
	lo := mix(h ^ mix(hi))
	return rand.NewPCG(hi, lo)
}

// mix is the SplitMix64 finaliser, a bijection on uint64 with good
// avalanche.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
