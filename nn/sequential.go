package nn

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/corten-ml/corten/tensor"
)

// Sequential chains layers: the output of each is the input of the next,
// and Backward runs them in reverse. Parameter names are prefixed with the
// layer's name, by default its position ("0.weight", "2.bias") as in
// PyTorch's nn.Sequential, so the state dicts of equivalent models match
// key for key; Named gives a layer the attribute name it has in a custom
// PyTorch module instead ("embed.weight", "encoder.layers.0.norm1.bias").
//
// The first layer skips its input gradient (nobody needs dL/d(data)), so
// Backward returns nil; set InputGrad to get it.
//
// A ReLU directly followed by a max pooling runs after it instead: the
// maximum of rectified values is the rectified maximum, and the gradient
// reaches the same input, so the model computes the same values and
// gradients (bit for bit, for inputs without NaN; ReLU maps NaN to 0, so
// a window holding a NaN and a larger value pools to that value in the
// written order and to 0 in this one) while rectifying a quarter of the
// values for a 2x2 pooling. Layers keeps the written order.
//
// A Sequential is not safe for concurrent use: its layers keep the buffers
// of the last pass. Overlapping calls from two goroutines are detected and
// panic; serve a trained model from many goroutines with a Predictor.
type Sequential struct {
	// Layers are the stages in order. Read them freely, but build a new
	// Sequential rather than changing the list: the parameter list is
	// fixed at construction.
	Layers []Layer

	names     []string
	order     []int // the layers in the order the passes run them
	params    []Param
	inputGrad bool
	busy      atomic.Bool
}

// namedLayer is a layer with the name its parameters take in a Sequential.
type namedLayer struct {
	Layer
	name string
}

// Named gives layer the name its parameters are prefixed with when it is
// passed to NewSequential: Named("fc", l) makes l's "weight" "fc.weight".
// A parameter whose own name is empty (a layer that is one tensor, like a
// learned positional embedding) takes the name alone. Names are non-empty
// and made of letters, digits, '_' and '.'.
func Named(name string, layer Layer) Layer {
	if !validName(name) {
		panic(fmt.Sprintf("nn: Named: invalid layer name %q", name))
	}
	return namedLayer{layer, name}
}

func validName(name string) bool {
	if name == "" || name[0] == '.' || name[len(name)-1] == '.' {
		return false
	}
	for _, c := range name {
		if !(c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// NewSequential chains the given layers. The model starts in training
// mode. Two layers may not share a name (see Named).
func NewSequential(layers ...Layer) *Sequential {
	s := &Sequential{Layers: make([]Layer, len(layers)), names: make([]string, len(layers))}
	seen := map[string]bool{}
	for i, l := range layers {
		s.names[i] = strconv.Itoa(i)
		if n, ok := l.(namedLayer); ok {
			l, s.names[i] = n.Layer, n.name
		}
		if seen[s.names[i]] {
			panic(fmt.Sprintf("nn: NewSequential: two layers named %q", s.names[i]))
		}
		seen[s.names[i]] = true
		s.Layers[i] = l
		for _, p := range l.Params() {
			if p.Name == "" {
				p.Name = s.names[i]
			} else {
				p.Name = s.names[i] + "." + p.Name
			}
			s.params = append(s.params, p)
		}
	}
	for i := 0; i < len(s.Layers); i++ {
		if i+1 < len(s.Layers) && isReLU(s.Layers[i]) && isMaxPool(s.Layers[i+1]) {
			s.order = append(s.order, i+1, i)
			i++
			continue
		}
		s.order = append(s.order, i)
	}
	s.SetInputGrad(false)
	s.Train()
	return s
}

func isReLU(l Layer) bool {
	_, ok := l.(*ReLU)
	return ok
}

func isMaxPool(l Layer) bool {
	_, ok := l.(*MaxPool2D)
	return ok
}

// Name returns the name of layer i: its position unless Named gave it one.
func (s *Sequential) Name(i int) string { return s.names[i] }

// enter marks the model busy for one pass, panicking if another goroutine
// is inside it: a cheap guard against the silent wrong answers that
// concurrent use of the shared buffers would give.
func (s *Sequential) enter(op string) {
	if !s.busy.CompareAndSwap(false, true) {
		panic("nn: Sequential." + op + " called while another goroutine is using the model; layers are not safe for concurrent use (serve concurrent inference with a Predictor)")
	}
}

// SetInputGrad chooses whether Backward computes dL/dinput through the
// first layer (off by default; a gradient check of the input or a model
// nested in another needs it).
func (s *Sequential) SetInputGrad(on bool) {
	s.inputGrad = on
	// Layers without parameters in front (a reshape, patch extraction)
	// pass the gradient on to nobody: the first layer with parameters can
	// skip its input gradient, and Backward then stops there.
	for _, l := range s.Layers {
		if k, ok := l.(InputGradSkipper); ok {
			k.SkipInputGrad(!on)
		}
		if len(l.Params()) > 0 {
			break
		}
	}
}

// Forward runs every layer in order and returns the last output.
func (s *Sequential) Forward(x *tensor.Tensor) *tensor.Tensor {
	s.enter("Forward")
	defer s.busy.Store(false)
	for _, i := range s.order {
		x = s.Layers[i].Forward(x)
	}
	return x
}

// Backward runs every layer's backward pass in reverse, accumulating
// parameter gradients, and returns dL/dinput (nil unless SetInputGrad).
func (s *Sequential) Backward(dy *tensor.Tensor) *tensor.Tensor {
	s.enter("Backward")
	defer s.busy.Store(false)
	for k := len(s.order) - 1; k >= 0 && dy != nil; k-- {
		dy = s.Layers[s.order[k]].Backward(dy)
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
// example "linear(784,128),relu,linear(128,10)"; a layer given a name by
// Named is written name:spec ("fc:linear(128,10)"). Build parses it back.
func (s *Sequential) Spec() string {
	specs := make([]string, len(s.Layers))
	for i, l := range s.Layers {
		specs[i] = l.Spec()
		if s.names[i] != strconv.Itoa(i) {
			specs[i] = s.names[i] + ":" + specs[i]
		}
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
