package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/corten-ml/corten/tensor"
)

// PositionalEmbedding adds a learned embedding of each position to a batch
// of sequences [N, T, E]: y[n] = x[n] + P, with P [1, T, E] as PyTorch's
// nn.Parameter(torch.zeros(1, T, E)) initialised N(0, 0.02²) (the ViT of
// peers/torch_mnist.py). Its one parameter is named "" (PyTorch stores it
// as a module attribute, self.pos): the containing model gives it its
// name. The input gradient is dy itself. Spec: posembed(T,E).
type PositionalEmbedding struct {
	T, E  int
	P, DP *tensor.Tensor // [1, T, E]

	y buffer
}

// NewPositionalEmbedding returns an embedding of t positions of width e
// drawn from N(0, 0.02²).
func NewPositionalEmbedding(t, e int, rng *rand.Rand) *PositionalEmbedding {
	if t <= 0 || e <= 0 {
		panic(fmt.Sprintf("nn: NewPositionalEmbedding(%d, %d): sizes must be positive", t, e))
	}
	return &PositionalEmbedding{T: t, E: e, P: tensor.RandN(rng, 0, 0.02, 1, t, e), DP: tensor.New(1, t, e)}
}

// Forward adds P to every sequence of x.
func (p *PositionalEmbedding) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Dims() != 3 || x.Dim(1) != p.T || x.Dim(2) != p.E {
		panic(fmt.Sprintf("nn: PositionalEmbedding: input shape %v, want [N %d %d]", x.Shape(), p.T, p.E))
	}
	return tensor.AddTrailing(p.y.get(x.Shape()...), x, p.P)
}

// Backward accumulates dP += Σₙ dy[n] and returns dy.
func (p *PositionalEmbedding) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("PositionalEmbedding", "gradient", dy, p.y.cur)
	tensor.AddTrailingSums(p.DP, dy)
	return dy
}

// Params returns the embedding, named "".
func (p *PositionalEmbedding) Params() []Param { return []Param{{"", p.P, p.DP}} }

// Spec returns "posembed(T,E)".
func (p *PositionalEmbedding) Spec() string { return fmt.Sprintf("posembed(%d,%d)", p.T, p.E) }
