package nn

import (
	"fmt"
	"slices"

	"github.com/corten-ml/corten/tensor"
)

// Layer is one stage of a network with an explicit forward and backward
// pass. There is no automatic differentiation: Forward keeps whatever
// Backward will need (its input, its output, a dropout mask), and Backward
// applies the chain rule by hand.
//
// Inputs are batches: the first dimension is the batch size, so a dense
// layer sees [N, features] and a convolution [N, C, H, W] (NCHW).
//
// The tensors a layer returns are its own buffers, reused by the next call:
// copy them if they must outlive it.
type Layer interface {
	// Forward computes the layer's output for the batch x.
	Forward(x *tensor.Tensor) *tensor.Tensor
	// Backward takes dL/dout for the output of the last Forward, adds the
	// parameter gradients into each Param.Grad (it accumulates, so call
	// ZeroGrad between steps) and returns dL/din. A layer told to skip its
	// input gradient (see InputGradSkipper) returns nil.
	Backward(dout *tensor.Tensor) *tensor.Tensor
	// Params lists the layer's parameters, in a fixed order; a layer
	// without parameters returns nil.
	Params() []Param
	// Spec describes the layer in the architecture language of Build,
	// for example "linear(784,128)" or "relu".
	Spec() string
}

// Param is one learnable tensor of a layer together with its gradient.
// Every layer exposes its parameters this way, so optimizers, gradient
// checks and serialisation treat all layers alike.
type Param struct {
	// Name is the parameter's key, following PyTorch's state_dict:
	// "weight" or "bias" inside a layer, "0.weight" inside a Sequential.
	Name string
	// Value is the parameter, in PyTorch's layout (a dense weight is
	// [out, in], a convolution weight [out, in, kh, kw]).
	Value *tensor.Tensor
	// Grad has Value's shape and accumulates dL/dValue.
	Grad *tensor.Tensor
}

// Trainer is implemented by layers that behave differently when training
// and when evaluating (Dropout, batch normalisation, GELU). Sequential.Train
// and Sequential.Eval switch them.
type Trainer interface {
	SetTraining(training bool)
}

// InputGradSkipper is implemented by layers that can skip computing
// dL/dinput. The first layer of a network never needs it (nobody consumes
// the gradient of the data), and for a dense layer it is a third of the
// backward work. Sequential enables skipping on its first layer.
type InputGradSkipper interface {
	SkipInputGrad(skip bool)
}

// ZeroGrad sets the gradient of every parameter to zero.
func ZeroGrad(params []Param) {
	for _, p := range params {
		p.Grad.Zero()
	}
}

// buffer is a layer's reusable output (or gradient) tensor. It is sized
// for the largest batch seen; a smaller batch (the last, partial one of an
// epoch) gets a view of its leading rows, so nothing is reallocated when
// the batch size changes back and forth. The steady state allocates
// nothing: the tensor for the current shape is cached.
type buffer struct {
	store []float32
	cur   *tensor.Tensor
}

// get returns a tensor of the given shape backed by the buffer. Its
// contents are whatever was there before.
func (b *buffer) get(shape ...int) *tensor.Tensor {
	if b.cur != nil && sameShape(b.cur.Shape(), shape) {
		return b.cur
	}
	n := 1
	for _, d := range shape {
		n *= d
	}
	if n > len(b.store) {
		b.store = make([]float32, n)
	}
	// Pass a copy: FromSlice's shape escapes (into its panic message), and
	// handing it ours would move every caller's variadic slice to the heap.
	b.cur = tensor.FromSlice(b.store[:n:n], append([]int(nil), shape...)...)
	return b.cur
}

// like returns a tensor shaped as x with the last dimension replaced by
// last, without allocating when the shape is the cached one.
func (b *buffer) like(x *tensor.Tensor, last int) *tensor.Tensor {
	xs := x.Shape()
	if c := b.cur; c != nil {
		cs := c.Shape()
		if len(cs) == len(xs) && cs[len(cs)-1] == last && slices.Equal(cs[:len(cs)-1], xs[:len(xs)-1]) {
			return c
		}
	}
	shape := append(slices.Clone(xs[:len(xs)-1]), last)
	return b.get(shape...)
}

func sameShape(a, b []int) bool { return slices.Equal(a, b) }

// mustLast panics with a clear message unless x has rank 2 or more and
// size n on its last axis: a programmer error, like a shape mismatch in
// package tensor.
func mustLast(layer string, x *tensor.Tensor, n int) {
	if x.Dims() < 2 || x.Dim(-1) != n {
		panic(fmt.Sprintf("nn: %s: input shape %v, want [N ... %d]", layer, x.Shape(), n))
	}
}

// mustSameShape panics unless the gradient has the output's shape.
func mustSameShape(layer, what string, got, want *tensor.Tensor) {
	if !got.SameShape(want) {
		panic(fmt.Sprintf("nn: %s: %s shape %v, want %v", layer, what, got.Shape(), want.Shape()))
	}
}
