//go:build arm64 && gc && !purego

package arm64

// AddBias adds bias to every row of the row-major matrix x, whose rows are
// len(bias) long: x[i*n+j] += bias[j]. len(x) must be a multiple of
// len(bias); an empty bias does nothing.
//
//go:noescape
func AddBias(x, bias []float32)

// AddColSums adds the column sums of the row-major matrix x, whose rows are
// len(dst) long, into dst. Each column is summed top to bottom starting
// from dst[j], the order of the Go reference, so results match it exactly.
//
//go:noescape
func AddColSums(dst, x []float32)
