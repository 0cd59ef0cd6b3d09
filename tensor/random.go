package tensor

import "math/rand/v2"

// NewRand returns a seeded random source, so that runs are reproducible.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// RandN returns a tensor of the given shape filled with normal samples of
// the given mean and standard deviation drawn from rng.
func RandN(rng *rand.Rand, mean, std float32, shape ...int) *Tensor {
	t := New(shape...)
	for i := range t.data {
		t.data[i] = mean + std*float32(rng.NormFloat64())
	}
	return t
}

// RandUniform returns a tensor of the given shape filled with uniform
// samples from [lo, hi) drawn from rng.
func RandUniform(rng *rand.Rand, lo, hi float32, shape ...int) *Tensor {
	t := New(shape...)
	for i := range t.data {
		t.data[i] = lo + (hi-lo)*float32(rng.Float64())
	}
	return t
}
