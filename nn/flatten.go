package nn

import "github.com/corten-ml/corten/tensor"

// Flatten reshapes a batch [N, d1, d2, ...] into [N, d1·d2·...], as
// between a convolution's NCHW output and a dense layer. It moves no data:
// the output is a view of the input, and the gradient a view of dy.
type Flatten struct {
	in, out *tensor.Tensor // last input and its flat view, reused while x is
	dy, dx  *tensor.Tensor // last gradient and its reshaped view
}

// Forward returns x viewed as [N, rest].
func (f *Flatten) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x != f.in {
		f.in, f.out = x, x.Reshape(x.Dim(0), -1)
		f.dy = nil // the cached gradient view has the old shape
	}
	return f.out
}

// Backward returns dy viewed in the shape of the last input.
func (f *Flatten) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Flatten", "gradient", dy, f.out)
	if dy != f.dy {
		f.dy, f.dx = dy, dy.Reshape(f.in.Shape()...)
	}
	return f.dx
}

// Params returns nil: Flatten has no parameters.
func (f *Flatten) Params() []Param { return nil }

// Spec returns "flatten".
func (f *Flatten) Spec() string { return "flatten" }
