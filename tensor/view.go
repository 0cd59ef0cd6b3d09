package tensor

import "fmt"

// Reshape returns a view of t with a new shape and the same data; one
// dimension may be -1 to be inferred. The element count must not change.
func (t *Tensor) Reshape(shape ...int) *Tensor {
	s := append([]int(nil), shape...)
	infer, n := -1, 1
	for i, d := range s {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			panic(fmt.Sprintf("tensor: Reshape %v to %v: bad dimension", t.shape, shape))
		default:
			n *= d
		}
	}
	if infer >= 0 {
		if n == 0 || len(t.data)%n != 0 {
			panic(fmt.Sprintf("tensor: Reshape %v to %v: cannot infer dimension", t.shape, shape))
		}
		s[infer] = len(t.data) / n
		n *= s[infer]
	}
	if n != len(t.data) {
		panic(fmt.Sprintf("tensor: Reshape %v to %v: element count %d != %d", t.shape, shape, len(t.data), n))
	}
	return &Tensor{shape: s, data: t.data}
}

// Rows returns a view of rows [from, to) along the first dimension.
func (t *Tensor) Rows(from, to int) *Tensor {
	if len(t.shape) == 0 || from < 0 || to < from || to > t.shape[0] {
		panic(fmt.Sprintf("tensor: Rows(%d, %d) of shape %v", from, to, t.shape))
	}
	stride := 1
	for _, d := range t.shape[1:] {
		stride *= d
	}
	s := append([]int{to - from}, t.shape[1:]...)
	return &Tensor{shape: s, data: t.data[from*stride : to*stride : to*stride]}
}

// Row returns a view of row i along the first dimension, with the first
// dimension dropped (a matrix's row is a vector).
func (t *Tensor) Row(i int) *Tensor {
	if len(t.shape) == 0 || i < 0 || i >= t.shape[0] {
		panic(fmt.Sprintf("tensor: Row(%d) of shape %v", i, t.shape))
	}
	v := t.Rows(i, i+1)
	v.shape = v.shape[1:]
	return v
}

// rowsCols views t as a matrix: the last dimension is the columns and all
// others fold into rows.
func (t *Tensor) rowsCols() (rows, cols int) {
	if len(t.shape) == 0 {
		return 1, 1
	}
	rows = 1
	for _, d := range t.shape[:len(t.shape)-1] {
		rows *= d
	}
	return rows, t.shape[len(t.shape)-1]
}

// ShareData makes t a view of src's elements: both then read and write the
// same memory. The shapes must match. It lets a second model share the
// trained weights of a first without a copy (see nn.Predictor).
func (t *Tensor) ShareData(src *Tensor) {
	mustSame("ShareData", t, src)
	t.data = src.data
}
