//go:build !(amd64 || arm64) || purego || !gc

package kernels

// Without assembly the SIMD passes are the Go ones; fusedSIMD is false,
// so they are never called.

func lnRowsSIMD(dst, x, w, b []float32, cols int, eps float32, mean, rstd []float32) {
	lnRowsGo(dst, x, w, b, cols, eps, mean, rstd)
}
func lnBackRowsSIMD(dx, dw, db, dy, x, w, mean, rstd []float32) {
	lnBackRowsGo(dx, dw, db, dy, x, w, len(w), mean, rstd)
}
func lstmSIMD(g, cPrev, c, tc, h []float32, rows, hs int) { lstmGo(g, cPrev, c, tc, h, rows, hs, 0) }
func lstmBackSIMD(da, dc, dh, g, cPrev, tc []float32, rows, hs int) {
	lstmBackGo(da, dc, dh, g, cPrev, tc, rows, hs, 0)
}
func gruSIMD(g, gh, hPrev, h []float32, rows, hs int) { gruGo(g, gh, hPrev, h, rows, hs, 0) }
func gruBackSIMD(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs int) {
	gruBackGo(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs, 0)
}
