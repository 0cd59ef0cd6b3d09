//go:build amd64 && gc && !purego

package amd64

// ConvTile6x16 computes the 6 x 16 tile
//
//	c[t*ldc+j] = Σ_k a[ta[k]+t] · b[tb[k]+j],  t < 6, j < 16, k < len(ta)
//
// in twelve ymm accumulators, overwriting c. len(tb) >= len(ta); every
// read and write must be in bounds (package kernels checks).
//
//go:noescape
func ConvTile6x16(ta, tb []int32, a, b, c []float32, ldc int)
