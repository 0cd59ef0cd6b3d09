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
	g := gemmShape("MatMul", dst, transA, transB, a, b)
	kernels.Sgemm(transA, transB, g.m, g.n, g.k, alpha, a.data, g.lda, b.data, g.ldb, beta, g.dst.data, max(g.n, 1))
	return g.dst
}

// GemmBias is Gemm followed by AddBias(dst, dst, bias), with the same
// bits, in one pass over dst where the kernels can add the bias as they
// store it (a dense layer's forward pass, x·Wᵀ + b). bias must hold one
// value per column of the result.
func GemmBias(dst *Tensor, transA, transB bool, alpha float32, a, b *Tensor, beta float32, bias *Tensor) *Tensor {
	g := gemmShape("GemmBias", dst, transA, transB, a, b)
	if bias.Len() != g.n {
		panic(fmt.Sprintf("tensor: GemmBias: shape mismatch: bias %v for %d columns (%v%s x %v%s)", bias.shape, g.n, a.shape, tmark(transA), b.shape, tmark(transB)))
	}
	kernels.SgemmBias(transA, transB, g.m, g.n, g.k, alpha, a.data, g.lda, b.data, g.ldb, beta, bias.data, g.dst.data, max(g.n, 1))
	return g.dst
}

// gemmDims are the sizes and strides of a Gemm and its destination.
type gemmDims struct {
	m, n, k, lda, ldb int
	dst               *Tensor
}

// gemmShape checks the operands of Gemm (op names the caller in panics)
// and returns its sizes and destination, allocating a zeroed [m, n] when
// dst is nil.
func gemmShape(op string, dst *Tensor, transA, transB bool, a, b *Tensor) gemmDims {
	if a.Dims() < 2 || b.Dims() < 2 {
		panic(fmt.Sprintf("tensor: %s: need matrices, got shapes %v and %v", op, a.shape, b.shape))
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
		panic(fmt.Sprintf("tensor: %s: shape mismatch: %v%s x %v%s", op, a.shape, tmark(transA), b.shape, tmark(transB)))
	}
	if dst == nil {
		dst = New(m, n)
	} else if dr, dc := dst.rowsCols(); dst.Dims() < 2 || dr != m || dc != n {
		panic(fmt.Sprintf("tensor: %s: destination shape %v, want [%d %d] for %v%s x %v%s", op, dst.shape, m, n, a.shape, tmark(transA), b.shape, tmark(transB)))
	}
	return gemmDims{m: m, n: n, k: k, lda: max(ac, 1), ldb: max(bc, 1), dst: dst}
}

func tmark(t bool) string {
	if t {
		return "ᵀ"
	}
	return ""
}
