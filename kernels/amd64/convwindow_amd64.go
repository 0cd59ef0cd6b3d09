//go:build amd64 && gc && !purego

package amd64

// ConvWindow5x5 computes the block
//
//	c[(i*ldc+j)*16+l] = init[l] + Σ_k a[ta[k] + i*lda + j] · b[tb[k]+l],  i, j < 5, l < 16, k < len(ta)
//
// in 25 zmm accumulators (init zero where it is nil), overwriting those
// elements of c. It needs AVX-512F. len(tb) >= len(ta), len(init) is 0 or
// 16; every read and write must be in bounds (package kernels checks).
//
//go:noescape
func ConvWindow5x5(ta, tb []int32, a []float32, lda int, b, c []float32, ldc int, init []float32)
