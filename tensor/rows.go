package tensor

import (
	"fmt"
	"math"

	"github.com/corten-ml/corten/kernels"
)

// Row-wise operations treat a tensor as the matrix of its last axis (see
// Matrix): each row is one sample, one token or one time step.

// SoftmaxRows writes the softmax of each row of x, e^x / Σ e^x over the
// last axis, into dst (which may be x). The row maximum is subtracted
// first, so no e^x overflows. If logSumExp is not nil it must have one
// entry per row and receives log Σ e^x of each row, the normaliser a
// cross-entropy loss needs, without a log of an underflowed probability.
func SoftmaxRows(dst, x *Tensor, logSumExp []float64) *Tensor {
	dst = dstLike("SoftmaxRows", dst, x)
	rows, cols := x.rowsCols()
	if logSumExp != nil && len(logSumExp) != rows {
		panic(fmt.Sprintf("tensor: SoftmaxRows: %d log-sum-exp slots for shape %v", len(logSumExp), x.shape))
	}
	if cols == 0 {
		return dst
	}
	if logSumExp == nil {
		kernels.SoftmaxRows(dst.data, x.data, cols)
		return dst
	}
	for i := 0; i < rows; i++ {
		row, out := x.data[i*cols:(i+1)*cols], dst.data[i*cols:(i+1)*cols]
		m := kernels.Max(row)
		for j, v := range row {
			out[j] = v - m
		}
		kernels.Exp(out, out)
		var sum float64
		for _, v := range out {
			sum += float64(v)
		}
		kernels.Scale(float32(1/sum), out)
		if logSumExp != nil {
			logSumExp[i] = float64(m) + math.Log(sum)
		}
	}
	return dst
}

// SoftmaxRowsBackward computes dst = y ⊙ (dy - Σ dy·y) row by row, the
// gradient through a row-wise softmax whose output was y: the Jacobian of
// softmax is diag(y) - y·yᵀ, and this is its product with dy.
func SoftmaxRowsBackward(dst, dy, y *Tensor) *Tensor {
	mustSame("SoftmaxRowsBackward", dy, y)
	dst = dstLike("SoftmaxRowsBackward", dst, dy)
	rows, cols := y.rowsCols()
	for i := 0; i < rows; i++ {
		lo, hi := i*cols, (i+1)*cols
		dot := kernels.Dot(dy.data[lo:hi], y.data[lo:hi])
		for j := lo; j < hi; j++ {
			dst.data[j] = y.data[j] * (dy.data[j] - dot)
		}
	}
	return dst
}

// ArgMaxRows writes the index of the largest element of each row of x
// (the last dimension being the columns) into dst, which must have one
// entry per row, and returns dst. A nil dst is allocated.
func ArgMaxRows(dst []int, x *Tensor) []int {
	rows, cols := x.rowsCols()
	if dst == nil {
		dst = make([]int, rows)
	}
	if len(dst) != rows || cols == 0 {
		panic(fmt.Sprintf("tensor: ArgMaxRows: %d destinations for shape %v", len(dst), x.shape))
	}
	for i := range dst {
		dst[i] = kernels.ArgMax(x.data[i*cols : (i+1)*cols])
	}
	return dst
}
