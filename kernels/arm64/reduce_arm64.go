//go:build arm64 && gc && !purego

package arm64

// MaxNoNaN returns the largest non-NaN element of x, or -Inf if there is
// none (x empty or all NaN). When the largest value is zero its sign is
// unspecified: the caller resolves ±0 and all-NaN cases (see
// kernels.maxVia).
//
//go:noescape
func MaxNoNaN(x []float32) float32

// ArgMax returns the index of the first element equal to the largest
// non-NaN element of x, or 0 if x is empty or all NaN. This is exactly the
// Go reference: a strict > scan that NaNs never win.
//
//go:noescape
func ArgMax(x []float32) int
