package nn

import (
	"fmt"
	"math"

	"github.com/corten-ml/corten/tensor"
)

// LossFunc evaluates a loss on a model's output and returns it with
// dL/doutput. CrossEntropyLoss and MSELoss bind the usual losses to their
// targets.
type LossFunc func(out *tensor.Tensor) (loss float64, dout *tensor.Tensor)

// CrossEntropyLoss returns a LossFunc for softmax cross-entropy against
// labels.
func CrossEntropyLoss(labels []int) LossFunc {
	var l SoftmaxCrossEntropy
	return func(out *tensor.Tensor) (float64, *tensor.Tensor) {
		return l.Forward(out, labels), l.Backward()
	}
}

// MSELoss returns a LossFunc for the mean squared error against target.
func MSELoss(target *tensor.Tensor) LossFunc {
	var l MSE
	return func(out *tensor.Tensor) (float64, *tensor.Tensor) {
		return l.Forward(out, target), l.Backward()
	}
}

// GradError reports the gradient check of one parameter (or of the
// input).
type GradError struct {
	Name string // the parameter's name, or "input"
	// MaxRelErr is the largest relative error over the parameter's
	// elements, |a - n| / max(|a|, |n|, GradCheckFloor), with a the
	// analytic and n the numerical derivative.
	MaxRelErr float64
	// Index, Analytic and Numeric describe the worst element.
	Index             int
	Analytic, Numeric float64
}

// String formats the result for test logs.
func (e GradError) String() string {
	return fmt.Sprintf("%s: max rel err %.2e at %d (analytic %.6g, numeric %.6g)", e.Name, e.MaxRelErr, e.Index, e.Analytic, e.Numeric)
}

// GradCheckFloor is the smallest denominator of the relative error: below
// it the error is in effect absolute, so that derivatives near zero, where
// float32 rounding dominates, do not report huge relative errors.
const GradCheckFloor = 1e-2

// GradCheckStep is the finite-difference step that suits float32
// networks: with a loss of order 1, rounding in the forward pass
// (about 1e-7 relative) divided by 2h gives errors near 5e-5, while the
// truncation error of central differences, of order h², stays near 1e-6.
// Relative errors below 1e-2 then mean the backward pass is right; a
// mistake gives errors of order 1.
const GradCheckStep = 1e-3

// GradCheck compares the analytic gradients of model under loss with
// central finite differences, (L(p+h) - L(p-h)) / 2h for every element p
// of every parameter, and reports the largest relative error per
// parameter. When the model's Backward returns dL/dinput (a Sequential
// after SetInputGrad(true), or any single layer) the input gradient is
// checked too, under the name "input". The model runs in float32; the
// loss is accumulated in float64 (see GradCheckStep for the tolerance
// this allows).
//
// The model must be deterministic (put Dropout in eval mode or give it a
// fixed mask) and the step h small against the distance of ReLU inputs
// from their kink at 0. GradCheck leaves the parameters as it found them;
// their gradients hold the analytic values.
func GradCheck(model Layer, x *tensor.Tensor, loss LossFunc, h float64) []GradError {
	params := model.Params()
	ZeroGrad(params)
	_, dout := loss(model.Forward(x))
	dx := model.Backward(dout)
	var res []GradError
	if dx != nil {
		res = append(res, checkOne("input", x, dx.Clone(), model, x, loss, h))
	}
	for _, p := range params {
		res = append(res, checkOne(p.Name, p.Value, p.Grad.Clone(), model, x, loss, h))
	}
	return res
}

// checkOne perturbs each element of v in turn and compares the numerical
// derivative of the loss with grad.
func checkOne(name string, v, grad *tensor.Tensor, model Layer, x *tensor.Tensor, loss LossFunc, h float64) GradError {
	e := GradError{Name: name}
	d, g := v.Data(), grad.Data()
	eval := func() float64 {
		l, _ := loss(model.Forward(x))
		return l
	}
	for i := range d {
		old := d[i]
		d[i] = float32(float64(old) + h)
		up := eval()
		d[i] = float32(float64(old) - h)
		down := eval()
		d[i] = old
		num := (up - down) / (2 * h)
		ana := float64(g[i])
		rel := math.Abs(ana-num) / max(math.Abs(ana), math.Abs(num), GradCheckFloor)
		if rel > e.MaxRelErr || i == 0 {
			e.MaxRelErr, e.Index, e.Analytic, e.Numeric = rel, i, ana, num
		}
	}
	return e
}
