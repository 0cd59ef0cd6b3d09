package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/corten-ml/corten/tensor"
)

// gradTol is the float32 tolerance of the gradient checks: relative error
// (floored at GradCheckFloor) below 1e-2 with step GradCheckStep. Correct
// layers measure around 1e-4..1e-3; a wrong backward pass gives order 1.
const gradTol = 1e-2

// seededDropout is a Dropout whose mask is the same at every Forward, so
// finite differences see a fixed function.
type seededDropout struct {
	*Dropout
	src *rand.PCG
}

func (d seededDropout) Forward(x *tensor.Tensor) *tensor.Tensor {
	d.src.Seed(7, 7)
	return d.Dropout.Forward(x)
}

func checkGrads(t *testing.T, name string, model Layer, x *tensor.Tensor, loss LossFunc) {
	t.Helper()
	for _, e := range GradCheck(model, x, loss, GradCheckStep) {
		t.Logf("%s %v", name, e)
		if e.MaxRelErr > gradTol {
			t.Errorf("%s: %v exceeds %g", name, e, gradTol)
		}
	}
}

func TestGradCheckLayers(t *testing.T) {
	rng := tensor.NewRand(3)
	src := rand.NewPCG(7, 7)
	drop := seededDropout{NewDropout(0.3, rand.New(src)), src}
	labels := []int{0, 2, 1, 2}
	cases := []struct {
		name  string
		model Layer
		x     *tensor.Tensor
	}{
		{"dense", NewDense(5, 3, HeNormal, rng), tensor.RandN(rng, 0, 1, 4, 5)},
		{"relu", NewSequential(NewDense(5, 6, HeNormal, rng), &ReLU{}, NewDense(6, 3, HeNormal, rng)), tensor.RandN(rng, 0, 1, 4, 5)},
		{"sigmoid", NewSequential(NewDense(5, 6, XavierUniform, rng), &Sigmoid{}, NewDense(6, 3, XavierNormal, rng)), tensor.RandN(rng, 0, 1, 4, 5)},
		{"tanh", NewSequential(NewDense(5, 6, XavierUniform, rng), &Tanh{}, NewDense(6, 3, XavierNormal, rng)), tensor.RandN(rng, 0, 1, 4, 5)},
		{"softmax", NewSequential(NewDense(5, 3, HeUniform, rng), &Softmax{}, NewDense(3, 3, HeNormal, rng)), tensor.RandN(rng, 0, 1, 4, 5)},
		{"dropout", NewSequential(NewDense(5, 6, HeNormal, rng), drop, NewDense(6, 3, HeNormal, rng)), tensor.RandN(rng, 0, 1, 4, 5)},
		{"flatten", NewSequential(&Flatten{}, NewDense(6, 3, HeNormal, rng)), tensor.RandN(rng, 0, 1, 4, 2, 1, 3)},
	}
	for _, c := range cases {
		if s, ok := c.model.(*Sequential); ok {
			s.SetInputGrad(true)
		}
		checkGrads(t, c.name, c.model, c.x, CrossEntropyLoss(labels))
	}
	// Regression: MSE on a linear output.
	m := NewSequential(NewDense(3, 4, XavierUniform, rng), &Tanh{}, NewDense(4, 2, XavierUniform, rng))
	m.SetInputGrad(true)
	checkGrads(t, "mse", m, tensor.RandN(rng, 0, 1, 5, 3), MSELoss(tensor.RandN(rng, 0, 1, 5, 2)))
}

// TestGradCheckCatchesBug makes sure the checker itself can fail: a
// layer whose backward pass is off by a factor must be reported.
func TestGradCheckCatchesBug(t *testing.T) {
	rng := tensor.NewRand(1)
	m := NewSequential(NewDense(4, 3, HeNormal, rng), &badReLU{}, NewDense(3, 2, HeNormal, rng))
	worst := 0.0
	for _, e := range GradCheck(m, tensor.RandN(rng, 0, 1, 3, 4), CrossEntropyLoss([]int{0, 1, 1}), GradCheckStep) {
		worst = max(worst, e.MaxRelErr)
	}
	if worst < 0.1 {
		t.Fatalf("a wrong backward pass passed the gradient check (worst %g)", worst)
	}
}

// badReLU doubles the gradient it passes back.
type badReLU struct{ ReLU }

func (b *badReLU) Backward(dy *tensor.Tensor) *tensor.Tensor {
	dx := b.ReLU.Backward(dy)
	tensor.Scale(dx, 2, dx)
	return dx
}
