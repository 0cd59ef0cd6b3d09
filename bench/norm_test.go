package bench

import (
	"testing"

	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// lenet5BN is LeNet-5 with batch normalisation after each convolution and
// the first dense layer.
const lenet5BN = "conv2d(1,6,5,padding=2),batchnorm2d(6),relu,maxpool2d(2),conv2d(6,16,5),batchnorm2d(16),relu,maxpool2d(2),flatten," +
	"linear(400,120),batchnorm1d(120),relu,linear(120,84),relu,linear(84,10)"

// BenchmarkCNNBatchNormStep times one training step of LeNet-5 with batch
// normalisation; compare with BenchmarkCNNStep for its cost.
func BenchmarkCNNBatchNormStep(b *testing.B) { benchStep(b, newTrainStep(lenet5BN, 64, 1, 28, 28)) }

// TestCNNBatchNormStepAllocs checks that the step allocates nothing.
func TestCNNBatchNormStepAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("a LeNet-5 step on a full batch")
	}
	checkStepAllocs(t, newTrainStep(lenet5BN, 64, 1, 28, 28), 2)
}

// BenchmarkBatchNorm2d times a training-mode forward and backward pass
// over [64, 16, 14, 14]; bytes/s counts the input read once.
func BenchmarkBatchNorm2d(b *testing.B) {
	rng := tensor.NewRand(1)
	l := nn.NewBatchNorm2d(16)
	x := tensor.RandN(rng, 0, 1, 64, 16, 14, 14)
	dy := tensor.RandN(rng, 0, 1, x.Shape()...)
	l.Forward(x) // sizes the buffers
	l.Backward(dy)
	b.SetBytes(int64(4 * x.Len()))
	b.ReportAllocs()
	for b.Loop() {
		l.Forward(x)
		l.Backward(dy)
	}
}

// BenchmarkEmbedding times the lookup and the sparse weight gradient of a
// batch of 64 sequences of 32 ids into a 10000 x 128 table.
func BenchmarkEmbedding(b *testing.B) {
	rng := tensor.NewRand(1)
	l := nn.NewEmbedding(10000, 128, rng)
	ids := tensor.New(64, 32)
	for i := range ids.Data() {
		ids.Data()[i] = float32(rng.IntN(10000))
	}
	dy := tensor.RandN(rng, 0, 1, 64, 32, 128)
	l.Forward(ids) // sizes the buffers
	b.SetBytes(int64(4 * dy.Len()))
	b.ReportAllocs()
	for b.Loop() {
		l.Forward(ids)
		l.Backward(dy)
	}
}
