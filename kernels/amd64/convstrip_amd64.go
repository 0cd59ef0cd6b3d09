//go:build amd64 && gc && !purego

package amd64

// ConvStrip6x64 computes the 6 x 64 tile
//
//	c[t*ldc+j] = init[t] + Σ_k a[ta[k]+t] · b[tb[k]+j],  t < 6, j < 64, k < len(ta)
//
// in 24 zmm accumulators, overwriting c; init empty (or nil) stands for
// zeros, else it has six values. It needs AVX-512F. len(tb) >=
// len(ta); every read and write must be in bounds (package kernels
// checks).
//
//go:noescape
func ConvStrip6x64(ta, tb []int32, a, b, c []float32, ldc int, init []float32)
