//go:build arm64 && gc && !purego

package arm64

// The vector passes of package kernels' LayerNormRows and
// LayerNormRowsBackward. Each handles len(x) rounded down to a multiple
// of 4 elements; the caller finishes the row. Element j goes to lane j%16
// of the sixteen-lane sums (four vectors of four).

// LNSum adds x[j] into acc[j%16].
//
//go:noescape
func LNSum(acc *[16]float32, x []float32)

// LNCentered adds d = x[j]-m into s[j%16] and d² (fused) into q[j%16].
//
//go:noescape
func LNCentered(s, q *[16]float32, x []float32, m float32)

// LNNorm writes dst = fma((x-m)·r, w, b) over len(dst).
//
//go:noescape
func LNNorm(dst, x, w, b []float32, m, r float32)

// LNBackSums, with x̂ = (x-m)·r and g = dy·w, adds g into sg[j%16], g·x̂
// (fused) into sgx[j%16], dy into db and dy·x̂ (fused) into dw, over
// len(dy).
//
//go:noescape
func LNBackSums(sg, sgx *[16]float32, db, dw, dy, x, w []float32, m, r float32)

// LNBackDx writes dx = fma(-x̂, gxm, g-gm)·r over len(dx).
//
//go:noescape
func LNBackDx(dx, dy, x, w []float32, m, r, gm, gxm float32)
