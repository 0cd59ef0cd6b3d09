package tensor

import (
	"fmt"

	"github.com/corten-ml/corten/kernels"
)

// AddTrailing computes dst = x + b, where b has as many elements as the
// trailing dimensions of x that it matches (a [1, T, E] positional
// embedding added to each sequence of a batch [N, T, E]): b is added to
// every block of b.Len() consecutive elements of x. dst may be x.
func AddTrailing(dst, x, b *Tensor) *Tensor {
	mustTrailing("AddTrailing", x, b)
	dst = dstLike("AddTrailing", dst, x)
	if dst != x {
		copy(dst.data, x.data)
	}
	kernels.AddBias(dst.data, b.data)
	return dst
}

// AddTrailingSums adds into dst the sum of x's blocks of dst.Len()
// consecutive elements (its leading dimensions summed away): the gradient
// of the b of AddTrailing.
func AddTrailingSums(dst, x *Tensor) *Tensor {
	mustTrailing("AddTrailingSums", x, dst)
	kernels.AddColSums(dst.data, x.data)
	return dst
}

// mustTrailing panics unless b's shape, without leading 1s, is the tail
// of x's shape.
func mustTrailing(op string, x, b *Tensor) {
	bs := b.shape
	for len(bs) > 0 && bs[0] == 1 {
		bs = bs[1:]
	}
	if len(bs) > len(x.shape) || !sameShape(bs, x.shape[len(x.shape)-len(bs):]) || b.Len() == 0 {
		panic(fmt.Sprintf("tensor: %s: shape mismatch: %v with trailing %v", op, x.shape, b.shape))
	}
}
