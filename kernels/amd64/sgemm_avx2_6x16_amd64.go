//go:build amd64 && gc && !purego

package amd64

// Sgemm6x16 is the AVX2/FMA GEMM micro-kernel. For the 6 x 16 tile of C
// whose top-left element is c[0] (rows ldc elements apart) it computes
//
//	C[i][j] = alpha * sum_p a[6p+i]*b[16p+j] + beta*C[i][j],  p < k,
//
// summing p in increasing order; with beta == 0 (either sign) it does not
// read C. a and b are packed slivers of at least 6k and 16k elements, k >= 1,
// and c must hold 5*ldc+16 elements. It also prefetches up to k*16 bytes
// from next into L2, for the caller's next call. None of this is checked.
//
//go:noescape
func Sgemm6x16(k int, a, b, c []float32, ldc int, alpha, beta float32, next *float32)

// Sgemm6x16Strided is Sgemm6x16 reading A and B in place: element (i, p)
// of A is a[i*rsa+p*csa] and element (p, j) of B is b[p*rsb+j]. It lets
// small GEMMs skip packing. Nothing is checked.
//
//go:noescape
func Sgemm6x16Strided(k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32)
