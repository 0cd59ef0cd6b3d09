package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/corten-ml/corten/attention"
	"github.com/corten-ml/corten/tensor"
)

// MultiheadAttention is multi-head self-attention over a batch of
// sequences [N, T, E], PyTorch's nn.MultiheadAttention(E, Heads,
// dropout=0, batch_first=True) applied as attn(x, x, x):
//
//	qkv = x·in_proj_weightᵀ + in_proj_bias          [N, T, 3E]
//	head h: softmax(Q_h·K_hᵀ/√D [+ causal mask])·V_h  D = E/Heads
//	y = concat(heads)·out_proj.weightᵀ + out_proj.bias
//
// Its parameters are PyTorch's: in_proj_weight [3E, E] (the query, key
// and value projections stacked), in_proj_bias [3E], out_proj.weight
// [E, E] and out_proj.bias [E]. Causal masks every token's attention to
// later tokens (PyTorch's attn_mask = triu(ones(T, T), 1)). The
// projections are dense layers; the heads run in package attention, which
// addresses them inside the packed projection without copies. Forward
// keeps the projection and the attention probabilities for Backward.
//
// Spec: mha(E,heads) or mha(E,heads,causal).
type MultiheadAttention struct {
	E, Heads int
	Causal   bool
	InProj   *Dense // in_proj_weight [3E, E], in_proj_bias [3E]
	OutProj  *Dense // out_proj.weight [E, E], out_proj.bias [E]

	pass         attention.Pass
	shape        attention.Shape
	qkv          *tensor.Tensor // InProj's output of the last Forward
	heads, dqkv  buffer
	probs, dprob []float32
}

// NewMultiheadAttention returns self-attention of width e with heads
// heads (e must be divisible by heads), initialised as PyTorch does:
// in_proj_weight Xavier-uniform, out_proj.weight uniform in ±1/√e, both
// biases zero.
func NewMultiheadAttention(e, heads int, causal bool, rng *rand.Rand) *MultiheadAttention {
	if e <= 0 || heads <= 0 || e%heads != 0 {
		panic(fmt.Sprintf("nn: NewMultiheadAttention(%d, %d): width must be a positive multiple of the head count", e, heads))
	}
	a := &MultiheadAttention{
		E: e, Heads: heads, Causal: causal,
		InProj:  NewDense(e, 3*e, XavierUniform, rng),
		OutProj: NewDense(e, e, Zeros, rng),
	}
	uniformFill(a.OutProj.W, 1/math.Sqrt(float64(e)), rng)
	return a
}

// uniformFill draws every element of w from U(-bound, bound): PyTorch's
// default initialisation of nn.Linear (kaiming_uniform with a = √5).
func uniformFill(w *tensor.Tensor, bound float64, rng *rand.Rand) {
	d := w.Data()
	for i := range d {
		d[i] = float32((2*rng.Float64() - 1) * bound)
	}
}

// Forward computes the attention of each sequence of x [N, T, E] over
// itself.
func (a *MultiheadAttention) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Dims() != 3 || x.Dim(2) != a.E {
		panic(fmt.Sprintf("nn: MultiheadAttention: input shape %v, want [N T %d]", x.Shape(), a.E))
	}
	a.shape = attention.Shape{N: x.Dim(0), T: x.Dim(1), E: a.E, Heads: a.Heads, Causal: a.Causal}
	a.qkv = a.InProj.Forward(x)
	if n := a.shape.ProbsLen(); cap(a.probs) < n {
		a.probs, a.dprob = make([]float32, n), make([]float32, n)
	}
	heads := a.heads.get(x.Shape()...)
	a.pass.Forward(heads.Data(), a.probs, a.qkv.Data(), a.shape)
	return a.OutProj.Forward(heads)
}

// Backward accumulates the four parameter gradients and returns dx (nil
// when the input gradient is skipped).
func (a *MultiheadAttention) Backward(dy *tensor.Tensor) *tensor.Tensor {
	dheads := a.OutProj.Backward(dy)
	dqkv := a.dqkv.get(a.qkv.Shape()...)
	a.pass.Backward(dqkv.Data(), a.dprob, dheads.Data(), a.qkv.Data(), a.probs, a.shape)
	return a.InProj.Backward(dqkv)
}

// Probs returns the attention probabilities of the last Forward, laid out
// [N, Heads, T, T] (row i of a head holds token i's weights over the
// tokens); they are the layer's own buffer.
func (a *MultiheadAttention) Probs() []float32 { return a.probs[:a.shape.ProbsLen()] }

// SkipInputGrad makes Backward skip dx, as for the first layer.
func (a *MultiheadAttention) SkipInputGrad(skip bool) { a.InProj.SkipInputGrad(skip) }

// Params returns in_proj_weight, in_proj_bias, out_proj.weight and
// out_proj.bias, PyTorch's state_dict order.
func (a *MultiheadAttention) Params() []Param {
	return []Param{
		{"in_proj_weight", a.InProj.W, a.InProj.DW},
		{"in_proj_bias", a.InProj.B, a.InProj.DB},
		{"out_proj.weight", a.OutProj.W, a.OutProj.DW},
		{"out_proj.bias", a.OutProj.B, a.OutProj.DB},
	}
}

// Spec returns "mha(E,heads)" or "mha(E,heads,causal)".
func (a *MultiheadAttention) Spec() string {
	if a.Causal {
		return fmt.Sprintf("mha(%d,%d,causal)", a.E, a.Heads)
	}
	return fmt.Sprintf("mha(%d,%d)", a.E, a.Heads)
}
