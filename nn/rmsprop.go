package nn

import (
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/tensor"
)

// RMSProp divides each gradient by a running root mean square of its
// recent values, as torch.optim.RMSprop (without momentum or centering):
//
//	g = grad + WeightDecay·p
//	v = α·v + (1-α)·g²
//	p -= lr · g / (sqrt(v) + ε)
//
// The gradients are not modified. The update is one fused SIMD kernel,
// kernels.RMSPropStep.
type RMSProp struct {
	base
	Alpha, Eps  float32
	WeightDecay float32
	v           []*tensor.Tensor
	gwd         []float32 // grad + WeightDecay·p, when WeightDecay != 0
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
	for i, p := range o.params {
		w, g := p.Value.Data(), p.Grad.Data()
		if o.WeightDecay != 0 {
			if cap(o.gwd) < len(w) {
				o.gwd = make([]float32, len(w))
			}
			gwd := o.gwd[:len(w)]
			copy(gwd, g)
			kernels.Axpy(o.WeightDecay, w, gwd)
			g = gwd
		}
		kernels.RMSPropStep(w, g[:len(w)], o.v[i].Data()[:len(w)], lr, o.Alpha, o.Eps)
	}
	o.t++
}

// State returns the square averages, named "<param>.square_avg".
func (o *RMSProp) State() []NamedTensor { return named(nil, o.params, o.v, "square_avg") }

// Name returns "rmsprop".
func (o *RMSProp) Name() string { return "rmsprop" }
