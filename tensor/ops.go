package tensor

import (
	"fmt"

	"github.com/corten-ml/corten/kernels"
)

// Add computes dst = a + b elementwise; the shapes must match.
func Add(dst, a, b *Tensor) *Tensor {
	mustSame("Add", a, b)
	dst = dstLike("Add", dst, a)
	kernels.Add(dst.data, a.data, b.data)
	return dst
}

// Sub computes dst = a - b elementwise; the shapes must match.
func Sub(dst, a, b *Tensor) *Tensor {
	mustSame("Sub", a, b)
	dst = dstLike("Sub", dst, a)
	kernels.Sub(dst.data, a.data, b.data)
	return dst
}

// Mul computes dst = a * b elementwise; the shapes must match.
func Mul(dst, a, b *Tensor) *Tensor {
	mustSame("Mul", a, b)
	dst = dstLike("Mul", dst, a)
	kernels.Mul(dst.data, a.data, b.data)
	return dst
}

// Scale computes dst = alpha * x.
func Scale(dst *Tensor, alpha float32, x *Tensor) *Tensor {
	dst = dstLike("Scale", dst, x)
	if dst != x {
		copy(dst.data, x.data)
	}
	kernels.Scale(alpha, dst.data)
	return dst
}

// Axpy computes y += alpha * x in place and returns y.
func Axpy(alpha float32, x, y *Tensor) *Tensor {
	mustSame("Axpy", x, y)
	kernels.Axpy(alpha, x.data, y.data)
	return y
}

// AddBias computes dst = x + bias, adding the vector bias to every row of
// x (its last dimension must equal len(bias)).
func AddBias(dst, x, bias *Tensor) *Tensor {
	_, cols := x.rowsCols()
	if bias.Len() != cols || (x.Dims() == 0) {
		panic(fmt.Sprintf("tensor: AddBias: shape mismatch: %v + bias %v", x.shape, bias.shape))
	}
	dst = dstLike("AddBias", dst, x)
	if dst != x {
		copy(dst.data, x.data)
	}
	kernels.AddBias(dst.data, bias.data)
	return dst
}

// AddColSums adds the column sums of x (summed over all rows, the last
// dimension being the columns) into dst: the bias gradient of a dense
// layer. dst must have as many elements as x has columns.
func AddColSums(dst, x *Tensor) *Tensor {
	_, cols := x.rowsCols()
	if dst.Len() != cols || x.Dims() == 0 {
		panic(fmt.Sprintf("tensor: AddColSums: shape mismatch: %v into %v", x.shape, dst.shape))
	}
	kernels.AddColSums(dst.data, x.data)
	return dst
}

// ReLU computes dst = max(x, 0).
func ReLU(dst, x *Tensor) *Tensor {
	dst = dstLike("ReLU", dst, x)
	kernels.ReLU(dst.data, x.data)
	return dst
}

// ReLUBackward computes dst = dy where x > 0 and 0 elsewhere, the gradient
// through a ReLU whose input (or output) was x.
func ReLUBackward(dst, dy, x *Tensor) *Tensor {
	mustSame("ReLUBackward", dy, x)
	dst = dstLike("ReLUBackward", dst, dy)
	kernels.ReLUBackward(dst.data, dy.data, x.data)
	return dst
}

// Sigmoid computes dst = 1/(1+e^-x).
func Sigmoid(dst, x *Tensor) *Tensor {
	dst = dstLike("Sigmoid", dst, x)
	kernels.Sigmoid(dst.data, x.data)
	return dst
}

// Tanh computes dst = tanh(x).
func Tanh(dst, x *Tensor) *Tensor {
	dst = dstLike("Tanh", dst, x)
	kernels.Tanh(dst.data, x.data)
	return dst
}

// SigmoidBackward computes dst = dy·y·(1-y), the gradient through a
// sigmoid whose output was y.
func SigmoidBackward(dst, dy, y *Tensor) *Tensor {
	mustSame("SigmoidBackward", dy, y)
	dst = dstLike("SigmoidBackward", dst, dy)
	kernels.SigmoidBackward(dst.data, dy.data, y.data)
	return dst
}

// TanhBackward computes dst = dy·(1-y²), the gradient through a tanh whose
// output was y.
func TanhBackward(dst, dy, y *Tensor) *Tensor {
	mustSame("TanhBackward", dy, y)
	dst = dstLike("TanhBackward", dst, dy)
	kernels.TanhBackward(dst.data, dy.data, y.data)
	return dst
}
