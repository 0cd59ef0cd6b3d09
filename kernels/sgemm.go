package kernels

import (
	"fmt"

	"github.com/corten-ml/corten/parallel"
)

// Sgemm computes C = alpha*op(A)*op(B) + beta*C for row-major matrices,
// where op(X) is X or, when the trans flag is set, its transpose. op(A) is
// m x k, op(B) is k x n and C is m x n; lda, ldb and ldc are the row strides
// of A, B and C as stored. With beta == 0 the old contents of C are ignored
// (NaNs there do not propagate).
//
// It is a blocked, packed GEMM over the active micro-kernel (see gemm.go),
// run on up to parallel.Threads() goroutines. Where A is transposed and C
// has few columns and many rows (a weight gradient over 28 input
// features), so that computing Cᵀ = op(B)ᵀ·op(A)ᵀ fills the micro-kernel's
// register tiles much better, it computes Cᵀ in a buffer and transposes it
// into C (see gemmFlip). The
// choice depends on the shape only: results are bit-identical for every
// thread count. Bad dimensions, strides or short slices panic.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	gemm(parallel.Threads(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// SgemmSerial is Sgemm computed entirely on the calling goroutine, whatever
// parallel.Threads says, for callers that already spread their work over
// goroutines (nn's Conv2D runs chunks of a batch in parallel): nesting the
// GEMM's own workers inside theirs would oversubscribe the processors. The
// result is bit-identical to Sgemm's.
func SgemmSerial(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	gemm(1, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemm runs the blocked GEMM on the active micro-kernel, in the
// orientation gemmFlip picks, with m, n, k >= 1 and alpha != 0.
func gemm(threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	mk := active.Load().gemmKernel
	if gemmFlip(mk, transA, m, n, k, beta) {
		gemmFlipped(mk.forShape(n, m), threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	gemmBlocked(mk.forShape(m, n), threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// scaleC sets C = beta*C, writing zeros when beta == 0 so that NaNs in C do
// not survive.
func scaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(crow)
			continue
		}
		for j := range crow {
			crow[j] *= beta
		}
	}
}

// checkGemm panics with a clear message when the dimensions, strides or
// slice lengths are inconsistent.
func checkGemm(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernels: Sgemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	need := func(name string, rows, cols, ld, have int) {
		if ld < max(cols, 1) {
			panic(fmt.Sprintf("kernels: Sgemm: ld%s = %d < %d columns", name, ld, cols))
		}
		want, ok := span(rows, cols, ld)
		if !ok {
			panic(fmt.Sprintf("kernels: Sgemm: %s of %dx%d with stride %d overflows an int", name, rows, cols, ld))
		}
		if have < want {
			panic(fmt.Sprintf("kernels: Sgemm: %s has %d elements, want at least %d for %dx%d with stride %d", name, have, want, rows, cols, ld))
		}
	}
	need("a", ar, ac, lda, len(a))
	need("b", br, bc, ldb, len(b))
	need("c", m, n, ldc, len(c))
}
