package nn

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// LayerNorm normalises each sample over its last axis, as PyTorch's
// nn.LayerNorm(dim) (eps 1e-5, elementwise affine):
//
//	y = (x - mean)/sqrt(var + eps)·weight + bias
//
// with the mean and the biased variance of the last axis of each row (a
// token of a sequence [N, T, dim], a sample of [N, dim]). The forward pass
// keeps each row's mean and 1/sqrt(var + eps) for the backward pass; both
// are one fused pass over the rows (tensor.LayerNormRows and
// tensor.LayerNormRowsBackward). Spec: layernorm(dim).
type LayerNorm struct {
	Dim    int
	Eps    float32
	W, B   *tensor.Tensor // weight (ones) and bias (zeros), [Dim]
	DW, DB *tensor.Tensor // their gradients

	x          *tensor.Tensor // the input of the last Forward
	mean, rstd []float32      // per-row statistics of the last Forward
	y, dx      buffer
}

// NewLayerNorm returns a layer normalisation over dim features with
// PyTorch's initialisation: weight 1, bias 0.
func NewLayerNorm(dim int) *LayerNorm {
	if dim <= 0 {
		panic(fmt.Sprintf("nn: NewLayerNorm(%d): size must be positive", dim))
	}
	l := &LayerNorm{Dim: dim, Eps: 1e-5, W: tensor.Full(1, dim), B: tensor.New(dim), DW: tensor.New(dim), DB: tensor.New(dim)}
	return l
}

// Forward normalises every row of x.
func (l *LayerNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	mustLast("LayerNorm", x, l.Dim)
	l.x = x
	y := l.y.get(x.Shape()...)
	rows := x.Len() / l.Dim
	if cap(l.mean) < rows {
		l.mean, l.rstd = make([]float32, rows), make([]float32, rows)
	}
	l.mean, l.rstd = l.mean[:rows], l.rstd[:rows]
	return tensor.LayerNormRows(y, x, l.W, l.B, l.Eps, l.mean, l.rstd)
}

// Backward accumulates dweight and dbias and returns dx.
func (l *LayerNorm) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("LayerNorm", "gradient", dy, l.y.cur)
	dx := l.dx.get(dy.Shape()...)
	return tensor.LayerNormRowsBackward(dx, l.DW, l.DB, dy, l.x, l.W, l.mean, l.rstd)
}

// Params returns the weight and the bias.
func (l *LayerNorm) Params() []Param {
	return []Param{{"weight", l.W, l.DW}, {"bias", l.B, l.DB}}
}

// Spec returns "layernorm(dim)".
func (l *LayerNorm) Spec() string { return fmt.Sprintf("layernorm(%d)", l.Dim) }
