package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/corten-ml/corten/tensor"
)

// TransformerEncoderLayer is a pre-norm transformer block, PyTorch's
// nn.TransformerEncoderLayer(DModel, Heads, dim_feedforward=FF,
// dropout=0, activation='gelu', batch_first=True, norm_first=True), on
// sequences [N, T, DModel]:
//
//	x = x + self_attn(norm1(x))
//	x = x + linear2(gelu(linear1(norm2(x))))
//
// It is two Residual blocks over the layers of this package (LayerNorm,
// MultiheadAttention, Dense, GELU), named as PyTorch's state_dict names
// them and in its order: self_attn.in_proj_weight, self_attn.in_proj_bias,
// self_attn.out_proj.weight, self_attn.out_proj.bias, linear1.weight,
// linear1.bias, linear2.weight, linear2.bias, norm1.weight, norm1.bias,
// norm2.weight, norm2.bias. Causal applies a causal mask in the
// self-attention (PyTorch's src_mask of -inf above the diagonal).
//
// Spec: encoder(d_model,heads,ff) or encoder(d_model,heads,ff,causal).
type TransformerEncoderLayer struct {
	DModel, Heads, FF int
	Causal            bool

	Norm1, Norm2     *LayerNorm
	SelfAttn         *MultiheadAttention
	Linear1, Linear2 *Dense
	Act              *GELU

	attnBlock, ffBlock *Residual
	params             []Param
}

// NewTransformerEncoderLayer returns an encoder layer initialised as
// PyTorch's: the attention as NewMultiheadAttention, linear1 and linear2
// weights and biases uniform in ±1/√fan_in, the norms' weights 1 and
// biases 0.
func NewTransformerEncoderLayer(dModel, heads, ff int, causal bool, rng *rand.Rand) *TransformerEncoderLayer {
	if ff <= 0 {
		panic(fmt.Sprintf("nn: NewTransformerEncoderLayer(%d, %d, %d): feed-forward width must be positive", dModel, heads, ff))
	}
	l := &TransformerEncoderLayer{
		DModel: dModel, Heads: heads, FF: ff, Causal: causal,
		SelfAttn: NewMultiheadAttention(dModel, heads, causal, rng),
		Linear1:  NewDense(dModel, ff, Zeros, rng),
		Linear2:  NewDense(ff, dModel, Zeros, rng),
		Norm1:    NewLayerNorm(dModel),
		Norm2:    NewLayerNorm(dModel),
		Act:      &GELU{},
	}
	for _, d := range []*Dense{l.Linear1, l.Linear2} {
		bound := 1 / math.Sqrt(float64(d.In))
		uniformFill(d.W, bound, rng)
		uniformFill(d.B, bound, rng)
	}
	l.attnBlock = NewResidual(NewSequential(l.Norm1, l.SelfAttn))
	l.ffBlock = NewResidual(NewSequential(l.Norm2, l.Linear1, l.Act, l.Linear2))
	prefixed := func(prefix string, ps []Param) {
		for _, p := range ps {
			p.Name = prefix + p.Name
			l.params = append(l.params, p)
		}
	}
	prefixed("self_attn.", l.SelfAttn.Params())
	prefixed("linear1.", l.Linear1.Params())
	prefixed("linear2.", l.Linear2.Params())
	prefixed("norm1.", l.Norm1.Params())
	prefixed("norm2.", l.Norm2.Params())
	return l
}

// Forward applies the attention block, then the feed-forward block.
func (l *TransformerEncoderLayer) Forward(x *tensor.Tensor) *tensor.Tensor {
	return l.ffBlock.Forward(l.attnBlock.Forward(x))
}

// Backward runs the two blocks' backward passes in reverse and returns dx
// (nil when the input gradient is skipped).
func (l *TransformerEncoderLayer) Backward(dy *tensor.Tensor) *tensor.Tensor {
	return l.attnBlock.Backward(l.ffBlock.Backward(dy))
}

// SetTraining passes the mode on to both blocks (the MLP's GELU keeps
// its derivative only while training).
func (l *TransformerEncoderLayer) SetTraining(training bool) {
	l.attnBlock.SetTraining(training)
	l.ffBlock.SetTraining(training)
}

// SkipInputGrad makes Backward skip dx, as for the first layer.
func (l *TransformerEncoderLayer) SkipInputGrad(skip bool) { l.attnBlock.SkipInputGrad(skip) }

// Params returns the twelve parameters in PyTorch's state_dict order.
func (l *TransformerEncoderLayer) Params() []Param { return l.params }

// Spec returns "encoder(d_model,heads,ff)", with ",causal" when masked.
func (l *TransformerEncoderLayer) Spec() string {
	if l.Causal {
		return fmt.Sprintf("encoder(%d,%d,%d,causal)", l.DModel, l.Heads, l.FF)
	}
	return fmt.Sprintf("encoder(%d,%d,%d)", l.DModel, l.Heads, l.FF)
}
