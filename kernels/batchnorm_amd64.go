//go:build amd64 && gc && !purego

package kernels

import "github.com/corten-ml/corten/kernels/amd64"

// bnHasAsm: the batch normalisation passes have AVX2 and AVX-512
// assembly, the latter where the gate passes run theirs (fusedWide).
const bnHasAsm = true

func bnStatsSIMD(x []float32, n, inner, stride int) (mean, ssd float64) {
	if fusedWide {
		return amd64.BNStats512(x, n, inner, stride)
	}
	return amd64.BNStats(x, n, inner, stride)
}

func bnForwardSIMD(y, xhat, x []float32, n, inner, stride int, mean, inv float64, w, b float32) {
	if fusedWide {
		amd64.BNForward512(y, xhat, x, n, inner, stride, mean, inv, w, b)
		return
	}
	amd64.BNForward(y, xhat, x, n, inner, stride, mean, inv, w, b)
}

func bnBackSumsSIMD(dy, xhat []float32, n, inner, stride int) (sumDy, sumDyH float64) {
	if fusedWide {
		return amd64.BNBackSums512(dy, xhat, n, inner, stride)
	}
	return amd64.BNBackSums(dy, xhat, n, inner, stride)
}

func bnDxSIMD(dx, dy, xhat []float32, n, inner, stride int, k, meanDy, meanDyH float32, train bool) {
	if fusedWide {
		amd64.BNDx512(dx, dy, xhat, n, inner, stride, k, meanDy, meanDyH, train)
		return
	}
	amd64.BNDx(dx, dy, xhat, n, inner, stride, k, meanDy, meanDyH, train)
}
