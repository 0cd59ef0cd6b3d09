package kernels

// SgemmSmall computes C = alpha*op(A)*op(B), overwriting C, on the calling
// goroutine: SgemmSerial with beta == 0, for the tiny products of
// attention heads (16 x 16 x 16), where the blocked GEMM's set-up and its
// padded register tiles cost more than the multiply-adds. Arguments are
// as for Sgemm and are checked the same way. The result is bit-identical
// to SgemmSerial's (and so to Sgemm's for any thread count).
//
// Where the CPU has a small-product kernel (AVX-512), products with k up
// to smallMaxK run on it: A is read in place whether transposed or not,
// and a transposed B of at most smallPackMax elements is first
// transposed into a buffer on the stack. Everything else runs on
// SgemmSerial.
func SgemmSmall(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	checkGemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, 0, c, ldc)
		return
	}
	if k <= smallMaxK && (!transB || k*n <= smallPackMax) && active.Load() == simdOps && smallGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc) {
		return
	}
	gemmBlocked(active.Load().gemmKernel.forShape(m, n), 1, transA, transB, m, n, k, alpha, a, lda, b, ldb, 0, c, ldc)
}

// smallMaxK is the longest k the small kernel takes: no GEMM micro-kernel
// blocks k below it (kc >= 256), so the blocked GEMM too sums every
// element in one pass from zero, and the two agree bit for bit.
const smallMaxK = 256

// smallPackMax bounds the transposed B that SgemmSmall copies onto the
// stack (4 KiB).
const smallPackMax = 1024

// smallTileGo is the reference of the small kernel's contract: for
// i < m, j < n,
//
//	C[i][j] = alpha * sum_p A(i, p)*B(p, j),  p < k,
//
// summed in increasing p from zero with one rounding per multiply-add
// (an FMA), with A(i, p) = a[i*rsa+p*csa], B(p, j) = b[p*rsb+j] and
// C[i][j] = c[i*ldc+j].
func smallTileGo(m, n, k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha float32) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var acc float32
			for p := 0; p < k; p++ {
				acc = fma32(a[i*rsa+p*csa], b[p*rsb+j], acc)
			}
			c[i*ldc+j] = alpha * acc
		}
	}
}
