//go:build !(amd64 || arm64) || purego || !gc

package kernels

// Without assembly the SIMD passes are the Go ones; fusedSIMD is false,
// so they are never called.

func lnSumSIMD(acc *[16]float32, x []float32) { lnSumGo(acc, x, 0) }
func lnCenteredSIMD(s, q *[16]float32, x []float32, m float32) {
	lnCenteredGo(s, q, x, m, 0)
}
func lnNormSIMD(dst, x, w, b []float32, m, r float32) { lnNormGo(dst, x, w, b, m, r, 0) }
func lnBackSumsSIMD(sg, sgx *[16]float32, db, dw, dy, x, w []float32, m, r float32) {
	lnBackSumsGo(sg, sgx, db, dw, dy, x, w, m, r, 0)
}
func lnBackDxSIMD(dx, dy, x, w []float32, m, r, gm, gxm float32) {
	lnBackDxGo(dx, dy, x, w, m, r, gm, gxm, 0)
}
func lstmSIMD(g, cPrev, c, tc, h []float32, rows, hs int) { lstmGo(g, cPrev, c, tc, h, rows, hs, 0) }
func lstmBackSIMD(da, dc, dh, g, cPrev, tc []float32, rows, hs int) {
	lstmBackGo(da, dc, dh, g, cPrev, tc, rows, hs, 0)
}
func gruSIMD(g, gh, hPrev, h []float32, rows, hs int) { gruGo(g, gh, hPrev, h, rows, hs, 0) }
func gruBackSIMD(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs int) {
	gruBackGo(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs, 0)
}
