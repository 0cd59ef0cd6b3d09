package bench

import (
	"testing"

	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// mlpStep is one training step of the MNIST MLP (784-128-10, batch 64,
// Adam, softmax cross-entropy) on random data: the unit of work of an
// epoch (938 steps).
type mlpStep struct {
	model *nn.Sequential
	opt   *nn.Adam
	loss  nn.SoftmaxCrossEntropy
	x     *tensor.Tensor
	y     []int
}

func newMLPStep() *mlpStep {
	rng := tensor.NewRand(1)
	s := &mlpStep{
		model: nn.MustBuild("linear(784,128),relu,linear(128,10)", rng),
		x:     tensor.RandUniform(rng, 0, 1, 64, 784),
		y:     make([]int, 64),
	}
	for i := range s.y {
		s.y[i] = rng.IntN(10)
	}
	s.opt = nn.NewAdam(s.model.Params(), 1e-3)
	return s
}

func (s *mlpStep) step() {
	s.opt.ZeroGrad()
	s.loss.Forward(s.model.Forward(s.x), s.y)
	s.model.Backward(s.loss.Backward())
	s.opt.Step()
}

// BenchmarkMLPStep reports the time of one training step; after the first
// step it must allocate nothing (0 allocs/op).
func BenchmarkMLPStep(b *testing.B) {
	s := newMLPStep()
	s.step() // the first step sizes the layers' buffers
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s.step()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e3, "µs/step")
}

// TestMLPStepAllocs keeps the zero-allocation promise under plain go test.
func TestMLPStepAllocs(t *testing.T) {
	s := newMLPStep()
	s.step()
	if n := testing.AllocsPerRun(5, s.step); n != 0 {
		t.Errorf("training step allocates %v times, want 0", n)
	}
}
