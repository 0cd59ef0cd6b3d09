//go:build arm64 && gc && !purego

package arm64

// Dot returns the inner product of x and y over len(x) elements; len(y) >=
// len(x). It sums in four 4-lane accumulators with FMA, so the result
// differs in rounding from a sequential sum.
//
//go:noescape
func Dot(x, y []float32) float32
