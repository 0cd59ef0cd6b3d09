package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/corten-ml/corten/tensor"
)

// Dense is a fully connected (linear) layer: y = x·Wᵀ + b for a batch x of
// shape [N, In], or of any rank with In features on the last axis (a
// sequence [N, T, In] gives [N, T, Out]), as PyTorch's nn.Linear. W is stored [Out, In], PyTorch's nn.Linear layout, so
// weights move between corten and PyTorch without a transpose; the GEMM
// reads the transposed operand at no extra cost.
type Dense struct {
	In, Out int
	W, B    *tensor.Tensor // weight [Out, In] and bias [Out]
	DW, DB  *tensor.Tensor // their gradients

	skipDx bool
	x      *tensor.Tensor // the input of the last Forward, for dW
	y, dx  buffer
}

// NewDense returns a dense layer with weights drawn by init from rng and a
// zero bias.
func NewDense(in, out int, init Init, rng *rand.Rand) *Dense {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nn: NewDense(%d, %d): sizes must be positive", in, out))
	}
	d := &Dense{
		In: in, Out: out,
		W: tensor.New(out, in), B: tensor.New(out),
		DW: tensor.New(out, in), DB: tensor.New(out),
	}
	InitWeights(d.W, init, in, out, rng)
	if init == Torch {
		InitWeights(d.B, Torch, in, out, rng)
	}
	return d
}

// Linear is NewDense with He-normal weights, the usual choice before ReLU.
func Linear(in, out int, rng *rand.Rand) *Dense { return NewDense(in, out, HeNormal, rng) }

// Forward computes y = x·Wᵀ + b.
func (d *Dense) Forward(x *tensor.Tensor) *tensor.Tensor {
	mustLast("Dense", x, d.In)
	d.x = x
	y := d.y.like(x, d.Out)
	return tensor.GemmBias(y, false, true, 1, x, d.W, 0, d.B)
}

// Backward accumulates dW += dyᵀ·x and db += column sums of dy, and returns
// dx = dy·W (or nil when the input gradient is skipped).
func (d *Dense) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Dense", "gradient", dy, d.y.cur)
	tensor.Gemm(d.DW, true, false, 1, dy, d.x, 1)
	tensor.AddColSums(d.DB, dy)
	if d.skipDx {
		return nil
	}
	dx := d.dx.like(dy, d.In)
	tensor.Gemm(dx, false, false, 1, dy, d.W, 0)
	return dx
}

// SkipInputGrad makes Backward skip dx, as for the first layer.
func (d *Dense) SkipInputGrad(skip bool) { d.skipDx = skip }

// Params returns the weight and the bias.
func (d *Dense) Params() []Param {
	return []Param{{"weight", d.W, d.DW}, {"bias", d.B, d.DB}}
}

// Spec returns "linear(in,out)".
func (d *Dense) Spec() string { return fmt.Sprintf("linear(%d,%d)", d.In, d.Out) }
