package sensitivity

import "math/rand/v2"

// Salts keep the streams of the Saltelli base matrices, the bootstrap and
// the Morris trajectories apart when a caller uses one seed for all three.
const (
	saltSaltelli  = 0x5a17e111_0000_0001
	saltBootstrap = 0x5a17e111_0000_0002
	saltMorris    = 0x5a17e111_0000_0003
)

// newPCG returns a PCG source for (seed, salt, index), with every input
// bit spread over both seed words, so nearby seeds or indices give
// unrelated streams.
func newPCG(seed, salt, index uint64) *rand.PCG {
	hi := mix(seed ^ mix(salt))
	return rand.NewPCG(hi, mix(index^mix(hi)))
}

// mix is the SplitMix64 finaliser, a bijection on uint64 with good
// avalanche.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// belowOne is the largest float64 less than 1. Quasi-random and stratified
// constructions can round up to exactly 1; points are clamped to it so
// every coordinate stays in [0,1), where a Quantiler of an unbounded
// distribution is finite.
const belowOne = 1 - 0x1p-53
