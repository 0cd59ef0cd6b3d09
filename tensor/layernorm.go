package tensor

import (
	"fmt"

	"github.com/corten-ml/corten/kernels"
)

// LayerNormRows normalises each row of x (its last axis) and applies the
// affine map of PyTorch's nn.LayerNorm:
//
//	dst = (x - mean)·rstd·weight + bias,  rstd = 1/sqrt(var + eps)
//
// with the biased variance of the row. mean and rstd, one entry per row,
// receive the statistics that LayerNormRowsBackward needs, so the backward
// pass does not recompute them. dst may be x; a nil dst is allocated.
//
// It runs kernels.LayerNormRows, whose comment states how the statistics
// are summed and its error bound. The statistics are kept in float32, as
// the backward pass reads them: for a row far from zero the mean's
// rounding adds up to ulp(mean)/2·rstd·|weight| to the outputs, about what
// the rounding of its inputs already costs.
func LayerNormRows(dst, x, weight, bias *Tensor, eps float32, mean, rstd []float32) *Tensor {
	rows, cols := x.rowsCols()
	if x.Dims() == 0 || weight.Len() != cols || bias.Len() != cols {
		panic(fmt.Sprintf("tensor: LayerNormRows: shape mismatch: %v with weight %v and bias %v", x.shape, weight.shape, bias.shape))
	}
	if len(mean) != rows || len(rstd) != rows {
		panic(fmt.Sprintf("tensor: LayerNormRows: %d means and %d rstds for shape %v", len(mean), len(rstd), x.shape))
	}
	dst = dstLike("LayerNormRows", dst, x)
	kernels.LayerNormRows(dst.data, x.data, weight.data, bias.data, cols, eps, mean, rstd)
	return dst
}

// LayerNormRowsBackward is the backward pass of LayerNormRows for the
// input x, the weight and the statistics mean and rstd that the forward
// pass recorded. It adds the parameter gradients into dweight (Σ over rows
// of dy·x̂, with x̂ = (x - mean)·rstd) and dbias (Σ dy), and writes
//
//	dx = rstd·(g - mean(g) - x̂·mean(g·x̂)),  g = dy·weight
//
// row by row (kernels.LayerNormRowsBackward): the normalisation's
// Jacobian applied to g without forming it. A nil dx is allocated; dx may
// be dy.
func LayerNormRowsBackward(dx, dweight, dbias, dy, x, weight *Tensor, mean, rstd []float32) *Tensor {
	mustSame("LayerNormRowsBackward", dy, x)
	rows, cols := x.rowsCols()
	if x.Dims() == 0 || weight.Len() != cols || dweight.Len() != cols || dbias.Len() != cols {
		panic(fmt.Sprintf("tensor: LayerNormRowsBackward: shape mismatch: %v with weight %v, dweight %v, dbias %v", x.shape, weight.shape, dweight.shape, dbias.shape))
	}
	if len(mean) != rows || len(rstd) != rows {
		panic(fmt.Sprintf("tensor: LayerNormRowsBackward: %d means and %d rstds for shape %v", len(mean), len(rstd), x.shape))
	}
	dx = dstLike("LayerNormRowsBackward", dx, x)
	kernels.LayerNormRowsBackward(dx.data, dweight.data, dbias.data, dy.data, x.data, weight.data, cols, mean, rstd)
	return dx
}
