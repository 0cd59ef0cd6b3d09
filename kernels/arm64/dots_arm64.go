//go:build arm64 && gc && !purego

package arm64

// Dots6x4 computes the 24 dot products
//
//	c[r*4+t] = Σ_{i<n} a[r*lda+i] · b[ot+i],  r < 6, t < 4, ot = o0..o3
//
// in 24 four-lane accumulators, 4 elements a step, the last n mod 4 added
// after the lanes are summed, overwriting c[:24]. Every read and write must
// be in bounds (package kernels checks).
//
//go:noescape
func Dots6x4(a []float32, lda int, b []float32, o0, o1, o2, o3, n int, c []float32)
