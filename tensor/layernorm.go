package tensor

import (
	"fmt"
	"math"
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
// The sums run in float64 and the variance is taken about the mean (two
// passes over the row), so a row far from zero keeps its variance. The
// statistics are kept in float32, as the backward pass reads them: for
// such a row the mean's rounding adds up to ulp(mean)/2·rstd·|weight| to
// the outputs, about what the rounding of its inputs already costs.
func LayerNormRows(dst, x, weight, bias *Tensor, eps float32, mean, rstd []float32) *Tensor {
	rows, cols := x.rowsCols()
	if x.Dims() == 0 || weight.Len() != cols || bias.Len() != cols {
		panic(fmt.Sprintf("tensor: LayerNormRows: shape mismatch: %v with weight %v and bias %v", x.shape, weight.shape, bias.shape))
	}
	if len(mean) != rows || len(rstd) != rows {
		panic(fmt.Sprintf("tensor: LayerNormRows: %d means and %d rstds for shape %v", len(mean), len(rstd), x.shape))
	}
	dst = dstLike("LayerNormRows", dst, x)
	w, b := weight.data, bias.data
	for i := 0; i < rows; i++ {
		row, out := x.data[i*cols:(i+1)*cols], dst.data[i*cols:(i+1)*cols]
		var sum float64
		for _, v := range row {
			sum += float64(v)
		}
		m := sum / float64(cols)
		var sq float64
		for _, v := range row {
			d := float64(v) - m
			sq += d * d
		}
		r := 1 / math.Sqrt(sq/float64(cols)+float64(eps))
		mean[i], rstd[i] = float32(m), float32(r)
		m32, r32 := float32(m), float32(r)
		for j, v := range row {
			out[j] = (v-m32)*r32*w[j] + b[j]
		}
	}
	return dst
}

// LayerNormRowsBackward is the backward pass of LayerNormRows for the
// input x, the weight and the statistics mean and rstd that the forward
// pass recorded. It adds the parameter gradients into dweight (Σ over rows
// of dy·x̂, with x̂ = (x - mean)·rstd) and dbias (Σ dy), and writes
//
//	dx = rstd·(g - mean(g) - x̂·mean(g·x̂)),  g = dy·weight
//
// row by row: the normalisation's Jacobian applied to g without forming
// it. A nil dx is allocated; dx may be dy.
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
	w, dw, db := weight.data, dweight.data, dbias.data
	for i := 0; i < rows; i++ {
		lo, hi := i*cols, (i+1)*cols
		row, g, out := x.data[lo:hi], dy.data[lo:hi], dx.data[lo:hi]
		m, r := mean[i], rstd[i]
		var gMean, gxMean float64
		for j, v := range row {
			xhat := (v - m) * r
			gj := g[j] * w[j]
			gMean += float64(gj)
			gxMean += float64(gj) * float64(xhat)
			db[j] += g[j]
			dw[j] += g[j] * xhat
		}
		gm, gxm := float32(gMean/float64(cols)), float32(gxMean/float64(cols))
		for j, v := range row {
			xhat := (v - m) * r
			out[j] = r * (g[j]*w[j] - gm - xhat*gxm)
		}
	}
	return dx
}
