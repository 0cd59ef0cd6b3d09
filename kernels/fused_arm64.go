//go:build arm64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/arm64"
	"golang.org/x/sys/cpu"
)

func init() { fusedAsm = cpu.ARM64.HasASIMD }

// The LayerNorm kernels run whole rows, many rows a call; the gate
// passes' assembly handles whole groups of four columns and the Go passes
// finish each row from there.

func lnRowsSIMD(dst, x, w, b []float32, cols int, eps float32, mean, rstd []float32) {
	for i := 0; i < len(mean); i++ {
		lo := i * cols
		i += arm64.LNRows(dst[lo:], x[lo:], w, b, mean[i:], rstd[i:], eps)
		if i < len(mean) { // row i's float32 sums are not finite
			lo, hi := i*cols, (i+1)*cols
			lnRowGo(dst[lo:hi], x[lo:hi], w, b, eps, &mean[i], &rstd[i])
		}
	}
}

func lnBackRowsSIMD(dx, dw, db, dy, x, w, mean, rstd []float32) {
	arm64.LNBackRows(dx, dw, db, dy, x, w, mean, rstd)
}

func lstmSIMD(g, cPrev, c, tc, h []float32, rows, hs int) {
	arm64.LSTMGates(g, cPrev, c, tc, h, rows, hs, hs&^3)
	lstmGo(g, cPrev, c, tc, h, rows, hs, hs&^3)
}

func lstmBackSIMD(da, dc, dh, g, cPrev, tc []float32, rows, hs int) {
	arm64.LSTMGatesBack(da, dc, dh, g, cPrev, tc, rows, hs, hs&^3)
	lstmBackGo(da, dc, dh, g, cPrev, tc, rows, hs, hs&^3)
}

func gruSIMD(g, gh, hPrev, h []float32, rows, hs int) {
	arm64.GRUGates(g, gh, hPrev, h, rows, hs, hs&^3)
	gruGo(g, gh, hPrev, h, rows, hs, hs&^3)
}

func gruBackSIMD(dg, dgh, dhPrev, dh, g, gh, hPrev []float32, rows, hs int) {
	arm64.GRUGatesBack(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs, hs&^3)
	gruBackGo(dg, dgh, dhPrev, dh, g, gh, hPrev, rows, hs, hs&^3)
}
