package nn

import "github.com/corten-ml/corten/tensor"

// The activations work elementwise on tensors of any shape. Each keeps its
// output, from which its derivative follows: relu' = [y > 0],
// sigmoid' = y(1-y), tanh' = 1-y².

// ReLU is the rectified linear unit, y = max(x, 0).
type ReLU struct{ y, dx buffer }

// Forward computes max(x, 0).
func (r *ReLU) Forward(x *tensor.Tensor) *tensor.Tensor {
	y := r.y.get(x.Shape()...)
	tensor.ReLU(y, x)
	return y
}

// Backward passes dy where the output was positive and 0 elsewhere.
func (r *ReLU) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("ReLU", "gradient", dy, r.y.cur)
	dx := r.dx.get(dy.Shape()...)
	tensor.ReLUBackward(dx, dy, r.y.cur)
	return dx
}

// Params returns nil: ReLU has no parameters.
func (r *ReLU) Params() []Param { return nil }

// Spec returns "relu".
func (r *ReLU) Spec() string { return "relu" }

// Sigmoid is the logistic function, y = 1/(1+e^-x).
type Sigmoid struct{ y, dx buffer }

// Forward computes 1/(1+e^-x).
func (s *Sigmoid) Forward(x *tensor.Tensor) *tensor.Tensor {
	y := s.y.get(x.Shape()...)
	tensor.Sigmoid(y, x)
	return y
}

// Backward computes dx = dy·y·(1-y).
func (s *Sigmoid) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Sigmoid", "gradient", dy, s.y.cur)
	dx := s.dx.get(dy.Shape()...)
	return tensor.SigmoidBackward(dx, dy, s.y.cur)
}

// Params returns nil: Sigmoid has no parameters.
func (s *Sigmoid) Params() []Param { return nil }

// Spec returns "sigmoid".
func (s *Sigmoid) Spec() string { return "sigmoid" }

// Tanh is the hyperbolic tangent.
type Tanh struct{ y, dx buffer }

// Forward computes tanh(x).
func (t *Tanh) Forward(x *tensor.Tensor) *tensor.Tensor {
	y := t.y.get(x.Shape()...)
	tensor.Tanh(y, x)
	return y
}

// Backward computes dx = dy·(1-y²).
func (t *Tanh) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Tanh", "gradient", dy, t.y.cur)
	dx := t.dx.get(dy.Shape()...)
	return tensor.TanhBackward(dx, dy, t.y.cur)
}

// Params returns nil: Tanh has no parameters.
func (t *Tanh) Params() []Param { return nil }

// Spec returns "tanh".
func (t *Tanh) Spec() string { return "tanh" }
