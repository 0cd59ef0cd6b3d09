//go:build amd64 && gc && !purego

package amd64

// The AVX-512 variants of the GELU kernels, as in exp512_amd64.go: the
// steps of the AVX2 ones on sixteen lanes (the exact GELU ones on two
// groups of sixteen at once, interleaved), any length, AVX512F needed and
// not checked; dst (dx) may alias x and dy.

// GELU512 computes dst = x·Φ(x) over len(dst) elements.
//
//go:noescape
func GELU512(dst, x []float32)

// GELUBack512 computes dx = dy·GELU'(x) over len(dx) elements.
//
//go:noescape
func GELUBack512(dx, dy, x []float32)

// GELUGrad512 computes dst = x·Φ(x) and grad = GELU'(x) over len(dst)
// elements; dst or grad may alias x, not each other.
//
//go:noescape
func GELUGrad512(dst, grad, x []float32)

// GELUTanh512 computes the tanh approximation of GELU over len(dst)
// elements.
//
//go:noescape
func GELUTanh512(dst, x []float32)

// GELUTanhBack512 computes dx = dy·GELUTanh'(x) over len(dx) elements.
//
//go:noescape
func GELUTanhBack512(dx, dy, x []float32)

// GELUTanhGrad512 computes dst = GELUTanh(x) and grad = GELUTanh'(x) over
// len(dst) elements; dst or grad may alias x, not each other.
//
//go:noescape
func GELUTanhGrad512(dst, grad, x []float32)
