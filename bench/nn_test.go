package bench

import "testing"

// mlp is the reference workload "mlp" (peers/README.md): 784-128-10.
const mlp = "linear(784,128),relu,linear(128,10)"

// BenchmarkMLPStep times one training step of the MNIST MLP.
func BenchmarkMLPStep(b *testing.B) { benchStep(b, newTrainStep(mlp, 64, 784)) }

// TestMLPStepAllocs checks that an MLP training step allocates nothing.
func TestMLPStepAllocs(t *testing.T) { checkStepAllocs(t, newTrainStep(mlp, 64, 784), 5) }

// mlpBig is the reference workload "mlp-big": 784-512-512-10.
const mlpBig = "linear(784,512),relu,linear(512,512),relu,linear(512,10)"

// BenchmarkMLPBigStep times one training step of the larger MNIST MLP.
func BenchmarkMLPBigStep(b *testing.B) { benchStep(b, newTrainStep(mlpBig, 64, 784)) }
