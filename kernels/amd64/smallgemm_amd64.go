//go:build amd64 && gc && !purego

package amd64

// SmallGemm16 computes, for a product at most 16 columns wide,
//
//	C[i][j] = alpha * sum_p A(i, p)*B(p, j),  i < m, j in mask, p < k,
//
// summing p in increasing order from zero with one FMA per step (the
// arithmetic of the GEMM micro-kernels with beta == 0). Element (i, p) of
// A is a[i*rsa+p*csa], element (p, j) of B is b[p*rsb+j] and element
// (i, j) of C is c[i*ldc+j]. Bit j of mask selects column j; columns
// outside it are neither read from B nor written to C, so mask must be
// 1<<n - 1 for n columns. m >= 0, k >= 1. It needs AVX512F; nothing is
// checked.
//
//go:noescape
func SmallGemm16(m, k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha float32, mask int)
