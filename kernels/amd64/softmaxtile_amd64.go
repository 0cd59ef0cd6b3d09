//go:build amd64 && gc && !purego

package amd64

// SoftmaxTile16 replaces each of rows rows of x (ld elements apart, cols
// <= 16 wide) by its softmax, e^(x[j]-m)/Σe^(x[k]-m) with m the row's
// maximum. With causal != 0, row i is the softmax of its first i+1
// entries and the rest of it is set to 0. The exponential is kernels'
// exp32 (the AVX2 EXP of exp_amd64.h on 16 lanes), the sum a butterfly
// over lanes 8, 4, 2 and 1 apart, and the result e·(1/sum). It needs
// AVX512F; nothing is checked.
//
//go:noescape
func SoftmaxTile16(x []float32, rows, cols, ld, causal int)

// SoftmaxTileBackward16 replaces dp, the gradient of the softmax rows p
// (same shape, stride and causal rule as SoftmaxTile16), by the gradient
// of their scores, p ⊙ (dp - Σ dp·p), the products summed by the same
// butterfly; entries outside a causal row become 0. It needs AVX512F;
// nothing is checked.
//
//go:noescape
func SoftmaxTileBackward16(dp, p []float32, rows, cols, ld, causal int)
