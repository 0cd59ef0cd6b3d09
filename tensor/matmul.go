package tensor

import (
	"fmt"

	"github.com/corten-ml/corten/kernels"
)

// MatMul computes dst = a·b for matrices a [m, k] and b [k, n] on the
// packed SIMD GEMM. A nil dst allocates [m, n].
func MatMul(dst, a, b *Tensor) *Tensor {
	return Gemm(dst, false, false, 1, a, b, 0)
}

// Gemm computes dst = alpha·op(a)·op(b) + beta·dst, where op transposes its
// matrix when the flag is set: the general form behind MatMul that dense
// layers use for their backward pass (x^T·dy, dy·W^T) and for accumulating
// gradients (beta = 1). A nil dst allocates a zeroed [m, n] (beta is then
// irrelevant).
//
// Operands of rank 3 or more are read as the matrix of their last axis
// (see Matrix), so a dense layer applies to a batch of sequences [N, T, F]
// as to [N·T, F]; a given dst then needs only the right row and column
// counts, and keeps its shape.
func Gemm(dst *Tensor, transA, transB bool, alpha float32, a, b *Tensor, beta float32) *Tensor {
	if a.Dims() < 2 || b.Dims() < 2 {
		panic(fmt.Sprintf("tensor: MatMul: need matrices, got shapes %v and %v", a.shape, b.shape))
	}
	ar, ac := a.rowsCols()
	br, bc := b.rowsCols()
	m, k := ar, ac
	if transA {
		m, k = k, m
	}
	kb, n := br, bc
	if transB {
		kb, n = n, kb
	}
	if k != kb {
		panic(fmt.Sprintf("tensor: MatMul: shape mismatch: %v%s x %v%s", a.shape, tmark(transA), b.shape, tmark(transB)))
	}
	if dst == nil {
		dst = New(m, n)
	} else if dr, dc := dst.rowsCols(); dst.Dims() < 2 || dr != m || dc != n {
		panic(fmt.Sprintf("tensor: MatMul: destination shape %v, want [%d %d] for %v%s x %v%s", dst.shape, m, n, a.shape, tmark(transA), b.shape, tmark(transB)))
	}
	kernels.Sgemm(transA, transB, m, n, k, alpha, a.data, max(ac, 1), b.data, max(bc, 1), beta, dst.data, max(n, 1))
	return dst
}

func tmark(t bool) string {
	if t {
		return "ᵀ"
	}
	return ""
}
