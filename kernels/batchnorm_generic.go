//go:build !amd64 || purego || !gc

package kernels

// bnHasAsm: the batch normalisation passes have no assembly here (the Go
// passes serve arm64 as well); the SIMD entries are never called.
const bnHasAsm = false

func bnStatsSIMD(x []float32, n, inner, stride int) (mean, ssd float64) {
	return bnStatsGo(x, n, inner, stride)
}

func bnForwardSIMD(y, xhat, x []float32, n, inner, stride int, mean, inv float64, w, b float32) {
	bnForwardGo(y, xhat, x, n, inner, stride, mean, inv, w, b)
}

func bnBackSumsSIMD(dy, xhat []float32, n, inner, stride int) (sumDy, sumDyH float64) {
	return bnBackSumsGo(dy, xhat, n, inner, stride)
}

func bnDxSIMD(dx, dy, xhat []float32, n, inner, stride int, k, meanDy, meanDyH float32, train bool) {
	if train {
		bnDxGo(dx, dy, xhat, n, inner, stride, k, meanDy, meanDyH)
		return
	}
	bnScaleGo(dx, dy, n, inner, stride, k)
}
