package nn

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// Softmax turns each row of a batch of scores into probabilities over the
// last axis ([N, K], or [N, T, K] for a sequence),
// y = e^x / Σe^x. For training a classifier use SoftmaxCrossEntropy on the
// raw scores instead: the fused loss is cheaper and numerically safer.
// This layer is for producing probabilities, or for a loss other than
// cross-entropy on top of them.
type Softmax struct{ y, dx buffer }

// Forward computes the row-wise softmax.
func (s *Softmax) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Dims() < 2 {
		panic(fmt.Sprintf("nn: Softmax: input shape %v, want [N ... K]", x.Shape()))
	}
	y := s.y.get(x.Shape()...)
	return tensor.SoftmaxRows(y, x, nil)
}

// Backward computes dx = y ⊙ (dy - Σ dy·y) row by row: the Jacobian of
// softmax is diag(y) - y·yᵀ, and this is its product with dy.
func (s *Softmax) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Softmax", "gradient", dy, s.y.cur)
	dx := s.dx.get(dy.Shape()...)
	return tensor.SoftmaxRowsBackward(dx, dy, s.y.cur)
}

// Params returns nil: Softmax has no parameters.
func (s *Softmax) Params() []Param { return nil }

// Spec returns "softmax".
func (s *Softmax) Spec() string { return "softmax" }
