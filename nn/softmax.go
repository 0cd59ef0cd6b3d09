package nn

import (
	"fmt"

	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/tensor"
)

// Softmax turns each row of a [N, K] batch of scores into probabilities,
// y = e^x / Σe^x. For training a classifier use SoftmaxCrossEntropy on the
// raw scores instead: the fused loss is cheaper and numerically safer.
// This layer is for producing probabilities, or for a loss other than
// cross-entropy on top of them.
type Softmax struct{ y, dx buffer }

// Forward computes the row-wise softmax.
func (s *Softmax) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Dims() != 2 {
		panic(fmt.Sprintf("nn: Softmax: input shape %v, want [N K]", x.Shape()))
	}
	y := s.y.get(x.Shape()...)
	softmaxRows(y.Data(), x.Data(), x.Dim(1))
	return y
}

// Backward computes dx = y ⊙ (dy - Σ dy·y) row by row: the Jacobian of
// softmax is diag(y) - y·yᵀ, and this is its product with dy.
func (s *Softmax) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Softmax", "gradient", dy, s.y.cur)
	dx := s.dx.get(dy.Shape()...)
	k := dy.Dim(1)
	g, y, out := dy.Data(), s.y.cur.Data(), dx.Data()
	for i := 0; i+k <= len(y); i += k {
		dot := kernels.Dot(g[i:i+k], y[i:i+k])
		for j := i; j < i+k; j++ {
			out[j] = y[j] * (g[j] - dot)
		}
	}
	return dx
}

// Params returns nil: Softmax has no parameters.
func (s *Softmax) Params() []Param { return nil }

// Spec returns "softmax".
func (s *Softmax) Spec() string { return "softmax" }

// softmaxRows writes the softmax of each k-wide row of x into dst (which
// may be x). Subtracting the row maximum first keeps e^x from overflowing
// without changing the result.
func softmaxRows(dst, x []float32, k int) {
	for i := 0; i+k <= len(x); i += k {
		row, out := x[i:i+k], dst[i:i+k]
		m := kernels.Max(row)
		for j, v := range row {
			out[j] = v - m
		}
		kernels.Exp(out, out)
		var sum float32
		for _, v := range out {
			sum += v
		}
		kernels.Scale(1/sum, out)
	}
}
