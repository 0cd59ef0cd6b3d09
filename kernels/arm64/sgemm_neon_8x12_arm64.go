//go:build arm64 && gc && !purego

package arm64

// Sgemm8x12 is the NEON GEMM micro-kernel. For the 8 x 12 tile of C whose
// top-left element is c[0] (rows ldc elements apart) it computes
//
//	C[i][j] = alpha * sum_p a[8p+i]*b[12p+j] + beta*C[i][j],  p < k,
//
// summing p in increasing order; with beta == 0 (either sign) it does not
// read C. a and b are packed slivers of at least 8k and 12k elements, k >= 1,
// and c must hold 7*ldc+12 elements: none of this is checked. next, where
// the amd64 kernels prefetch the caller's next B sliver from, is not used:
// it has not been measured on an ARM core.
//
//go:noescape
func Sgemm8x12(k int, a, b, c []float32, ldc int, alpha, beta float32, next *float32)
