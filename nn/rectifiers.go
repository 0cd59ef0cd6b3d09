package nn

import (
	"strconv"

	"github.com/corten-ml/corten/tensor"
)

// LeakyReLU is y = x for x > 0 and Slope·x elsewhere, PyTorch's
// nn.LeakyReLU(negative_slope) (default slope 0.01). Spec: leakyrelu, or
// leakyrelu(slope) for another slope.
type LeakyReLU struct {
	Slope float32

	x     *tensor.Tensor
	y, dx buffer
}

// DefaultLeakySlope is PyTorch's default negative slope.
const DefaultLeakySlope = 0.01

// Forward computes the leaky rectifier.
func (l *LeakyReLU) Forward(x *tensor.Tensor) *tensor.Tensor {
	l.x = x
	return tensor.LeakyReLU(l.y.get(x.Shape()...), x, l.Slope)
}

// Backward passes dy where the input was positive and Slope·dy elsewhere.
func (l *LeakyReLU) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("LeakyReLU", "gradient", dy, l.y.cur)
	return tensor.LeakyReLUBackward(l.dx.get(dy.Shape()...), dy, l.x, l.Slope)
}

// Params returns nil: LeakyReLU has no parameters.
func (l *LeakyReLU) Params() []Param { return nil }

// Spec returns "leakyrelu" for the default slope, else "leakyrelu(slope)".
func (l *LeakyReLU) Spec() string {
	if l.Slope == DefaultLeakySlope {
		return "leakyrelu"
	}
	return "leakyrelu(" + strconv.FormatFloat(float64(l.Slope), 'g', -1, 32) + ")"
}

// ELU is the exponential linear unit, y = x for x > 0 and
// Alpha·(eˣ - 1) elsewhere, PyTorch's nn.ELU(alpha) (default 1). Spec:
// elu, or elu(alpha).
type ELU struct {
	Alpha float32

	x     *tensor.Tensor
	y, dx buffer
}

// Forward computes the ELU.
func (e *ELU) Forward(x *tensor.Tensor) *tensor.Tensor {
	e.x = x
	return tensor.ELU(e.y.get(x.Shape()...), x, e.Alpha)
}

// Backward computes dx = dy for positive inputs and dy·Alpha·eˣ elsewhere.
func (e *ELU) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("ELU", "gradient", dy, e.y.cur)
	return tensor.ELUBackward(e.dx.get(dy.Shape()...), dy, e.x, e.Alpha)
}

// Params returns nil: ELU has no parameters.
func (e *ELU) Params() []Param { return nil }

// Spec returns "elu" for alpha 1, else "elu(alpha)".
func (e *ELU) Spec() string {
	if e.Alpha == 1 {
		return "elu"
	}
	return "elu(" + strconv.FormatFloat(float64(e.Alpha), 'g', -1, 32) + ")"
}

// SiLU is the sigmoid linear unit (swish), y = x·σ(x), PyTorch's nn.SiLU.
// Spec: silu.
type SiLU struct {
	x     *tensor.Tensor
	y, dx buffer
}

// Forward computes x·σ(x).
func (s *SiLU) Forward(x *tensor.Tensor) *tensor.Tensor {
	s.x = x
	return tensor.SiLU(s.y.get(x.Shape()...), x)
}

// Backward computes dx = dy·σ(x)(1 + x(1 - σ(x))).
func (s *SiLU) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("SiLU", "gradient", dy, s.y.cur)
	return tensor.SiLUBackward(s.dx.get(dy.Shape()...), dy, s.x)
}

// Params returns nil: SiLU has no parameters.
func (s *SiLU) Params() []Param { return nil }

// Spec returns "silu".
func (s *SiLU) Spec() string { return "silu" }
