//go:build !amd64 || purego || !gc

package kernels

// smallGemm reports that there is no small-product kernel here:
// SgemmSmall runs on SgemmSerial.
func smallGemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) bool {
	return false
}

// smallAsmAvailable reports that the AVX-512 small kernels do not run here.
func smallAsmAvailable() bool { return false }
