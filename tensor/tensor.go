package tensor

import (
	"fmt"
	"slices"
	"strings"
)

// Tensor is an n-dimensional row-major array of float32. The zero value is
// an empty tensor of shape [].
type Tensor struct {
	shape []int
	data  []float32
}

// New returns a zero-filled tensor of the given shape.
func New(shape ...int) *Tensor {
	n := checkShape("New", shape)
	return &Tensor{shape: append([]int(nil), shape...), data: make([]float32, n)}
}

// Zeros is New: a zero-filled tensor of the given shape.
func Zeros(shape ...int) *Tensor { return New(shape...) }

// FromSlice wraps data (without copying) as a tensor of the given shape.
// len(data) must equal the product of the shape.
func FromSlice(data []float32, shape ...int) *Tensor {
	n := checkShape("FromSlice", shape)
	if len(data) != n {
		panic(fmt.Sprintf("tensor: FromSlice: %d elements do not fill shape %v (%d)", len(data), shape, n))
	}
	return &Tensor{shape: append([]int(nil), shape...), data: data}
}

// Full returns a tensor of the given shape with every element set to v.
func Full(v float32, shape ...int) *Tensor {
	t := New(shape...)
	t.Fill(v)
	return t
}

// checkShape returns the element count of shape, panicking with the
// shape in the message when Size rejects it.
func checkShape(op string, shape []int) int {
	n, err := Size(shape...)
	if err != nil {
		panic(fmt.Sprintf("%s (in %s)", err, op))
	}
	return n
}

// Shape returns the tensor's dimensions. The slice is the tensor's own:
// do not modify it.
func (t *Tensor) Shape() []int { return t.shape }

// Data returns the underlying elements in row-major order. Writes through
// the slice change the tensor (and any view sharing it).
func (t *Tensor) Data() []float32 { return t.data }

// Len returns the number of elements.
func (t *Tensor) Len() int { return len(t.data) }

// Dims returns the number of dimensions.
func (t *Tensor) Dims() int { return len(t.shape) }

// Dim returns the size of dimension i; negative i counts from the end.
func (t *Tensor) Dim(i int) int {
	if i < 0 {
		i += len(t.shape)
	}
	if i < 0 || i >= len(t.shape) {
		panic(fmt.Sprintf("tensor: Dim(%d) of shape %v", i, t.shape))
	}
	return t.shape[i]
}

// SameShape reports whether t and u have identical shapes.
func (t *Tensor) SameShape(u *Tensor) bool { return sameShape(t.shape, u.shape) }

func sameShape(a, b []int) bool { return slices.Equal(a, b) }

// offset returns the flat index of idx, panicking when it is out of range.
func (t *Tensor) offset(idx []int) int {
	if len(idx) != len(t.shape) {
		panic(fmt.Sprintf("tensor: index %v for shape %v", idx, t.shape))
	}
	off := 0
	for i, x := range idx {
		if x < 0 || x >= t.shape[i] {
			panic(fmt.Sprintf("tensor: index %v out of range for shape %v", idx, t.shape))
		}
		off = off*t.shape[i] + x
	}
	return off
}

// At returns the element at the given index.
func (t *Tensor) At(idx ...int) float32 { return t.data[t.offset(idx)] }

// Set stores v at the given index.
func (t *Tensor) Set(v float32, idx ...int) { t.data[t.offset(idx)] = v }

// Fill sets every element to v.
func (t *Tensor) Fill(v float32) {
	for i := range t.data {
		t.data[i] = v
	}
}

// Zero sets every element to 0.
func (t *Tensor) Zero() { clear(t.data) }

// Clone returns a deep copy.
func (t *Tensor) Clone() *Tensor {
	return &Tensor{shape: append([]int(nil), t.shape...), data: append([]float32(nil), t.data...)}
}

// CopyFrom copies src's elements into t; the shapes must match.
func (t *Tensor) CopyFrom(src *Tensor) {
	mustSame("CopyFrom", t, src)
	copy(t.data, src.data)
}

// String formats small tensors in full and large ones by shape only.
func (t *Tensor) String() string {
	if len(t.data) > 64 {
		return fmt.Sprintf("Tensor%v", t.shape)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Tensor%v%v", t.shape, t.data)
	return b.String()
}

// mustSame panics unless a and b have the same shape.
func mustSame(op string, a, b *Tensor) {
	if !sameShape(a.shape, b.shape) {
		panic(fmt.Sprintf("tensor: %s: shape mismatch: %v vs %v", op, a.shape, b.shape))
	}
}

// dstLike returns dst, or a new tensor shaped like x when dst is nil,
// checking that a given dst has x's shape.
func dstLike(op string, dst, x *Tensor) *Tensor {
	if dst == nil {
		return New(x.shape...)
	}
	mustSame(op, dst, x)
	return dst
}
