package nn

import (
	"fmt"

	"github.com/corten-ml/corten/tensor"
)

// Residual adds a layer's output to its input, y = x + f(x), the skip
// connection of ResNet and transformer blocks; Body is f, often a
// Sequential. The backward pass is dx = dy + f'(dy): the gradient flows
// both around and through the body. Body must keep its input's shape.
//
// Residual adds no level to parameter names: they are the body's own
// ("weight" for a single layer, "0.weight", "1.weight" for a Sequential
// body). Spec: residual(f) for a single layer, residual(f,g,...) for a
// Sequential of several, for example
// residual(layernorm(64),mha(64,4)).
type Residual struct {
	Body Layer

	skipDx bool
	y, dx  buffer
}

// NewResidual wraps body in a skip connection. A Sequential body is told
// to compute its input gradient, which the residual sum needs.
func NewResidual(body Layer) *Residual {
	if s, ok := body.(*Sequential); ok {
		s.SetInputGrad(true)
	}
	return &Residual{Body: body}
}

// Forward computes x + Body(x).
func (r *Residual) Forward(x *tensor.Tensor) *tensor.Tensor {
	f := r.Body.Forward(x)
	if !f.SameShape(x) {
		panic(fmt.Sprintf("nn: Residual: body %s maps shape %v to %v, want the same shape", r.Body.Spec(), x.Shape(), f.Shape()))
	}
	return tensor.Add(r.y.get(x.Shape()...), x, f)
}

// Backward runs the body's backward pass and returns dy + dbody (nil when
// the input gradient is skipped).
func (r *Residual) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Residual", "gradient", dy, r.y.cur)
	df := r.Body.Backward(dy)
	if r.skipDx {
		return nil
	}
	if df == nil {
		panic(fmt.Sprintf("nn: Residual: body %s returned no input gradient", r.Body.Spec()))
	}
	return tensor.Add(r.dx.get(dy.Shape()...), dy, df)
}

// SkipInputGrad makes Backward skip dx, and the body its own.
func (r *Residual) SkipInputGrad(skip bool) {
	r.skipDx = skip
	switch b := r.Body.(type) {
	case *Sequential:
		b.SetInputGrad(!skip)
	case InputGradSkipper:
		b.SkipInputGrad(skip)
	}
}

// SetTraining passes the mode on to the body.
func (r *Residual) SetTraining(training bool) {
	if t, ok := r.Body.(Trainer); ok {
		t.SetTraining(training)
	}
}

// Params returns the body's parameters, under the body's names.
func (r *Residual) Params() []Param { return r.Body.Params() }

// Spec returns "residual(" + the body's spec + ")".
func (r *Residual) Spec() string { return "residual(" + r.Body.Spec() + ")" }
