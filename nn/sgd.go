package nn

import "github.com/corten-ml/corten/tensor"

// SGD is stochastic gradient descent, optionally with momentum (heavy-ball
// or Nesterov) and L2 weight decay, with PyTorch's torch.optim.SGD update
// (dampening 0):
//
//	g = grad + WeightDecay·p
//	buf = Momentum·buf + g
//	p -= lr·(g + Momentum·buf)  (Nesterov)   or   p -= lr·buf
//
// and p -= lr·g without momentum. The gradients are not modified.
type SGD struct {
	base
	Momentum    float32
	Nesterov    bool
	WeightDecay float32
	buf         []*tensor.Tensor
}

// NewSGD returns plain SGD with learning rate lr over params; set
// Momentum, Nesterov and WeightDecay on the result as needed.
func NewSGD(params []Param, lr float32) *SGD {
	return &SGD{base: base{params: params, lr: lr}}
}

// Step applies one update.
func (o *SGD) Step() {
	lr := o.LR()
	if o.Momentum != 0 && o.buf == nil {
		o.buf = zerosLike(o.params)
	}
	for i, p := range o.params {
		w, g := p.Value, p.Grad
		if o.Momentum == 0 {
			if o.WeightDecay != 0 {
				tensor.Scale(w, 1-lr*o.WeightDecay, w)
			}
			tensor.Axpy(-lr, g, w)
			continue
		}
		buf := o.buf[i]
		tensor.Scale(buf, o.Momentum, buf)
		tensor.Axpy(1, g, buf)
		if o.WeightDecay != 0 {
			tensor.Axpy(o.WeightDecay, w, buf)
		}
		if o.Nesterov {
			// p -= lr·(g + wd·p + mu·buf), with the decay on the old p.
			if o.WeightDecay != 0 {
				tensor.Scale(w, 1-lr*o.WeightDecay, w)
			}
			tensor.Axpy(-lr, g, w)
			tensor.Axpy(-lr*o.Momentum, buf, w)
		} else {
			tensor.Axpy(-lr, buf, w)
		}
	}
	o.t++
}

// State returns the momentum buffers ("<param>.momentum_buffer"), or
// nothing for plain SGD.
func (o *SGD) State() []NamedTensor {
	if o.Momentum == 0 {
		return nil
	}
	if o.buf == nil {
		o.buf = zerosLike(o.params)
	}
	return named(nil, o.params, o.buf, "momentum_buffer")
}

// Name returns "sgd".
func (o *SGD) Name() string { return "sgd" }
