package tensor

import (
	"fmt"
	"slices"

	"github.com/corten-ml/corten/kernels"
)

// SumAxis writes the sum of x over dimension axis into dst, whose shape is
// x's without that dimension (for a batch of sequences [N, T, F], axis 1
// sums over the steps into [N, F]); negative axis counts from the end. A
// nil dst is allocated.
func SumAxis(dst, x *Tensor, axis int) *Tensor {
	if axis < 0 {
		axis += len(x.shape)
	}
	if axis < 0 || axis >= len(x.shape) {
		panic(fmt.Sprintf("tensor: SumAxis: axis %d of shape %v", axis, x.shape))
	}
	// Compare without building the wanted shape: a training step calls
	// this with a destination and must not allocate.
	if dst == nil {
		dst = New(slices.Delete(slices.Clone(x.shape), axis, axis+1)...)
	} else if len(dst.shape) != len(x.shape)-1 || !slices.Equal(dst.shape[:axis], x.shape[:axis]) || !slices.Equal(dst.shape[axis:], x.shape[axis+1:]) {
		want := slices.Delete(slices.Clone(x.shape), axis, axis+1)
		panic(fmt.Sprintf("tensor: SumAxis: destination shape %v, want %v for axis %d of %v", dst.shape, want, axis, x.shape))
	}
	outer, n, inner := split(x.shape, axis)
	clear(dst.data)
	for o := 0; o < outer; o++ {
		out := dst.data[o*inner : (o+1)*inner]
		for k := 0; k < n; k++ {
			off := (o*n + k) * inner
			kernels.Add(out, out, x.data[off:off+inner])
		}
	}
	return dst
}

// split returns the products of the dimensions before axis, the size of
// axis and the product of the dimensions after it.
func split(shape []int, axis int) (outer, n, inner int) {
	outer, inner = 1, 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	return outer, shape[axis], inner
}
