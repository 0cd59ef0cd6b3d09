package nn

import (
	"github.com/corten-ml/corten/kernels"
	"github.com/corten-ml/corten/tensor"
)

// Adam is the optimizer of Kingma and Ba with bias correction, matching
// torch.optim.Adam and, with Decoupled set, torch.optim.AdamW:
//
//	m = β1·m + (1-β1)·g
//	v = β2·v + (1-β2)·g²
//	p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + ε)
//
// WeightDecay is L2 regularisation (g += WeightDecay·p, added to the
// gradient buffers in place) or, when Decoupled, AdamW's decay of the
// weights themselves (p *= 1 - lr·WeightDecay) which the adaptive scaling
// does not weaken. The update is one fused SIMD kernel, kernels.AdamStep.
type Adam struct {
	base
	Beta1, Beta2, Eps float32
	WeightDecay       float32
	Decoupled         bool
	m, v              []*tensor.Tensor
}

// NewAdam returns Adam with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e-8,
// no weight decay) and learning rate lr (1e-3 is the usual choice).
func NewAdam(params []Param, lr float32) *Adam {
	return &Adam{
		base:  base{params: params, lr: lr},
		Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
		m: zerosLike(params), v: zerosLike(params),
	}
}

// NewAdamW returns AdamW: Adam with decoupled weight decay wd (PyTorch's
// default is 0.01).
func NewAdamW(params []Param, lr, wd float32) *Adam {
	a := NewAdam(params, lr)
	a.WeightDecay, a.Decoupled = wd, true
	return a
}

// Step applies one update.
func (o *Adam) Step() {
	lr := o.LR()
	o.t++
	for i, p := range o.params {
		if o.WeightDecay != 0 {
			if o.Decoupled {
				tensor.Scale(p.Value, 1-lr*o.WeightDecay, p.Value)
			} else {
				tensor.Axpy(o.WeightDecay, p.Value, p.Grad)
			}
		}
		kernels.AdamStep(p.Value.Data(), p.Grad.Data(), o.m[i].Data(), o.v[i].Data(), lr, o.Beta1, o.Beta2, o.Eps, o.t)
	}
}

// State returns the moment estimates, named "<param>.exp_avg" and
// "<param>.exp_avg_sq" as in PyTorch's optimizer state.
func (o *Adam) State() []NamedTensor {
	s := named(nil, o.params, o.m, "exp_avg")
	return named(s, o.params, o.v, "exp_avg_sq")
}

// Name returns "adam" or "adamw".
func (o *Adam) Name() string {
	if o.Decoupled {
		return "adamw"
	}
	return "adam"
}
