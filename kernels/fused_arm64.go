//go:build arm64 && gc && !purego

package kernels

import (
	"github.com/corten-ml/corten/kernels/arm64"
	"golang.org/x/sys/cpu"
)

func init() { fusedAsm = cpu.ARM64.HasASIMD }

// The assembly handles whole groups of four elements (or columns); the
// Go passes finish each row from there.

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
