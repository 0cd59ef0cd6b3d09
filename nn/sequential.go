package nn

import (
	"fmt"
	"strings"

	"github.com/corten-ml/corten/tensor"
)

// Sequential chains layers: the output of each is the input of the next,
// and Backward runs them in reverse. Parameter names are prefixed with the
// layer's position ("0.weight", "2.bias"), as in PyTorch's nn.Sequential,
// so the state dicts of equivalent models match key for key.
//
// The first layer skips its input gradient (nobody needs dL/d(data)), so
// Backward returns nil; set InputGrad to get it.
type Sequential struct {
	// Layers are the stages in order. Read them freely, but build a new
	// Sequential rather than changing the list: the parameter list is
	// fixed at construction.
	Layers []Layer

	params    []Param
	inputGrad bool
}

// NewSequential chains the given layers. The model starts in training
// mode.
func NewSequential(layers ...Layer) *Sequential {
	s := &Sequential{Layers: layers}
	for i, l := range layers {
		for _, p := range l.Params() {
			p.Name = fmt.Sprintf("%d.%s", i, p.Name)
			s.params = append(s.params, p)
		}
	}
	s.SetInputGrad(false)
	s.Train()
	return s
}

// SetInputGrad chooses whether Backward computes dL/dinput through the
// first layer (off by default; a gradient check of the input or a model
// nested in another needs it).
func (s *Sequential) SetInputGrad(on bool) {
	s.inputGrad = on
	if len(s.Layers) > 0 {
		if k, ok := s.Layers[0].(InputGradSkipper); ok {
			k.SkipInputGrad(!on)
		}
	}
}

// Forward runs every layer in order and returns the last output.
func (s *Sequential) Forward(x *tensor.Tensor) *tensor.Tensor {
	for _, l := range s.Layers {
		x = l.Forward(x)
	}
	return x
}

// Backward runs every layer's backward pass in reverse, accumulating
// parameter gradients, and returns dL/dinput (nil unless SetInputGrad).
func (s *Sequential) Backward(dy *tensor.Tensor) *tensor.Tensor {
	for i := len(s.Layers) - 1; i >= 0 && dy != nil; i-- {
		dy = s.Layers[i].Backward(dy)
	}
	if !s.inputGrad {
		return nil
	}
	return dy
}

// Params returns every parameter, named by layer position.
func (s *Sequential) Params() []Param { return s.params }

// ZeroGrad clears every parameter gradient.
func (s *Sequential) ZeroGrad() { ZeroGrad(s.params) }

// Train puts layers that care (Dropout) in training mode.
func (s *Sequential) Train() { s.SetTraining(true) }

// Eval puts layers that care in evaluation mode: Dropout becomes the
// identity.
func (s *Sequential) Eval() { s.SetTraining(false) }

// SetTraining switches every layer that has a training mode.
func (s *Sequential) SetTraining(training bool) {
	for _, l := range s.Layers {
		if t, ok := l.(Trainer); ok {
			t.SetTraining(training)
		}
	}
}

// Spec returns the architecture, the layers' specs joined by commas, for
// example "linear(784,128),relu,linear(128,10)". Build parses it back.
func (s *Sequential) Spec() string {
	specs := make([]string, len(s.Layers))
	for i, l := range s.Layers {
		specs[i] = l.Spec()
	}
	return strings.Join(specs, ",")
}

// Predict writes the index of the largest output (the predicted class) of
// each row of x into dst and returns it; a nil dst is allocated. It runs
// Forward in whatever mode the model is in: call Eval first.
func (s *Sequential) Predict(dst []int, x *tensor.Tensor) []int {
	out := s.Forward(x)
	if dst == nil {
		dst = make([]int, out.Dim(0))
	}
	return tensor.ArgMaxRows(dst, out)
}

// NumParams returns the number of scalar parameters.
func (s *Sequential) NumParams() int {
	n := 0
	for _, p := range s.params {
		n += p.Value.Len()
	}
	return n
}
