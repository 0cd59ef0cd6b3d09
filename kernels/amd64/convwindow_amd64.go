//go:build amd64 && gc && !purego

package amd64

// ConvWindow5x5 computes the block
//
//	c[(i*5+j)*16+l] = Σ_k a[ta[k] + i*lda + j] · b[tb[k]+l],  i, j < 5, l < 16, k < len(ta)
//
// in 25 zmm accumulators, overwriting c[:400]. It needs AVX-512F.
// len(tb) >= len(ta); every read and write must be in bounds (package
// kernels checks).
//
//go:noescape
func ConvWindow5x5(ta, tb []int32, a []float32, lda int, b, c []float32)
