package bench

import (
	"testing"

	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// lenet5 is the LeNet-5 of the reference workload "cnn" (peers/README.md).
const lenet5 = "conv2d(1,6,5,padding=2),relu,maxpool2d(2),conv2d(6,16,5),relu,maxpool2d(2),flatten," +
	"linear(400,120),relu,linear(120,84),relu,linear(84,10)"

// cnnStep is one training step of LeNet-5 on MNIST-shaped random data
// (batch 64 of [1, 28, 28], Adam, softmax cross-entropy): the unit of work
// of an epoch (938 steps).
type cnnStep struct {
	model *nn.Sequential
	opt   *nn.Adam
	loss  nn.SoftmaxCrossEntropy
	x     *tensor.Tensor
	y     []int
}

func newCNNStep() *cnnStep {
	rng := tensor.NewRand(1)
	s := &cnnStep{
		model: nn.MustBuild(lenet5, rng),
		x:     tensor.RandN(rng, 0, 1, 64, 1, 28, 28),
		y:     make([]int, 64),
	}
	for i := range s.y {
		s.y[i] = rng.IntN(10)
	}
	s.opt = nn.NewAdam(s.model.Params(), 1e-3)
	return s
}

func (s *cnnStep) step() {
	s.opt.ZeroGrad()
	s.loss.Forward(s.model.Forward(s.x), s.y)
	s.model.Backward(s.loss.Backward())
	s.opt.Step()
}

// BenchmarkCNNStep reports the time of one LeNet-5 training step and the
// implied seconds per MNIST epoch; after the first step it must allocate
// nothing (0 allocs/op). Run with GOMAXPROCS=1 for the one-thread figure.
func BenchmarkCNNStep(b *testing.B) {
	s := newCNNStep()
	s.step() // the first step sizes the layers' buffers
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s.step()
	}
	perStep := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perStep*1e6, "µs/step")
	b.ReportMetric(perStep*938, "s/epoch")
}

// TestCNNStepAllocs keeps the zero-allocation promise under plain go test.
func TestCNNStepAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("a LeNet-5 step on a full batch")
	}
	s := newCNNStep()
	s.step()
	if n := testing.AllocsPerRun(2, s.step); n != 0 {
		t.Errorf("training step allocates %v times, want 0", n)
	}
}
