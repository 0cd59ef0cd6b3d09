//go:build amd64 && gc && !purego

package kernels

import "github.com/corten-ml/corten/kernels/amd64"

// dots6x4AVX2 is Dots6x4 as two blocks of three rows: AVX2 has sixteen
// registers, enough for twelve accumulators but not 24.
func dots6x4AVX2(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32) {
	amd64.Dots3x4(a, lda, b, o0, o1, o2, o3, n, c)
	if n > 0 { // else a may not reach row 3
		a = a[3*lda:]
	}
	amd64.Dots3x4(a, lda, b, o0, o1, o2, o3, n, c[12:])
}
