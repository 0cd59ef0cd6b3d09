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

// SgemmBias is Sgemm followed by adding bias[j] to every element of
// column j of C (AddBias on each row of the m x n result), with the same
// bits; where the micro-kernel can (AVX-512), the bias is added as each
// tile of C is stored, sparing a pass over C. len(bias) must be n.
func SgemmBias(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, bias, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	checkBias("SgemmBias", n, bias)
	gemmBias(parallel.Threads(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, bias, c, ldc)
}

// SgemmBiasSerial is SgemmBias computed entirely on the calling
// goroutine, as SgemmSerial is Sgemm.
func SgemmBiasSerial(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, bias, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	checkBias("SgemmBiasSerial", n, bias)
	gemmBias(1, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, bias, c, ldc)
}

func checkBias(op string, n int, bias []float32) {
	if len(bias) != n {
		panic(fmt.Sprintf("kernels: %s: bias of %d values for %d columns", op, len(bias), n))
	}
}

// gemmBias is SgemmBias's work on up to threads workers: the blocked GEMM
// with the bias in its stores when the kernel for the shape adds it
// (mk.panel) and the orientation is not flipped, else the GEMM and then
// the bias on each row.
func gemmBias(threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, bias, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, beta, c, ldc)
		addBiasRows(threads, m, n, bias, c, ldc)
		return
	}
	mk := active.Load().gemmKernel
	if fk := mk.forShape(m, n); fk.panel != nil && !gemmFlip(mk, transA, m, n, k, beta) {
		gemmBlockedBias(fk, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias)
		return
	}
	gemm(threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	addBiasRows(threads, m, n, bias, c, ldc)
}

// addBiasRows adds bias to the m rows of n values of C, ldc apart, with
// AddBias's kernel, split between threads only when more than one.
func addBiasRows(threads, m, n int, bias, c []float32, ldc int) {
	add := active.Load().addBias
	if ldc == n {
		if threads > 1 {
			AddBias(c[:m*n], bias)
		} else {
			add(c[:m*n], bias)
		}
		return
	}
	for i := 0; i < m; i++ {
		add(c[i*ldc:i*ldc+n], bias)
	}
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
