package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/corten-ml/corten/tensor"
)

// Dropout zeroes each input with probability P while training and scales
// the survivors by 1/(1-P) ("inverted" dropout), so the expected activation
// is unchanged and evaluation needs no rescaling: in eval mode the layer is
// the identity. A new layer is in training mode.
type Dropout struct {
	P float32

	rng      *rand.Rand
	training bool
	mask     buffer // 0 or 1/(1-P) per element
	y, dx    buffer
}

// NewDropout returns a dropout layer with drop probability p in [0, 1)
// drawing its masks from rng.
func NewDropout(p float32, rng *rand.Rand) *Dropout {
	if !(p >= 0 && p < 1) {
		panic(fmt.Sprintf("nn: NewDropout: probability %v not in [0, 1)", p))
	}
	return &Dropout{P: p, rng: rng, training: true}
}

// SetTraining switches between training (drop) and evaluation (identity).
func (d *Dropout) SetTraining(training bool) { d.training = training }

// Forward draws a fresh mask and applies it, or returns x in eval mode.
func (d *Dropout) Forward(x *tensor.Tensor) *tensor.Tensor {
	if !d.training || d.P == 0 {
		d.mask.cur = nil
		return x
	}
	mask := d.mask.get(x.Shape()...)
	y := d.y.get(x.Shape()...)
	keep := 1 / (1 - d.P)
	m, xs, ys := mask.Data(), x.Data(), y.Data()
	for i := range m {
		if d.rng.Float32() < d.P {
			m[i] = 0
		} else {
			m[i] = keep
		}
		ys[i] = xs[i] * m[i]
	}
	return y
}

// Backward applies the same mask to the gradient.
func (d *Dropout) Backward(dy *tensor.Tensor) *tensor.Tensor {
	if d.mask.cur == nil {
		return dy
	}
	mustSameShape("Dropout", "gradient", dy, d.mask.cur)
	dx := d.dx.get(dy.Shape()...)
	tensor.Mul(dx, dy, d.mask.cur)
	return dx
}

// Params returns nil: Dropout has no parameters.
func (d *Dropout) Params() []Param { return nil }

// Spec returns "dropout(p)".
func (d *Dropout) Spec() string { return fmt.Sprintf("dropout(%g)", d.P) }
