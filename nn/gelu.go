package nn

import "github.com/corten-ml/corten/tensor"

// GELU is the Gaussian error linear unit, y = x·Φ(x) with Φ the standard
// normal CDF: PyTorch's nn.GELU() (the exact, erf-based form). With Tanh
// set it is nn.GELU(approximate='tanh'),
// y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))). It keeps its input for the
// backward pass. Spec: gelu, or gelu(tanh) for the approximation.
type GELU struct {
	Tanh bool

	x     *tensor.Tensor
	y, dx buffer
}

// Forward computes GELU(x).
func (g *GELU) Forward(x *tensor.Tensor) *tensor.Tensor {
	g.x = x
	y := g.y.get(x.Shape()...)
	if g.Tanh {
		return tensor.GELUTanh(y, x)
	}
	return tensor.GELU(y, x)
}

// Backward computes dx = dy·GELU'(x).
func (g *GELU) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("GELU", "gradient", dy, g.y.cur)
	dx := g.dx.get(dy.Shape()...)
	if g.Tanh {
		return tensor.GELUTanhBackward(dx, dy, g.x)
	}
	return tensor.GELUBackward(dx, dy, g.x)
}

// Params returns nil: GELU has no parameters.
func (g *GELU) Params() []Param { return nil }

// Spec returns "gelu" or "gelu(tanh)".
func (g *GELU) Spec() string {
	if g.Tanh {
		return "gelu(tanh)"
	}
	return "gelu"
}
