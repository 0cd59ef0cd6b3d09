package bench

import (
	"testing"

	"github.com/corten-ml/corten/internal/allocs"
	"github.com/corten-ml/corten/nn"
	"github.com/corten-ml/corten/tensor"
)

// stepsPerEpoch is the number of batch-64 steps in an MNIST epoch.
const stepsPerEpoch = 938

// trainStep is one training step of a model on random MNIST-shaped data
// (batch 64, Adam lr 1e-3, softmax cross-entropy over 10 classes): the
// unit of work of an epoch.
type trainStep struct {
	model *nn.Sequential
	opt   *nn.Adam
	loss  nn.SoftmaxCrossEntropy
	x     *tensor.Tensor
	y     []int
	flops int64 // of one step, forward and backward (nn.CountFLOPs)
}

// newTrainStep builds the model of spec, seeded, with a random input batch
// of the given shape (its first dimension is the batch).
func newTrainStep(spec string, shape ...int) *trainStep {
	rng := tensor.NewRand(1)
	s := &trainStep{
		model: nn.MustBuild(spec, rng),
		x:     tensor.RandN(rng, 0, 1, shape...),
		y:     make([]int, shape[0]),
	}
	for i := range s.y {
		s.y[i] = rng.IntN(10)
	}
	s.opt = nn.NewAdam(s.model.Params(), 1e-3)
	fwd, bwd, err := nn.CountFLOPs(s.model, shape)
	if err != nil {
		panic(err)
	}
	s.flops = fwd + bwd
	return s
}

func (s *trainStep) step() {
	s.opt.ZeroGrad()
	s.loss.Forward(s.model.Forward(s.x), s.y)
	s.model.Backward(s.loss.Backward())
	s.opt.Step()
}

// benchStep reports the time of one step, the implied seconds per epoch,
// the GFLOPS of the step's GEMMs and convolutions (nn.CountFLOPs) and
// their fraction of the FMA peak (peak-frac); after the first step (which sizes the layers' buffers) a step
// must allocate nothing (0 allocs/op).
func benchStep(b *testing.B, s *trainStep) {
	s.step()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s.step()
	}
	perStep := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perStep*1e6, "µs/step")
	b.ReportMetric(perStep*stepsPerEpoch, "s/epoch")
	reportFLOPS(b, float64(s.flops))
}

// checkStepAllocs keeps the zero-allocation promise under plain go test.
func checkStepAllocs(t *testing.T, s *trainStep, runs int) {
	t.Helper()
	s.step()
	if n := allocs.Steady(runs, 5, s.step); n != 0 {
		t.Errorf("training step allocates %v times, want 0", n)
	}
}
