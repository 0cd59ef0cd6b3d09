//go:build amd64 && gc && !purego

package amd64

// Sgemm8x32Strided is Sgemm14x32Strided for an 8 x 32 tile: c must hold
// 7*ldc+32 elements. Each element gets the same instructions in the same
// order as in Sgemm14x32Strided and Sgemm14x32, so the GEMM can compute the
// last rows of a matrix with it, without padding them to 14, and get the
// same bits. A non-empty bias (32 floats) is added to every row as it is
// stored, with the rounding of AddBias after the store. It needs
// AVX512F; nothing is checked.
//
//go:noescape
func Sgemm8x32Strided(k int, a []float32, rsa, csa int, b []float32, rsb int, c []float32, ldc int, alpha, beta float32, bias []float32)
