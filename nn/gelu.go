package nn

import (
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/tensor"
)

// GELU is the Gaussian error linear unit, y = x·Φ(x) with Φ the standard
// normal CDF: PyTorch's nn.GELU() (the exact, erf-based form). With Tanh
// set it is nn.GELU(approximate='tanh'),
// y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))). In training mode (a new or
// zero GELU is in it) Forward also keeps the derivative at x, which its
// kernel computes alongside y, so that Backward is one multiply; in
// evaluation mode it computes y only and keeps its input, from which a
// Backward would compute the derivative. Spec: gelu, or gelu(tanh) for
// the approximation.
type GELU struct {
	Tanh bool

	// eval is the mode SetTraining(false) sets; it is stored negated so
	// that the zero GELU trains.
	eval bool
	// keep is set when the last Forward kept the derivative in grad.
	keep        bool
	x           *tensor.Tensor
	y, dx, grad buffer
}

// SetTraining switches between training (Forward keeps the derivative)
// and evaluation (Forward computes y only). Either mode gives the same y
// and the same Backward result.
func (g *GELU) SetTraining(training bool) { g.eval = !training }

// Forward computes GELU(x).
func (g *GELU) Forward(x *tensor.Tensor) *tensor.Tensor {
	g.x = x
	y := g.y.get(x.Shape()...)
	g.keep = !g.eval
	switch {
	case g.eval && g.Tanh:
		return tensor.GELUTanh(y, x)
	case g.eval:
		return tensor.GELU(y, x)
	}
	d := g.grad.get(x.Shape()...)
	if g.Tanh {
		kernels.GELUTanhWithGrad(y.Data(), d.Data(), x.Data())
	} else {
		kernels.GELUWithGrad(y.Data(), d.Data(), x.Data())
	}
	return y
}

// Backward computes dx = dy·GELU'(x): with the derivative the training
// Forward kept, else from x. Both give the bits of GELUBackward (or
// GELUTanhBackward).
func (g *GELU) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("GELU", "gradient", dy, g.y.cur)
	dx := g.dx.get(dy.Shape()...)
	switch {
	case g.keep:
		return tensor.Mul(dx, dy, g.grad.cur)
	case g.Tanh:
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
