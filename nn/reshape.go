package nn

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/corten-ml/corten/tensor"
)

// Reshape views each sample of a batch in a new shape: [N, ...] becomes
// [N, Shape...], as PyTorch's x.view(-1, *shape). An image row-by-row
// model reads [N, 784] as [N, 28, 28], 28 steps of 28 pixels. It moves no
// data: the output is a view of the input, and the gradient a view of dy.
type Reshape struct {
	Shape []int // the shape of one sample

	shape   []int          // [N, Shape...] for the last input
	in, out *tensor.Tensor // last input and its view
	dy, dx  *tensor.Tensor // last gradient and its view
}

// NewReshape returns a layer that views each sample as shape (every
// dimension positive).
func NewReshape(shape ...int) *Reshape {
	if _, err := tensor.Size(shape...); err != nil || len(shape) == 0 {
		panic(fmt.Sprintf("nn: NewReshape(%v): need positive dimensions", shape))
	}
	for _, d := range shape {
		if d <= 0 {
			panic(fmt.Sprintf("nn: NewReshape(%v): need positive dimensions", shape))
		}
	}
	return &Reshape{Shape: append([]int(nil), shape...)}
}

// Forward returns x viewed as [N, Shape...].
func (r *Reshape) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x != r.in {
		per, _ := tensor.Size(r.Shape...)
		if x.Dims() < 1 || x.Len() != x.Dim(0)*per {
			panic(fmt.Sprintf("nn: Reshape: input shape %v cannot be viewed as [N %v]", x.Shape(), strings.Trim(fmt.Sprint(r.Shape), "[]")))
		}
		r.shape = append(append(r.shape[:0], x.Dim(0)), r.Shape...)
		r.in, r.out = x, x.Reshape(r.shape...)
		r.dy = nil
	}
	return r.out
}

// Backward returns dy viewed in the shape of the last input.
func (r *Reshape) Backward(dy *tensor.Tensor) *tensor.Tensor {
	mustSameShape("Reshape", "gradient", dy, r.out)
	if dy != r.dy {
		r.dy, r.dx = dy, dy.Reshape(r.in.Shape()...)
	}
	return r.dx
}

// Params returns nil: Reshape has no parameters.
func (r *Reshape) Params() []Param { return nil }

// Spec returns "reshape(d1,d2,...)".
func (r *Reshape) Spec() string {
	s := make([]string, len(r.Shape))
	for i, d := range r.Shape {
		s[i] = strconv.Itoa(d)
	}
	return "reshape(" + strings.Join(s, ",") + ")"
}

func init() {
	RegisterLayer("reshape", func(args []string, _ *rand.Rand) (Layer, error) {
		if len(args) == 0 {
			return nil, fmt.Errorf("reshape needs at least one dimension")
		}
		shape := make([]int, len(args))
		for i, a := range args {
			d, err := PositiveInt(a)
			if err != nil {
				return nil, fmt.Errorf("reshape: %w", err)
			}
			shape[i] = d
		}
		if _, err := tensor.Size(shape...); err != nil {
			return nil, fmt.Errorf("reshape: %w", err)
		}
		return NewReshape(shape...), nil
	})
}
