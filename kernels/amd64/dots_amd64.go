//go:build amd64 && gc && !purego

package amd64

// Dots6x4 computes the 24 dot products
//
//	c[r*4+t] = Σ_{i<n} a[r*lda+i] · b[ot+i],  r < 6, t < 4, ot = o0..o3
//
// in 24 zmm accumulators, 16 elements a step, the last n mod 16 by masked
// loads, overwriting c[:24]. It needs AVX-512F. Every read and write must
// be in bounds (package kernels checks).
//
//go:noescape
func Dots6x4(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32)

// Dots3x4 is Dots6x4 for three rows of a, with AVX2 and FMA: 12 ymm
// accumulators, 8 elements a step, the last n mod 8 added after the lanes
// are summed. It overwrites c[:12].
//
//go:noescape
func Dots3x4(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32)
