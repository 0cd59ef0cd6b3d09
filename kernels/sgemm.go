package kernels

import "fmt"

// Sgemm computes C = alpha*op(A)*op(B) + beta*C for row-major matrices,
// where op(X) is X or, when the trans flag is set, its transpose. op(A) is
// m x k, op(B) is k x n and C is m x n; lda, ldb and ldc are the row strides
// of A, B and C as stored. With beta == 0 the old contents of C are ignored
// (NaNs there do not propagate).
//
// (Placeholder: a correct, simple implementation until the blocked GEMM
// lands.)
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(crow)
		} else if beta != 1 {
			for j := range crow {
				crow[j] *= beta
			}
		}
		if alpha == 0 {
			continue
		}
		for p := 0; p < k; p++ {
			var av float32
			if transA {
				av = a[p*lda+i]
			} else {
				av = a[i*lda+p]
			}
			av *= alpha
			for j := range crow {
				var bv float32
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				crow[j] += av * bv
			}
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
		if rows > 0 && cols > 0 && have < (rows-1)*ld+cols {
			panic(fmt.Sprintf("kernels: Sgemm: %s has %d elements, want at least %d for %dx%d with stride %d", name, have, (rows-1)*ld+cols, rows, cols, ld))
		}
	}
	need("a", ar, ac, lda, len(a))
	need("b", br, bc, ldb, len(b))
	need("c", m, n, ldc, len(c))
}
