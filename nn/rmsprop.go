package nn

import (
	"math"

	"github.com/corten-ml/corten/tensor"
)

// RMSProp divides each gradient by a running root mean square of its
// recent values, as torch.optim.RMSprop (without momentum or centering):
//
//	g = grad + WeightDecay·p
//	v = α·v + (1-α)·g²
//	p -= lr · g / (sqrt(v) + ε)
//
// The gradients are not modified.
type RMSProp struct {
	base
	Alpha, Eps  float32
	WeightDecay float32
	v           []*tensor.Tensor
}

// NewRMSProp returns RMSProp with PyTorch's defaults (α 0.99, ε 1e-8) and
// learning rate lr (PyTorch's default is 0.01).
func NewRMSProp(params []Param, lr float32) *RMSProp {
	return &RMSProp{
		base:  base{params: params, lr: lr},
		Alpha: 0.99, Eps: 1e-8,
		v: zerosLike(params),
	}
}

// Step applies one update.
func (o *RMSProp) Step() {
	lr := o.LR()
	a, wd := o.Alpha, o.WeightDecay
	for i, p := range o.params {
		w, g, v := p.Value.Data(), p.Grad.Data(), o.v[i].Data()
		g, v = g[:len(w)], v[:len(w)]
		for j := range w {
			gj := g[j] + wd*w[j]
			v[j] = a*v[j] + (1-a)*gj*gj
			w[j] -= lr * gj / (float32(math.Sqrt(float64(v[j]))) + o.Eps)
		}
	}
	o.t++
}

// State returns the square averages, named "<param>.square_avg".
func (o *RMSProp) State() []NamedTensor { return named(nil, o.params, o.v, "square_avg") }

// Name returns "rmsprop".
func (o *RMSProp) Name() string { return "rmsprop" }
